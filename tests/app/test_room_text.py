"""What the room typed reads exactly as typed wherever it is shown: escaped for Markdown where
the element is Markdown (tiles, headings, captions, widget labels, st.table cells), as is in
what is not (chart titles and legends, a chart file's notes, the options of a select box, the
board's CSV, Excel and commitments page, which escape for what they are). And the room's
refusals and a bad board file said wholly in the reader's language."""

from __future__ import annotations

import html
import io
import json
import re

import openpyxl
import pytest

from ssw_core import questions as qs
from ssw_core.access import LOCAL, Actor
from ssw_core.board import BoardError, BoardStore, Entry
from ssw_core.roomstate import Device, Refused
from tests.app.conftest import charts, open_app, plain
from tests.app.test_scenario_page import open_page
from tests.support.rooms import connect_as, user_folder
from ui.base.i18n import fmt_day, language

TYPED = "A_b*c [x](y)"
"""A team name, a board's title, a question, its unit, an event: Markdown if it were read so."""
PHONE = Actor("participant (10.0.0.5)", "viewer", "room", "10.0.0.5")


@pytest.fixture
def room(tmp_path, monkeypatch):
    return user_folder(tmp_path, monkeypatch)


_as = connect_as


# --- the board of plans -----------------------------------------------------------------------


def test_a_team_name_reads_as_typed_on_the_board_and_in_its_files(room, monkeypatch):
    from ssw_core import export
    from ui.scenario import board as ui_board

    boards = BoardStore(room / "boards")
    boards.open("Day 1", actor=LOCAL)
    day = boards.open(TYPED, actor=LOCAL)
    lab = "scenario?country=MDA&places=120"
    boards.send(
        day.id,
        Entry(TYPED, "MDA", lab, f"We <b>will</b> {TYPED}"),
        actor=PHONE,
        device=Device.of("10.0.0.5"),
    )
    _as(monkeypatch, "127.0.0.1")
    at = open_app("pages/board.py", board=day.id)
    # Markdown elements: escaped, so they read as typed
    assert [plain(s.value) for s in at.subheader] == [TYPED]
    (tile,) = [m.value for m in at.markdown if "Open as a slide" in m.value]
    assert plain(tile.split("  \n")[0]) == f"**{TYPED}** · Moldova"  # bold: ours
    assert TYPED not in tile  # never as Markdown
    assert plain(tile.split("\n\n")[1]) == f"> We <b>will</b> {TYPED}"
    # a select box's options are not Markdown: as typed
    which = next(s for s in at.selectbox if s.label == "Board shown")
    assert TYPED in which.options and "Day 1" in which.options
    hidden = next(s for s in at.multiselect if s.label.startswith("Tiles hidden"))
    assert hidden.options == [f"{TYPED} · Moldova"]
    # the files: a table's cells and an HTML page, each escaped for what it is
    rows = ui_board.tiles(day.id, boards.version(day.id), hidden=True)
    frame = ui_board.frame(rows, "")
    assert frame["Team"].to_list() == [TYPED]
    assert f"\n{TYPED}," in export.csv_bytes(frame).decode("utf-8-sig")
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"board": frame})))
    assert book["board"]["A2"].value == TYPED
    with language("en"):
        page = ui_board.commitments_page(boards.board(day.id), rows, "en").decode()  # type: ignore[arg-type]
    assert f": {html.escape(TYPED)}</title>" in page
    assert f"<h1>{html.escape(TYPED)}</h1>" in page
    assert f"<h3>Moldova · <span class='who'>{html.escape(TYPED)}</span></h3>" in page
    assert "We &lt;b&gt;will&lt;/b&gt;" in page and "<b>will" not in page
    assert "\\" not in page  # no Markdown escape in a page that is not Markdown
    # the files' names come from the board's id, never from what was typed
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", day.id)


def _strings(spec: object) -> list[str]:
    """Every text of a chart's spec."""
    if isinstance(spec, dict):
        return [x for v in spec.values() for x in _strings(v)]
    if isinstance(spec, list):
        return [x for v in spec for x in _strings(v)]
    return [spec] if isinstance(spec, str) else []


# --- the room's questions ---------------------------------------------------------------------


def test_a_question_its_unit_and_its_event_read_as_typed_in_charts_and_their_files(
    room, monkeypatch
):
    from ui.present import questions as ui_questions

    store = qs.QuestionStore(room / "questions")
    q = store.ask(
        "custom", event=TYPED, countries=("MDA", "GEO"), actor=LOCAL, text=TYPED, unit=TYPED,
        low=0, high=100,
    )  # fmt: skip
    store.answer(q.id, qs.Answer("MDA", 30), actor=PHONE, device=Device.of("10.0.0.5"))
    label = f"a country team's estimate, {TYPED}, {q.day}"
    placed: list[dict[str, object]] = []
    real = ui_questions.show_chart

    def show_chart(chart, name, **kwargs):  # what goes into the chart's file
        placed.append(kwargs)
        return real(chart, name, **kwargs)

    monkeypatch.setattr(ui_questions, "show_chart", show_chart)
    _as(monkeypatch, "127.0.0.1")
    at = open_app("pages/questions.py", region="eca")
    assert plain(at.subheader[0].value) == TYPED  # Markdown: escaped
    assert any(plain(c.value).endswith(f"· {TYPED}, {q.day}") for c in at.caption)
    (bars, (frame,)), (shown_map, _) = charts(at)
    assert bars["encoding"]["x"]["title"] == TYPED  # Vega-Lite titles are plain text
    assert bars["encoding"]["color"]["scale"]["domain"] == [label]
    assert frame["label"].to_list() == [label]
    assert [t["title"] for t in bars["encoding"]["tooltip"]][1] == TYPED
    assert json.dumps(shown_map, ensure_ascii=False).count(f'"title": "{TYPED}"') >= 1
    shown = [x for spec in (bars, shown_map) for x in _strings(spec)]
    assert TYPED in shown and not [x for x in shown if "\\_" in x or "\\[" in x]
    assert [p["title"] for p in placed] == [f"{TYPED} ({label})"] * 2
    assert all(p["notes"][0].startswith("The room's estimates, not figures") for p in placed)
    assert all(label in p["notes"][0] for p in placed)
    # a phone's answer box: its label is Markdown (escaped), reading as typed
    _as(monkeypatch, "192.0.2.7")
    phone = open_app("pages/questions.py", country="MDA")
    value = phone.text_input(key=f"questions_value_{q.id}")
    assert TYPED in plain(value.label) and TYPED not in value.label


