"""The caseload year by year against the 10-20 band of the Call to Action."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.projection import ProjectionResult
from ssw_core.staffing import CASELOAD_BAND, caseload_capacity
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, fmt_num, t
from ui.parts.place import Notes, show_chart
from ui.scenario.inputs import Inputs
from ui.scenario.views import title


def caseload_chart(
    result: ProjectionResult, inputs: Inputs, awt_hours: float | None, notes: Notes = ()
) -> None:
    yearly = result.yearly.filter(pl.col("caseload").is_not_null())
    if yearly.is_empty():
        st.info(t("scenario.enter_cases_long"), icon=":material/edit_note:")
        return
    frame = yearly.select("year", pl.col("caseload").alias("value")).with_columns(
        pl.lit(t("scenario.caseload_series")).alias("series")
    )
    show_chart(
        lambda: charts.series_lines(
            frame,
            x_title=t("table.year"),
            y_title=t("charts.caseload_title"),
            band=CASELOAD_BAND,
            band_label=t("charts.caseload_band"),
            value_format=",.1f",
            units=compact_units(),
        ),
        "scenario-caseload",
        title=title(inputs, "caseload"),
        key=("scenario-caseload", inputs),
        notes=notes,
    )
    if awt_hours:
        capacity = caseload_capacity(awt_hours, hours_per_case_per_month=inputs.hours_per_case)
        st.caption(
            t(
                "scenario.caseload_caption",
                hours=fmt_auto(inputs.hours_per_case),
                awt=fmt_num(awt_hours),
                capacity=fmt_auto(capacity),
                target=fmt_auto(inputs.scenario.target_caseload),
            )
        )
