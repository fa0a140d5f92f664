"""The scenario's outputs below the headline: one view at a time, chosen in the link
(`?view=`): the workforce year by year, the caseload against the 10-20 band, the cost, the
lenses of need, a comparison with a preset, and 'why' (the method, a worked first year and
every flow)."""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import polars as pl
import streamlit as st

from ssw_core.baseline import BaselineProposal
from ssw_core.plan import TARGET_YEAR, Outcome, tornado, with_scenario
from ssw_core.plan import evaluate as evaluate_plan
from ssw_core.presets import PRESET_NAMES, scenario_from_preset
from ssw_core.projection import ProjectionResult
from ssw_core.sensitivity import COST_FIELDS, SHARES
from ssw_core.staffing import CASELOAD_BAND, Lens, caseload_capacity, need_lenses
from ssw_core.workforce import Population
from ui.base import charts, data, link
from ui.base.i18n import compact_units, fmt_auto, fmt_num, fmt_pct, t
from ui.base.markdown import md_escape
from ui.parts.inputs import choice
from ui.parts.place import show_chart, show_table
from ui.parts.presenting import presenting
from ui.scenario.export import export_buttons
from ui.scenario.headline import (
    cost_gap,
    elimination_text,
    headline,
    money,
    notes,
    places_text,
    show_summary,
)
from ui.scenario.inputs import Inputs
from ui.scenario.model import Model
from ui.scenario.provenance import provenance_text, source_of

VIEWS = ("workforce", "caseload", "cost", "lenses", "sensitivity", "compare", "why")
VIEW = link.Param[str]("view", __name__, VIEWS[0], case="lower", doc="the output shown")
COMPARE = link.Param[str](
    "compare", __name__, "none", case="lower", doc="the preset compared with this view"
)


def show_headline(model: Model) -> str:
    """The four numbers and the summary sentence (returned, for the chart files)."""
    return headline(model.outcome, model.start.proposal)


def show(version: str, model: Model, summary: str) -> None:
    """The downloads and the view chosen (only what is shown is computed and drawn; the view
    is in the link, so a prepared link opens on the right chart)."""
    m = model
    on_slide = presenting()
    if not on_slide:
        notes(m.outcome)
        export_buttons(m)
    # On a slide the chart comes first, under the figures; then the summary and the rest.
    chart_area = st.container() if on_slide else nullcontext()
    after_chart = st.container()
    view = choice(VIEW, VIEWS, t("scenario.view_label"), lambda k: t(f"scenario.tab.{k}"))
    with chart_area:
        show_view(version, m, summary, view)
    if on_slide:
        with after_chart:
            show_summary(summary, m.outcome, m.start.proposal)
            notes(m.outcome)
    st.caption(t("scenario.link_hint"))


def show_view(version: str, m: Model, summary: str, view: str) -> None:
    """The output `view` names, computed and drawn."""
    inputs, result = m.inputs, m.result
    if view == "workforce":
        workforce_chart(result, inputs, summary)
    elif view == "caseload":
        caseload_chart(result, inputs, m.workload.awt_hours)
    elif view == "cost":
        cost_chart(m.outcome, inputs)
    elif view == "lenses":
        lenses(version, m)
    elif view == "sensitivity":
        sensitivity_view(m)
    elif view == "compare":
        other = choice(
            COMPARE,
            ("none", *PRESET_NAMES),
            t("scenario.compare_label"),
            lambda p: t("scenario.compare_none") if p == "none" else t(f"scenario.preset.{p}"),
        )
        if other == "none":
            st.info(t("scenario.compare_hint"), icon=":material/compare_arrows:")
        else:
            compare(inputs, m.outcome, other)
    else:
        why(result, m.min_places)


