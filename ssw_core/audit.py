"""The record of changes to shared data: one JSON line per upload, version switch and change to
a shared presentation, appended to `<user data dir>/audit.jsonl` and never rewritten.

Each entry names who (the `Actor`: name, role, where the identity came from, address), when,
what and which version or presentation, and carries the SHA-256 of the line before it, so a line
changed, removed or inserted by hand breaks the chain and `read` says where.

An entry is written and synced to disk before the change it records takes effect, by the store
making the change: no change is ever unrecorded. A crash between the two
leaves an entry for a change that did not take effect (the store's own state says what is in
use). A crash in the middle of a write leaves an incomplete last line: the next entry starts on
a line of its own, and `read` reports the incomplete one.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ssw_core.access import Actor

FILE = "audit.jsonl"
GENESIS = "0" * 64
FIELDS = ("at", "who", "role", "via", "address", "action", "target", "version", "detail",
          "facts")  # fmt: skip
"""`detail`: the change in a few English words, for whoever reads the file; `facts`: the same
as values (counts, the version before), for the dashboard to say in the reader's language."""


@dataclass(frozen=True)
class Record:
    entries: list[dict[str, Any]]
    problems: list[str]  # lines that are incomplete or break the chain, by line number


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def record(
        self, actor: Actor, action: str, target: str, *, version: str | None = None,
        detail: str = "", facts: dict[str, Any] | None = None,
    ) -> dict[str, Any]:  # fmt: skip
        """Append one entry and sync it to disk, under a lock of the file (several processes
        append to one log; the chain needs each to see the line before its own)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # released when the file is closed
            f.seek(0, os.SEEK_END)
            end = f.tell()
            prev = GENESIS
            if end:
                f.seek(max(0, end - 65536))
                tail = f.read()
                if not tail.endswith(b"\n"):
                    f.write(b"\n")  # a write cut short: the next entry starts a line of its own
                    tail += b"\n"
                lines = [x for x in tail.split(b"\n") if x.strip()]
                prev = _last_good_hash(lines)
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
                "prev": prev,
            }
            f.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
            f.flush()
            os.fsync(f.fileno())
        return entry

    def read(self) -> Record:
        """Every entry, oldest first, and what is wrong with the file (empty: nothing)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return Record([], [])
        entries: list[dict[str, Any]] = []
        problems: list[str] = []
        prev = GENESIS
        for n, line in enumerate(raw.split(b"\n"), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                if not isinstance(entry, dict):
                    raise ValueError
            except ValueError:
                problems.append(f"line {n}: incomplete or not an entry (a write cut short?)")
                continue
            if entry.get("prev") != prev:
                problems.append(f"line {n}: does not follow the entry before it (edited?)")
            prev = _hash(line)
            entries.append(entry)
        return Record(entries, problems)


def _hash(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\r")).hexdigest()


def _last_good_hash(lines: list[bytes]) -> str:
    for line in reversed(lines):
        try:
            if isinstance(json.loads(line), dict):
                return _hash(line)
        except ValueError:
            continue
    return GENESIS
