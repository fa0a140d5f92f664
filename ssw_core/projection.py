"""Projection to a target year: eliminating Category 6 by 2030 (docs/method.md §4), and cost (5).

Stocks (start of year t): S1 qualified social workers in posts that need social-work
competencies, S6 practitioners in those posts without the qualification, S3
paraprofessionals. Flows of year t, in this order (all >= 0, each limited by what is left):

1. leavers: a1 x S1, a6 x S6, a3 x S3, taken from the stocks at the start of the year;
   the paraprofessionals' posts (S3 less those moved into it) are kept: their leavers are
   replaced (`replace_s3_leavers`, the default), those of practitioners moved are not;
2. Category 6 pathways, drawing on what is left: enrolment in in-service study (up to the
   places offered, only practitioners not already studying); qualification Q of the cohort
   whose course ends this year (a share c completes, the others stay in S6 and may enrol
   again); moves to limited-responsibility posts R (into S3); redundancies X;
3. hiring: posts to fill = required posts P(t) - (S1 + S6 after the flows above), never
   negative; qualified hires from graduates x entry share (or, as an assumption, in a year
   without unqualified hiring, every post to fill: `fill_from_graduates`); the rest, while
   the policy still
   allows it (every year, or up to a last year), unqualified hires U into S6 (default: no new
   unqualified appointments);
4. S1(t+1) = S1 - leavers1 + Q + qualified hires;  S6(t+1) = S6 - leavers6 - Q - R - X + U;
   S3(t+1) = S3 - leavers3 + hires3 + R.

Year conventions (docs/method.md §4): baseline stocks are at the start of the base year; the flows
of year t take the stocks from the start of t to the end of t; the base year's flows count. A
course of L >= 1 years started at the start of year t completes at the end of t + L - 1.
Practitioners keep working, and stay in S6, while they study. The year of elimination is the
year whose flows bring S6 below 0.5.

Modelling choices the method brief leaves open, stated here (and in docs/method.md §4) so
everyone gets the same numbers:
- Category 6 is held as 'not studying' plus one cohort per enrolment year. Leavers, R and X are
  drawn from all of S6 in proportion (students included), so people are conserved exactly and
  more places can never make elimination later.
- R and X may each be a number per year, a share of what is left of S6, or both (summed). The
  share of R applies to S6 after leavers and Q; the share of X to what is left after R.
- Open cases and required posts are end-of-year values: cases(t) = cases(base) x (1 + g) ^
  (t - base + 1). Caseload per worker = cases(t) / (S1 + S6) at the end of year t.
- Personnel cost of year t = end-of-year stocks x average annual pay (the stocks shown in the
  table); training cost = student-years of the year x cost per student-year; set-up cost in
  the base year. S3 is priced in two parts: the practitioners moved into limited-responsibility
  posts (`s3_moved`, at `Costs.pay_moved`, else S3's pay: a missing pay leaves the cost missing)
  and the paraprofessionals (S3 less those, at `Costs.pay_s3`). Paraprofessionals without a pay
  are not priced (`cost_s3` missing), never priced as another category: the personnel cost is
  then that of S1, S6 and those moved, and the difference between two scenarios is unchanged
  (both keep the same paraprofessionals).

People are expected values (floats); round only for display.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any, Literal

import numpy as np
import polars as pl

from ssw_core import parameters

TARGET_YEAR = 2030
"""The year by which the Call to Action asks for no Category 6 practitioners in posts that need
a social worker (Call to Action 2, seeds 001 and 003)."""
MAX_HORIZON = parameters.MAX_HORIZON
ELIMINATED_BELOW = 0.5
"""[persons] S6 below this counts as zero (docs/method.md §4)."""

PostsBasis = Literal["funded", "caseload"]


def _check_non_negative(name: str, value: float) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must not be negative, got {value}")


@dataclass(frozen=True)
class Baseline:
    """The workforce at the start of the base year."""

    base_year: int
    """First year whose flows are projected; stocks are at its start."""
    s1: float
    """[persons] Qualified social workers in posts that need social-work competencies."""
    s6: float
    """[persons] Practitioners in those posts without a social-work qualification."""
    s3: float = 0.0
    """[persons] Paraprofessionals (receive practitioners moved to limited posts)."""
    open_cases: float | None = None
    """[cases] Open cases held by S1 and S6 at the start of the base year."""
    funded_posts: float | None = None
    """[posts] Posts in S1 + S6 funded today; None means S1 + S6."""

    def __post_init__(self) -> None:
        for f in ("s1", "s6", "s3"):
            _check_non_negative(f, getattr(self, f))
        for f in ("open_cases", "funded_posts"):
            if getattr(self, f) is not None:
                _check_non_negative(f, getattr(self, f))

    @property
    def posts(self) -> float:
        return self.s1 + self.s6 if self.funded_posts is None else self.funded_posts


@dataclass(frozen=True)
class Scenario:
    """Assumptions of a projection; every field is a number the user can see and change.

    Defaults are neutral (nothing happens) except the two the Call to Action fixes: the target
    year 2030 and no new unqualified appointments (Call to Action 2, seed 001/003).
    """

    horizon: int = TARGET_YEAR
    """Last projected year (at most 2035)."""
    qualification_places: float = 0.0
    """[enrolments/year] In-service social-work study places offered to S6."""
    qualification_share: float = 0.0
    """[0-1 per year] In-service places given as a share of Category 6 not already studying
    (added to qualification_places)."""
    course_years: int = 1
    """[years] Course length L; an enrolment in year t completes at the end of t + L - 1."""
    completion_share: float = 1.0
    """[0-1] Share of an enrolled cohort that qualifies; the others stay in S6."""
    attrition_s1: float = 0.0
    """[0-1 per year] Share of S1 leaving (retirement, resignation)."""
    attrition_s6: float = 0.0
    """[0-1 per year] Share of S6 leaving."""
    attrition_s3: float = 0.0
    """[0-1 per year] Share of S3 leaving."""
    replace_s3_leavers: bool = True
    """The paraprofessionals' posts are kept: those who leave are replaced (`hired_s3`).
    Practitioners moved into limited-responsibility posts who leave are not (those posts were
    made for them). False: S3 shrinks by its leavers."""
    limited_moves: float = 0.0
    """[persons/year] S6 moved to limited-responsibility posts (S3)."""
    limited_share: float = 0.0
    """[0-1 per year] Share of the remaining S6 moved to limited-responsibility posts."""
    redundancies: float = 0.0
    """[persons/year] S6 made redundant."""
    redundancy_share: float = 0.0
    """[0-1 per year] Share of the remaining S6 made redundant."""
    graduates: float = 0.0
    """[persons/year] New social-work graduates."""
    graduate_entry_share: float = 0.0
    """[0-1] Share of graduates who take up a post (Other 2b)."""
    fill_from_graduates: bool = False
    """In a year without unqualified hiring, every post left to fill is filled by a qualified
    graduate, however many that takes (an assumption: the graduates are there and take the
    posts; `hired_qualified` says how many a year). False, or while unqualified hiring is
    allowed: qualified hires are at most graduates x entry share."""
    unqualified_hiring: bool = False
    """Whether posts may still be filled by unqualified hires (into S6)."""
    unqualified_hiring_until: int | None = None
    """Last year in which the policy still allows unqualified hires (None: every year)."""
    posts_basis: PostsBasis = "funded"
    """Required posts P(t): 'funded' = today's posts (kept as they are), 'caseload' = open
    cases / target caseload."""
    target_caseload: float = 15.0
    """[open cases per worker] Used when posts_basis is 'caseload'. Default: middle of the
    10-20 band of the Call to Action (IFSW Europe guidance, seed 003)."""
    case_growth: float = 0.0
    """[fraction per year] Growth of open cases (negative = decline)."""
    zero_by: int | None = None
    """The plan to zero (docs/method.md §4): the year by whose end Category 6 is zero. When set, no
    study place is offered for a course that would end after it, and from `move_from` to
    `zero_by` each year, the practitioners who can no longer qualify by then (not studying,
    and too late to enrol and finish; or in a course that ends after it) move to a
    limited-responsibility post or are made redundant. None: no plan (the flows as set)."""
    move_from: int | None = None
    """The first year of those moves (None: `zero_by` itself, the default of docs/method.md §4)."""
    move_to_limited: float = 1.0
    """[0-1] Share of those moves to limited-responsibility posts (S3); the rest are made
    redundant. Default: all to limited posts (docs/method.md §4)."""

    def __post_init__(self) -> None:
        for p in parameters.SCENARIO:  # each number as declared (ssw_core.parameters)
            p.check(getattr(self, p.name))
        if self.posts_basis not in ("funded", "caseload"):
            raise ValueError(
                f"posts_basis must be 'funded' or 'caseload', got {self.posts_basis!r}"
            )
        if self.posts_basis == "caseload" and self.target_caseload <= 0:
            raise ValueError("target_caseload must be positive")
        if self.move_from is not None and (self.zero_by is None or self.move_from > self.zero_by):
            raise ValueError("move_from needs zero_by, and must not be after it")


@dataclass(frozen=True)
class Costs:
    """Average annual pay per person and training costs, in one currency (docs/method.md §5).
    A missing pay leaves that part of the cost missing, never zero."""

    currency: str = ""
    pay_s1: float | None = None
    """[currency/person/year] Social workers; see `pay_from_ratio` to enter it against teachers."""
    pay_s6: float | None = None
    pay_s3: float | None = None
    """[currency/person/year] Paraprofessionals (S3 less those moved into it); None: not
    priced (left out of the personnel cost, and said; never priced as another category)."""
    pay_moved: float | None = None
    """[currency/person/year] Practitioners moved into limited-responsibility posts; None:
    S3's pay (a missing one leaves the cost of a year with people moved missing)."""
    cost_per_student_year: float | None = None
    """[currency/student/year] Cost of one in-service study place for one year: a practitioner
    studying during a year costs it that year, so a 3-year course costs three (docs/method.md §5).
    None = not known: the training cost (and the total) of a year with students is missing."""
    setup_cost: float = 0.0
    """[currency] One-off set-up and strengthening cost, charged in the base year."""

    def __post_init__(self) -> None:
        for p in parameters.COSTS:  # as declared (ssw_core.parameters); a missing pay: None
            if getattr(self, p.name) is not None:
                p.check(getattr(self, p.name))