def sensitivity_view(m: Model) -> None:
    """Which assumption moves the plan most: a tornado of places a year and of cost, and the
    ranges with their reasons."""
    inputs = m.inputs
    if m.plan is None:
        st.info(
            t("scenario.say_target_passed", year=TARGET_YEAR, base=inputs.baseline.base_year),
            icon=":material/event_busy:",
        )
        return
    found = tornado(inputs.plan)
    if not found.swings:
        st.info(t("scenario.sens_none"), icon=":material/info:")
        return
    currency = m.costs.currency

    def span(name: str, low: float, high: float) -> str:
        return t("common.range", low=_value(name, low, currency), high=_value(name, high, currency))

    labels = {w.range.name: t(f"scenario.sens.{w.range.name}") for w in found.swings}
    ends = (t("scenario.sens_low"), t("scenario.sens_high"))

    def frame(pick: str) -> pl.DataFrame:
        rows = []
        for w in found.swings:
            low, high = (
                (w.places_low, w.places_high) if pick == "places" else (w.cost_low, w.cost_high)
            )
            for end, value in zip(ends, (low, high), strict=True):
                rows.append(
                    {
                        "assumption": labels[w.range.name],
                        "end": end,
                        "value": float(value or 0.0),
                        "range": span(w.range.name, w.range.low, w.range.high),
                    }
                )
        return pl.DataFrame(rows)

    st.markdown(t("scenario.sens_lede", n=fmt_num(found.base_places), year=TARGET_YEAR))
    show_chart(
        lambda: charts.tornado(
            frame("places"),
            base=found.base_places,
            x_title=t("scenario.sens_places_axis", year=TARGET_YEAR),
            base_label=t("scenario.sens_base"),
            units=compact_units(),
        ),
        "scenario-sensitivity-places",
        title=_title(inputs, "sensitivity"),
        key=("scenario-sensitivity-places", inputs),
    )
    if found.base_cost is not None and all(w.cost_low is not None for w in found.swings):
        st.markdown(t("scenario.sens_cost_lede", year=inputs.scenario.horizon))
        show_chart(
            lambda: charts.tornado(
                frame("cost"),
                base=found.base_cost or 0.0,
                x_title=t("scenario.sens_cost_axis", currency=currency),
                base_label=t("scenario.sens_base"),
                units=compact_units(),
            ),
            "scenario-sensitivity-cost",
            title=_title(inputs, "sensitivity"),
            key=("scenario-sensitivity-cost", inputs),
        )
    table = pl.DataFrame(
        [
            {
                t("scenario.sens_col.assumption"): labels[w.range.name],
                t("scenario.sens_col.range"): span(w.range.name, w.range.low, w.range.high),
                t("scenario.sens_col.why"): t(f"scenario.sens_reason.{w.range.reason}"),
                t("scenario.sens_col.places"): t(
                    "common.range", low=fmt_num(w.places_low), high=fmt_num(w.places_high)
                ),
                t("scenario.sens_col.move"): t(
                    "common.range", low=fmt_num(w.move_low), high=fmt_num(w.move_high)
                ),
            }
            for w in found.swings
        ]
    )
    show_table(table, "scenario-sensitivity")
    st.caption(t("scenario.sens_caption", move=fmt_num(found.base_move)))


def _value(name: str, value: float, currency: str) -> str:
    if name in SHARES or name == "case_growth":
        return fmt_pct(value, 1)
    if name in COST_FIELDS:
        return money(value, currency, short=True)
    return fmt_auto(value)


def lenses(version: str, m: Model) -> None:
    """The lenses of need: how many workers each way of counting need asks for."""
    b, iso3, proposal = m.inputs.baseline, m.start.iso3, m.start.proposal
    children = data.child_population(version, iso3, b.base_year) if iso3 else None
    workload = m.workload.result
    found = need_lenses(
        available=b.s1 + b.s6,
        open_cases=b.open_cases,
        target_caseload=m.inputs.scenario.target_caseload,
        funded_posts=b.posts,
        benchmark_per_100k_children=m.inputs.benchmark,
        child_population=None if children is None else children.persons,
        workload_required=None if workload is None else workload.required,
        national_estimate=proposal.required_posts.value if proposal else None,
    )
    lenses_chart(
        found, lens_notes(m.inputs, children, proposal, workload), lens_labels(children), m.inputs
    )


def _title(inputs: Inputs, view: str) -> str:
    """A chart file's title: what, where, which scenario."""
    return t("scenario.file_title", view=t(f"scenario.tab.{view}"), where=inputs.where)


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
        title=_title(inputs, "workforce"),
        caption=summary.replace("**", ""),
        key=("scenario-workforce", inputs),
    )
    st.caption(t("scenario.workforce_caption", start=result.baseline.base_year - 1))


def caseload_chart(result: ProjectionResult, inputs: Inputs, awt_hours: float | None) -> None:
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
        title=_title(inputs, "caseload"),
        key=("scenario-caseload", inputs),
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


def cost_chart(outcome: Outcome, inputs: Inputs) -> None:
    y = outcome.result.yearly
    missing = outcome.missing_pay
    if missing:
        which = ", ".join(t(f"scenario.cat.{c}") for c in missing)
        st.info(t("scenario.enter_pay", which=which), icon=":material/payments:")
        return
    if y["cost_training"].null_count():
        st.info(t("scenario.enter_place_cost"), icon=":material/payments:")
        return
    order = [t(f"scenario.cost.{k}") for k in ("personnel", "training", "setup")]
    long = (
        y.select(
            "year",
            *(
                pl.col(f"cost_{k}").alias(label)
                for k, label in zip(("personnel", "training", "setup"), order, strict=True)
            ),
        )
        .unpivot(index="year", variable_name="component", value_name="amount")
        .filter(pl.col("amount") > 0)
    )
    currency = outcome.costs.currency
    caption = pay_caption(outcome)
    show_chart(
        lambda: charts.cost_bars(
            long,
            x_title=t("table.year"),
            y_title=t("scenario.cost_axis", currency=currency),
            order=order,
            units=compact_units(),
        ),
        "scenario-cost",
        title=_title(inputs, "cost"),
        caption=caption,
        key=("scenario-cost", inputs),
    )
    st.caption(caption)


