"""Scenario page controls: one table of input specs drives the widgets, their URL
parameters, their validation, the presets and the model objects built from them.

Every input is bound to the URL (bind="query-params"), so the address reopens the same view.
Widget defaults are fixed; a country's data baseline and the presets are applied through
session state. What decides a value, in order:

1. a value in the link the page was opened with (checked first; a bad one is reported and
   ignored, see ui/fields.py);
2. the preset named in the link (`?preset=ideal`), or 'current';
3. the country's data baseline; where the data has no figure, the field stays empty ('not
   known'), never 0.

Choosing another country starts again from 2 and 3; Reset goes back to 'current' and 3.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from ssw_core.baseline import BaselineProposal, CostProposal, Provenance
from ssw_core.presets import PRESET_NAMES, PRESETS, preset_values
from ssw_core.projection import MAX_HORIZON, Baseline, Costs, Scenario
from ui.fields import Field, set_values, widget
from ui.i18n import fmt_auto, fmt_num, fmt_pct, t

CURRENT = PRESETS["current"]
PERSONS = 10_000_000  # upper bound of a person count (the largest country has ~1.5 % of it)
MONEY = 1e9  # upper bound of a pay or a price per person or place, in any currency


def _current(name: str, *, percent: bool = False) -> Any:
    value = CURRENT[name].value
    return value * 100 if percent else value


def _share(key: str, group: str, name: str, high: float, step: float = 1) -> Field:
    """A share shown as a % slider, held as a fraction."""
    return Field(key, group, "slider", f"scenario.{name}", _current(name, percent=True),
                 0, high, step, percent=True)  # fmt: skip


def _count(key: str, group: str, target: str, default: Any, high: float = PERSONS) -> Field:
    """A whole number of persons, places or cases."""
    return Field(key, group, "number", target, default, 0, high, 1, integer=True)


# fmt: off
FIELDS: tuple[Field, ...] = (
    # the starting point (data or the user's own figures); empty = not known
    Field("base_year", "start", "number", "baseline.base_year", 2026, 2015, MAX_HORIZON, 1,
          integer=True),
    _count("s1", "start", "baseline.s1", None),
    _count("s6", "start", "baseline.s6", None),
    _count("s3", "start", "baseline.s3", None),
    _count("cases", "start", "baseline.open_cases", None, 100 * PERSONS),
    _count("posts", "start", "baseline.funded_posts", None),
    # Category 6 pathways
    _count("places", "pathways", "scenario.qualification_places",
           _current("qualification_places")),
    Field("course", "pathways", "slider", "scenario.course_years", _current("course_years"),
          1, 5, 1, integer=True),
    _share("completion", "pathways", "completion_share", 100, 5),
    _share("limited_pct", "pathways", "limited_share", 50),
    _count("limited", "pathways", "scenario.limited_moves", _current("limited_moves")),
    _share("redundant_pct", "pathways", "redundancy_share", 50),
    _count("redundant", "pathways", "scenario.redundancies", _current("redundancies")),
    Field("unqualified", "pathways", "toggle", "scenario.unqualified_hiring",
          _current("unqualified_hiring")),
    Field("unqualified_until", "pathways", "number", "scenario.unqualified_hiring_until", None,
          2015, MAX_HORIZON, 1, integer=True),
    # workforce flows
    Field("horizon", "flows", "slider", "scenario.horizon", 2030, 2020, MAX_HORIZON, 1,
          integer=True),
    _share("leave_s1", "flows", "attrition_s1", 30),
    _share("leave_s6", "flows", "attrition_s6", 30),
    _share("leave_s3", "flows", "attrition_s3", 30),
    _count("graduates", "flows", "scenario.graduates", _current("graduates")),
    _share("entry", "flows", "graduate_entry_share", 100, 5),
    # caseload and need
    Field("by_caseload", "caseload", "toggle", "extra.by_caseload",
          CURRENT["posts_basis"].value == "caseload"),
    Field("target", "caseload", "slider", "scenario.target_caseload",
          _current("target_caseload"), 5, 60, 1),
    Field("growth", "caseload", "slider", "scenario.case_growth",
          _current("case_growth", percent=True), -10, 20, 1, percent=True),
    Field("hours", "caseload", "slider", "extra.hours_per_case", 8.0, 1, 20, 0.5),
    Field("benchmark", "caseload", "number", "extra.benchmark", None, 0, 5_000, 1),
    # pay and cost
    Field("currency", "cost", "text", "costs.currency", ""),
    Field("teacher_pay", "cost", "number", "extra.teacher_pay", None, 0, MONEY, 100),
    Field("pay_ratio", "cost", "slider", "extra.pay_ratio", 1.0, 0.3, 1.5, 0.01),
    Field("pay_s6", "cost", "number", "costs.pay_s6", None, 0, MONEY, 100),
    Field("pay_s3", "cost", "number", "costs.pay_s3", None, 0, MONEY, 100),
    Field("place_cost", "cost", "number", "costs.cost_per_place", None, 0, MONEY, 100),
    Field("setup", "cost", "number", "costs.setup_cost", 0.0, 0, 1000 * MONEY, 1000),
)
# fmt: on
BY_KEY = {f.key: f for f in FIELDS}
GROUPS: tuple[str, ...] = ("start", "pathways", "flows", "caseload", "cost")
PRESET_KEY, COMPARE_KEY, VIEW_KEY = "preset", "compare", "view"
_APPLIED_COUNTRY = "_scenario_country"
_REGISTERED = "_scenario_registered"


# --- what decides each value ----------------------------------------------------------------


def baseline_values(
    proposal: BaselineProposal | None, costs: CostProposal | None
) -> dict[str, Any]:
    """Widget values of the country's data baseline; empty (None) where the data has none."""

    def v(p: Provenance | None, key: str) -> Any:
        return BY_KEY[key].default if p is None else BY_KEY[key].to_widget(p.value)

    values: dict[str, Any] = {
        k: BY_KEY[k].default for k in ("base_year", "s1", "s6", "s3", "cases", "posts", *_COST_KEYS)
    }
    if proposal is not None:
        values |= {
            "base_year": int(proposal.base_year.value or 2026),
            "s1": v(proposal.s1, "s1"),
            "s6": v(proposal.s6, "s6"),
            "s3": v(proposal.s3, "s3"),
            "cases": v(proposal.open_cases, "cases"),
        }
    if costs is not None:
        values |= {
            "currency": costs.currency,
            "teacher_pay": costs.teacher_pay.value,
            "pay_ratio": round(costs.pay_ratio.value or 1.0, 2),
            "pay_s3": costs.pay_s3.value,
        }
    return values


