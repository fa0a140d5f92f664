"""Presentation mode and the Presentation page through AppTest. AppTest shows what app.py
draws (the slide bar) on a first run only, so stepping through slides, exiting and starting
are tested in a browser (tests/browser/test_workshop_browser.py)."""

from __future__ import annotations

import pytest

from ssw_core import deck as d
from ssw_core.access import LOCAL
from tests.app.conftest import all_text, open_app
from ui.parts.shell import PAGES

NAMES = tuple(p.name for p in PAGES)


@pytest.fixture
def saved(tmp_path, monkeypatch) -> d.Deck:
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    deck = d.make_deck(
        "Atelier",
        [
            d.Slide("overview", {"region": "eca"}, "Only 10 of 22 countries report a head count"),
            d.Slide("scenario", {"country": "MDA", "preset": "ideal"}, "**Moldova** [x](http://e)"),
            d.Slide("country", {"country": "MDA"}, ""),
        ],
        NAMES,
    )
    d.DeckStore(tmp_path / "presentations").save(deck, actor=LOCAL)
    return deck


def test_a_slide_shows_its_message_place_and_controls_without_menus(saved):
    at = open_app(None, present="1", deck="atelier")
    text = all_text(at)
    assert "### Only 10 of 22 countries report a head count" in text
    assert "1 / 3" in text
    labels = {b.label: b for b in at.button}
    assert labels["Previous"].disabled and not labels["Next"].disabled
    assert "Exit" in labels
    assert not at.get("popover"), "no download menus while presenting"
    assert "Add this view to the presentation" not in labels
    assert at.metric[0].value == "22"  # the slide's region


def test_a_message_is_shown_as_typed(saved):
    at = open_app(None, present="1", deck="atelier", slide="2")
    assert "2 / 3" in all_text(at)
    assert "### \\*\\*Moldova\\*\\* \\[x\\]\\(" in all_text(at)  # escaped: no bold, no link


@pytest.mark.parametrize(
    ("params", "warning"),
    [
        ({"present": "1", "deck": "not-here"}, "not saved on this computer"),
        ({"present": "1", "deck": "atelier", "slide": "9"}, "slide=9"),
        ({"present": "yes"}, "present=yes"),
    ],
)
def test_a_bad_presentation_link_says_what_is_wrong(saved, params, warning):
    at = open_app(None, **params)
    warnings = " ".join(w.value for w in at.warning)
    assert warning in warnings.replace("\\", "")
    # the page is shown all the same, under a heading: its title, or the slide's message
    headings = [m.value for m in at.markdown if m.value.startswith("### ")]
    assert at.title or headings, "no heading"
    assert at.metric, "no figures"


def test_presentation_page_lists_the_views_and_starts(saved, facilitator):
    at = open_app("pages/present.py")
    assert "Views (3)" in all_text(at)
    (editor,) = at.dataframe  # the slides table (AppTest shows a data_editor as a dataframe)
    assert editor.value["message"].tolist()[0] == "Only 10 of 22 countries report a head count"
    assert editor.value["link"].tolist()[1] == "scenario?country=MDA&preset=ideal"
    assert at.text_input[0].value == "Atelier"
    assert not at.button(key="deck_start").disabled


def test_presentation_page_without_any_presentation(tmp_path, monkeypatch):
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    at = open_app("pages/present.py")
    assert any("No presentation yet" in i.value for i in at.info)
    assert "Add this view to the presentation" not in {b.label for b in at.button}


def test_presentation_page_with_saved_ones_none_chosen_says_choose(saved):
    at = open_app("pages/present.py")
    infos = " ".join(i.value for i in at.info)
    assert at.selectbox[0].options == ["Atelier"]
    assert "Choose a presentation above" in infos
    assert "No presentation yet" not in infos
