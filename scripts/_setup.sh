# Shared set-up for scripts/run and scripts/test (sourced, not executed).
# Creates .venv with Python 3.11 and installs a requirements file once per content change.

find_python() {
  for candidate in "${PYTHON:-}" python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "error: Python 3.11 is required (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

ensure_venv() {  # ensure_venv <requirements file>
  local req="$1" py stamp
  py=$(find_python) || return 1
  if [ ! -x .venv/bin/python ]; then
    echo "Creating .venv with $py ..."
    "$py" -m venv .venv
  fi
  # Re-install only when the requirement files or the project's own description change.
  stamp=".venv/.installed-$(basename "$req")-$(cat requirements*.txt pyproject.toml | sha256sum | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "Installing $req into .venv (about a minute the first time) ..."
    .venv/bin/python -m pip install --disable-pip-version-check --quiet --upgrade pip
    .venv/bin/python -m pip install --disable-pip-version-check --quiet -r "$req"
    # the project itself, editable (its files stay here): ssw_core imports from anywhere
    .venv/bin/python -m pip install --disable-pip-version-check --quiet --no-deps -e .
    touch "$stamp"
  fi
}

apt_install() {  # apt_install <what it is for> <package>... : Debian's packages, once
  local why="$1" sudo=""
  shift
  echo "Installing Debian's $* ($why) ..."
  if [ "$(id -u)" -ne 0 ]; then
    if sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      echo "error: $* missing and apt needs root. Install with:" >&2
      echo "  sudo apt-get install -y $*" >&2
      return 1
    fi
  fi
  $sudo apt-get update -qq
  # The package's own service is not started (policy-rc.d or no init): we run our own.
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

ensure_chromium() {  # Debian's Chromium for the browser tests; never Playwright's download
  local browser="${SSW_CHROMIUM:-/usr/bin/chromium}"
  if [ -x "$browser" ]; then return 0; fi
  apt_install "the browser tests" chromium chromium-driver
}

ensure_nginx() {  # Debian's nginx, in front of the processes of a room (scripts/room.py)
  if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then return 0; fi
  apt_install "a room of several processes" nginx
}

ensure_iproute2() {  # ip and tc: a participant's network for the room tests (scripts/netns.py)
  if command -v ip >/dev/null 2>&1 && command -v tc >/dev/null 2>&1; then return 0; fi
  apt_install "a participant's network in the room tests" iproute2
}
