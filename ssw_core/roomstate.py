"""What a room shares while it works (the board of plans, the room's questions, the slide the
facilitator shows): small JSON documents that every process of the room reads and changes, and
the rules for what one device may send.

A document (`SharedDoc`) is changed under an exclusive lock of every process (`flock` on a lock
file beside it) and replaced atomically (storage.write): a reader sees the old document or the
new one, never half of one, and a change that fails (a full disk) leaves the old one. Each
change adds 1 to the document's `version`, so a page that watches it redraws only when it
changed; reading an unchanged document costs a `stat` (`SharedDoc.read` keeps the last one
parsed by its inode, size and time).

A device (`Device`) is one browser of the room; a device changes only what it sent itself.
Who counts as one browser, and why that is safe enough:

- Through the room's nginx (deploy/nginx.conf), a browser is its address and the route cookie
  nginx gives it once (random, HttpOnly). The cookie counts only on a request that came through
  that nginx (it carries the room's token: `access.Connection.via_proxy`); a process reached
  some other way (`streamlit run` on its own) knows a browser by its address alone, whatever
  cookie it sends (`Device.connecting`).
- A client can still send nginx any cookie it likes, and so be a new device at will. It cannot
  take another device's tile or answer (it would need that browser's random cookie), but it
  could send as many new devices to get round the per-device bound and fill a board. So every
  device is also counted by its address (an IPv6 device by its /64), and what one address may
  do in a window is bounded too (`Limits`): how many sends, and how many devices it may bring
  into one document. A room behind one NAT or Wi-Fi gateway arrives as ONE address, so the
  address's bounds are a whole room's worth by default; where nginx caps the sessions one
  address may hold (SSW_PER_DEVICE), an address brings at most that many browsers, and
  `ssw_core.serving.room_limits` bounds the devices it may bring to the same.
- Each document takes at most `Limits.devices` devices (the room's capacity), so no one on the
  network can fill the disk; what they can do is bounded as above, and every send is recorded
  with the device and the address it came from.
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
from ssw_core.access import AccessDenied, Actor, Connection, client_address
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
    "address_busy": "too much sent from this network address (everyone on the same network may "
    "share it); try again in {wait:.0f} s",
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
        """The device of an address and a route cookie taken as given (None or '': the
        address alone). A page asks `connecting`, which decides whether the cookie counts."""
        where = address_key(client_address(address))
        cookie = (route_cookie or "").strip()[:200]
        if not cookie:
            return cls(where, where)
        digest = hashlib.sha256(cookie.encode("utf-8", "replace")).hexdigest()[:16]
        return cls(f"{where}#{digest}", where)

    @classmethod
    def connecting(cls, conn: Connection, route_cookie: str | None) -> Device:
        """The device of a connection: its address, and the route cookie only when the
        request came through the room's nginx (which set it); else the address alone (a
        cookie sent straight to a process is whatever the client chose)."""
        return cls.of(conn.address, route_cookie if conn.via_proxy else None)


ADDRESS_SENDS_PER_DEVICE = 2
"""What one address may send in a window, per device a document takes: an answer and a
correction from every browser of a full room behind one NAT address."""


@dataclass(frozen=True)
class Limits:
    """What the room accepts in any `window` seconds, per document: `per_device` sends from one
    browser; `per_address` sends from one address (None: ADDRESS_SENDS_PER_DEVICE x `devices`,
    a whole room behind one NAT address); `new_per_address` devices one address may bring into
    the document (None: `devices`; see the module docstring); and at most `devices` devices in
    one document."""

    per_device: int = 4
    per_address: int | None = None
    window: float = 60.0
    devices: int = 200
    new_per_address: int | None = None

    @property
    def address_sends(self) -> int:
        """Sends one address may make in a window."""
        if self.per_address is not None:
            return self.per_address
        return ADDRESS_SENDS_PER_DEVICE * self.devices

    @property
    def address_devices(self) -> int:
        """Devices one address may bring into a document in a window."""
        return self.devices if self.new_per_address is None else self.new_per_address

    def check(
        self, sends: dict[str, list[float]], device: Device, now: float, *, new: bool = False
    ) -> tuple[float, str]:
        """Seconds before `device` may send (0: now) and the bound that holds it back (a
        REFUSED code: 'too_many', this device's; 'address_busy', its address's). `new`: the
        device has sent nothing to this document yet. Forgets sends older than the window."""
        for key in list(sends):
            sends[key] = [t for t in sends[key] if now - t < self.window]
            if not sends[key]:
                del sends[key]
        found = (0.0, "too_many")
        bounds = [
            (f"d:{device.key}", self.per_device, "too_many"),
            (f"a:{device.address}", self.address_sends, "address_busy"),
        ]
        if new:
            bounds.append((f"n:{device.address}", self.address_devices, "address_busy"))
        for key, most, code in bounds:
            times = sends.get(key, [])
            if len(times) >= most:
                wait = times[-most] + self.window - now if most > 0 else self.window
                if wait > found[0]:
                    found = (wait, code)
        return found

    def count(
        self, sends: dict[str, list[float]], device: Device, now: float, *, new: bool = False
    ) -> None:
        """Count a send of `device` (`new`: its first to this document)."""
        keys = [f"d:{device.key}", f"a:{device.address}"]
        if new:
            keys.append(f"n:{device.address}")
        for key in keys:
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
