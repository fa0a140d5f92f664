"""Serve a room: several Streamlit processes behind Debian's nginx, on one port.

    python -m scripts.room --workers N [--port 8501]     # what `./scripts/run --workers` does
    python -m scripts.room worker --port 8601            # one process, as the room starts it
    python -m scripts.room proxy --upstream app:8501     # nginx alone, for processes elsewhere
    python -m scripts.room assets                        # nginx's files, once (scripts/assets.py)

(from the repository's folder: its processes run its code, wherever the project is installed)

The room (the first form) starts N processes of the dashboard (`scripts/serve.py`) on this
computer's loopback only, so nobody reaches them except through nginx; waits until each
answers and has run a page once (concurrent first sessions on a cold process can fail while
its modules load); then starts nginx with `deploy/nginx.conf` on the public port. A process
that stops is started again; Ctrl-C (or SIGTERM) stops nginx and every process. The other two
forms are the halves of the same thing, for compose.yaml: the same process, the same nginx
configuration, on separate containers.

Uploads and presentations go to one folder (`SSW_USER_DATA_DIR`) that every process reads;
its writers are safe together (ssw_core.userstore, ssw_core.deck).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import ctypes
import grp
import json
import os
import pwd
import resource
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from scripts import assets
from ssw_core import serving
from ssw_core.access import PROXY_TOKEN_ENV, VIA_HEADER

REPO = Path(__file__).resolve().parent.parent

NGINX_CONF = REPO / "deploy" / "nginx.conf"
STATIC = REPO / "deploy"
TOKEN_ENV = PROXY_TOKEN_ENV
"""The secret nginx sends to the processes on every request (ssw_core.access): given, or
made at start (then the room's own processes get it)."""
CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self'",
        "frame-ancestors 'self'",
        "form-action 'self'",
        "base-uri 'self'",
        "object-src 'none'",
    ]
)
"""The content security policy nginx sends: nothing from another host (the offline rule)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lan_address() -> str | None:
    """This computer's address on the room's network (no packet is sent)."""
    return serving.lan_address()


def _has_ipv6(host: str) -> bool:
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind((host, 0))
        return True
    except OSError:
        return False


def listen_lines(address: str, port: int) -> list[str]:
    """nginx `listen` lines for a room at `address`: 0.0.0.0 is every address, IPv6 too;
    127.0.0.1 (or localhost) is this computer, by http://[::1] too; any other, itself."""
    if address in ("0.0.0.0", "", "::", "*"):
        extra = [f"listen [::]:{port} ipv6only=on;"] if _has_ipv6("::") else []
        return [f"listen 0.0.0.0:{port};", *extra]
    if address in ("127.0.0.1", "localhost"):
        extra = [f"listen [::1]:{port};"] if _has_ipv6("::1") else []
        return [f"listen 127.0.0.1:{port};", *extra]
    host = address.strip("[]")
    return [f"listen [{host}]:{port};" if ":" in host else f"listen {host}:{port};"]


def user_line() -> str:
    """nginx's `user` line. Started by root, its workers would be `nobody`, who cannot use a
    run folder made by root (mkdtemp: 0700) nor read a checkout in a folder others cannot
    enter (root's home, CI's clone): uploads then fail (500), the busy page is refused (403)
    and a slow client's large reply is cut short (a blank page). So they run as whoever
    started the room, like every other part of it."""
    if os.geteuid() != 0:
        return "# not started by root: nginx's workers run as this user"
    user = pwd.getpwuid(os.geteuid()).pw_name
    group = grp.getgrgid(os.getegid()).gr_name
    return f"user {user} {group};"


def proxy_token() -> str:
    """The room's token: SSW_PROXY_TOKEN if set (compose gives the proxy and the processes the
    same one), else a new random one (this process's environment keeps it for its workers)."""
    token = os.environ.get(TOKEN_ENV, "").strip()
    if not token:
        token = secrets.token_urlsafe(24)
        os.environ[TOKEN_ENV] = token
    if not token.replace("-", "").replace("_", "").isalnum():
        raise SystemExit(f"{TOKEN_ENV} may hold only letters, digits, '-' and '_'")
    return token


