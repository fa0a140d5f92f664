"""A real server and Debian's Chromium, driven by Playwright.

The server is started per test session on a free port from the repository root (so that
.streamlit/config.toml applies). Screenshots go to tests/browser/artifacts/ (git-ignored)
for a human to look at. Chromium is /usr/bin/chromium, or $SSW_CHROMIUM; Playwright's own
browser download is never used (it fails on these machines).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Browser, Page, expect

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

# Every expectation waits for its state up to 30 s, not Playwright's default 5 s: CI runs on
# a busy 2-core machine, where a rerun can take seconds. A test never waits a fixed time.
expect.set_options(timeout=30_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    env: dict[str, str] | None = None,
    port: int | None = None,
    args: tuple[str, ...] = (),
    address: str | None = "127.0.0.1",
) -> tuple[subprocess.Popen[bytes], str, Path]:
    """A server as scripts/run starts one; on this computer only unless `address` says
    otherwise (None: Streamlit's default, every address, IPv6 too, as `./scripts/run` is)."""
    port = port or free_port()
    log = ARTIFACTS / f"server-{port}.log"
    ARTIFACTS.mkdir(exist_ok=True)
    where = ("--server.address", address) if address is not None else ()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "scripts.serve",  # as scripts/run starts it
            "--server.port",
            str(port),
            *where,
            "--server.headless",
            "true",
            *args,
        ],
        cwd=REPO,
        env={**os.environ, **(env or {})},
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, base, log
        except OSError:
            time.sleep(0.3)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError(f"server did not start; log:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    proc, base, _ = start_server()
    yield base
    proc.terminate()
    proc.wait(timeout=20)


class Visit:
    """A browser page that records every request to a host other than the app's."""

    def __init__(self, page: Page, base: str) -> None:
        self.page = page
        self.base = base
        self.host = urlparse(base).netloc
        self.foreign: list[str] = []
        page.on("request", self._record)
        # Printed, so that a failing test's report shows them (pytest shows a failed test's
        # output): a request that failed or an error in the page explains a missing element.
        page.on("requestfailed", lambda r: print(f"request failed: {r.url}: {r.failure}"))
        page.on(
            "console", lambda m: print(f"console {m.type}: {m.text}") if m.type == "error" else None
        )
        page.on("pageerror", lambda e: print(f"page error: {e}"))

    def _record(self, request) -> None:  # type: ignore[no-untyped-def]
        url = urlparse(request.url)
        if url.scheme in ("http", "https", "ws", "wss") and url.netloc != self.host:
            self.foreign.append(request.url)

    def open(self, path: str, heading: str | None = None) -> None:
        self.page.goto(self.base + path)
        self.wait_for_app(heading)

    def wait_for_app(self, heading: str | None = None) -> None:
        """Wait until the page is drawn and idle: the script has finished (Streamlit's status
        widget is no signal in presentation mode, which hides it), and the code of the
        components it drew has arrived (the browser fetches a widget's code when it first
        draws one, after the run)."""
        # a heading on the screen, or a slide's message (a slide's detail, one click away,
        # holds hidden headings; the sidebar's are hidden while it is closed)
        title = (
            self.page.locator("[data-testid=stHeading], .st-key-slide_message")
            .filter(visible=True)
            .first
        )
        title.wait_for(timeout=60_000)
        if heading is not None:
            self.page.get_by_role("heading", name=heading, level=1).wait_for(timeout=30_000)
        idle = self.page.locator(".stApp[data-test-script-state='notRunning']")
        idle.wait_for(timeout=30_000)
        self.page.wait_for_load_state("networkidle")
        idle.wait_for(timeout=30_000)
        # A widget whose code is still arriving is a grey skeleton (seconds after the network
        # fell idle, on a busy machine): wait until the page has none.
        self.page.wait_for_function(
            "!document.querySelector('[data-testid=stSkeleton]')", timeout=60_000
        )

    def choose_file(self, path: Path) -> None:
        """Choose `path` in the page's file box and wait until it has arrived at the server
        (its name shown, its spinner gone): a form's button pressed while the file is still
        on its way submits the form without it (a person takes longer than that)."""
        self.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        chip = self.page.get_by_test_id("stFileChip").filter(has_text=path.name)
        expect(chip).to_be_visible(timeout=30_000)
        expect(chip.get_by_test_id("stFileChipIconSpinner")).to_have_count(0, timeout=30_000)

    def press(self, key: str) -> None:
        """Press a key a presentation clicker sends, once the slide's controls can take it.
        The controls are drawn after the slide's script has run, when their code has arrived;
        a key pressed before that is lost (a facilitator would press it again)."""
        controls = self.page.locator(".st-key-slide_controls [data-testid='stButton']")
        expect(controls.last).to_be_visible()
        self.page.keyboard.press(key)

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path))
        return path


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    v = Visit(page, server)
    yield v
    context.close()


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server of its own with an empty user folder (uploads and presentations must not
    leak into other tests)."""
    user = tmp_path / "user"
    proc, base, _ = start_server({"SSW_USER_DATA_DIR": str(user)})
    yield base, user
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def visit_own(browser: Browser, own_server: tuple[str, Path]) -> Iterator[Visit]:
    base, _ = own_server
    context = browser.new_context(viewport={"width": 1440, "height": 1100}, accept_downloads=True)
    v = Visit(context.new_page(), base)
    yield v
    context.close()