def pay_caption(outcome: Outcome) -> str:
    """Social workers' pay, and how it was given: itself, or against teachers' pay."""
    pay, currency = outcome.inputs.pay, outcome.costs.currency
    if pay.pay_s1 is None and pay.teacher_pay is not None:
        return t(
            "scenario.cost_caption",
            pay=money(outcome.costs.pay_s1, currency),
            ratio=fmt_auto(pay.pay_ratio),
        )
    return t("scenario.cost_caption_direct", pay=money(outcome.costs.pay_s1, currency))


def lenses_chart(
    lenses: list[Lens], notes: dict[str, str], labels: dict[str, str], inputs: Inputs
) -> None:
    shown = [lens for lens in lenses if lens.required is not None]
    available = lenses[0].available
    if shown:
        frame = pl.DataFrame(
            {
                "lens": [labels[x.key] for x in shown],
                "required": [x.required for x in shown],
            }
        )
        show_chart(
            lambda: charts.lens_bars(
                frame,
                x_title=t("scenario.workers"),
                available=available,
                available_label=t("scenario.available", n=fmt_num(available)),
                units=compact_units(),
            ),
            "scenario-need",
            title=_title(inputs, "lenses"),
            key=("scenario-need", inputs, tuple(frame.rows()), available),
        )
    rows = []
    for lens in lenses:
        rows.append(
            {
                t("scenario.lens_col"): labels[lens.key],
                t("scenario.needed"): t("common.missing")
                if lens.required is None
                else fmt_num(lens.required),
                t("scenario.gap"): t("common.missing") if lens.gap is None else fmt_num(lens.gap),
                t("scenario.basis"): md_escape(notes.get(lens.key, "")),
            }
        )
    show_table(pl.DataFrame(rows), "scenario-need")
    st.caption(t("scenario.lens_caption", n=fmt_num(available)))


def compare(inputs: Inputs, outcome: Outcome, other: str) -> None:
    """This view against a preset applied to the same starting point and costs."""
    scenario_b = scenario_from_preset(other, inputs.baseline, horizon=inputs.scenario.horizon)
    outcome_b = evaluate_plan(with_scenario(inputs.plan, scenario_b))
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

    labels = [
        t(f"scenario.cmp.{k}", year=inputs.scenario.horizon, target=TARGET_YEAR)
        for k in ("places", "zero", "s6_end", "s1_end", "caseload_end", "cost", "needed")
    ]
    show_table(
        pl.DataFrame({"": labels, a_name: facts(outcome), b_name: facts(outcome_b)}),
        "scenario-compare",
    )
    frame = pl.concat(
        [
            r.stocks()
            .select("year", pl.col("s6").alias("value"))
            .with_columns(pl.lit(name).alias("series"))
            for r, name in ((result, a_name), (outcome_b.result, b_name))
        ]
    )
    show_chart(
        lambda: charts.series_lines(
            frame, x_title=t("table.year"), y_title=t("scenario.cat.s6"), units=compact_units()
        ),
        "scenario-compare",
        title=_title(inputs, "compare"),
        key=("scenario-compare", inputs, other),
    )


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


def lens_notes(
    inputs: Inputs,
    children: Population | None,
    proposal: BaselineProposal | None,
    workload: Any,
) -> dict[str, str]:
    """How each lens of need was obtained, in words."""
    b, s = inputs.baseline, inputs.scenario
    notes = {
        "caseload": t(
            "scenario.lens_note.caseload",
            cases=fmt_num(b.open_cases),
            target=fmt_num(s.target_caseload),
        )
        if b.open_cases is not None
        else t("scenario.lens_note.caseload_missing"),
        "workload": t("scenario.lens_note.workload")
        if workload is not None
        else t("scenario.lens_note.workload_missing"),
        "funded": t("scenario.lens_note.funded_entered")
        if b.funded_posts is not None
        else t("scenario.lens_note.funded"),
    }
    if inputs.benchmark and children:
        notes["benchmark"] = t(
            f"scenario.lens_note.benchmark_{children.series}",
            rate=fmt_num(inputs.benchmark),
            children=fmt_num(children.persons),
            year=children.year,
        )
    elif inputs.benchmark:
        notes["benchmark"] = t("scenario.lens_note.benchmark_no_children")
    else:
        notes["benchmark"] = t("scenario.lens_note.benchmark_missing")
    if proposal is not None and proposal.required_posts.value is not None:
        notes["estimate"] = provenance_text(
            proposal.required_posts, source_of(proposal.required_posts, proposal.iso3)
        )
    else:
        notes["estimate"] = t("scenario.lens_note.estimate_missing")
    return notes


def lens_labels(children: Population | None) -> dict[str, str]:
    """Each lens's name; the benchmark names the age group of the child population used."""
    keys = ("caseload", "workload", "benchmark", "funded", "estimate")
    labels = {k: t(f"scenario.lens.{k}") for k in keys}
    if children:
        labels["benchmark"] = t(f"scenario.lens.benchmark_{children.series}")
    return labels