_COST_KEYS = tuple(f.key for f in FIELDS if f.group == "cost")


def preset_widget_values(name: str, s6: float | None, cases: float | None) -> dict[str, Any]:
    """Widget values of a preset for a Category 6 of `s6` (places scale with it)."""
    base = Baseline(base_year=2026, s1=0, s6=float(s6 or 0), open_cases=cases)
    model = preset_values(name, base)
    out: dict[str, Any] = {}
    for field in FIELDS:
        if field.target.startswith("scenario.") and field.model_field in model:
            out[field.key] = field.to_widget(model[field.model_field])
    out["by_caseload"] = model["posts_basis"] == "caseload"
    out["unqualified_until"] = None
    return out


_FLOW_FIELDS = {"attrition_s1": "leave_s1", "attrition_s6": "leave_s6",
                "graduates": "graduates", "graduate_entry_share": "entry"}  # fmt: skip
"""Scenario fields an uploaded figure can give (BaselineProposal.flows)."""


def data_flow_values(proposal: BaselineProposal | None) -> dict[str, Any]:
    """Flows the country's own (uploaded) figures give: they replace the preset's guesses."""
    if proposal is None:
        return {}
    return {
        _FLOW_FIELDS[name]: BY_KEY[_FLOW_FIELDS[name]].to_widget(p.value)
        for name, p in proposal.flows.items()
        if name in _FLOW_FIELDS and p.value is not None
    }


def fresh_values(
    proposal: BaselineProposal | None, costs: CostProposal | None, preset: str
) -> dict[str, Any]:
    """Every field: defaults, then the country's data, then the preset, then the flows the
    country's own figures give."""
    values = {f.key: f.default for f in FIELDS} | baseline_values(proposal, costs)
    values |= preset_widget_values(preset, values["s6"], values["cases"])
    return values | data_flow_values(proposal)


def _link_number(key: str) -> float | None:
    raw = st.query_params.get(key)
    ok = raw is not None and BY_KEY[key].check(raw)[0]
    return float(raw) if ok and raw is not None else None