def pay_from_ratio(ratio_to_teachers: float, teacher_pay: float) -> float:
    """Social workers' average pay [currency/year] from Core 7's ratio to teachers' pay."""
    _check_non_negative("ratio_to_teachers", ratio_to_teachers)
    _check_non_negative("teacher_pay", teacher_pay)
    return ratio_to_teachers * teacher_pay


YEARLY_COLUMNS: dict[str, pl.DataType] = {
    "year": pl.Int32(),
    "s1": pl.Float64(),
    "s6": pl.Float64(),
    "s3": pl.Float64(),
    "s3_moved": pl.Float64(),
    "leavers_s1": pl.Float64(),
    "leavers_s6": pl.Float64(),
    "leavers_s3": pl.Float64(),
    "hired_s3": pl.Float64(),
    "enrolled": pl.Float64(),
    "in_course": pl.Float64(),
    "studying": pl.Float64(),
    "qualified": pl.Float64(),
    "limited": pl.Float64(),
    "redundant": pl.Float64(),
    "moved_limited": pl.Float64(),
    "moved_redundant": pl.Float64(),
    "hired_qualified": pl.Float64(),
    "hired_unqualified": pl.Float64(),
    "required_posts": pl.Float64(),
    "open_cases": pl.Float64(),
    "caseload": pl.Float64(),
    "unmet_need": pl.Float64(),
    "unfilled_posts": pl.Float64(),
    "cost_personnel": pl.Float64(),
    "cost_s3": pl.Float64(),
    "cost_training": pl.Float64(),
    "cost_setup": pl.Float64(),
    "cost_total": pl.Float64(),
    "cost_cumulative": pl.Float64(),
}
"""Columns of ProjectionResult.yearly: stocks at the END of each year, flows OF that year.
`in_course`: practitioners studying during the year (a student-year each, docs/method.md §5);
`studying`: those still studying at its end. `limited` and `redundant` include the plan's
moves, also given apart (`moved_limited`, `moved_redundant`). `s3_moved`: those in S3 moved
there from Category 6 (by a scenario's moves or the plan's), less their leavers; `hired_s3`:
paraprofessionals hired to replace leavers. `unfilled_posts`: required posts not filled at the
end of the year (the staffing gap, never negative). `cost_s3`: the paraprofessionals' pay (S3
less those moved), in `cost_personnel` too; missing where they have no pay (not priced)."""


