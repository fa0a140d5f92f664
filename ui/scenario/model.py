"""The scenario page's model step: the assumptions on screen turned into model objects, the
projection to the horizon and the fewest places a year for zero by 2030. One call,
`evaluate`, so the page reads inputs, model, outputs."""

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
    ProjectionResult,
    Scenario,
    min_places_to_eliminate,
    project,
    remaining_with_unlimited_places,
)
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
    min_places: int | None
    """Fewest places a year for zero by 2030; None when not reachable or 2030 has passed."""
    floor: float | None
    """Category 6 left at the end of 2030 with a place for everyone, when no number of
    places reaches zero (else None)."""
    workload: Workload


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
        result, min_places, floor = solve(inputs.baseline, inputs.scenario, inputs.costs)
    except ValueError as exc:
        _stop(outputs.error, t("scenario.invalid", reason=str(exc)), ":material/error:")
    return Model(start, shown, inputs, result, min_places, floor, workload)


@lru_cache(maxsize=1024)
def solve(
    baseline: Baseline, scenario: Scenario, costs: Costs
) -> tuple[ProjectionResult, int | None, float | None]:
    """The projection, the fewest places for zero by 2030 and, if none reach it, what a place
    for everyone leaves. Pure, so computed once per set of assumptions for every session of
    the process (a room's participants ask for the same ones); results are immutable."""
    result = project(baseline, scenario, costs)
    if baseline.base_year > TARGET_YEAR:
        return result, None, None
    places = min_places_to_eliminate(baseline, scenario, TARGET_YEAR)
    floor = (
        remaining_with_unlimited_places(baseline, scenario, TARGET_YEAR) if places is None else None
    )
    return result, places, floor


def _stop(show: Any, text: str, icon: str) -> NoReturn:
    show(text, icon=icon)
    st.stop()
