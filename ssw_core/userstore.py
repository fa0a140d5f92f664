"""Uploaded figures, kept apart from the shipped data, one immutable version per upload.

Layout of the user data directory (`SSW_USER_DATA_DIR`, see paths.py):

    versions/<id>/figures.parquet   the validated figures of this version (uploads.FIGURES)
    versions/<id>/upload.<ext>      the file as it was uploaded
    versions/<id>/manifest.json     when, which file, its SHA-256, rows, countries, parent
    current                         the id of the version in use; absent or 'shipped': none
    history.jsonl                   one line per upload and per switch (rollback)
    audit.jsonl                     who changed what, for every shared change (audit.py)
    .lock                           taken by every writer

A commit writes the new version under a temporary name, flushes it to disk and renames it
into place; only then is `current` replaced, by writing a temporary file and renaming it over
the old one (both renames are atomic on POSIX file systems). A crash at any moment leaves
`current` naming a complete version. What it may leave besides: a temporary directory (the
next commit removes it), a complete version that was never put in use (listed, and usable),
or a switch missing from history.jsonl (the versions' manifests are the record of uploads;
the log only adds when each was put in use). Nothing is ever deleted or rewritten: rolling
back only moves `current`.

A write that fails (a full disk, a folder it may not write) changes nothing: everything a
commit or a switch needs is written first (the version, the new `current` under a temporary
name, the record's entry), then one rename, which takes no space, puts it in use; a failure
before removes what was begun and raises storage.NotSaved.

Who may write: `commit` and `activate` take the acting user (`actor=`) and refuse, before
anything else, a role that may not (access.require); the change is recorded in the audit log
before it takes effect.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from ssw_core import paths, storage
from ssw_core.access import Actor, require
from ssw_core.audit import FILE as AUDIT_FILE
from ssw_core.audit import AuditLog
from ssw_core.schema import DataError, check_frame
from ssw_core.storage import NotSaved
from ssw_core.uploads import FIGURES, merge

SHIPPED = "shipped"
_ID = re.compile(r"^\d{4}-\d{8}T\d{6}Z$")


class UserDataError(DataError):
    """The user data directory is unreadable or inconsistent (it is never repaired silently)."""


class ChangedSinceError(UserDataError):
    """Another upload was put in use after the one a commit was prepared against."""


@dataclass(frozen=True)
class Version:
    id: str
    created: str
    """UTC, ISO 8601."""
    filename: str
    sha256: str
    n_figures: int
    n_uploaded: int
    """Figures in the uploaded file (the version also keeps other countries' earlier ones)."""
    countries: tuple[str, ...]
    """Countries the upload named (their earlier uploaded figures were replaced)."""
    parent: str | None
    detail: str = ""
    problem: str = ""
    """Why this version cannot be read ('' when it can)."""


class UserStore:
    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else paths.user_data_dir()

    @property
    def audit(self) -> AuditLog:
        return AuditLog(self.root / AUDIT_FILE)

    @property
    def versions_dir(self) -> Path:
        return self.root / "versions"

    # --- reading ------------------------------------------------------------------------

    def versions(self) -> list[Version]:
        """Every complete version, oldest first (temporary directories are not versions)."""
        if not self.versions_dir.is_dir():
            return []
        out = []
        for d in sorted(self.versions_dir.iterdir()):
            if d.is_dir() and _ID.match(d.name):
                try:
                    out.append(self._manifest(d.name))
                except UserDataError as exc:  # one damaged version does not hide the others
                    out.append(Version(d.name, "", "", "", 0, 0, (), None, problem=str(exc)))
        return out

    def _manifest(self, version_id: str) -> Version:
        path = self.versions_dir / version_id / "manifest.json"
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            raw["countries"] = tuple(raw["countries"])
            return Version(**raw)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise UserDataError(f"{path}: unreadable manifest ({exc})") from exc

    def current_id(self) -> str | None:
        """The version in use, or None when only the shipped data is used."""
        pointer = self.root / "current"
        try:
            text = pointer.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise UserDataError(f"{pointer}: unreadable ({exc})") from exc
        if text in ("", SHIPPED):
            return None
        if not _ID.match(text) or not (self.versions_dir / text / "figures.parquet").is_file():
            raise UserDataError(f"{pointer}: names version {text[:40]!r}, which does not exist")
        return text

    def figures(self, version_id: str) -> pl.DataFrame:
        path = self.versions_dir / version_id / "figures.parquet"
        try:
            frame = pl.read_parquet(path)
        except (OSError, pl.exceptions.PolarsError) as exc:
            raise UserDataError(f"{path}: not a readable Parquet file ({exc})") from exc
        check_frame(frame, FIGURES, str(path))
        return frame

    def original(self, version_id: str) -> tuple[str, bytes] | None:
        """The file a version was made from, as uploaded: (its name as uploaded, its bytes);
        None if the version has none (or cannot be read)."""
        if not _ID.match(version_id):
            return None
        for f in sorted((self.versions_dir / version_id).glob("upload.*")):
            try:
                name = self._manifest(version_id).filename
            except UserDataError:
                name = f.name
            return name, f.read_bytes()
        return None

    def current_figures(self) -> pl.DataFrame | None:
        version = self.current_id()
        return None if version is None else self.figures(version)

    def fingerprint(self) -> str:
        """Changes whenever the version in use changes."""
        pointer = self.root / "current"
        try:
            st = pointer.stat()
        except FileNotFoundError:
            return "user:-"
        return f"user:{pointer.read_text(encoding='utf-8').strip()}:{st.st_mtime_ns}"

    def history(self) -> list[dict[str, Any]]:
        path = self.root / "history.jsonl"
        if not path.is_file():
            return []
        out = []
        for line in path.read_text(encoding="utf-8").splitlines():
            with contextlib.suppress(ValueError):
                out.append(json.loads(line))
        return out

    # --- writing ------------------------------------------------------------------------

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self.root.mkdir(parents=True, exist_ok=True)
        with (self.root / ".lock").open("a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def commit(
        self,
        upload: pl.DataFrame,
        original: bytes,
        filename: str,
        detail: str = "",
        *,
        actor: Actor,
        expected_parent: str | bool | None = False,
    ) -> Version:
        """Store `upload` (validated figures) as a new version merged with the one in use
        (uploads.merge), and make it current. Atomic: see the module docstring.
        `expected_parent`: the version in use when the user previewed the change (None: the
        shipped data only); if another has been put in use since, ChangedSinceError and
        nothing is written. False: do not check. `actor`: who uploads (an editor)."""
        require(actor, "upload")
        check_frame(upload, FIGURES, "upload")
        with self._locked():
            self._remove_temporaries()
            parent = self.current_id()
            if expected_parent is not False and parent != expected_parent:
                raise ChangedSinceError(
                    f"version in use is {parent or SHIPPED}, not {expected_parent or SHIPPED}"
                )
            previous = None if parent is None else self.figures(parent)
            merged = merge(previous, upload)
            now = datetime.now(UTC)
            self.versions_dir.mkdir(parents=True, exist_ok=True)
            version_id = self._next_id(now)
            ext = Path(filename).suffix.lower()
            ext = ext if ext in (".csv", ".xlsx", ".xlsm", ".txt") else ".bin"
            version = Version(
                id=version_id,
                created=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
                filename=Path(filename).name[:200] or "upload",
                sha256=hashlib.sha256(original).hexdigest(),
                n_figures=merged.height,
                n_uploaded=upload.height,
                countries=tuple(sorted(upload["country"].unique().to_list())),
                parent=parent,
                detail=detail[:200],
            )
            final = self.versions_dir / version_id
            tmp = self.versions_dir / f".tmp-{uuid.uuid4().hex}"
            pointer: Path | None = None
            try:
                tmp.mkdir(parents=True)
                merged.write_parquet(tmp / "figures.parquet")
                (tmp / f"upload{ext}").write_bytes(original)
                (tmp / "manifest.json").write_text(
                    json.dumps(asdict(version), ensure_ascii=False, indent=1), encoding="utf-8"
                )
                for f in tmp.iterdir():
                    storage.sync(f)
                storage.sync(tmp)
                os.rename(tmp, final)
                storage.sync(self.versions_dir)
                pointer = storage.prepare(self.root / "current", f"{version_id}\n".encode())
                countries = ", ".join(version.countries)
                self.audit.record(
                    actor,
                    "upload",
                    version.filename,
                    version=version_id,
                    detail=f"{upload.height} figures for {countries}",
                    facts={"figures": upload.height, "countries": list(version.countries)},
                )
            except (OSError, pl.exceptions.PolarsError, NotSaved) as exc:
                # Not in use, not recorded: nothing of it stays (a full disk, a folder it may
                # not write). Taking it back needs no space.
                shutil.rmtree(tmp, ignore_errors=True)
                shutil.rmtree(final, ignore_errors=True)
                if pointer is not None:
                    pointer.unlink(missing_ok=True)
                raise exc if isinstance(exc, NotSaved) else NotSaved("upload", exc) from exc
            storage.put(pointer, self.root / "current")  # a rename: it takes no space
            self._log({"action": "upload", "version": version_id, "at": version.created})
            return version

    def activate(self, version_id: str | None, *, actor: Actor) -> None:
        """Use another version (rollback or forward), or None for the shipped data only."""
        require(actor, "switch")
        with self._locked():
            if version_id is not None and version_id not in {v.id for v in self.versions()}:
                raise UserDataError(f"no version {version_id!r}")
            previous = self.current_id() or SHIPPED
            pointer: Path | None = None
            try:
                pointer = storage.prepare(
                    self.root / "current", f"{version_id or SHIPPED}\n".encode()
                )
                self.audit.record(
                    actor,
                    "switch",
                    version_id or SHIPPED,
                    version=version_id,
                    detail=f"was {previous}",
                    facts={"previous": previous},
                )
            except (OSError, NotSaved) as exc:
                if pointer is not None:
                    pointer.unlink(missing_ok=True)
                raise exc if isinstance(exc, NotSaved) else NotSaved("switch", exc) from exc
            storage.put(pointer, self.root / "current")
            at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            self._log({"action": "use", "version": version_id or SHIPPED, "at": at})

    def _next_id(self, now: datetime) -> str:
        existing = [v.name for v in self.versions_dir.iterdir() if _ID.match(v.name)]
        seq = 1 + max((int(name[:4]) for name in existing), default=0)
        return f"{seq:04d}-{now.strftime('%Y%m%dT%H%M%SZ')}"

    def _remove_temporaries(self) -> None:
        if self.versions_dir.is_dir():
            for d in self.versions_dir.glob(".tmp-*"):
                shutil.rmtree(d, ignore_errors=True)
        for f in [*self.root.glob(".current-*"), *self.root.glob(".current.*.tmp")]:
            f.unlink(missing_ok=True)

    def _log(self, entry: dict[str, Any]) -> None:
        """A line of history.jsonl, after the change took effect (the record and `current`
        are what count; this only adds when). On a full disk it is left out, never cut."""
        path = self.root / "history.jsonl"
        with path.open("ab", buffering=0) as f:
            end = f.seek(0, os.SEEK_END)
            try:
                storage.write_all(f, json.dumps(entry).encode() + b"\n")
                os.fsync(f.fileno())
            except OSError:
                with contextlib.suppress(OSError):
                    f.truncate(end)
