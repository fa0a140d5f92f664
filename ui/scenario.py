"""Scenario page controls: one table of input specs drives the widgets, their URL
parameters, their validation, the presets and the model objects built from them.

Every input is bound to the URL (bind="query-params"), so the address reopens the same view.
Widget defaults are fixed (the 'current' preset); a country's data baseline and the presets are
applied through session state, so they are always written into the URL explicitly. URL values
are checked before the widgets read them: Streamlit drops invalid ones silently, this says so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from ssw_core.baseline import BaselineProposal, CostProposal, Provenance
from ssw_core.presets import PRESET_NAMES, PRESETS, preset_values
from ssw_core.projection import MAX_HORIZON, Baseline, Costs, Scenario
from ui import urlstate
from ui.i18n import fmt_auto, fmt_num, fmt_pct, t

Kind = Literal["number", "slider", "toggle", "text"]
Group = Literal["start", "pathways", "flows", "caseload", "cost"]
CURRENT = PRESETS["current"]


@dataclass(frozen=True)
class Field:
    key: str  # widget key = URL parameter = i18n key scenario.f.<key>
    group: Group
    kind: Kind
    target: str  # "baseline.<field>", "scenario.<field>", "costs.<field>" or "extra.<name>"
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    percent: bool = False  # shown in %, held in the model as a fraction 0-1
    integer: bool = False

    @property
    def model_field(self) -> str:
        return self.target.split(".", 1)[1]

    def to_model(self, shown: Any) -> Any:
        if shown is None:
            return None
        if self.percent:
            return shown / 100
        return int(shown) if self.integer else shown

    def to_widget(self, model_value: Any) -> Any:
        if model_value is None or isinstance(model_value, bool | str):
            return model_value
        if self.percent:
            return round(model_value * 100, 6)
        return int(model_value) if self.integer else float(model_value)


def _current(name: str, *, percent: bool = False) -> Any:
    value = CURRENT[name].value
    return value * 100 if percent else value


FIELDS: tuple[Field, ...] = (
    # the starting point (data or the user's own figures)
    Field(
        "base_year",
        "start",
        "number",
        "baseline.base_year",
        2026,
        2015,
        MAX_HORIZON,
        1,
        integer=True,
    ),
    Field("s1", "start", "number", "baseline.s1", 0.0, 0, 10_000_000, 1),
    Field("s6", "start", "number", "baseline.s6", 0.0, 0, 10_000_000, 1),
    Field("s3", "start", "number", "baseline.s3", 0.0, 0, 10_000_000, 1),
    Field("cases", "start", "number", "baseline.open_cases", None, 0, 100_000_000, 100),
    Field("posts", "start", "number", "baseline.funded_posts", None, 0, 10_000_000, 1),
    # Category 6 pathways
    Field(
        "places",
        "pathways",
        "number",
        "scenario.qualification_places",
        _current("qualification_places"),
        0,
        1_000_000,
        1,
    ),
    Field(
        "course",
        "pathways",
        "slider",
        "scenario.course_years",
        _current("course_years"),
        1,
        5,
        1,
        integer=True,
    ),
    Field(
        "completion",
        "pathways",
        "slider",
        "scenario.completion_share",
        _current("completion_share", percent=True),
        0,
        100,
        5,
        percent=True,
    ),
    Field(
        "limited_pct",
        "pathways",
        "slider",
        "scenario.limited_share",
        _current("limited_share", percent=True),
        0,
        50,
        1,
        percent=True,
    ),
    Field(
        "limited",
        "pathways",
        "number",
        "scenario.limited_moves",
        _current("limited_moves"),
        0,
        1_000_000,
        1,
    ),
    Field(
        "redundant_pct",
        "pathways",
        "slider",
        "scenario.redundancy_share",
        _current("redundancy_share", percent=True),
        0,
        50,
        1,
        percent=True,
    ),
    Field(
        "redundant",
        "pathways",
        "number",
        "scenario.redundancies",
        _current("redundancies"),
        0,
        1_000_000,
        1,
    ),
    Field(
        "unqualified",
        "pathways",
        "toggle",
        "scenario.unqualified_hiring",
        _current("unqualified_hiring"),
        Field(
            "unqualified_until",
            "pathways",
            "number",
            "scenario.unqualified_hiring_until",
            None,
            2015,
            MAX_HORIZON,
            1,
            integer=True,
        ),
    ),
    # workforce flows
    Field(
        "horizon", "flows", "slider", "scenario.horizon", 2030, 2016, MAX_HORIZON, 1, integer=True
    ),
    Field(
        "leave_s1",
        "flows",
        "slider",
        "scenario.attrition_s1",
        _current("attrition_s1", percent=True),
        0,
        30,
        1,
        percent=True,
    ),
    Field(
        "leave_s6",
        "flows",
        "slider",
        "scenario.attrition_s6",
        _current("attrition_s6", percent=True),
        0,
        30,
        1,
        percent=True,
    ),
    Field(
        "leave_s3",
        "flows",
        "slider",
        "scenario.attrition_s3",
        _current("attrition_s3", percent=True),
        0,
        30,
        1,
        percent=True,
    ),
    Field(
        "graduates", "flows", "number", "scenario.graduates", _current("graduates"), 0, 1_000_000, 1
    ),
    Field(
        "entry",
        "flows",
        "slider",
        "scenario.graduate_entry_share",
        _current("graduate_entry_share", percent=True),
        0,
        100,
        5,
        percent=True,
    ),
    # caseload and need
    Field(
        "by_caseload",
        "caseload",
        "toggle",
        "extra.by_caseload",
        CURRENT["posts_basis"].value == "caseload",
    ),
    Field(
        "target",
        "caseload",
        "slider",
        "scenario.target_caseload",
        _current("target_caseload"),
        5,
        60,
        1,
    ),
    Field(
        "growth",
        "caseload",
        "slider",
        "scenario.case_growth",
        _current("case_growth", percent=True),
        -10,
        20,
        1,
        percent=True,
    ),
    Field("hours", "caseload", "slider", "extra.hours_per_case", 8.0, 1, 20, 0.5),
    Field("benchmark", "caseload", "number", "extra.benchmark", None, 0, 5_000, 1),
    # pay and cost
    Field("currency", "cost", "text", "costs.currency", ""),
    Field("teacher_pay", "cost", "number", "extra.teacher_pay", None, 0, 1e12, 100),
    Field("pay_ratio", "cost", "slider", "extra.pay_ratio", 1.0, 0.3, 1.5, 0.01),
    Field("pay_s6", "cost", "number", "costs.pay_s6", None, 0, 1e12, 100),
    Field("pay_s3", "cost", "number", "costs.pay_s3", None, 0, 1e12, 100),
    Field("place_cost", "cost", "number", "costs.cost_per_place", 0.0, 0, 1e12, 100),
    Field("setup", "cost", "number", "costs.setup_cost", 0.0, 0, 1e15, 1000),
)
BY_KEY = {f.key: f for f in FIELDS}
PRESET_KEY, COMPARE_KEY, VIEW_KEY = "preset", "compare", "view"
_APPLIED_COUNTRY = "_scenario_country"


# --- URL validation ---------------------------------------------------------------------


def _parse(field: Field, raw: str) -> tuple[bool, str]:
    """(ok, allowed-values text) for one URL value."""
    if field.kind == "toggle":
        return raw.lower() in ("true", "false"), "true, false"
    if field.kind == "text":
        return len(raw) <= 12 and raw.replace(" ", "").isalnum(), t("scenario.currency_rule")
    digits = 2 if field.step and field.step < 1 else 0
    allowed = f"{fmt_num(field.low, digits)} - {fmt_num(field.high, 0)}"
    try:
        value = float(raw)
    except ValueError:
        return False, allowed
    ok = (
        field.low <= value <= field.high
        if field.low is not None and field.high is not None
        else True
    )
    if field.integer and not value.is_integer():
        ok = False
    return ok, allowed


def check_url() -> list[str]:
    """Problems with scenario values in the URL; the bad values are removed."""
    problems = []
    for field in FIELDS:
        raw = st.query_params.get(field.key)
        if raw is None:
            continue
        ok, allowed = _parse(field, raw)
        if not ok:
            problems.append(urlstate.bad_param_message(field.key, raw, allowed))
            del st.query_params[field.key]
    return problems


def link_has_scenario() -> bool:
    return any(f.key in st.query_params for f in FIELDS)


# --- applying data, presets and resets ---------------------------------------------------


def _set(values: dict[str, Any]) -> None:
    for key, value in values.items():
        field = BY_KEY.get(key)
        if field is not None and field.kind in ("number", "slider") and value is not None:
            value = int(value) if field.integer else float(value)
        st.session_state[key] = value


def baseline_values(
    proposal: BaselineProposal | None, costs: CostProposal | None
) -> dict[str, Any]:
    """Widget values of the country's data baseline (empty fields where the data has none)."""

    def v(p: Provenance | None, field: str) -> Any:
        return BY_KEY[field].to_widget(p.value) if p is not None else BY_KEY[field].default

    if proposal is None:
        return {f: BY_KEY[f].default for f in ("base_year", "s1", "s6", "s3", "cases", "posts")}
    values = {
        "base_year": int(proposal.base_year.value or 2026),
        "s1": v(proposal.s1, "s1") or 0.0,
        "s6": v(proposal.s6, "s6") or 0.0,
        "s3": v(proposal.s3, "s3") or 0.0,
        "cases": v(proposal.open_cases, "cases"),
        "posts": None,
    }
    if costs is not None:
        values["currency"] = costs.currency
        values["teacher_pay"] = costs.teacher_pay.value
        values["pay_ratio"] = round(costs.pay_ratio.value, 2) if costs.pay_ratio.value else 1.0
        values["pay_s3"] = costs.pay_s3.value
    return values


