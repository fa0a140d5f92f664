"""`streamlit run app.py ...` without the one request Streamlit makes to the internet, and
with every reply sent at once.

When `server.headless` is on (.streamlit/config.toml), Streamlit's start-up banner looks up
this machine's public address at checkip.amazonaws.com to print an "External URL". Offline it
fails after a timeout; online it tells a third party that the dashboard was started. The
dashboard must make no request to other hosts, so the lookup is answered here with "none"
before Streamlit starts (the banner still prints the Local and Network URLs participants
use). `streamlit.net_util._external_ip` is private: tests/core/test_serve.py fails if an
upgrade renames it.

Every reply at once: Streamlit 1.67 binds its listening socket itself, so asyncio never sets
TCP_NODELAY on the connections it accepts, and each small websocket message waits for the
browser's delayed acknowledgement (~40 ms a reply; bench/room.py measured it). The socket is
given TCP_NODELAY, which accepted connections inherit. `_bind_socket` is private too and
guarded the same way.

    python scripts/serve.py [streamlit run options]     # what scripts/run does
    python scripts/serve.py --script bench/bare_app.py [options]   # another page (benchmarks)
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def no_external_lookup() -> None:
    from streamlit import net_util

    if not hasattr(net_util, "_external_ip"):
        raise RuntimeError("streamlit.net_util._external_ip is gone: see scripts/serve.py")
    net_util._external_ip = ""  # cached answer: no public address, so no lookup


def replies_at_once() -> None:
    from streamlit.web.server.starlette import starlette_server

    original = getattr(starlette_server, "_bind_socket", None)
    if original is None:
        raise RuntimeError("starlette_server._bind_socket is gone: see scripts/serve.py")

    def bind(address: str, port: int, backlog: int) -> socket.socket:
        sock: socket.socket = original(address, port, backlog)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    starlette_server._bind_socket = bind


def main(argv: list[str]) -> int:
    script = "app.py"
    if argv[:1] == ["--script"]:
        script, argv = argv[1], argv[2:]
    no_external_lookup()
    replies_at_once()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(REPO / script), *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
