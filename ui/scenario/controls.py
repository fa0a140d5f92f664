"""The scenario's assumptions: on the page, the three levers the room argues about (target
caseload, workforce size, places a year: sliders with exact entry); in the sidebar, the
preset, Reset, and every other input in five groups. Each input based on the country's data
says where its value comes from, and says so when the user replaced it."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ssw_core.plan import TARGET_YEAR
from ssw_core.presets import PRESET_NAMES
from ssw_core.projection import ProjectionResult
from ui.base import data, session
from ui.base.i18n import fmt_auto, fmt_num, geo_name, t
from ui.base.memo import shared
from ui.parts.figures import figure_label, figure_text, year_text
from ui.parts.inputs import Field, choice, lever, widget
from ui.scenario.inputs import (
    AUTO,
    BY_KEY,
    FIELDS,
    GROUPS,
    PRESET,
    START,
    Start,
    keep_start,
    on_preset_change,
    on_start_change,
    reset,
    start_options,
    use_plan,
)
from ui.scenario.inputs import values as shown_values
from ui.scenario.provenance import preset_help, provenance_of, provenance_text, source_of

_GROUP = session.Key[bool](
    "scenario_group_", __name__, family=True, doc="whether a group of assumptions is open"
)
_USE_PLAN = session.Key[bool]("use_plan", __name__, doc="the 'Use the plan to zero' button")
OPEN_AT_FIRST = ("pathways",)
"""Groups open when the page opens ('start' too where S1 or S6 must be entered); the others
are drawn only once opened."""


def sidebar(here: Start) -> None:
    """The assumptions, in the sidebar (so the outputs have the page's width)."""
    with st.sidebar:
        st.divider()
        st.subheader(t("scenario.controls_title"))
        choice(
            PRESET,
            PRESET_NAMES,
            t("scenario.preset_label"),
            lambda p: t(f"scenario.preset.{p}"),
            on_change=on_preset_change,
            args=(here.proposal,),
            help_text=t("scenario.preset_help"),
        )
        st.button(
            t("scenario.reset"),
            on_click=reset,
            args=(here,),
            help=t("scenario.reset_help"),
            icon=":material/restart_alt:",
        )
        _groups(here)


def _groups(here: Start) -> None:
    """Every input, grouped in expanders (for the sidebar); each data-based field says where
    its value comes from, and that the user replaced it, if they did."""
    proposal, iso3 = here.proposal, here.iso3
    # The starting point opens by itself only when it must be entered (the levers on the
    # page and the pathways are what a room moves; every drawn input costs each move).
    shown = shown_values()
    opened = (*OPEN_AT_FIRST, *(("start",) if shown["s1"] is None or shown["s6"] is None else ()))
    for group in GROUPS:
        # A closed group is not drawn (its expander reruns the page when opened): a room of
        # participants moving one slider does not redraw thirty inputs each time.
        box = st.expander(
            t(f"scenario.group.{group}"),
            expanded=group in opened,
            key=_GROUP.item(group),
            on_change="rerun",
        )
        if not box.open:
            for field in FIELDS:
                if field.group == group and field.key not in here.withheld:
                    field.param.publish(field.param.value())  # still in the link
            if group == "start":
                keep_start()
            continue
        with box:
            if group == "start":
                st.caption(
                    t("scenario.start_from", country=geo_name(iso3))
                    if iso3
                    else t("scenario.start_no_country")
                )
                _start_from(here)
            if group == "cost":
                st.caption(t("scenario.cost_intro"))
            for field in FIELDS:
                if field.group == group:
                    _control(field, here)
            if group == "start" and proposal is not None and proposal.required_posts.value:
                st.caption(
                    t("scenario.national_estimate", n=fmt_num(proposal.required_posts.value))
                    + " · "
                    + provenance_text(
                        proposal.required_posts, source_of(proposal.required_posts, iso3)
                    )
                )


def _start_from(here: Start) -> None:
    """'Start from': the data's rule, or another of the country's sourced figures (one
    country, several figures: the room chooses which the plan starts from)."""
    version, iso3 = data.version(), here.iso3
    options = start_options(version, iso3)
    if len(options) < 2 or iso3 is None:
        keep_start()
        return
    choice(
        START,
        options,
        t("scenario.start_choice"),
        lambda o: _start_label(version, iso3, o),
        on_change=on_start_change,
        args=(version, iso3),
        help_text=t("scenario.start_choice_help"),
        kind="select",
    )


@shared(maxsize=512)
def _start_label(version: str, iso3: str, option: str) -> str:
    """An option of 'Start from': the rule, or the figure with what it counts and its year."""
    if option == AUTO:
        return t("scenario.start_auto")
    f = next((f for f in data.figure_records(version, geo=iso3) if f.obs_id == option), None)
    if f is None:
        return option
    return f"{figure_text(f)} · {figure_label(f)} ({year_text(f)})"


def _control(field: Field, here: Start) -> None:
    publish = field.key not in here.withheld
    p = provenance_of(field.key, here.proposal, here.costs)
    if p is None:
        widget(field, help_text=preset_help(field), publish=publish)
        return
    note = provenance_text(p, source_of(p, here.iso3))
    shown = widget(field, help_text=note, publish=publish)
    suggested = field.to_widget(p.value)
    if field.key == "pay_ratio" and suggested is not None:
        suggested = round(suggested, 2)
    if p.value is not None and shown != suggested:
        st.caption(t("scenario.entered_instead", value=fmt_auto(suggested)))
    elif p.value is None and shown not in (None, field.default):
        st.caption(t("scenario.entered"))
    else:
        st.caption(note)


def levers(here: Start) -> dict[str, DeltaGenerator]:
    """The three levers, on the page: the target caseload and the workforce size (posts in
    S1 + S6; one of the two sizes the posts, as the switch below them says) and the
    in-service places a year. Each is a slider with its exact entry beside it, and under it
    a place for the figure it moves (`lever_results`, once the model has run): on a phone
    the headline is two screens up when a thumb moves a slider. Returns those places."""
    shown = shown_values()
    staff = float(shown["s1"] or 0) + float(shown["s6"] or 0)
    by_caseload = bool(shown["by_caseload"])
    cases = float(shown["cases"] or 0)
    with st.container(border=True, key="scenario-levers"):
        st.markdown(f"**{t('scenario.levers_title')}**")
        first, second, third = st.columns(3, gap="medium")
        with first:
            target = BY_KEY["target"]
            lever(
                target,
                float(target.high or 60),
                publish=_publish(target, here),
                help_text=_lever_help(target, "scenario.target_off", by_caseload),
                disabled=not by_caseload,
            )
            results = {"target": st.container(key="lever_to_target")}
        with second:
            posts = BY_KEY["posts"]
            required = cases / float(shown["target"]) if by_caseload and cases else None
            lever(
                posts,
                _round_up(max(2 * staff, cases / 10, 100)),
                rest=staff or None,
                publish=_publish(posts, here),
                disabled=by_caseload,
                in_force=required,
                help_text=_lever_help(posts, "scenario.posts_off", not by_caseload),
            )
            results["posts"] = st.container(key="lever_to_posts")
        with third:
            places = BY_KEY["places"]
            lever(
                places,
                _round_up(max(float(shown["s6"] or 0), 100)),
                publish=_publish(places, here),
                help_text=preset_help(places),
            )
            results["places"] = st.container(key="lever_to_places")
        toggle = BY_KEY["by_caseload"]
        widget(
            toggle,
            help_text=t("scenario.by_caseload_help")
            if cases
            else t("scenario.by_caseload_needs_cases"),
            publish=_publish(toggle, here),
            disabled=not cases and not by_caseload,
        )
        st.button(
            t("scenario.use_plan", year=TARGET_YEAR),
            key=_USE_PLAN.name,
            on_click=use_plan,
            help=t("scenario.use_plan_help", year=TARGET_YEAR),
            icon=":material/flag:",
            disabled=shown["s1"] is None or shown["s6"] is None,
        )
    return results


def lever_results(result: ProjectionResult, places: dict[str, DeltaGenerator]) -> None:
    """Under each lever, the figure it moves, at the horizon: the posts the target caseload
    requires, the caseload the posts give (or the posts left empty, with no cases entered),
    and Category 6 after the places a year."""
    end = result.yearly.row(-1, named=True)
    year = result.scenario.horizon
    if result.scenario.posts_basis == "caseload":  # the target sizes the posts only then
        with places["target"]:
            st.caption(t("scenario.lever_to.target", year=year, n=fmt_num(end["required_posts"])))
    with places["posts"]:
        if end["caseload"] is not None:
            st.caption(t("scenario.lever_to.posts", year=year, v=fmt_auto(end["caseload"])))
        else:  # posts not filled, never a negative 'need'
            st.caption(t("scenario.lever_to.unmet", year=year, n=fmt_num(end["unfilled_posts"])))
    with places["places"]:
        st.caption(t("scenario.lever_to.places", year=year, n=fmt_num(end["s6"])))


def _publish(field: Field, here: Start) -> bool:
    return field.key not in here.withheld


def _lever_help(field: Field, off: str, active: bool) -> str:
    """The lever's help: what sets its value, and, when the other lever sizes the posts,
    that this one does not."""
    own = preset_help(field) or t(f"scenario.{field.key}_help")
    return own if active else f"{t(off)} {own}"


def _round_up(value: float) -> float:
    """A slider's end: the value rounded up to 1, 2 or 5 times a power of ten."""
    magnitude = 10 ** max(0, len(str(int(value))) - 1)
    for step in (1, 2, 5, 10):
        if value <= step * magnitude:
            return float(step * magnitude)
    return float(value)
