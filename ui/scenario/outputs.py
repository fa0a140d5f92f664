"""The scenario's outputs below the headline: the downloads, then one view at a time, chosen in
the link (`?view=`), each drawn by its own module of `ui.scenario.views` (the workforce year by
year, the caseload against the 10-20 band, the cost, the lenses of need, what matters, a
comparison with a preset, and 'why')."""

from __future__ import annotations

from contextlib import nullcontext

import streamlit as st

from ssw_core.presets import PRESET_NAMES
from ui.base import link
from ui.base.i18n import t
from ui.parts.inputs import choice
from ui.parts.place import detail, details_in
from ui.parts.presenting import presenting
from ui.scenario.export import export_buttons
from ui.scenario.headline import (
    headline,
    notes,
    show_summary,
)
from ui.scenario.model import Model
from ui.scenario.provenance import file_notes
from ui.scenario.views import caseload, compare, cost, lenses, sensitivity, why, workforce

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
    # on a slide, what the view and the summary say beyond one sentence: one click away
    with details_in(st.container()):
        view = choice(VIEW, VIEWS, t("scenario.view_label"), lambda k: t(f"scenario.tab.{k}"))
        with chart_area:
            show_view(version, m, summary, view)
        if on_slide:
            with after_chart:
                show_summary(summary, m.outcome, m.start.proposal)
                with detail():
                    notes(m.outcome)
    if not on_slide:
        st.caption(t("scenario.link_hint"))


def show_view(version: str, m: Model, summary: str, view: str) -> None:
    """The output `view` names, computed and drawn."""
    inputs, result = m.inputs, m.result
    if view == "workforce":
        workforce.workforce_chart(
            result, inputs, summary, m.plan, lambda: file_notes(m, "workforce")
        )
    elif view == "caseload":
        caseload.caseload_chart(
            result, inputs, m.workload.awt_hours, lambda: file_notes(m, "caseload")
        )
    elif view == "cost":
        cost.cost_chart(m.outcome, inputs, lambda: file_notes(m, "cost"))
    elif view == "lenses":
        lenses.lenses(version, m)
    elif view == "sensitivity":
        sensitivity.sensitivity_view(m)
    elif view == "compare":
        # on a slide the picture comes first, the choice of what it compares with under it
        picture = st.container() if presenting() else nullcontext()
        other = choice(
            COMPARE,
            ("none", *PRESET_NAMES),
            t("scenario.compare_label"),
            lambda p: t("scenario.compare_none") if p == "none" else t(f"scenario.preset.{p}"),
        )
        with picture:
            if other == "none":
                st.info(t("scenario.compare_hint"), icon=":material/compare_arrows:")
            else:
                compare.compare(m, other)
    else:
        why.why(m)
