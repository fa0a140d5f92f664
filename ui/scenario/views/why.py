"""Why: the plan to zero told in people (where Category 6 goes, why its number of places, the
trade-off between places and moves, what a shorter course changes), then the method in words,
a worked first year and every flow of every year of the scenario as set."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.plan import PlanStory
from ssw_core.projection import ELIMINATED_BELOW, ProjectionResult
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, fmt_num, fmt_pct, t
from ui.parts.place import detail, show_chart, show_table
from ui.parts.presenting import presenting
from ui.scenario.model import Model
from ui.scenario.provenance import file_notes
from ui.scenario.views import title


def why(m: Model) -> None:
    """The plan explained, then the scenario as set, year by year."""
    told = m.story()
    if told is not None and presenting():  # a slide: the trade-off is its picture
        trade_off_chart(told, m)
        with detail():
            st.markdown(story_text(told))
    elif told is not None:
        st.markdown(story_text(told))
        trade_off_chart(told, m)
    with detail():  # on a slide, the method and the years one click away
        _method(m)


def _method(m: Model) -> None:
    """The method in words, a worked first year, and every flow of every year."""
    result = m.result
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


def story_text(s: PlanStory) -> str:
    """The plan in people, in a few sentences (Markdown)."""
    parts = [
        t(
            "scenario.plan_story",
            year=s.target_year,
            base=s.base_year,
            start=fmt_num(s.start),
            places=fmt_num(s.places),
            until=s.places_until,
            course=s.course_years,
            enrolled=fmt_num(s.enrolments),
            qualified=fmt_num(s.qualified),
            completion=fmt_pct(s.completion_share, 0),
            left=fmt_num(s.left),
            moved=fmt_num(s.moved),
            redundant=fmt_num(s.redundant),
            must=fmt_num(s.must_move),
        )
    ]
    if s.hired_unqualified >= ELIMINATED_BELOW:
        parts.append(t("scenario.plan_story_hired", hired=fmt_num(s.hired_unqualified)))
    if s.fewer is None:
        parts.append(t("scenario.plan_story_why_zero", floor=fmt_num(s.floor)))
    else:
        parts.append(
            t(
                "scenario.plan_story_why",
                places=fmt_num(s.places),
                floor=fmt_num(s.floor),
                must=fmt_num(s.must_move),
                fewer=fmt_num(s.places - 1),
                fewer_must=fmt_num(s.fewer),
            )
        )
    if s.shorter is not None:
        parts.append(
            t(
                "scenario.plan_story_shorter",
                short=s.course_years - 1,
                year=s.target_year,
                short_places=fmt_num(s.shorter[0]),
                short_must=fmt_num(s.shorter[1]),
            )
        )
    return "\n\n".join(parts)


def trade_off_chart(s: PlanStory, m: Model) -> None:
    """Places a year against who must move or leave by the target year, the plan marked."""
    frame = pl.DataFrame(
        {"places": [p for p, _ in s.trade_off], "moves": [v for _, v in s.trade_off]},
        schema={"places": pl.Int64, "moves": pl.Float64},
    )
    show_chart(
        lambda: charts.trade_off(
            frame,
            mark=s.places,
            mark_label=t("scenario.plan_mark", n=fmt_num(s.places)),
            x_title=t("scenario.trade_places", year=s.target_year),
            y_title=t("scenario.trade_moves", year=s.target_year),
            units=compact_units(),
        ),
        "scenario-trade-off",
        title=title(m.inputs, "why"),
        caption=t("scenario.trade_caption", year=s.target_year),
        key=("scenario-trade-off", m.inputs),
        notes=lambda: file_notes(m, "why"),
    )
    with detail():
        st.caption(t("scenario.trade_caption", year=s.target_year))


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