def apply_country(
    iso3: str | None, proposal: BaselineProposal | None, costs: CostProposal | None
) -> bool:
    """Before the widgets. On first load: the link's values, then its preset, then the data.
    On a change of country: the new country's data and the chosen preset. Returns True if
    the values were replaced (the caller resets what depends on them)."""
    if st.session_state.get(_APPLIED_COUNTRY, "unset") == iso3:
        _resync_url()
        return False
    first_load = _APPLIED_COUNTRY not in st.session_state
    st.session_state[_APPLIED_COUNTRY] = iso3
    if first_load:
        raw = (st.query_params.get(PRESET_KEY) or "").lower()
        preset = raw if raw in PRESET_NAMES else "current"
        values = {f.key: f.default for f in FIELDS} | baseline_values(proposal, costs)
        # places scale with Category 6: with the link's S6 if it has one
        s6 = _link_number("s6") if "s6" in st.query_params else values["s6"]
        cases = _link_number("cases") if "cases" in st.query_params else values["cases"]
        values |= preset_widget_values(preset, s6, cases) | data_flow_values(proposal)
        set_values(BY_KEY, {k: v for k, v in values.items() if k not in st.query_params})
        return False
    preset = st.session_state.get(PRESET_KEY) or "current"
    set_values(BY_KEY, fresh_values(proposal, costs, preset))
    return True


def _resync_url() -> None:
    """Streamlit writes a value set through session state to the URL only once its widget
    existed in an earlier run. Values set on a first visit (a country's data baseline) are
    re-assigned on the next run so that the binding writes them: from the first interaction
    on, the address holds every non-default value. (Before it, ?country= alone reproduces
    the view from the same data.)"""
    if not st.session_state.get(_REGISTERED):
        return
    for field in FIELDS:
        value = st.session_state.get(field.key, field.default)
        if value != field.default and field.key not in st.query_params:
            st.session_state[field.key] = value


def after_widgets() -> None:
    st.session_state[_REGISTERED] = True


def on_preset_change(proposal: BaselineProposal | None) -> None:
    name = st.session_state.get(PRESET_KEY)
    if name in PRESET_NAMES:
        shown = values()
        preset = preset_widget_values(name, shown["s6"], shown["cases"])
        set_values(BY_KEY, preset | data_flow_values(proposal))


def reset(proposal: BaselineProposal | None, costs: CostProposal | None) -> None:
    """Back to the country's data baseline and the 'current' preset (a button callback)."""
    st.session_state[PRESET_KEY] = "current"
    set_values(BY_KEY, fresh_values(proposal, costs, "current"))


def values() -> dict[str, Any]:
    """The current widget values, by key."""
    return {f.key: st.session_state.get(f.key, f.default) for f in FIELDS}


def where(iso3: str | None) -> str:
    """'Moldova · Pragmatic': the country (or own figures) and the chosen scenario."""
    place = _country_name(iso3) if iso3 else t("scenario.own_figures")
    preset = st.session_state.get(PRESET_KEY) or "current"
    return f"{place} · {t(f'scenario.preset.{preset}')}"


def missing_start(shown: dict[str, Any]) -> list[str]:
    """Labels of the starting figures that must be entered before anything is projected."""
    return [t(f"scenario.f.{k}") for k in ("s1", "s6") if shown[k] is None]


@dataclass(frozen=True)
class Inputs:
    baseline: Baseline
    scenario: Scenario
    costs: Costs
    hours_per_case: float
    benchmark: float | None
    teacher_pay: float | None
    pay_ratio: float
    s3_known: bool
    where: str = ""
    """The country (or 'your own figures') and the scenario, for file titles."""