def icon_location(font: assets.IconFont | None) -> str:
    """The location that sends the icon font nginx serves for Streamlit's (scripts/assets.py):
    revalidated on each load (a 304 without a body), since a new icon in the code makes a new
    cut at the same address."""
    if font is None:
        return "# (no icon font in this Streamlit)"
    return (
        f"location = {font.url} {{\n"
        f"            alias {font.file};\n"
        '            add_header Cache-Control "public, no-cache";\n'
        "            add_header X-Content-Type-Options nosniff always;\n"
        "        }"
    )


def nginx_config(
    run_dir: Path,
    listen: list[str],
    upstreams: list[str],
    capacity: int = serving.DEFAULT_CAPACITY,
    token: str | None = None,
    font: assets.IconFont | None = None,
    files: int = 4096,
    per_device: int = serving.DEFAULT_PER_DEVICE,
) -> str:
    """deploy/nginx.conf with its fields filled. `listen`: its `listen` lines; `font`: the icon
    font to send (scripts/assets.py; None: Streamlit's own, from its folder); `files`: the
    open-file limit its workers may use (their connections stay within it)."""
    # A process that refuses a connection is left alone 2 s (a restart takes a few): longer,
    # and two restarted close together left the room with no live process for 10 s.
    servers = "\n        ".join(f"server {u} max_fails=1 fail_timeout=2s;" for u in upstreams)
    text = NGINX_CONF.read_text(encoding="utf-8")
    connections = max(512, min(files - 64, 8192))
    fields = {
        "@USER@": user_line(),
        "@RUN@": str(run_dir),
        "@LISTEN@": "\n        ".join(listen),
        "@FILES@": str(files),
        "@CONNECTIONS@": str(connections),
        "@UPSTREAMS@": servers,
        "@CAPACITY@": str(capacity),
        "@PER_DEVICE@": f"limit_conn device {per_device};"
        if per_device
        else "# no limit per device (--per-device 0)",
        "@STATIC@": str(STATIC),
        "@ASSETS@": str(assets.static_dir()),
        "@ICONS@": icon_location(font),
        "@CSP@": CSP,
        "@TOKEN@": token or proxy_token(),
    }
    for name, value in fields.items():
        text = text.replace(name, value)
    if "@" in "".join(line.split("#")[0] for line in text.splitlines()):
        raise ValueError("deploy/nginx.conf has a field room.py does not fill")
    return text


def start_nginx(run_dir: Path, conf: str) -> subprocess.Popen[bytes]:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(nginx).exists():
        raise SystemExit("nginx is not installed: ./scripts/run installs Debian's package")
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (run_dir / sub).mkdir(parents=True, exist_ok=True)
    path = run_dir / "nginx.conf"
    path.touch(mode=0o600)  # it holds the room's token
    path.write_text(conf, encoding="utf-8")
    base = [nginx, "-p", str(run_dir), "-c", str(path), "-e", str(run_dir / "error.log")]
    check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"nginx refused its configuration:\n{check.stderr}")
    # Its own process group: if its master dies, its workers (which would keep the port and
    # answer 502) are found by the group and stopped with it (stop_nginx).
    return subprocess.Popen(
        [*base, "-g", "daemon off;"], start_new_session=True, preexec_fn=_die_with_room
    )


