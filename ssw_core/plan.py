"""The Scenario lab's model as one pure call: `evaluate(PlanInputs) -> Outcome`.

The page maps its widgets to a `PlanInputs` and formats the `Outcome`; every rule that turns
what the user sees into the model's inputs lives here, each with its reason:

- **Paraprofessionals not known** (S3 empty): counted from 0, so only the practitioners the
  scenario moves into limited-responsibility posts are in S3 (`assumed` holds 's3_unknown').
- **Social workers' pay** (S1): the pay entered; else teachers' pay x the ratio of social
  workers' pay to teachers' (Core 7, docs/method.md §5); else missing.
- **Category 6 pay**: the pay entered; else S1's (the same posts, assumed the same pay:
  'pay_s6_as_s1').
- **Practitioners moved into limited-responsibility posts**: paid as paraprofessionals
  where their pay is entered; else they keep Category 6's pay ('pay_moved_as_s6'). Said only
  where somebody is moved.
- **Paraprofessionals** (S3, e.g. home-care workers): the pay entered; never priced as
  Category 6 unless the user says so (`Pay.s3_as_s6`: 'pay_s3_as_s6'). Without a pay they are
  left out of the personnel cost and the outcome says so (`Outcome.unpriced`); as both sides of
  a comparison keep the same paraprofessionals (their leavers replaced unless the user changes
  it), the cost of a plan against standing still does not depend on it.
- A pay missing for a category that has people leaves the cost missing, never 0
  (`Outcome.missing_pay`).

What the outcome holds: the projection to the horizon, the plan to zero by the target year
(docs/method.md §4, None once that year has passed), the cost against the 'current' scenario over
the same years for the plan (docs/method.md §5: personnel, training, set-up; posts left empty as a
gap, never a saving), the effort in people (student-years, post-years unfilled) that needs no money
figure, and the caseload at the horizon against the Call to Action's band. `sensitivity` is
a separate call (it runs the plan about 20 times).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Literal

import polars as pl

from ssw_core.presets import PRESETS
from ssw_core.projection import (
    TARGET_YEAR,
    Baseline,
    CostAgainst,
    Costs,
    PlanToZero,
    ProjectionResult,
    Scenario,
    cost_against,
    pay_from_ratio,
    plan_to_zero,
    project,
    residuals,
)
from ssw_core.sensitivity import Sensitivity, sensitivity
from ssw_core.staffing import CASELOAD_BAND

__all__ = [
    "ASSUMED",
    "CASELOAD_BAND",
    "TARGET_YEAR",
    "Effort",
    "Outcome",
    "Pay",
    "PlanInputs",
    "PlanStory",
    "band_of",
    "evaluate",
    "story",
    "tornado",
    "with_plan",
]

Band = Literal["below", "within", "above"]

ASSUMED = ("s3_unknown", "pay_s6_as_s1", "pay_moved_as_s6", "pay_s3_as_s6")
"""Every rule `evaluate` may apply in place of a missing input (`Outcome.assumed`); the page
translates each as 'plan_rule.<key>'."""


@dataclass(frozen=True)
class Pay:
    """The money inputs as the user gives them [currency per person or place per year]."""

    currency: str = ""
    pay_s1: float | None = None
    """Social workers' average pay; None: from teachers' pay x `pay_ratio`, if given."""
    teacher_pay: float | None = None
    pay_ratio: float = 1.0
    """Social workers' pay / teachers' pay (Core 7)."""
    pay_s6: float | None = None
    pay_s3: float | None = None
    """Paraprofessionals' pay (also that of practitioners moved into their posts)."""
    s3_as_s6: bool = False
    """Price paraprofessionals without a pay of their own at Category 6's: the user's choice,
    never a default ('pay_s3_as_s6')."""
    cost_per_student_year: float | None = None
    setup_cost: float = 0.0


@dataclass(frozen=True)
class PlanInputs:
    """Everything the Scenario lab's model needs; frozen, so an outcome is computed once per
    set of inputs for every session of a process."""

    base_year: int
    s1: float
    s6: float
    s3: float | None = None
    """[persons] None: not known (see the module docstring)."""
    open_cases: float | None = None
    funded_posts: float | None = None
    scenario: Scenario = field(default_factory=Scenario)
    pay: Pay = field(default_factory=Pay)
    move_to_limited: float = 1.0
    """[0-1] The plan's moves to limited-responsibility posts (the rest: redundancy)."""
    move_early: bool = False
    """The plan moves practitioners as soon as they can no longer qualify in time (else in the
    target year, docs/method.md §4's default)."""
    target_year: int = TARGET_YEAR

    @property
    def baseline(self) -> Baseline:
        return Baseline(
            base_year=self.base_year,
            s1=self.s1,
            s6=self.s6,
            s3=0.0 if self.s3 is None else self.s3,
            open_cases=self.open_cases,
            funded_posts=self.funded_posts,
        )

    @property
    def target_passed(self) -> bool:
        """The base year is after the target year: 'zero by 2030' cannot be asked any more."""
        return self.base_year > self.target_year


