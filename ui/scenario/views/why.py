"""Why: the method in words, a worked first year, and every flow of every year."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.plan import TARGET_YEAR
from ssw_core.projection import ProjectionResult
from ui.base.i18n import fmt_auto, fmt_num, t
from ui.parts.place import show_table


def why(result: ProjectionResult, min_places: int | None) -> None:
    """The method in words, a worked first year, and every flow of every year."""
    st.markdown(t("scenario.method"))
    first = result.yearly.row(0, named=True)
    st.markdown(
        t(
            "scenario.worked_year",
            year=first["year"],
            start=fmt_num(result.baseline.s6),
            leavers=fmt_num(first["leavers_s6"]),
            enrolled=fmt_num(first["enrolled"]),
            qualified=fmt_num(first["qualified"]),
            limited=fmt_num(first["limited"]),
            redundant=fmt_num(first["redundant"]),
            hired=fmt_num(first["hired_unqualified"]),
            end=fmt_num(first["s6"]),
        )
    )
    if min_places:
        st.markdown(
            t(
                "scenario.solver_explained",
                n=fmt_num(min_places),
                less=fmt_num(min_places - 1),
                year=TARGET_YEAR,
            )
        )
    st.markdown(f"**{t('scenario.flows_s6')}**")
    show_table(
        _year_table(
            result,
            (
                "leavers_s6",
                "enrolled",
                "qualified",
                "limited",
                "redundant",
                "hired_unqualified",
                "s6",
            ),
        ),
        "scenario-category6",
    )
    st.markdown(f"**{t('scenario.flows_workforce')}**")
    show_table(
        _year_table(
            result, ("s1", "hired_qualified", "s3", "required_posts", "caseload", "cost_total")
        ),
        "scenario-workforce-years",
    )


def _year_table(result: ProjectionResult, keys: tuple[str, ...]) -> pl.DataFrame:
    """Year rows of some columns of the projection, formatted (missing stays missing)."""
    rows = []
    for r in result.yearly.iter_rows(named=True):
        row = {t("table.year"): str(r["year"])}
        for key in keys:
            value = r[key]
            row[t(f"scenario.col.{key}")] = (
                t("common.missing")
                if value is None
                else fmt_auto(value)
                if key == "caseload"
                else fmt_num(value)
            )
        rows.append(row)
    return pl.DataFrame(rows)
