"""A ministry server: staff sign in through a real OpenID Connect provider (oidc-provider-mock,
started here on loopback) with Streamlit's st.login. Nobody sees the data before signing in;
a viewer cannot put a version in use or roll back; an editor can, and the record names them."""

from __future__ import annotations

import json
import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import oidc_provider_mock
import pytest
from playwright.sync_api import Browser, Page, expect

from ssw_core.access import LOCAL
from ssw_core.userstore import UserStore
from tests.browser.conftest import Visit, free_port, start_server
from tests.core.test_userstore import MDA

pytestmark = pytest.mark.browser
VIEWER, EDITOR = "vera@other.example", "ed@ministry.example"


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    with oidc_provider_mock.run_server_in_thread(port=0) as server:
        base = f"http://127.0.0.1:{server.server_port}"
        for email in (VIEWER, EDITOR):
            body = json.dumps({"email": email, "name": email.split("@")[0]}).encode()
            request = urllib.request.Request(
                f"{base}/users/{quote(email)}",
                data=body,
                method="PUT",
                headers={"Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request, timeout=10) as r:
                assert r.status == 204
        yield base


@pytest.fixture(scope="module")
def ministry(provider: str, tmp_path_factory) -> Iterator[tuple[str, Path]]:
    """The dashboard with sign-in required, editors by domain, one version in use."""
    tmp = tmp_path_factory.mktemp("ministry")
    user = tmp / "user"
    UserStore(user).commit(MDA, b"x", "mda.csv", actor=LOCAL)
    port = free_port()
    secrets = tmp / "secrets.toml"
    secrets.write_text(
        '[access]\nmode = "signin"\nanonymous = false\neditors = ["@ministry.example"]\n\n'
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-test-secret-that-is-long-enough-0123456789"\n'
        'client_id = "dashboard"\nclient_secret = "test"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n',
        encoding="utf-8",
    )
    proc, base, _ = start_server(
        {"SSW_USER_DATA_DIR": str(user)}, port=port, args=("--secrets.files", str(secrets))
    )
    yield base, user
    proc.terminate()
    proc.wait(timeout=20)


def _sign_in(page: Page, email: str) -> None:
    page.get_by_role("button", name="Sign in").first.click()
    page.get_by_placeholder("sub").fill(email)  # the provider's own form
    page.get_by_role("button", name="Authorize", exact=True).click()


def test_staff_sign_in_and_only_an_editor_changes_the_data(
    browser: Browser, ministry: tuple[str, Path], provider: str
):
    base, user = ministry
    in_use = UserStore(user).current_id()
    for email, may in ((VIEWER, False), (EDITOR, True)):
        context = browser.new_context(viewport={"width": 1440, "height": 1000})
        try:
            page = context.new_page()
            visit = Visit(page, base)
            asked: list[tuple[str, str]] = []  # (request, the page that made it)
            page.on("request", lambda r, asked=asked: asked.append((r.url, r.frame.url)))
            page.goto(base + "/data")
            # before signing in: how to sign in, and nothing else
            expect(page.get_by_text("Sign in with your organisation's account")).to_be_visible()
            assert page.get_by_role("heading", name=re.compile("Your data")).count() == 0
            visit.shot(f"signin-gate-{may}")
            _sign_in(page, email)
            # (the address is shown with word joiners around '@': never made a link)
            local, domain = (re.escape(x) for x in email.split("@"))
            me = re.compile(rf"You: {local}\W*@\W*{domain}, {'editor' if may else 'viewer'}")
            expect(page.get_by_text(me)).to_be_visible()
            visit.open("/data", heading="Your data: replace the figures with your own")
            shipped = page.get_by_role("button", name="Use the shipped data only")
            visit.shot(f"signin-data-{'editor' if may else 'viewer'}")
            if not may:
                expect(shipped).to_be_disabled()
                expect(page.get_by_text("Only an editor can switch").first).to_be_visible()
                assert UserStore(user).current_id() == in_use
                continue
            expect(shipped).to_be_enabled()
            shipped.click()
            expect(page.get_by_text("Now using the shipped data only")).to_be_visible()
            assert UserStore(user).current_id() is None
            last = UserStore(user).audit.read().entries[-1]
            assert (last["action"], last["who"], last["role"], last["via"]) == (
                "switch",
                EDITOR,
                "editor",
                "signin",
            )
            page.get_by_role("button", name="Sign out").click()
            expect(page.get_by_role("heading", name="End Session")).to_be_visible()  # provider's
            page.goto(base + "/data")
            expect(page.get_by_text("Sign in with your organisation's account")).to_be_visible()
            # our pages asked their own server only (and sent the browser to the provider,
            # whose own pages are its business)
            ours = [u for u, frame in asked if frame.startswith(base)]
            assert [u for u in ours if not u.startswith((base, provider, "data:", "blob:"))] == []
        finally:
            context.close()
