"""A workshop: a participant's phone (any device but the serving computer) unlocks editing
with the facilitator's passcode; wrong passcodes are refused and, past the limit, so is every
attempt from that device, the right passcode included."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from scripts.room import lan_address
from ssw_core import access
from tests.browser.conftest import Visit, start_server

pytestmark = pytest.mark.browser
PASSCODE = "atelier-chisinau-2026"
LAN = lan_address()


@pytest.fixture(scope="module")
def workshop(tmp_path_factory) -> Iterator[str]:
    """The dashboard listening on the network, with a facilitator's passcode; its address on
    the network (a browser there is not the serving computer)."""
    if LAN is None:
        pytest.skip("this machine has no network address besides loopback")
    tmp = tmp_path_factory.mktemp("workshop")
    secrets = tmp / "secrets.toml"
    secrets.write_text(f'[access]\npasscode_hash = "{access.hash_passcode(PASSCODE)}"\n')
    proc, base, _ = start_server(
        {"SSW_USER_DATA_DIR": str(tmp / "user")},
        args=("--server.address", "0.0.0.0", "--secrets.files", str(secrets)),
    )
    yield base.replace("127.0.0.1", LAN)
    proc.terminate()
    proc.wait(timeout=20)


def _try(page: Page, code: str) -> None:
    field = page.get_by_label("Facilitator's passcode")
    if not field.is_visible():
        page.get_by_text("Facilitator? Unlock editing").click()
    field.fill(code)
    page.get_by_role("button", name="Unlock", exact=True).click()


def _phone(browser: Browser, base: str) -> tuple[Visit, Page]:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    visit = Visit(page, base)
    visit.open("/data", heading="Your data: replace the figures with your own")
    page.get_by_test_id("stExpandSidebarButton").click()
    return visit, page


def test_the_passcode_unlocks_editing(browser: Browser, workshop: str, tmp_path: Path):
    visit, page = _phone(browser, workshop)
    try:
        me = re.compile(rf"You: participant \({re.escape(str(LAN))}\), viewer")
        expect(page.get_by_text(me)).to_be_visible()
        _try(page, "not-the-passcode")
        expect(page.get_by_text("That is not the passcode. Nothing was unlocked.")).to_be_visible()
        _try(page, PASSCODE)
        unlocked = re.compile(r"You: facilitator \(passcode\), editor")
        expect(page.get_by_text(unlocked)).to_be_visible()
        expect(page.get_by_text("Editing unlocked in this browser tab")).to_be_visible()
        visit.shot("passcode-unlocked-phone")
        expect(page.get_by_role("button", name="Lock editing again")).to_be_visible()
        assert visit.foreign == []
    finally:
        page.context.close()


def test_wrong_passcodes_lock_the_device_out(browser: Browser, workshop: str):
    visit, page = _phone(browser, workshop)
    try:
        for _ in range(access.Attempts.per_address):
            _try(page, "guess-guess")
            refused = re.compile("That is not the passcode|Too many")
            expect(page.get_by_text(refused)).to_be_visible()
            visit.wait_for_app()
        _try(page, PASSCODE)  # the limit was reached: the right passcode is refused too
        expect(page.get_by_text(re.compile(r"Too many wrong passcodes from this"))).to_be_visible()
        expect(page.get_by_text(re.compile(r"You: participant"))).to_be_visible()
        visit.shot("passcode-locked-out-phone")
    finally:
        page.context.close()
