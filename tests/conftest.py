"""Shared fixtures. Fixtures are small and built in code; the shipped data is read-only."""

from __future__ import annotations

import os
from pathlib import Path

# The app hides error details from users (.streamlit/config.toml); tests need them. Set before
# anything imports Streamlit, which reads its configuration once.
os.environ["STREAMLIT_CLIENT_SHOW_ERROR_DETAILS"] = "full"
# Uploaded versions never go to the repository's user_data/ from a test: an empty folder of
# this run (tests that upload use their own). Set before the app or a server reads it.
import tempfile

os.environ["SSW_USER_DATA_DIR"] = tempfile.mkdtemp(prefix="ssw-user-data-")

import pytest

from ssw_core.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def store() -> Store:
    """The shipped data, opened once."""
    return Store(REPO / "data", Path(os.environ["SSW_USER_DATA_DIR"]))
