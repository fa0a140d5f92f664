"""The scenario's assumptions: one table of input specs (`FIELDS`) drives the widgets, their
parameters in the link, their checks, the presets and the model objects built from them.

Every input is in the link, so the address reopens the same view. What decides a value, in
order:

1. a value in the link the page was opened with (checked first; a bad one is reported and
   ignored);
2. the preset named in the link (`?preset=ideal`), or 'current';
3. the country's data baseline; where the data has no figure, the field stays empty ('not
   known'), never 0.

Choosing another country starts again from 2 and 3 (values a link gives in the same run
still win); Reset goes back to 'current' and 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ssw_core import baseline
from ssw_core.baseline import BaselineProposal, CostProposal, Provenance
from ssw_core.parameters import PARAMETERS
from ssw_core.plan import Pay, PlanInputs, with_plan
from ssw_core.presets import PRESET_NAMES, PRESETS, preset_values
from ssw_core.projection import MAX_HORIZON, TARGET_YEAR, Baseline, Scenario
from ssw_core.staffing import HOURS_PER_CASE_MONTH
from ui.base import data, link, session
from ui.base.i18n import geo_name, t
from ui.base.link import BadValue
from ui.parts.inputs import Field, declare, set_values
from ui.parts.inputs import adopt as adopt_fields
from ui.parts.inputs import values as field_values
from ui.scenario import wisn

CURRENT = PRESETS["current"]
PERSONS = 10_000_000  # upper bound of a person count (the largest country has ~1.5 % of it)
MONEY = 1e9  # upper bound of a pay or a price per person or place, in any currency


def _current(name: str, *, percent: bool = False) -> Any:
    value = CURRENT[name].value
    return value * 100 if percent else value


def _share(key: str, group: str, name: str, high: float, step: float = 1) -> Field:
    """A share shown as a % slider, held as a fraction (as ssw_core.parameters declares it)."""
    percent = PARAMETERS[name].percent
    return Field(
        key,
        group,
        "slider",
        f"scenario.{name}",
        _current(name, percent=percent),
        0,
        high,
        step,
        percent=percent,
    )


def _count(key: str, group: str, target: str, default: Any, high: float = PERSONS) -> Field:
    """A whole number of persons, places or cases."""
    return Field(key, group, "number", target, default, 0, high, 1, integer=True)


# fmt: off
FIELDS: tuple[Field, ...] = declare(__name__, (
    # the starting point (data or the user's own figures); empty = not known
    Field("base_year", "start", "number", "baseline.base_year", baseline.this_year(), 2015,
          MAX_HORIZON, 1,
          integer=True),
    _count("s1", "start", "baseline.s1", None),
    _count("s6", "start", "baseline.s6", None),
    _count("s3", "start", "baseline.s3", None),
    _count("cases", "start", "baseline.open_cases", None, 100 * PERSONS),
    _count("posts", "levers", "baseline.funded_posts", None),
    # Category 6 pathways
    _count("places", "levers", "scenario.qualification_places",
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
    # the plan to zero: where those who cannot qualify in time go, and when
    Field("to_limited", "pathways", "slider", "extra.move_to_limited",
          Scenario.move_to_limited * 100, 0, 100, 5, percent=True),
    Field("move_early", "pathways", "toggle", "extra.move_early", False),
    Field("moves", "pathways", "toggle", "extra.plan_moves", False),
    # workforce flows
    Field("horizon", "flows", "slider", "scenario.horizon", TARGET_YEAR, 2020, MAX_HORIZON, 1,
          integer=True),
    _share("leave_s1", "flows", "attrition_s1", 30),
    _share("leave_s6", "flows", "attrition_s6", 30),
    _share("leave_s3", "flows", "attrition_s3", 30),
    Field("keep_s3", "flows", "toggle", "scenario.replace_s3_leavers",
          Scenario.replace_s3_leavers),
    _count("graduates", "flows", "scenario.graduates", _current("graduates")),
    _share("entry", "flows", "graduate_entry_share", 100, 5),
    Field("fill", "flows", "toggle", "scenario.fill_from_graduates",
          _current("fill_from_graduates")),
    # caseload and need
    Field("by_caseload", "levers", "toggle", "extra.by_caseload",
          CURRENT["posts_basis"].value == "caseload"),
    Field("target", "levers", "number", "scenario.target_caseload",
          _current("target_caseload"), 5, 60, 1),
    Field("growth", "caseload", "slider", "scenario.case_growth",
          _current("case_growth", percent=True), -10, 20, 1,
          percent=PARAMETERS["case_growth"].percent),
    Field("hours", "caseload", "slider", "extra.hours_per_case", HOURS_PER_CASE_MONTH, 1, 20,
          0.5),
    Field("benchmark", "caseload", "number", "extra.benchmark", None, 0, 5_000, 1),
    # pay and cost
    Field("currency", "cost", "text", "pay.currency", ""),
    Field("pay_s1", "cost", "number", "pay.pay_s1", None, 0, MONEY, 100),
    Field("teacher_pay", "cost", "number", "pay.teacher_pay", None, 0, MONEY, 100),
    Field("pay_ratio", "cost", "slider", "pay.pay_ratio", 1.0, 0.3, 1.5, 0.01),
    Field("pay_s6", "cost", "number", "pay.pay_s6", None, 0, MONEY, 100),
    Field("pay_s3", "cost", "number", "pay.pay_s3", None, 0, MONEY, 100),
    Field("s3_as_s6", "cost", "toggle", "pay.s3_as_s6", Pay.s3_as_s6),
    Field("place_cost", "cost", "number", "pay.cost_per_student_year", None, 0, MONEY, 100),
    Field("setup", "cost", "number", "pay.setup_cost", 0.0, 0, 1000 * MONEY, 1000),
))
# fmt: on
BY_KEY = {f.key: f for f in FIELDS}
GROUPS: tuple[str, ...] = ("start", "pathways", "flows", "caseload", "cost")
"""The groups of the sidebar; the 'levers' are on the page (controls.levers)."""
PRESET = link.Param[str](
    "preset", __name__, PRESET_NAMES[0], case="lower", doc="the preset the values start from"
)
AUTO = "auto"
START = link.Param[str](
    "start",
    __name__,
    AUTO,
    doc="the figure the lab starts from ('auto': the data's rule)",
    relabelled=True,
)


def start_options(version: str, iso3: str | None) -> tuple[str, ...]:
    """'auto' (the data's rule) and the figures of the country the user may start from."""
    return (AUTO, *(data.start_figures(version, iso3) if iso3 else ()))


def keep_start() -> None:
    """The chosen starting figure stays in the link while its widget is not drawn."""
    START.publish()


def proposal_for(version: str, iso3: str | None, chosen: str) -> BaselineProposal | None:
    """The starting point of the country: the data's rule, or the figure chosen; with the
    country teams' estimates the facilitator offered to the lab where the data has no figure
    or only an assumption (ssw_core.questions, baseline.with_room_estimates)."""
    if iso3 is None:
        return None
    offered = data.offered(iso3)
    split = next((e for e in offered if e.field == "split"), None)
    if chosen != AUTO and chosen in data.start_figures(version, iso3):
        proposal = data.start_proposal(version, iso3, chosen, split)
    else:
        proposal = data.baseline_proposal(version, iso3, split)
    return baseline.with_room_estimates(proposal, None, offered)[0]


def costs_for(version: str, iso3: str | None) -> CostProposal | None:
    """The country's money figures, with a study place's price a country team estimated
    where the data has none (offered to the lab by the facilitator)."""
    if iso3 is None:
        return None
    return baseline.with_room_estimates(
        None, data.cost_proposal(version, iso3), data.offered(iso3)
    )[1]


def start_mark(iso3: str | None) -> str | None:
    """What the values were set from: the country and the estimates offered for it (an offer
    made or taken back starts the country again, as choosing it would)."""
    offered = data.offered(iso3)
    if iso3 is None or not offered:
        return iso3
    return iso3 + "|" + ";".join(f"{e.question}:{e.field}:{e.value}:{e.answers}" for e in offered)


def current_preset() -> str:
    """The preset chosen; 'current' until one is (a value no preset has, e.g. from a crafted
    websocket message, counts as none)."""
    name = PRESET.value()
    return name if name in PRESET_NAMES else PRESET.default


_APPLIED = session.Key[str | None](
    "_scenario_country", __name__, doc="the country whose data the values were set from"
)


def baseline_values(
    proposal: BaselineProposal | None, costs: CostProposal | None
) -> dict[str, Any]:
    """Widget values of the country's data baseline; empty (None) where the data has none."""

    def v(p: Provenance | None, key: str) -> Any:
        return BY_KEY[key].default if p is None else BY_KEY[key].to_widget(p.value)

    values: dict[str, Any] = {
        k: BY_KEY[k].default for k in ("base_year", "s1", "s6", "s3", "cases", "posts", *COST_KEYS)
    }
    if proposal is not None:
        values |= {
            "base_year": int(proposal.base_year.value or baseline.this_year()),
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
            "pay_s1": costs.pay_s1.value,
            "place_cost": costs.place_cost.value,
        }
    return values


COST_KEYS = tuple(f.key for f in FIELDS if f.group == "cost")


def preset_widget_values(name: str, s6: float | None, cases: float | None) -> dict[str, Any]:
    """Widget values of a preset for a Category 6 of `s6` (places scale with it)."""
    base = Baseline(base_year=baseline.this_year(), s1=0, s6=float(s6 or 0), open_cases=cases)
    model = preset_values(name, base)
    out: dict[str, Any] = {}
    for field in FIELDS:
        if field.target.startswith("scenario.") and field.model_field in model:
            out[field.key] = field.to_widget(model[field.model_field])
    out["by_caseload"] = model["posts_basis"] == "caseload"
    out["unqualified_until"] = None
    return out


FLOW_FIELDS = {
    "attrition_s1": "leave_s1",
    "attrition_s6": "leave_s6",
    "graduates": "graduates",
    "graduate_entry_share": "entry",
}
"""Scenario fields an uploaded figure can give (BaselineProposal.flows)."""


def data_flow_values(proposal: BaselineProposal | None) -> dict[str, Any]:
    """Flows the country's own (uploaded) figures give: they replace the preset's guesses."""
    if proposal is None:
        return {}
    return {
        FLOW_FIELDS[name]: BY_KEY[FLOW_FIELDS[name]].to_widget(p.value)
        for name, p in proposal.flows.items()
        if name in FLOW_FIELDS and p.value is not None
    }


def fresh_values(
    proposal: BaselineProposal | None, costs: CostProposal | None, preset: str
) -> dict[str, Any]:
    """Every field: defaults, then the country's data, then the preset, then the flows the
    country's own figures give."""
    values = {f.key: f.default for f in FIELDS} | baseline_values(proposal, costs)
    values |= preset_widget_values(preset, values["s6"], values["cases"])
    return values | data_flow_values(proposal)


# --- one run of the page: the link, the country's data, the preset ---------------------------


@dataclass(frozen=True)
class Start:
    """What the assumptions start from in this run: the country (None: the user's own
    figures) and what the data proposes for it."""

    iso3: str | None
    proposal: BaselineProposal | None
    costs: CostProposal | None
    withheld: frozenset[str] = frozenset()
    """Keys whose values this run set on a first visit: what the link reproduces by itself
    (the country's data, the preset), left out of the address until the user changes
    something; from then on the address holds every value, so the view survives a change
    of the data."""


def start(version: str, iso3: str | None) -> tuple[Start, list[BadValue]]:
    """Before the widgets: the link's values (checked), then for a new country or a first
    visit the preset and the country's data for every value the link did not give. Returns
    what the values start from and the link's bad values (for the page to report)."""
    adopted, bad = adopt_fields((*FIELDS, *wisn.FIELDS))
    bad += [b for b in (PRESET.adopt(PRESET_NAMES), wisn.adopt()) if b is not None]
    mark = start_mark(iso3)
    new_country = not _APPLIED.exists() or _APPLIED.get() != mark
    if new_country and _APPLIED.exists() and not START.is_new():
        START.key.set(AUTO)  # another country: its own figures, by the data's rule
    bad += [b for b in (START.adopt(start_options(version, iso3)),) if b is not None]
    proposal = proposal_for(version, iso3, START.value())
    costs = costs_for(version, iso3)
    here = Start(iso3, proposal, costs)
    if not new_country:
        return here, bad
    first_visit = not _APPLIED.exists()
    _APPLIED.set(mark)
    shown = field_values(FIELDS)
    values = {f.key: f.default for f in FIELDS} | baseline_values(proposal, costs)
    # Places scale with Category 6: the link's S6 if it gives one.
    s6 = shown["s6"] if "s6" in adopted else values["s6"]
    cases = shown["cases"] if "cases" in adopted else values["cases"]
    values |= preset_widget_values(current_preset(), s6, cases) | data_flow_values(proposal)
    fresh = {k: v for k, v in values.items() if k not in adopted}
    set_values(BY_KEY, fresh)
    if not first_visit:
        wisn.reset()  # another country: the calculator follows its open cases again
        return here, bad
    return replace(here, withheld=frozenset(fresh)), bad


def on_start_change(version: str, iso3: str | None) -> None:
    """Callback of 'Start from': S1 and S6 from the figure chosen (or the data's rule)."""
    proposal = proposal_for(version, iso3, START.value())
    if proposal is not None:
        chosen = baseline_values(proposal, None)
        set_values(BY_KEY, {k: chosen[k] for k in ("s1", "s6")})


def on_preset_change(proposal: BaselineProposal | None) -> None:
    """Callback of the preset picker: its values, under the country's own flows."""
    name = PRESET.value()
    if name in PRESET_NAMES:
        shown = field_values(FIELDS)
        preset = preset_widget_values(name, shown["s6"], shown["cases"])
        set_values(BY_KEY, preset | data_flow_values(proposal))


def reset(here: Start) -> None:
    """Back to the country's data baseline (by the data's rule) and the 'current' preset (a
    button callback)."""
    PRESET.key.set("current")
    START.key.set(AUTO)
    proposal = proposal_for(data.version(), here.iso3, AUTO)
    set_values(BY_KEY, fresh_values(proposal, here.costs, "current"))
    wisn.reset()


def values() -> dict[str, Any]:
    """The current values of the assumptions, by key."""
    return field_values(FIELDS)


def differs_from_preset(shown: dict[str, Any], proposal: BaselineProposal | None) -> bool:
    """Whether the values `shown` are no longer the chosen preset's: a lever or a pathway moved
    by hand, or by 'Use the plan to zero', after the preset was chosen. Compared with what
    choosing the preset now would set (its places scale with the Category 6 shown; the flows
    the country's own figures give stay), and the plan's moves, which no preset sets."""
    expected = preset_widget_values(current_preset(), shown["s6"], shown["cases"])
    expected |= data_flow_values(proposal) | {"moves": False}
    return any(BY_KEY[k].typed(v) != BY_KEY[k].typed(shown[k]) for k, v in expected.items())


def where(iso3: str | None, *, changed: bool = False) -> str:
    """'Moldova · Pragmatic': the country (or own figures) and the chosen scenario; 'Moldova ·
    Pragmatic, changed' once the values are no longer the preset's (`differs_from_preset`)."""
    place = geo_name(iso3) if iso3 else t("scenario.own_figures")
    preset = t(f"scenario.preset.{current_preset()}")
    return f"{place} · {t('scenario.preset_changed', preset=preset) if changed else preset}"


def missing_start(shown: dict[str, Any]) -> list[str]:
    """Labels of the starting figures that must be entered before anything is projected."""
    return [t(f"scenario.f.{k}") for k in ("s1", "s6") if shown[k] is None]


@dataclass(frozen=True)
class Inputs:
    """The assumptions on screen as the model takes them (ssw_core.plan), with what only the
    page uses."""

    plan: PlanInputs
    hours_per_case: float
    """[hours of direct work per open case per month] For the caseload a worker can hold."""
    benchmark: float | None
    """[workers per 100,000 children] A benchmark the user may set, for the lenses."""
    where: str = ""
    """The country (or 'your own figures') and the scenario, for file titles."""

    @property
    def baseline(self) -> Baseline:
        return self.plan.baseline

    @property
    def scenario(self) -> Scenario:
        return self.plan.scenario


def build(shown: dict[str, Any]) -> Inputs:
    """Model inputs from widget values (S1 and S6 entered; see `missing_start`).
    Raises ValueError with a readable message."""
    parts: dict[str, dict[str, Any]] = {"baseline": {}, "scenario": {}, "pay": {}, "extra": {}}
    for field in FIELDS:
        group, name = field.target.split(".", 1)
        parts[group][name] = field.to_model(shown[field.key])
    extra = parts["extra"]
    scenario = parts["scenario"]
    scenario["posts_basis"] = "caseload" if extra["by_caseload"] else "funded"
    if extra["plan_moves"] and parts["baseline"]["base_year"] <= TARGET_YEAR:
        # The plan's moves, set: those who can no longer qualify by the target year go
        # (docs/method.md §4), from the base year or in the target year, split as asked.
        scenario["zero_by"] = TARGET_YEAR
        scenario["move_from"] = parts["baseline"]["base_year"] if extra["move_early"] else None
        scenario["move_to_limited"] = float(extra["move_to_limited"])
    pay = parts["pay"]
    pay["currency"] = pay["currency"] or ""
    plan = PlanInputs(
        **parts["baseline"],
        scenario=Scenario(**scenario),
        pay=Pay(**pay),
        move_to_limited=float(extra["move_to_limited"]),
        move_early=bool(extra["move_early"]),
    )
    return Inputs(
        plan=plan, hours_per_case=float(extra["hours_per_case"]), benchmark=extra["benchmark"]
    )


def use_plan() -> None:
    """Callback of 'Use the plan to zero': the levers set to the plan's (ssw_core.plan.
    with_plan): its places a year, the year unqualified appointments stop and graduates
    filling those posts, and its moves. Every estimate stays as set. Nothing happens while
    the starting point is missing or an input is impossible (the page says why)."""
    shown = values()
    if missing_start(shown):
        return
    try:
        planned = with_plan(build(shown).plan).scenario
    except ValueError:
        return
    set_values(
        BY_KEY,
        {
            "places": planned.qualification_places,
            "unqualified": planned.unqualified_hiring,
            "unqualified_until": planned.unqualified_hiring_until,
            "fill": planned.fill_from_graduates,
            "moves": planned.zero_by is not None,
        },
    )


def from_link(params: Mapping[str, str], version: str) -> tuple[str | None, Inputs]:
    """The model inputs a Scenario-lab link opens, as the lab would open it fresh: the
    country's data (or the starting figure the link chose), the link's preset, then every
    value the link gives. For views of plans the room sent (the board of plans). Raises
    ValueError naming what cannot be used: a value out of its range, a starting figure
    missing."""
    here, values = link_values(params, version)
    missing = missing_start(values)
    if missing:
        raise ValueError(", ".join(missing))
    return here.iso3, build(values)


def link_values(params: Mapping[str, str], version: str) -> tuple[Start, dict[str, Any]]:
    """What a Scenario-lab link starts from (the country's data) and every assumption's value
    as the lab would hold it (`from_link`; no check that the start is complete). Raises
    ValueError naming a value out of its range."""
    country = str(params.get("country", "")).upper()
    iso3 = country if country and country != "ALL" else None
    preset = str(params.get(PRESET.name, PRESET.default)).lower()
    if preset not in PRESET_NAMES:
        raise ValueError(f"preset={preset[:20]}: not a preset ({', '.join(PRESET_NAMES)})")
    chosen = str(params.get(START.name, AUTO))
    proposal = proposal_for(
        version, iso3, chosen if chosen in start_options(version, iso3) else AUTO
    )
    costs = costs_for(version, iso3)
    given: dict[str, Any] = {}
    for key, raw in params.items():
        if key in BY_KEY:
            try:
                given[key] = BY_KEY[key].parse(str(raw))
            except ValueError:
                raise ValueError(
                    f"{key}={str(raw)[:20]}: allowed {BY_KEY[key].allowed()}"
                ) from None
    values = {f.key: f.default for f in FIELDS} | baseline_values(proposal, costs)
    s6, cases = given.get("s6", values["s6"]), given.get("cases", values["cases"])
    values |= preset_widget_values(preset, s6, cases) | data_flow_values(proposal)
    values |= given
    return Start(iso3, proposal, costs), values
