"""Phones (issues 13 and 23): at 390 px, in every language, no page scrolls sideways; every chart
and map fits the screen's width; figures and titles wrap instead of being cut or broken inside
a word; a table's rows are cards, each cell on the screen under its column's name. Measured on
the boxes the browser lays out, once each page is drawn. A lever moved shows what it moved
beside it, and a slide's link opens as the page it shows."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Visit
from tests.conftest import PHONE
from ui.base import i18n
from ui.parts.shell import PAGES

pytestmark = pytest.mark.browser

# What overflows: the page, the main column, a chart or heading wider than the screen, and
# any figure or heading whose text is wider than its own box (cut, or a word that cannot
# break), and a table cell off the screen or without its column's name (tables are cards).
MEASURE = r"""() => {
  const doc = document.documentElement, main = document.querySelector('.stMain');
  const out = [];
  if (doc.scrollWidth > doc.clientWidth) out.push(`page ${doc.scrollWidth} > ${doc.clientWidth}`);
  if (main && main.scrollWidth > main.clientWidth)
    out.push(`main column ${main.scrollWidth} > ${main.clientWidth}`);
  const sel = '[data-testid=stVegaLiteChart], [data-testid=stMetric], h1, h2, h3';
  for (const el of document.querySelectorAll(sel)) {
    if (el.closest('[data-testid=stSidebar]')) continue;
    const r = el.getBoundingClientRect();
    if (r.width && r.right > doc.clientWidth + 1)
      out.push(`${el.dataset.testid || el.tagName} ends at ${Math.round(r.right)}: ` +
               (el.innerText || '').slice(0, 40));
  }
  for (const table of document.querySelectorAll('.stMain [data-testid=stTable]')) {
    const heads = [...table.querySelectorAll('thead th')].map(th => th.textContent.trim());
    for (const row of table.querySelectorAll('tbody tr')) {
      [...row.querySelectorAll('td')].forEach((td, i) => {
        const r = td.getBoundingClientRect();
        if (r.right > doc.clientWidth + 1)
          out.push(`table cell ends at ${Math.round(r.right)}: ${heads[i]}`);
        const label = getComputedStyle(td, '::before').content;
        if (label !== JSON.stringify(heads[i]))
          out.push(`table cell labelled ${label}, not ${JSON.stringify(heads[i])}`);
      });
    }
  }
  const texts = '[data-testid=stMetricValue] > div, [data-testid=stMetricLabel] p, ' +
                '[data-testid=stMetricDelta] > div, h1, h2, h3';
  for (const el of document.querySelectorAll(texts)) {
    if (el.closest('[data-testid=stSidebar]')) continue;  // closed on a phone
    if (el.scrollWidth > el.clientWidth + 1)
      out.push(`text cut: ${el.scrollWidth} > ${el.clientWidth}: ` + el.innerText.slice(0, 40));
  }
  // a word broken across two lines has two boxes
  for (const el of document.querySelectorAll('h1, h2, h3, [data-testid=stMetricValue]')) {
    if (el.closest('[data-testid=stSidebar]')) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const re = /\S+/g; let m;
      while ((m = re.exec(node.data))) {
        const range = document.createRange();
        range.setStart(node, m.index); range.setEnd(node, m.index + m[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) out.push(`word broken: ${m[0]}`);
      }
    }
  }
  return out;
}"""


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_no_page_scrolls_sideways_on_a_phone(browser: Browser, server: str, lang: str):
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    visit = Visit(context.new_page(), server)
    problems = []
    for spec in PAGES:
        visit.open(f"/{spec.name}?lang={lang}&country=MDA")
        charts = visit.page.get_by_test_id("stVegaLiteChart")
        if charts.count():  # drawn (a chart sizes itself to its box once drawn)
            charts.first.locator("canvas, svg.marks").first.wait_for(timeout=30_000)
        problems += [f"{lang} /{spec.name}: {p}" for p in visit.page.evaluate(MEASURE)]
        if spec.name in ("overview", "scenario", "present"):
            visit.shot(f"phone-{lang}-{spec.name}")
    context.close()
    assert not problems, "\n".join(problems)


def _in_view(box: dict[str, float] | None, height: int) -> bool:
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def test_a_lever_moved_on_a_phone_shows_what_it_moved_beside_it(browser: Browser, server: str):
    """Issue 23: after a thumb moves a lever, the figure it moves is on the screen (the
    headline is two screens up): Category 6 at the horizon, under the places a year."""
    context = browser.new_context(**PHONE)
    visit = Visit(context.new_page(), server)
    visit.open("/scenario?country=MDA&lang=ro")
    result = visit.page.locator(".st-key-lever_to_places")
    expect(result).to_contain_text("Categoria 6 la sfârșitul lui 2030")
    before = result.inner_text()
    thumb = visit.page.locator(".st-key-scenario-levers").get_by_role("slider").nth(2)
    thumb.scroll_into_view_if_needed()
    thumb.focus()
    thumb.press("End")  # the most places the slider offers: Category 6 falls
    expect(result).not_to_have_text(before, timeout=30_000)
    visit.wait_for_app()
    after = result.inner_text()
    with_places = visit.page.locator(".st-key-scenario-levers").get_by_role("spinbutton").nth(2)
    height = PHONE["viewport"]["height"]
    assert _in_view(result.bounding_box(), height), "the figure is off the screen"
    assert _in_view(thumb.bounding_box(), height), "the lever is off the screen"
    number = int("".join(c for c in after.split(":")[-1] if c.isdigit()))
    assert number < int("".join(c for c in before.split(":")[-1] if c.isdigit()))
    assert with_places.input_value() not in ("", "0")
    assert visit.foreign == []
    context.close()


def test_a_slide_link_on_a_phone_opens_the_page_it_shows(browser: Browser, own_server):
    """Issue 23: a slide's link opened on a phone is the same view as a normal page, with no
    slide controls taking a third of the screen."""
    base, user = own_server
    (user / "presentations").mkdir(parents=True)
    (user / "presentations" / "room.json").write_text(
        json.dumps(
            {
                "format": "ssw-presentation",
                "version": 1,
                "title": "Room",
                "slides": [
                    {"page": "country", "params": {"country": "GEO"}, "message": "Georgia"},
                ],
            }
        )
    )
    context = browser.new_context(**PHONE)
    visit = Visit(context.new_page(), base)
    visit.page.goto(base + "/?present=1&deck=room&slide=1")
    visit.page.wait_for_url("**/country?**", timeout=30_000)
    visit.wait_for_app("Georgia")
    assert "present=1" not in visit.page.url and "deck=" not in visit.page.url
    assert "country=GEO" in visit.page.url
    expect(visit.page.locator(".st-key-slide_controls")).to_have_count(0)
    expect(visit.page.locator(".st-key-topbar")).to_be_visible()
    assert visit.foreign == []
    context.close()
