"""Scenario lab: from caseload to staffing need, and the path to zero Category 6 by 2030.

The headline comes first, then the three levers (target caseload, workforce size, places a
year), then one view at a time (chosen in the URL) and the WISN calculator; the other
assumptions sit in the sidebar (ui/scenario explains each).

The lab is a fragment: moving one of its inputs reruns the lab alone, not the app around it
(the navigation, the language, the region and country), which do not depend on it."""

from __future__ import annotations

import streamlit as st

from ui import scenario
from ui.base import data
from ui.base.i18n import t
from ui.parts import shell
from ui.parts.place import page_title
from ui.parts.presenting import presenting
from ui.parts.sidebar import current_selection

shell.start_page()
sel = current_selection()
v = data.version()

page_title(t("scenario.title"), t("scenario.lede"))


@st.fragment
def lab() -> None:
    # --- inputs: the link's values, the country's data, the preset; then the widgets --------
    here = scenario.start(v, sel.iso3)
    scenario.sidebar(here)
    send = st.container()  # while a board is open: send this plan to it (filled at the end)
    top = st.container()  # the headline, above the levers, filled once the model has run
    if presenting():  # a slide: the figures and the chart first, the levers under them
        outputs = st.container()
        moved = scenario.levers(here)
    else:
        moved = scenario.levers(here)
        outputs = st.container()  # above the calculator
    need = scenario.workload()

    # --- model ------------------------------------------------------------------------------
    model = scenario.evaluate(here, need, top)

    # --- outputs ----------------------------------------------------------------------------
    with top:
        summary = scenario.headline(model)
    with outputs:
        scenario.show(v, model, summary)
    scenario.lever_results(model.result, moved)  # under each lever, the figure it moves
    with send:
        scenario.send_to_board(here.iso3, model.outcome)


lab()
