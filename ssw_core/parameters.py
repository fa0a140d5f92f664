"""The model's parameters, each declared once: its kind (a share, a count, money, years, ...),
its unit, the values it may take, how precisely it is shown, and whether the tornado moves it
(an estimate) or not (a choice). The scenario's validation (`projection.Scenario`, `Costs`), the
tornado (`sensitivity`), and the Scenario lab's inputs and outputs all read this table
(docs/method.md §4-5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

Kind = Literal["share", "count", "money", "years", "year", "caseload", "growth"]
"""share: a fraction 0-1, shown as a percentage; count: persons, places or cases; money: in the
scenario's currency; years: a length in whole years; year: a calendar year; caseload: open
cases per worker; growth: a yearly change, shown as a percentage (negative: a decline)."""

MAX_HORIZON = 2035
"""The last year a projection may reach."""


@dataclass(frozen=True)
class Parameter:
    name: str  # the field of projection.Scenario or projection.Costs
    kind: Kind
    unit: str  # in brackets in the docs: '[0-1 per year]'
    low: float | None = None
    high: float | None = None
    open_bounds: bool = False  # low < value < high, not low <= value <= high
    whole: bool = False  # a whole number
    digits: int = 0  # decimals shown (of the percentage, for a share or a growth)
    estimate: bool = False  # the tornado moves it: an estimate, not a choice

    @property
    def percent(self) -> bool:
        """Shown as a percentage of the fraction held."""
        return self.kind in ("share", "growth")

    def check(self, value: float) -> None:
        """Raise TypeError (not a number) or ValueError (outside its values), naming it."""
        name = self.name
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            raise TypeError(f"{name} must be a number, got {value!r}")
        if self.whole and (int(value) != value or (self.low is not None and value < self.low)):
            at_least = "" if self.low is None else f" >= {self.low:g}"
            raise ValueError(f"{name} must be a whole number{at_least}, got {value}")
        if self.open_bounds:
            if not (self.low or 0) < value < (self.high or math.inf):
                raise ValueError(
                    f"{name} must be between {self.low:g} and {self.high:g}, got {value}"
                )
            return
        if self.kind == "share" and not 0 <= value <= 1:
            raise ValueError(f"{name} must be between 0 and 1, got {value}")
        if self.high is not None and value > self.high:
            raise ValueError(f"{name} must be at most {self.high:g}, got {value}")
        if self.low is not None and value < self.low:
            message = "must not be negative" if self.low == 0 else f"must be at least {self.low:g}"
            raise ValueError(f"{name} {message}, got {value}")


def _share(name: str, unit: str = "[0-1 per year]", *, estimate: bool = False) -> Parameter:
    return Parameter(name, "share", unit, 0, 1, digits=1, estimate=estimate)


def _count(name: str, unit: str) -> Parameter:
    return Parameter(name, "count", unit, 0)


SCENARIO: tuple[Parameter, ...] = (
    Parameter("horizon", "year", "[year]", high=MAX_HORIZON, whole=True),
    _count("qualification_places", "[enrolments/year]"),
    _share("qualification_share"),
    Parameter("course_years", "years", "[years]", 1, whole=True, estimate=True),
    _share("completion_share", "[0-1]", estimate=True),
    _share("attrition_s1", estimate=True),
    _share("attrition_s6", estimate=True),
    _share("attrition_s3"),
    _count("limited_moves", "[persons/year]"),
    _share("limited_share", estimate=True),
    _count("redundancies", "[persons/year]"),
    _share("redundancy_share"),
    _count("graduates", "[persons/year]"),
    _share("graduate_entry_share", "[0-1]", estimate=True),
    Parameter("target_caseload", "caseload", "[open cases per worker]", 0, estimate=True),
    Parameter(
        "case_growth",
        "growth",
        "[fraction per year]",
        -1,
        10,
        open_bounds=True,
        digits=1,
        estimate=True,
    ),
    _share("move_to_limited", "[0-1]"),
)
"""The numbers of projection.Scenario (its choices that are not numbers, such as
`unqualified_hiring` or `posts_basis`, are checked there)."""

COSTS: tuple[Parameter, ...] = (
    Parameter("pay_s1", "money", "[currency/person/year]", 0, estimate=True),
    Parameter("pay_s6", "money", "[currency/person/year]", 0),
    Parameter("pay_s3", "money", "[currency/person/year]", 0),
    Parameter("pay_moved", "money", "[currency/person/year]", 0),
    Parameter("cost_per_student_year", "money", "[currency/student/year]", 0, estimate=True),
    Parameter("setup_cost", "money", "[currency]", 0),
)
"""The numbers of projection.Costs (a missing pay or price is None: not checked, not zero)."""

PARAMETERS: dict[str, Parameter] = {p.name: p for p in (*SCENARIO, *COSTS)}
SHARES = frozenset(p.name for p in PARAMETERS.values() if p.kind == "share")
"""Every parameter held as a fraction 0-1 and shown as a percentage."""
