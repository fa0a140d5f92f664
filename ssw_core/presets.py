"""Named scenarios after the ASEAN costing advice (seed 002): present three scenarios to
decision-makers: 'current' (the system does not evolve: today's flows continue), 'pragmatic'
and 'ideal', and phase the expansion.

Every value is an assumption the user sees and can change; none is a country's reported figure.
Where a value comes from the Call to Action or the caseload guidance it cites it; the rest say
'assumption' and why that value was chosen. No turnover, graduation or in-service figures were
found for any country (data/raw/SOURCES.md, gaps), so those are assumptions everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from ssw_core.projection import Baseline, Scenario

PRESET_NAMES = ("current", "pragmatic", "ideal")


@dataclass(frozen=True)
class PresetValue:
    value: Any
    note: str
    per_s6: bool = False
    """The value is a share of the baseline's S6 (places scale with the country)."""


_TURNOVER = "assumption: no turnover figure was found for any country; replace with yours"
_GRADUATES = "assumption: no graduates-per-year figure in the data (Other 2b); enter yours"

PRESETS: dict[str, dict[str, PresetValue]] = {
    "current": {
        "qualification_places": PresetValue(0.0, "no in-service qualification programme"),
        "course_years": PresetValue(3, "assumption: a part-time in-service degree"),
        "completion_share": PresetValue(0.8, "assumption"),
        "attrition_s1": PresetValue(0.05, _TURNOVER),
        "attrition_s6": PresetValue(0.05, _TURNOVER),
        "attrition_s3": PresetValue(0.05, _TURNOVER),
        "limited_moves": PresetValue(0.0, "no moves to limited-responsibility posts"),
        "limited_share": PresetValue(0.0, "no moves to limited-responsibility posts"),
        "redundancies": PresetValue(0.0, "no redundancies"),
        "redundancy_share": PresetValue(0.0, "no redundancies"),
        "graduates": PresetValue(0.0, _GRADUATES),
        "graduate_entry_share": PresetValue(0.3, "assumption"),
        "unqualified_hiring": PresetValue(
            True, "vacancies are still filled with unqualified staff, as today (assumption)"
        ),
        "posts_basis": PresetValue("funded", "posts stay as funded today"),
        "target_caseload": PresetValue(20.0, "top of the 10-20 band (Call to Action 2)"),
        "case_growth": PresetValue(0.0, "assumption: open cases stay as they are"),
    },
    "pragmatic": {
        "qualification_places": PresetValue(
            0.15, "assumption: places for 15 % of Category 6 each year", per_s6=True
        ),
        "course_years": PresetValue(2, "assumption: a shortened in-service course"),
        "completion_share": PresetValue(0.8, "assumption"),
        "attrition_s1": PresetValue(0.05, _TURNOVER),
        "attrition_s6": PresetValue(0.05, _TURNOVER),
        "attrition_s3": PresetValue(0.05, _TURNOVER),
        "limited_moves": PresetValue(0.0, "given as a share below"),
        "limited_share": PresetValue(
            0.05, "assumption: 5 % a year move to posts matching their competencies"
        ),
        "redundancies": PresetValue(0.0, "no redundancies"),
        "redundancy_share": PresetValue(0.0, "no redundancies"),
        "graduates": PresetValue(0.0, _GRADUATES),
        "graduate_entry_share": PresetValue(0.5, "assumption"),
        "unqualified_hiring": PresetValue(
            False, "no new unqualified appointments (Call to Action 2)"
        ),
        "posts_basis": PresetValue("caseload", "posts follow the caseload target"),
        "target_caseload": PresetValue(20.0, "top of the 10-20 band (Call to Action 2)"),
        "case_growth": PresetValue(0.0, "assumption: open cases stay as they are"),
    },
    "ideal": {
        "qualification_places": PresetValue(
            0.3, "assumption: places for 30 % of Category 6 each year", per_s6=True
        ),
        "course_years": PresetValue(2, "assumption: a shortened in-service course"),
        "completion_share": PresetValue(0.9, "assumption"),
        "attrition_s1": PresetValue(0.04, _TURNOVER + " (lower: better pay and support)"),
        "attrition_s6": PresetValue(0.05, _TURNOVER),
        "attrition_s3": PresetValue(0.05, _TURNOVER),
        "limited_moves": PresetValue(0.0, "given as a share below"),
        "limited_share": PresetValue(
            0.05, "assumption: 5 % a year move to posts matching their competencies"
        ),
        "redundancies": PresetValue(0.0, "no redundancies"),
        "redundancy_share": PresetValue(0.0, "no redundancies"),
        "graduates": PresetValue(0.0, _GRADUATES),
        "graduate_entry_share": PresetValue(0.7, "assumption"),
        "unqualified_hiring": PresetValue(
            False, "no new unqualified appointments (Call to Action 2)"
        ),
        "posts_basis": PresetValue("caseload", "posts follow the caseload target"),
        "target_caseload": PresetValue(
            10.0,
            "lower end of the 10-20 band: complex, risky casework (IFSW Europe guidance, seed 003)",
        ),
        "case_growth": PresetValue(0.0, "assumption: open cases stay as they are"),
    },
}


def preset_values(name: str, baseline: Baseline) -> dict[str, Any]:
    """The Scenario field values of a preset for this baseline.

    Places given per_s6 are scaled by the baseline's S6 and rounded up to whole places. A
    preset that bases posts on the caseload falls back to funded posts when the baseline has
    no open cases.
    """
    if name not in PRESETS:
        raise KeyError(f"unknown preset {name!r}; choose one of {', '.join(PRESET_NAMES)}")
    values = {}
    for field_name, pv in PRESETS[name].items():
        value = pv.value
        if pv.per_s6:
            value = float(-(-value * baseline.s6 // 1))  # ceil without importing math
        values[field_name] = value
    if values["posts_basis"] == "caseload" and baseline.open_cases is None:
        values["posts_basis"] = "funded"
    return values


def scenario_from_preset(name: str, baseline: Baseline, **overrides: Any) -> Scenario:
    """A Scenario from a preset (see `preset_values`), with any field overridden."""
    return replace(Scenario(), **{**preset_values(name, baseline), **overrides})
