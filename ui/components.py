"""Pieces of UI shared by several pages: the region/country filter, figure tables with their
sources and flags, and small helpers. No data is ever passed to unsafe_allow_html."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl
import streamlit as st

from ui import data, urlstate
from ui.i18n import (
    DEFAULT_LANG,
    LANGUAGE_NAMES,
    LANGUAGES,
    chart_locale,
    country_name,
    current_lang,
    fmt_auto,
    fmt_num,
    fmt_pct,
    fmt_qualified,
    t,
    tc,
    td,
)

REGION_OPTIONS = ("all", "eca", "asean")
ALL = "all"


@dataclass(frozen=True)
class Selection:
    region: str | None  # None = all regions
    iso3: str | None  # None = all countries of the region
    iso3s: tuple[str, ...]  # the countries in view

    def includes(self, iso3: str) -> bool:
        return iso3 in self.iso3s


def adopt_language() -> str | None:
    """Before anything is drawn: take `?lang=` from the link (en, ru, ro). Returns the raw
    value if it was not a language (the caller reports it once the page is drawn)."""
    st.session_state.setdefault("lang", DEFAULT_LANG)
    return urlstate.adopt("lang", LANGUAGES, case="lower")


def language_picker(bad: str | None) -> None:
    """The language, in the sidebar and in the URL (left out when English)."""
    with st.sidebar:
        st.segmented_control(
            t("filters.language"),
            LANGUAGES,
            format_func=lambda code: LANGUAGE_NAMES[code],
            key="lang",
            required=True,
        )
    urlstate.publish("lang", current_lang(), DEFAULT_LANG)
    if bad is not None:
        st.warning(
            urlstate.bad_param_message("lang", bad, ", ".join(LANGUAGES)),
            icon=":material/link_off:",
        )


def sidebar_filters() -> Selection:
    """Region and country pickers in the sidebar, kept in the URL as ?region=&country=."""
    v = data.version()
    everything = data.countries(v)
    names = country_names()
    region_of = dict(zip(everything["iso3"], everything["region"], strict=True))
    problems = []
    bad_region = urlstate.adopt("region", REGION_OPTIONS, case="lower")
    if bad_region is not None:
        problems.append(urlstate.bad_param_message("region", bad_region, "eca, asean"))
    bad_country = urlstate.adopt("country", list(names), case="upper")
    if bad_country is not None:
        problems.append(urlstate.bad_param_message("country", bad_country, t("errors.iso3_codes")))
    with st.sidebar:
        region = st.selectbox(
            t("filters.region"),
            REGION_OPTIONS,
            format_func=lambda r: t(f"regions.{r}"),
            key="region",
        )
        in_region = [c for c in names if region == ALL or region_of[c] == region]
        chosen = st.session_state.get("country", ALL)
        if chosen != ALL and chosen not in in_region:
            problems.append(
                t(
                    "errors.country_not_in_region",
                    country=names[chosen],
                    region=t(f"regions.{region}"),
                )
            )
            st.session_state["country"] = ALL
        country = st.selectbox(
            t("filters.country"),
            [ALL, *in_region],
            format_func=lambda c: t("filters.all_countries") if c == ALL else names[c],
            key="country",
        )
    urlstate.publish("region", region, ALL)
    urlstate.publish("country", country, ALL)
    for p in problems:
        st.warning(p, icon=":material/link_off:")
    return Selection(
        region=None if region == ALL else region,
        iso3=None if country == ALL else country,
        iso3s=tuple(in_region if country == ALL else [country]),
    )


def page_title(title: str, lede: str = "", *, as_caption: bool = True) -> None:
    """A page's title and its opening paragraph; while presenting, the title alone (the
    slide's message says what the room should see)."""
    from ui import present

    st.title(title)
    if lede and not present.presenting():
        (st.caption if as_caption else st.markdown)(lede)


def country_names() -> dict[str, str]:
    """ISO3 -> the country's name in the current language (i18n.country_name)."""
    return _country_names(data.version(), current_lang())


@st.cache_data(max_entries=8, show_spinner=False)
def _country_names(version: str, lang: str) -> dict[str, str]:
    frame = data.countries(version)
    return {
        r["iso3"]: country_name(r["iso3"], r["iso2"], r["name_en"], lang)
        for r in frame.iter_rows(named=True)
    }


