"""Core 3: workforce counts and their rates per 100,000 population and per 100,000 children.

Rules (docs/method.md §1):
- The rate per population divides a dated head count by the World Bank total population of
  the same year, or of the nearest year within `MAX_YEAR_GAP` (the year used is returned).
- The rate per child divides by the population aged 0-17 (SOWC 2023, 2021 only). Where that
  is missing or too far in time, it uses the WPP 2024 population aged 0-14 and says so: that
  is a different denominator, not an approximation.
- Each rate takes its denominator from one series; series are never mixed.
- The rate per child is for people who serve children: not for those whose services are for
  adults (home care; `serves` = 'adults'), and not for posts, which are not people.
- Undated counts get no rate: there is no year to match a population to.
- Rates a source reports itself ('1 per 8,756', '2 per 25,000', '64.4 per 100,000 children')
  are converted to the same unit and marked `basis = 'reported'`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from ssw_core import indicators as ind
from ssw_core import queries
from ssw_core.schema import TIERS
from ssw_core.store import Store

MAX_YEAR_GAP = 3
"""[years] The largest distance between a count's year and its population year."""

COUNT_UNITS = ("persons", "positions", "staff units")
CHILD_SERIES = ("sowc_0_17", "wpp_0_14")  # in order of preference
PER_25K = "social workers per 25,000 population"
PER_100K_CHILDREN = "social workers per 100,000 children"
PERSONS_PER_WORKER = "persons per social worker"
REPORTED_RATE_UNITS = (PER_25K, PER_100K_CHILDREN, PERSONS_PER_WORKER)
BREAKDOWNS = ("sex", "area", "client_group")
"""Columns that limit a figure to part of the workforce (women, rural areas, one client group)."""


@dataclass(frozen=True)
class Population:
    """A population figure used as a denominator, or shown beside a figure."""

    persons: int
    year: int
    series: str  # population.series: wb_total, wpp_total, wpp_0_14, sowc_0_17
    age_group: str  # 'total', '0-14', '0-17'


_CATEGORY_RANK = {1: 0, 6: 1, None: 2, 2: 3, 3: 4}

RATE_COLUMNS: dict[str, pl.DataType] = {
    "obs_id": pl.String(),
    "basis": pl.String(),
    "rate_pop": pl.Float64(),
    "pop_year": pl.Int32(),
    "pop_persons": pl.Int64(),
    "pop_series": pl.String(),
    "pop_source_id": pl.String(),
    "rate_children": pl.Float64(),
    "child_year": pl.Int32(),
    "child_persons": pl.Int64(),
    "child_series": pl.String(),
    "child_age_group": pl.String(),
    "child_source_id": pl.String(),
    "persons_per_worker": pl.Float64(),
    "un_wb_gap": pl.Float64(),
}
UN_WB_GAP_NOTED = 0.10
"""[fraction] From this gap between UN and World Bank totals on, rates carry a note."""


def no_child_rate(serves: str | None, unit: str | None) -> str | None:
    """Why a count gets no rate per child, or None: 'adults' (its people serve adults, as home
    care does) or 'posts' (posts or staff units are not people)."""
    if serves == "adults":
        return "adults"
    if unit != "persons":
        return "posts"
    return None


