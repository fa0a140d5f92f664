"""The server starts without asking the internet for this machine's address."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def _serve():
    spec = importlib.util.spec_from_file_location("serve", REPO / "scripts" / "serve.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_external_address_is_never_looked_up(monkeypatch):
    from streamlit import net_util

    monkeypatch.setattr(net_util, "_external_ip", None)

    def no_request(*_args, **_kwargs):
        pytest.fail("Streamlit asked the internet for this machine's address")

    monkeypatch.setattr(net_util, "_make_blocking_http_get", no_request)
    _serve().no_external_lookup()
    assert not net_util.get_external_ip()


def _run_scripts_run(tmp_path, *args: str) -> list[str]:
    """`scripts/run` with `args`, in a copy of the repository whose .venv's python only writes
    down how it was called (set-up already done): what the README's command starts."""
    import shutil
    import subprocess

    for name in (
        "scripts/run",
        "scripts/_setup.sh",
        "requirements.txt",
        "requirements-dev.txt",
        "pyproject.toml",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, tmp_path / name)
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    called = tmp_path / "called"
    (venv / "python").write_text(f'#!/bin/sh\nprintf "%s\\n" "$@" > {called}\n')
    (venv / "python").chmod(0o755)
    digest = subprocess.run(
        "cat requirements*.txt pyproject.toml | sha256sum | cut -c1-16",
        shell=True,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (tmp_path / ".venv" / f".installed-requirements.txt-{digest}").touch()
    subprocess.run(
        ["bash", str(tmp_path / "scripts" / "run"), *args],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return called.read_text().splitlines()


def test_the_readme_command_serves_through_serve_py(tmp_path):
    assert _run_scripts_run(tmp_path, "--server.port", "8600") == [
        "-m",
        "scripts.serve",
        "--server.port",
        "8600",
    ]


def test_the_readme_room_command_serves_through_room_py(tmp_path):
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.skip("nginx is installed by scripts/test")
    assert _run_scripts_run(tmp_path, "--workers", "2") == ["-m", "scripts.room", "--workers", "2"]


def test_every_connection_sends_its_replies_at_once():
    import socket

    from streamlit.web.server.starlette import starlette_server

    original = starlette_server._bind_socket
    try:
        _serve().replies_at_once()
        sock = starlette_server._bind_socket("127.0.0.1", 0, 8)
        try:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            client = socket.create_connection(sock.getsockname())
            sock.setblocking(True)
            accepted, _ = sock.accept()  # what the server talks to the browser on
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1
            accepted.close()
            client.close()
        finally:
            sock.close()
    finally:
        starlette_server._bind_socket = original


def test_every_page_carries_the_script_that_mends_it():
    from streamlit import file_util

    original = file_util.get_static_dir
    try:
        folder = _serve().pages_mend_themselves()
        assert file_util.get_static_dir() == str(folder)
        page = (folder / "index.html").read_text(encoding="utf-8")
        head = page.split("</head>")[0]
        assert 'addEventListener("vite:preloadError", mend)' in head  # before the app's code
        assert "location.reload()" in head and "sessionStorage" in head
        streamlit = Path(original())
        script = (REPO / "assets" / "mend.js").read_text(encoding="utf-8")
        assert page.replace(f"<script>\n{script}</script>\n", "") == (
            streamlit / "index.html"
        ).read_text(encoding="utf-8")  # Streamlit's page, and only the script added
        # everything else is Streamlit's own
        for name in ("static", "favicon.png", "manifest.json"):
            assert (folder / name).resolve() == (streamlit / name).resolve()
        assert (folder / "static" / "js").is_dir()
    finally:
        file_util.get_static_dir = original


def test_a_page_without_a_head_is_refused_plainly():
    with pytest.raises(RuntimeError, match="no </head>"):
        _serve().page_with_mending("<html><body></body></html>")


def test_connections_are_checked_by_the_core():
    from streamlit.runtime import app_session
    from streamlit.web.server.starlette import starlette_websocket as ws

    from ssw_core import access

    saved = (
        ws._is_origin_allowed,
        ws.create_websocket_handler,
        app_session.AppSession._handle_clear_cache_request,
    )
    try:
        _serve().connections_checked()
        assert ws._is_origin_allowed is access.same_origin
        assert ws.create_websocket_handler is not saved[1]
        assert app_session.AppSession._handle_clear_cache_request is not saved[2]
    finally:
        (
            ws._is_origin_allowed,
            ws.create_websocket_handler,
            app_session.AppSession._handle_clear_cache_request,
        ) = saved
