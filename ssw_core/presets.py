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
    """A message key (preset_note.<key> in the app's catalogues): why this value."""
    per_s6: bool = False
    """The value is a share of the baseline's S6 (places scale with the country)."""


# Notes are message keys: the app shows them, translated, next to each preset value.
_TURNOVER = "turnover_unknown"
_GRADUATES = "graduates_unknown"

PRESETS: dict[str, dict[str, PresetValue]] = {
    "current": {
        "qualification_places": PresetValue(0.0, "no_programme"),
        "qualification_share": PresetValue(0.0, "no_programme"),
        "course_years": PresetValue(3, "course_part_time"),
        "completion_share": PresetValue(0.8, "assumption"),
        "attrition_s1": PresetValue(0.05, _TURNOVER),
        "attrition_s6": PresetValue(0.05, _TURNOVER),
        "attrition_s3": PresetValue(0.05, _TURNOVER),
        "limited_moves": PresetValue(0.0, "no_moves"),
        "limited_share": PresetValue(0.0, "no_moves"),
        "redundancies": PresetValue(0.0, "no_redundancies"),
        "redundancy_share": PresetValue(0.0, "no_redundancies"),
        "graduates": PresetValue(0.0, _GRADUATES),
        "graduate_entry_share": PresetValue(0.3, "assumption"),
        "fill_from_graduates": PresetValue(False, "graduates_as_entered"),
        "unqualified_hiring": PresetValue(True, "hiring_as_today"),
        "posts_basis": PresetValue("funded", "posts_as_funded"),
        "target_caseload": PresetValue(20.0, "caseload_top_of_band"),
        "case_growth": PresetValue(0.0, "cases_constant"),
    },
    # 'pragmatic' and 'ideal' share the reforms below and differ in how far they go.
    "pragmatic": {
        **(
            _REFORM := {
                "course_years": PresetValue(2, "course_shortened"),
                "qualification_share": PresetValue(0.0, "places_as_number"),
                "attrition_s6": PresetValue(0.05, _TURNOVER),
                "attrition_s3": PresetValue(0.05, _TURNOVER),
                "limited_moves": PresetValue(0.0, "given_as_share"),
                "limited_share": PresetValue(0.05, "moves_5"),
                "redundancies": PresetValue(0.0, "no_redundancies"),
                "redundancy_share": PresetValue(0.0, "no_redundancies"),
                "graduates": PresetValue(0.0, _GRADUATES),
                "unqualified_hiring": PresetValue(False, "no_unqualified_hiring"),
                "fill_from_graduates": PresetValue(True, "graduates_fill_posts"),
                "posts_basis": PresetValue("caseload", "posts_follow_caseload"),
                "case_growth": PresetValue(0.0, "cases_constant"),
            }
        ),
        "qualification_places": PresetValue(0.15, "places_15", per_s6=True),
        "completion_share": PresetValue(0.8, "assumption"),
        "attrition_s1": PresetValue(0.05, _TURNOVER),
        "graduate_entry_share": PresetValue(0.5, "assumption"),
        "target_caseload": PresetValue(20.0, "caseload_top_of_band"),
    },
    "ideal": {
        **_REFORM,
        "qualification_places": PresetValue(0.3, "places_30", per_s6=True),
        "completion_share": PresetValue(0.9, "assumption"),
        "attrition_s1": PresetValue(0.04, "turnover_lower"),
        "graduate_entry_share": PresetValue(0.7, "assumption"),
        "target_caseload": PresetValue(10.0, "caseload_bottom_of_band"),
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


NOTE_KEYS = tuple(sorted({pv.note for preset in PRESETS.values() for pv in preset.values()}))
"""Every note key the presets use (a test checks each has a text)."""
