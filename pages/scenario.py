"""Scenario lab: from caseload to staffing need, and the path to zero Category 6 by 2030.

The assumptions sit in the sidebar, so the outputs have the page's width: headline, one view
at a time (chosen in the URL), and the WISN calculator below."""

from __future__ import annotations

from dataclasses import replace
from functools import partial

import streamlit as st

from ssw_core.baseline import BaselineProposal, CostProposal
from ssw_core.presets import PRESET_NAMES
from ssw_core.projection import min_places_to_eliminate, project
from ssw_core.staffing import need_lenses
from ui import components, data, scenario, scenario_view, shell, wisn
from ui.fields import check_url, choice
from ui.i18n import t

shell.start_page()
sel = components.current_selection()
v = data.version()

components.page_title(t("scenario.title"), t("scenario.lede"))

# --- inputs -------------------------------------------------------------------------------
for problem in check_url((*scenario.FIELDS, *wisn.FIELDS)) + wisn.check_url():
    st.warning(problem, icon=":material/link_off:")
proposal = data.baseline_proposal(v, sel.iso3) if sel.iso3 else None
costs_found = data.cost_proposal(v, sel.iso3) if sel.iso3 else None
if scenario.apply_country(sel.iso3, proposal, costs_found):
    wisn.reset()


def _reset(proposal: BaselineProposal | None, costs: CostProposal | None) -> None:
    scenario.reset(proposal, costs)
    wisn.reset()


with st.sidebar:
    st.divider()
    st.subheader(t("scenario.controls_title"))
    choice(
        scenario.PRESET_KEY, PRESET_NAMES, t("scenario.preset_label"),
        lambda p: t(f"scenario.preset.{p}"), on_change=scenario.on_preset_change,
        args=(proposal,), help_text=t("scenario.preset_help"),
    )  # fmt: skip
    st.button(
        t("scenario.reset"), on_click=_reset, args=(proposal, costs_found),
        help=t("scenario.reset_help"), icon=":material/restart_alt:",
    )  # fmt: skip
    scenario.render_controls(proposal, costs_found, sel.iso3)

outputs = st.container()
with st.expander(t("wisn.title"), expanded=wisn.TABLE_KEY in st.query_params):
    shown = scenario.values()
    known = None if scenario.missing_start(shown) else float(shown["s1"]) + float(shown["s6"])
    workload, awt = wisn.render(shown["cases"], float(shown["hours"]), known)
scenario.after_widgets()

# --- model --------------------------------------------------------------------------------
missing = scenario.missing_start(shown)
if missing:
    outputs.info(
        t(
            "scenario.enter_start" if sel.iso3 else "scenario.enter_start_no_country",
            fields=", ".join(missing),
            country=components.geo_name(sel.iso3) if sel.iso3 else "",
        ),
        icon=":material/edit_note:",
    )
    st.stop()
if shown["horizon"] < shown["base_year"]:
    outputs.error(
        t("scenario.horizon_before_base", horizon=shown["horizon"], base=shown["base_year"]),
        icon=":material/error:",
    )
    st.stop()
try:
    inputs = replace(scenario.build(shown), where=scenario.where(sel.iso3))
    result = project(inputs.baseline, inputs.scenario, inputs.costs)
except ValueError as exc:
    outputs.error(t("scenario.invalid", reason=str(exc)), icon=":material/error:")
    st.stop()
b = inputs.baseline
min_places = (
    None
    if scenario_view.target_passed(inputs)
    else min_places_to_eliminate(b, inputs.scenario, scenario_view.TARGET_YEAR)
)

# --- outputs ------------------------------------------------------------------------------
with outputs:
    summary = scenario_view.headline(result, min_places, inputs, proposal)
    scenario_view.export_buttons(
        result, min_places, inputs,
        partial(scenario.field_notes, proposal, costs_found, sel.iso3, dict(shown),
                st.session_state.get(scenario.PRESET_KEY) or "current"),
        shown,
    )  # fmt: skip
    # One view at a time (not tabs): only what is shown is computed and drawn, and the view is
    # in the URL, so a facilitator's prepared link opens on the right chart.
    view = choice(
        scenario.VIEW_KEY, scenario_view.VIEWS, t("scenario.view_label"),
        lambda k: t(f"scenario.tab.{k}"),
    )  # fmt: skip
    if view == "workforce":
        scenario_view.workforce_chart(result, inputs, summary)
    elif view == "caseload":
        scenario_view.caseload_chart(result, inputs, awt)
    elif view == "cost":
        scenario_view.cost_chart(result, inputs)
    elif view == "lenses":
        children = data.child_population(v, sel.iso3, b.base_year) if sel.iso3 else None
        lenses = need_lenses(
            available=b.s1 + b.s6,
            open_cases=b.open_cases,
            target_caseload=inputs.scenario.target_caseload,
            funded_posts=b.posts,
            benchmark_per_100k_children=inputs.benchmark,
            child_population=None if children is None else children["persons"],
            workload_required=None if workload is None else workload.required,
            national_estimate=proposal.required_posts.value if proposal else None,
        )
        scenario_view.lenses_chart(
            lenses,
            scenario.lens_notes(inputs, children, proposal, workload),
            scenario.lens_labels(children),
            inputs,
        )
    elif view == "compare":
        other = choice(
            scenario.COMPARE_KEY, ("none", *PRESET_NAMES), t("scenario.compare_label"),
            lambda p: t("scenario.compare_none") if p == "none" else t(f"scenario.preset.{p}"),
        )  # fmt: skip
        if other == "none":
            st.info(t("scenario.compare_hint"), icon=":material/compare_arrows:")
        else:
            scenario_view.compare(inputs, result, min_places, other)
    else:
        scenario_view.why(result, min_places)
    st.caption(t("scenario.link_hint"))
