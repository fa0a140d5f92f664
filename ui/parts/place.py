"""Placing things on a page: a page's title, tables and charts with their downloads, and the
report of a bad value in a link. Tables and charts are placed here only, so that every one of
them reads the same on a projector, downloads the same way and hides its menu while presenting.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st
from streamlit import dataframe_util

from ssw_core import export
from ui.base import session
from ui.base.i18n import chart_locale, current_lang, t
from ui.base.link import BadValue
from ui.base.markdown import md_escape, md_plain
from ui.parts import credits
from ui.parts.presenting import headed, presenting

_PROJECTOR = "windowSize()[1] >= 1000 && windowSize()[0] >= 1700"
"""A Vega test: a screen of 1920 x 1080 or more (ui.present.slides' CSS asks the same)."""
_BIG = {"expr": f"{_PROJECTOR} ? 24 : 16"}
"""[px] Text in a chart on a slide: 24 on a projector of 1080 pixels and up, 16 below."""
_BIG_LINE = {"expr": f"{_PROJECTOR} ? 25 : 17"}
PRESENT_FONTS = {
    "axis": {"labelFontSize": _BIG, "titleFontSize": _BIG},
    "legend": {"labelFontSize": _BIG, "titleFontSize": _BIG},
    "header": {"labelFontSize": _BIG, "titleFontSize": _BIG},
    "title": {"fontSize": _BIG, "subtitleFontSize": _BIG},
    "text": {"fontSize": _BIG},
}
"""Chart text sizes while presenting: readable from the back of a room."""
Notes = Sequence[str] | Callable[[], Sequence[str]]
"""Lines under a chart in its files: given, or made by a function when the menu opens."""
DOWNLOAD = session.Key[bool]("dl-", __name__, family=True, doc="download buttons, by file")
MENU = session.Key[bool](
    "menu-", __name__, family=True, doc="whether a download menu is open (its buttons drawn)"
)


def page_title(title: str, lede: str = "", *, as_caption: bool = True) -> None:
    """A page's title and its opening paragraph; while presenting, the title as the slide's
    heading, or nothing when the slide has a message (that is its heading: it says what the
    room should see)."""
    if presenting():
        if not headed():
            st.subheader(title, anchor=False)
        return
    st.title(title)
    if lede:
        (st.caption if as_caption else st.markdown)(lede)


_DETAILS = threading.local()
"""The expander `detail()` writes into on a slide, while a `details_here` block runs."""


@contextmanager
def detail() -> Iterator[None]:
    """What a page says around its figures and chart (the method, the longer notes): on the
    page where it is; on a slide, one click away, under 'Method and detail', so a slide
    carries one message (issue 23: 288 words of running text under a slide's headline)."""
    if not presenting():
        yield
        return
    box = getattr(_DETAILS, "box", None)
    with box if box is not None else _detail_box(st):
        yield


def _detail_box(place: Any) -> Any:
    """The 'Method and detail' expander, in `place` (a container, or st itself)."""
    return place.expander(t("present.detail"), icon=":material/notes:")


@contextmanager
def details_in(place: Any) -> Iterator[None]:
    """While this block runs, what `detail()` holds on a slide goes into one expander in
    `place` (a container made where the detail should come: after the slide's sentence)."""
    if not presenting():
        yield
        return
    _DETAILS.box = _detail_box(place)
    try:
        yield
    finally:
        _DETAILS.box = None


def bad_value_text(bad: BadValue) -> str:
    """'The link asked for name=value …': the value is cut short and escaped, so a crafted
    link can put neither formatting, links nor images into the page."""
    return t(
        "errors.bad_param",
        name=md_escape(bad.name),
        value=md_escape(bad.shown),
        allowed=bad.allowed,
    )


def report(*problems: BadValue | str | None) -> None:
    """Warn about bad values of a link (or other link problems, already worded)."""
    for problem in problems:
        if problem is not None:
            text = bad_value_text(problem) if isinstance(problem, BadValue) else problem
            st.warning(text, icon=":material/link_off:")


def show_table(frame: pl.DataFrame, name: str) -> None:
    """A static table that wraps its text and shows every row (readable on a projector),
    with CSV and Excel downloads. Cells are Markdown: pass data text through md_escape /
    md_link first. `name` makes the file name (and must be unique on the page).

    On a phone each row is a card, each cell under its column's name (shell's CSS stacks
    the cells, `card_labels` names them): side by side, the caveats and the source were
    off the screen and every row as tall as its narrowest column made it."""
    key = f"tbl-{re.sub(r'[^A-Za-z0-9_-]', '_', name)}"
    with st.container(key=key):
        st.html(card_labels(key, frame.columns))
        st.table(frame, hide_index=True)
    downloads(name, table=frame)


def css_string(text: str) -> str:
    """`text` as a CSS string: every character but an ASCII letter or digit as a six-digit
    escape (a space too: CSS takes one space after an escape as part of it), so no text can
    end the string, the rule or the style element."""
    return (
        '"' + "".join(c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"'
    )


def card_labels(key: str, columns: list[str]) -> str:
    """The style naming each cell of the table in container `key` on a narrow screen."""
    rules = " ".join(
        f".st-key-{key} td:nth-child({i})::before {{ content: {css_string(col)}; }}"
        for i, col in enumerate(columns, start=1)
    )
    return f"<style>@media (max-width: 640px) {{ {rules} }}</style>"


def plain_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """A displayed (Markdown) table as plain text, for files."""
    return frame.with_columns(
        pl.col(c).map_elements(md_plain, return_dtype=pl.String)
        for c, dtype in frame.schema.items()
        if dtype == pl.String
    )


@dataclass(frozen=True)
class ChartSpec:
    """A chart made once: its Vega-Lite spec for files (`full`, JSON), and the same spec as
    the page sends it (`shown`), its datasets already Arrow bytes (Streamlit would convert
    them again on every run otherwise)."""

    full: dict[str, Any]
    shown: dict[str, Any]


def chart_spec(chart: Any) -> ChartSpec:
    """An Altair chart (or a Vega-Lite dict, or a ChartSpec made already) as a ChartSpec.
    Serialised without schema validation: every chart builder's output is validated by the
    tests instead (tests/app/test_charts.py)."""
    if isinstance(chart, ChartSpec):
        return chart
    full = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    wrap_legends(full)
    shown = dict(full)
    datasets = full.get("datasets")
    if isinstance(datasets, dict):
        shown["datasets"] = {
            name: rows
            if isinstance(rows, bytes | dict)  # a dict: GeoJSON, which stays in the spec
            else dataframe_util.convert_anything_to_arrow_bytes(rows)
            for name, rows in datasets.items()
        }
    return ChartSpec(full, shown)


LEGEND_WRAP = (
    "split(trim(replace(datum.label, regexp('(.{1,' + max(16, floor(width / 7.5)) + '})(\\\\s+|$)',"
    " 'g'), '$1\\n')), '\\n')"
)
"""A Vega expression: a legend label broken into lines between words, as many characters a
line as the chart's width allows (7.5 px a character), so a legend is never cut on a phone."""
LEGEND_ROW_GAP = "width < 420 ? 20 : 4"
"""[px] The gap under a legend's entry: room for a wrapped label's second line on a phone's
narrow chart (Vega spaces a legend's entries by their first line only)."""


def wrap_legends(spec: Any) -> None:
    """Give every legend of a category (series, components, statuses) wrapping labels, its
    entries in a column."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("datasets", "data"):
                continue  # rows and boundaries hold no legend (and walking them costs ms)
            if (
                key in ("color", "fill", "stroke", "shape")
                and isinstance(value, dict)
                and value.get("type") == "nominal"
                and value.get("legend", {}) is not None
            ):
                # entries one under the other: side by side, a long second one ran off a
                # phone's chart (Vega-Lite lays a bottom legend out in a row by default)
                value["legend"] = {
                    "labelExpr": LEGEND_WRAP,
                    "direction": "vertical",
                    "rowPadding": {"expr": LEGEND_ROW_GAP},
                    **(value.get("legend") or {}),
                }
            wrap_legends(value)
    elif isinstance(spec, list):
        for item in spec:
            wrap_legends(item)


_SPECS: OrderedDict[Hashable, ChartSpec] = OrderedDict()
_SPECS_LOCK = threading.Lock()
MAX_SPECS = 256
"""Charts kept made, per process: the views a room's slides show, in every language."""


def cached_spec(key: Hashable, build: Callable[[], Any]) -> ChartSpec:
    """The chart `key` names, made by `build` only the first time any session asks for it in
    this language (the participants of one slide ask for the same charts). `key` must
    name everything the chart shows: the figures and the choices they come from."""
    full_key = (key, current_lang())
    with _SPECS_LOCK:
        found = _SPECS.get(full_key)
        if found is not None:
            _SPECS.move_to_end(full_key)
            return found
    spec = chart_spec(build())
    with _SPECS_LOCK:
        _SPECS[full_key] = spec
        while len(_SPECS) > MAX_SPECS:
            _SPECS.popitem(last=False)
    return spec


_FONT_KEYS = frozenset({"fontSize", "labelFontSize", "titleFontSize", "subtitleFontSize"})


def slide_text(spec: Any) -> Any:
    """`spec` with every text size a chart sets for itself (a heat-map's column labels at
    12 px) replaced by the slide's (PRESENT_FONTS), and the line height and padding of labels
    in two lines with it; sizes given as expressions (a map's labels) are kept."""
    if isinstance(spec, dict):
        out = {
            k: _BIG
            if k in _FONT_KEYS and isinstance(v, int | float)
            else v
            if k in ("datasets", "data")
            else slide_text(v)
            for k, v in spec.items()
        }
        if isinstance(out.get("labelLineHeight"), int | float):
            out["labelLineHeight"] = out["labelPadding"] = _BIG_LINE
        return out
    if isinstance(spec, list):
        return [slide_text(v) for v in spec]
    return spec


def show_chart(
    chart: Any,
    name: str,
    *,
    title: str = "",
    caption: str = "",
    key: Hashable | None = None,
    side_legend: bool = True,
    notes: Notes = (),
) -> None:
    """Place a chart with PNG and SVG downloads (`title` and `caption` go into the file,
    which has no page around it; under it, `notes` and the data's line: see `downloads`).
    `chart` is an Altair chart, a Vega-Lite dict, or with
    `key` a function making one: then it is made once per key and language for every
    session of this process (`cached_spec`). While presenting, its legend goes beside it,
    unless `side_legend` is False (a chart of one short row: there its height cuts the
    legend)."""
    spec = cached_spec(key, chart) if key is not None else chart_spec(chart)
    config = {**spec.shown.get("config", {}), "locale": chart_locale()}
    shown = spec.shown
    if presenting():  # readable from the back of a room, and on one screen with its message
        for part, sizes in PRESENT_FONTS.items():
            config[part] = {**config.get(part, {}), **sizes}
        shown = slide_text(shown)
        if side_legend:
            config["legend"] = {**config.get("legend", {}), "orient": "right"}
        if isinstance(shown.get("height"), int | float):
            # a share of the screen's height (the slide's CSS sizes the box), not pixels
            with st.container(key=f"slide_chart_{re.sub(r'[^A-Za-z0-9_-]', '_', name)}"):
                st.vega_lite_chart(
                    {
                        **shown,
                        "height": "container",
                        "autosize": {"type": "fit", "contains": "padding"},
                        "config": config,
                    },
                    width="stretch",
                    height="stretch",
                )
            return
    st.vega_lite_chart({**shown, "config": config}, width="stretch")
    downloads(
        name, chart={**spec.full, "config": config}, title=title, caption=caption, notes=notes
    )


def downloads(
    name: str,
    *,
    table: pl.DataFrame | None = None,
    chart: dict[str, Any] | None = None,
    title: str = "",
    caption: str = "",
    notes: Notes = (),
) -> None:
    """A small download menu: a table as CSV and Excel, a chart as PNG and SVG. Its buttons
    are drawn only while it is open (opening it reruns the page), and files are made only when
    a button is pressed (offline: charts are rendered on the server).

    A chart's file carries under it what the page around it would have said (issue 23):
    `notes`, the sources of its figures with their years and the assumptions that matter
    (lines, or a function giving them, called only while the menu is open), then which
    data the dashboard held and the day the file was made (`credits.data_line`)."""
    if presenting():
        return  # a projector shows the view, not its menus
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"
    menu = st.popover(
        t("export.menu"),
        icon=":material/download:",
        help=t("export.help"),
        key=MENU.item(f"{slug}-{'chart' if chart is not None else 'table'}"),
        on_change="rerun",
    )
    if not menu.open:
        return
    with menu:
        if table is not None:
            st.download_button(
                t("export.csv"),
                lambda: export.csv_bytes(plain_frame(table)),
                file_name=f"{slug}.csv",
                mime="text/csv",
                key=DOWNLOAD.item(f"{slug}-csv"),
                icon=":material/table:",
                on_click="ignore",
            )
            st.download_button(
                t("export.xlsx"),
                lambda: export.xlsx_bytes({slug[:31]: plain_frame(table)}),
                file_name=f"{slug}.xlsx",
                key=DOWNLOAD.item(f"{slug}-xlsx"),
                icon=":material/grid_on:",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
            )
        if chart is not None:
            spec = chart_file(chart, title=title, caption=caption, notes=notes)
            st.download_button(
                t("export.png"),
                lambda: export.chart_png(spec),
                file_name=f"{slug}.png",
                mime="image/png",
                key=DOWNLOAD.item(f"{slug}-png"),
                icon=":material/image:",
                on_click="ignore",
            )
            st.download_button(
                t("export.svg"),
                lambda: export.chart_svg(spec),
                file_name=f"{slug}.svg",
                mime="image/svg+xml",
                key=DOWNLOAD.item(f"{slug}-svg"),
                icon=":material/draw:",
                on_click="ignore",
            )


def chart_file(
    chart: dict[str, Any], *, title: str = "", caption: str = "", notes: Notes = ()
) -> dict[str, Any]:
    """The spec a chart's PNG and SVG are rendered from: its title and caption above it,
    `notes` and the data's line under it (ssw_core.export.standalone)."""
    lines = notes() if callable(notes) else notes
    return export.standalone(
        chart, title=title, subtitle=caption, notes=[*lines, credits.data_line()]
    )
