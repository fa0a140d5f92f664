"""The Scenario lab: from caseload to staffing need, and the path to zero Category 6 by 2030.
Its page calls, in reading order:

    here = scenario.start(version, iso3)            # the link's values, the data, the preset
    scenario.sidebar(here)                          # the assumptions, in the sidebar
    top = st.container()                            # the headline, above the levers
    moved = scenario.levers(here)                   # the three levers, on the page
    outputs = st.container()                        # the views go above the calculator
    need = scenario.workload()                      # the WISN calculator
    model = scenario.evaluate(here, need, top)      # or a message saying what is missing
    with top:
        summary = scenario.headline(model)          # the four numbers and the summary
    with outputs:
        scenario.show(version, model, summary)      # downloads, one view
    scenario.lever_results(model.result, moved)     # under each lever, the figure it moves
    scenario.send_to_board(here.iso3, model.outcome)  # while a board is open (at the top)

| module | job |
|---|---|
| `inputs` | the assumptions' table (`FIELDS`), the preset, what decides each value, `build` |
| `provenance` | where each value comes from, in words |
| `controls` | the three levers on the page; the other assumptions in the sidebar |
| `wisn` | the staffing-need calculator (WHO WISN) |
| `model` | the model step: projection and the fewest places for zero by 2030 |
| `headline` | the four numbers and the summary sentence |
| `outputs` | the downloads and the view the link names (`?view=`) |
| `views` | one module a view: workforce, caseload, cost, lenses, sensitivity, compare, why |
| `export` | the scenario as CSV or Excel |
| `board` | the board of plans: the plans country teams send, live, and the send box |
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.base import session
from ui.base.i18n import t
from ui.parts.place import report
from ui.scenario import inputs, wisn
from ui.scenario.board import send_box as send_to_board
from ui.scenario.controls import lever_results, levers, sidebar
from ui.scenario.model import Model, Workload
from ui.scenario.model import evaluate as _evaluate
from ui.scenario.outputs import show
from ui.scenario.outputs import show_headline as headline

__all__ = [
    "evaluate",
    "headline",
    "lever_results",
    "levers",
    "send_to_board",
    "show",
    "sidebar",
    "start",
    "workload",
]


def start(version: str, iso3: str | None) -> inputs.Start:
    """Before any widget: the link's values (bad ones reported), then, for a new country or
    a first visit, the preset and the country's data for the others."""
    here, bad = inputs.start(version, iso3)
    report(*bad)
    return here


_WISN_OPEN = session.Key[bool]("wisn_open", __name__, doc="whether the calculator is open")


def workload() -> Workload:
    """The WISN calculator, in an expander (open when the link has case types). Closed, it is
    not drawn (opening it reruns the page); its answer is the same."""
    shown = inputs.values()
    known = None if inputs.missing_start(shown) else float(shown["s1"]) + float(shown["s6"])
    box = st.expander(
        t("wisn.title"),
        expanded=wisn.TABLE.value() is not None,
        key=_WISN_OPEN.name,
        on_change="rerun",
    )
    if not box.open:
        return Workload(*wisn.compute(shown["cases"], float(shown["hours"]), known))
    with box:
        result, awt = wisn.render(shown["cases"], float(shown["hours"]), known)
    return Workload(result, awt)


def evaluate(here: inputs.Start, need: Workload, outputs: DeltaGenerator) -> Model:
    """The model of the assumptions on screen (stops the page with a message if it cannot
    run)."""
    return _evaluate(here, inputs.values(), need, outputs)
