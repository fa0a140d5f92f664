"""The board's printable commitments page in each language, whatever language the app is in
(issue 24): every catalogue text on it in that language, the teams' own words as typed and
escaped, every team's commitment in every language's page, numbers, days and country names as
the language writes them, where each plan's figures come from (a country team's estimate too),
and the facilitator's buttons for the three pages. The page printed to A4 is looked at in
tests/browser/test_board_browser.py."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from babel.numbers import format_decimal

from ssw_core import board as core
from ssw_core import questions as qs
from ssw_core.access import LOCAL, Actor
from ssw_core.board import BoardStore, Entry
from ssw_core.roomstate import Device
from tests.app.conftest import open_app
from ui.base import data, i18n
from ui.scenario import board as ui_board

PARTICIPANT = Actor("participant (10.0.0.5)", "viewer", "room", "10.0.0.5")
ODD_TEAM = '<b>x</b> & "y"'
LAB = "scenario?country={}&preset={}"
TEAMS = [  # team, country, the plan's link, commitment (typed in the room's languages)
    (ODD_TEAM, "MDA", LAB.format("MDA", "pragmatic") + "&places=120", "Vom finanța 120 & <mai>."),
    ("Грузия, министерство", "GEO", LAB.format("GEO", "ideal") + "&places=80", "Откроем 80 мест."),
    ("Armenia", "ARM", LAB.format("ARM", "current"), ""),
]
HIDDEN = ("Hidden team", "UKR", "scenario?country=UKR&preset=pragmatic", "Never printed.")
EVENT = "Atelier Chișinău"


class _Text(HTMLParser):
    """The words a reader sees on a page (no markup, no style sheet)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._style = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        self._style = tag in ("style", "title")

    def handle_endtag(self, tag):  # type: ignore[no-untyped-def]
        self._style = False

    def handle_data(self, text):  # type: ignore[no-untyped-def]
        if not self._style:
            self.parts.append(text)


def seen(page: bytes) -> str:
    parser = _Text()
    parser.feed(page.decode("utf-8"))
    return re.sub(r"[ \t\r\n]+", " ", " ".join(parser.parts)).strip()  # no-break spaces kept


@pytest.fixture
def board(tmp_path, monkeypatch):
    """A board with three teams' plans and one hidden tile; Moldova's price of a study place
    is a country team's estimate, offered to the lab."""
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    questions = qs.QuestionStore(tmp_path / "questions")
    q = questions.ask("place_price", event=EVENT, countries=("MDA",), actor=LOCAL)
    questions.answer(q.id, qs.Answer("MDA", 20000), actor=PARTICIPANT, device=Device.of("10.0.0.5"))
    questions.offer(q.id, True, actor=LOCAL)
    store = BoardStore(tmp_path / "boards")
    b = store.open("Day 2: our plans to 2030", actor=LOCAL)
    for n, (team, iso3, lab, said) in enumerate([*TEAMS, HIDDEN]):
        device = Device.of(f"10.0.0.{n + 5}", str(n))
        store.send(b.id, Entry(team, iso3, lab, said), actor=PARTICIPANT, device=device)
    hidden = next(s for s in store.entries(b.id) if s.entry.iso3 == HIDDEN[1])
    store.hide(b.id, hidden.device, actor=LOCAL, hidden=True)
    b = store.board(b.id)
    rows = ui_board.tiles(b.id, b.version, hidden=True, room=data.question_store().version())
    return b, rows, q


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_each_languages_page_holds_every_team_in_that_language(board, lang):
    b, rows, q = board
    page = ui_board.commitments_page(b, rows, lang)  # the app's own language: English
    text, raw = seen(page), page.decode("utf-8")
    assert f"<html lang='{lang}'>" in raw
    # every team, its words as typed, escaped: never markup
    assert html.escape(ODD_TEAM) in raw and "<b>x</b>" not in raw
    assert ODD_TEAM in text
    for team, _, _, said in TEAMS:
        assert team in text
        if said:
            assert said in text
    assert "<mai>" not in raw and "&lt;mai&gt;" in raw
    assert HIDDEN[0] not in text and HIDDEN[3] not in text  # hidden from the board, and here
    with i18n.language(lang):
        names = [i18n.geo_name(iso3) for _, iso3, _, _ in TEAMS]
        assert i18n.t("board.no_commitment") in text  # Armenia wrote none
        assert i18n.t("board.commitments_title") in text
        assert i18n.fmt_day(b.opened) in text  # the event's day, as the language writes it
        estimate = i18n.t("provenance.origin.estimate", text="")  # Moldova's price
        assert estimate.strip(": ") in text and EVENT in text and i18n.fmt_day(q.day) in text
    # the teams by the country's name in the language
    where = [text.index(f"{n} · ") for n in sorted(names, key=ui_board._folded)]
    assert where == sorted(where)
    total = core.totals(ui_board.evaluated(rows))
    assert total.countries == 3
    assert format_decimal(total.student_years, "#,##0", locale=lang) in text
    moldova = next(tl for s, tl in rows if s.entry.iso3 == "MDA")
    assert isinstance(moldova, core.Tile) and moldova.cost is not None  # priced by the estimate
    cost = format_decimal(moldova.cost, "#,##0", locale=lang) + " " + moldova.currency
    assert cost in text