def geo_name(geo: str) -> str:
    if geo in ("ECA_REGION", "ASEAN_REGION"):
        return t(f"regions.geo.{geo}")
    return country_names().get(geo, geo)


def source_text(row: dict[str, Any]) -> str:
    """'Title (publisher, 2023)' for a row joined with its source; the publisher is left out
    when the title already starts with it, the year when the title already has it."""
    title = str(row.get("source_title") or "")
    who = str(row.get("source_publisher") or "")
    year = row.get("source_year")
    first_word = who.split(" ")[0].strip("(),") if who else ""
    parts = [] if not who or (first_word and title.startswith(first_word)) else [who]
    if year and str(year) not in title:
        parts.append(str(year))
    return f"{title} ({', '.join(parts)})" if parts else title


def source_link(row: dict[str, Any]) -> str | None:
    loc = str(row.get("locator") or "")
    return loc if loc.startswith("http") else None


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")
# The Markdown renderer turns bare addresses into links even when their punctuation is
# escaped, so an invisible word joiner goes where the address would be recognised.
_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|www)|@)")
_JOINER = "\u2060"


def md_escape(text: object) -> str:
    """Data text made inert for Markdown cells: no formatting, links, linked bare addresses
    or LaTeX from data."""
    return _AUTOLINK.sub(_JOINER + r"\1" + _JOINER, _MD_SPECIAL.sub(r"\\\1", str(text)))


_MD_LINK = re.compile(r"(?<!\\)\[(.*?)(?<!\\)\]\((\S+?)\)")
_MD_ESCAPED = re.compile(r"\\(.)")


def md_plain(cell: object) -> str:
    """A Markdown cell as plain text, for files: links reduced to their text, unescaped."""
    text = _MD_ESCAPED.sub(r"\1", _MD_LINK.sub(r"\1", str(cell)))
    return text.replace(_JOINER, "")


def md_link(text: str, url: str | None) -> str:
    """A Markdown link whose text is escaped; a URL's parentheses and spaces are encoded."""
    label = md_escape(text)
    if not url:
        return label
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{label}]({safe})"


def source_cell(row: dict[str, Any], *, compact: bool = False) -> str:
    """The source of a figure as a table cell, linked to the page where it is: its title, or
    for compact tables its publisher and year (the Sources page has every title)."""
    if compact:
        year = row.get("source_year")
        text = (
            f"{row.get('source_publisher', '')}, {year}"
            if year
            else str(row.get("source_publisher", ""))
        )
    else:
        text = str(row.get("source_title", ""))
    return md_link(text, source_link(row))


def year_text(row: dict[str, Any]) -> str:
    if row.get("year") is not None:
        return str(row["year"])
    if row.get("period"):
        return str(row["period"])
    return t("common.undated")


RATE_UNITS = (
    "persons per social worker",
    "social workers per 25,000 population",
    "social workers per 100,000 children",
)


def figure_text(row: dict[str, Any], *, with_rate_unit: bool = False) -> str:
    """The figure as the source gives it: number with qualifier, range, or text. A figure that
    is itself a rate can carry its unit, so it is not read as a head count."""
    if row.get("value") is not None and row.get("unit") == "year":
        return str(int(row["value"]))  # a year, not a quantity: no grouping separator
    if row.get("value") is not None:
        text = fmt_qualified(row["value"], row.get("qualifier"))
        if with_rate_unit and row.get("unit") in RATE_UNITS:
            text = t("common.value_unit", value=text, unit=td(row["unit"]))
        return text
    if row.get("value_low") is not None and row.get("value_high") is not None:
        return t("common.range", low=fmt_auto(row["value_low"]), high=fmt_auto(row["value_high"]))
    if row.get("value_text"):
        # Text values are the source's own words ('draft', 'bill not yet enacted'), except 'yes'.
        return t("values.yes") if row["value_text"] == "yes" else td(row["value_text"])
    return t("common.missing")