@dataclass(frozen=True)
class Effort:
    """What the plan asks of people over the projected years, against the 'current' scenario;
    needs no money figure."""

    student_years: float
    """[student-years] Practitioners studying, summed over the years (each costs a
    student-year of a place)."""
    reference_student_years: float
    unfilled_post_years: float
    """[post-years] Required posts left empty, summed over the years."""
    reference_unfilled_post_years: float
    qualified_hires: float
    """[persons] Graduates taking up posts over the years."""


@dataclass(frozen=True)
class Outcome:
    inputs: PlanInputs
    baseline: Baseline
    costs: Costs
    """The money inputs after the rules (what the cost was computed with)."""
    assumed: tuple[str, ...]
    """The rules of `ASSUMED` that filled a missing input, in that order."""
    result: ProjectionResult
    plan: PlanToZero | None
    """The plan to zero by the target year (None once it has passed)."""
    against: CostAgainst
    """What the plan to zero costs against the 'current' scenario (standing still) from the
    same start over the same years (the scenario as set, once the target year has passed)."""
    effort: Effort
    """What the plan (or the scenario as set, as `against`) asks of people."""
    missing_pay: tuple[str, ...]
    """'s1', 's6', 's3': categories with people (in the scenario as set or in the plan) and
    no pay: their cost is missing ('s3': practitioners moved into limited posts)."""
    unpriced: float
    """[persons] Paraprofessionals (S3 less those moved) left out of the personnel cost: no
    pay for them; 0 when they are priced or there are none."""
    caseload: float | None
    """[open cases per worker] At the end of the horizon; None without open cases."""
    band: Band | None
    """The caseload against the Call to Action's 10-20 band."""

    @property
    def costed(self) -> ProjectionResult:
        """The projection `against` and `effort` read: the plan's (the scenario as set, once
        the target year has passed)."""
        return self.result if self.plan is None else self.plan.result

    @property
    def pay_to_enter(self) -> tuple[str, ...]:
        """The pays to enter for a cost: social workers' alone while it is missing (Category
        6's and that of those moved follow it by the rules), else those still missing."""
        return ("s1",) if "s1" in self.missing_pay else self.missing_pay

    @property
    def cost_missing(self) -> str | None:
        """Why the headline's money cost (`against`) is missing: 'pay' or 'place_cost'
        (None: it is not)."""
        if self.against.total is not None:
            return None
        return "pay" if self.missing_pay else "place_cost"


POLICY_FIELDS = (
    "qualification_places",
    "qualification_share",
    "limited_moves",
    "limited_share",
    "redundancies",
    "redundancy_share",
    "unqualified_hiring",
    "unqualified_hiring_until",
    "fill_from_graduates",
    "posts_basis",
)
"""The scenario's choices (what a government decides); the other fields are estimates of how
the workforce behaves (leaving, completing, graduating, cases growing) and stay as set."""


def standing_still(scenario: Scenario, horizon: int) -> Scenario:
    """The reference a cost is read against (docs/method.md §5, 'the system does not evolve'): the
    same estimates, and the 'current' preset's choices: no qualification places, no moves or
    redundancies, vacancies filled as today, posts as funded."""
    current = PRESETS["current"]
    choices = {name: current[name].value for name in POLICY_FIELDS if name in current}
    choices["unqualified_hiring_until"] = None
    return replace(scenario, **choices, horizon=horizon, zero_by=None, move_from=None)


def band_of(caseload: float | None) -> Band | None:
    if caseload is None:
        return None
    low, high = CASELOAD_BAND
    return "below" if caseload < low else "above" if caseload > high else "within"


def resolve_costs(pay: Pay) -> tuple[Costs, tuple[str, ...]]:
    """The model's Costs from the money inputs, and the rules that filled a gap."""
    assumed = []
    pay_s1 = pay.pay_s1
    if pay_s1 is None and pay.teacher_pay is not None:
        pay_s1 = pay_from_ratio(pay.pay_ratio, pay.teacher_pay)
    pay_s6 = pay.pay_s6
    if pay_s6 is None and pay_s1 is not None:
        pay_s6 = pay_s1
        assumed.append("pay_s6_as_s1")
    pay_s3 = pay.pay_s3
    pay_moved = None
    if pay_s3 is None and pay_s6 is not None:
        pay_moved = pay_s6
        assumed.append("pay_moved_as_s6")
        if pay.s3_as_s6:
            pay_s3 = pay_s6
            assumed.append("pay_s3_as_s6")
    costs = Costs(
        currency=pay.currency,
        pay_s1=pay_s1,
        pay_s6=pay_s6,
        pay_s3=pay_s3,
        pay_moved=pay_moved,
        cost_per_student_year=pay.cost_per_student_year,
        setup_cost=pay.setup_cost,
    )
    return costs, tuple(assumed)


