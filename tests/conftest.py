"""Shared fixtures. Fixtures are small and built in code; the shipped data is read-only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ssw_core import environment  # a leaf: it does not import Streamlit

# The app hides error details from users (.streamlit/config.toml); tests need them. Set before
# anything imports Streamlit, which reads its configuration once.
os.environ[environment.SHOW_ERROR_DETAILS.name] = "full"
# Uploaded versions never go to the repository's user_data/ from a test: an empty folder of
# this run (tests that upload use their own). Set before the app or a server reads it.
import tempfile

os.environ[environment.USER_DATA_DIR.name] = tempfile.mkdtemp(prefix="ssw-user-data-")

import pytest
from playwright.sync_api import Browser, Playwright, sync_playwright

from ssw_core.store import Store

REPO = Path(__file__).resolve().parent.parent


CHROMIUM = os.environ.get(environment.CHROMIUM.name, "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: dict[str, Any] = {
    "viewport": {"width": 390, "height": 844},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    # as Chrome on Android says it (Playwright's own would say 'HeadlessChrome', no 'Mobile')
    "user_agent": "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 "
    "(KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36",
}
"""A participant's phone, as a Playwright browser context takes it (`new_context(**PHONE)`)."""


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    """Playwright, once for the run (one per thread may run)."""
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    """Debian's Chromium, once for the run (the browser and room tests share it); never
    Playwright's own download, which fails on these machines."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium (scripts/test does it)")
    b = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture(scope="session")
def store() -> Store:
    """The shipped data, opened once."""
    return Store(REPO / "data", Path(os.environ[environment.USER_DATA_DIR.name]))
