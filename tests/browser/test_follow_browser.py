"""Following the facilitator (issue 24), in real browsers: the facilitator presents a saved
shared presentation on the serving computer (1920 x 1080, loopback); a participant's phone
(390 x 844, Russian, on the room's network: not the serving computer) joins by the link on the
first slide and, without a reload, shows each new slide's view as a normal page with the
slide's message in Russian; after "Explore on my own" it stays where it is while the
facilitator moves on; one tap on "Follow the facilitator" brings it to the current slide."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.room import lan_address
from ssw_core import deck as d
from ssw_core.access import LOCAL
from tests.browser.conftest import Visit, start_server
from ui.parts.shell import PAGES

pytestmark = pytest.mark.browser
LAN = lan_address()
PHONE_UA = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0 Mobile Safari/537.36"
)
SLIDES = [
    d.Slide(
        "overview",
        {"region": "eca"},
        {
            "en": "Most countries publish no comparable count of their workforce",
            "ru": "Большинство стран не публикуют сопоставимых данных о работниках",
        },
    ),
    d.Slide(
        "country",
        {"country": "GEO"},
        {"en": "Georgia: what the sources say", "ru": "Грузия: что говорят источники"},
    ),
    d.Slide(
        "scenario",
        {"country": "MDA", "preset": "pragmatic"},
        {
            "en": "Moldova: the path to zero Category 6 by 2030",
            "ru": "Молдова: путь к нулю в категории 6 к 2030 году",
        },
    ),
]


@pytest.fixture(scope="module")
def room(tmp_path_factory) -> Iterator[tuple[str, str]]:
    """The dashboard on the room's network with a saved shared presentation: its address on
    this computer (the facilitator's) and on the network (a participant's)."""
    if LAN is None:
        pytest.skip("this machine has no network address besides loopback")
    user = tmp_path_factory.mktemp("follow") / "user"
    pages = tuple(p.name for p in PAGES if p.name != "present")
    deck = d.make_deck("Atelier Chisinau", SLIDES, pages)
    d.DeckStore(user / "presentations").save(deck, actor=LOCAL)
    proc, base, _ = start_server(
        {"SSW_USER_DATA_DIR": str(user)}, args=("--server.address", "0.0.0.0")
    )
    yield base, base.replace("127.0.0.1", LAN)
    proc.terminate()
    proc.wait(timeout=20)


def _bar(page: Page):  # type: ignore[no-untyped-def]
    return page.locator(".st-key-follow_bar")


def test_a_phone_follows_the_facilitators_slides(browser: Browser, room: tuple[str, str]):
    base, network = room
    facilitator = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, locale="ru-RU", user_agent=PHONE_UA
    ).new_page()
    projector, handset = Visit(facilitator, base), Visit(phone, network)
    try:
        # The facilitator presents: the first slide says how to follow, with a QR code.
        projector.open("/?present=1&deck=atelier-chisinau")
        expect(facilitator.get_by_text(SLIDES[0].messages["en"])).to_be_visible()
        join = facilitator.locator(".st-key-slide_message_text")
        expect(join).to_contain_text("Follow on your phone, in your language")
        qr = facilitator.get_by_role("img", name="QR code of the link to follow the facilitator")
        expect(qr).to_be_visible()
        assert qr.bounding_box()["height"] >= 200  # type: ignore[index]  # scannable in a room
        link = re.search(r"http://\S+\?follow=1", join.inner_text())
        assert link is not None and link.group(0) == f"{network}/?follow=1"
        projector.shot("follow-facilitator-1080")

        # A participant's phone opens that link and chooses Russian.
        handset.page.goto(link.group(0))
        handset.wait_for_app()
        expect(_bar(phone)).to_contain_text("Following the facilitator · view 1 of 3")
        phone.get_by_role("radio", name="Русский").or_(
            phone.get_by_role("button", name="Русский")
        ).first.click()
        expect(_bar(phone)).to_contain_text("Вы следите за ведущим · слайд 1 из 3")
        expect(_bar(phone)).to_contain_text(SLIDES[0].messages["ru"])
        phone.evaluate("window.sameDocument = true")  # gone if the page were reloaded

        # The facilitator presses Next: the phone shows the new slide's view, in Russian.
        facilitator.get_by_role("button", name="Next").click()
        expect(facilitator.get_by_text(SLIDES[1].messages["en"])).to_be_visible()
        expect(_bar(phone)).to_contain_text(SLIDES[1].messages["ru"])
        expect(_bar(phone)).to_contain_text("слайд 2 из 3")
        expect(phone.get_by_role("heading", name="Грузия", level=1)).to_be_visible()
        assert phone.evaluate("window.sameDocument === true"), "the phone reloaded the page"
        assert re.search(r"/country\?country=GEO&lang=ru&follow=1$", phone.url), phone.url
        # a page, not a slide: the top bar with the language, no slide controls
        expect(phone.locator(".st-key-topbar")).to_be_visible()
        expect(phone.locator(".st-key-slide_controls")).to_have_count(0)
        handset.wait_for_app()
        handset.shot("follow-phone-ru-390")

        # The phone explores on its own; the facilitator moves on; the phone stays.
        phone.get_by_role("button", name="Изучить самостоятельно").click()
        expect(_bar(phone)).to_have_count(0)
        join_button = phone.get_by_role("button", name=re.compile("Следить за ведущим"))
        expect(join_button).to_have_text(re.compile("слайд 2"))
        facilitator.get_by_role("button", name="Next").click()
        expect(facilitator.get_by_text(SLIDES[2].messages["en"])).to_be_visible()
        # the phone learns where the facilitator is (its button says so), and stays
        expect(join_button).to_have_text(re.compile("слайд 3"))
        assert re.search(r"/country\?country=GEO&lang=ru$", phone.url), phone.url
        expect(phone.get_by_role("heading", name="Грузия", level=1)).to_be_visible()
        handset.shot("follow-phone-ru-exploring-390")

        # One tap: the current slide, following again.
        join_button.click()
        expect(_bar(phone)).to_contain_text(SLIDES[2].messages["ru"])
        expect(_bar(phone)).to_contain_text("слайд 3 из 3")
        expect(phone).to_have_url(re.compile(r"/scenario\?.*follow=1"))
        assert phone.evaluate("window.sameDocument === true"), "the phone reloaded the page"
        handset.wait_for_app()
        handset.shot("follow-phone-ru-back-390")

        # Exit: nothing is live; the phone stays where it is, without the bar or the button.
        facilitator.get_by_role("button", name="Exit").click()
        expect(_bar(phone)).to_have_count(0)
        expect(phone.get_by_role("button", name=re.compile("Следить за ведущим"))).to_have_count(0)
        assert "/scenario" in phone.url
        assert projector.foreign == [] and handset.foreign == []
    finally:
        facilitator.context.close()
        phone.context.close()


def test_the_join_link_is_a_participants_way_in_before_anything_is_live(
    browser: Browser, room: tuple[str, str], tmp_path: Path
):
    # Joined before the facilitator starts: the phone waits on the first page, following,
    # and is brought to the first slide when the presentation starts.
    base, network = room
    phone = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, user_agent=PHONE_UA
    ).new_page()
    facilitator = browser.new_context(viewport={"width": 1280, "height": 720}).new_page()
    try:
        handset = Visit(phone, network)
        handset.open("/?follow=1")
        expect(_bar(phone)).to_have_count(0)
        assert phone.url.endswith("/?follow=1"), phone.url
        projector = Visit(facilitator, base)
        projector.open("/?present=1&deck=atelier-chisinau&slide=2")
        expect(_bar(phone)).to_contain_text(SLIDES[1].messages["en"])
        expect(phone).to_have_url(re.compile(r"/country\?country=GEO&follow=1$"))
        projector.shot("follow-facilitator-720")
        facilitator.get_by_role("button", name="Exit").click()
        expect(_bar(phone)).to_have_count(0)
    finally:
        phone.context.close()
        facilitator.context.close()
