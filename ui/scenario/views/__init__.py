"""The Scenario lab's views, one module each (`outputs.show_view` picks the one in the link):

| module | view |
|---|---|
| `workforce` | the workforce year by year, Categories 1, 6 and 3 |
| `caseload` | the caseload against the 10-20 band |
| `cost` | the cost: personnel, training, set-up |
| `lenses` | the lenses of need |
| `sensitivity` | what matters: the tornado |
| `compare` | this view against a preset |
| `why` | the method, a worked first year, every flow |
"""

from __future__ import annotations

from ui.base.i18n import t
from ui.scenario.inputs import Inputs


def title(inputs: Inputs, view: str) -> str:
    """A chart file's title: what, where, which scenario."""
    return t("scenario.file_title", view=t(f"scenario.tab.{view}"), where=inputs.where)
