"""Phones (issue 13): at 390 px, in every language, no page scrolls sideways; every chart and
map fits the screen's width; figures and titles wrap instead of being cut or broken inside a
word; a table's rows are cards, each cell on the screen under its column's name. Measured on
the boxes the browser lays out, once each page is drawn."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import Visit
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