def _missing_pay(result: ProjectionResult, costs: Costs) -> tuple[str, ...]:
    end = result.yearly
    moved = costs.pay_s3 if costs.pay_moved is None else costs.pay_moved
    return tuple(
        cat
        for cat, column, pay in (
            ("s1", "s1", costs.pay_s1),
            ("s6", "s6", costs.pay_s6),
            ("s3", "s3_moved", moved),
        )
        if pay is None and end[column].max() > 0  # type: ignore[operator]
    )


def _unpriced(result: ProjectionResult, costs: Costs) -> float:
    """[persons] The most paraprofessionals in a year left out of the cost (no pay)."""
    if costs.pay_s3 is not None:
        return 0.0
    paras = result.yearly.select((pl.col("s3") - pl.col("s3_moved")).clip(0).max()).item()
    return float(paras or 0.0)


@lru_cache(maxsize=1024)
def evaluate(inputs: PlanInputs) -> Outcome:
    """The projection, the plan to zero, the cost against standing still and the caseload for
    `inputs`. Raises ValueError (with a readable message) for an impossible input, e.g. a
    horizon before the base year. Cached: the result is immutable."""
    baseline = inputs.baseline
    scenario = inputs.scenario
    if scenario.horizon < inputs.base_year:
        raise ValueError(
            f"the horizon {scenario.horizon} is before the base year {inputs.base_year}"
        )
    costs, rules = resolve_costs(inputs.pay)
    result = project(baseline, scenario, costs)
    plan = None
    if not inputs.target_passed:
        plan = plan_to_zero(
            baseline,
            scenario,
            inputs.target_year,
            move_to_limited=inputs.move_to_limited,
            move_from=inputs.base_year if inputs.move_early else None,
            costs=costs,
        )
    # A rule is said only where it counts: a pay only where its category has people.
    runs = (result,) if plan is None else (result, plan.result)
    moved = max(float(r.yearly["s3_moved"].max() or 0) for r in runs)  # type: ignore[arg-type]
    paras = max(float(r.yearly["s3"].max() or 0) for r in runs) - moved  # type: ignore[arg-type]
    counts = {"pay_moved_as_s6": moved > 0, "pay_s3_as_s6": paras > 0}
    assumed = tuple(
        rule
        for rule in ASSUMED
        if (rule == "s3_unknown" and inputs.s3 is None)
        or (rule in rules and counts.get(rule, True))
    )
    # What it costs: the plan (or, once the target year has passed, the scenario as set)
    # against standing still, from the same start over the same years.
    costed = result if plan is None else plan.result
    reference = project(baseline, standing_still(scenario, costed.scenario.horizon), costs)
    against = cost_against(costed, reference)
    y, r = costed.yearly, reference.yearly
    effort = Effort(
        student_years=float(y["in_course"].sum()),
        reference_student_years=float(r["in_course"].sum()),
        unfilled_post_years=against.unfilled_post_years,
        reference_unfilled_post_years=against.reference_unfilled_post_years,
        qualified_hires=float(y["hired_qualified"].sum()),
    )
    caseload = result.yearly["caseload"][-1]
    caseload = None if caseload is None else float(caseload)
    return Outcome(
        inputs=inputs,
        baseline=baseline,
        costs=costs,
        assumed=assumed,
        result=result,
        plan=plan,
        against=against,
        effort=effort,
        missing_pay=tuple(dict.fromkeys(_missing_pay(result, costs) + _missing_pay(costed, costs))),
        unpriced=max(_unpriced(result, costs), _unpriced(costed, costs)),
        caseload=caseload,
        band=band_of(caseload),
    )


def with_plan(inputs: PlanInputs) -> PlanInputs:
    """The same inputs with the plan to zero's levers set (docs/method.md §4): its places a
    year, the year unqualified appointments stop (and graduates filling the posts they would
    have filled), and its moves: every year from the first year of moves (the target year, or
    the base year when `move_early`), those who can no longer qualify in time go, the share
    `move_to_limited` of them to limited-responsibility posts. The scenario as set then brings
    Category 6 below 0.5 by the end of the target year: `evaluate(with_plan(x)).result` is the
    plan's own projection. Every estimate (leaving, completing, graduating) stays as set, and
    so does a horizon beyond the target year. Once the target year has passed: the inputs."""
    plan = evaluate(inputs).plan
    if plan is None:
        return inputs
    return replace(inputs, scenario=plan.result.scenario)