@dataclass(frozen=True)
class ProjectionResult:
    baseline: Baseline
    scenario: Scenario
    yearly: pl.DataFrame
    """One row per year (see YEARLY_COLUMNS)."""
    elimination_year: int | None
    """The year whose flows bring S6 below 0.5; None if S6 was already below 0.5 at the start
    (see `already_eliminated`) or is not eliminated by the horizon."""
    already_eliminated: bool = False
    remaining_at_horizon: float = 0.0
    """[persons] S6 at the end of the horizon year."""
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def eliminated(self) -> bool:
        return self.already_eliminated or self.elimination_year is not None

    def stocks(self) -> pl.DataFrame:
        """year, s1, s6, s3, required_posts from the start (a row for the year before the
        base year: stocks at the start of the base year) to the end of the horizon."""
        b, s = self.baseline, self.scenario
        cases = b.open_cases
        required = (
            cases / s.target_caseload
            if s.posts_basis == "caseload" and cases is not None
            else b.posts
        )
        start = pl.DataFrame(
            {
                "year": [b.base_year - 1],
                "s1": [float(b.s1)],
                "s6": [float(b.s6)],
                "s3": [float(b.s3)],
                "required_posts": [float(required)],
            },
            schema={k: YEARLY_COLUMNS[k] for k in ("year", "s1", "s6", "s3", "required_posts")},
        )
        return pl.concat([start, self.yearly.select(start.columns)])

    @property
    def back_by_horizon(self) -> bool:
        """Category 6 reached zero, but unqualified hiring brought it back above 0.5 by the
        end of the horizon (the Call to Action asks for none *by* 2030, and after)."""
        return self.eliminated and self.remaining_at_horizon >= ELIMINATED_BELOW


