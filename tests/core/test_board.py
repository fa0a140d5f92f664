"""The board of plans (ssw_core.board): who may do what, what a device may send, that a refused
call changes no file, that several processes sending at once lose nothing, and a tile's
figures by hand."""

from __future__ import annotations

import errno
import json
import multiprocessing
from dataclasses import replace
from pathlib import Path

import pytest

from ssw_core.access import LOCAL, AccessDenied, Actor
from ssw_core.audit import AuditLog
from ssw_core.board import (
    BoardError,
    BoardStore,
    Entry,
    Sent,
    Tile,
    check_entry,
    tile,
    totals,
)
from ssw_core.plan import Pay, PlanInputs, evaluate
from ssw_core.projection import Scenario
from ssw_core.roomstate import Device, Limits, Refused
from ssw_core.storage import NotSaved
from tests.support.rooms import documents_find_no_space

COUNTRIES = ("MDA", "GEO", "ARM", "KAZ")
FACILITATOR = Actor("facilitator (this computer)", "admin", "room", "127.0.0.1")
CO = Actor("facilitator (passcode)", "editor", "passcode", "10.0.0.9")
PHONE = Actor("participant (10.0.0.5)", "viewer", "room", "10.0.0.5")
ONE = Device.of("10.0.0.5", "cookie-one")
TWO = Device.of("10.0.0.6", "cookie-two")
LINK = "http://10.0.0.1:8501/scenario?country=MDA&preset=pragmatic&places=120"


class Clock:
    def __init__(self) -> None:
        self.now = 1_796_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def boards(tmp_path: Path, clock: Clock) -> BoardStore:
    return BoardStore(tmp_path / "boards", countries=COUNTRIES, clock=clock)


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_a_team_sends_and_the_board_shows_its_latest_entry(boards: BoardStore):
    board = boards.open("Day 2: our plans to 2030", actor=FACILITATOR)
    assert board.id.startswith("day-2-our-plans-to-2030-") and not board.locked
    sent = boards.send(
        board.id,
        Entry("Moldova A", "mda", LINK, " We  will open 120 places. "),
        actor=PHONE,
        device=ONE,
    )
    assert sent.entry == Entry(
        "Moldova A",
        "MDA",
        "scenario?country=MDA&preset=pragmatic&places=120",
        "We will open 120 places.",
    )
    assert sent.params == {"country": "MDA", "preset": "pragmatic", "places": "120"}
    boards.send(board.id, Entry("Georgia", "GEO", "/scenario?country=GEO"), actor=PHONE, device=TWO)
    # the same device again: its own tile replaced, in its place; never another's
    boards.send(
        board.id,
        Entry("Moldova A", "MDA", LINK.replace("120", "150"), "150."),
        actor=PHONE,
        device=ONE,
    )
    got = boards.entries(board.id)
    assert [(s.entry.team, s.entry.link.endswith("150"), s.seq) for s in got] == [
        ("Moldova A", True, 1),
        ("Georgia", False, 2),
    ]
    assert boards.version(board.id) == 4  # opened, three sends
    assert boards.latest_open() == boards.board(board.id)


def test_who_may_do_what_is_decided_in_the_core(boards: BoardStore, tmp_path: Path):
    with pytest.raises(AccessDenied):
        boards.open("Day 2", actor=PHONE)
    assert not (tmp_path / "boards").exists()
    board = boards.open("Day 2", actor=CO)  # a co-facilitator with the passcode
    boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    before = files(tmp_path)
    for call in (
        lambda: boards.lock(board.id, actor=PHONE),
        lambda: boards.hide(board.id, ONE.key, actor=PHONE),
        lambda: boards.send(
            board.id,
            Entry("A", "MDA", LINK),
            actor=PHONE,
            device="10.0.0.5",  # type: ignore[arg-type]
        ),
    ):
        with pytest.raises((PermissionError, TypeError)):
            call()
    assert files(tmp_path) == before