def flags(row: dict[str, Any], *, short: bool = False) -> str:
    """Warnings shown next to a figure: reliability, coverage, year, comparability. `short`
    gives labels only (for the overview table); the full notes are on the detail pages."""
    out = []
    if row.get("origin") == "uploaded":
        out.append(t("flags.uploaded"))
    if row.get("reliability") == "low":
        out.append(t("flags.low_reliability"))
    if row.get("coverage") == "partial":
        out.append(t("flags.partial"))
    if row.get("year") is None and not row.get("period"):
        out.append(t("flags.undated"))
    gap = row.get("un_wb_gap")
    if row.get("rate_children") is not None and gap is not None and abs(gap) >= 0.10:
        out.append(
            t("flags.un_wb_gap_short" if short else "flags.un_wb_gap", gap=fmt_pct(abs(gap), 0))
        )
    note = tc(row, "comparability")
    if note:
        # Only figures linked to an indicator can be compared across countries; for context
        # figures the note is just a note.
        if row.get("link") == "indicator":
            out.append(
                t("flags.not_comparable_short") if short else t("flags.not_comparable", note=note)
            )
        elif not short:
            out.append(t("flags.note", note=note))
    return " · ".join(out)


def indicator_code(indicator_id: str | None) -> str:
    """'Core 7' for 'core7' (the catalogue's code), '' for context figures."""
    if indicator_id is None:
        return ""
    codes = data.indicators(data.version())
    return str(codes.filter(pl.col("indicator_id") == indicator_id)["code"].item())


def derived_flags(r: dict[str, Any], num: dict[str, Any], den: dict[str, Any]) -> str:
    """A computed value keeps the caveats of the figures it comes from."""
    out = [t("flags.partial")] if r["coverage"] == "partial" else []
    notes = [n for n in dict.fromkeys([tc(num, "comparability"), tc(den, "comparability")]) if n]
    out += [t("flags.input_note", note=n) for n in notes]
    return " · ".join(out)


def category_text(category: int | None) -> str:
    return t("categories.unstated") if category is None else t(f"categories.c{category}")


def figure_label(r: dict[str, Any]) -> str:
    """What a figure counts, in the current language: uploaded figures from their measure
    and breakdown, shipped ones from their curated label."""
    if r.get("origin") == "uploaded" and r.get("measure"):
        parts = [t(f"upload.measure.{r['measure']}")]
        parts += [
            t(f"upload.breakdown.{r[b]}") for b in ("sex", "area", "client_group") if r.get(b)
        ]
        return ", ".join(parts)
    return tc(r, "label")


def figures_frame(
    obs: pl.DataFrame, *, with_country: bool = True, with_indicator: bool = False
) -> pl.DataFrame:
    """Observations as a display table: every figure with its year, caveats and source."""
    rows = []
    for r in sorted(
        obs.iter_rows(named=True), key=lambda r: (geo_name(r["geo"]), r.get("indicator_id") or "")
    ):
        rec = {
            t("table.indicator"): md_escape(indicator_code(r.get("indicator_id"))),
            t("table.country"): md_escape(geo_name(r["geo"])),
            t("table.what"): md_escape(figure_label(r)),
            t("table.figure"): md_escape(figure_text(r)),
            t("table.unit"): ""
            if r["unit"] in ("flag", "status", "year")
            else md_escape(td(r["unit"])),
            t("table.year"): md_escape(year_text(r)),
            t("table.category"): md_escape(category_text(r.get("category"))),
            t("table.flags"): md_escape(flags(r)),
            t("table.source"): source_cell(r),
        }
        if not with_country:
            rec.pop(t("table.country"))
        if not with_indicator:
            rec.pop(t("table.indicator"))
        rows.append(rec)
    if not rows:
        return pl.DataFrame()
    frame = pl.DataFrame(rows)
    # Context figures rarely have a category: drop the column when no row has one.
    if obs["category"].null_count() == obs.height:
        frame = frame.drop(t("table.category"))
    return frame


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
    from ssw_core import export
    from ui import present

    if present.presenting():
        return  # a projector shows the view, not its menus
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "table"
    with st.popover(t("export.menu"), icon=":material/download:", help=t("export.help")):
        if table is not None:
            st.download_button(
                t("export.csv"), lambda: export.csv_bytes(plain_frame(table)),
                file_name=f"{slug}.csv", mime="text/csv", key=f"dl-{slug}-csv",
                icon=":material/table:", on_click="ignore",
            )  # fmt: skip
            st.download_button(
                t("export.xlsx"),
                lambda: export.xlsx_bytes({slug[:31]: plain_frame(table)}),
                file_name=f"{slug}.xlsx", key=f"dl-{slug}-xlsx", icon=":material/grid_on:",
                mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                on_click="ignore",
            )  # fmt: skip
        if chart is not None:
            spec = export.standalone(chart, title=title, subtitle=caption)
            st.download_button(
                t("export.png"), lambda: export.chart_png(spec), file_name=f"{slug}.png",
                mime="image/png", key=f"dl-{slug}-png", icon=":material/image:",
                on_click="ignore",
            )  # fmt: skip
            st.download_button(
                t("export.svg"), lambda: export.chart_svg(spec), file_name=f"{slug}.svg",
                mime="image/svg+xml", key=f"dl-{slug}-svg", icon=":material/draw:",
                on_click="ignore",
            )  # fmt: skip


