"""The countries in view as the Monitor pages show them: one row per country with its population
and headline workforce figure, the rates per 100,000 and how each was computed, regional
figures, a country's population series, and the bars of one rate across countries."""

from __future__ import annotations

from typing import Any

import altair as alt
import polars as pl

from ssw_core.figures import Country, Figure, Rate
from ssw_core.schema import SERIES
from ssw_core.workforce import MAX_YEAR_GAP
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
    year_text,
)
from ui.parts.sidebar import Selection


@shared()
def country_table(version: str, sel: Selection) -> tuple[Country, ...]:
    """The countries in view, each with its population and headline Core 3 figure."""
    return tuple(c for c in data.country_records(version, sel.region) if c.iso3 in sel.iso3s)


def rate_cell(rate: Rate | None, f: Figure | None, *, children: bool = False) -> str:
    """A rate per 100,000 as a cell: its value with how it was obtained, or why there is none."""
    if rate is None:
        if children and f is not None and f.no_child_rate is not None:
            return t(f"rates.no_child_rate_{f.no_child_rate}")
        return t("common.missing")
    text = fmt_auto(rate.value)
    if children and rate.age_group == "0-14":
        text = t("rates.children_0_14_suffix", value=text)
    if rate.basis == "reported":
        key = "as_reported" if rate.as_reported else "converted"
        text = t(f"rates.{key}_suffix", value=text)
    return text


@shared()
def country_table_display(table: tuple[Country, ...]) -> pl.DataFrame:
    rows = []
    for c in table:
        f = c.headline
        pop = c.population
        figure = (
            t("common.value_year", value=figure_text(f, with_rate_unit=True), year=year_text(f))
            if f is not None
            else t("common.missing")
        )
        rows.append(
            {
                t("table.country"): md_escape(geo_name(c.iso3)),
                t("table.population", year=pop.year if pop else ""): fmt_compact(
                    pop.persons if pop else None
                ),
                t("table.figure_year"): md_escape(figure),
                t("table.what"): md_escape(figure_label(f)) if f is not None else "",
                t("table.per_100k_pop"): md_escape(rate_cell(f.rate_pop if f else None, f)),
                t("table.per_100k_children"): md_escape(
                    rate_cell(f.rate_children if f else None, f, children=True)
                ),
                t("table.flags"): md_escape(flags(f, short=True))
                if f is not None
                else t("flags.no_figure"),
                t("table.source"): source_cell(f.source, compact=True) if f is not None else "",
            }
        )
    return pl.DataFrame(rows, strict=False)


@shared()
def rate_explanations(figures: tuple[Figure, ...], *, by: str = "country") -> list[str]:
    """One sentence per figure saying how each of its rates was obtained; each line starts
    with the country's name (by='country') or with what the figure counts (by='figure')."""
    lines = []
    for f in figures:
        name = md_escape(geo_name(f.geo) if by == "country" else figure_label(f))
        if f.reported_as is not None and (f.rate_pop or f.rate_children):
            rate = f.rate_pop or f.rate_children
            lines.append(
                t(
                    f"rates.explain_reported.{f.reported_as}",
                    country=name,
                    value=fmt_auto(f.value),
                    rate=fmt_auto(rate.value if rate else None),
                )
            )
            continue
        if f.no_rate is not None:
            lines.append(t(f"rates.no_rate_{f.no_rate}", country=name, years=MAX_YEAR_GAP))
            continue
        parts = []
        for rate, key in ((f.rate_pop, "rates.explain_pop"), (f.rate_children, None)):
            if rate is None or rate.denominator is None:
                continue
            d = rate.denominator
            parts.append(
                t(
                    key or f"rates.explain_children.{d.series}",
                    count=fmt_num(f.value),
                    pop=fmt_num(d.persons),
                    pop_year=d.year,
                    rate=fmt_auto(rate.value),
                )
            )
        if f.un_wb_gap is not None:
            parts.append(
                t(
                    "rates.un_wb_gap",
                    gap=fmt_pct(abs(f.un_wb_gap), 0),
                    direction=t("rates.more" if f.un_wb_gap > 0 else "rates.fewer"),
                )
            )
        if parts:
            lines.append(f"**{name}** ({f.year}): " + "; ".join(parts))
    return lines


def population_chart(version: str, iso3: str) -> alt.Chart:
    pop = data.population(version, iso3)
    labels = {k: t(f"series.{k}") for k in SERIES}
    frame = pop.with_columns(
        pl.col("series").replace_strict(labels, return_dtype=pl.String).alias("series_label"),
        pl.col("year_convention").alias("convention"),
    )
    present = [labels[k] for k in SERIES if k in set(pop["series"])]
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


_KIND_KEYS = {"posts": "charts.unit_posts", "ratio": "charts.unit_ratio"}
"""How a bar says what a figure counts when it is not people (figures.Kind)."""


def headline_rate_chart(version: str, sel: Selection) -> alt.LayerChart | None:
    """Bars of the headline figures' rates per 100,000 population, for countries in view
    that have one."""
    rows = []
    for c in country_table(version, sel):
        f = c.headline
        rate = None if f is None else f.rate_pop
        if f is None or rate is None:
            continue
        label = f"{geo_name(c.iso3)} · {year_text(f)}"
        if f.kind in _KIND_KEYS:
            label += " · " + t(_KIND_KEYS[f.kind])
        rows.append(
            {
                "name": label,
                "value": rate.value,
                "flagged": f.stands_apart,
                "what": f"{figure_label(f)} ({category_text(f.category)})",
                "year": year_text(f),
                "source": f.source.citation,
            }
        )
    if not rows:
        return None
    return charts.rate_bars(
        bar_frame(rows),
        value_title=t("charts.rate_pop_title"),
        flag_labels=(t("charts.comparable"), t("charts.flagged")),
        tooltip_titles=bar_tooltips(),
    )