def stop_nginx(proc: subprocess.Popen[bytes], timeout: float = 15) -> None:
    """Stop nginx gracefully (open connections finish), then whatever is left of its process
    group: workers orphaned by a master that was killed."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGQUIT)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)


def _die_with_room() -> None:
    """In a child, before it runs: it is sent SIGTERM if the room's process dies (killed, even
    with -9), so no process of the room is ever left behind holding its ports."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def port_holder(port: int) -> str | None:
    """Which process listens on `port` ('nginx (pid 4242)'), as far as this user may see; None:
    nobody it can see."""
    inodes: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(OSError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(fields[9])
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        with contextlib.suppress(OSError):
            for fd in fd_dir.iterdir():
                with contextlib.suppress(OSError):
                    if os.readlink(fd).removeprefix("socket:[").rstrip("]") in inodes:
                        pid = fd_dir.parent.name
                        name = (fd_dir.parent / "comm").read_text().strip()
                        return f"{name} (pid {pid})"
    return None


def check_port_free(address: str, port: int) -> None:
    """Stop with a plain message if the room's port is taken (say by nginx left behind by an
    earlier room: it would keep answering 502 there)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    host = "" if address in ("0.0.0.0", "::", "*") else address.strip("[]")
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError as exc:
            holder = port_holder(port)
            who = f"{holder} holds it" if holder else f"it is taken ({exc.strerror})"
            hint = ""
            if holder and holder.startswith("nginx"):
                pid = holder.split("pid ")[1].rstrip(")")
                hint = (
                    f"; if it is left from an earlier room, stop it with `kill {pid}` "
                    "(or `sudo kill` if that room was started by root)"
                )
            raise SystemExit(
                f"Port {port} is not free: {who}{hint}. Or choose another: --port 8502."
            ) from None


def open_files() -> int:
    """Raise this process's open-file limit as far as it may (nginx and the processes inherit
    it); return it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        target = 65536 if hard == resource.RLIM_INFINITY else hard
        with contextlib.suppress(ValueError, OSError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
    return soft


def capacity_allowed(files: int) -> int:
    """Sessions one nginx worker can hold with `files` open files: each takes two (the browser's
    connection and the one to a Streamlit process), with room for the page loads beside."""
    return max(1, (files - 256) // 3)


def worker_command(port: int, address: str, app: str, extra: list[str]) -> list[str]:
    """One Streamlit process of the room: as ./scripts/run starts one, on its own port."""
    return [
        sys.executable,
        "-m",
        "scripts.serve",
        "--script",
        app,
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        *extra,
    ]


class Worker:
    def __init__(self, port: int, app: str, extra: list[str], env: dict[str, str]) -> None:
        self.port, self.app, self.extra, self.env = port, app, extra, env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        # Its banner ('URL: http://127.0.0.1:<its port>') would send people to the process
        # instead of the room: not printed (its log and errors still are, on stderr).
        self.proc = subprocess.Popen(
            worker_command(self.port, "127.0.0.1", self.app, self.extra),
            cwd=REPO,
            env={**os.environ, **self.env},
            preexec_fn=_die_with_room,
            stdout=subprocess.DEVNULL,
        )

    def ready(self, timeout: float = 120) -> bool:
        """Healthy, and a page has run once (its modules loaded)."""
        base = f"127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError),
                urllib.request.urlopen(f"http://{base}/_stcore/health", timeout=5),
            ):
                break
            time.sleep(0.3)
        else:
            return False
        with contextlib.suppress(Exception):
            asyncio.run(warm_up(base, self.env.get(TOKEN_ENV, "")))
        return True

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive() and self.proc is not None:
            self.proc.terminate()


async def warm_up(host: str, token: str, timeout: float = 120) -> None:
    """Run the default page once in a process, as a browser's first visit does (concurrent
    first sessions on a cold process can fail while its modules load): a session opened with
    the room's token, one run asked for, its end awaited."""
    async with websockets.connect(
        f"ws://{host}/_stcore/stream",
        subprotocols=["streamlit"],  # type: ignore[list-item]
        origin=f"http://{host}",  # type: ignore[arg-type]
        additional_headers={VIA_HEADER: token} if token else {},
        max_size=None,
    ) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = ""
        msg.rerun_script.page_name = ""
        await ws.send(msg.SerializeToString())
        async with asyncio.timeout(timeout):
            async for data in ws:
                if ForwardMsg.FromString(data).WhichOneof("type") == "script_finished":
                    return


def serve_room(args: argparse.Namespace) -> int:
    check_port_free(args.address, args.port)
    files = open_files()
    allowed = capacity_allowed(files)
    if args.capacity > allowed:
        print(
            f"  The open-file limit ({files}) allows about {allowed} sessions: the room "
            f"admits {allowed}, not {args.capacity} (ulimit -n raises it)"
        )
        args.capacity = allowed
    where = serving.participant_address(args.address, args.port)
    env = {
        TOKEN_ENV: proxy_token(),
        serving.ROOM_LISTEN_ENV: f"{args.address}:{args.port}",
        # what the processes bound a board's and a question's senders by (room_limits)
        serving.CAPACITY_ENV: str(args.capacity),
        serving.PER_DEVICE_ENV: str(args.per_device),
    }
    workers = [Worker(free_port(), args.app, args.streamlit, env) for _ in range(args.workers)]
    for w in workers:
        w.start()
    font, written = assets.prepare()  # meanwhile (the first start's few seconds)
    if written:
        print(f"  Compressed {written} of Streamlit's files, once, for nginx", flush=True)
    for w in workers:
        if not w.ready():
            _stop_all(workers, None)
            raise SystemExit(f"the process on port {w.port} did not start (see its output)")
    run_dir = Path(tempfile.mkdtemp(prefix="ssw-room-"))
    upstreams = [f"127.0.0.1:{w.port}" for w in workers]
    listen = listen_lines(args.address, args.port)
    conf = nginx_config(
        run_dir,
        listen,
        upstreams,
        args.capacity,
        font=font,
        files=files,
        per_device=args.per_device,
    )
    nginx = start_nginx(run_dir, conf)
    _write_status(args.status_file, nginx, workers, run_dir)
    processes = f"{len(workers)} process{'es' if len(workers) != 1 else ''}"
    print(
        f"\n  The room is open: {processes} behind nginx, up to {args.capacity} "
        f"sessions (the open-file limit, {files}, allows {allowed}), "
        + (f"{args.per_device} per device.\n" if args.per_device else "no limit per device.\n")
    )
    print(f"  On this computer:  http://localhost:{args.port}")
    if where.url:
        print(f"  Participants:      {where.url}")
    elif where.why_none == "container":
        print(
            f"  Participants:      set {serving.PUBLIC_URL_ENV} to the address they open "
            "(a container cannot see the room's network)"
        )
    elif where.why_none == "no_network":
        print("  Participants:      none yet (this computer is on no network)")
    print("\n  Ctrl-C stops it.\n", flush=True)

    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    restarts: list[float] = []
    try:
        while not stopping:
            if nginx.poll() is not None and not stopping:
                # nginx died (killed, crashed): its orphaned workers go, a new one comes
                print(f"nginx stopped (exit {nginx.returncode}); starting it again", flush=True)
                stop_nginx(nginx)
                restarts = [t for t in restarts if time.monotonic() - t < 60] + [time.monotonic()]
                if len(restarts) > 5:
                    print(
                        "nginx stopped 6 times in a minute; stopping the room (see "
                        f"{run_dir / 'error.log'})",
                        file=sys.stderr,
                    )
                    return 1
                nginx = _restart_nginx(run_dir, conf, args.address, args.port)
                _write_status(args.status_file, nginx, workers, run_dir)
            for w in workers:
                if not w.alive() and not stopping:
                    print(f"the process on port {w.port} stopped; starting it again", flush=True)
                    w.start()
                    w.ready()
                    _write_status(args.status_file, nginx, workers, run_dir)
            time.sleep(0.5)
    finally:
        _stop_all(workers, nginx)
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


def _restart_nginx(run_dir: Path, conf: str, address: str, port: int) -> subprocess.Popen[bytes]:
    """nginx again, once its port is free (the old one's workers have let go of it)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            check_port_free(address, port)
            break
        except SystemExit:
            time.sleep(0.2)
    return start_nginx(run_dir, conf)


def _write_status(
    path: str | None, nginx: subprocess.Popen[bytes], workers: list[Worker], run_dir: Path
) -> None:
    """For tests and benchmarks: the processes of the room and nginx's folder (its log), as
    JSON (written atomically)."""
    if not path:
        return
    status = {
        "nginx": nginx.pid,
        "workers": [{"port": w.port, "pid": w.proc.pid if w.proc else None} for w in workers],
        "run_dir": str(run_dir),
    }
    tmp = Path(path).with_suffix(".tmp")
    tmp.write_text(json.dumps(status), encoding="utf-8")
    tmp.replace(path)


def _stop_all(workers: list[Worker], nginx: subprocess.Popen[bytes] | None) -> None:
    if nginx is not None and nginx.poll() is None:
        nginx.send_signal(signal.SIGQUIT)  # graceful: open connections finish
    for w in workers:
        w.stop()
    deadline = time.monotonic() + 15
    for p in [w.proc for w in workers if w.proc is not None]:
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()
    if nginx is not None:
        stop_nginx(nginx, timeout=max(0.1, deadline - time.monotonic()))


def serve_worker(args: argparse.Namespace) -> int:
    command = worker_command(args.port, args.address, args.app, args.streamlit)
    os.execv(command[0], command)
    return 0  # not reached


def serve_proxy(args: argparse.Namespace) -> int:
    run_dir = Path(tempfile.mkdtemp(prefix="ssw-proxy-"))
    font, _ = assets.prepare()
    files = open_files()
    listen = listen_lines(args.address, args.port)
    capacity = min(args.capacity, capacity_allowed(files))
    conf = nginx_config(
        run_dir, listen, args.upstream, capacity, font=font, files=files, per_device=args.per_device
    )
    nginx = start_nginx(run_dir, conf)
    signal.signal(signal.SIGTERM, lambda *_: nginx.send_signal(signal.SIGQUIT))
    try:
        return nginx.wait()  # the container's supervisor (compose: restart) starts it again
    except KeyboardInterrupt:
        nginx.send_signal(signal.SIGQUIT)
        return nginx.wait()
    finally:
        stop_nginx(nginx)


STREAMLIT_ALIASES = {"--server.port": "--port", "--server.address": "--address"}
"""The one-process spelling (`./scripts/run --server.port 8600`) of the room's own options."""


def split_streamlit_options(argv: list[str]) -> tuple[list[str], list[str]]:
    """The room's own arguments, and Streamlit's (`--section.option value`, as `streamlit run`
    takes them), which every process of the room gets. `--server.port` and `--server.address`
    name where the room listens, so they become `--port` and `--address`."""
    own: list[str] = []
    streamlit: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        name, eq, value = arg.partition("=")
        if name.startswith("--") and "." in name:
            target = own if name in STREAMLIT_ALIASES else streamlit
            taken = [STREAMLIT_ALIASES.get(name, name)]
            if eq:
                taken.append(value)
            elif i + 1 < len(argv):
                taken.append(argv[i + 1])
                i += 1
            target.extend(taken)
        else:
            own.append(arg)
        i += 1
    return own, streamlit


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    try:
        cpus = serving.usable_cpus()
        workers = serving.env_int(serving.WORKERS_ENV, cpus)
        capacity = serving.env_int(serving.CAPACITY_ENV, serving.DEFAULT_CAPACITY)
        per_device = serving.env_int(serving.PER_DEVICE_ENV, serving.DEFAULT_PER_DEVICE, minimum=0)
        serving.public_url()  # checked now, not when a page first asks
        serving.room_limits()  # SSW_SENDS_PER_ADDRESS too
    except serving.SettingError as exc:
        raise SystemExit(f"room.py: {exc}") from None
    own, streamlit = split_streamlit_options(argv)
    parser.add_argument(
        "mode", nargs="?", choices=("room", "worker", "proxy", "assets"), default="room"
    )
    parser.add_argument(
        "--workers",
        type=int,
        nargs="?",
        const=cpus,
        default=workers,
        help=f"Streamlit processes (without a number: one per CPU this process "
        f"may use, here {cpus}; or {serving.WORKERS_ENV})",
    )
    parser.add_argument(
        "--port", type=int, default=8501, help="the room's port (--server.port is taken as this)"
    )
    parser.add_argument(
        "--address",
        default="0.0.0.0",
        help="where the room listens (127.0.0.1: this computer only; "
        "--server.address is taken as this)",
    )
    parser.add_argument(
        "--capacity",
        type=int,
        default=capacity,
        help=f"open sessions beyond which new participants wait (or {serving.CAPACITY_ENV})",
    )
    parser.add_argument(
        "--per-device",
        type=int,
        default=per_device,
        help="open sessions one device may hold; 0: no limit, when every participant arrives "
        f"from one address (or {serving.PER_DEVICE_ENV})",
    )
    parser.add_argument(
        "--upstream",
        action="append",
        default=[],
        help="proxy mode: host:port of a process (repeat, or a name that "
        "resolves to every replica)",
    )
    parser.add_argument("--app", default="app.py", help=argparse.SUPPRESS)  # the benchmark's page
    parser.add_argument("--status-file", help=argparse.SUPPRESS)  # tests and benchmarks
    parser.add_argument(
        "streamlit",
        nargs="*",
        help="options for every Streamlit process, e.g. --server.maxUploadSize 5 (or after --)",
    )
    args = parser.parse_args(own)
    args.streamlit = [*streamlit, *args.streamlit]
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.capacity < 1:
        parser.error("--capacity must be at least 1")
    if args.per_device < 0:
        parser.error("--per-device must be 0 (no limit) or more")
    if not 0 < args.port < 65536:
        parser.error(f"--port {args.port}: a port from 1 to 65535")
    if args.mode == "proxy" and not args.upstream:
        parser.error("proxy mode needs --upstream host:port")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.mode == "worker":
        return serve_worker(args)
    if args.mode == "proxy":
        return serve_proxy(args)
    if args.mode == "assets":
        return assets.main()
    return serve_room(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