@dataclass(frozen=True)
class CostAgainst:
    """A scenario's cost read against a reference scenario (the 'current' one: the system does
    not evolve) over the same years (docs/method.md §5). Money in the currency of the costs; None
    where either side's part is missing. Posts left empty are not a saving: the staffing gap
    of each side is given beside the money, in post-years unfilled."""

    total: float | None
    personnel: float | None
    training: float | None
    setup: float | None
    unfilled_post_years: float
    """[post-years] Required posts not filled, summed over the years, in the scenario."""
    reference_unfilled_post_years: float
    """[post-years] The same in the reference scenario."""


def cost_against(result: ProjectionResult, reference: ProjectionResult) -> CostAgainst:
    """The difference `result` - `reference`, summed over the years both project."""
    if result.yearly["year"].to_list() != reference.yearly["year"].to_list():
        raise ValueError("the two projections must cover the same years")

    def diff(column: str) -> float | None:
        a, b = result.yearly[column], reference.yearly[column]
        if a.null_count() or b.null_count():
            return None
        return float(a.sum()) - float(b.sum())

    return CostAgainst(
        total=diff("cost_total"),
        personnel=diff("cost_personnel"),
        training=diff("cost_training"),
        setup=diff("cost_setup"),
        unfilled_post_years=float(result.yearly["unfilled_posts"].sum()),
        reference_unfilled_post_years=float(reference.yearly["unfilled_posts"].sum()),
    )


def _cases(baseline: Baseline, scenario: Scenario, year: int) -> float | None:
    if baseline.open_cases is None:
        return None
    return baseline.open_cases * (1 + scenario.case_growth) ** (year - baseline.base_year + 1)


def _required_posts(baseline: Baseline, scenario: Scenario, year: int) -> float:
    if scenario.posts_basis == "caseload":
        cases = _cases(baseline, scenario, year)
        if cases is None:
            raise ValueError("posts_basis 'caseload' needs the baseline's open cases")
        return cases / scenario.target_caseload
    return baseline.posts


