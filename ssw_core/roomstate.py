"""What a room shares while it works (the board of plans, the room's questions, the slide the
facilitator shows): small JSON documents that every process of the room reads and changes, and
the rules for what one device may send.

A document (`SharedDoc`) is changed under an exclusive lock of every process (`flock` on a lock
file beside it) and replaced atomically (storage.write): a reader sees the old document or the
new one, never half of one, and a change that fails (a full disk) leaves the old one. Each
change adds 1 to the document's `version`, so a page that watches it redraws only when it
changed; reading an unchanged document costs a `stat` (`SharedDoc.read` keeps the last one
parsed by its inode, size and time).

A device (`Device`) is one browser of the room: the client's address and the room's route
cookie, which the room's nginx sets once per browser (random, HttpOnly); without nginx (one
process) the address alone. A device changes only what it sent itself. What a device may send
is bounded (`Limits`): a few sends a minute per device, more per address (a room behind one
address, a bench on one machine), and a bounded number of devices per document, so no one on
the network can fill the disk or drown the board.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ssw_core import storage
from ssw_core.access import AccessDenied, Actor, client_address
from ssw_core.access import _key as address_key
from ssw_core.storage import NotSaved

ROUTE_COOKIE = "st_route"
"""The cookie the room's nginx sets once per browser (deploy/nginx.conf) to route it."""
MAX_DOC_BYTES = 2 * 1024 * 1024
"""A document larger than this is not read (a file put there by hand): the room starts again."""

# Why a participant's send is refused, in English (the app shows `room.refused.<code>`).
REFUSED = {
    "locked": "the facilitator has locked it: nothing more can be sent",
    "closed": "it is closed",
    "too_many": "too many sends from this device; try again in {wait:.0f} s",
    "full": "it has as many senders as it can take ({max})",
    "missing": "it no longer exists",
}


class Refused(AccessDenied):
    """A send that the room's rules refuse (locked, too many, full); nothing was changed.
    `code`: a key of REFUSED; `wait`: seconds before the device may send again (too_many)."""

    def __init__(self, actor: Actor, action: str, code: str, wait: float = 0.0, **values: Any):
        self.code, self.wait, self.values = code, wait, values
        super().__init__(actor, action)
        self.args = (f"{action}: {REFUSED[code].format(wait=wait, **values)}",)

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Device:
    """One browser of the room. `key`: what its sends are owned by (the address's device key
    and a digest of the room's route cookie); `address`: what the room's limits count per
    address (an IPv6 device by its /64)."""

    key: str
    address: str

    @classmethod
    def of(cls, address: str | None, route_cookie: str | None = None) -> Device:
        """The device of a connection: its address as the server saw it, and the route cookie
        the room's nginx set (None or '': no nginx; the address alone)."""
        where = address_key(client_address(address))
        cookie = (route_cookie or "").strip()[:200]
        if not cookie:
            return cls(where, where)
        digest = hashlib.sha256(cookie.encode("utf-8", "replace")).hexdigest()[:16]
        return cls(f"{where}#{digest}", where)


@dataclass(frozen=True)
class Limits:
    """What the room accepts in any `window` seconds: `per_device` sends from one browser,
    `per_address` from one address (a room behind NAT shares one), and at most `devices`
    devices in one document."""

    per_device: int = 4
    per_address: int = 60
    window: float = 60.0
    devices: int = 200

    def wait(self, sends: dict[str, list[float]], device: Device, now: float) -> float:
        """Seconds before `device` may send (0: now); forgets sends older than the window."""
        for key in list(sends):
            sends[key] = [t for t in sends[key] if now - t < self.window]
            if not sends[key]:
                del sends[key]
        waits = [0.0]
        bounds = ((f"d:{device.key}", self.per_device), (f"a:{device.address}", self.per_address))
        for key, most in bounds:
            times = sends.get(key, [])
            if len(times) >= most:
                waits.append(times[-most] + self.window - now)
        return max(waits)

    def count(self, sends: dict[str, list[float]], device: Device, now: float) -> None:
        for key in (f"d:{device.key}", f"a:{device.address}"):
            sends.setdefault(key, []).append(now)


class SharedDoc:
    """One JSON document of the room (see the module docstring). `read()` without a lock;
    `change()` under the lock, written back when the block ends without an exception."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._seen: tuple[tuple[int, int, int], dict[str, Any]] | None = None

    def read(self) -> dict[str, Any]:
        """The document ({} if none); a damaged or oversized one reads as {}. Do not change
        the result: it is shared with the next reader of this process."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            return {}
        mark = (st.st_ino, st.st_size, st.st_mtime_ns)
        if self._seen is not None and self._seen[0] == mark:
            return self._seen[1]
        doc = _parse(self.path) if st.st_size <= MAX_DOC_BYTES else {}
        self._seen = (mark, doc)
        return doc

    def version(self) -> int:
        """The number of changes made to the document (0: none)."""
        value = self.read().get("version", 0)
        return value if isinstance(value, int) else 0

    @contextlib.contextmanager
    def change(self, before_put: Callable[[], None] | None = None) -> Iterator[dict[str, Any]]:
        """The document to change, under every process's lock; written atomically with its
        version one higher when the block ends. An exception in the block writes nothing. A
        write that fails raises storage.NotSaved (nothing changed). `before_put`: called
        once the new document's bytes have their space on disk and before they replace the
        old (a store records the change in the audit log there, so a full disk refuses the
        change and its record together); an exception from it writes nothing."""
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            lock = open(self.path.with_name(self.path.name + ".lock"), "a")  # noqa: SIM115
        except OSError as exc:
            raise NotSaved(self.path.name, exc) from exc
        with lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                doc = _parse(self.path) if _size(self.path) <= MAX_DOC_BYTES else {}
                yield doc
                doc["version"] = int(doc.get("version", 0) or 0) + 1
                data = json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode()
                try:
                    tmp = storage.prepare(self.path, data)
                except OSError as exc:
                    raise NotSaved(self.path.name, exc) from exc
                try:
                    if before_put is not None:
                        before_put()
                    storage.put(tmp, self.path)
                except OSError as exc:
                    raise NotSaved(self.path.name, exc) from exc
                finally:
                    tmp.unlink(missing_ok=True)  # put: gone already
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def _parse(path: Path) -> dict[str, Any]:
    try:
        doc = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return {}
    except (ValueError, RecursionError):
        return {}  # damaged (written by hand): the room starts again, never a crash
    return doc if isinstance(doc, dict) else {}


def stamp(at: float) -> str:
    """An instant as the record writes it: '2026-12-07T10:15:00Z'."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(at))


def clean_text(value: object, most: int) -> str:
    """A participant's text as stored: spaces collapsed, control characters removed, at most
    `most` characters (the caller refuses longer text before this)."""
    text = " ".join(str(value).split())
    return "".join(c for c in text if c.isprintable())[:most]
