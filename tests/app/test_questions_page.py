"""Room questions through the pages: the facilitator asks, a participant answers for Moldova
(bad answers refused with what is wrong, nothing stored), the facilitator's screen counts and
draws the answers as the room's estimates, and once offered, the Scenario lab starts Moldova's
Category 6 from the team's share, labelled with the event and the date."""

from __future__ import annotations

import pytest

from ssw_core import questions as qs
from ssw_core.audit import AuditLog
from tests.app.conftest import all_text, charts, open_app
from tests.app.test_scenario_page import open_page
from tests.support.rooms import connect_as, user_folder

PAGE = "pages/questions.py"
EVENT = "Atelier <b>Chișinău</b>"  # the facilitator's words: shown escaped, never as HTML


@pytest.fixture
def room(tmp_path, monkeypatch):
    return user_folder(tmp_path, monkeypatch)


_as = connect_as


def _press(at, label: str):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_participant_sees_no_question_and_cannot_ask(room, monkeypatch):
    _as(monkeypatch, "192.0.2.7")
    at = open_app(PAGE)
    assert "No question is open." in all_text(at)
    assert not [b for b in at.button if b.label == "Ask the room"]


def test_ask_answer_count_offer_and_the_lab_starts_from_the_estimate(room, monkeypatch):
    _as(monkeypatch, "127.0.0.1")
    at = open_app(PAGE, region="eca")
    at.text_input(key="questions_event").set_value(EVENT)
    _press(at, "Ask the room")
    text = all_text(at)
    assert "What share of your country's social-work posts is held by people without" in text
    assert "Atelier <b>Chișinău</b>" not in text and "Atelier \\<b\\>Chișinău\\</b\\>" in text
    assert {m.label: m.value for m in at.metric} == {"Countries answered": "0 of 22"}

    _as(monkeypatch, "192.0.2.7")  # a phone, with the top bar's country
    phone = open_app(PAGE, country="MDA")
    assert phone.selectbox(key="questions_country_q1").value == "MDA"
    for typed, said in (
        ("forty", "Your answer 'forty' is not a number: type digits only"),
        ("140", "Your answer 140 is out of range: answers go from 0 to 100. Nothing was sent."),
    ):
        phone.text_input(key="questions_value_q1").set_value(typed)
        _press(phone, "Send")
        assert said in phone.error[0].value
    store = qs.QuestionStore(room / "questions")
    assert store.answers("q1") == []
    phone.text_input(key="questions_value_q1").set_value("30")
    _press(phone, "Send")
    assert phone.success[0].value.startswith("Sent for Moldova: 30 (% of posts).")
    assert [(a.iso3, a.value) for a in store.answers("q1")] == [("MDA", 30.0)]

    _as(monkeypatch, "127.0.0.1")
    at = open_app(PAGE, region="eca")
    assert {m.label: m.value for m in at.metric} == {"Countries answered": "1 of 22"}
    (_, (frame,)), (shown_map, _) = charts(at)
    assert [(r["name"], r["value"], r["label"]) for r in frame.to_dicts()] == [
        (
            "Moldova",
            30.0,
            "a country team's estimate, Atelier <b>Chișinău</b>, " + store.question("q1").day,
        ),
    ]  # fmt: skip  (a chart's legend is text, never HTML or Markdown: as typed)
    filled = next(x for x in shown_map["layer"][2]["transform"] if "lookup" in x)
    assert filled["from"]["data"]["values"][0]["text"] == "Moldova\n30"
    before = open_page(country="MDA").number_input(key="s6").value
    offer = next(t for t in at.toggle if t.label.startswith("Offer to the Scenario lab"))
    offer.set_value(True).run()
    assert store.question("q1").offered is not None
    lab = open_page(country="MDA")
    s1, s6 = lab.number_input(key="s1").value, lab.number_input(key="s6").value
    assert (before, s6, s1 + s6) == (504, 302, 1007)  # 1,007 staff holding cases x 30 %
    said = "a country team's estimate, Atelier \\<b\\>Chișinău\\</b\\>"
    assert said in lab.number_input(key="s6").help
    actions = [e["action"] for e in AuditLog(room / "audit.jsonl").read().entries]
    assert actions == ["question.ask", "question.answer", "question.offer"]


def test_after_the_event_the_facilitator_makes_the_answers_a_version(room, monkeypatch):
    store = qs.QuestionStore(room / "questions")
    from ssw_core.access import LOCAL, Actor

    q = store.ask("cat6_share", event="Atelier", countries=("MDA", "GEO"), actor=LOCAL)
    phone = Actor("participant", "viewer", "room", "192.0.2.7")
    store.answer(q.id, qs.Answer("GEO", 20), actor=phone, device=qs.Device.of("192.0.2.7"))
    _as(monkeypatch, "127.0.0.1")
    at = open_app(PAGE)
    assert at.multiselect(key="questions_accept_q1").value == ["GEO"]
    _press(at, "Make a version of the data")
    assert at.success[0].value.startswith("A new version of the data is in use (")
    lab = open_page(country="GEO")
    assert "Atelier: country teams' estimates" in lab.number_input(key="s6").help


def test_prices_in_different_currencies_are_a_table_never_one_scale(room, monkeypatch):
    from ssw_core.access import LOCAL, Actor
    from ssw_core.roomstate import Device

    store = qs.QuestionStore(room / "questions")
    q = store.ask("place_price", event="Day 1", countries=("MDA", "UZB"), actor=LOCAL)
    phone = Actor("participant (192.0.2.7)", "viewer", "room", "192.0.2.7")
    store.answer(q.id, qs.Answer("MDA", 20000), actor=phone, device=Device.of("192.0.2.7", "a"))
    store.answer(q.id, qs.Answer("UZB", 15000000), actor=phone, device=Device.of("192.0.2.8", "b"))
    _as(monkeypatch, "127.0.0.1")
    at = open_app(PAGE)
    assert charts(at) == []  # no bar chart or map putting MDL beside UZS
    rows = {r[0]: r[1:] for r in at.table[0].value.itertuples(index=False)}
    assert rows["Moldova"][1] == q.currency("MDA") and rows["Uzbekistan"][1] == q.currency("UZB")
    assert q.currency("MDA") != q.currency("UZB")
