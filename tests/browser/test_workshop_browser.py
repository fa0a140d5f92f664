"""The workshop in a real browser: every page in every language and in presentation mode with
no request leaving the machine; a prepared presentation stepped through with the keys a
clicker sends; a participant's phone. Screenshots go to tests/browser/artifacts/."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Visit
from tests.conftest import PHONE
from ui.base import i18n
from ui.parts.shell import PAGES

pytestmark = pytest.mark.browser

DECK = {
    "format": "ssw-presentation",
    "version": 1,
    "title": "Atelier Chișinău",
    "slides": [
        {
            "page": "overview",
            "params": {"region": "eca"},
            "message": "Doar 10 din 22 de țări raportează un efectiv",
        },
        {
            "page": "scenario",
            "params": {"country": "MDA", "preset": "ideal"},
            "message": "Moldova: calea spre zero categoria 6",
        },
        {"page": "country", "params": {"country": "MDA"}, "message": "Ce spun sursele"},
    ],
}


def _path(name: str) -> str:
    spec = next(p for p in PAGES if p.name == name)
    return "/" if spec.default else f"/{spec.name}"


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_page_in_every_language_offline(visit: Visit, lang: str):
    for spec in PAGES:
        visit.open(f"{_path(spec.name)}?lang={lang}&country=MDA")
        page = visit.page
        expect(page.get_by_test_id("stException")).to_have_count(0)
        expect(page.get_by_role("dialog")).to_have_count(0)
        with i18n.language(lang):
            expected = i18n.t(f"nav.{spec.name}")
        # The sidebar names the page in the chosen language; the language picker is at the
        # top of the page, above its title (one tap away on a phone).
        menu = page.locator(".st-key-page_menu")
        expect(menu.get_by_text(expected, exact=True)).to_be_visible()
        picker = page.locator(".st-key-topbar").get_by_role("radiogroup").first
        expect(picker).to_be_visible()
        heading = page.get_by_test_id("stHeading").filter(visible=True).first
        assert picker.bounding_box()["y"] < heading.bounding_box()["y"]
        if lang != "en" or spec.name in ("overview", "scenario", "present"):
            visit.shot(f"lang-{lang}-{spec.name}")
    assert visit.foreign == [], f"requests to other hosts: {visit.foreign}"


def test_every_page_in_presentation_mode_offline(visit: Visit):
    for spec in PAGES:
        visit.open(f"{_path(spec.name)}?present=1&lang=ro&country=MDA")
        page = visit.page
        expect(page.get_by_test_id("stException")).to_have_count(0)
        # No menus: the page list, the toolbar and the download menus are hidden.
        expect(page.locator(".st-key-page_menu")).to_have_count(0)
        expect(page.get_by_test_id("stToolbarActions")).to_be_hidden()
        if spec.name not in ("data", "present"):  # pages whose purpose is a file
            downloads = page.get_by_role("button", name="Descărcați", exact=False)
            assert downloads.count() == 0, (spec.name, downloads.first.inner_text())
        expect(page.get_by_role("button", name="Ieșiți")).to_be_visible()
        visit.shot(f"present-ro-{spec.name}")
    assert visit.foreign == [], f"requests to other hosts: {visit.foreign}"


def test_a_prepared_presentation_from_file_to_the_last_slide(
    visit_own: Visit, tmp_path, own_server
):
    _, user = own_server
    page = visit_own.page
    page.set_viewport_size({"width": 1280, "height": 720})  # a projector
    deck_file = tmp_path / "atelier.json"
    deck_file.write_text(json.dumps(DECK, ensure_ascii=False), encoding="utf-8")

    visit_own.open("/present?lang=ro")
    page.get_by_text("Încărcați un fișier de prezentare").click()
    visit_own.choose_file(deck_file)
    page.get_by_role("button", name="Încărcați această prezentare").click()
    expect(page.get_by_text("S-a încărcat")).to_be_visible(timeout=30_000)
    saved = user / "presentations" / "atelier-chisinau.json"
    # written as version 2: each message as the English one
    kept = json.loads(saved.read_text(encoding="utf-8"))["slides"]
    assert [(s["page"], s["params"], s["messages"]) for s in kept] == [
        (s["page"], s["params"], {"en": s["message"]}) for s in DECK["slides"]
    ]
    visit_own.shot("deck-ro-editor")

    page.get_by_role("button", name="Începeți prezentarea").click()
    expect(page.get_by_text("Doar 10 din 22 de țări raportează un efectiv")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("1 / 3")).to_be_visible()
    expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    visit_own.wait_for_app()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("22")
    visit_own.shot("deck-ro-slide1")

    visit_own.press("PageDown")  # a clicker's "next"
    expect(page.get_by_text("Moldova: calea spre zero categoria 6")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("2 / 3")).to_be_visible()
    assert "preset=ideal" in page.url and "slide=2" in page.url and "lang=ro" in page.url
    visit_own.wait_for_app()
    visit_own.shot("deck-ro-slide2-scenario")

    visit_own.press("ArrowRight")
    expect(page.get_by_text("3 / 3")).to_be_visible(timeout=30_000)
    # the slide's message is the heading; the country's name a small line under it
    # (the slide's picture, the country's coverage strip, names it too: not that)
    title = page.locator(".stMain [data-testid=stCaptionContainer] strong")
    expect(title.get_by_text("Republica Moldova", exact=True)).to_be_visible()
    visit_own.shot("deck-ro-slide3")

    # Back to the overview: Moldova chosen on the last slide must not stay chosen (the slide's
    # link has no country: all 22 countries of the region).
    visit_own.press("PageUp")
    expect(page.get_by_text("2 / 3")).to_be_visible(timeout=30_000)
    visit_own.press("PageUp")
    expect(page.get_by_text("1 / 3")).to_be_visible(timeout=30_000)
    visit_own.wait_for_app()
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("22")
    assert "country=" not in page.url

    page.get_by_role("button", name="Ieșiți").click()
    expect(page.locator(".st-key-page_menu")).to_be_visible(timeout=30_000)
    visit_own.wait_for_app()
    assert "present=" not in page.url and "deck=" not in page.url
    assert visit_own.foreign == []


SCENARIOS = {
    "format": "ssw-presentation",
    "version": 1,
    "title": "Scenarios",
    "slides": [
        {"page": "scenario", "params": {"country": "MDA", "preset": "ideal"}, "message": "A"},
        {"page": "scenario", "params": {"country": "MDA"}, "message": "B"},
        {"page": "overview", "params": {"region": "eca"}, "message": "C"},
        {"page": "scenario", "params": {"country": "MDA", "preset": "pragmatic"}, "message": "D"},
    ],
}


def _summary(visit: Visit) -> str:
    """The scenario's sentence 'Category 6 goes from … to …' (what the view concludes; a slide
    shows that first sentence of the page's summary, the rest one click away)."""
    visit.wait_for_app()
    text = visit.page.get_by_text("Category 6 goes from").first
    text.wait_for(timeout=30_000)
    return text.inner_text().split(". ")[0].rstrip(".")


