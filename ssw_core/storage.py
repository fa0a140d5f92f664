"""Writing shared data so that a write that fails changes nothing: a file is written under a
temporary name, synced, and renamed over the old one (a rename takes no space, so a full disk
stops a change before it takes effect, never halfway), and every failure to write becomes one
error, `NotSaved`, raised after whatever was begun has been removed. The stores (userstore,
deck, audit, access) use it; pages say `NotSaved` in the reader's language by its `code`.
"""

from __future__ import annotations

import errno
import os
import uuid
from pathlib import Path
from typing import IO, Literal

Reason = Literal["disk_full", "no_permission", "read_only", "other"]


class NotSaved(Exception):
    """A change to shared data could not be written; nothing changed. `code`: why, for the
    reader (a full disk, a folder it may not write, a read-only one, other); `detail`: what the
    system said, for whoever runs the server."""

    def __init__(self, what: str, exc: BaseException) -> None:
        self.what = what
        self.code: Reason = reason(exc)
        self.detail = f"{type(exc).__name__}: {exc}"[:300]
        super().__init__(f"{what}: not saved, nothing changed ({self.detail})")


def reason(exc: BaseException) -> Reason:
    """Why a write failed, in the few words a reader can act on."""
    number = getattr(exc, "errno", None)
    if number in (errno.ENOSPC, errno.EDQUOT):
        return "disk_full"
    if number in (errno.EACCES, errno.EPERM):
        return "no_permission"
    if number == errno.EROFS:
        return "read_only"
    text = str(exc).lower()
    if "no space left" in text or "disk quota" in text:  # a library's error around an OSError
        return "disk_full"
    return "other"


def write_all(f: IO[bytes], data: bytes) -> None:
    """All of `data` to an unbuffered file (a raw write may take only part of it)."""
    view = memoryview(data)
    while view:
        done = f.write(view)
        if not done:
            raise OSError(errno.EIO, "nothing written")
        view = view[done:]


def prepare(path: Path, data: bytes) -> Path:
    """`data` written and synced under a temporary name beside `path` (no change yet): the
    space it needs is taken now. Returns the temporary file; raises OSError, leaving none."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with tmp.open("wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


def put(tmp: Path, path: Path) -> None:
    """The prepared file in place of `path`, atomically (a rename: no space needed)."""
    os.replace(tmp, path)
    sync(path.parent)


def write(path: Path, data: bytes) -> None:
    """`path` replaced by `data` atomically: the old content or the new, never a mix."""
    tmp = prepare(path, data)
    try:
        put(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def sync(path: Path) -> None:
    """A file's content, or a folder's entries (a rename, a new file), on disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
