"""Your data in a real browser: a bad file is refused with its rows named, a good one
previewed and put in use, its figures appear on the country page, and rolling back removes
them. Downloads (template, a table, a chart, the brief) work with no internet."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Visit, start_server

pytestmark = pytest.mark.browser
HEADER = "country,measure,category,year,value,unit,source_title,source_publisher\n"


def _upload(visit: Visit, path: Path) -> None:
    """Choose a file as a user does (it replaces a file chosen before), and wait until the
    page has read it: the file is listed in the uploader and the page has a summary of
    it, of this file's name."""
    visit.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
    page = visit.page
    expect(page.get_by_role("button", name=f"Remove {path.name}")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"^{re.escape(path.name)}: \d+ rows read"))).to_be_visible()
    visit.wait_for_app()


def test_upload_preview_commit_show_and_roll_back(visit_own: Visit, tmp_path, own_server):
    _, user = own_server
    page = visit_own.page
    visit_own.open("/data?country=MDA", heading="Your data: replace the figures with your own")

    with page.expect_download() as dl:
        page.get_by_role("button", name="Template (CSV)").click()
    template = Path(dl.value.path()).read_text(encoding="utf-8-sig")
    assert template.startswith("country,country_name,measure")
    assert "MDA,Moldova,staff" in template

    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER + "MDA,staff,1,2025,-5,persons,Admin,Ministry\n"
        "MLD,staff,6,2025,400,persons,Admin,Ministry\n"
    )
    _upload(visit_own, bad)
    expect(page.get_by_text(re.compile(r"2 problems stop this file"))).to_be_visible()
    expect(page.get_by_text("-5 is negative; counts, shares and pay cannot be.")).to_be_visible()
    expect(page.get_by_text("'MLD' is not the code of one of the 34 countries")).to_be_visible()
    assert page.get_by_role("button", name="Use these figures").count() == 0
    assert not (user / "current").exists()
    visit_own.shot("data-bad-file")

    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + "MDA,staff,1,2025,640,persons,Admin data,Ministry\n"
        "MDA,staff,6,2025,410,persons,Admin data,Ministry\n"
    )
    _upload(visit_own, good)
    expect(
        page.get_by_text(re.compile(r"Using this file for Moldova: 2 new figures"))
    ).to_be_visible()
    visit_own.shot("data-preview")
    page.get_by_role("button", name="Use these figures").click()
    expect(page.get_by_text("Saved as Version 1 (")).to_be_visible(timeout=30_000)
    visit_own.shot("data-committed")

    visit_own.open("/country?country=MDA", heading="Moldova")
    expect(page.get_by_text("your data (uploaded)").first).to_be_visible()
    with page.expect_download() as dl:
        page.get_by_role("button", name="Country brief").click()
    brief = Path(dl.value.path()).read_text(encoding="utf-8")
    assert "Moldova: the social service workforce" in brief and "Admin data" in brief
    assert "<script" not in brief and "http" not in brief.split("</style>")[0]

    # a chart as PNG, rendered on the server. The menu is opened once the page is drawn and
    # idle (the brief's button reruns it): a menu opened while the chart above it is still
    # being laid out follows its button out of the viewport.
    visit_own.wait_for_app("Moldova")
    menu = page.get_by_test_id("stPopover").last
    menu.scroll_into_view_if_needed()
    menu.click()
    visit_own.wait_for_app("Moldova")
    expect(page.get_by_role("button", name="PNG image")).to_be_in_viewport()
    with page.expect_download() as dl:
        page.get_by_role("button", name="PNG image").click()
    assert Path(dl.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    visit_own.open("/data?country=MDA", heading="Your data: replace the figures with your own")
    page.get_by_role("button", name="Use the shipped data only").click()
    expect(page.get_by_text("Now using the shipped data only")).to_be_visible(timeout=30_000)
    visit_own.open("/country?country=MDA", heading="Moldova")
    expect(page.get_by_text("your data (uploaded)")).to_have_count(0)
    assert (user / "current").read_text().strip() == "shipped"
    assert visit_own.foreign == []


def test_hostile_text_in_an_upload_stays_text(visit_own: Visit, tmp_path):
    # Found by review: a source title with a Markdown image made pages fetch from its host.
    page = visit_own.page
    hostile = tmp_path / "hostile.csv"
    title = "![t](http://evil.example/t.png) **bold** <img src=http://evil.example/i.png>"
    hostile.write_text(
        HEADER + f'MDA,staff,1,2025,640,persons,"{title}","[p](http://evil.example/p.png)"\n'
        f'MDA,staff,6,2025,410,persons,"{title}",Ministry\n'
    )
    visit_own.open("/data?country=MDA", heading="Your data: replace the figures with your own")
    _upload(visit_own, hostile)
    page.get_by_role("button", name="Use these figures").click()
    expect(page.get_by_text("Saved as Version")).to_be_visible(timeout=30_000)
    visit_own.open("/country?country=MDA", heading="Moldova")
    expect(page.get_by_text("**bold**").first).to_be_visible()  # shown as typed
    visit_own.open("/scenario?country=MDA", heading="Scenario lab: the path to zero Category 6")
    page.get_by_test_id("stSidebar").get_by_test_id("stExpander").filter(
        has_text="Starting point"
    ).locator("summary").click()  # closed where the data gives S1 and S6
    expect(page.get_by_text("Sourced: staff in post in category 1").first).to_be_visible()
    visit_own.wait_for_app()  # the whole page drawn before counting what is not there
    links = page.locator("a[href*=evil]")
    # Not even a bare address becomes a link.
    assert links.count() == 0, links.first.evaluate("e => e.parentElement.outerHTML")
    assert visit_own.foreign == []


def test_the_laptop_at_127_0_0_1_is_the_facilitator_of_one_process(browser, tmp_path):
    """`./scripts/run` as a facilitator starts it: one process, no --server.address, so
    Streamlit listens on every address, IPv6 too, and a browser at http://127.0.0.1 arrives as
    ::ffff:127.0.0.1. The laptop is still the facilitator and uploads."""
    proc, base, _ = start_server({"SSW_USER_DATA_DIR": str(tmp_path / "user")}, address=None)
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("::1", port), timeout=5):
            pass  # dual-stack indeed: the IPv6 loopback answers too
        visit = Visit(context.new_page(), base)
        visit.open("/data?country=MDA", heading="Your data: replace the figures with your own")
        sidebar = visit.page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text("facilitator (this computer)")).to_be_visible()
        good = tmp_path / "good.csv"
        good.write_text(HEADER + "MDA,staff,1,2025,640,persons,Admin data,Ministry\n")
        _upload(visit, good)
        visit.page.get_by_role("button", name="Use these figures").click()
        expect(visit.page.get_by_text("Saved as Version 1 (")).to_be_visible()
        assert (tmp_path / "user" / "current").exists()
    finally:
        context.close()
        proc.terminate()
        proc.wait(timeout=20)
