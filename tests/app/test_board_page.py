"""The board of plans through its pages: a tile says what the Scenario lab says for the same
link, the totals add the tiles' figures, a participant's text stays text, a bad link parameter
is said, and only the facilitator sees the board's controls (the core refuses anyone else:
tests/core/test_board.py)."""

from __future__ import annotations

import re

import pytest

from ssw_core.access import LOCAL, Actor
from ssw_core.board import BoardStore, Entry
from ssw_core.roomstate import Device
from tests.app.conftest import all_text, open_app

PARTICIPANT = Actor("participant (10.0.0.5)", "viewer", "room", "10.0.0.5")


@pytest.fixture
def boards(tmp_path, monkeypatch):
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    return BoardStore(tmp_path / "boards")


def _caption_number(at, prefix: str) -> str:
    for c in at.caption:
        if c.value.startswith(prefix):
            return re.sub(r"\D", "", c.value[len(prefix) :])
    raise AssertionError(f"no caption {prefix!r}")


def test_no_board_yet_says_so_and_a_participant_has_no_controls(boards):
    at = open_app("pages/board.py")
    text = all_text(at)
    assert "No board is open yet" in text
    assert not [e for e in at.expander if "Run the board" in e.label]


def test_a_tile_says_what_the_lab_says_and_the_totals_add_up(boards):
    board = boards.open("Day 2: our plans to 2030", actor=LOCAL)
    lab = "scenario?country=MDA&preset=pragmatic&places=120"
    boards.send(
        board.id,
        Entry("Moldova *team* <b>", "MDA", lab, "[click](http://evil.example) we will"),
        actor=PARTICIPANT,
        device=Device.of("10.0.0.5", "a"),
    )
    boards.send(
        board.id,
        Entry("Georgia", "GEO", "scenario?country=GEO&preset=ideal&places=80"),
        actor=PARTICIPANT,
        device=Device.of("10.0.0.6", "b"),
    )
    # The lab, opened with the same link, says where Category 6 is at the end of 2030.
    s6_lab = _caption_number(
        open_app("pages/scenario.py", country="MDA", preset="pragmatic", places="120"),
        "Category 6 at the end of 2030:",
    )
    at = open_app("pages/board.py")
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Countries on the board"] == "2"
    assert metrics["Study places a year"] == "200"  # 120 + 80, each as its link sets it
    tiles = [m.value for m in at.markdown if "Open as a slide" in m.value]
    assert len(tiles) == 2
    moldova = next(x for x in tiles if "Moldova" in x)
    # the participant's text is escaped: no emphasis, no tag, no link of theirs
    assert moldova.startswith("**Moldova \\*team\\* \\<b\\>** · Moldova")
    commitment = next(m.value for m in at.markdown if "we will" in m.value)
    assert "\\[click\\]" in commitment and "](http" not in commitment
    export_s6 = _board_s6(boards, board.id, "MDA")
    assert f"{export_s6:,.0f}".replace(",", "") == s6_lab
    assert "(scenario?country=MDA&preset=pragmatic&places=120&present=1)" in moldova


def test_the_send_box_shows_the_tile_the_board_will_show(boards):
    """A team sees, before it sends, what its tile will read: the plan as set on screen, to
    2030 (the lab's headline is the plan to zero, which may differ: the trial read 1,640
    student-years in the lab and 1,085 on the tile, and took one for the other)."""
    board = boards.open("Day 2", actor=LOCAL)
    params = {"country": "MDA", "preset": "pragmatic", "places": "120"}
    lab = open_app("pages/scenario.py", state={"board_send_open": True}, **params)
    assert [c.proto.popover.label for c in lab.get("popover")].count("Send to the board") == 1
    assert "Your tile will read (this plan as set on screen, each figure to 2030):" in [
        c.value for c in lab.caption
    ]
    shown = [m.value for m in lab.markdown if "student-years" in m.value]
    assert len(shown) == 1
    lines = shown[0].split("  \n")
    assert lines[1].startswith("120 places a year · ") and lines[1].endswith(" moved by 2030")
    assert lines[3].startswith("Cost to 2030 vs today: ")
    boards.send(
        board.id,
        Entry("Moldova", "MDA", "scenario?country=MDA&places=120&preset=pragmatic"),
        actor=PARTICIPANT,
        device=Device.of("10.0.0.5", "a"),
    )
    (tile,) = [m.value for m in open_app("pages/board.py").markdown if "Open as a slide" in m.value]
    assert all(line in tile for line in lines), (lines, tile)
    # Cambodia as the lab opens it: no places set, the headline's plan to zero has them
    short = open_app("pages/scenario.py", state={"board_send_open": True}, country="KHM")
    (said,) = [m.value for m in short.markdown if "student-years" in m.value and "·" in m.value]
    assert said.startswith("Category 6 not at zero by 2030  \n0 places a year · 0 moved")
    assert (
        "This plan does not reach zero Category 6 by 2030; the headline above is the plan that"
        " does. To send that plan, press 'Use the plan to zero by 2030' first."
    ) in [c.value for c in short.caption]


