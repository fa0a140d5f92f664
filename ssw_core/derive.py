"""Indicator values computed from pairs of sourced figures (docs/method.md §2).

A figure takes part only through its curated `std_measure` role (data/raw/measures.csv), and
a pair is formed only within one country, one year and one origin (shipped data with shipped,
uploaded with uploaded), and where a rule says so one category (vacancies, turnover) or one
currency unit (pay), so no two unrelated figures are ever divided. The result keeps the ids of
its inputs.

| formula            | indicator | inputs                                   | result unit      |
|--------------------|-----------|------------------------------------------|------------------|
| vacancy_rate       | other4a   | posts_vacant with posts_total or staff_in_post | fraction   |
| turnover_rate      | other4a   | leavers / staff_in_post (same category)  | fraction per year |
| pay_ratio_teachers | core7     | pay_sw / pay_teachers                    | ratio            |
| pay_ratio_health   | core7     | pay_sw / pay_health                      | ratio            |
| average_caseload   | other2a   | open_cases / caseholding_staff           | cases per worker |
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ssw_core import indicators as ind
from ssw_core import queries
from ssw_core.store import Store


@dataclass(frozen=True)
class Rule:
    formula: str
    indicator_id: str
    numerator: str
    denominators: tuple[str, ...]  # first one present wins
    unit: str
    compute: Callable[[float, float, str], float | None]
    same_unit: bool = False
    same_category: bool = False
    numerator_categories: tuple[int | None, ...] | None = None
    """Categories a numerator may have (None: any)."""


def _vacancy(vacant: float, other: float, other_role: str) -> float | None:
    in_post = other - vacant if other_role == "posts_total" else other
    return ind.vacancy_rate(vacant, in_post) if in_post >= 0 else None


RULES: tuple[Rule, ...] = (
    Rule(
        "vacancy_rate",
        "other4a",
        "posts_vacant",
        ("staff_in_post", "posts_total"),
        "fraction",
        _vacancy,
        same_category=True,
    ),
    Rule(
        "turnover_rate",
        "other4a",
        "leavers",
        ("staff_in_post",),
        "fraction per year",
        lambda a, b, _: ind.turnover_rate(a, b),
        same_category=True,
    ),
    # Core 7 compares social workers' pay: a paraprofessional's pay (category 3) is not it.
    Rule(
        "pay_ratio_teachers",
        "core7",
        "pay_sw",
        ("pay_teachers",),
        "ratio",
        lambda a, b, _: ind.pay_ratio(a, b),
        same_unit=True,
        numerator_categories=(None, 1),
    ),
    Rule(
        "pay_ratio_health",
        "core7",
        "pay_sw",
        ("pay_health",),
        "ratio",
        lambda a, b, _: ind.pay_ratio(a, b),
        same_unit=True,
        numerator_categories=(None, 1),
    ),
    Rule(
        "average_caseload",
        "other2a",
        "open_cases",
        ("caseholding_staff",),
        "cases per worker",
        lambda a, b, _: ind.average_caseload(a, b),
        same_category=True,
    ),
)

PAIRING_ROLES = tuple(
    sorted({r.numerator for r in RULES} | {d for r in RULES for d in r.denominators})
)
"""The std_measure roles that take part in computed values."""

DERIVED_COLUMNS: dict[str, pl.DataType] = {
    "derived_id": pl.String(),
    "geo": pl.String(),
    "indicator_id": pl.String(),
    "formula": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "year": pl.Int32(),
    "qualifier": pl.String(),
    "coverage": pl.String(),
    "numerator_obs": pl.String(),
    "denominator_obs": pl.String(),
    "numerator_value": pl.Float64(),
    "denominator_value": pl.Float64(),
    "denominator_role": pl.String(),
}


def _qualifier(a: str | None, b: str | None) -> str | None:
    # 'more than X' divided by an exact count is still a lower bound; approximate stays so.
    if a in ("more_than", "at_least") and b is None:
        return a
    if a or b:
        return "approx"
    return None


def derive_values(obs: pl.DataFrame) -> pl.DataFrame:
    """Apply RULES to observations (a frame with the observations schema)."""
    roles = obs.filter(
        pl.col("std_measure").is_not_null()
        & pl.col("year").is_not_null()
        & pl.col("value").is_not_null()
    )
    by_key: dict[tuple[str, int, str], list[dict[str, Any]]] = {}
    for r in roles.iter_rows(named=True):
        by_key.setdefault((r["geo"], r["year"], r["std_measure"]), []).append(r)
    out = []
    for (geo, year, role), nums in sorted(by_key.items()):
        for rule in RULES:
            if role != rule.numerator:
                continue
            for num in nums:
                if (
                    rule.numerator_categories is not None
                    and num["category"] not in rule.numerator_categories
                ):
                    continue
                den, den_role = _first_denominator(by_key, geo, year, rule, num)
                if den is None:
                    continue
                value = rule.compute(float(num["value"]), float(den["value"]), den_role)
                if value is None:
                    continue
                out.append(
                    {
                        "derived_id": f"{rule.formula}:{num['obs_id']}:{den['obs_id']}",
                        "geo": geo,
                        "indicator_id": rule.indicator_id,
                        "formula": rule.formula,
                        "value": value,
                        "unit": rule.unit,
                        "year": year,
                        "qualifier": _qualifier(num["qualifier"], den["qualifier"]),
                        "coverage": "partial"
                        if "partial" in (num["coverage"], den["coverage"])
                        else "reported",
                        "numerator_obs": num["obs_id"],
                        "denominator_obs": den["obs_id"],
                        "numerator_value": num["value"],
                        "denominator_value": den["value"],
                        "denominator_role": den_role,
                    }
                )
    return pl.DataFrame(out, schema=DERIVED_COLUMNS, orient="row")


def _first_denominator(
    by_key: dict[tuple[str, int, str], list[dict[str, Any]]],
    geo: str,
    year: int,
    rule: Rule,
    num: dict[str, Any],
) -> tuple[dict[str, Any] | None, str]:
    for role in rule.denominators:
        for den in by_key.get((geo, year, role), []):
            if rule.same_unit and den["unit"] != num["unit"]:
                continue
            if rule.same_category and den["category"] != num["category"]:
                continue
            if den["origin"] != num["origin"]:
                continue
            return den, role
    return None, ""


def derived_values(store: Store) -> pl.DataFrame:
    """Computed indicator values for every country, from the shipped observations."""
    return derive_values(queries.observations(store, link="indicator"))