_REGISTERED = "_scenario_registered"


def apply_country(
    iso3: str | None, proposal: BaselineProposal | None, costs: CostProposal | None
) -> None:
    """Before the widgets: when the country changes, load its data baseline. A link that
    carries scenario values on first load keeps them (the link wins)."""
    if st.session_state.get(_APPLIED_COUNTRY, "unset") != iso3:
        first_load = _APPLIED_COUNTRY not in st.session_state
        st.session_state[_APPLIED_COUNTRY] = iso3
        if not (first_load and link_has_scenario()):
            _set(baseline_values(proposal, costs))
            return
    _resync_url()


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


def _preset_widget_values(name: str) -> dict[str, Any]:
    s6 = float(st.session_state.get("s6") or 0)
    cases = st.session_state.get("cases")
    base = Baseline(base_year=2026, s1=0, s6=s6, open_cases=cases)
    model = preset_values(name, base)
    out: dict[str, Any] = {}
    for field in FIELDS:
        if field.target.startswith("scenario.") and field.model_field in model:
            out[field.key] = field.to_widget(model[field.model_field])
    out["by_caseload"] = model["posts_basis"] == "caseload"
    return out


def on_preset_change() -> None:
    name = st.session_state.get(PRESET_KEY)
    if name in PRESET_NAMES:
        _set(_preset_widget_values(name))


