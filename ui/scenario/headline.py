"""The scenario's headline: four numbers (when Category 6 reaches zero, the places a year for
zero by 2030, the caseload, the cost) and the sentence a facilitator reads out, with the small
texts they share with the other outputs."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import streamlit as st

from ssw_core.baseline import BaselineProposal
from ssw_core.plan import TARGET_YEAR, Outcome
from ssw_core.projection import ELIMINATED_BELOW, CostAgainst, PlanToZero, ProjectionResult
from ui.base import data
from ui.base.i18n import fmt_auto, fmt_compact, fmt_num, fmt_pct, geo_name, t, tn
from ui.base.memo import shared
from ui.parts.figures import figure_label, figure_text, year_text
from ui.parts.place import detail
from ui.parts.presenting import presenting


def money(value: float | None, currency: str, *, short: bool = False) -> str:
    if value is None:
        return t("scenario.cost_missing")
    return f"{fmt_compact(value) if short else fmt_num(value)} {currency}".strip()


def elimination_text(result: ProjectionResult) -> str:
    if result.already_eliminated:
        return t("scenario.none_to_begin")
    if result.elimination_year is not None:
        return str(result.elimination_year)
    return t("scenario.not_by", year=result.scenario.horizon)


def places_text(plan: PlanToZero | None) -> str:
    if plan is None:
        return t("scenario.target_passed_short", year=TARGET_YEAR)
    if plan.places_per_year == 0:
        return t("scenario.places_none_needed")
    return t("scenario.places_per_year", n=fmt_num(plan.places_per_year))


def moves_text(plan: PlanToZero | None) -> str | None:
    """'+ 60 move or leave; no unqualified hires from 2028': what else the plan does besides
    the places (None: nothing)."""
    if plan is None:
        return None
    moves, stop = plan.must_move_or_leave >= ELIMINATED_BELOW, plan.no_unqualified_from
    n = fmt_num(plan.must_move_or_leave)
    if moves and stop is not None:
        return t("scenario.plan_moves_hiring", n=n, year=stop)
    if moves:
        return t("scenario.plan_moves_short", n=n)
    return None if stop is None else t("scenario.plan_no_hiring_short", year=stop)


def headline(outcome: Outcome, proposal: BaselineProposal | None) -> str:
    """The four numbers and the summary (returned, for the chart files). On a slide: the
    numbers that have a value, in one row, and no input prompts (the summary comes after the
    chart, `show_summary`)."""
    result, plan = outcome.result, outcome.plan
    s = result.scenario
    on_slide = presenting()
    if result.back_by_horizon:
        zero_delta = t("scenario.back_to", n=fmt_num(result.remaining_at_horizon), year=s.horizon)
    elif not result.eliminated:
        zero_delta = t("scenario.remain", n=fmt_num(result.remaining_at_horizon))
    else:
        zero_delta = None
    band = outcome.band
    value, delta = cost_figures(outcome)
    last = outcome.costed.scenario.horizon
    figures = [
        Figure(
            t("scenario.m_zero"),
            elimination_text(result),
            zero_delta,
            "inverse",
            t("scenario.m_zero_help"),
        ),
        Figure(
            t("scenario.m_places", year=TARGET_YEAR),
            places_text(plan),
            moves_text(plan),
            "off",
            t("scenario.m_places_help", year=TARGET_YEAR),
        ),
        Figure(
            t("scenario.m_caseload", year=s.horizon),
            None if outcome.caseload is None else fmt_auto(outcome.caseload),
            None if band is None else t(f"scenario.band.{band}"),
            "off" if band == "within" else "inverse",
            t("scenario.m_caseload_help"),
            prompt=t("scenario.enter_cases"),
        ),
        Figure(
            t("scenario.m_cost" if plan is None else "scenario.m_plan_cost", year=last),
            value,
            None if on_slide and outcome.against.total is None else delta,
            "off",
            t("scenario.m_cost_help", years=last - result.baseline.base_year + 1),
        ),
    ]
    if on_slide:
        shown = [f for f in figures if f.value is not None]
        cols = st.columns(len(shown))
    else:
        shown = figures
        cols = [*st.columns(2), *st.columns(2)]
    for col, f in zip(cols, shown, strict=True):
        col.metric(
            f.label,
            f.value if f.value is not None else f.prompt,
            delta=f.delta,
            delta_color=f.delta_color,
            delta_arrow="off",
            help=f.help,
        )
    summary = summary_sentence(outcome)
    if not on_slide:
        show_summary(summary, outcome, proposal)
    return summary


@dataclass(frozen=True)
class Figure:
    """One of the headline's numbers; `value` None: not known until `prompt` is answered."""

    label: str
    value: str | None
    delta: str | None
    delta_color: Literal["normal", "inverse", "off"]
    help: str
    prompt: str = ""


