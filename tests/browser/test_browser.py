"""The dashboard in a real browser: every page, offline, links and filters."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit
from ui.parts.shell import PAGES

pytestmark = pytest.mark.browser


def test_first_request_deep_link_then_every_page_offline(visit: Visit):
    # On a fresh server the very first request is a deep link with parameters: the case
    # that Streamlit's legacy pages/ mode would serve without app.py.
    visit.open("/plan?region=eca", heading="Pillar 2 · Plan the workforce")
    expect(visit.page.get_by_role("dialog")).to_have_count(0)
    expect(visit.page.get_by_text("In the 22 countries in view").first).to_be_visible()
    assert "region=eca" in visit.page.url
    visit.shot("plan-eca-first-request")

    for spec in PAGES:
        path = "/" if spec.default else f"/{spec.name}"
        visit.open(path)
        expect(visit.page.get_by_test_id("stException")).to_have_count(0)
        expect(visit.page.get_by_role("dialog")).to_have_count(0)
        visit.shot(f"page-{spec.name}")

    assert visit.foreign == [], f"requests to other hosts: {visit.foreign}"


def test_sidebar_filter_goes_into_the_url_and_survives_page_changes(visit: Visit):
    visit.open("/", heading="Where countries stand")
    metric = visit.page.get_by_test_id("stMetricValue").first
    expect(metric).to_have_text("34")

    visit.page.get_by_test_id("stSelectbox").filter(has_text="Region").click()
    visit.page.get_by_role("option", name="Europe & Central Asia (22)").click()
    expect(metric).to_have_text("22", timeout=30_000)
    expect(visit.page).to_have_url(re.compile(r"region=eca"))

    visit.page.locator(".st-key-page_menu").get_by_role(
        "link", name="4 · Support the workforce"
    ).click()
    visit.wait_for_app("Pillar 4 · Support the workforce")
    expect(visit.page.get_by_text("In the 22 countries in view").first).to_be_visible()
    expect(visit.page).to_have_url(re.compile(r"/support\?region=eca"))
    visit.shot("support-after-filter")
    assert visit.foreign == []


def test_shared_link_reopens_the_same_view(visit: Visit):
    visit.open("/country?region=asean&country=KHM", heading="Cambodia")
    expect(visit.page.get_by_role("combobox", name="Country")).to_have_value("Cambodia")
    expect(visit.page.get_by_role("combobox", name="Region")).to_have_value(
        "ASEAN, Mongolia & Timor-Leste (12)"
    )
    expect(visit.page.get_by_text("64.4").first).to_be_visible()
    visit.shot("country-khm")


def test_after_a_change_of_language_the_choices_keep_their_value_in_its_words(visit: Visit):
    """Streamlit 1.67 keeps the label a select box last showed in the browser and reads it
    back with the options of the run before: after a change of language the boxes still
    showed English, and the next click of any kind (another map, another language) failed on
    every page, on the top bar's country, until a reload (ui.base.session.relabel sets their
    values again when the language changes)."""
    visit.open("/?region=eca&country=MDA&map=n_indicators", heading="Where countries stand")
    page = visit.page

    def shows(heading: str, boxes: dict[str, str | re.Pattern[str]], map_code: str) -> None:
        visit.wait_for_app(heading)
        expect(page.get_by_test_id("stException")).to_have_count(0)
        for label, value in boxes.items():
            expect(page.get_by_role("combobox", name=label)).to_have_value(value)
        expect(page).to_have_url(re.compile(rf"\?region=eca&country=MDA&map={map_code}"))

    page.get_by_role("radio", name="Русский").click()
    shows(
        "Положение дел в странах",
        {
            "Регион": "Европа и Центральная Азия (22)",
            "Страна": "Молдова",
            "Показать на карте": "Показатели хотя бы с одним значением, полным или частичным"
            " (из 14)",
        },
        "n_indicators",
    )
    chooser = page.get_by_role("combobox", name="Показать на карте")
    chooser.click()  # the next click after the change of language: another map
    chooser.press("ArrowDown")  # opens the list (a click alone did not, here)
    page.get_by_role("option", name=re.compile(r"детей в возрасте 0-17")).click()
    shows(
        "Положение дел в странах",
        {"Показать на карте": re.compile(r"^Кадры на 100.000 детей в возрасте 0-17 лет")},
        "rate_children",
    )
    page.get_by_role("radio", name="Română").click()
    shows(
        "Situația țărilor",
        {
            "Regiunea": "Europa și Asia Centrală (22)",
            "Țara": "Republica Moldova",
            "Afișați pe hartă": re.compile(r"^Personal la 100.000 de copii de 0-17 ani"),
        },
        "rate_children",
    )
    page.get_by_role("radio", name="English").click()
    shows(
        "Where countries stand",
        {
            "Region": "Europe & Central Asia (22)",
            "Country": "Moldova",
            "Show on the map": "Workforce per 100,000 children aged 0-17 (Core 3)",
        },
        "rate_children",
    )
    visit.shot("overview-after-three-languages")
    assert visit.foreign == []


def test_bad_link_says_what_is_wrong(visit: Visit):
    visit.open("/?country=ZZZ&region=europe", heading="Where countries stand")
    alerts = visit.page.get_by_test_id("stAlertContentWarning")
    expect(alerts.filter(has_text="country=ZZZ")).to_have_count(1)
    expect(alerts.filter(has_text="region=europe")).to_have_count(1)
    expect(visit.page.get_by_test_id("stMetricValue").first).to_have_text("34")
    visit.shot("bad-link")


def test_a_page_whose_code_failed_to_arrive_mends_itself(visit: Visit):
    """A metric's code cut on its way (as Chromium cuts every request in flight when a phone's
    network changes): the page reloads itself and draws it, with no reload by hand."""
    page = visit.page
    cut: list[str] = []

    def once(route):  # type: ignore[no-untyped-def]
        if cut:
            route.continue_()
        else:
            cut.append(route.request.url)
            route.abort("internetdisconnected")

    page.route(re.compile(r"/static/js/Metric\.[^/]+\.js$"), once)
    loads: list[str] = []
    page.on("load", lambda p: loads.append(p.url))
    page.goto(visit.base + "/overview")
    expect(page.get_by_test_id("stMetricValue").first).to_have_text("34")
    visit.wait_for_app("Where countries stand")
    assert len(cut) == 1 and len(loads) == 2  # cut once; loaded, then reloaded by itself
    expect(page.get_by_text("Failed to fetch dynamically imported module")).to_have_count(0)
    expect(page.get_by_test_id("stMetricValue")).to_have_count(4)