def build(shown: dict[str, Any]) -> Inputs:
    """Model objects from widget values (S1 and S6 entered; see `missing_start`).
    Raises ValueError with a readable message."""
    parts: dict[str, dict[str, Any]] = {"baseline": {}, "scenario": {}, "costs": {}, "extra": {}}
    for field in FIELDS:
        group, name = field.target.split(".", 1)
        parts[group][name] = field.to_model(shown[field.key])
    baseline = parts["baseline"]
    s3_known = baseline["s3"] is not None
    if not s3_known:
        baseline["s3"] = 0  # only people moved into limited posts are counted (said on screen)
    extra = parts["extra"]
    scenario = parts["scenario"]
    scenario["posts_basis"] = "caseload" if extra["by_caseload"] else "funded"
    costs = parts["costs"]
    teacher_pay, ratio = extra["teacher_pay"], extra["pay_ratio"]
    costs["pay_s1"] = None if teacher_pay is None else teacher_pay * ratio
    if costs["pay_s6"] is None:
        costs["pay_s6"] = costs["pay_s1"]  # same posts: assumed the same pay (shown on the page)
    costs["currency"] = costs["currency"] or ""
    return Inputs(
        baseline=Baseline(**baseline),
        scenario=Scenario(**scenario),
        costs=Costs(**costs),
        hours_per_case=float(extra["hours_per_case"]),
        benchmark=extra["benchmark"],
        teacher_pay=teacher_pay,
        pay_ratio=float(ratio),
        s3_known=s3_known,
    )


# --- controls and their provenance ----------------------------------------------------------

_PROVENANCE_FIELD = {
    "s1": "s1",
    "s6": "s6",
    "s3": "s3",
    "cases": "open_cases",
    "teacher_pay": "teacher_pay",
    "pay_ratio": "pay_ratio",
    "pay_s3": "pay_s3",
}


def provenance_text(p: Provenance, source: str | None = None) -> str:
    """'Sourced: …', 'Computed: …' or 'Assumption: …', in the current language."""
    if p.value is None:
        return t("provenance.not_in_data")
    args = {k: (fmt_pct(v, 0) if k == "share" else v) for k, v in p.args.items()}
    text = t(f"provenance.{p.note}", **args)
    if source:
        text = f"{text} ({source})"
    if p.year is not None and p.origin != "assumption":
        text = f"{text}, {p.year}"
    return t(f"provenance.origin.{p.origin}", text=text)


def source_of(p: Provenance, iso3: str | None) -> str | None:
    """The publishers behind a value, with the caveats of their figures."""
    if not p.obs_ids or iso3 is None:
        return None
    from ui import components, data

    obs = data.observations(data.version(), geo=iso3)
    rows = [r for r in obs.iter_rows(named=True) if r["obs_id"] in p.obs_ids]
    if not rows:
        return None
    # Escaped: a publisher declared with an upload is the user's text, and captions and help
    # texts are Markdown (an image in it would be fetched from its host).
    publishers = "; ".join(dict.fromkeys(components.md_escape(r["source_publisher"]) for r in rows))
    caveats = " · ".join(
        dict.fromkeys(components.md_escape(f) for r in rows if (f := components.flags(r)))
    )
    return f"{publishers}: {caveats}" if caveats else publishers


def _provenance_of(
    key: str, proposal: BaselineProposal | None, costs: CostProposal | None
) -> Provenance | None:
    if key in _FLOW_FIELDS.values():
        flows = proposal.flows if proposal is not None else {}
        name = next(n for n, k in _FLOW_FIELDS.items() if k == key)
        return flows.get(name)
    if key not in _PROVENANCE_FIELD:
        return None
    holder: Any = costs if key in _COST_KEYS else proposal
    return None if holder is None else getattr(holder, _PROVENANCE_FIELD[key])


def render_controls(
    proposal: BaselineProposal | None, costs: CostProposal | None, iso3: str | None
) -> None:
    """Every input, grouped in expanders (for the sidebar); each data-based field says where
    its value comes from, and that the user replaced it, if they did."""
    for group in GROUPS:
        with st.expander(t(f"scenario.group.{group}"), expanded=group in ("start", "pathways")):
            if group == "start":
                st.caption(
                    t("scenario.start_from", country=_country_name(iso3))
                    if iso3
                    else t("scenario.start_no_country")
                )
            if group == "cost":
                st.caption(t("scenario.cost_intro"))
            for field in FIELDS:
                if field.group == group:
                    _control(field, proposal, costs, iso3)
            if group == "start" and proposal is not None and proposal.required_posts.value:
                st.caption(
                    t("scenario.national_estimate", n=fmt_num(proposal.required_posts.value))
                    + " · "
                    + provenance_text(
                        proposal.required_posts, source_of(proposal.required_posts, iso3)
                    )
                )