def _simulate(
    baseline: Baseline, scenario: Scenario, places: np.ndarray, until: int | None = None
) -> list[dict[str, Any]]:
    """The year loop over an array of candidate numbers of places at once: every flow is an
    element-wise operation, so one pass serves a single projection (one candidate) and the
    solver (thousands). Rows hold arrays of the same length as `places`."""
    last = scenario.horizon if until is None else until
    if last < baseline.base_year:
        raise ValueError(f"horizon {last} is before the base year {baseline.base_year}")
    n = places.shape[0]
    zeros = np.zeros(n)
    s1 = np.full(n, float(baseline.s1))
    idle = np.full(n, float(baseline.s6))  # Category 6 not studying
    s3 = np.full(n, float(baseline.s3))
    s3_moved = zeros.copy()  # of S3: practitioners moved there from Category 6
    cohorts: dict[int, np.ndarray] = {}  # completion year -> practitioners studying
    length = int(scenario.course_years)
    rows = []
    for year in range(baseline.base_year, last + 1):
        # 1. leavers, from the stocks at the start of the year (S6 in proportion)
        leavers1 = scenario.attrition_s1 * s1
        leavers3 = scenario.attrition_s3 * s3
        hired3 = scenario.attrition_s3 * (s3 - s3_moved) if scenario.replace_s3_leavers else zeros
        s3_moved = s3_moved * (1 - scenario.attrition_s3)
        leavers6 = scenario.attrition_s6 * (idle + sum(cohorts.values(), zeros))
        keep6 = 1 - scenario.attrition_s6
        idle = idle * keep6
        cohorts = {y: c * keep6 for y, c in cohorts.items()}
        s1 = s1 - leavers1
        s3 = s3 - leavers3 + hired3
        # 2. pathways: enrolment (not studying yet), completion, limited posts, redundancy
        done = year + length - 1
        plan = scenario.zero_by
        if plan is not None and year <= plan < done:
            enrolled = zeros  # the plan offers no course that would end after its year
        else:
            enrolled = np.minimum(places + scenario.qualification_share * idle, idle)
        idle = idle - enrolled
        cohorts[done] = cohorts.get(done, zeros) + enrolled
        in_course = sum(cohorts.values(), zeros)
        finishing = cohorts.pop(year, zeros)
        qualified = scenario.completion_share * finishing
        idle = idle + finishing - qualified
        remaining = idle + sum(cohorts.values(), zeros)
        limited = np.minimum(scenario.limited_moves + scenario.limited_share * remaining, remaining)
        left = remaining - limited
        redundant = np.minimum(scenario.redundancies + scenario.redundancy_share * left, left)
        keep = np.where(
            remaining > 0,
            (remaining - limited - redundant) / np.where(remaining > 0, remaining, 1),
            1.0,
        )
        idle = idle * keep
        cohorts = {y: c * keep for y, c in cohorts.items()}
        # the plan's moves: who can no longer qualify by its year (docs/method.md §4)
        moved = zeros
        if plan is not None and (scenario.move_from or plan) <= year <= plan:
            late = [y for y in cohorts if y > plan]
            moved = sum((cohorts.pop(y) for y in late), zeros)
            if year + length > plan:  # too late to enrol next year and finish in time
                moved, idle = moved + idle, zeros
        moved_limited = scenario.move_to_limited * moved
        moved_redundant = moved - moved_limited
        limited, redundant = limited + moved_limited, redundant + moved_redundant
        s6_after = idle + sum(cohorts.values(), zeros)
        # 3. hiring into the posts still empty
        required = _required_posts(baseline, scenario, year)
        to_fill = np.maximum(0.0, required - (s1 + qualified + s6_after))
        allowed = scenario.unqualified_hiring and (
            scenario.unqualified_hiring_until is None or year <= scenario.unqualified_hiring_until
        )
        hired_q = (
            to_fill
            if scenario.fill_from_graduates and not allowed
            else np.minimum(to_fill, scenario.graduates * scenario.graduate_entry_share)
        )
        hired_u = to_fill - hired_q if allowed else zeros
        # 4. end-of-year stocks
        s1 = s1 + qualified + hired_q
        idle = idle + hired_u
        s3 = s3 + limited
        s3_moved = s3_moved + limited
        s6 = idle + sum(cohorts.values(), zeros)
        cases = _cases(baseline, scenario, year)
        staff = s1 + s6
        rows.append(
            {
                "year": year,
                "s1": s1,
                "s6": s6,
                "s3": s3,
                "s3_moved": s3_moved,
                "leavers_s1": leavers1,
                "leavers_s6": leavers6,
                "leavers_s3": leavers3,
                "hired_s3": hired3,
                "enrolled": enrolled,
                "in_course": in_course,
                "studying": sum(cohorts.values(), zeros),
                "qualified": qualified,
                "limited": limited,
                "redundant": redundant,
                "moved_limited": moved_limited,
                "moved_redundant": moved_redundant,
                "hired_qualified": hired_q,
                "hired_unqualified": hired_u,
                "required_posts": required,
                "open_cases": cases,
                "caseload": None if cases is None else _per_worker(cases, staff),
                "unmet_need": required - staff,
                "unfilled_posts": np.maximum(0.0, required - staff),
            }
        )
    return rows


def _per_worker(cases: float, staff: np.ndarray) -> np.ndarray:
    """Open cases per worker; NaN where there is no worker (docs/method.md §2: undefined, not 0)."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        ratio: np.ndarray = np.where(staff > 0, cases / np.where(staff > 0, staff, 1), np.nan)
    return ratio


def _scalar_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows of a one-candidate simulation, as plain numbers (NaN caseload -> None)."""
    out = []
    for r in rows:
        row = {}
        for k, v in r.items():
            if isinstance(v, np.ndarray):
                x = float(v[0])
                row[k] = None if math.isnan(x) else x
            else:
                row[k] = v
        out.append(row)
    return out


