"""The workforce year by year: Categories 1, 6 and 3 against the posts to fill, and 2030."""

from __future__ import annotations

import streamlit as st

from ssw_core.plan import TARGET_YEAR
from ssw_core.projection import ProjectionResult
from ui.base import charts
from ui.base.i18n import compact_units, t
from ui.parts.place import show_chart
from ui.scenario.inputs import Inputs
from ui.scenario.views import title


def workforce_chart(result: ProjectionResult, inputs: Inputs, summary: str) -> None:
    show_chart(
        lambda: charts.workforce_area(
            result.stocks(),
            labels={c: t(f"scenario.cat.{c}") for c in ("s1", "s6", "s3")},
            required_label=t("scenario.required_line"),
            target_year=TARGET_YEAR,
            target_label=t("scenario.target_line", year=TARGET_YEAR),
            x_title=t("table.year"),
            y_title=t("scenario.persons_end_of_year"),
            units=compact_units(),
        ),
        "scenario-workforce",
        title=title(inputs, "workforce"),
        caption=summary.replace("**", ""),
        key=("scenario-workforce", inputs),
    )
    st.caption(t("scenario.workforce_caption", start=result.baseline.base_year - 1))