def test_a_locked_board_refuses_sends_and_a_hidden_tile_leaves_the_board(
    boards: BoardStore, tmp_path: Path
):
    board = boards.open("Day 2", actor=FACILITATOR)
    boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    boards.send(board.id, Entry("B", "GEO", "scenario?country=GEO"), actor=PHONE, device=TWO)
    boards.hide(board.id, TWO.key, actor=CO)
    assert [s.entry.team for s in boards.entries(board.id)] == ["A"]
    assert [s.hidden for s in boards.entries(board.id, hidden=True)] == [False, True]
    assert boards.lock(board.id, actor=FACILITATOR).locked
    before = files(tmp_path)
    with pytest.raises(Refused) as refused:
        boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    assert isinstance(refused.value, PermissionError) and refused.value.code == "locked"
    assert files(tmp_path) == before
    assert boards.latest_open() is None
    assert not boards.lock(board.id, actor=FACILITATOR, locked=False).locked
    boards.hide(board.id, TWO.key, actor=CO, hidden=False)
    assert len(boards.entries(board.id)) == 2
    actions = [e["action"] for e in AuditLog(tmp_path / "audit.jsonl").read().entries]
    assert actions == [
        "board.open",
        "board.send",
        "board.send",
        "board.hide",
        "board.lock",
        "board.unlock",
        "board.show",
    ]


@pytest.mark.parametrize(
    ("entry", "code", "field"),
    [
        (Entry("", "MDA", LINK), "no_team", "team"),
        (Entry("x" * 61, "MDA", LINK), "team_too_long", "team"),
        (Entry("A", "FRA", LINK), "unknown_country", "iso3"),
        (Entry("A", "MDA", "http://h/country?country=MDA"), "not_a_lab_link", "link"),
        (Entry("A", "MDA", "scenario?country=GEO"), "other_country", "link"),
        (Entry("A", "MDA", "scenario?Bad-Key=1"), "bad_link_value", "link"),
        (Entry("A", "MDA", "scenario?x=" + "9" * 2001), "bad_link_value", "link"),
        (Entry("A", "MDA", "scenario?" + "a=1&" * 2000), "link_too_long", "link"),
        (Entry("A", "MDA", LINK, "y" * 281), "commitment_too_long", "commitment"),
    ],
)
def test_a_bad_entry_says_what_and_where_and_changes_nothing(
    boards: BoardStore, tmp_path: Path, entry: Entry, code: str, field: str
):
    board = boards.open("Day 2", actor=FACILITATOR)
    before = files(tmp_path)
    with pytest.raises(BoardError) as error:
        boards.send(board.id, entry, actor=PHONE, device=ONE)
    assert (error.value.code, error.value.field) == (code, field)
    assert str(error.value).startswith(f"{field}: ")
    assert files(tmp_path) == before


def test_text_is_kept_as_text_without_control_characters():
    entry = check_entry(
        Entry("<b>Team</b>\x00\u202e", "MDA", "scenario", "=cmd|'/c calc'!A1\nnext"), COUNTRIES
    )
    assert entry.team == "<b>Team</b>"
    assert entry.commitment == "=cmd|'/c calc'!A1 next"  # neutralised where it is exported


def test_a_device_sends_a_few_times_a_minute_and_a_room_behind_one_address_more(
    tmp_path: Path, clock: Clock
):
    boards = BoardStore(
        tmp_path / "boards",
        countries=COUNTRIES,
        clock=clock,
        limits=Limits(per_device=2, per_address=3, window=60, devices=4),
    )
    board = boards.open("Day 2", actor=FACILITATOR)
    for _ in range(2):
        boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    with pytest.raises(Refused) as refused:
        boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    assert refused.value.code == "too_many" and refused.value.wait == pytest.approx(60)
    # another browser behind the same address: its own limit, until the address's is reached
    same_address = Device.of("10.0.0.5", "cookie-three")
    boards.send(board.id, Entry("C", "ARM", "scenario"), actor=PHONE, device=same_address)
    with pytest.raises(Refused):
        boards.send(board.id, Entry("C", "ARM", "scenario"), actor=PHONE, device=same_address)
    clock.now += 61
    boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    # a board takes at most `devices` senders
    for n in range(2):
        boards.send(
            board.id,
            Entry(f"T{n}", "KAZ", "scenario"),
            actor=PHONE,
            device=Device.of(f"10.0.1.{n}"),
        )
    with pytest.raises(Refused) as refused:
        boards.send(
            board.id, Entry("late", "KAZ", "scenario"), actor=PHONE, device=Device.of("10.0.2.1")
        )
    assert refused.value.code == "full"
    assert len(boards.entries(board.id)) == 4