def compute_rates(store: Store, max_gap: int = MAX_YEAR_GAP) -> pl.DataFrame:
    """One row per Core 3 figure that yields a rate (counts and reported rates)."""
    obs = queries.observations(store, indicator_id="core3")
    near = queries.nearest_population(store, max_gap)
    gaps = dict(queries.un_wb_gap(store).iter_rows())
    by_obs: dict[tuple[str, str], dict[str, Any]] = {
        (r["obs_id"], r["series"]): r for r in near.iter_rows(named=True)
    }
    rows = []
    for o in obs.iter_rows(named=True):
        value, unit = o["value"], o["unit"]
        if value is None or _is_breakdown(o):
            continue  # a rate per population is for a total, not for women or rural areas
        row: dict[str, object] = dict.fromkeys(RATE_COLUMNS)
        row["obs_id"] = o["obs_id"]
        if unit in COUNT_UNITS:
            if o["year"] is None:
                continue
            row["basis"] = "computed"
            total = by_obs.get((o["obs_id"], "wb_total"))
            if total is not None:
                row.update(
                    rate_pop=ind.rate_per_100k(value, total["persons"]),
                    pop_year=total["pop_year"],
                    pop_persons=total["persons"],
                    pop_series="wb_total",
                    pop_source_id=total["pop_source_id"],
                    persons_per_worker=ind.population_per_worker(value, total["persons"]),
                )
            child = (
                next(
                    (by_obs[(o["obs_id"], s)] for s in CHILD_SERIES if (o["obs_id"], s) in by_obs),
                    None,
                )
                if no_child_rate(o["serves"], unit) is None
                else None
            )
            if child is not None:
                row.update(
                    rate_children=ind.rate_per_100k(value, child["persons"]),
                    child_year=child["pop_year"],
                    child_persons=child["persons"],
                    child_series=child["series"],
                    child_age_group=child["age_group"],
                    child_source_id=child["pop_source_id"],
                )
            if total is None and child is None:
                continue
            row["un_wb_gap"] = gaps.get(o["geo"])
        elif unit in REPORTED_RATE_UNITS:
            row["basis"] = "reported"
            if unit == PERSONS_PER_WORKER:
                row["rate_pop"] = ind.rate_from_population_per_worker(value)
                row["persons_per_worker"] = value
            elif unit == PER_25K:
                row["rate_pop"] = ind.rate_from_reported_ratio(value, 25_000)
                row["persons_per_worker"] = 25_000 / value if value else None
            else:
                row["rate_children"] = value
        else:
            continue
        rows.append(row)
    return pl.DataFrame(rows, schema=RATE_COLUMNS, orient="row")


def _is_breakdown(o: dict[str, Any]) -> bool:
    return any(o.get(b) for b in BREAKDOWNS)


def core3_figures(store: Store) -> pl.DataFrame:
    """Every Core 3 figure joined with its rates (rate columns null where none applies)."""
    obs = queries.observations(store, indicator_id="core3")
    return obs.join(compute_rates(store), on="obs_id", how="left")


SUMMED_CATEGORIES = (1, 6)
"""An upload's staff in post of these categories, same year, stand together for the country:
the people in posts that need social-work competencies (S1 + S6)."""


def _summed_uploads(figs: pl.DataFrame) -> pl.DataFrame:
    """For each country and year with uploaded head counts of both categories 1 and 6 (totals
    of one measure), one row: their sum, `categories` '1;6', `obs_id` the two ids joined by
    '+'. Both counts have the same year, so the same denominators: their rates add up."""
    up = figs.filter(
        (pl.col("origin") == "uploaded")
        & pl.col("category").is_in(SUMMED_CATEGORIES)
        & (pl.col("unit") == "persons")
        & pl.col("year").is_not_null()
    )
    rows = []
    for _, part in up.group_by(["geo", "year", "measure"], maintain_order=True):
        if sorted(part["category"].to_list()) != sorted(SUMMED_CATEGORIES):
            continue
        part = part.sort("category")
        first = part.row(0, named=True)
        total = float(part["value"].sum())
        rates = {
            col: float(part[col].sum()) if part[col].null_count() == 0 else None
            for col in ("rate_pop", "rate_children")
        }
        if first["child_series"] != part["child_series"][-1]:
            rates["rate_children"] = None
        pop = first["pop_persons"]
        rows.append(
            first
            | rates
            | {
                "obs_id": "+".join(part["obs_id"].to_list()),
                "value": total,
                "category": None,
                "categories": ";".join(str(c) for c in SUMMED_CATEGORIES),
                "persons_per_worker": pop / total if pop and total else None,
            }
        )
    schema = figs.schema | {"categories": pl.String()}
    return pl.DataFrame(rows, schema=schema, orient="row")


