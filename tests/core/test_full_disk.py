"""A full user-data disk, for real: a small tmpfs, filled so that only so many bytes are left,
from none to more than a change needs. Every write to shared data (an upload, a switch, a shared
presentation saved or deleted, a passcode attempt) either takes effect whole and is recorded, or
fails closed: storage.NotSaved (or its presentation's and passcode's forms), the folder exactly
as it was (no version, pointer, record line or temporary file left), and a passcode never
compared. So does a change to the room's documents (a board, a question's answers). Mounting
needs root: CI runs as root; elsewhere these are skipped with the reason."""

from __future__ import annotations

import contextlib
import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from ssw_core import access, board, live, questions
from ssw_core import deck as d
from ssw_core.access import LOCAL, Actor
from ssw_core.roomstate import Device
from ssw_core.storage import NotSaved
from ssw_core.userstore import UserStore
from tests.core.test_userstore import MDA, figures

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="mounts a tmpfs (root; CI runs as root)")
LEAVES = range(0, 96 * 1024, 4096)
"""Bytes left free on the disk before each attempt: none, then a page more each time."""
OTHER = figures("MDA,staff,1,2024,600,persons,Census of staff,Ministry of Labour")


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], check=True)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def _leave(disk: Path, free: int) -> Path:
    """Fill the disk until only `free` bytes are left; the filler, to remove afterwards."""
    filler = disk / "filler"
    stat = os.statvfs(disk)
    room = stat.f_bavail * stat.f_frsize - free
    with filler.open("wb") as f, contextlib.suppress(OSError):  # OSError: full already
        f.write(b"\0" * max(0, room))
    return filler


