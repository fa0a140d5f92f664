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


def test_the_changelog_keeps_its_form():
    # Keep a Changelog: one dated section per release (Unreleased first), and within each only
    # the standard headings, each at most once.
    text = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(.+?)\](.*)$", text, flags=re.M)
    assert releases[0] == ("Unreleased", "")
    versions = [v for v, _ in releases[1:]]
    assert len(versions) == len(set(versions)), versions
    for version, rest in releases[1:]:
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), version
        assert re.fullmatch(r" - \d{4}-\d{2}-\d{2}", rest), (version, rest)
    allowed = {"Added", "Changed", "Deprecated", "Removed", "Fixed", "Security"}
    for section in re.split(r"^## ", text, flags=re.M)[1:]:
        headings = re.findall(r"^### (.+)$", section, flags=re.M)
        assert set(headings) <= allowed, headings
        assert len(headings) == len(set(headings)), (section.splitlines()[0], headings)


def test_every_ui_module_is_on_the_layer_map():
    text = (REPO / "ui" / "__init__.py").read_text(encoding="utf-8")
    for path in (REPO / "ui").rglob("*.py"):
        if path.name != "__init__.py":
            assert re.search(rf"\b{path.stem}\b", text), f"ui/__init__.py does not name {path}"


def test_every_environment_variable_is_listed_and_in_the_readme():
    from ssw_core import environment

    listed = {v.name for v in environment.ALL}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert not [n for n in sorted(listed) if f"`{n}`" not in readme]
    read = re.compile(
        r"""(?:environ(?:\.get)?[(\[]\s*|getenv\(\s*|setenv\(\s*)["']([A-Z][A-Z0-9_]+)"""
    )
    shell = re.compile(r"\$\{([A-Z][A-Z0-9_]+)")
    found: dict[str, str] = {}
    files = [
        *REPO.glob("*.py"),
        *(
            p
            for d in ("ssw_core", "ui", "pages", "scripts", "bench", "tests")
            for p in (REPO / d).rglob("*.py")
        ),
        *(REPO / "scripts").glob("*.sh"),
        REPO / "scripts" / "run",
        REPO / "scripts" / "test",
        REPO / "Dockerfile",
        REPO / "compose.yaml",
    ]
    for path in files:
        text = path.read_text(encoding="utf-8")
        expanded = shell.findall(text) if path.suffix != ".py" else []  # ${NAME} in shell
        for name in {
            *read.findall(text),
            *expanded,
            *re.findall(r"\b(SSW_[A-Z][A-Z0-9_]*)\b", text),
        }:
            found.setdefault(name, str(path.relative_to(REPO)))
    unlisted = {n: where for n, where in found.items() if n not in listed}
    assert not unlisted, f"read but not in ssw_core.environment: {unlisted}"


def test_every_citation_of_the_method_points_at_a_section_that_exists():
    """`docs/method.md §4` in the code, the tests, the data or the README names a section of
    docs/ (a newcomer can follow it); nothing cites the brief the team worked from instead."""
    docs = {
        name: set(re.findall(r"^## (\d+)\.", (REPO / "docs" / name).read_text(), re.M))
        for name in ("method.md", "domain.md")
    }
    assert docs["method.md"] == {"1", "2", "3", "4", "5", "6", "7"}
    cited: list[tuple[str, str, str]] = []
    stale: list[str] = []
    paths = [
        REPO / "README.md",
        REPO / "data" / "README.md",
        REPO / "data" / "raw" / "indicators.csv",
        *(
            p
            for d in ("ssw_core", "ui", "pages", "tests", "scripts", "bench")
            for p in (REPO / d).rglob("*.py")
        ),
        *(REPO / "ui" / "locales").glob("*.toml"),
    ]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        where = str(path.relative_to(REPO))
        if re.search(r"\bMETHODS\b", text) and path.name != "test_docs.py":
            stale.append(where)
        for name, sections in re.findall(r"docs/(method\.md|domain\.md) (§[\d§ ,and-]+)", text):
            for first, last in re.findall(r"§?(\d+)(?:-(\d+))?", sections):
                for n in range(int(first), int(last or first) + 1):
                    cited.append((where, name, str(n)))
    assert not stale, f"cite docs/method.md, not the brief: {stale}"
    missing = [c for c in cited if c[2] not in docs[c[1]]]
    assert cited and not missing, missing