@lru_cache(maxsize=256)
def tornado(inputs: PlanInputs) -> Sensitivity:
    """Which assumption moves the plan to zero most (ssw_core.sensitivity), the costs moved
    under the rules of `evaluate`."""
    outcome = evaluate(inputs)
    pay = inputs.pay
    if pay.pay_s1 is None and pay.teacher_pay is not None:  # moved as social workers' pay
        pay = replace(pay, pay_s1=outcome.costs.pay_s1)

    def costs_at(name: str, value: float) -> Costs:
        """The pay rules of `evaluate` again, with one cost moved (a Category 6 or
        limited-post pay not entered follows social workers')."""
        moved = {
            "pay_s1": replace(pay, pay_s1=value),
            "cost_per_student_year": replace(pay, cost_per_student_year=value),
        }[name]
        return resolve_costs(moved)[0]

    return sensitivity(
        outcome.baseline,
        inputs.scenario,
        outcome.costs,
        inputs.target_year,
        move_to_limited=inputs.move_to_limited,
        move_from=inputs.base_year if inputs.move_early else None,
        costs_at=costs_at,
    )


@dataclass(frozen=True)
class PlanStory:
    """The plan to zero told in people (docs/method.md §4): where the Category 6 of the start
    goes by the end of the target year, why its number of places, and what a different number
    of places, or a course a year shorter, would change. Every number from the plan's own
    projection, or from the same model with one thing changed (said which)."""

    base_year: int
    target_year: int
    start: float
    """[persons] Category 6 at the start of the base year."""
    places: int
    """[places/year] P*, offered each year from the base year to `places_until`."""
    places_until: int
    """The last year a course can start and still end by the target year."""
    course_years: int
    completion_share: float
    enrolments: float
    """[persons] Enrolments over those years (someone who did not complete may enrol again)."""
    qualified: float
    """[persons] Category 6 who qualify by the end of the target year (into S1)."""
    left: float
    """[persons] Category 6 who leave the workforce by then."""
    moved: float
    """[persons] Moved to limited-responsibility posts by then (the plan's and the
    scenario's own moves)."""
    redundant: float
    """[persons] Made redundant by then."""
    hired_unqualified: float
    """[persons] Appointed without the qualification (while the plan still allows it)."""
    must_move: float
    """[persons] M: who cannot qualify in time (did not complete, or too late to start)."""
    floor: float
    """[persons] Category 6 left at the end of the target year with a place for everyone."""
    fewer: float | None
    """[persons] What the moves would take with one place a year fewer (None: P* is 0)."""
    trade_off: tuple[tuple[int, float], ...]
    """(places a year, who must move or leave) for 0 to twice P*: the price of fewer places
    in moves; beyond P*, more places change less than half a person."""
    shorter: tuple[int, float] | None
    """(places a year, who must move) with a course one year shorter (None: a 1-year course):
    more can start in time and finish, so more places are worth offering and fewer move."""


@lru_cache(maxsize=256)
def story(inputs: PlanInputs) -> PlanStory | None:
    """The plan to zero of `inputs` told in people; None once the target year has passed."""
    outcome = evaluate(inputs)
    plan = outcome.plan
    if plan is None:
        return None
    y = plan.result.yearly.filter(pl.col("year") <= plan.target_year)
    run = plan.result.scenario
    best = plan.places_per_year
    baseline = outcome.baseline
    points = sorted({round(best * k / 8) for k in range(0, 17)} | {best})
    moves = residuals(baseline, run, [float(p) for p in points], plan.target_year)
    fewer = None
    if best > 0:
        fewer = residuals(baseline, run, [float(best - 1)], plan.target_year)[0]
    shorter = None
    if run.course_years > 1:
        other = plan_to_zero(
            baseline,
            replace(inputs.scenario, course_years=int(run.course_years) - 1),
            plan.target_year,
            move_to_limited=inputs.move_to_limited,
        )
        shorter = (other.places_per_year, other.must_move_or_leave)

    def total(column: str) -> float:
        return float(y[column].sum())

    return PlanStory(
        base_year=outcome.baseline.base_year,
        target_year=plan.target_year,
        start=baseline.s6,
        places=best,
        places_until=plan.places_until,
        course_years=int(run.course_years),
        completion_share=run.completion_share,
        enrolments=total("enrolled"),
        qualified=total("qualified"),
        left=total("leavers_s6"),
        moved=total("limited"),
        redundant=total("redundant"),
        hired_unqualified=total("hired_unqualified"),
        must_move=plan.must_move_or_leave,
        floor=plan.remaining_with_unlimited_places,
        fewer=fewer,
        trade_off=tuple(zip(points, moves, strict=True)),
        shorter=shorter,
    )


def with_scenario(inputs: PlanInputs, scenario: Scenario) -> PlanInputs:
    """The same inputs under another scenario (e.g. a preset, for the comparison)."""
    return replace(inputs, scenario=scenario)