def _add_costs(rows: list[dict[str, Any]], costs: Costs | None, base_year: int) -> None:
    cumulative: float | None = 0.0
    personnel: float | None
    training: float | None
    setup: float | None
    total: float | None
    s3_cost: float | None
    for r in rows:
        if costs is None:
            personnel = training = setup = total = s3_cost = None
        else:
            moved_pay = costs.pay_s3 if costs.pay_moved is None else costs.pay_moved
            pays = ((costs.pay_s1, r["s1"]), (costs.pay_s6, r["s6"]), (moved_pay, r["s3_moved"]))
            # A category with people but no pay entered leaves the personnel cost missing;
            # paraprofessionals without a pay are left out of it (not priced, see above).
            missing = any(pay is None and stock > 0 for pay, stock in pays)
            paras = max(0.0, r["s3"] - r["s3_moved"])
            s3_cost = None if costs.pay_s3 is None and paras > 0 else (costs.pay_s3 or 0.0) * paras
            personnel = (
                None
                if missing
                else sum((pay or 0.0) * stock for pay, stock in pays) + (s3_cost or 0.0)
            )
            # Student-years: everyone in a course during the year (docs/method.md §5). An unknown
            # cost is missing only where somebody studied.
            training = (
                0.0
                if r["in_course"] == 0
                else None
                if costs.cost_per_student_year is None
                else r["in_course"] * costs.cost_per_student_year
            )
            setup = costs.setup_cost if r["year"] == base_year else 0.0
            total = None if personnel is None or training is None else personnel + training + setup
        cumulative = None if total is None or cumulative is None else cumulative + total
        r.update(
            cost_personnel=personnel,
            cost_s3=s3_cost,
            cost_training=training,
            cost_setup=setup,
            cost_total=total,
            cost_cumulative=cumulative,
        )


def project(baseline: Baseline, scenario: Scenario, costs: Costs | None = None) -> ProjectionResult:
    """Project the workforce year by year from the base year to the scenario's horizon."""
    rows = _scalar_rows(_simulate(baseline, scenario, np.array([scenario.qualification_places])))
    _add_costs(rows, costs, baseline.base_year)
    yearly = pl.DataFrame(rows, schema=YEARLY_COLUMNS, orient="row")
    already = baseline.s6 < ELIMINATED_BELOW
    year = None
    if not already:
        year = next((int(r["year"]) for r in rows if r["s6"] < ELIMINATED_BELOW), None)
    notes = []
    if scenario.unqualified_hiring:
        notes.append("unqualified_hiring")
    return ProjectionResult(
        baseline=baseline,
        scenario=scenario,
        yearly=yearly,
        elimination_year=year,
        already_eliminated=already,
        remaining_at_horizon=float(rows[-1]["s6"]) if rows else baseline.s6,
        notes=tuple(notes),
    )


def _s6_at(
    baseline: Baseline, scenario: Scenario, places: np.ndarray, target_year: int
) -> np.ndarray:
    """S6 at the end of `target_year` for each candidate number of places."""
    s6: np.ndarray = _simulate(baseline, scenario, places, until=target_year)[-1]["s6"]
    return s6


CHUNK = 4096
"""Candidates evaluated per pass of the solver."""


def min_places_to_eliminate(
    baseline: Baseline, scenario: Scenario, target_year: int = TARGET_YEAR
) -> int | None:
    """The smallest whole number of qualification places per year [enrolments/year] with which
    S6 is below 0.5 at the end of `target_year`, all other assumptions as in `scenario`.

    0 if nothing more is needed; None if no number of places achieves it (for example when the
    course is too long to finish by the target year, completion is low, or unqualified hiring
    keeps refilling Category 6).

    The method (docs/method.md §4) asks for bisection, which is right while S6 falls as places
    rise. That holds without unqualified hiring, but not with it: qualified staff who leave
    faster than Category 6 open posts that unqualified hires refill, so more places can leave
    more in Category 6. The
    solver therefore evaluates every whole number of places up to a bound beyond which nothing
    changes, in vectorised passes, and returns the first that works: bisection's answer wherever
    bisection is valid, and the true smallest where it is not.
    """
    if not baseline.base_year <= target_year <= MAX_HORIZON:
        raise ValueError(f"target_year must be between {baseline.base_year} and {MAX_HORIZON}")
    run = replace(scenario, horizon=max(scenario.horizon, target_year))
    bound = _places_bound(baseline, run, target_year)
    if (
        not run.unqualified_hiring
        and _s6_at(baseline, run, np.array([float(bound)]), target_year)[0] >= ELIMINATED_BELOW
    ):
        return None  # monotone case: if the most places fail, every number fails
    found = _first_places(baseline, run, target_year, bound, lambda s6: s6 < ELIMINATED_BELOW)
    return None if found is None else found[0]


