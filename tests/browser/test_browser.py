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
