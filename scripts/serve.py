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

A page mends itself: Streamlit's front end fetches an element's code when it first draws one,
and a fetch that fails (a phone whose network changed under it, a dropped connection) leaves
that element a red box until the page is reloaded. Every page Streamlit sends (its one
index.html) carries assets/mend.js, which reloads the page then (at most twice a minute):
Streamlit reads its static folder from `streamlit.file_util.get_static_dir` (guarded too), so
it is given a folder of its own with that page and the rest of Streamlit's files linked.

    python -m scripts.serve [streamlit run options]     # what scripts/run does
    python -m scripts.serve --script bench/bare_app.py [options]   # another page (benchmarks)
"""

from __future__ import annotations

import atexit
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
MEND = REPO / "assets" / "mend.js"


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


def page_with_mending(html: str) -> str:
    """Streamlit's page with assets/mend.js in its head (inline: no request more, and the room's
    content security policy allows inline scripts)."""
    if "</head>" not in html:
        raise RuntimeError("Streamlit's index.html has no </head>: see scripts/serve.py")
    script = MEND.read_text(encoding="utf-8")
    return html.replace("</head>", f"<script>\n{script}</script>\n</head>", 1)


def pages_mend_themselves() -> Path:
    """Streamlit serves its static folder from a folder of ours: its index.html with the mending
    script, every other entry a link to Streamlit's own. Returns that folder (removed at exit)."""
    from streamlit import file_util

    if not hasattr(file_util, "get_static_dir"):
        raise RuntimeError("streamlit.file_util.get_static_dir is gone: see scripts/serve.py")
    original = Path(file_util.get_static_dir())
    folder = Path(tempfile.mkdtemp(prefix="ssw-page-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    for entry in original.iterdir():
        if entry.name not in ("index.html", "index.html.gz"):
            (folder / entry.name).symlink_to(entry)
    page = page_with_mending((original / "index.html").read_text(encoding="utf-8"))
    (folder / "index.html").write_text(page, encoding="utf-8")
    file_util.get_static_dir = lambda: str(folder)
    return folder


def connections_checked() -> None:
    """What a connection may do is decided in ssw_core.access; Streamlit is told to ask it:
    - a websocket is accepted from a page of this server only (`access.same_origin`), not
      from a page of any `localhost` server, as Streamlit would; and, for a process of a
      room, only through the room's nginx (`access.through_the_room`: the room's token);
    - the 'clear_cache' message, which empties the caches every session shares, is obeyed for
      the serving computer only (`access.may_clear_caches`); from anyone else it is ignored.
    `_is_origin_allowed`, `create_websocket_handler` and `_handle_clear_cache_request` are
    Streamlit's own (private): tests/core/test_serve.py fails if an upgrade renames them."""
    from streamlit.runtime import app_session
    from streamlit.web.server.starlette import starlette_websocket as ws

    from ssw_core import access

    for owner, name in (
        (ws, "_is_origin_allowed"),
        (ws, "create_websocket_handler"),
        (app_session.AppSession, "_handle_clear_cache_request"),
    ):
        if not hasattr(owner, name):
            raise RuntimeError(f"Streamlit's {name} is gone: see scripts/serve.py")
    ws._is_origin_allowed = access.same_origin
    make_handler = ws.create_websocket_handler
    token = os.environ.get(access.PROXY_TOKEN_ENV, "").strip()

    def create_websocket_handler(runtime: Any) -> Any:
        endpoint = make_handler(runtime)

        async def through_the_room_only(websocket: Any) -> None:
            if not access.through_the_room(websocket.headers.get(access.VIA_HEADER), token):
                await websocket.close(code=1008)  # policy violation, as Streamlit refuses
                return
            await endpoint(websocket)

        return through_the_room_only

    ws.create_websocket_handler = create_websocket_handler
    clear = app_session.AppSession._handle_clear_cache_request

    def clear_for_the_facilitator_only(session: Any) -> None:
        from streamlit import runtime

        client = runtime.get_instance().get_client(session.id) if runtime.exists() else None
        context = getattr(client, "client_context", None)
        address = getattr(context, "remote_ip", None)
        pairs = getattr(context, "headers", ()) if context is not None else ()
        host = next((value for name, value in pairs if name.lower() == "host"), None)
        if access.may_clear_caches(access.Connection(address, host)):
            clear(session)

    app_session.AppSession._handle_clear_cache_request = clear_for_the_facilitator_only  # type: ignore[method-assign,assignment]


def main(argv: list[str]) -> int:
    script = "app.py"
    if argv[:1] == ["--script"]:
        script, argv = argv[1], argv[2:]
    no_external_lookup()
    replies_at_once()
    pages_mend_themselves()
    connections_checked()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(REPO / script), *argv]
    return int(cli.main() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