def headline_figures(store: Store) -> pl.DataFrame:
    """One Core 3 figure per country to stand for it in overview tables.

    The rule, in order: totals only (no breakdown by sex, area or clients), and never a
    figure of low reliability (no primary source: it stays in the country's list, flagged);
    the country's own uploaded figures before shipped ones; a source of the tiers official,
    international or press/research before one of tier 'other' (schema.TIERS), so an 'other'
    figure never stands for a country while a better one exists; 'reported' coverage before
    'partial' (a national count before one agency's, whoever reports it); then the better
    tier; dated before undated; categories 1, 6, unstated, 2, 3 in that order (the Call to
    Action's rates are about social workers); the latest year; the larger value.
    Counts and reported rates compete on equal terms. Countries with no figure are absent.
    An upload's categories 1 and 6 of one year compete as their sum (`categories` '1;6'),
    before either alone: a count of one category never stands for a total it does not count.
    """
    figs = core3_figures(store).filter(
        pl.col("value").is_not_null()
        & pl.col("unit").is_in([*COUNT_UNITS, *REPORTED_RATE_UNITS])
        & pl.col("sex").is_null()
        & pl.col("area").is_null()
        & pl.col("client_group").is_null()
        & pl.col("reliability").ne("low")
    )
    figs = pl.concat(
        [figs.with_columns(pl.lit(None, pl.String).alias("categories")), _summed_uploads(figs)]
    )
    ranked = figs.with_columns(
        pl.col("origin").ne("uploaded").cast(pl.Int8).alias("_k0"),
        pl.col("categories").is_null().cast(pl.Int8).alias("_ks"),
        pl.col("source_tier").eq("other").cast(pl.Int8).alias("_k1"),
        pl.col("coverage").eq("partial").cast(pl.Int8).alias("_k2"),
        pl.col("source_tier")
        .replace_strict({t: i for i, t in enumerate(TIERS)}, return_dtype=pl.Int8)
        .alias("_k2b"),
        pl.col("year").is_null().cast(pl.Int8).alias("_k3"),
        pl.when(pl.col("category").is_null())
        .then(pl.lit(_CATEGORY_RANK[None], pl.Int8))
        .otherwise(
            pl.col("category").replace_strict(
                {k: v for k, v in _CATEGORY_RANK.items() if k is not None},
                default=len(_CATEGORY_RANK),
                return_dtype=pl.Int8,
            )
        )
        .alias("_k4"),
        pl.col("year").fill_null(0).alias("_k5"),
    ).sort(
        ["geo", "_k0", "_ks", "_k1", "_k2", "_k2b", "_k3", "_k4", "_k5", "value", "obs_id"],
        descending=[False, False, False, False, False, False, False, False, True, True, False],
    )
    return (
        ranked.group_by("geo", maintain_order=True)
        .first()
        .drop(["_k0", "_ks", "_k1", "_k2", "_k2b", "_k3", "_k4", "_k5"])
    )


def child_population(store: Store, iso3: str, year: int) -> Population | None:
    """The child population to use as a denominator around `year`: aged 0-17 (SOWC 2023,
    2021) when within MAX_YEAR_GAP, else the nearest WPP 2024 aged 0-14 within the gap."""
    pop = queries.population(store, iso3)
    for series in CHILD_SERIES:
        rows = pop.filter(pl.col("series") == series).with_columns(
            (pl.col("year") - year).abs().alias("gap")
        )
        rows = rows.filter(pl.col("gap") <= MAX_YEAR_GAP).sort(
            ["gap", "year"], descending=[False, True]
        )
        if rows.height:
            r = rows.row(0, named=True)
            return Population(int(r["persons"]), int(r["year"]), series, str(r["age_group"]))
    return None
