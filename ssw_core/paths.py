"""Where the data lives. A leaf module: it imports nothing from the project.

`SSW_DATA_DIR` redirects the shipped Parquet files (default: `data/` in the repository);
the raw inputs the build reads always live in `data/raw/` of the repository.
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = REPO_ROOT / "data"
RAW_DIR = DEFAULT_DATA_DIR / "raw"
DATA_DIR_ENV = "SSW_DATA_DIR"


def data_dir() -> Path:
    """The directory holding the Parquet files, from `SSW_DATA_DIR` or the default."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured).expanduser().resolve() if configured else DEFAULT_DATA_DIR