def test_a_damaged_or_foreign_file_is_no_board(boards: BoardStore, tmp_path: Path):
    board = boards.open("Day 2", actor=FACILITATOR)
    path = tmp_path / "boards" / f"{board.id}.json"
    path.write_text("{not json")
    assert boards.board(board.id, missing_ok=True) is None
    assert boards.boards() == []
    with pytest.raises(BoardError):
        boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    with pytest.raises(BoardError):
        boards.entries("../audit")
    path.write_text(json.dumps({"format": "ssw-board", "title": "x", "entries": {"d": [1]}}))
    assert boards.entries(board.id) == []


def _send_many(root: str, board_id: str, worker: int, n: int) -> None:
    store = BoardStore(Path(root), countries=COUNTRIES, limits=Limits(per_address=1000))
    for i in range(n):
        store.send(
            board_id,
            Entry(f"team {worker}-{i}", "MDA", LINK),
            actor=PHONE,
            device=Device.of(f"10.1.{worker}.{i}"),
        )


def test_several_processes_sending_at_once_lose_nothing(tmp_path: Path):
    boards = BoardStore(tmp_path / "boards", countries=COUNTRIES)
    board = boards.open("Day 2", actor=LOCAL)
    ctx = multiprocessing.get_context("spawn")
    procs = [
        ctx.Process(target=_send_many, args=(str(tmp_path / "boards"), board.id, w, 8))
        for w in range(4)
    ]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0, 0, 0, 0]
    teams = sorted(s.entry.team for s in boards.entries(board.id))
    assert teams == sorted(f"team {w}-{i}" for w in range(4) for i in range(8))
    assert sorted(s.seq for s in boards.entries(board.id)) == list(range(1, 33))
    record = AuditLog(tmp_path / "audit.jsonl").read()
    assert record.problems == [] and len(record.entries) == 33


# --- a tile's figures ----------------------------------------------------------------------


def test_a_tile_by_hand():
    # 50 in Category 6, 20 places a year, a one-year course that all complete, nobody leaves:
    # 2025 -> 30, 2026 -> 10, 2027 -> 0 (tests/core/test_projection.py). Studying: 20 + 20 +
    # 10 = 50 student-years; at 100 a student-year the plan costs 5,000 more than standing
    # still (pay is the same for everyone: nobody more is paid, only trained).
    inputs = PlanInputs(
        base_year=2025,
        s1=100,
        s6=50,
        open_cases=3000,
        scenario=Scenario(qualification_places=20),
        pay=Pay(currency="MDL", pay_s1=1000, cost_per_student_year=100),
    )
    t = tile("MDA", evaluate(inputs))
    assert (t.places_per_year, t.s6_start, t.s6_target, t.zero_year) == (20, 50, 0, 2027)
    assert (t.moved, t.student_years, t.cost, t.currency) == (0, 50, 5000, "MDL")
    assert t.caseload_target == pytest.approx(3000 / 150) and t.on_track
    still = tile("MDA", evaluate(PlanInputs(base_year=2025, s1=100, s6=50)))
    # without a pay the cost is missing, never 0
    assert (still.s6_target, still.zero_year, still.on_track, still.cost) == (50, None, False, None)
    short = tile(
        "MDA",
        evaluate(
            PlanInputs(
                base_year=2025,
                s1=100,
                s6=50,
                scenario=Scenario(horizon=2028, qualification_places=20),
            )
        ),
    )
    assert short.s6_target is None and not short.on_track  # the plan does not reach 2030
    # a plan to 2035 is read to 2030 like every other: its student-years and cost to 2030
    longer = tile(
        "MDA", evaluate(replace(inputs, scenario=Scenario(qualification_places=20, horizon=2035)))
    )
    assert (longer.student_years, longer.cost, longer.horizon) == (50, 5000, 2035)


def _sent(team: str, iso3: str, seq: int, at: str, hidden: bool = False) -> Sent:
    return Sent(Entry(team, iso3, "scenario"), f"d{seq}", "x", at, seq, hidden)