def _board_s6(boards, board_id, iso3):
    from ui.scenario import board as ui_board

    sent = next(s for s in boards.entries(board_id) if s.entry.iso3 == iso3)
    return ui_board.tile_of(iso3, sent.entry.link).s6_target


def test_the_facilitator_sees_the_controls_and_a_bad_board_in_the_link_is_said(boards, facilitator):
    boards.open("Day 1", actor=LOCAL)
    at = open_app("pages/board.py", board="no-such-board")
    assert "There is no board 'no-such-board' here: showing the latest." in all_text(at)
    assert [e for e in at.expander if "Run the board" in e.label]
    assert "Day 1" in [s.value for s in at.subheader]


def test_the_boards_files_hold_every_input_output_and_link_and_run_no_formula(boards):
    from ssw_core import export
    from ui.scenario import board as ui_board

    board = boards.open("Day 2", actor=LOCAL)
    boards.send(
        board.id,
        Entry('=HYPERLINK("x")', "MDA", "scenario?country=MDA&places=120", "+1 we will"),
        actor=PARTICIPANT,
        device=Device.of("10.0.0.5", "a"),
    )
    rows = ui_board.tiles(board.id, boards.version(board.id), hidden=True)
    frame = ui_board.frame(rows, "http://10.0.0.1:8501")
    row = frame.row(0, named=True)
    assert row["Link"] == "http://10.0.0.1:8501/scenario?country=MDA&places=120"
    assert row["The plan's inputs (link parameters)"] == "country=MDA; places=120"
    assert row["Study places a year"] == 120
    assert row["Category 6 at the start"] > 0 and row["Why it cannot be computed"] == ""
    text = export.csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and ",'+1 we will," in text


def test_tiles_go_down_columns_in_the_order_they_came():
    from ui.scenario.board import columns_of

    assert columns_of([str(k) for k in range(7)], 3) == [["0", "1", "2"], ["3", "4"], ["5", "6"]]
    assert columns_of(["a", "b"], 3) == [["a"], ["b"]]
    assert columns_of([], 3) == []


def test_the_facilitators_chooser_names_every_board_differently(boards):
    """Streamlit tells a select box's options apart by their label: boards of the same title
    are told apart by when they were opened, then numbered (the browser check of the next
    click: tests/browser/test_board_browser.py)."""
    from ssw_core.board import Board
    from ui.base import i18n
    from ui.scenario.board import board_names

    def made(board_id: str, title: str, opened: str) -> Board:
        return Board(board_id, title, opened, False, 1)

    shown = [  # newest first, as BoardStore.boards() gives them
        made("d", "Same", "2026-12-07T13:02:40Z"),
        made("c", "Same", "2026-12-07T13:02:05Z"),
        made("b", "Same", "2026-12-07T09:15:00Z"),
        made("a", "Other", "2026-12-06T09:15:00Z"),
    ]
    with i18n.language("en"):
        names = board_names(shown)
    assert names == {
        "d": "Same (opened 7 December 2026, 13:02 UTC) (2)",
        "c": "Same (opened 7 December 2026, 13:02 UTC) (1)",
        "b": "Same (opened 7 December 2026, 09:15 UTC)",
        "a": "Other",
    }
    with i18n.language("ro"):
        assert board_names(shown)["b"] == "Same (deschis pe 7 decembrie 2026, 09:15 UTC)"


def test_a_tiles_counts_take_their_languages_plural():
    """Russian and Romanian decline a noun by its count ('21 место', '78 de locuri'): a tile
    said '21 мест в год' and '1.085 ani-student' (the trial)."""
    from ssw_core.board import Tile
    from ui.base.i18n import language
    from ui.scenario.board import facts

    def tl(places: float, years: float) -> Tile:
        return Tile("MDA", "MDL", 2030, places, 100, 0, None, False, False, 5, None, None, years)

    with language("ru"):
        assert facts(tl(21, 1))[0].startswith("21 место в год · 5 ")
        assert facts(tl(22, 22))[2].endswith(": 22 студенто-года")
        assert facts(tl(25, 1085))[0].startswith("25 мест в год")
        assert facts(tl(25, 1085))[2].endswith(": 1\u00a0085 студенто-лет")  # a no-break space
    with language("ro"):
        assert facts(tl(78, 1085))[0].startswith("78 de locuri pe an · 5 ")
        assert facts(tl(1, 2))[0].startswith("1 loc pe an")
        assert facts(tl(1, 2))[2].endswith(": 2 ani-student")
        assert facts(tl(1, 1085))[2].endswith(": 1.085 de ani-student")
        assert facts(tl(1, 1))[0].endswith("· 5 persoane mutate până în 2030")
    with language("ru"):
        assert facts(tl(1, 1))[0].endswith("· 5 человек переведены к 2030")
    with language("en"):
        assert facts(tl(1, 1))[0].startswith("1 place a year · 5 moved by 2030")
        assert facts(tl(120, 939))[2] == (
            "Cost to 2030 vs today: missing · study to 2030: 939 student-years"
        )
