"""Following the facilitator (issue 24) through AppTest: the facilitator's slides publish the
slide the room follows, a participant who joins opens that slide's view as a normal page with
its message in their language, and "Follow the facilitator" shows only while something is
live. AppTest draws what app.py draws on a first run only (tests/app/conftest.py), so each
state is opened as a link opens it; moving through slides, exploring and coming back are
tested in a browser (tests/browser/test_follow_browser.py)."""

from __future__ import annotations

import pytest

from ssw_core import deck as d
from ssw_core import serving
from ssw_core.access import LOCAL
from ssw_core.audit import AuditLog
from ssw_core.live import LiveStore
from tests.app.conftest import all_text, open_app, table
from tests.app.test_present_page import NAMES

ROOM = "http://10.0.0.5:8501"


@pytest.fixture
def room(tmp_path, monkeypatch):
    """A saved shared presentation of three slides, and the room's address."""
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, ROOM)
    deck = d.make_deck(
        "Atelier",
        [
            d.Slide(
                "overview",
                {"region": "eca"},
                {
                    "en": "Only 10 of 22 countries report a head count",
                    "ru": "Только 10 из 22 стран",
                },
            ),
            d.Slide(
                "scenario",
                {"country": "MDA", "preset": "ideal"},
                {"en": "**Moldova** [x](http://e)", "ru": "Молдова: **идеальный** сценарий"},
            ),
            d.Slide("country", {"country": "GEO"}, {}),
        ],
        NAMES,
    )
    d.DeckStore(tmp_path / "presentations").save(deck, actor=LOCAL)
    return LiveStore(tmp_path)


def _live_entries(root) -> list[dict]:
    record = AuditLog(root / "audit.jsonl").read()
    return [e for e in record.entries if e["action"].startswith("live.")]


def _images(at) -> list:
    return list(at.get("image"))


def _bar(at) -> list[str]:
    """The following bar's place and message (captions and Markdown above the page)."""
    return [c.value for c in at.caption if c.value.startswith(("Following", "Вы следите"))]


def test_the_facilitators_slide_is_the_one_the_room_follows(room, facilitator, tmp_path):
    at = open_app(None, present="1", deck="atelier", slide="2")
    assert "2 / 3" in all_text(at)
    live = room.current()
    assert live is not None and (live.deck, live.slide) == ("atelier", 1)
    (entry,) = _live_entries(tmp_path)
    assert (entry["action"], entry["target"], entry["role"]) == ("live.start", "atelier", "admin")
    open_app(None, present="1", deck="atelier", slide="3")
    assert room.current().slide == 2  # type: ignore[union-attr]
    assert len(_live_entries(tmp_path)) == 1  # a move: no record


def test_the_first_slide_shows_the_link_to_join_and_its_qr_code(room, facilitator):
    at = open_app(None, present="1", deck="atelier")
    texts = [m.value for m in at.markdown]
    assert "Follow on your phone, in your language: scan the code or open" in " ".join(texts)
    assert any("**http://10.0.0.5:8501/?follow=1**" in x for x in texts)
    (qr,) = _images(at)
    assert qr.proto.imgs[0].alt == "QR code of the link to follow the facilitator"


def test_a_participant_presenting_the_shared_presentation_publishes_nothing(room, tmp_path):
    at = open_app(None, present="1", deck="atelier", slide="2")
    assert "2 / 3" in all_text(at)
    assert room.current() is None
    assert not (tmp_path / "live.json").exists()
    at = open_app(None, present="1", deck="atelier")  # the first slide: the room's address only
    assert "Follow on your phone: http://10.0.0.5:8501" in all_text(at)
    assert not _images(at)


def test_joining_opens_the_live_slide_as_a_page_with_its_message(room):
    room.publish("atelier", 1, actor=LOCAL)
    at = open_app(None, follow="1")
    assert dict(at.query_params) == {
        "country": "MDA",
        "preset": "ideal",
        "follow": "1",  # kept: a phone that reconnects comes back following
    }
    assert _bar(at) == ["Following the facilitator · view 2 of 3"]
    assert "\\*\\*Moldova\\*\\* \\[x\\]\\(" in all_text(at)  # the message, escaped
    assert [b.label for b in at.button][:1] == ["Explore on my own"]
    assert "follow_join" not in [b.key for b in at.button]
    assert not _images(at)  # a page, not a slide: no slide controls, no QR code
    assert "Previous" not in [b.label for b in at.button]


