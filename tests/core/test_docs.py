"""A test that fails when something is undocumented (after datasette's habit)."""

from __future__ import annotations

import re
from pathlib import Path

from ssw_core.schema import ALL_TABLES

REPO = Path(__file__).resolve().parents[2]


def test_every_parquet_column_is_in_the_data_dictionary():
    text = (REPO / "data" / "README.md").read_text(encoding="utf-8")
    for schema in ALL_TABLES:
        section = text.split(f"## `{schema.filename}`", 1)
        assert len(section) == 2, f"data/README.md has no section for {schema.filename}"
        body = section[1].split("\n## ", 1)[0]
        documented = set(re.findall(r"`([a-z0-9_]+)`", body))
        missing = [c.name for c in schema.columns if c.name not in documented]
        assert not missing, f"{schema.filename}: undocumented columns {missing}"


def test_readme_starts_with_the_two_commands():
    head = "\n".join((REPO / "README.md").read_text(encoding="utf-8").splitlines()[:30])
    assert "./scripts/run" in head and "./scripts/test" in head
    assert "streamlit run" in head


def test_ci_runs_the_readme_test_command():
    assert "scripts/test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
