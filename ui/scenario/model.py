"""The scenario page's model step: the assumptions on screen turned into model objects, the
projection to the horizon and the plan to zero by 2030 (places a year, and who must move or
leave). One call, `evaluate`, so the page reads inputs, model, outputs; the views that need
the model again (a preset to compare with, the tornado) ask the `Model`, never ssw_core.plan."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, NoReturn

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ssw_core.plan import Outcome, PlanStory, story, tornado, with_scenario
from ssw_core.plan import evaluate as evaluate_plan
from ssw_core.presets import scenario_from_preset
from ssw_core.projection import Costs, PlanToZero, ProjectionResult
from ssw_core.sensitivity import Sensitivity
from ssw_core.staffing import StaffingResult
from ui.base.i18n import geo_name, t
from ui.scenario.inputs import (
    Inputs,
    Start,
    build,
    differs_from_preset,
    missing_start,
    where,
)


@dataclass(frozen=True)
class Workload:
    """What the WISN calculator gives the outputs."""

    result: StaffingResult | None
    """None until a complete case type is entered."""
    awt_hours: float | None
    """Available working time [hours/year per worker]; None if it cannot be computed."""


@dataclass(frozen=True)
class Model:
    """Everything the outputs show, computed once per run (ssw_core.plan.evaluate)."""

    start: Start
    shown: dict[str, Any]
    """The assumptions as their widgets hold them, by key."""
    inputs: Inputs
    outcome: Outcome
    workload: Workload

    @property
    def result(self) -> ProjectionResult:
        return self.outcome.result

    @property
    def plan(self) -> PlanToZero | None:
        """The plan to zero by 2030 (None once 2030 is before the base year)."""
        return self.outcome.plan

    @property
    def costs(self) -> Costs:
        """The money inputs after ssw_core.plan's rules."""
        return self.outcome.costs

    @property
    def min_places(self) -> int | None:
        """The places a year of the plan (None once 2030 has passed)."""
        return None if self.plan is None else self.plan.places_per_year

    def compared_with(self, preset: str) -> Outcome:
        """The model of a preset from the same starting point and costs (the comparison)."""
        other = scenario_from_preset(
            preset, self.inputs.baseline, horizon=self.inputs.scenario.horizon
        )
        return evaluate_plan(with_scenario(self.inputs.plan, other))

    def story(self) -> PlanStory | None:
        """The plan to zero told in people (None once 2030 has passed)."""
        return story(self.inputs.plan)

    def compared_story(self, preset: str) -> PlanStory | None:
        """The same for a preset from the same starting point and costs."""
        other = scenario_from_preset(
            preset, self.inputs.baseline, horizon=self.inputs.scenario.horizon
        )
        return story(with_scenario(self.inputs.plan, other))

    def sensitivity(self) -> Sensitivity:
        """The plan to zero at both ends of each assumption's range (the tornado)."""
        return tornado(self.inputs.plan)


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
        changed = differs_from_preset(shown, start.proposal)
        inputs = replace(build(shown), where=where(start.iso3, changed=changed))
        outcome = evaluate_plan(inputs.plan)
    except ValueError as exc:
        _stop(outputs.error, t("scenario.invalid", reason=str(exc)), ":material/error:")
    return Model(start, shown, inputs, outcome, workload)


def outcome_of(inputs: Inputs) -> Outcome:
    """The model of inputs read from elsewhere than the page's widgets (a plan sent to the
    board of plans), under the same rules."""
    return evaluate_plan(inputs.plan)


def _stop(show: Any, text: str, icon: str) -> NoReturn:
    show(text, icon=icon)
    st.stop()
