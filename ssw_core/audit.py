"""The record of changes to shared data: one JSON line per upload, version switch and change to
a shared presentation, appended to `<user data dir>/audit.jsonl` and never rewritten.

Each entry names who (the `Actor`: name, role, where the identity came from, address), when,
what and which version or presentation; it carries its number (`seq`, from 1) and the SHA-256
of the entry before it (`prev`), so an entry changed, removed or inserted by hand breaks the
chain and `read` says which line. The record's head, the number of entries and the hash of the
last, is kept beside it (`audit.head`) by the store that writes it, and each new entry follows
the head, not whatever the file ends with: so a changed last entry, entries cut from the end,
and a file re-chained after an edit are reported too (by anyone who edits the record alone).

An entry is written and synced to disk before the change it records takes effect, by the store
making the change: no change is ever unrecorded. A write that fails (a full disk) is taken back
and raises storage.NotSaved, and the store then makes no change. A crash between the record and
the change leaves an entry for a change that did not take effect (the store's own state says
what is in use); a crash in the middle of a write leaves an incomplete last line, which `read`
reports, and the next entry starts on a line of its own.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Literal

from ssw_core import storage
from ssw_core.access import Actor
from ssw_core.storage import NotSaved

FILE = "audit.jsonl"
HEAD = "audit.head"
GENESIS = "0" * 64
FIELDS = ("at", "who", "role", "via", "address", "action", "target", "version", "detail", "facts")
"""`detail`: the change in a few English words, for whoever reads the file; `facts`: the same
as values (counts, the version before), for the dashboard to say in the reader's language."""

Code = Literal[
    "incomplete",
    "changed",
    "missing",
    "inserted",
    "cut",
    "added",
    "rewritten",
    "no_head",
    "head_unreadable",
]
_ENGLISH: dict[str, str] = {
    "incomplete": "line {line}: incomplete or not an entry (a write cut short?)",
    "changed": "line {line}: changed after it was written",
    "missing": "line {line}: entries before it are missing: {n} (removed?)",
    "inserted": "line {line}: not written by the dashboard (inserted, or out of order)",
    "cut": "the record ends early: entries after line {line} are missing: {n} (cut?)",
    "added": "line {line}: written after the record's head (added by hand, or the server "
    "stopped between the two writes)",
    "rewritten": "line {line}: the last entry is not the one the dashboard wrote (the record "
    "was rewritten after an edit?)",
    "no_head": "the record's head (audit.head) is missing: its end cannot be checked",
    "head_unreadable": "the record's head (audit.head) is unreadable: its end cannot be checked",
}


@dataclass(frozen=True)
class Problem:
    """Something wrong with the record: `code` (said in the reader's language by the page),
    the line it concerns (0: the file as a whole) and a count where one applies."""

    code: Code
    line: int = 0
    n: int = 0

    def __str__(self) -> str:
        return _ENGLISH[self.code].format(line=self.line, n=self.n)


@dataclass(frozen=True)
class Record:
    entries: list[dict[str, Any]]
    problems: list[Problem]  # in the order of the file


@dataclass(frozen=True)
class Head:
    count: int
    last: str


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.head_path = self.path.with_name(HEAD)

    def record(
        self,
        actor: Actor,
        action: str,
        target: str,
        *,
        version: str | None = None,
        detail: str = "",
        facts: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Append one entry and sync it to disk, then its head, under a lock of the file
        (several processes append to one record). A write that fails is taken back (the file
        cut to where it was) and raises storage.NotSaved."""
        entry = {
            "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "who": actor.name[:200],
            "role": actor.role,
            "via": actor.via,
            "address": actor.address,
            "action": action,
            "target": target[:200],
            "version": version,
            "detail": detail[:300],
            "facts": facts or {},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # unbuffered: a write that fails leaves nothing in a buffer to be written later
            with open(self.path, "a+b", buffering=0) as f:
                fcntl.flock(f, fcntl.LOCK_EX)  # released when the file is closed
                f.seek(0, os.SEEK_END)
                end = f.tell()
                try:
                    return self._append(f, end, entry)
                except BaseException:
                    with contextlib.suppress(OSError):
                        f.truncate(end)  # as it was: no part of an entry stays
                        os.fsync(f.fileno())
                    raise
        except OSError as exc:
            raise NotSaved(action, exc) from exc

    def _append(self, f: IO[bytes], end: int, entry: dict[str, Any]) -> dict[str, Any]:
        head = self._head_for_writing(f, end)
        entry = {**entry, "seq": head.count + 1, "prev": head.last}
        if end:
            f.seek(end - 1)
            if f.read(1) != b"\n":
                storage.write_all(f, b"\n")  # a write cut short: a line of its own next
        line = json.dumps(entry, ensure_ascii=False).encode("utf-8")
        storage.write_all(f, line + b"\n")
        os.fsync(f.fileno())
        storage.write(
            self.head_path, json.dumps({"count": head.count + 1, "last": _hash(line)}).encode()
        )
        return entry

    def _head_for_writing(self, f: IO[bytes], end: int) -> Head:
        """The head a new entry follows: the one kept (whatever the file now ends with), or,
        for a record written before heads were kept, its own last entry and count."""
        head = self._head()
        if isinstance(head, Head):
            return head
        if not end:
            return Head(0, GENESIS)
        f.seek(0)
        lines = [x for x in f.read().split(b"\n") if x.strip()]
        good = [x for x in lines if _entry(x) is not None]
        return Head(len(good), _hash(good[-1]) if good else GENESIS)

    def _head(self) -> Head | Code:
        try:
            raw = json.loads(self.head_path.read_text(encoding="utf-8"))
            return Head(int(raw["count"]), str(raw["last"]))
        except FileNotFoundError:
            return "no_head"
        except (OSError, ValueError, KeyError, TypeError):
            return "head_unreadable"

    def read(self) -> Record:
        """Every entry, oldest first, and what is wrong with the file (empty: nothing)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Record([], [])
        entries: list[dict[str, Any]] = []
        problems: list[Problem] = []
        prev, prev_line, expected, last_line = GENESIS, 0, 1, 0
        for n, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            entry = _entry(line)
            if entry is None:
                problems.append(Problem("incomplete", n))
                continue
            seq = entry.get("seq")
            if isinstance(seq, int) and seq > expected:
                problems.append(Problem("missing", n, seq - expected))
            elif isinstance(seq, int) and seq < expected:
                problems.append(Problem("inserted", n))
            elif entry.get("prev") != prev:
                # the entry is where it should be, but the one before it is not as written
                problems.append(
                    Problem("changed", prev_line) if prev_line else Problem("inserted", n)
                )
            expected = (seq if isinstance(seq, int) else expected) + 1
            prev, prev_line, last_line = _hash(line), n, n
            entries.append(entry)
        if entries and any("seq" in e for e in entries):
            problems += self._check_end(expected - 1, prev, last_line)
        return Record(entries, problems)

    def _check_end(self, seq: int, last: str, line: int) -> list[Problem]:
        """The file's end against the head: the last entry's number and hash."""
        head = self._head()
        if not isinstance(head, Head):
            return [Problem(head)]
        if seq < head.count:
            return [Problem("cut", line, head.count - seq)]
        if seq > head.count:
            return [Problem("added", line)]
        if last != head.last:
            return [Problem("rewritten", line)]
        return []


def _entry(line: bytes) -> dict[str, Any] | None:
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None


def _hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\r")).hexdigest()