def _places_bound(baseline: Baseline, run: Scenario, target_year: int) -> int:
    """Places a year beyond which nothing changes: enrolments never exceed Category 6 not
    studying, which is at most its start plus every unqualified hire (no more than the posts
    required each year)."""
    posts = sum(
        _required_posts(baseline, run, y) for y in range(baseline.base_year, target_year + 1)
    )
    return math.ceil(baseline.s6 + (posts if run.unqualified_hiring else 0.0)) + 1


NARROW = 128
"""Candidates per pass of the narrowing search (monotone case)."""


def _first_places(
    baseline: Baseline,
    run: Scenario,
    target_year: int,
    bound: int,
    works: Callable[[np.ndarray], np.ndarray],
) -> tuple[int, float] | None:
    """The smallest whole number of places in 0..bound whose S6 at the end of the target year
    `works`, and that S6 (None: none does). Without unqualified hiring, S6 never rises with
    the places, so `works` holds from the answer on: a narrowing search (NARROW evenly spaced
    candidates a pass, then the gap before the first that works) finds it in a few passes, as
    bisection would. Otherwise every candidate is evaluated, CHUNK per pass of the year loop,
    and the first that works is returned."""
    if not run.unqualified_hiring:
        return _narrow(baseline, run, target_year, bound, works)
    for start in range(0, bound + 1, CHUNK):
        candidates = np.arange(start, min(start + CHUNK, bound + 1), dtype=float)
        s6 = _s6_at(baseline, run, candidates, target_year)
        ok = works(s6)
        if ok.any():
            i = int(np.argmax(ok))
            return int(candidates[i]), float(s6[i])
    return None


def _narrow(
    baseline: Baseline,
    run: Scenario,
    target_year: int,
    bound: int,
    works: Callable[[np.ndarray], np.ndarray],
) -> tuple[int, float] | None:
    """`_first_places` where `works` is monotone in the places: the answer is in lo..hi."""
    lo, hi = 0, bound
    while True:
        step = max(1, math.ceil((hi - lo + 1) / NARROW))
        candidates = np.arange(lo, hi + 1, step, dtype=float)
        if candidates[-1] != hi:
            candidates = np.append(candidates, float(hi))
        s6 = _s6_at(baseline, run, candidates, target_year)
        ok = works(s6)
        if not ok.any():
            return None
        i = int(np.argmax(ok))
        if i == 0 or step == 1:
            return int(candidates[i]), float(s6[i])
        lo, hi = int(candidates[i - 1]) + 1, int(candidates[i])


def remaining_with_unlimited_places(
    baseline: Baseline, scenario: Scenario, target_year: int = TARGET_YEAR
) -> float:
    """[persons] S6 at the end of `target_year` if every practitioner not already studying
    could enrol every year: what qualification places alone leave behind."""
    run = replace(scenario, horizon=max(scenario.horizon, target_year))
    return float(_s6_at(baseline, run, np.array([math.inf]), target_year)[0])


@dataclass(frozen=True)
class PlanToZero:
    """The plan to zero Category 6 by a target year (docs/method.md §4, 'The plan to zero')."""

    target_year: int
    places_per_year: int
    """[enrolments/year] P*: the fewest whole places a year beyond which more places change
    nothing that matters (residual within 0.5 of the floor)."""
    must_move_or_leave: float
    """[persons] M = S6 at the end of the target year with P* places and no moves: those whom
    limited-responsibility posts and redundancy must take."""
    remaining_with_unlimited_places: float
    """[persons] The floor: S6 at the end of the target year with unlimited places."""
    move_to_limited: float
    """[0-1] The share of the moves to limited-responsibility posts (the rest: redundancy)."""
    move_from: int
    """The first year of the moves."""
    no_unqualified_from: int | None
    """Where the scenario allowed unqualified appointments: the first year the plan allows
    none (a hire from then on could not qualify by the target year). None: none allowed."""
    result: ProjectionResult
    """The plan: P* places (for courses that end by the target year) and the moves; S6 is
    zero at the end of the target year."""

    @property
    def places_until(self) -> int:
        """The last year a place is offered in the plan (a course must end by the target)."""
        return self.target_year - int(self.result.scenario.course_years) + 1

    @cached_property
    def moves(self) -> pl.DataFrame:
        """year, to_limited, to_redundancy: the plan's moves by year (years with a move)."""
        return self.result.yearly.select(
            "year",
            pl.col("moved_limited").alias("to_limited"),
            pl.col("moved_redundant").alias("to_redundancy"),
        ).filter((pl.col("to_limited") + pl.col("to_redundancy")) > 1e-9)


