"""Presentation mode and the Presentation page through AppTest. AppTest shows what app.py
draws (the slide bar) on a first run only, so stepping through slides, exiting and starting
are tested in a browser (tests/browser/test_workshop_browser.py)."""

from __future__ import annotations

import json

import pytest
from streamlit.proto.WidgetStates_pb2 import WidgetState
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Dataframe

from ssw_core import deck as d
from ssw_core.access import LOCAL
from tests.app.conftest import all_text, open_app
from ui.base import i18n
from ui.parts.shell import PAGES
from ui.present.saved import error_text

NAMES = tuple(p.name for p in PAGES)


def _edit_table(at: AppTest, editor: Dataframe, edits: dict[str, object]) -> None:
    """Run the page as after a user's edit of the table: AppTest cannot edit a data_editor
    (seeding its session state calls no on_change), so the edit is sent as the browser sends
    it, a widget state with the edits as JSON, beside the other widgets' states (private API:
    AppTest._run, the same as AppTest.run with the given states)."""
    states = at._tree.get_widget_states()
    state = WidgetState(id=editor.proto.id)
    state.string_value = json.dumps({"added_rows": [], "deleted_rows": [], **edits})
    states.widgets.append(state)
    at._run(states)


@pytest.fixture
def saved(tmp_path, monkeypatch) -> d.Deck:
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    deck = d.make_deck(
        "Atelier",
        [
            d.Slide(
                "overview",
                {"region": "eca"},
                {
                    "en": "Only 10 of 22 countries report a head count",
                    "ru": "Только 10 из 22 стран сообщают численность",
                },
            ),
            d.Slide(
                "scenario",
                {"country": "MDA", "preset": "ideal"},
                {"en": "**Moldova** [x](http://e)"},
            ),
            d.Slide("country", {"country": "MDA"}, {}),
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
    assert at.subheader or headings, "no heading"
    assert at.metric, "no figures"


def test_presentation_page_lists_the_views_and_starts(saved, facilitator):
    at = open_app("pages/present.py")
    assert "Views (3)" in all_text(at)
    (editor,) = at.dataframe  # the slides table (AppTest shows a data_editor as a dataframe)
    assert editor.value["message_en"].tolist()[0] == "Only 10 of 22 countries report a head count"
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


def test_a_slide_shows_its_message_in_the_rooms_language_else_in_english(saved):
    at = open_app(None, present="1", deck="atelier", lang="ru")
    assert "### Только 10 из 22 стран сообщают численность" in all_text(at)
    assert "Only 10 of 22" not in all_text(at)
    at = open_app(None, present="1", deck="atelier", slide="2", lang="ro")
    assert "### \\*\\*Moldova\\*\\*" in all_text(at)  # no Romanian message: the English one


def test_the_table_has_a_message_column_per_language_the_pages_first(saved, facilitator):
    with i18n.language("ru"):  # AppTest formats select options in the test's thread
        at = open_app("pages/present.py", lang="ru")
    (editor,) = at.data_editor
    assert list(editor.value.columns) == [
        "position",
        "page",
        "message_ru",
        "message_en",
        "message_ro",
        "link",
    ]
    assert editor.value["message_ru"].tolist() == [
        "Только 10 из 22 стран сообщают численность",
        "",
        "",
    ]
    assert editor.value["message_en"].tolist()[1] == "**Moldova** [x](http://e)"


def test_editing_the_message_in_a_second_language_saves_it_at_once(saved, facilitator, tmp_path):
    with i18n.language("ro"):
        at = open_app("pages/present.py", lang="ro")
        (editor,) = at.data_editor
        _edit_table(at, editor, {"edited_rows": {1: {"message_ro": "Moldova: calea spre zero"}}})
    assert not at.exception, [e.value for e in at.exception]
    deck = d.DeckStore(tmp_path / "presentations").load("atelier", NAMES)
    assert dict(deck.slides[1].messages) == {
        "en": "**Moldova** [x](http://e)",
        "ro": "Moldova: calea spre zero",
    }
    (editor,) = at.data_editor  # the table shows what was saved
    assert editor.value["message_ro"].tolist()[1] == "Moldova: calea spre zero"


def test_a_message_too_long_is_refused_naming_the_slide_and_language(saved, facilitator, tmp_path):
    before = (tmp_path / "presentations" / "atelier.json").read_bytes()
    at = open_app("pages/present.py")
    (editor,) = at.data_editor
    _edit_table(at, editor, {"edited_rows": {2: {"message_ro": "x" * 281}}})
    errors = " ".join(e.value for e in at.error)
    assert "slide 3, Romanian: the message has 281 characters; at most 280" in errors
    assert (tmp_path / "presentations" / "atelier.json").read_bytes() == before
    # in the page's language (AppTest's second run falls back to English: checked here)
    error = d.DeckError("message_too_long", (("slide", "3"), ("message", "ro")), n=281, max=280)
    with i18n.language("ru"):
        assert error_text(error).startswith("слайд 3, румынский: в сообщении 281")
    with i18n.language("ro"):
        assert error_text(error).startswith("vizualizarea 3, română: ")