def show_summary(summary: str, outcome: Outcome, proposal: BaselineProposal | None) -> None:
    """The summary sentence; which figure the lab starts from, where it is not the one the
    monitoring pages show; and the assumed split of the starting point if there is one.
    On a slide: the first sentence and, if the split is assumed, that in a few words; the
    rest one click away (`detail`)."""
    if presenting():
        first, *rest = summary_parts(outcome)
        st.markdown(first)
        # what the figures stand on, in a few words where the eye goes: a benchmark, an
        # assumed split, the model's assumptions in place of missing inputs
        if proposal is not None and _from_data(proposal, outcome.result) and proposal.benchmarked:
            st.caption(t("scenario.start_benchmark_short", country=geo_name(proposal.iso3)))
        if proposal is not None and _split_assumed(proposal, outcome.result):
            st.caption(split_text(proposal, short=True))
        if outcome.assumed:
            st.caption(t("scenario.assumed_short"))
        with detail():
            st.markdown(" ".join(rest))
            _start_notes(outcome, proposal)
        return
    st.markdown(summary)
    _start_notes(outcome, proposal)


def _start_notes(outcome: Outcome, proposal: BaselineProposal | None) -> None:
    if proposal is not None and _from_data(proposal, outcome.result):
        if proposal.benchmarked:  # not the country's figure: said where the eye goes
            st.info(benchmark_text(proposal), icon=":material/public:")
        else:
            st.caption(start_differs_text(proposal) or starts_from_text(proposal) or "")
    if proposal is not None and _split_assumed(proposal, outcome.result):
        st.caption(split_text(proposal))


def benchmark_text(proposal: BaselineProposal, key: str = "scenario.start_benchmark") -> str:
    """The starting point is a regional benchmark (ssw_core.baseline, rule 5): what it is,
    and that it is not the country's figure (`key`: the page's words, or a file's)."""
    args = proposal.s6.args
    return t(
        key,
        country=geo_name(proposal.iso3),
        total=fmt_num((proposal.s1.value or 0) + (proposal.s6.value or 0)),
        rate=fmt_auto(args["rate"]),
        countries=args["countries"],
        region=t(f"regions.name.{args['region']}"),
    )


def starts_from_text(proposal: BaselineProposal) -> str | None:
    """Which of the country's figures the lab starts from (where it is the headline, or the
    country has no headline): the figure, what it counts and its year."""
    ids = proposal.start_obs_ids
    if not ids:
        return None
    figures = {f.obs_id: f for f in data.figure_records(data.version(), geo=proposal.iso3)}
    start = figures.get(ids[0])
    if start is None:
        return None
    text = t(
        "scenario.starts_from",
        start=figure_text(start),
        what=figure_label(start),
        year=year_text(start),
    )
    if len(data.start_figures(data.version(), proposal.iso3)) > 1:
        text += " " + t("scenario.starts_from_other")
    return text


def start_differs_text(proposal: BaselineProposal) -> str | None:
    """Where the lab starts from another figure than the country's headline: both, and why
    (one country shows one figure on the monitoring pages; the lab says which it plans)."""
    version = data.version()
    country = next((c for c in data.country_records(version) if c.iso3 == proposal.iso3), None)
    head = None if country is None else country.headline
    if head is None or not proposal.starts_elsewhere(head.obs_id):
        return None
    figures = {f.obs_id: f for f in data.figure_records(version, geo=proposal.iso3)}
    start = figures.get(proposal.start_obs_ids[0])
    if start is None:
        return None
    return t(
        "scenario.start_differs",
        country=geo_name(proposal.iso3),
        headline=figure_text(head),
        what=figure_label(head),
        year=year_text(head),
        start=figure_text(start),
        start_what=figure_label(start),
        start_year=year_text(start),
    )


