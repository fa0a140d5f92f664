"""What the room's tests share: a user folder of their own, a browser's address as the app sees
it, and a disk all but full."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from ssw_core import storage
from ssw_core.access import Connection
from ui.parts import access


def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The room's shared files (boards, questions, the live slide) in `tmp_path`."""
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    return tmp_path


def connect_as(monkeypatch: pytest.MonkeyPatch, address: str) -> None:
    """The app sees this browser at `address` (127.0.0.1: the facilitator's laptop; any other:
    a participant through the room's address)."""
    host = "localhost" if address == "127.0.0.1" else "room:8501"
    monkeypatch.setattr(access, "connection", lambda pol: Connection(address, host))


def documents_find_no_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """A shared document's new bytes find no space (ENOSPC); the record's small line still
    fits (a disk all but full: a record written first would say what did not happen)."""
    real = storage.prepare

    def prepare(path: Path, data: bytes) -> Path:
        if path.name.startswith("audit"):
            return real(path, data)
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(storage, "prepare", prepare)
