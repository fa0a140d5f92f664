"""Where the data lives. Below everything: it imports only ssw_core.environment.

`SSW_DATA_DIR` redirects the shipped Parquet files (default: `data/` in the repository);
the raw inputs the build reads always live in `data/raw/` of the repository.
`SSW_USER_DATA_DIR` is where uploaded figures are kept (default: `user_data/` in the
repository, ignored by git), apart from the shipped data.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

from ssw_core import environment

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
RAW_DIR = DEFAULT_DATA_DIR / "raw"
DATA_DIR_ENV = environment.DATA_DIR.name


def data_dir() -> Path:
    """The directory holding the Parquet files, from `SSW_DATA_DIR` or the default."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA_DIR


USER_DATA_DIR_ENV = environment.USER_DATA_DIR.name
DEFAULT_USER_DATA_DIR = REPO_ROOT / "user_data"


def user_data_dir() -> Path:
    """The directory of uploaded versions, from `SSW_USER_DATA_DIR` or the default."""
    configured = os.environ.get(USER_DATA_DIR_ENV, "").strip()
    return _resolved(configured) if configured else DEFAULT_USER_DATA_DIR


@functools.lru_cache(maxsize=16)
def _resolved(configured: str) -> Path:
    """A configured folder as an absolute path, found once per value (resolving it takes a
    system call per part of the path, ~80 us, and a following phone's watcher asks every
    second: ui.present.follow)."""
    return Path(configured).expanduser().resolve()
