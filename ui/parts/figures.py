"""Observations as the pages show them: a figure with its qualifier and unit, what it counts,
its year, its caveats (reliability, coverage, comparability, the population gap) and its source;
and whole tables of them. Every data text is escaped here for Markdown cells."""

from __future__ import annotations

from typing import Any

import polars as pl

from ui.base import data
from ui.base.i18n import (
    fmt_auto,
    fmt_num,
    fmt_pct,
    fmt_qualified,
    geo_name,
    t,
    tc,
    td,
)
from ui.base.markdown import md_escape, md_link
from ui.base.memo import shared


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


def source_cell(row: dict[str, Any], *, compact: bool = False) -> str:
    """The source of a figure as a table cell, linked to the page where it is: its title, or
    for compact tables its publisher and year (the Sources page has every title), then the
    source's quality tier."""
    if compact:
        year = row.get("source_year")
        text = (
            f"{row.get('source_publisher', '')}, {year}"
            if year
            else str(row.get("source_publisher", ""))
        )
    else:
        text = str(row.get("source_title", ""))
    cell = md_link(text, source_link(row))
    tier = row.get("source_tier")
    return f"{cell} · {tier_text(tier)}" if tier else cell


def tier_text(tier: str) -> str:
    """A source's quality tier in words (schema.TIERS)."""
    return t(f"tiers.{tier}")


def year_text(row: dict[str, Any]) -> str:
    if row.get("year") is not None:
        return str(row["year"])
    if row.get("period"):
        return td(str(row["period"]))
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
        # Which categories it counts: one, or the sum of categories 1 and 6
        cats = str(r["categories"]).split(";") if r.get("categories") else []
        if not cats and r.get("category") is not None:
            cats = [str(r["category"])]
        if cats:
            parts.append(" + ".join(category_text(int(c)) for c in cats))
        return ", ".join(parts)
    return tc(r, "label")


@shared()
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


@shared()
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
