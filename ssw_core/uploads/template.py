"""What the dashboard already knows, per country and measure: the template pre-filled with it,
and the preview of what an upload would change."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from ssw_core.uploads.vocabulary import (
    BREAKDOWNS,
    BY_ID,
    KEY,
    MEASURES,
    TEMPLATE_COLUMNS,
    plain_number,
)

_ROLE_TO_MEASURE = {
    "sw_qualified": ("staff", 1),
    "paraprofessionals": ("staff", 3),
    "caseholding_staff": ("caseholding_staff", None),
    "open_cases": ("open_cases", None),
    "posts_total": ("posts_total", None),
    "posts_vacant": ("posts_vacant", None),
    "pay_teachers": ("pay_teachers", None),
    "pay_health": ("pay_health", None),
    "required_posts": ("required_posts", None),
    "leavers": ("leavers", None),
    "graduates": ("graduates", None),
    "graduate_entry_share": ("graduates_entering", None),
}


_BY_INDICATOR = {
    m.indicator_id: m.id for m in MEASURES if m.kind in ("yesno", "steps") and m.indicator_id
}
"""Indicators measured by one yes/no (or steps) measure: a shipped figure of the indicator
is what the template shows beside it."""


def known_figures(observations: pl.DataFrame) -> pl.DataFrame:
    """For each (country, measure, category) the template and the preview use, the latest
    figure on screen today: value, year, source, origin. Uploaded figures come first."""
    rows = []
    for r in observations.iter_rows(named=True):
        if any(r.get(b) for b in BREAKDOWNS):
            continue
        role = r["std_measure"]
        if r["origin"] == "uploaded" and r["measure"] in BY_ID:
            measure, category = r["measure"], r["category"]
        elif role in ("staff_in_post", "pay_sw"):
            measure, category = ("staff" if role == "staff_in_post" else "pay_sw"), r["category"]
        elif role in _ROLE_TO_MEASURE:
            measure, category = _ROLE_TO_MEASURE[role]
            category = category if category is not None else r["category"]
        elif r["link"] == "indicator" and r["indicator_id"] in _BY_INDICATOR:
            measure, category = _BY_INDICATOR[r["indicator_id"]], None
        else:
            continue
        if measure == "staff" and category is None:
            continue
        shown = r["value_text"] if r["value"] is None else r["value"]
        if shown is None:
            continue
        rows.append(
            {
                "country": r["geo"],
                "measure": measure,
                "category": category,
                "current_value": str(shown) if r["value_text"] else plain_number(r["value"]),
                "current_year": r["year"],
                "current_source": f"{r['source_publisher']}, {r['source_year'] or ''}".strip(", "),
                "current_unit": r["unit"],
                "origin": r["origin"],
            }
        )
    schema = {
        "country": pl.String,
        "measure": pl.String,
        "category": pl.Int32,
        "current_value": pl.String,
        "current_year": pl.Int32,
        "current_source": pl.String,
        "current_unit": pl.String,
        "origin": pl.String,
    }
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return (
        frame.sort(
            [pl.col("origin") != "uploaded", pl.col("current_year")],
            descending=[False, True],
            nulls_last=True,
        )
        .unique(["country", "measure", "category"], keep="first", maintain_order=True)
        .sort(["country", "measure", "category"], nulls_last=False)
    )


TEMPLATE_ROWS: tuple[tuple[str, int | None], ...] = (
    *(("staff", c) for c in (1, 2, 3, 4, 5, 6)),
    ("caseholding_staff", None),
    ("open_cases", None),
    ("posts_total", None),
    ("posts_vacant", None),
    ("leavers", 1),
    ("leavers", 6),
    ("required_posts", None),
    ("graduates", None),
    ("graduates_entering", None),
    ("graduates_retained", None),
    ("cat6_qualified", 6),
    ("cat6_redundant", 6),
    ("pay_sw", None),
    ("pay_sw", 3),
    ("pay_teachers", None),
    ("pay_health", None),
    ("plan_steps", None),
    *((m.id, None) for m in MEASURES if m.kind == "yesno"),
)
"""One template row per (measure, category) for each country; more rows (other years,
breakdowns) can be added by the user."""


def _filled(r: Mapping[str, Any]) -> dict[str, Any]:
    """The template cells of an uploaded figure (so that it goes back in unchanged)."""
    m = BY_ID[r["measure"]]
    return {
        "sex": r["sex"],
        "area": r["area"],
        "client_group": r["client_group"],
        "year": r["year"],
        "value": r["value_text"] or plain_number(r["value"]),
        "unit": r["unit"].split(" ")[0] if m.kind == "money" else r["unit"],
        "source_title": r["source_title"],
        "source_publisher": r["source_publisher"],
        "source_year": r["source_year"],
        "locator": r["locator"],
        "reliability": None if r["reliability"] == "standard" else r["reliability"],
        "notes": r["notes"],
    }


def template(
    countries: Sequence[tuple[str, str]],
    known: pl.DataFrame,
    labels: Mapping[str, str] | None = None,
    uploaded: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The template's rows for (iso3, name) pairs: every measure with its unit and, as
    reference, the figure the dashboard shows today; `value` and the source left to fill.
    `labels` translates measure labels (English by default).

    `uploaded`: the figures of the version in use. An upload replaces every uploaded figure
    of its countries, so they are filled in (the latest on its measure's row, any others,
    earlier years and breakdowns, as rows of their own): download, change, upload back, and
    nothing is lost that was not meant to be."""
    by_key = {(r["country"], r["measure"], r["category"]): r for r in known.iter_rows(named=True)}
    mine: dict[str, list[dict[str, Any]]] = {}
    if uploaded is not None:
        for r in uploaded.sort(["year", "row"], descending=[True, False]).iter_rows(named=True):
            mine.setdefault(r["country"], []).append(r)
    label = (labels or {}).get
    rows = []
    for iso3, name in countries:
        extra = list(mine.get(iso3, []))
        for measure_id, category in TEMPLATE_ROWS:
            m = BY_ID[measure_id]
            k = by_key.get((iso3, measure_id, category), {})
            unit = m.unit
            if m.kind == "money":
                current_unit = str(k.get("current_unit") or "")
                unit = current_unit.split(" ")[0] if current_unit else ""
            row = {
                "country": iso3,
                "country_name": name,
                "measure": measure_id,
                "measure_label": label(measure_id, m.label_en),
                "category": category,
                "sex": None,
                "area": None,
                "client_group": None,
                "year": None,
                "value": None,
                "unit": unit,
                "source_title": None,
                "source_publisher": None,
                "source_year": None,
                "locator": None,
                "reliability": None,
                "notes": None,
                "current_value": k.get("current_value"),
                "current_year": k.get("current_year"),
                "current_source": k.get("current_source"),
            }
            own = next(
                (
                    r
                    for r in extra
                    if (r["measure"], r["category"]) == (measure_id, category)
                    and all(r[b] is None for b in BREAKDOWNS)
                ),
                None,
            )
            if own is not None:
                extra.remove(own)
                row |= _filled(own)
            rows.append(row)
        for r in sorted(extra, key=lambda r: (r["measure"], r["category"] or 0, -r["year"])):
            rows.append(
                {
                    "country": iso3,
                    "country_name": name,
                    "measure": r["measure"],
                    "measure_label": label(r["measure"], BY_ID[r["measure"]].label_en),
                    "category": r["category"],
                    **_filled(r),
                    "current_value": None,
                    "current_year": None,
                    "current_source": None,
                }
            )
    schema = {c: pl.String for c in TEMPLATE_COLUMNS} | {
        "category": pl.Int32,
        "year": pl.Int32,
        "source_year": pl.Int32,
        "current_year": pl.Int32,
    }
    return pl.DataFrame(rows, schema=schema, orient="row")


