"""The countries in view as the Monitor pages show them: one row per country with its population
and headline workforce figure, the rates per 100,000 and how each was computed, regional
figures, a country's population series, and the bars of one rate across countries."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ssw_core import workforce
from ssw_core.workforce import UN_WB_GAP_NOTED
from ui.base import charts, data
from ui.base.i18n import compact_units, fmt_auto, fmt_compact, fmt_num, fmt_pct, geo_name, t
from ui.base.markdown import md_escape
from ui.base.memo import shared
from ui.parts.figures import (
    category_text,
    figure_label,
    figure_text,
    flags,
    source_cell,
    source_text,
    year_text,
)
from ui.parts.sidebar import Selection

SERIES_KEYS = ("wb_total", "wpp_total", "wpp_0_14", "sowc_0_17")


@shared()
def country_table(version: str, sel: Selection) -> pl.DataFrame:
    """One row per country in view: population and the headline Core 3 figure with rates
    (made once per view: its joins were a quarter of the Overview's run)."""
    countries = data.countries(version, sel.region).filter(pl.col("iso3").is_in(sel.iso3s))
    pop = data.latest_population(version).select(
        "iso3", pl.col("year").alias("wb_year"), pl.col("persons").alias("wb_persons")
    )
    head = data.headline_figures(version).rename({"geo": "iso3"})
    return countries.join(pop, on="iso3", how="left").join(head, on="iso3", how="left")


def rate_cell(rate: float | None, row: dict[str, Any], *, children: bool = False) -> str:
    if rate is None:
        # Not a gap in the data: no rate per child is computed for these (workforce.py)
        why = workforce.no_child_rate(row.get("serves"), row.get("unit"))
        if children and row.get("basis") == "computed" and why is not None:
            return t(f"rates.no_child_rate_{why}")
        return t("common.missing")
    text = fmt_auto(rate)
    if children and row.get("child_age_group") == "0-14":
        text = t("rates.children_0_14_suffix", value=text)
    if row.get("basis") == "reported":
        key = "as_reported" if row.get("unit") == workforce.PER_100K_CHILDREN else "converted"
        text = t(f"rates.{key}_suffix", value=text)
    return text


@shared()
def country_table_display(table: pl.DataFrame) -> pl.DataFrame:
    rows = []
    for r in table.iter_rows(named=True):
        has = r.get("obs_id") is not None
        figure = (
            t("common.value_year", value=figure_text(r, with_rate_unit=True), year=year_text(r))
            if has
            else t("common.missing")
        )
        rows.append(
            {
                t("table.country"): md_escape(geo_name(r["iso3"])),
                t("table.population", year=r["wb_year"]): fmt_compact(r["wb_persons"]),
                t("table.figure_year"): md_escape(figure),
                t("table.what"): md_escape(figure_label(r)) if has else "",
                t("table.per_100k_pop"): md_escape(rate_cell(r.get("rate_pop"), r)),
                t("table.per_100k_children"): md_escape(
                    rate_cell(r.get("rate_children"), r, children=True)
                ),
                t("table.flags"): md_escape(flags(r, short=True)) if has else t("flags.no_figure"),
                t("table.source"): source_cell(r, compact=True) if has else "",
            }
        )
    return pl.DataFrame(rows, strict=False)


@shared()
def rate_explanations(table: pl.DataFrame, *, by: str = "country") -> list[str]:
    """One sentence per figure saying how each of its rates was obtained; each line starts
    with the country's name (by='country') or with what the figure counts (by='figure')."""
    lines = []
    for r in table.filter(pl.col("obs_id").is_not_null()).iter_rows(named=True):
        name = md_escape(geo_name(r["iso3"]) if by == "country" else figure_label(r))
        if r.get("basis") == "reported":
            lines.append(
                t(
                    f"rates.explain_reported.{_UNIT_KEYS[r['unit']]}",
                    country=name,
                    value=fmt_auto(r["value"]),
                    rate=fmt_auto(r.get("rate_pop") or r.get("rate_children")),
                )
            )
            continue
        if r.get("rate_pop") is None and r.get("rate_children") is None:
            if r.get("unit") not in workforce.COUNT_UNITS:
                reason = "rates.no_rate_not_count"
            elif r.get("year") is None:
                reason = "rates.no_rate_undated"
            else:
                reason = "rates.no_rate_no_pop"
            lines.append(t(reason, country=name))
            continue
        parts = []
        if r.get("rate_pop") is not None:
            parts.append(
                t(
                    "rates.explain_pop",
                    count=fmt_num(r["value"]),
                    pop=fmt_num(r["pop_persons"]),
                    pop_year=r["pop_year"],
                    rate=fmt_auto(r["rate_pop"]),
                )
            )
        if r.get("rate_children") is not None:
            parts.append(
                t(
                    f"rates.explain_children.{r['child_series']}",
                    count=fmt_num(r["value"]),
                    pop=fmt_num(r["child_persons"]),
                    pop_year=r["child_year"],
                    rate=fmt_auto(r["rate_children"]),
                )
            )
        gap = r.get("un_wb_gap")
        if r.get("rate_children") is not None and gap is not None and abs(gap) >= UN_WB_GAP_NOTED:
            parts.append(
                t(
                    "rates.un_wb_gap",
                    gap=fmt_pct(abs(gap), 0),
                    direction=t("rates.more" if gap > 0 else "rates.fewer"),
                )
            )
        lines.append(f"**{name}** ({r['year']}): " + "; ".join(parts))
    return lines


_UNIT_KEYS = {
    workforce.PERSONS_PER_WORKER: "per_worker",
    workforce.PER_25K: "per_25k",
    workforce.PER_100K_CHILDREN: "per_100k_children",
}


def population_chart(version: str, iso3: str) -> alt.Chart:
    pop = data.population(version, iso3)
    labels = {k: t(f"series.{k}") for k in SERIES_KEYS}
    frame = pop.with_columns(
        pl.col("series").replace_strict(labels, return_dtype=pl.String).alias("series_label"),
        pl.col("year_convention").alias("convention"),
    )
    present = [labels[k] for k in SERIES_KEYS if k in set(pop["series"])]
    return charts.population_lines(
        frame,
        series_labels=present,
        y_title=t("population.y_title"),
        x_title=t("table.year"),
        tooltip_titles={
            "series": t("population.series"),
            "year": t("table.year"),
            "persons": t("population.persons"),
            "convention": t("population.convention"),
        },
        units=compact_units(),
    )


def bar_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Rows with name, value, flagged, what, year, source for charts.rate_bars."""
    schema = {
        "name": pl.String,
        "value": pl.Float64,
        "flagged": pl.Boolean,
        "what": pl.String,
        "year": pl.String,
        "source": pl.String,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def bar_tooltips() -> dict[str, str]:
    return {
        "country": t("table.country"),
        "what": t("table.what"),
        "year": t("table.year"),
        "source": t("table.source"),
    }


def headline_rate_chart(
    version: str, sel: Selection, column: str, title_key: str
) -> alt.LayerChart | None:
    """Bars of one rate column of the headline figures, for countries in view that have one."""
    table = country_table(version, sel).filter(pl.col(column).is_not_null())
    if table.is_empty():
        return None
    rows = []
    for r in table.iter_rows(named=True):
        label = f"{geo_name(r['iso3'])} · {year_text(r)}"
        if r.get("unit") in ("positions", "staff units"):
            label += " · " + t("charts.unit_posts")
        elif r.get("unit") != "persons":
            label += " · " + t("charts.unit_ratio")
        rows.append(
            {
                "name": label,
                "value": r[column],
                "flagged": bool(flags(r)) or r.get("category") == 3,
                "what": f"{figure_label(r)} ({category_text(r.get('category'))})",
                "year": year_text(r),
                "source": source_text(r),
            }
        )
    return charts.rate_bars(
        bar_frame(rows),
        value_title=t(title_key),
        flag_labels=(t("charts.comparable"), t("charts.flagged")),
        tooltip_titles=bar_tooltips(),
    )


def regional_context(version: str, sel: Selection) -> pl.DataFrame:
    """Regional figures (not of one country) for the region in view."""
    if sel.iso3 is not None:
        return pl.DataFrame()
    geos = {"eca": ["ECA_REGION"], "asean": ["ASEAN_REGION"], None: ["ECA_REGION", "ASEAN_REGION"]}
    frames = [data.observations(version, geo=g) for g in geos[sel.region]]
    return pl.concat(frames) if frames else pl.DataFrame()