def reset(proposal: BaselineProposal | None, costs: CostProposal | None) -> None:
    """Back to the country's data baseline and the 'current' preset."""
    _set({f.key: f.default for f in FIELDS})
    _set(baseline_values(proposal, costs))
    st.session_state[PRESET_KEY] = "current"
    _set(_preset_widget_values("current"))


# --- widgets ----------------------------------------------------------------------------


def widget(field: Field, *, help_text: str | None = None, disabled: bool = False) -> Any:
    label = t(f"scenario.f.{field.key}")
    # Always the same default: a widget's identity includes its parameters, and a widget
    # that changes identity between runs loses its URL binding for that run.
    common: dict[str, Any] = {
        "key": field.key,
        "bind": "query-params",
        "help": help_text,
        "disabled": disabled,
        "value": field.default,
    }
    if field.kind == "toggle":
        return st.toggle(label, **common)
    if field.kind == "text":
        return st.text_input(label, max_chars=12, **common)
    cast = int if field.integer else float
    low = None if field.low is None else cast(field.low)
    high = None if field.high is None else cast(field.high)
    step = None if field.step is None else cast(field.step)
    if "value" in common and common["value"] is not None:
        common["value"] = cast(common["value"])
    fmt = "%d" if field.integer else ("%.2f" if field.step and field.step < 1 else "%.0f")
    if field.kind == "slider":
        return st.slider(
            label,
            min_value=low,
            max_value=high,
            step=step,
            format=fmt + ("%%" if field.percent else ""),
            **common,
        )
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        format=fmt,
        placeholder=t("scenario.empty"),
        **common,
    )


def choice(
    key: str,
    options: tuple[str, ...],
    label: str,
    fmt: Callable[[str], str],
    *,
    on_change: Callable[[], None] | None = None,
) -> str:
    """A select widget whose URL parameter is the option's code (see ui/urlstate.py)."""
    bad = urlstate.adopt(key, options, case="lower")
    if bad is not None:
        st.warning(
            urlstate.bad_param_message(key, bad, ", ".join(options)), icon=":material/link_off:"
        )
    value: str = (
        st.segmented_control(label, options, format_func=fmt, key=key, on_change=on_change)
        or options[0]
    )
    urlstate.publish(key, value, options[0])
    return value


