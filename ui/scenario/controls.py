"""The scenario's assumptions in the sidebar: the preset, Reset, and every input in five groups;
each input based on the country's data says where its value comes from, and says so when the
user replaced it."""

from __future__ import annotations

import streamlit as st

from ssw_core.presets import PRESET_NAMES
from ui.base import session
from ui.base.i18n import fmt_auto, fmt_num, geo_name, t
from ui.parts.inputs import Field, choice, widget
from ui.scenario.inputs import FIELDS, GROUPS, PRESET, Start, on_preset_change, reset
from ui.scenario.provenance import preset_help, provenance_of, provenance_text, source_of

_GROUP = session.Key[bool](
    "scenario_group_", __name__, family=True, doc="whether a group of assumptions is open"
)
OPEN_AT_FIRST = ("start", "pathways")
"""Groups open when the page opens; the others are drawn only once opened."""


def sidebar(here: Start) -> None:
    """The assumptions, in the sidebar (so the outputs have the page's width)."""
    with st.sidebar:
        st.divider()
        st.subheader(t("scenario.controls_title"))
        choice(
            PRESET, PRESET_NAMES, t("scenario.preset_label"),
            lambda p: t(f"scenario.preset.{p}"), on_change=on_preset_change,
            args=(here.proposal,), help_text=t("scenario.preset_help"),
        )  # fmt: skip
        st.button(
            t("scenario.reset"), on_click=reset, args=(here,), help=t("scenario.reset_help"),
            icon=":material/restart_alt:",
        )  # fmt: skip
        _groups(here)


def _groups(here: Start) -> None:
    """Every input, grouped in expanders (for the sidebar); each data-based field says where
    its value comes from, and that the user replaced it, if they did."""
    proposal, iso3 = here.proposal, here.iso3
    for group in GROUPS:
        # A closed group is not drawn (its expander reruns the page when opened): a room of
        # participants moving one slider does not redraw thirty inputs each time.
        box = st.expander(
            t(f"scenario.group.{group}"), expanded=group in OPEN_AT_FIRST,
            key=_GROUP.item(group), on_change="rerun",
        )  # fmt: skip
        if not box.open:
            for field in FIELDS:
                if field.group == group and field.key not in here.withheld:
                    field.param.publish(field.param.value())  # still in the link
            continue
        with box:
            if group == "start":
                st.caption(
                    t("scenario.start_from", country=geo_name(iso3))
                    if iso3
                    else t("scenario.start_no_country")
                )
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
