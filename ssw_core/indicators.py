"""Indicator formulas of docs/method.md §1 and §2, as plain functions.

Every function takes plain numbers and returns a float, or None when the result is undefined
(a zero or missing denominator): a missing value stays missing and is never shown as zero.
Negative inputs are an error. Shares are returned as fractions (0-1), never as percentages.

Sources of the definitions: Call to Action, Annex 1 (seed 003): Core 3, Core 7, Other 2a,
Other 2b, Other 3a, Other 4a; docs/method.md §1-2.
"""

from __future__ import annotations

import math

PER = 100_000.0
"""Rates are per 100,000 people (docs/method.md §1)."""


def _check(name: str, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if math.isnan(value):
        return None
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")
    return float(value)


def _ratio(num: float | None, den: float | None) -> float | None:
    if num is None or den is None or den == 0:
        return None
    return num / den


def rate_per_100k(count: float | None, population: float | None) -> float | None:
    """Workforce per 100,000 people [per 100,000] = count / population x 100,000.

    Use the total population for the rate per whole population and the population aged 0-17
    for the rate per child population (Core 3). Both must refer to the same year, or the
    nearest population year, which the caller must show (docs/method.md §1).
    """
    count, population = _check("count", count), _check("population", population)
    r = _ratio(count, population)
    return None if r is None else r * PER


def population_per_worker(count: float | None, population: float | None) -> float | None:
    """Population per worker [persons] = population / count, the '1 per 8,756' form."""
    count, population = _check("count", count), _check("population", population)
    return _ratio(population, count)


def rate_from_population_per_worker(persons_per_worker: float | None) -> float | None:
    """Convert a reported 'one worker per N people' into a rate per 100,000 = 100,000 / N."""
    n = _check("persons_per_worker", persons_per_worker)
    r = _ratio(1.0 if n is not None else None, n)
    return None if r is None else r * PER


def rate_from_reported_ratio(workers: float | None, per_population: float | None) -> float | None:
    """Convert a reported 'W workers per P people' into a rate per 100,000 = W / P x 100,000."""
    return rate_per_100k(workers, per_population)


def average_caseload(cases: float | None, workers: float | None) -> float | None:
    """Average caseload [cases per worker] = open cases (or service users) / personnel
    holding cases (Other 2a). Say whether personnel is headcount or FTE where shown."""
    cases, workers = _check("cases", cases), _check("workers", workers)
    return _ratio(cases, workers)


def vacancy_rate(vacant: float | None, in_post: float | None) -> float | None:
    """Vacancy rate [fraction] = vacant posts / (vacant posts + staff in post) (Other 4a)."""
    vacant, in_post = _check("vacant", vacant), _check("in_post", in_post)
    if vacant is None or in_post is None:
        return None
    return _ratio(vacant, vacant + in_post)


def turnover_rate(leavers: float | None, in_post: float | None) -> float | None:
    """Turnover rate [fraction per year] = leavers during the year / staff in post (Other 4a)."""
    leavers, in_post = _check("leavers", leavers), _check("in_post", in_post)
    return _ratio(leavers, in_post)


def pay_ratio(pay: float | None, comparator_pay: float | None) -> float | None:
    """Pay ratio [ratio] = average pay of statutory social workers / average pay of the
    comparator group (teachers; separately health workers) (Core 7). The two must be in the
    same currency, period and gross/net basis; the caller checks that."""
    pay, comparator_pay = _check("pay", pay), _check("comparator_pay", comparator_pay)
    return _ratio(pay, comparator_pay)


def graduate_entry_share(entering: float | None, graduates: float | None) -> float | None:
    """Graduate entry share [fraction] = graduates entering the workforce / graduates (Other 2b)."""
    entering, graduates = _check("entering", entering), _check("graduates", graduates)
    return _ratio(entering, graduates)


def retention_share(still_in_workforce: float | None, entered: float | None) -> float | None:
    """Retention [fraction] = still in the workforce after N years / entered (Other 2b)."""
    still, entered = _check("still_in_workforce", still_in_workforce), _check("entered", entered)
    return _ratio(still, entered)


def workers_for_rate(rate_per_100k_value: float | None, population: float | None) -> float | None:
    """Workers needed to reach a rate [persons] = rate per 100,000 x population / 100,000.
    The inverse of `rate_per_100k`: a benchmark ratio turned into a number of posts."""
    rate, pop = _check("rate_per_100k", rate_per_100k_value), _check("population", population)
    if rate is None or pop is None:
        return None
    return rate * pop / PER