def values() -> dict[str, Any]:
    """The current widget values, by key (after the widgets ran)."""
    return {f.key: st.session_state.get(f.key, f.default) for f in FIELDS}


@dataclass(frozen=True)
class Inputs:
    baseline: Baseline
    scenario: Scenario
    costs: Costs
    hours_per_case: float
    benchmark: float | None
    teacher_pay: float | None
    pay_ratio: float


def build(shown: dict[str, Any]) -> Inputs:
    """Model objects from widget values. Raises ValueError with a readable message."""
    parts: dict[str, dict[str, Any]] = {"baseline": {}, "scenario": {}, "costs": {}, "extra": {}}
    for field in FIELDS:
        group, name = field.target.split(".", 1)
        parts[group][name] = field.to_model(shown[field.key])
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
        baseline=Baseline(**parts["baseline"]),
        scenario=Scenario(**scenario),
        costs=Costs(**costs),
        hours_per_case=float(extra["hours_per_case"]),
        benchmark=extra["benchmark"],
        teacher_pay=teacher_pay,
        pay_ratio=float(ratio),
    )


# --- controls and their provenance --------------------------------------------------------

GROUPS: tuple[Group, ...] = ("start", "pathways", "flows", "caseload", "cost")
_PROVENANCE_FIELD = {
    "s1": "s1",
    "s6": "s6",
    "s3": "s3",
    "cases": "open_cases",
    "base_year": "base_year",
}


def provenance_text(p: Provenance, source: str | None = None) -> str:
    """'sourced: …', 'computed: …' or 'assumption: …', in the current language."""
    args = {k: (fmt_pct(v, 0) if k == "share" else v) for k, v in p.args.items()}
    text = t(f"provenance.{p.note}", **args)
    if source:
        text = f"{text} ({source})"
    if p.year is not None and p.origin != "assumption":
        text = f"{text}, {p.year}"
    return t(f"provenance.origin.{p.origin}", text=text)


def _source_of(p: Provenance, iso3: str | None) -> str | None:
    if not p.obs_ids or iso3 is None:
        return None
    from ui import data

    obs = data.observations(data.version(), geo=iso3)
    rows = [r for r in obs.iter_rows(named=True) if r["obs_id"] in p.obs_ids]
    return "; ".join(dict.fromkeys(r["source_publisher"] for r in rows)) if rows else None


def render_controls(proposal: BaselineProposal | None, iso3: str | None) -> None:
    """Every input, grouped in tabs; the starting point says where each value comes from."""
    tabs = st.tabs([t(f"scenario.group.{g}") for g in GROUPS])
    for group, tab in zip(GROUPS, tabs, strict=True):
        with tab:
            if group == "start":
                st.caption(
                    t("scenario.start_from", country=iso3 and _country_name(iso3))
                    if iso3
                    else t("scenario.start_no_country")
                )
            if group == "cost":
                st.caption(t("scenario.cost_intro"))
            for field in FIELDS:
                if field.group != group:
                    continue
                help_text = _preset_help(field)
                if proposal is not None and field.key in _PROVENANCE_FIELD:
                    p = getattr(proposal, _PROVENANCE_FIELD[field.key])
                    help_text = provenance_text(p, _source_of(p, iso3))
                shown = widget(field, help_text=help_text)
                if help_text and field.key in ("s1", "s6", "s3", "cases"):
                    p = getattr(proposal, _PROVENANCE_FIELD[field.key])
                    if p.value is not None and shown != field.to_widget(p.value):
                        st.caption(t("scenario.entered_instead", value=fmt_num(p.value)))
                    elif p.value is None and shown not in (None, 0, 0.0):
                        st.caption(t("scenario.entered"))
                    else:
                        st.caption(help_text)
            if group == "start" and proposal is not None and proposal.required_posts.value:
                st.caption(
                    t("scenario.national_estimate", n=fmt_num(proposal.required_posts.value))
                    + " · "
                    + provenance_text(
                        proposal.required_posts, _source_of(proposal.required_posts, iso3)
                    )
                )


def _preset_help(field: Field) -> str | None:
    """What the chosen preset sets this assumption to, and why (presets are data with notes)."""
    name = st.session_state.get(PRESET_KEY) or "current"
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
            proposal.required_posts, _source_of(proposal.required_posts, proposal.iso3)
        )
    else:
        notes["estimate"] = t("scenario.lens_note.estimate_missing")
    return notes
