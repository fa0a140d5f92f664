"""The Scenario page in a real browser: a slider moves the chart and the URL; the URL reopens it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit

pytestmark = pytest.mark.browser
HEADING = "Scenario lab: the path to zero Category 6"


def _expand(visit: Visit, group: str) -> None:
    """Open one of the sidebar's groups of assumptions."""
    visit.page.get_by_test_id("stSidebar").get_by_test_id("stExpander").filter(
        has_text=group
    ).locator("summary").click()


def _summary(visit: Visit) -> str:
    return visit.page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first.inner_text()


def test_slider_moves_chart_and_url_and_the_url_restores_the_view(visit: Visit):
    visit.open("/scenario?country=XKX", heading=HEADING)
    page = visit.page
    chart = page.get_by_test_id("stVegaLiteChart").first
    expect(chart.locator("svg, canvas").first).to_be_visible()
    before_chart = chart.screenshot()
    before = _summary(visit)
    assert before.startswith("Category 6 goes from 152 to")

    _expand(visit, "Workforce flows")
    # More S1 leavers: under 'current' their posts are refilled by unqualified hires, so
    # Category 6 grows and the chart changes. (S6 leavers would be replaced one for one.)
    slider = (
        page.get_by_test_id("stSlider").filter(has_text="S1 leaving a year").get_by_role("slider")
    )
    slider.focus()
    for value in range(6, 11):  # 5 % -> 10 %, one step at a time: each in the link first
        slider.press("ArrowRight")
        expect(page).to_have_url(re.compile(rf"leave_s1={value}\b"), timeout=30_000)
    expect(page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first).not_to_have_text(
        before
    )
    # The link holds the last value as soon as its run publishes it, before the headline of
    # that run is drawn: wait for the run to end before reading what it shows.
    visit.wait_for_app()
    after = _summary(visit)
    assert chart.screenshot() != before_chart, "the chart redraws"
    visit.shot("scenario-after-slider")

    url = page.url
    page.goto(url)
    visit.wait_for_app(HEADING)
    _expand(visit, "Workforce flows")
    thumb = (
        page.get_by_test_id("stSlider")
        .filter(has_text="S1 leaving a year")
        .get_by_test_id("stSliderThumbValue")
    )
    expect(thumb).to_have_text("10%")
    assert _summary(visit) == after
    assert visit.foreign == []


def test_preset_then_shared_link(visit: Visit):
    visit.open("/scenario?country=XKX", heading=HEADING)
    page = visit.page
    page.get_by_test_id("stSidebar").get_by_role("radio", name="Pragmatic").click()
    expect(page).to_have_url(re.compile(r"preset=pragmatic.*places=23"), timeout=30_000)
    visit.wait_for_app()
    summary = _summary(visit)
    page.goto(page.url)
    visit.wait_for_app(HEADING)
    assert _summary(visit) == summary
    expect(
        page.get_by_test_id("stNumberInput")
        .filter(has_text="In-service qualification places")
        .get_by_role("spinbutton")
    ).to_have_value("23")


def test_a_bad_link_is_reported_and_the_address_corrected(visit: Visit):
    visit.open("/scenario?country=XKX&completion=150&course=2.6&places=12", heading=HEADING)
    page = visit.page
    expect(page.get_by_test_id("stAlert").filter(has_text="completion=150")).to_be_visible()
    expect(page.get_by_test_id("stAlert").filter(has_text="course=2.6")).to_be_visible()
    visit.wait_for_app()
    completion = (
        page.get_by_test_id("stSlider")
        .filter(has_text="Share completing the course")
        .get_by_test_id("stSliderThumbValue")
    )
    expect(completion).to_have_text("80%")  # the preset's value, as the warning says
    assert "completion=" not in page.url and "course=" not in page.url
    assert "places=12" in page.url  # the good value is kept
    visit.shot("scenario-bad-link")
    # Reloading the corrected address shows the same, without warnings.
    page.goto(page.url)
    visit.wait_for_app(HEADING)
    expect(completion).to_have_text("80%")
    expect(page.get_by_test_id("stAlert").filter(has_text="completion=150")).to_have_count(0)


def _lever(visit: Visit, label: str):
    return visit.page.get_by_test_id("stSlider").filter(has_text=label).get_by_role("slider")


def _exact(visit: Visit, label: str):
    """A lever's exact entry (its label is for screen readers only)."""
    return visit.page.get_by_role("spinbutton", name=f"{label}: exact value")


def _metric(visit: Visit, label: str):
    return (
        visit.page.get_by_test_id("stMetric").filter(has_text=label).get_by_test_id("stMetricValue")
    )


def _step(visit: Visit, slider, key: str, values: list[int], key_name: str) -> None:
    """Press an arrow key once per value, each step waited for in the link."""
    slider.focus()
    for value in values:
        slider.press(key_name)
        expect(visit.page).to_have_url(re.compile(rf"{key}={value}(\.0)?(&|$)"), timeout=30_000)
    visit.wait_for_app()


def test_each_of_the_three_levers_moves_the_numbers(visit: Visit):
    # Moldova with 30,000 open cases (entered; the data has none) and posts sized by them.
    visit.open("/scenario?country=MDA&cases=30000&by_caseload=true", heading=HEADING)
    page = visit.page
    caseload = _metric(visit, "Open cases per worker")
    # 30,000 / 20 = 1,500 posts, filled (unqualified hiring continues): 20 cases each.
    expect(caseload).to_have_text("20")

    # 1. Target caseload 20 -> 18: 1,667 posts, filled: 18 cases each.
    _step(visit, _lever(visit, "Target caseload"), "target", [19, 18], "ArrowLeft")
    expect(_exact(visit, "Target caseload (open cases per worker)")).to_have_value("18")
    expect(caseload).to_have_text("18")

    # 2. Places a year 0 -> 3: Category 6 at the end of 2030 falls.
    before = _summary(visit)
    _step(
        visit, _lever(visit, "In-service qualification places"), "places", [1, 2, 3], "ArrowRight"
    )
    expect(_exact(visit, "In-service qualification places a year")).to_have_value("3")
    expect(page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first).not_to_have_text(
        before
    )

    # 3. Workforce size: posts as funded again (the switch), then 1,007 -> 1,010 posts.
    page.get_by_test_id("stCheckbox").filter(has_text="Posts follow the caseload target").click()
    expect(page).not_to_have_url(re.compile(r"by_caseload=true"), timeout=30_000)
    posts = _lever(visit, "Workforce size")
    expect(posts).not_to_have_attribute("aria-disabled", "true")
    visit.wait_for_app()
    before = _summary(visit)
    _step(visit, posts, "posts", [1008, 1009, 1010], "ArrowRight")
    expect(_exact(visit, "Workforce size: posts in S1 + S6")).to_have_value("1010")
    expect(page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first).not_to_have_text(
        before
    )
    visit.shot("scenario-levers")
    assert visit.foreign == []