def _control(
    field: Field,
    proposal: BaselineProposal | None,
    costs: CostProposal | None,
    iso3: str | None,
) -> None:
    p = _provenance_of(field.key, proposal, costs)
    if p is None:
        widget(field, help_text=_preset_help(field))
        return
    note = provenance_text(p, source_of(p, iso3))
    shown = widget(field, help_text=note)
    suggested = field.to_widget(p.value)
    if field.key == "pay_ratio" and suggested is not None:
        suggested = round(suggested, 2)
    if p.value is not None and shown != suggested:
        st.caption(t("scenario.entered_instead", value=fmt_auto(suggested)))
    elif p.value is None and shown not in (None, field.default):
        st.caption(t("scenario.entered"))
    else:
        st.caption(note)


def field_notes(
    proposal: BaselineProposal | None,
    costs: CostProposal | None,
    iso3: str | None,
    shown: dict[str, Any],
    preset: str,
) -> dict[str, str]:
    """Where each input's value comes from, as the controls say it (for the scenario file).
    Takes the values and the preset explicitly: it runs when a download is made, outside
    the script run, where the session's state is out of reach."""
    out = {}
    for field in FIELDS:
        p = _provenance_of(field.key, proposal, costs)
        if p is not None and p.value is not None:
            suggested = field.to_widget(p.value)
            same = shown[field.key] == suggested or (
                field.key == "pay_ratio" and shown[field.key] == round(suggested, 2)
            )
            out[field.key] = (
                provenance_text(p, source_of(p, iso3))
                if same
                else t("scenario.entered_instead", value=fmt_auto(suggested))
            )
        else:
            out[field.key] = _preset_help(field, preset) or ""
    return out


def _preset_help(field: Field, name: str | None = None) -> str | None:
    """What the chosen preset sets this assumption to, and why (presets are data with notes)."""
    name = name or st.session_state.get(PRESET_KEY) or "current"
    if not field.target.startswith("scenario.") or name not in PRESETS:
        return None
    pv = PRESETS[name].get(field.model_field)
    if pv is None:
        return None
    if isinstance(pv.value, bool):
        shown = t("common.yes") if pv.value else t("common.no")
    elif pv.per_s6:
        shown = t("scenario.per_s6", share=fmt_pct(pv.value, 0))
    else:
        shown = fmt_auto(field.to_widget(pv.value))
    return t("scenario.preset_sets", preset=t(f"scenario.preset.{name}"), value=shown,
             why=t(f"preset_note.{pv.note}"))  # fmt: skip


def _country_name(iso3: str) -> str:
    from ui.components import geo_name

    return geo_name(iso3)


def lens_notes(
    inputs: Inputs,
    children: dict[str, Any] | None,
    proposal: BaselineProposal | None,
    workload: Any,
) -> dict[str, str]:
    """How each lens of need was obtained, in words."""
    b, s = inputs.baseline, inputs.scenario
    notes = {
        "caseload": t(
            "scenario.lens_note.caseload",
            cases=fmt_num(b.open_cases),
            target=fmt_num(s.target_caseload),
        )
        if b.open_cases is not None
        else t("scenario.lens_note.caseload_missing"),
        "workload": t("scenario.lens_note.workload")
        if workload is not None
        else t("scenario.lens_note.workload_missing"),
        "funded": t("scenario.lens_note.funded_entered")
        if b.funded_posts is not None
        else t("scenario.lens_note.funded"),
    }
    if inputs.benchmark and children:
        notes["benchmark"] = t(
            f"scenario.lens_note.benchmark_{children['series']}",
            rate=fmt_num(inputs.benchmark),
            children=fmt_num(children["persons"]),
            year=children["year"],
        )
    elif inputs.benchmark:
        notes["benchmark"] = t("scenario.lens_note.benchmark_no_children")
    else:
        notes["benchmark"] = t("scenario.lens_note.benchmark_missing")
    if proposal is not None and proposal.required_posts.value is not None:
        notes["estimate"] = provenance_text(
            proposal.required_posts, source_of(proposal.required_posts, proposal.iso3)
        )
    else:
        notes["estimate"] = t("scenario.lens_note.estimate_missing")
    return notes


def lens_labels(children: dict[str, Any] | None) -> dict[str, str]:
    """Each lens's name; the benchmark names the age group of the child population used."""
    keys = ("caseload", "workload", "benchmark", "funded", "estimate")
    labels = {k: t(f"scenario.lens.{k}") for k in keys}
    if children:
        labels["benchmark"] = t(f"scenario.lens.benchmark_{children['series']}")
    return labels
