"""The workforce year by year: Categories 6, 1 and 3 against the posts to fill, 2030, and the
plan to zero's Category 6 beside the scenario as set."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.plan import TARGET_YEAR
from ssw_core.projection import ELIMINATED_BELOW, PlanToZero, ProjectionResult
from ui.base import charts
from ui.base.i18n import compact_units, t
from ui.parts.place import Notes, detail, show_chart
from ui.parts.presenting import presenting
from ui.scenario.inputs import Inputs
from ui.scenario.views import title


def workforce_chart(
    result: ProjectionResult,
    inputs: Inputs,
    summary: str,
    plan: PlanToZero | None,
    notes: Notes = (),
) -> None:
    path = _plan_path(result, plan)
    # a slide tells the Category 6 story: Categories 6 and 1 against the posts, no Category 3
    drawn = ("s1", "s6") if presenting() else ("s1", "s6", "s3")
    show_chart(
        lambda: charts.workforce_area(
            result.stocks(),
            labels={c: t(f"scenario.cat.{c}") for c in drawn},
            required_label=t("scenario.required_line"),
            target_year=TARGET_YEAR,
            target_label=t("scenario.target_line", year=TARGET_YEAR),
            x_title=t("table.year"),
            y_title=t("scenario.persons_end_of_year"),
            units=compact_units(),
            plan=path,
            plan_label=t("scenario.plan_line", year=TARGET_YEAR),
        ),
        "scenario-workforce",
        title=title(inputs, "workforce"),
        caption=summary.replace("**", ""),
        key=("scenario-workforce", inputs, drawn),
        notes=notes,
    )
    caption = t("scenario.workforce_caption", start=result.baseline.base_year - 1)
    if path is not None:
        caption += " " + t("scenario.plan_line_caption", year=TARGET_YEAR)
    with detail():
        st.caption(caption)


def _plan_path(result: ProjectionResult, plan: PlanToZero | None) -> pl.DataFrame | None:
    """Category 6 of the plan, year by year, where it differs from the scenario as set (once
    the plan is used, the two are the same: one line less). Compared on the year rows the
    model made; the stocks with their starting row are built only when they are drawn."""
    if plan is None:
        return None
    mine, planned = result.yearly["s6"], plan.result.yearly["s6"]
    common = min(mine.len(), planned.len())
    gap = (mine.head(common) - planned.head(common)).abs().max()
    if gap is None or float(gap) < ELIMINATED_BELOW:  # type: ignore[arg-type]
        return None
    return plan.result.stocks().select("year", "s6")