def preview(
    upload: pl.DataFrame, known: pl.DataFrame, previous: pl.DataFrame | None
) -> pl.DataFrame:
    """What committing `upload` changes, row by row: 'new' (nothing on screen for that
    measure), 'replaces' (a different figure is shown today), 'same' (the value shown today),
    plus 'removed' for earlier uploaded figures of these countries the upload no longer has."""
    by_key = {(r["country"], r["measure"], r["category"]): r for r in known.iter_rows(named=True)}
    out = []
    for r in upload.sort("row").iter_rows(named=True):
        k = by_key.get((r["country"], r["measure"], r["category"]))
        total = all(r[b] is None for b in BREAKDOWNS)
        new_value = r["value_text"] or plain_number(r["value"])
        if k is None or not total:
            change = "new"
        elif k["current_value"] == new_value and k["current_year"] == r["year"]:
            change = "same"
        else:
            change = "replaces"
        out.append(
            {
                "change": change,
                "row": r["row"],
                "country": r["country"],
                "measure": r["measure"],
                "category": r["category"],
                "breakdown": _breakdown(r),
                "year": r["year"],
                "value": new_value,
                "unit": r["unit"],
                "now": None
                if k is None or not total
                else f"{k['current_value']} ({k['current_year'] or '-'}, {k['current_source']})",
            }
        )
    if previous is not None and not previous.is_empty():
        named = set(upload["country"].unique().to_list())
        fresh = {tuple(r[k] for k in KEY) for r in upload.iter_rows(named=True)}
        for r in previous.iter_rows(named=True):
            if r["country"] in named and tuple(r[k] for k in KEY) not in fresh:
                out.append(
                    {
                        "change": "removed",
                        "row": None,
                        "country": r["country"],
                        "measure": r["measure"],
                        "category": r["category"],
                        "breakdown": _breakdown(r),
                        "year": r["year"],
                        "value": r["value_text"] or plain_number(r["value"]),
                        "unit": r["unit"],
                        "now": None,
                    }
                )
    schema = {
        "change": pl.String,
        "row": pl.Int32,
        "country": pl.String,
        "measure": pl.String,
        "category": pl.Int32,
        "breakdown": pl.String,
        "year": pl.Int32,
        "value": pl.String,
        "unit": pl.String,
        "now": pl.String,
    }
    return pl.DataFrame(out, schema=schema, orient="row")


def _breakdown(r: Mapping[str, Any]) -> str | None:
    parts = [str(r[b]) for b in BREAKDOWNS if r.get(b)]
    return ", ".join(parts) or None