def test_a_price_tables_heading_is_escaped_once(room, monkeypatch):
    store = qs.QuestionStore(room / "questions")
    q = store.ask("place_price", event=TYPED, countries=("MDA", "UZB"), actor=LOCAL)
    store.answer(q.id, qs.Answer("MDA", 20000), actor=PHONE, device=Device.of("10.0.0.5"))
    _as(monkeypatch, "127.0.0.1")
    at = open_app("pages/questions.py")
    headings = list(at.table[0].value.columns)
    assert plain(headings[1]) == f"a country team's estimate, {TYPED}, {q.day}"


def test_an_estimate_offered_to_the_lab_names_its_event_as_typed_in_a_charts_file(
    room, monkeypatch
):
    from ui.base.markdown import md_escape
    from ui.parts import place

    store = qs.QuestionStore(room / "questions")
    q = store.ask("cat6_share", event=TYPED, countries=("MDA",), actor=LOCAL)
    store.answer(q.id, qs.Answer("MDA", 30), actor=PHONE, device=Device.of("10.0.0.5"))
    store.offer(q.id, True, actor=LOCAL)
    notes: list[str] = []
    real = place.downloads

    def spy(name: str, **kw: object) -> None:  # what the chart's file says under it
        given = kw.get("notes", ())
        notes.extend(given() if callable(given) else given)  # type: ignore[arg-type]
        real(name, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(place, "downloads", spy)
    lab = open_page(country="MDA", view="workforce")
    with language("en"):
        said = f"a country team's estimate, {TYPED}, {fmt_day(q.day)}"  # the day in words
    assert said in plain(lab.number_input(key="s6").help)  # the field's help: Markdown
    (line,) = [n for n in notes if "country team's estimate" in n]
    assert said in line and md_escape(TYPED) not in line  # the file: plain text


# --- refusals and a bad board file in the reader's language ----------------------------------


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("en", "Too much has been sent from this network address in the last minute (everyone "
               "on the same Wi-Fi or network may share it): try again in 42 seconds."),
        ("ru", "С этого сетевого адреса за последнюю минуту отправлено слишком много (он может "
               "быть общим для всех, кто подключён к той же сети Wi-Fi): попробуйте через 42 с."),
        ("ro", "De la această adresă de rețea s-a trimis prea mult în ultimul minut (poate fi "
               "comună tuturor celor conectați la aceeași rețea Wi-Fi): încercați din nou peste 42 "
               "secunde."),
    ],
)  # fmt: skip
def test_the_address_bound_says_the_network_address_not_this_device(lang, said):
    from ui.present.questions import error_text
    from ui.scenario.board import _say

    refused = Refused(PHONE, "board.send", "address_busy", wait=41.6)
    with language(lang):
        assert _say(refused).startswith(said)
        assert error_text(refused).startswith(said)
        device = _say(Refused(PHONE, "board.send", "too_many", wait=41.6))
    assert device != _say(refused)


BAD_FILES = {
    "entries": b'{"format": "ssw-board-file", "version": 1, "entries": 5}',
    "not_an_entry": b'{"format": "ssw-board-file", "version": 1, "entries": [7]}',
    "country": b'{"format": "ssw-board-file", "version": 1, "entries": [{"team": "A",'
    b' "iso3": "XXX", "link": "scenario"}]}',
}
SAID = {
    "ru": {
        "entries": "Файл доски: записи — не список не более чем из 200 элементов",
        "not_an_entry": "Файл доски: запись 1: это не запись (команда, страна и ссылка)",
        "country": "Файл доски: запись 1: Страна: «XXX» — не страна дашборда",
    },
    "ro": {
        "entries": "Fișierul panoului: intrările nu sunt o listă de cel mult 200",
        "not_an_entry": "Fișierul panoului: intrarea 1: nu este o intrare (o echipă, o țară și un "
        "link)",
        "country": "Fișierul panoului: intrarea 1: Țara: „XXX” nu este o țară a tabloului de bord",
    },
}


@pytest.mark.parametrize("lang", ["ru", "ro"])
@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_board_file_is_said_wholly_in_the_readers_language(tmp_path, lang, case):
    from ui.scenario.board import _say

    boards = BoardStore(tmp_path / "boards", countries=("MDA",))
    with pytest.raises(BoardError) as error:
        boards.load(BAD_FILES[case], actor=LOCAL, where="day2.json")
    with language(lang):
        said = _say(error.value)
    assert said == SAID[lang][case]
    english = {"entry", "entries", "list", "most", "not", "country", "the", "team"}
    assert not english & set(re.findall(r"\w+", said))
