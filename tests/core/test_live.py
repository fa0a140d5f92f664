"""The slide the room follows (ssw_core.live): what is published, what is written and recorded,
who may, and several processes publishing at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ssw_core import deck as d
from ssw_core import live as lv
from ssw_core import share
from ssw_core.access import LOCAL, AccessDenied, Actor
from ssw_core.audit import AuditLog

FACILITATOR = Actor("facilitator (this computer)", "admin", "room", "127.0.0.1")
CO_FACILITATOR = Actor("facilitator (passcode)", "editor", "passcode", "10.0.0.7")
PARTICIPANT = Actor("participant (10.0.0.9)", "viewer", "room", "10.0.0.9")
T0 = 1_796_638_500.0  # 2026-12-07T10:15:00Z


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> float:
        return self.now


def _store(root: Path, clock: Clock | None = None) -> lv.LiveStore:
    return lv.LiveStore(root, clock=clock or Clock())


def _entries(root: Path) -> list[dict]:
    record = AuditLog(root / "audit.jsonl").read()
    assert record.problems == []
    return record.entries


def test_nothing_is_live_at_first(tmp_path):
    store = _store(tmp_path)
    assert store.current() is None
    assert store.version() == 0
    assert store.read() == (0, None)
    assert list(tmp_path.iterdir()) == []  # reading writes nothing


def test_one_reading_gives_the_version_and_the_slide(tmp_path):
    store = _store(tmp_path)
    live = store.publish("atelier", 2, actor=FACILITATOR)
    assert store.read() == (1, live)
    store.stop(actor=FACILITATOR)
    assert store.read() == (2, None)


def test_publishing_makes_the_slide_the_rooms_and_records_going_live(tmp_path):
    clock = Clock()
    store = _store(tmp_path, clock)
    live = store.publish("atelier-chisinau", 0, actor=FACILITATOR)
    assert live == lv.Live(
        "atelier-chisinau", 0, 1, "2026-12-07T10:15:00Z", since="2026-12-07T10:15:00Z"
    )
    assert store.current() == live
    doc = json.loads((tmp_path / "live.json").read_text())
    assert doc == {
        "deck": "atelier-chisinau",
        "slide": 0,
        "at": "2026-12-07T10:15:00Z",
        "since": "2026-12-07T10:15:00Z",
        "version": 1,
    }
    (entry,) = _entries(tmp_path)
    assert (entry["action"], entry["target"], entry["who"], entry["role"]) == (
        "live.start",
        "atelier-chisinau",
        "facilitator (this computer)",
        "admin",
    )
    assert entry["facts"] == {"slide": 1}


def test_each_new_slide_is_a_new_version_but_not_a_new_record(tmp_path):
    clock = Clock()
    store = _store(tmp_path, clock)
    store.publish("atelier", 0, actor=FACILITATOR)
    clock.now += 95
    live = store.publish("atelier", 1, actor=CO_FACILITATOR)
    assert (live.slide, live.version) == (1, 2)
    assert (live.at, live.since) == ("2026-12-07T10:16:35Z", "2026-12-07T10:15:00Z")
    clock.now += 30
    assert store.publish("atelier", 0, actor=FACILITATOR).version == 3  # back one
    assert [e["action"] for e in _entries(tmp_path)] == ["live.start"]


def test_publishing_the_live_slide_again_writes_nothing(tmp_path):
    # the facilitator's page publishes on every run (a slider moved on the slide)
    store = _store(tmp_path)
    store.publish("atelier", 3, actor=FACILITATOR)
    path = tmp_path / "live.json"
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    for _ in range(5):
        assert store.publish("atelier", 3, actor=FACILITATOR).version == 1
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_another_presentation_goes_live_in_place_of_the_first(tmp_path):
    store = _store(tmp_path)
    store.publish("morning", 4, actor=FACILITATOR)
    live = store.publish("afternoon", 0, actor=FACILITATOR)
    assert (live.deck, live.slide, live.version) == ("afternoon", 0, 2)
    starts = [(e["action"], e["target"]) for e in _entries(tmp_path)]
    assert starts == [("live.start", "morning"), ("live.start", "afternoon")]


def test_stopping_records_it_and_leaves_nothing_live(tmp_path):
    store = _store(tmp_path)
    store.publish("atelier", 0, actor=FACILITATOR)
    store.publish("atelier", 6, actor=FACILITATOR)
    assert store.stop(actor=FACILITATOR) is True
    assert store.current() is None
    assert store.version() == 3
    assert json.loads((tmp_path / "live.json").read_text()) == {"version": 3}
    stop = _entries(tmp_path)[-1]
    assert (stop["action"], stop["target"], stop["facts"]) == ("live.stop", "atelier", {"slide": 7})
    # stopping again: nothing live, nothing written or recorded
    assert store.stop(actor=FACILITATOR) is False
    assert store.version() == 3
    assert len(_entries(tmp_path)) == 2
    # and going live again starts from the start
    again = store.publish("atelier", 0, actor=FACILITATOR)
    assert (again.version, again.since) == (4, again.at)


def test_a_participant_may_not_choose_the_slide_and_changes_no_file(tmp_path):
    store = _store(tmp_path)
    with pytest.raises(AccessDenied, match="choosing the slide the room follows"):
        store.publish("atelier", 0, actor=PARTICIPANT)
    with pytest.raises(AccessDenied):
        store.stop(actor=PARTICIPANT)
    assert list(tmp_path.iterdir()) == []  # no document, no lock file, no record
    store.publish("atelier", 2, actor=LOCAL)
    files = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    for attempt in (
        lambda: store.publish("atelier", 3, actor=PARTICIPANT),
        lambda: store.publish("other", 0, actor=PARTICIPANT),
        lambda: store.stop(actor=PARTICIPANT),
    ):
        with pytest.raises(AccessDenied):
            attempt()
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == files
    assert store.current() is not None and store.current().slide == 2


@pytest.mark.parametrize(
    ("deck", "index"),
    [
        ("", 0),
        ("../etc/passwd", 0),
        ("Atelier", 0),  # a saved presentation's name is lower case
        ("atelier", -1),
        ("atelier", d.MAX_SLIDES),
        ("atelier", True),  # not an index, although Python counts it as 1
        ("atelier", 1.0),
    ],
)
def test_what_cannot_be_a_slide_is_refused_and_nothing_written(tmp_path, deck, index):
    with pytest.raises(ValueError, match="not"):
        _store(tmp_path).publish(deck, index, actor=FACILITATOR)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "[1, 2]",
        '{"deck": "../x", "slide": 0, "at": "2026-12-07T10:15:00Z", "version": 3}',
        '{"deck": "atelier", "slide": "2", "at": "2026-12-07T10:15:00Z", "version": 3}',
        '{"deck": "atelier", "slide": 99, "at": "2026-12-07T10:15:00Z", "version": 3}',
        '{"deck": "atelier", "slide": 0, "at": "yesterday", "version": 3}',
        '{"deck": "atelier", "slide": 0, "at": "2026-12-07T10:15:00Z", "version": "3"}',
    ],
)
def test_a_document_written_by_hand_reads_as_nothing_live(tmp_path, text):
    (tmp_path / "live.json").write_text(text)
    store = _store(tmp_path)
    assert store.current() is None
    live = store.publish("atelier", 1, actor=FACILITATOR)  # the room starts again
    assert (live.deck, live.slide) == ("atelier", 1)
    assert store.current() == live


def test_a_document_without_since_takes_its_slides_time(tmp_path):
    (tmp_path / "live.json").write_text(
        '{"deck": "atelier", "slide": 0, "at": "2026-12-07T10:15:00Z", "version": 3}'
    )
    assert _store(tmp_path).current() == lv.Live(
        "atelier", 0, 3, "2026-12-07T10:15:00Z", "2026-12-07T10:15:00Z"
    )


def test_several_processes_publishing_at_once_lose_no_change(tmp_path):
    # Four processes (a room's workers: two facilitators' tabs, say) each step through a
    # presentation of their own: every publish is a change (no process publishes a slide
    # that is live already), so the version counts them all, and the record stays whole.
    script = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from ssw_core.access import LOCAL
        from ssw_core.live import LiveStore
        store = LiveStore(Path(sys.argv[1]))
        for k in range(20):
            store.publish(f"deck-{sys.argv[2]}", k, actor=LOCAL)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(tmp_path), str(n)], cwd=os.getcwd())
        for n in range(4)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    store = _store(tmp_path)
    assert store.version() == 80
    live = store.current()
    assert live is not None and live.slide == 19 and live.deck.startswith("deck-")
    entries = _entries(tmp_path)  # the chain is whole (no problem)
    assert {e["action"] for e in entries} == {"live.start"}
    assert {e["target"] for e in entries} == {f"deck-{n}" for n in range(4)}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temp file


@pytest.mark.parametrize(
    ("base", "link"),
    [
        ("http://10.0.0.5:8501", "http://10.0.0.5:8501/?follow=1"),
        ("http://10.0.0.5:8501/", "http://10.0.0.5:8501/?follow=1"),
        ("http://[fd00::5]:8501", "http://[fd00::5]:8501/?follow=1"),
        ("https://room.example.org/ssw/?x=1#top", "https://room.example.org/ssw/?follow=1"),
    ],
)
def test_the_join_link_is_the_rooms_root_with_follow(base, link):
    assert lv.join_link(base) == link


@pytest.mark.parametrize("base", ["", "10.0.0.5:8501", "ftp://10.0.0.5", "javascript:alert(1)"])
def test_a_join_link_needs_an_http_address(base):
    with pytest.raises(ValueError, match="not an http"):
        lv.join_link(base)


def test_following_is_never_part_of_a_slide_or_a_shared_link():
    assert lv.JOIN_PARAM in d.SESSION_PARAMS
    slide = d.slide_from_link("/country?country=MDA&follow=1", ("country",))
    assert dict(slide.params) == {"country": "MDA"}
    shared = share.share_link("http://10.0.0.5:8501", "country", {"country": "MDA", "follow": "1"})
    assert shared == "http://10.0.0.5:8501/country?country=MDA"


def test_this_processs_store_sees_every_change_another_writes(tmp_path):
    # A page's watcher reads through the process's store, which keeps its last reading:
    # each change (a new file in place of the old) is seen at once, however quick.
    mine = lv.LiveStore.of(tmp_path)
    assert lv.LiveStore.of(tmp_path) is mine
    assert mine.read() == (0, None)
    other = _store(tmp_path)  # another process's
    for k in range(5):
        other.publish("atelier", k, actor=FACILITATOR)
        version, live = mine.read()
        assert (version, live.slide if live else None) == (k + 1, k)
    other.stop(actor=FACILITATOR)
    assert mine.read() == (6, None)
