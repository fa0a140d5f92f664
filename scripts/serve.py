"""`streamlit run app.py ...` without the one request Streamlit makes to the internet.

When `server.headless` is on (.streamlit/config.toml), Streamlit's start-up banner looks up
this machine's public address at checkip.amazonaws.com to print an "External URL". Offline it
fails after a timeout; online it tells a third party that the dashboard was started. The
dashboard must make no request to other hosts, so the lookup is answered here with "none"
before Streamlit starts (the banner still prints the Local and Network URLs participants
use). `streamlit.net_util._external_ip` is private: tests/core/test_serve.py fails if an
upgrade renames it.

    python scripts/serve.py [streamlit run options]     # what scripts/run does
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def no_external_lookup() -> None:
    from streamlit import net_util

    if not hasattr(net_util, "_external_ip"):
        raise RuntimeError("streamlit.net_util._external_ip is gone: see scripts/serve.py")
    net_util._external_ip = ""  # cached answer: no public address, so no lookup


def main(argv: list[str]) -> int:
    no_external_lookup()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(REPO / "app.py"), *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
