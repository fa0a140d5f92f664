"""The scenario page's model step: the assumptions on screen turned into model objects, the
projection to the horizon and the plan to zero by 2030 (places a year, and who must move or
leave). One call, `evaluate`, so the page reads inputs, model, outputs."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any, NoReturn

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ssw_core.projection import (
    TARGET_YEAR,
    Baseline,
    Costs,
    PlanToZero,
    ProjectionResult,
    Scenario,
    plan_to_zero,
    project,
)
from ssw_core.sensitivity import Sensitivity, sensitivity
from ssw_core.staffing import StaffingResult
from ui.base.i18n import geo_name, t
from ui.scenario.inputs import Inputs, Start, build, missing_start, where


@dataclass(frozen=True)
class Workload:
    """What the WISN calculator gives the outputs."""

    result: StaffingResult | None
    """None until a complete case type is entered."""
    awt_hours: float | None
    """Available working time [hours/year per worker]; None if it cannot be computed."""


@dataclass(frozen=True)
class Model:
    """Everything the outputs show, computed once per run."""

    start: Start
    shown: dict[str, Any]
    """The assumptions as their widgets hold them, by key."""
    inputs: Inputs
    result: ProjectionResult
    plan: PlanToZero | None
    """The plan to zero by 2030 (None once 2030 is before the base year)."""
    workload: Workload

    @property
    def min_places(self) -> int | None:
        """The places a year of the plan (None once 2030 has passed)."""
        return None if self.plan is None else self.plan.places_per_year


def target_passed(inputs: Inputs) -> bool:
    """The base year is after 2030: 'zero by 2030' cannot be asked any more."""
    return inputs.baseline.base_year > TARGET_YEAR


def missing_pay(result: ProjectionResult, inputs: Inputs) -> list[str]:
    """The categories ('s1', 's6', 's3') that have people but no pay entered: their cost
    stays missing (never counted as 0)."""
    c, end = inputs.costs, result.yearly
    return [
        cat
        for cat, pay in (("s1", c.pay_s1), ("s6", c.pay_s6), ("s3", c.pay_s3))
        if pay is None and end[cat].max() > 0  # type: ignore[operator]
    ]


def evaluate(
    start: Start, shown: dict[str, Any], workload: Workload, outputs: DeltaGenerator
) -> Model:
    """The model of the assumptions `shown`. When it cannot run (a starting figure not
    entered, a horizon before the base year, an impossible value), says why in `outputs`
    and stops the page."""
    missing = missing_start(shown)
    if missing:
        _stop(
            outputs.info,
            t(
                "scenario.enter_start" if start.iso3 else "scenario.enter_start_no_country",
                fields=", ".join(missing),
                country=geo_name(start.iso3) if start.iso3 else "",
            ),
            ":material/edit_note:",
        )
    if shown["horizon"] < shown["base_year"]:
        _stop(
            outputs.error,
            t("scenario.horizon_before_base", horizon=shown["horizon"], base=shown["base_year"]),
            ":material/error:",
        )
    try:
        inputs = replace(build(shown), where=where(start.iso3))
        result, plan = solve(inputs.baseline, inputs.scenario, inputs.costs,
                             inputs.move_to_limited, inputs.move_early)  # fmt: skip
    except ValueError as exc:
        _stop(outputs.error, t("scenario.invalid", reason=str(exc)), ":material/error:")
    return Model(start, shown, inputs, result, plan, workload)


@lru_cache(maxsize=1024)
def solve(
    baseline: Baseline, scenario: Scenario, costs: Costs, move_to_limited: float = 1.0,
    move_early: bool = False,
) -> tuple[ProjectionResult, PlanToZero | None]:  # fmt: skip
    """The projection and the plan to zero by 2030. Pure, so computed once per set of
    assumptions for every session of the process (a room's participants ask for the same
    ones); results are immutable."""
    result = project(baseline, scenario, costs)
    if baseline.base_year > TARGET_YEAR:
        return result, None
    early = baseline.base_year if move_early else None
    plan = plan_to_zero(baseline, scenario, TARGET_YEAR, move_to_limited=move_to_limited,
                        move_from=early, costs=costs)  # fmt: skip
    return result, plan


@lru_cache(maxsize=256)
def tornado(
    baseline: Baseline, scenario: Scenario, costs: Costs, move_to_limited: float = 1.0,
    move_early: bool = False,
) -> Sensitivity:  # fmt: skip
    """Which assumption moves the plan to zero most (ssw_core.sensitivity); shared by every
    session, as `solve`."""
    early = baseline.base_year if move_early else None
    return sensitivity(baseline, scenario, costs, TARGET_YEAR, move_to_limited=move_to_limited,
                       move_from=early)  # fmt: skip


def _stop(show: Any, text: str, icon: str) -> NoReturn:
    show(text, icon=icon)
    st.stop()
