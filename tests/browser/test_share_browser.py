"""Share (issue 23) in a real browser: on a phone, Share shows the view's link and a QR code
that a decoder (zxing-cpp) reads, from the pixels on screen, as that same link, and the link
opens the same page and country; on a slide, the QR button shows the view as a normal page,
large. No request leaves the machine: the QR image is the app's own."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Locator, expect

from ssw_core.share import PRESENTER_PARAMS
from tests.browser.conftest import Visit
from tests.conftest import PHONE

pytestmark = pytest.mark.browser

DECK = {
    "format": "ssw-presentation",
    "version": 1,
    "title": "Share",
    "slides": [
        {"page": "overview", "params": {"region": "eca"}, "message": "The region"},
        {"page": "country", "params": {"country": "MDA"}, "message": "Moldova"},
    ],
}
_JOINER = "\u2060"  # ui.base.markdown keeps a bare address from turning into a link


def _decoded(image: Locator) -> list[str]:
    """What a decoder reads in the image as the browser draws it (a screenshot of it)."""
    expect(image).to_be_visible()
    loaded = "img => img.complete && img.naturalWidth > 0"
    image.page.wait_for_function(loaded, arg=image.element_handle())
    shot = Image.open(io.BytesIO(image.screenshot()))
    return [r.text for r in zxingcpp.read_barcodes(shot)]


def _heading(visit: Visit) -> str:
    return visit.page.get_by_role("heading", level=1).first.inner_text()


def test_share_on_a_phone_gives_the_views_link_and_its_qr_code(
    browser: Browser, own_server: tuple[str, Path]
):
    base, _ = own_server
    context = browser.new_context(**PHONE)
    visit = Visit(context.new_page(), base)
    visit.open("/country?country=MDA&lang=ro")
    title = _heading(visit)
    visit.page.locator(".st-key-share_open").get_by_role("button").tap()
    box = visit.page.locator(".st-key-share_box")
    image = box.get_by_test_id("stImage").locator("img")
    shown = box.get_by_test_id("stCode").locator("code").inner_text().strip()
    visit.shot("share-phone")
    # The server listens on this computer only: the browser's address, said to be local.
    assert shown == f"{base}/country?country=MDA&lang=ro"
    local = "Această adresă poate funcționa doar pe acest computer."
    expect(box.get_by_text(local)).to_be_visible()
    assert _decoded(image) == [shown]
    width = image.bounding_box()["width"]
    assert 200 <= width <= 350, f"the QR code is {width} px wide on a 390 px phone"

    other = Visit(context.new_page(), base)  # someone who scanned it
    other.page.goto(shown)
    other.wait_for_app()
    assert urlsplit(other.page.url).path == "/country"
    assert parse_qs(urlsplit(other.page.url).query)["country"] == ["MDA"]
    assert _heading(other) == title
    assert visit.foreign == [] and other.foreign == [], visit.foreign + other.foreign
    context.close()


def test_a_slides_qr_code_is_large_and_opens_the_view_as_a_page(
    browser: Browser, own_server: tuple[str, Path]
):
    base, user = own_server
    (user / "presentations").mkdir(parents=True)
    (user / "presentations" / "share.json").write_text(json.dumps(DECK))
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    visit = Visit(context.new_page(), base)
    visit.open("/?present=1&deck=share&slide=2&lang=ru")
    visit.page.wait_for_url("**/country?**")
    visit.wait_for_app()
    visit.page.locator(".st-key-deck_qr").get_by_role("button").click()
    dialog = visit.page.get_by_role("dialog")
    image = dialog.get_by_test_id("stImage").locator("img")
    expect(image).to_be_visible()
    visit.shot("share-slide-qr")
    shown = dialog.locator(".st-key-slide_qr h2").inner_text().replace(_JOINER, "").strip()
    (link,) = _decoded(image)
    assert link == shown
    query = parse_qs(urlsplit(link).query)
    assert query == {"country": ["MDA"], "lang": ["ru"]}
    assert not PRESENTER_PARAMS & set(query)
    height = image.bounding_box()["height"]
    # most of a 720 px projector's height (its white margin included)
    assert height >= 0.55 * 720, f"the QR code is {height} px high"

    other = Visit(context.new_page(), base)
    other.page.goto(link)
    other.wait_for_app()
    assert urlsplit(other.page.url).path == "/country"
    assert "present" not in parse_qs(urlsplit(other.page.url).query)
    assert _heading(other) == "Молдова"  # the country, in the room's language
    expect(other.page.locator(".st-key-share_open")).to_be_visible()  # a page, not a slide
    assert visit.foreign == [] and other.foreign == [], visit.foreign + other.foreign
    context.close()