def test_each_slide_shows_what_its_link_shows(visit_own: Visit, own_server):
    # Found by review: a scenario slide after another scenario slide kept the first one's
    # values, and a link to a slide showed the wrong page.
    _, user = own_server
    (user / "presentations").mkdir(parents=True)
    (user / "presentations" / "scenarios.json").write_text(json.dumps(SCENARIOS))
    expected = {}
    for i, slide in enumerate(SCENARIOS["slides"]):
        if slide["page"] == "scenario":
            query = "&".join(f"{k}={v}" for k, v in slide["params"].items())
            visit_own.open(f"/scenario?{query}")
            expected[i] = _summary(visit_own)
    assert expected[0] != expected[1] != expected[3]  # three different conclusions

    page = visit_own.page
    visit_own.open("/?present=1&deck=scenarios")  # a link to the presentation starts it
    assert _summary(visit_own) == expected[0]
    visit_own.press("PageDown")
    expect(page.get_by_text("2 / 4")).to_be_visible(timeout=30_000)
    assert _summary(visit_own) == expected[1]
    visit_own.press("PageUp")
    expect(page.get_by_text("1 / 4")).to_be_visible(timeout=30_000)
    assert _summary(visit_own) == expected[0]
    visit_own.open("/?present=1&deck=scenarios&slide=4")  # a link to one slide opens it
    expect(page.get_by_text("4 / 4")).to_be_visible(timeout=30_000)
    assert "/scenario?" in page.url and "preset=pragmatic" in page.url
    assert _summary(visit_own) == expected[3]
    page.reload()  # a reload keeps the slide
    expect(page.get_by_text("4 / 4")).to_be_visible(timeout=30_000)
    assert _summary(visit_own) == expected[3]
    assert visit_own.foreign == []


def test_adding_views_from_the_sidebar_builds_a_presentation(visit_own: Visit, own_server):
    _, user = own_server
    page = visit_own.page
    for path, n in (("/scenario?country=KAZ&preset=pragmatic", 1), ("/country?country=MDA", 2)):
        visit_own.open(path)
        page.get_by_role("button", name="Add this view to the presentation").click()
        expect(page.get_by_text(f"Added as view {n} of")).to_be_visible(timeout=30_000)
    (saved,) = (user / "presentations").glob("*.json")
    slides = json.loads(saved.read_text(encoding="utf-8"))["slides"]
    assert [(s["page"], s["params"]) for s in slides] == [
        ("scenario", {"country": "KAZ", "preset": "pragmatic"}),
        ("country", {"country": "MDA"}),
    ]
    visit_own.open("/present")
    expect(page.get_by_text("Views (2)")).to_be_visible()
    assert visit_own.foreign == []


def test_a_participant_follows_on_a_phone_in_russian(browser: Browser, server: str):
    context = browser.new_context(**PHONE)
    v = Visit(context.new_page(), server)
    try:
        v.open("/scenario?country=MDA&preset=ideal&lang=ru")
        page = v.page
        expect(page.get_by_role("heading", level=1)).to_contain_text("сценари", ignore_case=True)
        expect(page.get_by_test_id("stMetric").first).to_be_visible()
        v.shot("phone-ru-scenario")
        v.open("/country?country=MDA&lang=ru")
        expect(page.get_by_role("heading", name="Молдова", level=1)).to_be_visible()
        v.shot("phone-ru-country")
        assert v.foreign == []
    finally:
        context.close()


def test_a_bad_presentation_file_is_refused_and_nothing_changes(
    visit_own: Visit, tmp_path, own_server
):
    _, user = own_server
    page = visit_own.page
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**DECK, "slides": [{"page": "nowhere", "params": {}}]}))
    visit_own.open("/present")
    page.get_by_text("Load a presentation file").click()
    visit_own.choose_file(bad)
    page.get_by_role("button", name="Load this presentation").click()
    expect(page.get_by_text("This file cannot be used, and nothing was changed")).to_be_visible(
        timeout=30_000
    )
    expect(page.get_by_text("slide 1: 'nowhere' is not a page of the dashboard")).to_be_visible()
    assert not (user / "presentations").exists() or not list((user / "presentations").iterdir())
    # A link naming a presentation that is not saved here says so and shows the page.
    visit_own.open("/?present=1&deck=not-here")
    expect(page.get_by_text("not saved on this computer")).to_be_visible()
    assert visit_own.foreign == []
