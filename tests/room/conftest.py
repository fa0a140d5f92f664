"""A room for the tests: scripts/room.py (N Streamlit processes behind Debian's nginx) on a free
port of loopback, with a user folder of its own. Marked `room`: it needs nginx, which
scripts/test installs like Chromium."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "tests" / "browser" / "artifacts"


@dataclass
class Room:
    base: str
    user: Path
    status_file: Path
    proc: subprocess.Popen[bytes]
    token: str = ""  # nginx's proof to the processes (a browser sent to a process sends it)

    def status(self) -> dict:
        return json.loads(self.status_file.read_text(encoding="utf-8"))

    def worker_bases(self) -> list[str]:
        return [f"http://127.0.0.1:{w['port']}" for w in self.status()["workers"]]

    def nginx_log(self) -> str:
        return (Path(self.status()["run_dir"]) / "error.log").read_text(encoding="utf-8")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def start_room(
    tmp: Path,
    workers: int = 2,
    capacity: int = 200,
    address: str = "127.0.0.1",
    per_device: int | None = None,
    repo: Path = REPO,
    env: dict[str, str] | None = None,
    streamlit: tuple[str, ...] = (),
) -> Room:
    """`./scripts/run --workers` as it starts a room, from `repo` (a copy elsewhere: as if
    cloned there), with a user folder of its own; `streamlit`: options for every process."""
    if not (shutil.which("nginx") or Path("/usr/sbin/nginx").exists()):
        pytest.fail("nginx not found: install Debian's nginx (scripts/test does it)")
    port = _free_port()
    token = secrets.token_urlsafe(16)
    user, status = tmp / "user", tmp / "room.json"
    ARTIFACTS.mkdir(exist_ok=True)
    log = (ARTIFACTS / f"room-{port}.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.room",
            "--workers",
            str(workers),
            "--port",
            str(port),
            "--address",
            address,
            "--capacity",
            str(capacity),
            *(["--per-device", str(per_device)] if per_device is not None else []),
            "--status-file",
            str(status),
            *streamlit,
        ],
        cwd=repo,
        env={**os.environ, "SSW_USER_DATA_DIR": str(user), "SSW_PROXY_TOKEN": token, **(env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if status.exists() and _healthy(f"{base}/_stcore/health"):
            return Room(base, user, status, proc, token)
        if proc.poll() is not None:
            break
        time.sleep(0.5)
    stop_room(proc)
    raise RuntimeError(f"the room did not start; see {log.name}")


def stop_room(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[Room]:
    r = start_room(tmp_path_factory.mktemp("room"))
    yield r
    stop_room(r.proc)
