"""Placing things on a page: a page's title, tables and charts with their downloads, and the
report of a bad value in a link. Tables and charts are placed here only, so that every one of
them reads the same on a projector, downloads the same way and hides its menu while presenting.
"""

from __future__ import annotations

import re
from typing import Any

import polars as pl
import streamlit as st

from ssw_core import export
from ui.base import session
from ui.base.i18n import chart_locale, t
from ui.base.link import BadValue
from ui.base.markdown import md_escape, md_plain
from ui.parts.presenting import presenting

PRESENT_FONTS = {
    "axis": {"labelFontSize": 16, "titleFontSize": 17},
    "legend": {"labelFontSize": 16, "titleFontSize": 17},
    "header": {"labelFontSize": 16, "titleFontSize": 17},
    "title": {"fontSize": 20, "subtitleFontSize": 16},
    "text": {"fontSize": 16},
}
"""Chart text sizes while presenting: readable from the back of a room."""
DOWNLOAD = session.Key[bool]("dl-", __name__, family=True, doc="download buttons, by file")


def page_title(title: str, lede: str = "", *, as_caption: bool = True) -> None:
    """A page's title and its opening paragraph; while presenting, the title alone (the
    slide's message says what the room should see)."""
    st.title(title)
    if lede and not presenting():
        (st.caption if as_caption else st.markdown)(lede)


def bad_value_text(bad: BadValue) -> str:
    """'The link asked for name=value …': the value is cut short and escaped, so a crafted
    link can put neither formatting, links nor images into the page."""
    return t(
        "errors.bad_param", name=md_escape(bad.name), value=md_escape(bad.shown),
        allowed=bad.allowed,
    )  # fmt: skip


def report(*problems: BadValue | str | None) -> None:
    """Warn about bad values of a link (or other link problems, already worded)."""
    for problem in problems:
        if problem is not None:
            text = bad_value_text(problem) if isinstance(problem, BadValue) else problem
            st.warning(text, icon=":material/link_off:")


def show_table(frame: pl.DataFrame, name: str) -> None:
    """A static table that wraps its text and shows every row (readable on a projector),
    with CSV and Excel downloads. Cells are Markdown: pass data text through md_escape /
    md_link first. `name` makes the file name (and must be unique on the page)."""
    st.table(frame, hide_index=True)
    downloads(name, table=frame)


def plain_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """A displayed (Markdown) table as plain text, for files."""
    return frame.with_columns(
        pl.col(c).map_elements(md_plain, return_dtype=pl.String)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


def show_chart(chart: Any, name: str, *, title: str = "", caption: str = "") -> None:
    """Place an Altair chart (or a Vega-Lite spec already made), with PNG and SVG downloads
    (`title` and `caption` go into the file, which has no page around it). Serialised
    without schema validation: validation costs ~10 ms a chart on every rerun, and every
    chart builder's output is validated by the tests instead (tests/app/test_charts.py)."""
    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    spec.setdefault("config", {})["locale"] = chart_locale()
    if presenting():  # readable from the back of a room
        config = spec["config"]
        for part, sizes in PRESENT_FONTS.items():
            config[part] = {**config.get(part, {}), **sizes}
    st.vega_lite_chart(spec, width="stretch")
    downloads(name, chart=spec, title=title, caption=caption)


def downloads(
    name: str,
    *,
    table: pl.DataFrame | None = None,
    chart: dict[str, Any] | None = None,
    title: str = "",
    caption: str = "",
) -> None:
    """A small download menu: a table as CSV and Excel, a chart as PNG and SVG. Files are
    made only when a button is pressed (offline: charts are rendered on the server)."""
    if presenting():
        return  # a projector shows the view, not its menus
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"
    with st.popover(t("export.menu"), icon=":material/download:", help=t("export.help")):
        if table is not None:
            st.download_button(
                t("export.csv"), lambda: export.csv_bytes(plain_frame(table)),
                file_name=f"{slug}.csv", mime="text/csv", key=DOWNLOAD.item(f"{slug}-csv"),
                icon=":material/table:", on_click="ignore",
            )  # fmt: skip
            st.download_button(
                t("export.xlsx"),
                lambda: export.xlsx_bytes({slug[:31]: plain_frame(table)}),
                file_name=f"{slug}.xlsx", key=DOWNLOAD.item(f"{slug}-xlsx"),
                icon=":material/grid_on:",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
            )  # fmt: skip
        if chart is not None:
            spec = export.standalone(chart, title=title, subtitle=caption)
            st.download_button(
                t("export.png"), lambda: export.chart_png(spec), file_name=f"{slug}.png",
                mime="image/png", key=DOWNLOAD.item(f"{slug}-png"), icon=":material/image:",
                on_click="ignore",
            )  # fmt: skip
            st.download_button(
                t("export.svg"), lambda: export.chart_svg(spec), file_name=f"{slug}.svg",
                mime="image/svg+xml", key=DOWNLOAD.item(f"{slug}-svg"), icon=":material/draw:",
                on_click="ignore",
            )  # fmt: skip
