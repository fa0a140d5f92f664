"""Which assumption moves the plan to zero most: each assumption moved across a stated low-high
range, everything else as set, and the plan's places a year and cost at each end (a tornado).

The ranges follow one rule, so that none is a number made up for the chart (`ranges`):

- the target caseload: the Call to Action's band, 10 to 20 open cases per worker;
- otherwise the span of the three presets' values and the value set (the presets are the
  costing advice's scenarios, seed 002), when they differ;
- where they do not: half to one and a half times the value set (shares kept within 0-100 %;
  an assumption set to 0 that every preset also sets to 0 is not moved), and for the course
  length one year less and one more (at least one).

Each range carries its reason (a message key the app translates); the page shows them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from ssw_core import parameters
from ssw_core.presets import PRESETS
from ssw_core.projection import TARGET_YEAR, Baseline, Costs, Scenario, plan_to_zero
from ssw_core.staffing import CASELOAD_BAND

Reason = Literal["caseload_band", "presets_span", "half_either_side", "course_one_year"]

SCENARIO_FIELDS: tuple[str, ...] = tuple(p.name for p in parameters.SCENARIO if p.estimate)
"""The scenario's assumptions the tornado moves (the others are choices, not estimates)."""
COST_FIELDS: tuple[str, ...] = tuple(p.name for p in parameters.COSTS if p.estimate)
"""The costs it moves (where they are known)."""


@dataclass(frozen=True)
class Range:
    name: str
    low: float
    high: float
    reason: Reason


@dataclass(frozen=True)
class Swing:
    """The plan at the two ends of one assumption's range."""

    range: Range
    places_low: int
    places_high: int
    cost_low: float | None
    cost_high: float | None
    move_low: float
    """[persons] Who must move or leave, at the low end."""
    move_high: float

    def places_swing(self, base: int) -> float:
        return max(abs(self.places_low - base), abs(self.places_high - base))

    def cost_swing(self, base: float | None) -> float:
        if base is None or self.cost_low is None or self.cost_high is None:
            return 0.0
        return max(abs(self.cost_low - base), abs(self.cost_high - base))


@dataclass(frozen=True)
class Sensitivity:
    base_places: int
    base_move: float
    """[persons] Who must move or leave, in the plan as set."""
    base_cost: float | None
    """[currency] The plan's cost, summed from the base year to the horizon (None: missing)."""
    swings: tuple[Swing, ...]
    """Largest swing of the places a year first."""


def ranges(baseline: Baseline, scenario: Scenario, costs: Costs) -> list[Range]:
    """The low-high range of each assumption, by the rule in the module docstring."""
    out = []
    for name in SCENARIO_FIELDS:
        value = float(getattr(scenario, name))
        if name == "target_caseload":
            low, high = CASELOAD_BAND
            out.append(Range(name, float(low), float(high), "caseload_band"))
            continue
        presets = [float(p[name].value) for p in PRESETS.values() if name in p]
        low, high = min([*presets, value]), max([*presets, value])
        if high > low:
            out.append(Range(name, low, high, "presets_span"))
        elif name == "course_years":
            out.append(Range(name, max(1.0, value - 1), value + 1, "course_one_year"))
        elif value != 0:
            low, high = value * 0.5, value * 1.5
            if name in parameters.SHARES:
                high = min(high, 1.0)
            out.append(Range(name, low, high, "half_either_side"))
    for name in COST_FIELDS:
        value = getattr(costs, name)
        if value:
            out.append(Range(name, value * 0.5, value * 1.5, "half_either_side"))
    return out


CostsAt = Callable[[str, float], Costs]
"""The costs with one of COST_FIELDS at a value, and whatever follows it (e.g. a pay the
user did not enter that is taken as social workers'): see ssw_core.plan.tornado."""


def _plan_at(
    baseline: Baseline,
    scenario: Scenario,
    costs: Costs,
    name: str,
    value: float,
    target_year: int,
    options: dict[str, Any],
    costs_at: CostsAt | None,
) -> tuple[int, float | None, float]:
    change: dict[str, Any] = {name: round(value) if name == "course_years" else value}
    if name in COST_FIELDS:
        costs = costs_at(name, value) if costs_at is not None else replace(costs, **change)
    else:
        scenario = replace(scenario, **change)
    plan = plan_to_zero(baseline, scenario, target_year, costs=costs, **options)
    cost = plan.result.yearly["cost_cumulative"][-1]
    return plan.places_per_year, None if cost is None else float(cost), plan.must_move_or_leave


def sensitivity(
    baseline: Baseline,
    scenario: Scenario,
    costs: Costs,
    target_year: int = TARGET_YEAR,
    *,
    move_to_limited: float = 1.0,
    move_from: int | None = None,
    costs_at: CostsAt | None = None,
) -> Sensitivity:
    """The plan to zero at both ends of every assumption's range (`ranges`). `costs_at`:
    how the costs follow a moved cost (default: only that field moves)."""
    options = {"move_to_limited": move_to_limited, "move_from": move_from}
    base = plan_to_zero(baseline, scenario, target_year, costs=costs, **options)  # type: ignore[arg-type]
    base_cost = base.result.yearly["cost_cumulative"][-1]
    swings = []
    for r in ranges(baseline, scenario, costs):
        places_low, cost_low, move_low = _plan_at(
            baseline, scenario, costs, r.name, r.low, target_year, options, costs_at
        )
        places_high, cost_high, move_high = _plan_at(
            baseline, scenario, costs, r.name, r.high, target_year, options, costs_at
        )
        swings.append(Swing(r, places_low, places_high, cost_low, cost_high, move_low, move_high))
    base_places = base.places_per_year
    cost = None if base_cost is None else float(base_cost)
    swings.sort(key=lambda s: (-s.places_swing(base_places), -s.cost_swing(cost), s.range.name))
    return Sensitivity(base_places, base.must_move_or_leave, cost, tuple(swings))
