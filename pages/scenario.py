"""Scenario lab: from caseload to staffing need, and the path to zero Category 6 by 2030."""

from __future__ import annotations

import streamlit as st

from ssw_core.presets import PRESET_NAMES
from ssw_core.projection import min_places_to_eliminate, project
from ssw_core.staffing import need_lenses
from ui import components, data, scenario, scenario_view, shell, wisn
from ui.i18n import fmt_num, t

shell.start_page()
sel = components.current_selection()
v = data.version()

st.title(t("scenario.title"))
st.caption(t("scenario.lede"))

# --- inputs -----------------------------------------------------------------------------
for problem in scenario.check_url() + wisn.check_url():
    st.warning(problem, icon=":material/link_off:")
proposal = data.baseline_proposal(v, sel.iso3) if sel.iso3 else None
costs_found = data.cost_proposal(v, sel.iso3) if sel.iso3 else None
scenario.apply_country(sel.iso3, proposal, costs_found)

top = st.columns([2, 3, 1], vertical_alignment="bottom")
with top[0]:
    scenario.choice(
        scenario.PRESET_KEY, PRESET_NAMES, t("scenario.preset_label"),
        lambda p: t(f"scenario.preset.{p}"), on_change=scenario.on_preset_change,
    )  # fmt: skip
with top[1]:
    other = scenario.choice(
        scenario.COMPARE_KEY, ("none", *PRESET_NAMES), t("scenario.compare_label"),
        lambda p: t("scenario.compare_none") if p == "none" else t(f"scenario.preset.{p}"),
    )  # fmt: skip
with top[2]:
    st.button(t("scenario.reset"), on_click=scenario.reset, args=(proposal, costs_found))

controls, outputs = st.columns([1, 2], gap="large")
wisn_area = st.container()
with controls:
    scenario.render_controls(proposal, sel.iso3)

with wisn_area:
    st.divider()
    st.subheader(t("wisn.title"))
    shown = scenario.values()
    staff_now = float(shown["s1"] or 0) + float(shown["s6"] or 0)
    workload = wisn.render(shown["cases"], float(shown["hours"]), staff_now)
scenario.after_widgets()

# --- model ------------------------------------------------------------------------------
try:
    inputs = scenario.build(scenario.values())
    result = project(inputs.baseline, inputs.scenario, inputs.costs)
except ValueError as exc:
    outputs.error(t("scenario.invalid", reason=str(exc)), icon=":material/error:")
    st.stop()
b = inputs.baseline
min_places = (
    min_places_to_eliminate(b, inputs.scenario, scenario_view.TARGET_YEAR)
    if b.base_year <= scenario_view.TARGET_YEAR
    else None
)
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

# --- outputs ----------------------------------------------------------------------------
with outputs:
    if b.s1 + b.s6 == 0:
        st.info(t("scenario.enter_baseline"), icon=":material/edit_note:")
    scenario_view.headline(result, min_places, inputs)
    # One view at a time (not tabs): only what is shown is computed and drawn, and the view is
    # in the URL, so a facilitator's prepared link opens on the right chart.
    view = scenario.choice(
        scenario.VIEW_KEY, scenario_view.VIEWS, t("scenario.view_label"),
        lambda k: t(f"scenario.tab.{k}"),
    )  # fmt: skip
    if view == "workforce":
        scenario_view.workforce_chart(result)
    elif view == "caseload":
        scenario_view.caseload_chart(result, inputs, st.session_state.get("_wisn_awt"))
    elif view == "cost":
        scenario_view.cost_chart(result, inputs)
    elif view == "lenses":
        scenario_view.lenses_chart(
            lenses, scenario.lens_notes(inputs, children, proposal, workload)
        )
    elif view == "compare":
        if other == "none":
            st.info(t("scenario.compare_hint"), icon=":material/compare_arrows:")
        else:
            scenario_view.compare(inputs, result, min_places, other)
    else:
        scenario_view.why(result, min_places)
    st.caption(t("scenario.link_hint", n=fmt_num(len(st.query_params))))