def _files(root: Path) -> dict[str, str]:
    """Every file of the folder and its content (an empty record counts as none: the record
    file is made before its first entry is written, and left, empty, when that fails)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
        and p.name not in (".lock", "attempts.lock")
        and not (p.name == "audit.jsonl" and p.stat().st_size == 0)
    }


def test_an_upload_or_a_switch_takes_effect_whole_or_not_at_all(disk: Path):
    user = UserStore(disk / "user")
    first = user.commit(MDA, b"first", "first.csv", actor=LOCAL)
    outcomes = []
    for free in LEAVES:
        for change in ("upload", "switch"):
            filler = _leave(disk, free)
            before, in_use = _files(user.root), user.current_id()
            entries = len(user.audit.read().entries)
            try:
                if change == "upload":
                    made = user.commit(OTHER, b"x" * 30_000, "second.csv", actor=LOCAL).id
                else:
                    made = first.id if in_use != first.id else None
                    user.activate(made, actor=LOCAL)
            except NotSaved as exc:
                assert exc.code == "disk_full", exc
                assert _files(user.root) == before, (change, free)  # nothing changed or left
                assert user.current_id() == in_use
                outcomes.append("refused")
            else:
                record = user.audit.read()
                assert user.current_id() == made and len(record.entries) == entries + 1
                assert record.entries[-1]["version"] == made  # recorded, and in use
                outcomes.append("saved")
            finally:
                filler.unlink()
            assert user.audit.read().problems == [], (change, free)
    assert "refused" in outcomes and "saved" in outcomes, outcomes


def test_a_shared_presentation_is_saved_whole_or_not_at_all(disk: Path):
    store = d.DeckStore(disk / "user" / "presentations")
    slides = [d.Slide("country", {"country": "MDA"}, {"en": "A message to the room. " * 10})] * 30
    outcomes = []
    for free in LEAVES:
        filler = _leave(disk, free)
        before = _files(disk / "user") if (disk / "user").exists() else {}
        try:
            store.save(d.make_deck(f"Atelier {free}", slides, ("country",)), actor=LOCAL)
        except d.DeckError as exc:
            assert (exc.code, exc.values["reason"]) == ("not_saved", "disk_full")
            after = _files(disk / "user") if (disk / "user").exists() else {}
            assert after == before, free
            outcomes.append("refused")
        else:
            outcomes.append("saved")
        finally:
            filler.unlink()
    assert "refused" in outcomes and "saved" in outcomes, outcomes
    record = store.audit.read()
    assert record.problems == [] and len(record.entries) == outcomes.count("saved")
    assert len(store.names()) == outcomes.count("saved")


def test_a_passcode_attempt_on_a_full_disk_is_refused_unchecked(disk: Path, monkeypatch):
    compared: list[str] = []
    real = access.check_passcode
    monkeypatch.setattr(access, "check_passcode", lambda s, a: compared.append(a) or real(s, a))
    stored = access.hash_passcode("atelier-chisinau-2026")
    tries = access.Attempts(disk / "access" / "attempts.json")
    tries.try_passcode(stored, "guess", "10.0.0.1")  # the file exists
    filler = _leave(disk, 0)
    try:
        for _ in range(8):  # no limit would mean 8 guesses, then the right one
            verdict = tries.try_passcode(stored, "guess", "10.0.0.1")
            assert verdict.outcome in ("not_recorded", "too_many"), verdict
        assert tries.try_passcode(stored, "atelier-chisinau-2026", "10.0.0.1").outcome in (
            "not_recorded",
            "too_many",
        )
    finally:
        filler.unlink()
    assert compared == ["guess"]  # only the one before the disk was full
    assert tries.try_passcode(stored, "atelier-chisinau-2026", "10.0.0.1").unlocked


def test_going_live_moving_and_stopping_take_effect_whole_or_not_at_all(disk: Path):
    # The slide the room follows (ssw_core.live): a start or a stop is recorded and written
    # together, or neither; a move is written or not.
    root = disk / "user"
    store = live.LiveStore(root)
    store.publish("warm-up", 0, actor=LOCAL)  # the document, its lock and the record exist
    outcomes = []
    for n, free in enumerate(LEAVES[:6]):
        for change in ("start", "move", "stop"):
            if change == "start":
                store.stop(actor=LOCAL)  # with room on the disk: nothing live before a start
            elif store.current() is None:
                store.publish(f"before-{n}", 0, actor=LOCAL)  # something live to move or stop
            filler = _leave(disk, free)
            before, was = _files(root), store.current()
            entries = len(store.audit.read().entries)
            try:
                if change == "stop":
                    store.stop(actor=LOCAL)
                else:
                    deck = f"deck-{n}" if change == "start" else store.current().deck  # type: ignore[union-attr]
                    store.publish(deck, 1 if change == "start" else 2, actor=LOCAL)
            except NotSaved as exc:
                assert exc.code == "disk_full", exc
                assert _files(root) == before, (change, free)  # nothing changed, no record
                assert store.current() == was
                outcomes.append(f"{change} refused")
            else:
                record = store.audit.read()
                added = [e["action"] for e in record.entries[entries:]]
                assert added == ([] if change == "move" else [f"live.{change}"]), (change, free)
                assert (store.current() is None) == (change == "stop")
                outcomes.append(f"{change} saved")
            finally:
                filler.unlink()
            assert store.audit.read().problems == [], (change, free)
    for change in ("start", "move", "stop"):
        assert {f"{change} refused", f"{change} saved"} <= set(outcomes), outcomes


def test_a_boards_and_a_questions_changes_take_effect_with_their_record_or_not_at_all(
    disk: Path,
):
    # The room's documents (ssw_core.board, ssw_core.questions): a send, a board loaded from a
    # file and an answer are written with their record, or neither; never an empty board.
    root = disk / "user"
    boards = board.BoardStore(root / "boards", countries=("MDA", "GEO"))
    day = boards.open("Day 2", actor=LOCAL)
    phone = Actor("participant (10.0.0.5)", "viewer", "room", "10.0.0.5")
    link = "scenario?country=MDA&places=120"
    boards.send(day.id, board.Entry("A", "MDA", link), actor=phone, device=Device.of("10.0.0.5"))
    raw = boards.to_file(day.id, actor=LOCAL)
    room = questions.QuestionStore(root / "questions")
    asked = room.ask("cat6_share", event="Atelier", countries=("MDA", "GEO"), actor=LOCAL)
    outcomes = []
    for n, free in enumerate(LEAVES[:8]):
        for change in ("send", "load", "answer"):
            filler = _leave(disk, free)
            before = {k: v for k, v in _files(root).items() if not k.endswith(".lock")}
            entries = len(boards.audit.read().entries)
            device = Device.of(f"10.0.1.{n}")
            try:
                if change == "send":
                    team = board.Entry(f"T{n}", "GEO", "scenario")
                    boards.send(day.id, team, actor=phone, device=device)
                elif change == "load":
                    boards.load(raw, actor=LOCAL, where=f"day{n}.json")
                else:
                    answer = questions.Answer("MDA", n)
                    room.answer(asked.id, answer, actor=phone, device=device)
            except NotSaved as exc:
                assert exc.code == "disk_full", exc
                after = {k: v for k, v in _files(root).items() if not k.endswith(".lock")}
                assert after == before, (change, free)  # nothing changed, no record
                outcomes.append(f"{change} refused")
            else:
                added = [e["action"] for e in boards.audit.read().entries[entries:]]
                expected = {"send": "board.send", "load": "board.load"}
                assert added == [expected.get(change, "question.answer")], (change, free)
                outcomes.append(f"{change} saved")
            finally:
                filler.unlink()
            assert boards.audit.read().problems == [], (change, free)
    for change in ("send", "load", "answer"):
        assert {f"{change} refused", f"{change} saved"} <= set(outcomes), outcomes
    loaded = [b for b in boards.boards() if b.id != day.id]
    assert len(loaded) == outcomes.count("load saved")  # no board left empty
    assert all(len(boards.entries(b.id)) == 1 for b in loaded)