def _from_data(proposal: BaselineProposal, result: ProjectionResult) -> bool:
    """The starting S1 and S6 are the data's (not the user's own figures)."""
    b = result.baseline
    return (proposal.s1.value, proposal.s6.value) == (b.s1, b.s6)


def notes(outcome: Outcome) -> None:
    """Beneath the levers: what the cost is made of, and every assumption the model made
    in place of a missing input."""
    notes = []
    if outcome.against.total is not None:
        notes.append(against_text(outcome.against, outcome.costs.currency))
    elif outcome.effort.student_years or outcome.effort.unfilled_post_years:
        notes.append(effort_text(outcome))
    notes += [t(f"plan_rule.{rule}") for rule in outcome.assumed]
    if outcome.unpriced >= ELIMINATED_BELOW:
        notes.append(unpriced_text(outcome))
    if notes:
        st.caption(" ".join(notes))


def unpriced_text(outcome: Outcome) -> str:
    """Paraprofessionals left out of the cost (no pay for them), and why that is safe."""
    return t("scenario.s3_unpriced", n=fmt_num(outcome.unpriced))


def cost_figures(outcome: Outcome) -> tuple[str, str | None]:
    """The cost metric: the difference against today's flows over the same years, with the
    total beside it; while a money input is missing, the training it takes in student-years
    (it needs no price) and the input to enter."""
    against, currency = outcome.against, outcome.costs.currency
    extra_gap = against.unfilled_post_years - against.reference_unfilled_post_years
    if against.total is not None:
        if extra_gap >= ELIMINATED_BELOW:  # lower pay for empty posts is not a saving
            return signed_money(against.total, currency), t(
                "scenario.cost_with_gap", gap=fmt_num(extra_gap)
            )
        total = outcome.costed.yearly["cost_cumulative"][-1]
        return signed_money(against.total, currency), t(
            "scenario.cost_total", total=money(total, currency, short=True)
        )
    extra = outcome.effort.student_years - outcome.effort.reference_student_years
    sign = "+" if extra >= 0 else "−"
    return sign + tn("scenario.student_years", abs(extra)), cost_gap(outcome)


def effort_text(outcome: Outcome) -> str:
    """What the plan asks, in people, while the money is not known."""
    e = outcome.effort
    parts = t(
        "scenario.effort_parts",
        study=fmt_num(e.student_years),
        current_study=fmt_num(e.reference_student_years),
        gap=fmt_num(e.unfilled_post_years),
        current=fmt_num(e.reference_unfilled_post_years),
    )
    missing = "effort_pay" if outcome.cost_missing == "pay" else "effort_place_cost"
    return f"{parts} {t(f'scenario.{missing}')}"


def against_text(d: CostAgainst, currency: str) -> str:
    """The difference in its parts, and the posts left empty on each side (never a saving)."""
    parts = t(
        "scenario.against_parts",
        personnel=signed_money(d.personnel or 0.0, currency),
        training=signed_money(d.training or 0.0, currency),
        setup=signed_money(d.setup or 0.0, currency),
    )
    if (
        d.unfilled_post_years >= ELIMINATED_BELOW
        or d.reference_unfilled_post_years >= ELIMINATED_BELOW
    ):
        parts += " " + t(
            "scenario.against_gap",
            gap=fmt_num(d.unfilled_post_years),
            current=fmt_num(d.reference_unfilled_post_years),
        )
    return parts


def split_text(proposal: BaselineProposal, *, short: bool = False) -> str:
    """The starting split is an assumption: which share, and why (`short`: the few words a
    slide carries beside its figures)."""
    share = proposal.s6.args.get("share")
    if share is None:
        return t("scenario.split_assumed")
    return t(
        "scenario.split_short" if short else "scenario.split_assumed_share",
        share=fmt_pct(share, 0),
    )


def _split_assumed(proposal: BaselineProposal, result: ProjectionResult) -> bool:
    """The starting S1 and S6 are the data's assumed split (not the user's own figures)."""
    b = result.baseline
    return proposal.split_assumed and any(
        p.value is not None and p.value == shown
        for p, shown in ((proposal.s1, b.s1), (proposal.s6, b.s6))
    )


def signed_money(value: float, currency: str) -> str:
    sign = "+" if value >= 0 else "−"
    return f"{sign}{money(abs(value), currency, short=True)}"