def derived_frame(derived: pl.DataFrame, *, with_country: bool = True) -> pl.DataFrame:
    """Computed indicator values with the formula and the figures they come from."""
    inputs = {
        r["obs_id"]: r
        for r in data.observations(data.version(), link="indicator").iter_rows(named=True)
    }
    rows = []
    for r in derived.iter_rows(named=True):
        value = fmt_pct(r["value"]) if r["unit"].startswith("fraction") else fmt_auto(r["value"])
        if r["qualifier"]:
            value = t(f"qualifier.{r['qualifier']}", value=value)
        num, den = inputs[r["numerator_obs"]], inputs[r["denominator_obs"]]
        rows.append(
            {
                t("table.country"): md_escape(geo_name(r["geo"])),
                t("table.indicator"): md_escape(indicator_code(r["indicator_id"])),
                t("table.what"): md_escape(t(f"derived.{r['formula']}.name")),
                t("table.figure"): md_escape(value),
                t("table.year"): md_escape(r["year"]),
                t("table.formula"): md_escape(
                    t(
                        f"derived.{r['formula']}.formula",
                        a=fmt_num(r["numerator_value"]),
                        b=fmt_num(r["denominator_value"]),
                    )
                ),
                t("table.inputs"): md_escape(f"{tc(num, 'label')} ÷ {tc(den, 'label')}"),
                t("table.flags"): md_escape(derived_flags(r, num, den)),
                t("table.source"): "; ".join(dict.fromkeys([source_cell(num), source_cell(den)])),
            }
        )
        if not with_country:
            rows[-1].pop(t("table.country"))
    return pl.DataFrame(rows) if rows else pl.DataFrame()


STATUS_COLORS = {"reported": "#1f4e79", "partial": "#f0a30a", "missing": "#e4e4e4"}


def choose_country(iso3: str) -> None:
    """Callback: make `iso3` the sidebar's country (and so the URL's)."""
    st.session_state["country"] = iso3


PRESENT_FONTS = {
    "axis": {"labelFontSize": 16, "titleFontSize": 17},
    "legend": {"labelFontSize": 16, "titleFontSize": 17},
    "header": {"labelFontSize": 16, "titleFontSize": 17},
    "title": {"fontSize": 20, "subtitleFontSize": 16},
    "text": {"fontSize": 16},
}


def show_chart(chart: Any, name: str, *, title: str = "", caption: str = "") -> None:
    """Place an Altair chart (or a Vega-Lite spec already made), with PNG and SVG downloads
    (`title` and `caption` go into the file, which has no page around it). Serialised
    without schema validation: validation costs ~10 ms a chart on every rerun, and every
    chart builder's output is validated by the tests instead (tests/app/test_charts.py)."""
    from ui import present

    spec = chart if isinstance(chart, dict) else chart.to_dict(validate=False)
    spec.setdefault("config", {})["locale"] = chart_locale()
    if present.presenting():  # readable from the back of a room
        config = spec["config"]
        for part, sizes in PRESENT_FONTS.items():
            config[part] = {**config.get(part, {}), **sizes}
    st.vega_lite_chart(spec, width="stretch")
    downloads(name, chart=spec, title=title, caption=caption)


def current_selection() -> Selection:
    """The region/country chosen in the sidebar (set by app.py before the page runs)."""
    selection = st.session_state.get("selection")
    if not isinstance(selection, Selection):
        raise RuntimeError("the sidebar filters run in app.py before any page")
    return selection
