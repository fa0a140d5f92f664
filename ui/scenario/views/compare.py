"""This view against a preset, from the same starting point and costs."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.plan import TARGET_YEAR, Outcome, PlanStory
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, fmt_num, fmt_pct, t
from ui.parts.place import detail, show_chart, show_table
from ui.parts.presenting import presenting
from ui.scenario.headline import (
    cost_gap,
    elimination_text,
    money,
    places_text,
)
from ui.scenario.model import Model
from ui.scenario.provenance import file_notes
from ui.scenario.views import title


def why_they_differ(a: Outcome, b: Outcome, *, short: bool = False) -> str:
    """Which of the assumptions that set the plan's places differ between the two: a
    shorter course or more completing makes more places worth offering (more end in a
    qualification in time); more leaving leaves fewer to qualify or move (`short`: which,
    without why, for a slide)."""
    sa, sb = a.result.scenario, b.result.scenario
    pairs = {
        "course": (str(int(sa.course_years)), str(int(sb.course_years))),
        "completion": (fmt_pct(sa.completion_share, 0), fmt_pct(sb.completion_share, 0)),
        "leaving": (fmt_pct(sa.attrition_s6, 0), fmt_pct(sb.attrition_s6, 0)),
    }
    differ = [t(f"scenario.cmp.{key}_short", a=x, b=y) for key, (x, y) in pairs.items() if x != y]
    if not differ:
        return t("scenario.cmp.same_drivers_short" if short else "scenario.cmp.same_drivers")
    which = "; ".join(differ)
    if short:
        return t("scenario.cmp.drivers_differ_short", which=which)
    return t("scenario.cmp.drivers_differ", which=which)


def compare(m: Model, other: str) -> None:
    """This view against a preset applied to the same starting point and costs."""
    inputs, outcome = m.inputs, m.outcome
    outcome_b = m.compared_with(other)
    result = outcome.result
    a_name, b_name = t("scenario.this_view"), t(f"scenario.preset.{other}")

    def facts(o: Outcome) -> list[str]:
        r = o.result
        end = r.yearly.row(-1, named=True)
        return [
            fmt_num(r.scenario.qualification_places),
            elimination_text(r),
            fmt_num(end["s6"]),
            fmt_num(end["s1"]),
            t("common.missing") if end["caseload"] is None else fmt_auto(end["caseload"]),
            money(end["cost_cumulative"], o.costs.currency, short=True)
            if end["cost_cumulative"] is not None
            else cost_gap(o),
            places_text(o.plan),
        ]

    def drivers(o: Outcome, told: PlanStory | None) -> list[str]:
        """What the plan's places follow: course, completion, leaving; and the plan in
        people (enrolments, who must move)."""
        s = o.result.scenario
        return [
            str(int(s.course_years)),
            fmt_pct(s.completion_share, 0),
            fmt_pct(s.attrition_s6, 0),
            t("common.missing") if told is None else fmt_num(told.enrolments),
            t("common.missing") if told is None else fmt_num(told.must_move),
        ]

    keys: tuple[str, ...] = ("places", "zero", "s6_end", "s1_end", "caseload_end", "cost")
    keys += ("needed", "course", "completion", "leaving", "enrolments", "must_move")
    labels = [
        t(f"scenario.cmp.{k}", year=inputs.scenario.horizon, target=TARGET_YEAR) for k in keys
    ]
    told_a, told_b = m.story(), m.compared_story(other)
    table = pl.DataFrame(
        {
            "": labels,
            a_name: facts(outcome) + drivers(outcome, told_a),
            b_name: facts(outcome_b) + drivers(outcome_b, told_b),
        }
    )
    frame = pl.concat(
        [
            r.stocks()
            .select("year", pl.col("s6").alias("value"))
            .with_columns(pl.lit(name).alias("series"))
            for r, name in ((result, a_name), (outcome_b.result, b_name))
        ]
    )
    if not presenting():  # the page: the table, then why they differ, then the picture
        show_table(table, "scenario-compare")
        st.caption(why_they_differ(outcome, outcome_b))
    show_chart(
        lambda: charts.series_lines(
            frame, x_title=t("table.year"), y_title=t("scenario.cat.s6"), units=compact_units()
        ),
        "scenario-compare",
        title=title(inputs, "compare"),
        key=("scenario-compare", inputs, other),
        notes=lambda: file_notes(m, "compare"),
    )
    if presenting():  # a slide: the picture, why they differ; the table one click away
        st.caption(why_they_differ(outcome, outcome_b, short=True))
        with detail():
            st.caption(why_they_differ(outcome, outcome_b))
            show_table(table, "scenario-compare")
