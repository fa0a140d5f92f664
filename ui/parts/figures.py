"""Observations as the pages show them: a figure with its qualifier and unit, what it counts,
its year, its caveats (reliability, coverage, comparability, the population gap) and its source;
and whole tables of them. Every data text is escaped here for Markdown cells."""

from __future__ import annotations

import polars as pl

from ssw_core.figures import Computed, Figure, Source
from ui.base import data
from ui.base.i18n import (
    fmt_auto,
    fmt_num,
    fmt_pct,
    fmt_qualified,
    geo_name,
    t,
    td,
)
from ui.base.markdown import md_escape, md_link
from ui.base.memo import shared


def source_cell(source: Source, *, compact: bool = False) -> str:
    """The source of a figure as a table cell, linked to the page where it is: its title, or
    for compact tables its publisher and year (the Sources page has every title), then the
    source's quality tier."""
    cell = md_link(source.short if compact else source.title, source.link)
    return f"{cell} · {tier_text(source.tier)}" if source.tier else cell


def tier_text(tier: str) -> str:
    """A source's quality tier in words (schema.TIERS)."""
    return t(f"tiers.{tier}")


def year_text(f: Figure) -> str:
    if f.year is not None:
        return str(f.year)
    if f.period:
        return td(f.period)
    return t("common.undated")


def figure_text(f: Figure, *, with_rate_unit: bool = False) -> str:
    """The figure as the source gives it: number with qualifier, range, or text. A figure that
    is itself a rate can carry its unit, so it is not read as a head count."""
    match f.form:
        case "year":
            return str(int(f.value or 0))  # a year, not a quantity: no grouping separator
        case "number":
            text = fmt_qualified(f.value, f.qualifier)
            if with_rate_unit and f.is_rate:
                text = t("common.value_unit", value=text, unit=td(f.unit))
            return text
        case "range":
            return t("common.range", low=fmt_auto(f.value_low), high=fmt_auto(f.value_high))
        case "yes":
            return t("values.yes")
        case "text":  # the source's own words ('draft', 'bill not yet enacted')
            return td(f.value_text)
    return t("common.missing")


_CAVEAT_KEYS = {
    "uploaded": "flags.uploaded",
    "low_reliability": "flags.low_reliability",
    "partial": "flags.partial",
    "undated": "flags.undated",
}


def flags(f: Figure, *, short: bool = False) -> str:
    """Its caveats in words: `short` gives labels only (for the overview table; a context
    note is left out); the full notes are on the detail pages."""
    out = []
    for caveat in f.caveats:
        if caveat == "un_wb_gap":
            gap = fmt_pct(abs(f.un_wb_gap or 0), 0)
            out.append(t("flags.un_wb_gap_short" if short else "flags.un_wb_gap", gap=gap))
        elif caveat == "not_comparable":
            note = td(f.comparability)
            out.append(
                t("flags.not_comparable_short") if short else t("flags.not_comparable", note=note)
            )
        elif caveat == "note":
            if not short:
                out.append(t("flags.note", note=td(f.comparability)))
        else:
            out.append(t(_CAVEAT_KEYS[caveat]))
    return " · ".join(out)


def indicator_code(indicator_id: str | None) -> str:
    """'Core 7' for 'core7' (the catalogue's code), '' for context figures."""
    if indicator_id is None:
        return ""
    codes = data.indicators(data.version())
    return str(codes.filter(pl.col("indicator_id") == indicator_id)["code"].item())


def derived_flags(c: Computed) -> str:
    """A computed value keeps the caveats of the figures it comes from."""
    out = [t("flags.partial")] if c.partial else []
    out += [t("flags.input_note", note=td(n)) for n in dict.fromkeys(c.input_notes)]
    return " · ".join(out)


def category_text(category: int | None) -> str:
    return t("categories.unstated") if category is None else t(f"categories.c{category}")


def figure_label(f: Figure) -> str:
    """What a figure counts, in the current language: uploaded figures from their measure,
    breakdown and categories (one, or those summed), shipped ones from their curated label."""
    if f.measure is not None:
        parts = [t(f"upload.measure.{f.measure}")]
        parts += [t(f"upload.breakdown.{b}") for b in f.breakdown]
        if f.categories:
            parts.append(" + ".join(category_text(c) for c in f.categories))
        return ", ".join(parts)
    return td(f.label)


@shared()
def figures_frame(
    figures: tuple[Figure, ...], *, with_country: bool = True, with_indicator: bool = False
) -> pl.DataFrame:
    """Figures as a display table: every figure with its year, caveats and source."""
    rows = []
    for f in sorted(figures, key=lambda f: (geo_name(f.geo), f.indicator_id or "")):
        rec = {
            t("table.indicator"): md_escape(indicator_code(f.indicator_id)),
            t("table.country"): md_escape(geo_name(f.geo)),
            t("table.what"): md_escape(figure_label(f)),
            t("table.figure"): md_escape(figure_text(f)),
            t("table.unit"): md_escape(td(f.unit_shown)),
            t("table.year"): md_escape(year_text(f)),
            t("table.category"): md_escape(category_text(f.category)),
            t("table.flags"): md_escape(flags(f)),
            t("table.source"): source_cell(f.source),
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
    if all(f.category is None for f in figures):
        frame = frame.drop(t("table.category"))
    return frame


@shared()
def derived_frame(values: tuple[Computed, ...], *, with_country: bool = True) -> pl.DataFrame:
    """Computed indicator values with the formula and the figures they come from."""
    rows = []
    for c in values:
        value = fmt_pct(c.value) if c.is_fraction else fmt_auto(c.value)
        if c.qualifier:
            value = t(f"qualifier.{c.qualifier}", value=value)
        rows.append(
            {
                t("table.country"): md_escape(geo_name(c.geo)),
                t("table.indicator"): md_escape(indicator_code(c.indicator_id)),
                t("table.what"): md_escape(t(f"derived.{c.formula}.name")),
                t("table.figure"): md_escape(value),
                t("table.year"): md_escape(c.year),
                t("table.formula"): md_escape(
                    t(
                        f"derived.{c.formula}.formula",
                        a=fmt_num(c.numerator_value),
                        b=fmt_num(c.denominator_value),
                    )
                ),
                t("table.inputs"): md_escape(
                    f"{figure_label(c.numerator)} ÷ {figure_label(c.denominator)}"
                ),
                t("table.flags"): md_escape(derived_flags(c)),
                t("table.source"): "; ".join(
                    dict.fromkeys(
                        [source_cell(c.numerator.source), source_cell(c.denominator.source)]
                    )
                ),
            }
        )
        if not with_country:
            rows[-1].pop(t("table.country"))
    return pl.DataFrame(rows) if rows else pl.DataFrame()