def test_the_regions_totals_count_each_country_once_and_add_only_what_adds_up():
    def t(iso3: str, places: float, target: float | None, cost: float) -> Tile:
        return Tile(
            iso3, "X", 2030, places, 100, target, None, False, False, 10, None, cost, places * 3
        )

    rows = [
        (_sent("Moldova A", "MDA", 1, "2026-12-07T10:00:00Z"), t("MDA", 20, 0, 5)),
        (_sent("Moldova B", "MDA", 2, "2026-12-07T10:05:00Z"), t("MDA", 30, 0, 7)),
        (_sent("Georgia", "GEO", 3, "2026-12-07T10:01:00Z"), t("GEO", 10, 40, 1e9)),
        (_sent("Hidden", "ARM", 4, "2026-12-07T10:02:00Z", True), t("ARM", 99, 0, 1)),
    ]
    got = totals(rows)
    assert (got.countries, got.places_per_year, got.student_years) == (2, 40, 120)
    assert (got.moved, got.s6_start, got.s6_target, got.on_track) == (20, 200, 40, 1)


def test_the_totals_are_the_sum_of_the_tiles_as_shown():
    """A room adds up the tiles it sees: 0.6 moved in each of two countries shows as 1 and 1,
    so the total is 2, never round(1.2) = 1 (the trial's 723 on the tiles against 722)."""

    def t(iso3: str, moved: float, years: float) -> Tile:
        return Tile(iso3, "X", 2030, 10.4, 100.4, 0.6, None, False, False, moved, None, None, years)

    rows = [
        (_sent("Moldova", "MDA", 1, "2026-12-07T10:00:00Z"), t("MDA", 0.6, 1084.86)),
        (_sent("Georgia", "GEO", 2, "2026-12-07T10:01:00Z"), t("GEO", 0.6, 0.6)),
    ]
    got = totals(rows)
    assert (got.moved, got.student_years) == (2, 1086)  # 1 + 1; 1,085 + 1
    assert (got.places_per_year, got.s6_start, got.s6_target) == (20, 200, 2)


def test_a_board_saved_on_one_laptop_loads_on_another(boards: BoardStore, tmp_path: Path):
    board = boards.open("Day 2", actor=FACILITATOR)
    boards.send(board.id, Entry("A", "MDA", LINK, "We will."), actor=PHONE, device=ONE)
    boards.send(board.id, Entry("B", "GEO", "scenario?country=GEO"), actor=PHONE, device=TWO)
    boards.hide(board.id, TWO.key, actor=FACILITATOR)
    boards.lock(board.id, actor=FACILITATOR)
    with pytest.raises(AccessDenied):
        boards.to_file(board.id, actor=PHONE)
    raw = boards.to_file(board.id, actor=CO)
    assert b"10.0.0.5" not in raw  # the room's addresses stay in the room
    other = BoardStore(tmp_path / "other" / "boards", countries=COUNTRIES)
    with pytest.raises(AccessDenied):
        other.load(raw, actor=PHONE)
    loaded = other.load(raw, actor=FACILITATOR, where="day2.json")
    assert (loaded.title, loaded.locked) == ("Day 2", True)
    got = other.entries(loaded.id, hidden=True)
    assert [(s.entry, s.hidden) for s in got] == [
        (Entry("A", "MDA", "scenario?country=MDA&preset=pragmatic&places=120", "We will."), False),
        (Entry("B", "GEO", "scenario?country=GEO"), True),
    ]


@pytest.mark.parametrize(
    ("raw", "code", "said"),
    [
        (b"{no", "not_json", "line 1, column 2"),
        (b'{"format": "ssw-presentation"}', "not_ours", "ssw-board-file"),
        (b'{"format": "ssw-board-file", "version": 9}', "file_version", "version 9"),
        (
            b'{"format": "ssw-board-file", "version": 1, "entries": [{"team": "A", "iso3": "MDA",'
            b' "link": "scenario"}, {"team": "B", "iso3": "XXX", "link": "scenario"}]}',
            "bad_entry",
            "entry 2: iso3: 'XXX' is not a country",
        ),
        (b" " * (1024 * 1024 + 1), "file_too_large", "1024 KB"),
    ],
)
def test_a_board_file_that_cannot_be_used_says_what_and_where_and_changes_nothing(
    boards: BoardStore, tmp_path: Path, raw: bytes, code: str, said: str
):
    with pytest.raises(BoardError) as error:
        boards.load(raw, actor=FACILITATOR, where="x.json")
    assert error.value.code == code and said in str(error.value)
    assert not (tmp_path / "boards").exists()


# --- the record and the board are written together ------------------------------------------


_full_disk = documents_find_no_space