def test_the_days_and_numbers_are_the_languages_own(board):
    b, rows, _ = board
    moldova = next(tl for s, tl in rows if s.entry.iso3 == "MDA")
    assert isinstance(moldova, core.Tile) and moldova.cost is not None and moldova.cost > 1000
    pages = {lang: seen(ui_board.commitments_page(b, rows, lang)) for lang in i18n.LANGUAGES}
    days, costs = {}, {}
    for lang, text in pages.items():
        with i18n.language(lang):
            days[lang], costs[lang] = i18n.fmt_day(b.opened), i18n.fmt_num(moldova.cost)
        assert days[lang] in text and costs[lang] in text
    assert len(set(days.values())) == 3 and len(set(costs.values())) == 3  # each its own
    assert costs["en"] not in pages["ru"] and costs["en"] not in pages["ro"]
    assert days["en"] not in pages["ru"] and days["en"] not in pages["ro"]


class _Recording(dict):  # type: ignore[type-arg]
    """A language's catalogue that remembers each key looked up in it."""

    def __init__(self, texts: dict[str, str], used: set[str]) -> None:
        super().__init__(texts)
        self.used = used

    def get(self, key, default=None):  # type: ignore[no-untyped-def]
        self.used.add(key)
        return super().get(key, default)


_FIELD = re.compile(r"\{[^}]*\}")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _english_pieces(key: str, lang: str) -> list[str]:
    """The words of a key's English text between its fields, where the language's text
    differs and does not have them itself ('UTC', 'PDF', 'A4' are both)."""
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    if key not in en and key.rsplit(".", 1)[-1] in i18n.PLURAL_FORMS:
        key = key.rsplit(".", 1)[0] + ".other"  # Russian's 'few' is English's 'other'
    english, own = en.get(key), other.get(key, "")
    if english is None or english == own:
        return []
    pieces = [p.strip(" .,:;()'·") for p in _FIELD.split(english)]
    return [p for p in pieces if _WORD.search(p) and p not in own]


@pytest.mark.parametrize("lang", ["ru", "ro"])
def test_no_english_text_of_the_catalogue_on_the_russian_or_romanian_page(board, lang, monkeypatch):
    b, rows, _ = board
    used: set[str] = set()
    recording = {x: _Recording(i18n.catalogue(x), used) for x in i18n.LANGUAGES}
    monkeypatch.setattr(i18n, "catalogue", recording.__getitem__)
    with i18n.language("en"):  # the facilitator's screen is in English
        text = seen(ui_board.commitments_page(b, rows, lang))
    monkeypatch.undo()
    assert len(used) > 30, "the page's texts come from the catalogue"
    # the participants' and the facilitator's own words, and the sources' titles (cited as
    # published), are not the catalogue's: set aside
    for own in [b.title, EVENT, *(w for team in TEAMS for w in (team[0], team[3]) if w)]:
        text = text.replace(own, " ")
    for s in data.sources(data.version()).iter_rows(named=True):
        for cited in (s["title"], s["publisher"]):
            if cited and len(cited) > 3:
                text = text.replace(cited, " ")
    leaked = {key: p for key in sorted(used) for p in _english_pieces(key, lang) if p in text}
    assert not leaked, f"English on the {lang} page: {leaked}"
    # and the page holds the language's own texts for the same keys
    with i18n.language(lang):
        assert i18n.t("board.print.totals") in text and i18n.t("board.print.teams") in text
        assert i18n.t("board.col.places") in text


def test_the_facilitator_takes_the_page_in_each_language_from_one_button(board, facilitator):
    with i18n.language("ru"):  # AppTest formats a select's options in the test's thread
        at = open_app("pages/board.py", lang="ru")
    (menu,) = [p for p in at.get("popover") if p.proto.popover.label.startswith("Страница")]
    assert menu.proto.popover.label == "Страница обязательств (печать)"
    buttons = {b.proto.label: b for b in at.get("download_button")}
    names = [n for n in buttons if n in i18n.LANGUAGE_NAMES.values()]
    assert names == ["English", "Русский", "Română"]  # each named in itself, as the picker does
    assert all(buttons[n].proto.deferred_file_id for n in names)  # made when pressed


def test_a_participant_has_no_commitments_page(board):
    at = open_app("pages/board.py")
    assert not [p for p in at.get("popover") if "Commitments" in p.proto.popover.label]
    assert not [b for b in at.get("download_button") if b.proto.label == "English"]


def test_a_plan_that_cannot_be_computed_says_so_in_the_language(board, tmp_path):
    b, rows, _ = board
    sent = rows[0][0]
    broken = [(sent, "s1, s6"), *rows[1:]]
    for lang in ("ru", "ro"):
        text = seen(ui_board.commitments_page(b, broken, lang))
        with i18n.language(lang):
            assert i18n.t("board.tile.unreadable") in text
        assert "s1, s6" not in text  # the English reason stays in the table file