def residuals(
    baseline: Baseline, scenario: Scenario, places: list[float], target_year: int
) -> list[float]:
    """[persons] residual(P) for each number of places P a year: Category 6 at the end of
    `target_year` without the plan's moves, every other assumption as in `scenario` (what
    the moves must take with P places: docs/method.md §4)."""
    run = replace(scenario, horizon=max(scenario.horizon, target_year))
    return [float(x) for x in _residuals(baseline, run, np.array(places, float), target_year)]


def _residuals(
    baseline: Baseline, scenario: Scenario, candidates: np.ndarray, target_year: int
) -> np.ndarray:
    """residual(P) for each candidate P: S6 at the end of the target year, no plan moves."""
    return _s6_at(
        baseline, replace(scenario, zero_by=None, move_from=None), candidates, target_year
    )


def plan_to_zero(
    baseline: Baseline,
    scenario: Scenario,
    target_year: int = TARGET_YEAR,
    *,
    move_to_limited: float = 1.0,
    move_from: int | None = None,
    costs: Costs | None = None,
) -> PlanToZero:
    """The plan that brings Category 6 to zero by the end of `target_year` (docs/method.md §4):
    P* places a year, and the practitioners who cannot qualify in time (M) moved to
    limited-responsibility posts (`move_to_limited` of them; the rest made redundant) from
    `move_from` (default: the target year) on. Every other assumption as in `scenario`.

    residual(P) never rises with P without unqualified hiring, so the first P within 0.5 of
    the floor is found by a scan that stops at the first hit; with unqualified hiring the same
    scan over every candidate up to the bound gives the true smallest."""
    if not baseline.base_year <= target_year <= MAX_HORIZON:
        raise ValueError(f"target_year must be between {baseline.base_year} and {MAX_HORIZON}")
    run = replace(
        scenario, horizon=max(scenario.horizon, target_year), zero_by=None, move_from=None
    )
    # No new unqualified appointments once those appointed could not qualify in time (a hire
    # of year t can enrol in t + 1 and finish at the end of t + L): from T - L + 1 at latest.
    no_unqualified_from: int | None = None
    if run.unqualified_hiring:
        last = target_year - int(run.course_years)
        if run.unqualified_hiring_until is not None:
            last = min(last, run.unqualified_hiring_until)
        no_unqualified_from = max(last + 1, baseline.base_year)
        # The posts those appointments would have filled go to graduates (an assumption, as
        # in the presets that stop unqualified hiring; the page says how many it takes).
        run = replace(
            run,
            unqualified_hiring=last >= baseline.base_year,
            unqualified_hiring_until=last,
            fill_from_graduates=True,
        )
    floor = float(_residuals(baseline, run, np.array([math.inf]), target_year)[0])
    bound = _places_bound(baseline, run, target_year)
    goal = floor + ELIMINATED_BELOW if floor >= ELIMINATED_BELOW else ELIMINATED_BELOW - 1e-12
    found = _first_places(baseline, run, target_year, bound, lambda s6: s6 <= goal)
    if found is None:  # unqualified hiring refilling S6 beyond any whole number tried
        best = bound
        residual = float(_residuals(baseline, run, np.array([float(best)]), target_year)[0])
    else:
        best, residual = found
    plan = replace(
        run,
        qualification_places=float(best),
        zero_by=target_year,
        move_from=move_from if move_from is not None else target_year,
        move_to_limited=move_to_limited,
    )
    return PlanToZero(
        target_year=target_year,
        places_per_year=best,
        must_move_or_leave=residual,
        remaining_with_unlimited_places=floor,
        move_to_limited=move_to_limited,
        move_from=plan.move_from or target_year,
        no_unqualified_from=no_unqualified_from,
        result=project(baseline, plan, costs),
    )
