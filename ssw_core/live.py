"""The slide the room follows (issue 24): while the facilitator presents a shared presentation,
the slide on the projector is published here, and every participant who joined (the link
`join_link` makes, shown as a QR code on the first slide) sees that slide's view on their own
phone, in their own language, until they choose to explore on their own.

One small document for the whole room (`<user data dir>/live.json`, a roomstate.SharedDoc, so
every process of the room reads and changes the same one):

    {"deck": "atelier-chisinau", "slide": 2, "at": "2026-12-07T10:15:00Z",
     "since": "2026-12-07T10:02:11Z", "version": 14}

`deck` is the shared presentation's name (ssw_core.deck.DeckStore), `slide` the slide's index
from 0, `at` when that slide was published, `since` when the presentation went live; no
`deck`: nothing is live. A participant's page watches `version()` (a `stat` while nothing
changed) and reads `current()` only when it changed.

Choosing the slide is the facilitator's (`live.publish`: an editor; access.require first, so a
refused call changes nothing). Publishing the slide already live writes nothing, so the
facilitator's page may publish on every run. Going live and stopping are recorded in the audit
log (`live.start`, `live.stop`, written once the new document has its space on disk and before
it replaces the old: a full disk refuses both); moving from slide to slide is not:
it is what presenting is, and a record of 60 slides an hour would bury the changes to the data.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

from ssw_core.access import Actor, require
from ssw_core.audit import FILE as AUDIT_FILE
from ssw_core.audit import AuditLog
from ssw_core.deck import MAX_SLIDES
from ssw_core.roomstate import SharedDoc, stamp

FILE = "live.json"
JOIN_PARAM = "follow"
"""The link parameter that makes a browser follow the facilitator (`?follow=1`): a setting of
the session, like `present`, so never part of a slide or a shared link (deck.SESSION_PARAMS)."""
_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # a saved presentation's name (deck.DeckStore)
_STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@dataclass(frozen=True)
class Live:
    """The slide the room follows: `deck` (a shared presentation's name), `slide` (its index,
    from 0), the document's `version`, `at` when this slide was published and `since` when the
    presentation went live ('2026-12-07T10:15:00Z')."""

    deck: str
    slide: int
    version: int
    at: str
    since: str


class LiveStore:
    """The live document of the room whose shared data is in `root` (the user data folder),
    with the audit log beside it (unless another is given). `LiveStore.of(root)`: the one of
    this process, which keeps its last reading (a watcher's check is then a `stat` while
    nothing changed)."""

    _of: ClassVar[dict[Path, LiveStore]] = {}
    _of_lock: ClassVar[threading.Lock] = threading.Lock()

    @classmethod
    def of(cls, root: Path) -> LiveStore:
        """This process's store of `root` (each process reads the shared file itself)."""
        with cls._of_lock:
            store = cls._of.get(root)
            if store is None:
                store = cls._of[root] = cls(root)
                while len(cls._of) > 16:  # tests open many folders; a room one
                    del cls._of[next(iter(cls._of))]
            return store

    def __init__(
        self,
        root: Path,
        audit: AuditLog | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.doc = SharedDoc(Path(root) / FILE)
        self.audit = audit or AuditLog(Path(root) / AUDIT_FILE)
        self.clock = clock

    def version(self) -> int:
        """The document's version (0: never written): what a watching page compares."""
        return self.doc.version()

    def current(self) -> Live | None:
        """The slide the room follows, or None (nothing live, or a document that is not one
        this module wrote: it reads as nothing live)."""
        return _live(self.doc.read())

    def read(self) -> tuple[int, Live | None]:
        """The document's version and the slide the room follows, from one reading (a page
        acts on the slide and watches for the next version)."""
        doc = self.doc.read()
        version = doc.get("version", 0)
        return (version if type(version) is int else 0), _live(doc)

    def publish(self, deck_slug: str, index: int, *, actor: Actor) -> Live:
        """Make slide `index` (from 0) of the shared presentation `deck_slug` the one the room
        follows. The slide already live: nothing written. Another presentation than the one
        live, or none live: recorded as going live ('live.start') before it takes effect.
        ValueError for a name or an index that cannot be a slide's; storage.NotSaved when it
        could not be written (then nothing changed)."""
        require(actor, "live.publish")
        if not _NAME.fullmatch(deck_slug or "") or len(deck_slug) > 200:
            raise ValueError(f"not the name of a saved presentation: {deck_slug[:40]!r}")
        if type(index) is not int or not 0 <= index < MAX_SLIDES:
            raise ValueError(f"not a slide's index (0 to {MAX_SLIDES - 1}): {index!r}")
        now = self.current()
        if now is not None and (now.deck, now.slide) == (deck_slug, index):
            return now  # the facilitator's page publishes on every run: no write, no version
        starting = False

        def record() -> None:  # once the new document has its space on disk
            if starting:
                self.audit.record(
                    actor,
                    "live.start",
                    deck_slug,
                    version=deck_slug,
                    detail=f"from slide {index + 1}",
                    facts={"slide": index + 1},
                )

        with self.doc.change(before_put=record) as doc:
            was = _live(doc)  # under the lock: another process may have changed it
            at = stamp(self.clock())
            starting = was is None or was.deck != deck_slug
            since = at if was is None or starting else was.since
            doc.update(deck=deck_slug, slide=index, at=at, since=since)
        live = self.current()
        assert live is not None
        return live

    def stop(self, *, actor: Actor) -> bool:
        """Nothing is live any more (participants stay where they are). Recorded as
        'live.stop' before it takes effect. False: nothing was live (nothing written)."""
        require(actor, "live.publish")
        if self.current() is None:
            return False
        stopped: list[Live] = []

        def record() -> None:  # once the new document has its space on disk
            (was,) = stopped
            self.audit.record(
                actor,
                "live.stop",
                was.deck,
                version=was.deck,
                detail=f"at slide {was.slide + 1}",
                facts={"slide": was.slide + 1},
            )

        try:
            with self.doc.change(before_put=record) as doc:
                was = _live(doc)  # under the lock: another process may have stopped it
                if was is None:
                    raise _NothingLive  # no write
                stopped.append(was)
                for name in ("deck", "slide", "at", "since"):
                    doc.pop(name, None)
        except _NothingLive:
            return False
        return True


class _NothingLive(Exception):
    pass


def _live(doc: Mapping[str, Any]) -> Live | None:
    """The live slide a document holds (None: none, or not as this module writes it)."""
    deck, slide, version = doc.get("deck"), doc.get("slide"), doc.get("version", 0)
    at, since = doc.get("at"), doc.get("since")
    if not (isinstance(deck, str) and _NAME.fullmatch(deck)):
        return None
    if type(slide) is not int or not 0 <= slide < MAX_SLIDES or type(version) is not int:
        return None
    if not (isinstance(at, str) and _STAMP.fullmatch(at)):
        return None
    if not (isinstance(since, str) and _STAMP.fullmatch(since)):
        since = at
    return Live(deck, slide, version, at, since)


def join_link(base: str) -> str:
    """The link a participant opens to follow the facilitator, at the room's address `base`
    (e.g. 'http://10.0.0.5:8501' -> 'http://10.0.0.5:8501/?follow=1'): the root page, so it
    works however the room is served, and short to type. ValueError if `base` is not an
    http(s) address."""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {base!r}")
    path = parts.path.rstrip("/") + "/"
    return urlunsplit((parts.scheme, parts.netloc, path, f"{JOIN_PARAM}=1", ""))