def _record_fails(monkeypatch: pytest.MonkeyPatch, boards: BoardStore, action: str) -> None:
    """The record of `action` cannot be written (its disk full); other records can."""
    real = boards.audit.record

    def record(actor: Actor, what: str, *args: object, **kwargs: object) -> dict[str, object]:
        if what == action:
            raise NotSaved("audit", OSError(errno.ENOSPC, "No space left on device"))
        return real(actor, what, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(boards.audit, "record", record)


def _actions(tmp_path: Path) -> list[str]:
    return [e["action"] for e in AuditLog(tmp_path / "audit.jsonl").read().entries]


def _board_files(tmp_path: Path) -> dict[str, bytes]:
    """The boards and the record (the documents' lock files are no board)."""
    return {k: v for k, v in files(tmp_path).items() if not k.endswith(".lock")}


@pytest.mark.parametrize("change", ["open", "send", "lock", "hide"])
def test_a_change_that_cannot_be_written_is_not_recorded(
    boards: BoardStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
):
    board = boards.open("Day 2", actor=FACILITATOR)
    boards.send(board.id, Entry("A", "MDA", LINK), actor=PHONE, device=ONE)
    before, recorded = _board_files(tmp_path), _actions(tmp_path)
    calls = {
        "open": lambda: boards.open("Day 3", actor=FACILITATOR),
        "send": lambda: boards.send(
            board.id, Entry("B", "GEO", "scenario"), actor=PHONE, device=TWO
        ),
        "lock": lambda: boards.lock(board.id, actor=FACILITATOR),
        "hide": lambda: boards.hide(board.id, ONE.key, actor=FACILITATOR),
    }
    with monkeypatch.context() as m:
        _full_disk(m)
        with pytest.raises(NotSaved) as error:
            calls[change]()
    assert error.value.code == "disk_full"
    assert _board_files(tmp_path) == before and _actions(tmp_path) == recorded
    with monkeypatch.context() as m:  # and a change whose record cannot be written: not made
        _record_fails(m, boards, f"board.{change}")
        with pytest.raises(NotSaved):
            calls[change]()
    assert _board_files(tmp_path) == before and _actions(tmp_path) == recorded
    calls[change]()  # with room on the disk: made and recorded
    assert _actions(tmp_path) == [*recorded, f"board.{change}"]


def test_loading_a_file_makes_the_whole_board_in_one_write_or_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    source = BoardStore(tmp_path / "laptop" / "boards", countries=COUNTRIES)
    board = source.open("Day 2", actor=FACILITATOR)
    source.send(board.id, Entry("A", "MDA", LINK, "We will."), actor=PHONE, device=ONE)
    raw = source.to_file(board.id, actor=FACILITATOR)
    here = tmp_path / "room"
    boards = BoardStore(here / "boards", countries=COUNTRIES)
    # an entry that cannot be used: no board, no record
    bad = json.loads(raw)
    bad["entries"].append({"team": "B", "iso3": "XXX", "link": "scenario"})
    with pytest.raises(BoardError) as error:
        boards.load(json.dumps(bad).encode(), actor=FACILITATOR, where="day2.json")
    assert (error.value.code, error.value.values["n"]) == ("bad_entry", 2)
    assert boards.boards() == [] and _actions(here) == []
    # the board's document cannot be written: no board (not even an empty one), no record
    with monkeypatch.context() as m:
        _full_disk(m)
        with pytest.raises(NotSaved):
            boards.load(raw, actor=FACILITATOR, where="day2.json")
    assert boards.boards() == [] and _actions(here) == []
    # its record cannot be written: no board either
    with monkeypatch.context() as m:
        _record_fails(m, boards, "board.load")
        with pytest.raises(NotSaved):
            boards.load(raw, actor=FACILITATOR, where="day2.json")
    assert boards.boards() == [] and _actions(here) == []
    assert not [p for p in (here / "boards").glob("*") if not p.name.endswith(".lock")]
    loaded = boards.load(raw, actor=FACILITATOR, where="day2.json")
    assert [s.entry.team for s in boards.entries(loaded.id)] == ["A"]
    assert boards.version(loaded.id) == 1  # one write
    record = AuditLog(here / "audit.jsonl").read().entries
    assert [(e["action"], e["version"], e["facts"]) for e in record] == [
        ("board.load", loaded.id, {"entries": 1, "locked": False})
    ]