def pay_to_enter_text(outcome: Outcome) -> str:
    """The categories whose pay the cost waits for, by name (`Outcome.pay_to_enter`)."""
    return ", ".join(t(f"scenario.cat.{c}") for c in outcome.pay_to_enter)


def cost_gap(outcome: Outcome) -> str:
    """Why a cost is missing, shortly: the first input that is needed."""
    if outcome.cost_missing == "pay":
        return t("scenario.cost_missing")
    return t("scenario.place_cost_missing")


def summary_sentence(outcome: Outcome) -> str:
    """The messages for the projector, in one paragraph (`summary_parts`)."""
    return " ".join(summary_parts(outcome))


@shared(maxsize=2048, key=lambda outcome: outcome.inputs)
def summary_parts(outcome: Outcome) -> tuple[str, ...]:
    """The messages for the projector: where Category 6 goes (the slide's one sentence),
    what it would take, and whether the posts are filled. Made once per set of inputs and
    language for every session (a room's participants ask for the same ones)."""
    result, plan = outcome.result, outcome.plan
    s, b = result.scenario, result.baseline
    start, end = fmt_num(b.s6), fmt_num(result.remaining_at_horizon)
    if result.already_eliminated:
        first = t("scenario.say_none", year=b.base_year)
    elif result.back_by_horizon:
        first = t(
            "scenario.say_comes_back",
            start=start,
            year=result.elimination_year,
            end=end,
            horizon=s.horizon,
        )
    elif result.elimination_year is not None:
        first = t("scenario.say_reaches_zero", start=start, year=result.elimination_year)
    else:
        first = t("scenario.say_remains", start=start, end=end, year=s.horizon)
    if plan is None:
        second = t("scenario.say_target_passed", year=TARGET_YEAR, base=b.base_year)
    else:
        second = plan_sentence(plan)
    last = result.yearly.row(-1, named=True)
    unmet = last["unmet_need"]
    third = ""
    if unmet >= ELIMINATED_BELOW:
        third = t(
            "scenario.say_unmet",
            year=s.horizon,
            required=fmt_num(last["required_posts"]),
            staff=fmt_num(last["s1"] + last["s6"]),
            gap=fmt_num(unmet),
        )
        if s.graduates == 0 and not s.fill_from_graduates:
            third += " " + t("scenario.say_no_graduates")
    costed = outcome.costed
    hires = outcome.effort.qualified_hires
    if costed.scenario.fill_from_graduates and hires >= ELIMINATED_BELOW:
        third += " " + t(
            "scenario.say_graduates_fill", n=fmt_num(hires), year=costed.scenario.horizon
        )
    return tuple(x for x in (first, second, third.strip()) if x)


def plan_sentence(plan: PlanToZero) -> str:
    """The plan to zero in words: the places, from when to when, and who moves or leaves."""
    s = plan.result.scenario
    parts = []
    if plan.places_per_year > 0:
        parts.append(
            t(
                "scenario.say_plan_places",
                n=fmt_num(plan.places_per_year),
                first=plan.result.baseline.base_year,
                last=plan.places_until,
                course=s.course_years,
                completion=fmt_pct(s.completion_share, 0),
            )
        )
    if plan.must_move_or_leave >= ELIMINATED_BELOW:
        moves = plan.moves
        years = sorted(set(moves["year"].to_list()))
        when = (
            t("scenario.plan_in", year=years[0])
            if len(years) == 1
            else t("scenario.plan_between", first=years[0], last=years[-1])
        )
        limited = float(moves["to_limited"].sum())
        redundant = float(moves["to_redundancy"].sum())
        if redundant < ELIMINATED_BELOW:
            split = t("scenario.plan_all_limited")
        elif limited < ELIMINATED_BELOW:
            split = t("scenario.plan_all_redundant")
        else:
            split = t("scenario.plan_split", limited=fmt_num(limited), redundant=fmt_num(redundant))
        parts.append(
            t("scenario.say_plan_moves", n=fmt_num(plan.must_move_or_leave), when=when, split=split)
        )
    if plan.no_unqualified_from is not None:
        parts.append(t("scenario.say_plan_no_hiring", year=plan.no_unqualified_from))
    if not parts:
        return ""
    return t("scenario.say_plan", year=plan.target_year) + " " + "; ".join(parts) + "."
