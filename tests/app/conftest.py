"""AppTest helpers. Under st.navigation, AppTest keeps the sidebar filters (which live in
app.py) only on the first run, so each state is opened as a shared link would open it: a
fresh AppTest with the query parameters set before its first run."""

from __future__ import annotations

import json
import re
from pathlib import Path

import polars as pl
import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from ui.parts.shell import PAGES as NAV_PAGES

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "app.py")
PAGES = [f"pages/{p.name}.py" for p in NAV_PAGES]
MISSING_KEY = re.compile(r"\[[a-z0-9_]+(\.[A-Za-z0-9_]+)+\]")
_LINK = re.compile(r"(?<!\\)\[(.*?)(?<!\\)\]\((\S+?)\)")
_ESCAPE = re.compile(r"\\(.)")


def plain(cell: object) -> str:
    """A Markdown table cell as the reader sees it: links reduced to their text, unescaped."""
    return _ESCAPE.sub(r"\1", _LINK.sub(r"\1", str(cell)))


def links(cell: object) -> list[str]:
    return [m.group(2) for m in _LINK.finditer(str(cell))]


def table(at: AppTest, index: int = 0) -> pl.DataFrame:
    """The index-th st.table of the page, cells as plain text (all columns as strings)."""
    frame = at.table[index].value
    return pl.DataFrame({c: [plain(v) for v in frame[c].tolist()] for c in frame.columns})


def open_app(
    page: str | None = None, *, state: dict[str, object] | None = None, **params: str
) -> AppTest:
    """The app as a link opens it (`params`), on `page`; `state`: session values set before
    the page runs, as a user's earlier clicks would have (e.g. an expander opened)."""
    at = AppTest.from_file(APP, default_timeout=60)
    for k, v in params.items():
        at.query_params[k] = v
    at.run()
    for k, v in (state or {}).items():
        at.session_state[k] = v
    if page is not None:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def all_text(at: AppTest) -> str:
    """Every piece of text the page rendered, for checks on strings."""
    parts: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error"):
        parts += [str(e.value) for e in getattr(at, kind)]
    parts += [f"{m.label} {m.value}" for m in at.metric]
    for i in range(len(at.table)):
        frame = table(at, i)
        parts += frame.columns
        parts += [v for col in frame.iter_columns() for v in col.to_list()]
    return "\n".join(parts)


def charts(at: AppTest) -> list[tuple[dict, list[pl.DataFrame]]]:
    """Each chart on the page as (Vega-Lite spec, its datasets). Streamlit ships the data
    apart from the spec, as Arrow IPC streams."""
    out = []
    for c in at.get("vega_lite_chart"):
        frames = [
            pl.from_arrow(pa.ipc.open_stream(d.data.data).read_all()) for d in c.proto.datasets
        ]
        out.append((json.loads(c.proto.spec), frames))
    return out


@pytest.fixture
def app():
    return open_app


@pytest.fixture
def facilitator(monkeypatch):
    """This browser is on the serving computer: the facilitator of a room (Streamlit's test
    harness has no connection, which is never the facilitator)."""
    from ssw_core.access import Connection
    from ui.parts import access

    monkeypatch.setattr(access, "connection", lambda pol: Connection("127.0.0.1", "localhost"))


@pytest.fixture(autouse=True)
def year_2026(monkeypatch: pytest.MonkeyPatch) -> None:
    """The base year comes from the clock (ssw_core.baseline.this_year); the numbers these
    tests check were worked by hand from 2026."""
    from ssw_core import baseline

    monkeypatch.setattr(baseline, "this_year", lambda: 2026)
