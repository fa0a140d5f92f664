"""Shared fixtures. Fixtures are small and built in code; the shipped data is read-only."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssw_core.store import Store

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def store() -> Store:
    """The shipped data, opened once."""
    return Store(REPO / "data")
