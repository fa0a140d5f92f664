"""Serve a room: several Streamlit processes behind Debian's nginx, on one port.

    python scripts/room.py --workers N [--port 8501]     # what `./scripts/run --workers` does
    python scripts/room.py worker --port 8601            # one process, as the room starts it
    python scripts/room.py proxy --upstream app:8501     # nginx alone, for processes elsewhere

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
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from scripts.stclient import Slide, get, open_once  # noqa: E402
from ssw_core.access import PROXY_TOKEN_ENV  # noqa: E402

NGINX_CONF = REPO / "deploy" / "nginx.conf"
STATIC = REPO / "deploy"
DEFAULT_CAPACITY = 200
"""Open sessions of the whole room beyond which new participants are told to wait (see the
README, 'Serving a room'): above what bench/room.py measured a 2-core laptop to serve."""
TOKEN_ENV = PROXY_TOKEN_ENV
"""The secret nginx sends to the processes on every request (ssw_core.access): given, or
made at start (then the room's own processes get it)."""
CSP = "; ".join([
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
])  # fmt: skip
"""The content security policy nginx sends: nothing from another host (the offline rule)."""
PUBLIC_ENV = "SSW_PUBLIC_URL"
"""Tells every process the address participants open (the room's, not its own)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def lan_address() -> str | None:
    """This computer's address on the room's network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") else address


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


def nginx_config(
    run_dir: Path, listen: str, upstreams: list[str], capacity: int = DEFAULT_CAPACITY,
    token: str | None = None,
) -> str:  # fmt: skip
    """deploy/nginx.conf with its fields filled."""
    servers = "\n        ".join(f"server {u} max_fails=1 fail_timeout=10s;" for u in upstreams)
    text = NGINX_CONF.read_text(encoding="utf-8")
    fields = {"@RUN@": str(run_dir), "@LISTEN@": listen, "@UPSTREAMS@": servers,
              "@CAPACITY@": str(capacity), "@STATIC@": str(STATIC), "@CSP@": CSP,
              "@TOKEN@": token or proxy_token()}  # fmt: skip
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
    path.write_text(conf, encoding="utf-8")
    base = [nginx, "-p", str(run_dir), "-c", str(path), "-e", str(run_dir / "error.log")]
    check = subprocess.run([*base, "-t", "-q"], capture_output=True, text=True)
    if check.returncode != 0:
        raise SystemExit(f"nginx refused its configuration:\n{check.stderr}")
    return subprocess.Popen([*base, "-g", "daemon off;"])


def worker_command(port: int, address: str, app: str, extra: list[str]) -> list[str]:
    """One Streamlit process of the room: as ./scripts/run starts one, on its own port."""
    return [
        sys.executable, str(REPO / "scripts" / "serve.py"), "--script", app,
        "--server.port", str(port), "--server.address", address, "--server.headless", "true",
        *extra,
    ]  # fmt: skip


class Worker:
    def __init__(self, port: int, app: str, extra: list[str], env: dict[str, str]) -> None:
        self.port, self.app, self.extra, self.env = port, app, extra, env
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            worker_command(self.port, "127.0.0.1", self.app, self.extra),
            cwd=REPO, env={**os.environ, **self.env},
        )  # fmt: skip

    def ready(self, timeout: float = 120) -> bool:
        """Healthy, and a page has run once (its modules loaded)."""
        base = f"http://127.0.0.1:{self.port}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                return False
            with contextlib.suppress(OSError):
                get(f"{base}/_stcore/health")
                break
            time.sleep(0.3)
        else:
            return False
        with contextlib.suppress(Exception):
            asyncio.run(open_once(base, Slide("warm-up", "", {}, "")))
        return True

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        if self.alive() and self.proc is not None:
            self.proc.terminate()