def test_a_participant_follows_in_their_language(room):
    room.publish("atelier", 1, actor=LOCAL)
    at = open_app(None, follow="1", lang="ru")
    assert _bar(at) == ["Вы следите за ведущим · слайд 2 из 3"]
    assert "Молдова: \\*\\*идеальный\\*\\* сценарий" in all_text(at)
    assert at.query_params["lang"] == "ru"
    assert at.button(key="follow_explore").label == "Изучить самостоятельно"


def test_a_slide_without_a_message_shows_its_place_only(room):
    room.publish("atelier", 2, actor=LOCAL)
    at = open_app(None, follow="1")
    assert dict(at.query_params) == {"country": "GEO", "follow": "1"}
    assert _bar(at) == ["Following the facilitator · view 3 of 3"]
    assert at.title[0].value == "Georgia"


def test_joining_before_anything_is_live_waits_on_the_first_page(room):
    at = open_app(None, follow="1")
    assert dict(at.query_params) == {"follow": "1"}
    assert _bar(at) == []
    assert "follow_join" not in [b.key for b in at.button]
    assert at.metric[0].value == "34"  # the Overview, as opened


def test_a_presentation_deleted_while_live_is_nothing_to_follow(room, tmp_path):
    room.publish("atelier", 1, actor=LOCAL)
    (tmp_path / "presentations" / "atelier.json").unlink()
    at = open_app(None, follow="1")
    assert _bar(at) == []
    assert at.metric[0].value == "34"


def test_follow_the_facilitator_shows_only_while_something_is_live(room):
    # (AppTest draws app.py's top bar on the first page it opens: the Overview)
    at = open_app(None, region="eca")
    assert "follow_join" not in [b.key for b in at.button]
    room.publish("atelier", 0, actor=LOCAL)
    at = open_app(None, region="eca")
    join = at.button(key="follow_join")
    assert (join.label, join.proto.type) == ("Follow the facilitator · view 1", "primary")
    assert _bar(at) == []  # not following: the page is theirs
    room.stop(actor=LOCAL)
    at = open_app(None, region="eca")
    assert "follow_join" not in [b.key for b in at.button]


def test_the_facilitator_is_not_offered_to_follow_and_sees_what_is_live(room, facilitator):
    room.publish("atelier", 1, actor=LOCAL)
    at = open_app(None, region="eca")
    assert "follow_join" not in [b.key for b in at.button]
    assert at.metric  # the page, drawn
    at = open_app("pages/present.py")
    live = [i.value for i in at.info if i.value.startswith("Live now")]
    assert live == [
        "Live now: **Atelier**, view 2 of 3. Participants who follow see it on their phones."
    ]
    assert at.button(key="deck_stop_live").label == "Stop the live presentation"
    assert (
        "Follow on your own device, on this room's network: **http://10.0.0.5:8501/?follow=1**"
        in (all_text(at))
    )


def test_a_participant_sees_no_live_panel(room):
    room.publish("atelier", 1, actor=LOCAL)
    at = open_app("pages/present.py")
    assert not [i.value for i in at.info if i.value.startswith("Live now")]


def test_a_bad_follow_value_is_reported(room):
    at = open_app(None, follow="always")
    assert "follow=always" in " ".join(w.value for w in at.warning).replace("\\", "")
    assert _bar(at) == []


def test_the_record_says_when_the_room_followed_a_presentation(room, facilitator):
    room.publish("atelier", 1, actor=LOCAL)
    room.stop(actor=LOCAL)
    at = open_app("pages/data.py")
    record = next(table(at, i) for i in range(len(at.table)) if "Detail" in table(at, i).columns)
    rows = list(zip(record["What"].to_list(), record["Detail"].to_list(), strict=True))
    assert rows[:2] == [
        ("stopped the presentation the room follows", "at view 2"),
        ("started a presentation the room follows", "from view 2"),
    ]