def serve_room(args: argparse.Namespace) -> int:
    public = lan_address() if args.address in ("0.0.0.0", "") else args.address
    env = {PUBLIC_ENV: f"http://{public}:{args.port}"} if public else {}
    env[TOKEN_ENV] = proxy_token()
    workers = [Worker(free_port(), args.app, args.streamlit, env) for _ in range(args.workers)]
    for w in workers:
        w.start()
    for w in workers:
        if not w.ready():
            _stop_all(workers, None)
            raise SystemExit(f"the process on port {w.port} did not start (see its output)")
    run_dir = Path(tempfile.mkdtemp(prefix="ssw-room-"))
    upstreams = [f"127.0.0.1:{w.port}" for w in workers]
    nginx = start_nginx(run_dir, nginx_config(run_dir, f"{args.address}:{args.port}", upstreams,
                                              args.capacity))  # fmt: skip
    _write_status(args.status_file, nginx, workers)
    print(f"\n  The room is open: {len(workers)} processes behind nginx.\n")
    print(f"  On this computer:  http://localhost:{args.port}")
    if public:
        print(f"  Participants:      http://{public}:{args.port}")
    print("\n  Ctrl-C stops it.\n", flush=True)

    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            if nginx.poll() is not None:
                print("nginx stopped; stopping the room", file=sys.stderr)
                return 1
            for w in workers:
                if not w.alive() and not stopping:
                    print(f"the process on port {w.port} stopped; starting it again", flush=True)
                    w.start()
                    w.ready()
                    _write_status(args.status_file, nginx, workers)
            time.sleep(0.5)
    finally:
        _stop_all(workers, nginx)
        shutil.rmtree(run_dir, ignore_errors=True)
    return 0


def _write_status(path: str | None, nginx: subprocess.Popen[bytes], workers: list[Worker]) -> None:
    """For tests and benchmarks: the processes of the room, as JSON (written atomically)."""
    if not path:
        return
    status = {
        "nginx": nginx.pid,
        "workers": [{"port": w.port, "pid": w.proc.pid if w.proc else None} for w in workers],
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
    for p in [*(w.proc for w in workers if w.proc is not None), nginx]:
        if p is None:
            continue
        try:
            p.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            p.kill()


def serve_worker(args: argparse.Namespace) -> int:
    command = worker_command(args.port, args.address, args.app, args.streamlit)
    os.execv(command[0], command)
    return 0  # not reached


def serve_proxy(args: argparse.Namespace) -> int:
    run_dir = Path(tempfile.mkdtemp(prefix="ssw-proxy-"))
    conf = nginx_config(run_dir, f"{args.address}:{args.port}", args.upstream, args.capacity)
    nginx = start_nginx(run_dir, conf)
    signal.signal(signal.SIGTERM, lambda *_: nginx.send_signal(signal.SIGQUIT))
    try:
        return nginx.wait()
    except KeyboardInterrupt:
        nginx.send_signal(signal.SIGQUIT)
        return nginx.wait()


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("mode", nargs="?", choices=("room", "worker", "proxy"), default="room")
    cores = os.cpu_count() or 1
    parser.add_argument("--workers", type=int, nargs="?", const=cores, default=cores,
                        help="Streamlit processes (without a number: one per core)")  # fmt: skip
    parser.add_argument("--port", type=int, default=8501, help="the room's port")
    parser.add_argument("--address", default="0.0.0.0",
                        help="where the room listens (127.0.0.1: this computer only)")  # fmt: skip
    parser.add_argument("--capacity", type=int, default=DEFAULT_CAPACITY,
                        help="open sessions beyond which new participants wait")  # fmt: skip
    parser.add_argument("--upstream", action="append", default=[],
                        help="proxy mode: host:port of a process (repeat, or a name that "
                        "resolves to every replica)")  # fmt: skip
    parser.add_argument("--app", default="app.py", help=argparse.SUPPRESS)  # the benchmark's page
    parser.add_argument("--status-file", help=argparse.SUPPRESS)  # tests and benchmarks
    parser.add_argument("streamlit", nargs="*", help="options for streamlit run, after --")
    args = parser.parse_args(argv)
    if args.workers < 1:
        parser.error("--workers must be at least 1")
    if args.mode == "proxy" and not args.upstream:
        parser.error("proxy mode needs --upstream host:port")
    return args


def main(argv: list[str]) -> int:
    args = parse(argv)
    if args.mode == "worker":
        return serve_worker(args)
    if args.mode == "proxy":
        return serve_proxy(args)
    return serve_room(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
