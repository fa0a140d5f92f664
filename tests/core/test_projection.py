"""The projection to 2030 (docs/method.md §4-5): hand-worked golden values and the invariants."""

from __future__ import annotations

import math
from dataclasses import replace

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssw_core.presets import PRESET_NAMES, preset_values, scenario_from_preset
from ssw_core.projection import (
    Baseline,
    Costs,
    Scenario,
    min_places_to_eliminate,
    pay_from_ratio,
    project,
    remaining_with_unlimited_places,
)


def _row(result, year):
    return result.yearly.filter(pl.col("year") == year).row(0, named=True)


def test_simple_elimination_year():
    # 50 in S6, 20 places, one-year course, all complete: 2025 -> 30, 2026 -> 10, 2027 -> 0.
    r = project(Baseline(2025, s1=100, s6=50), Scenario(qualification_places=20))
    assert r.yearly["s6"].to_list() == [30, 10, 0, 0, 0, 0]
    assert r.yearly["s1"].to_list() == [120, 140, 150, 150, 150, 150]
    assert r.elimination_year == 2027 and not r.already_eliminated


def test_course_length_convention():
    # L = 1: an enrolment at the start of 2026 completes at the end of 2026.
    # L = 3: it completes at the end of 2028 (t + L - 1); the practitioners stay in S6 meanwhile.
    one = project(Baseline(2026, s1=0, s6=10), Scenario(qualification_places=10, course_years=1))
    three = project(Baseline(2026, s1=0, s6=10), Scenario(qualification_places=10, course_years=3))
    assert _row(one, 2026)["qualified"] == 10 and one.elimination_year == 2026
    assert [_row(three, y)["qualified"] for y in (2026, 2027, 2028)] == [0, 0, 10]
    assert [_row(three, y)["s6"] for y in (2026, 2027, 2028)] == [10, 10, 0]
    assert _row(three, 2027)["enrolled"] == 0  # nobody is enrolled twice at once
    assert three.elimination_year == 2028


# Every flow active at once: attrition, a two-year course completed by half, moves to limited
# posts, redundancies, graduates and unqualified hires.
_TWO_YEARS = (
    Baseline(2026, s1=100, s6=100, s3=10),
    Scenario(
        horizon=2027,
        qualification_places=30,
        course_years=2,
        completion_share=0.5,
        attrition_s1=0.1,
        attrition_s6=0.1,
        attrition_s3=0.1,
        replace_s3_leavers=False,  # S3's leavers are not replaced (see test_plan for those)
        limited_share=0.1,
        redundancies=5,
        graduates=20,
        graduate_entry_share=0.5,
        unqualified_hiring=True,
    ),
)


def test_every_flow_of_two_years_by_hand():
    b, s = _TWO_YEARS
    r = project(b, s)
    y1, y2 = _row(r, 2026), _row(r, 2027)
    # 2026: leavers 10 / 10 / 1. Enrol 30 of the 90 left (finish end of 2027); nothing
    # completes. Remaining 90: 10 % = 9 to limited posts, then 5 redundant. S6 after = 76.
    # Posts 200 - (90 + 76) = 34 to fill: 10 graduates (20 x 50 %), 24 unqualified.
    assert (y1["leavers_s1"], y1["leavers_s6"], y1["leavers_s3"]) == pytest.approx((10, 10, 1))
    assert (y1["enrolled"], y1["qualified"], y1["limited"], y1["redundant"]) == pytest.approx(
        (30, 0, 9, 5)
    )
    assert (y1["hired_qualified"], y1["hired_unqualified"]) == pytest.approx((10, 24))
    assert (y1["s1"], y1["s6"], y1["s3"]) == pytest.approx((100, 100, 18))
    # 2027: leavers 10 / 10 / 1.8. The cohort (30, kept 76/90 -> 25.33) loses 10 % -> 22.8;
    # it finishes: 11.4 qualify, 11.4 stay. 30 more enrol. Remaining 78.6: 7.86 to limited
    # posts, 5 redundant -> 65.74. To fill 200 - (90 + 11.4 + 65.74) = 32.86: 10 graduates,
    # 22.86 unqualified. S1 = 111.4, S6 = 88.6, S3 = 16.2 + 7.86 = 24.06.
    assert y2["qualified"] == pytest.approx(11.4)
    assert (y2["limited"], y2["redundant"]) == pytest.approx((7.86, 5))
    assert y2["hired_unqualified"] == pytest.approx(22.86)
    assert (y2["s1"], y2["s6"], y2["s3"]) == pytest.approx((111.4, 88.6, 24.06))
    assert y2["required_posts"] == 200 and y2["unmet_need"] == pytest.approx(0)


def test_costs_by_hand():
    b, s = _TWO_YEARS
    c = Costs(
        currency="EUR", pay_s1=100, pay_s6=80, pay_s3=50, cost_per_student_year=10, setup_cost=1000
    )
    y = project(b, s, c).yearly
    # Training is paid per student-year (docs/method.md §5): everyone in a course during the year.
    # 2026: 30 enrol (a 2-year course): 30 student-years.
    # 2027: that cohort, after the limited moves, redundancies and 10 % leavers, is 22.8
    # (see the flows test), plus 30 new: 52.8 student-years.
    assert y["in_course"].to_list() == pytest.approx([30, 52.8])
    # 2026: 100 x 100 + 100 x 80 + 18 x 50 = 18,900; + 30 x 10 + set-up 1,000 = 20,200
    # 2027: 111.4 x 100 + 88.6 x 80 + 24.06 x 50 = 19,431; + 52.8 x 10 = 19,959;
    # cumulative 40,159
    assert y["cost_personnel"].to_list() == pytest.approx([18_900, 19_431])
    assert y["cost_training"].to_list() == pytest.approx([300, 528])
    assert y["cost_total"].to_list() == pytest.approx([20_200, 19_959])
    assert y["cost_cumulative"].to_list() == pytest.approx([20_200, 40_159])
    # Pay entered against teachers (Core 7): 0.77 x 234,000 = 180,180
    assert pay_from_ratio(0.77, 234_000) == pytest.approx(180_180)


def test_missing_pay_leaves_cost_missing_not_zero():
    c = Costs(pay_s1=100, pay_s6=80)  # no pay for S3
    # One practitioner moved into S3 each year, with no pay there: the cost is missing.
    b = Baseline(2026, s1=1, s6=3, s3=5)
    y = project(b, Scenario(horizon=2027, limited_moves=1), c).yearly
    assert y["cost_personnel"].to_list() == [None, None]
    assert y["cost_cumulative"].to_list() == [None, None]
    # Paraprofessionals alone without a pay are not priced (never at another category's pay):
    # the personnel cost is S1's and S6's, and theirs is missing.
    y = project(b, Scenario(horizon=2027), c).yearly
    assert y["cost_personnel"].to_list() == [340, 340]
    assert y["cost_s3"].to_list() == [None, None]
    y = project(Baseline(2026, s1=1, s6=1, s3=0), Scenario(horizon=2027), c).yearly
    assert y["cost_personnel"].to_list() == [180, 180]  # no S3, so no S3 pay is needed
    assert y["cost_s3"].to_list() == [0, 0]


def test_caseload_and_required_posts_follow_open_cases():
    # Open cases 1,500 growing 10 %: end of 2026 = 1,650; end of 2027 = 1,815. Target 15
    # -> 110 and 121 posts. Staff 100 + hires of graduates (no unqualified hiring).
    b = Baseline(2026, s1=80, s6=20, open_cases=1500)
    s = Scenario(
        horizon=2027,
        posts_basis="caseload",
        target_caseload=15,
        case_growth=0.1,
        graduates=100,
        graduate_entry_share=1.0,
    )
    y = project(b, s).yearly
    assert y["open_cases"].to_list() == pytest.approx([1650, 1815])
    assert y["required_posts"].to_list() == pytest.approx([110, 121])
    assert y["s1"].to_list() == pytest.approx([90, 101])
    assert y["caseload"].to_list() == pytest.approx([15, 15])


def test_places_as_a_share_of_category_6():
    # 20 % of Category 6 not studying enrols each year, one-year course, all complete:
    # 100 -> 80 -> 64 (and 5 places on top: 100 - 25 = 75 in the first year).
    y = project(
        Baseline(2026, s1=0, s6=100), Scenario(horizon=2027, qualification_share=0.2)
    ).yearly
    assert y["s6"].to_list() == pytest.approx([80, 64])
    y = project(
        Baseline(2026, s1=0, s6=100),
        Scenario(horizon=2026, qualification_share=0.2, qualification_places=5),
    ).yearly
    assert y["enrolled"].to_list() == pytest.approx([25])


def test_min_places_golden():
    b = Baseline(2025, s1=100, s6=50)
    # 6 years of one-year courses: 50 / 6 = 8.3 -> 9 (8 leaves 2).
    assert min_places_to_eliminate(b, Scenario(), 2030) == 9
    # Two-year courses: only the cohorts of 2025-2029 finish by 2030: 50 / 5 -> 10.
    assert min_places_to_eliminate(b, Scenario(course_years=2), 2030) == 10
    # Nothing needed when Category 6 is already gone, or leaves by itself.
    assert min_places_to_eliminate(Baseline(2025, s1=1, s6=0), Scenario(), 2030) == 0
    assert min_places_to_eliminate(b, Scenario(redundancy_share=1.0), 2030) == 0


@pytest.mark.parametrize(
    "scenario",
    [
        Scenario(completion_share=0.5),  # halves each round: 50 -> 0.78 by 2030
        Scenario(course_years=7),  # no course finishes by 2030
        Scenario(unqualified_hiring=True, attrition_s1=0.1),  # vacancies refill Category 6
    ],
)
def test_min_places_unreachable(scenario):
    b = Baseline(2025, s1=100, s6=50)
    assert min_places_to_eliminate(b, scenario, 2030) is None
    assert remaining_with_unlimited_places(b, scenario, 2030) >= 0.5


def test_remaining_with_unlimited_places_by_hand():
    # Everyone enrols every year, half complete: 50 x 0.5^6 = 0.78 at the end of 2030.
    b = Baseline(2025, s1=0, s6=50)
    assert remaining_with_unlimited_places(
        b, Scenario(completion_share=0.5), 2030
    ) == pytest.approx(50 / 64)


def test_already_eliminated():
    r = project(Baseline(2026, s1=10, s6=0.3), Scenario())
    assert r.already_eliminated and r.elimination_year is None and r.eliminated


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"completion_share": 1.2}, "between 0 and 1"),
        ({"horizon": 2040}, "at most 2035"),
        ({"course_years": 0}, "whole number >= 1"),
        ({"course_years": 1.5}, "whole number >= 1"),
        ({"qualification_places": -1}, "must not be negative"),
        ({"posts_basis": "wishes"}, "posts_basis"),
    ],
)
def test_scenario_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Scenario(**kwargs)


def test_caseload_basis_needs_open_cases_and_horizon_after_base_year():
    with pytest.raises(ValueError, match="open cases"):
        project(Baseline(2026, s1=1, s6=1), Scenario(posts_basis="caseload"))
    with pytest.raises(ValueError, match="before the base year"):
        project(Baseline(2031, s1=1, s6=1), Scenario(horizon=2030))


def test_every_preset_sets_every_assumption():
    import dataclasses

    from ssw_core.presets import PRESETS

    fields = {f.name for f in dataclasses.fields(Scenario)} - {
        "horizon",
        "unqualified_hiring_until",
        "zero_by",
        "move_from",
        "move_to_limited",  # the plan's, set by plan_to_zero
        "replace_s3_leavers",  # the user's choice in every preset (default: replaced)
    }
    for name, values in PRESETS.items():
        assert set(values) == fields, name


def test_presets_are_data_with_notes_and_scale_with_the_country():
    b = Baseline(2026, s1=12, s6=152)
    assert preset_values("pragmatic", b)["qualification_places"] == 23  # 15 % of 152, rounded up
    assert preset_values("ideal", b)["qualification_places"] == 46  # 30 % of 152, rounded up
    assert preset_values("pragmatic", b)["posts_basis"] == "funded"  # no open cases in b
    for name in PRESET_NAMES:
        assert isinstance(scenario_from_preset(name, b), Scenario)
    with pytest.raises(KeyError, match="unknown preset"):
        preset_values("magic", b)


# --- invariants (property tests) -----------------------------------------------------------

shares = st.floats(0, 1)
stocks = st.floats(0, 5000)
baselines = st.builds(
    Baseline,
    base_year=st.integers(2020, 2030),
    s1=stocks,
    s6=stocks,
    s3=stocks,
    open_cases=st.one_of(st.none(), st.floats(0, 200_000)),
)
scenarios = st.builds(
    Scenario,
    horizon=st.just(2035),
    qualification_places=st.floats(0, 3000),
    course_years=st.integers(1, 5),
    completion_share=shares,
    attrition_s1=st.floats(0, 0.3),
    attrition_s6=st.floats(0, 0.3),
    attrition_s3=st.floats(0, 0.3),
    replace_s3_leavers=st.booleans(),
    limited_moves=st.floats(0, 500),
    limited_share=st.floats(0, 0.5),
    redundancies=st.floats(0, 500),
    redundancy_share=st.floats(0, 0.5),
    graduates=st.floats(0, 2000),
    graduate_entry_share=shares,
    unqualified_hiring=st.booleans(),
    posts_basis=st.just("funded"),
)


@settings(max_examples=300, deadline=None)
@given(baselines, scenarios)
def test_people_are_conserved_and_nothing_is_negative(b, s):
    y = project(b, s).yearly
    prev = {"s1": b.s1, "s6": b.s6, "s3": b.s3}
    for r in y.iter_rows(named=True):
        tol = 1e-6 * (1 + prev["s1"] + prev["s6"] + prev["s3"])
        assert r["s1"] == pytest.approx(
            prev["s1"] - r["leavers_s1"] + r["qualified"] + r["hired_qualified"], abs=tol
        )
        assert r["s6"] == pytest.approx(
            prev["s6"]
            - r["leavers_s6"]
            - r["qualified"]
            - r["limited"]
            - r["redundant"]
            + r["hired_unqualified"],
            abs=tol,
        )
        assert r["s3"] == pytest.approx(
            prev["s3"] - r["leavers_s3"] + r["hired_s3"] + r["limited"], abs=tol
        )
        assert r["s3_moved"] <= r["s3"] + tol  # those moved are part of S3
        for key in (
            "s1",
            "s6",
            "s3",
            "leavers_s1",
            "leavers_s6",
            "leavers_s3",
            "hired_s3",
            "s3_moved",
            "enrolled",
            "studying",
            "qualified",
            "limited",
            "redundant",
            "hired_qualified",
            "hired_unqualified",
        ):
            assert r[key] >= -tol, (key, r[key])
        assert r["studying"] <= r["s6"] + tol  # students are part of S6
        prev = {"s1": r["s1"], "s6": r["s6"], "s3": r["s3"]}


def _elimination(b, s):
    r = project(b, s)
    return -1 if r.already_eliminated else (r.elimination_year or math.inf)


@settings(max_examples=300, deadline=None)
@given(baselines, scenarios, st.floats(0, 3000), st.floats(0, 3000))
def test_more_places_never_make_elimination_later(b, s, p1, p2):
    # The method's invariant (docs/method.md §4) holds while no unqualified hiring refills
    # Category 6 (the Call to Action's policy and the model's default). With it, see the
    # counterexample below.

    s = replace(s, unqualified_hiring=False)
    low, high = sorted((p1, p2))
    assert _elimination(b, replace(s, qualification_places=high)) <= _elimination(
        b, replace(s, qualification_places=low)
    )


def test_with_unqualified_hiring_more_places_can_leave_more_in_category_6():
    # Found by review: qualified staff leave at 28 % a year, Category 6 at 1 %; each qualified
    # leaver's post goes to an unqualified hire. 14 places eliminate Category 6 by 2030, 15 do
    # not, so bisection would miss the answer; the solver's exhaustive search finds it.
    b = Baseline(2026, s1=83, s6=78)
    s = Scenario(
        course_years=1,
        completion_share=0.95,
        attrition_s1=0.28,
        attrition_s6=0.01,
        limited_share=0.10,
        graduates=45,
        graduate_entry_share=0.95,
        unqualified_hiring=True,
    )

    def s6_2030(places: float) -> float:
        return project(b, replace(s, qualification_places=places)).yearly["s6"][-1]

    assert s6_2030(14) < 0.5 <= s6_2030(15)
    assert min_places_to_eliminate(b, s, 2030) == min(p for p in range(200) if s6_2030(p) < 0.5)


@settings(max_examples=60, deadline=None)
@given(
    st.builds(Baseline, base_year=st.just(2026), s1=st.floats(0, 120), s6=st.floats(0, 120)),
    st.builds(
        Scenario,
        course_years=st.integers(1, 3),
        completion_share=shares,
        attrition_s1=st.floats(0, 0.4),
        attrition_s6=st.floats(0, 0.4),
        limited_share=st.floats(0, 0.3),
        graduates=st.floats(0, 60),
        graduate_entry_share=shares,
        unqualified_hiring=st.booleans(),
        unqualified_hiring_until=st.one_of(st.none(), st.integers(2026, 2030)),
    ),
)
def test_solver_equals_brute_force(b, s):
    works = [
        p
        for p in range(0, 400)
        if project(b, replace(s, qualification_places=float(p))).yearly["s6"][-1] < 0.5
    ]
    assert min_places_to_eliminate(b, s, 2030) == (works[0] if works else None)


@settings(max_examples=100, deadline=None)
@given(baselines, st.integers(2025, 2035))
def test_zero_flows_leave_the_stocks_unchanged(b, horizon):
    if horizon < b.base_year:
        return
    y = project(b, Scenario(horizon=horizon, course_years=2)).yearly
    assert y["s1"].to_list() == pytest.approx([b.s1] * y.height)
    assert y["s6"].to_list() == pytest.approx([b.s6] * y.height)
    assert y["s3"].to_list() == pytest.approx([b.s3] * y.height)


@settings(max_examples=100, deadline=None)
@given(baselines, scenarios)
def test_min_places_is_the_smallest_that_works(b, s):
    if b.base_year > 2030:
        return

    p = min_places_to_eliminate(b, s, 2030)
    run = replace(s, horizon=2030)
    if p is None:
        if not s.unqualified_hiring:  # monotone: unlimited places are the best case
            assert remaining_with_unlimited_places(b, run, 2030) >= 0.5
        return
    at = project(b, replace(run, qualification_places=p)).yearly.filter(pl.col("year") == 2030)
    assert at["s6"].item() < 0.5
    if p >= 1:
        less = project(b, replace(run, qualification_places=p - 1)).yearly.filter(
            pl.col("year") == 2030
        )
        assert less["s6"].item() >= 0.5


def test_unqualified_hiring_can_end_in_a_given_year():
    # Half of S1 leaves each year. 2026: 5 leave, the policy still allows it -> 5 unqualified
    # hires (S6 10 -> 15). 2027: 2.5 leave, but the policy ended with 2026 -> no hires.
    s = Scenario(
        horizon=2027, attrition_s1=0.5, unqualified_hiring=True, unqualified_hiring_until=2026
    )
    y = project(Baseline(2026, s1=10, s6=10), s).yearly
    assert y["hired_unqualified"].to_list() == [5, 0]
    assert y["s6"].to_list() == [15, 15]
    assert y["s1"].to_list() == [5, 2.5]


def test_every_number_of_a_scenario_and_its_costs_is_declared_once():
    # ssw_core.parameters declares each; Scenario and Costs check what it says, nothing else
    from dataclasses import fields as dataclass_fields

    from ssw_core import parameters
    from ssw_core.projection import Costs

    numbers = {
        f.name
        for cls in (Scenario, Costs)
        for f in dataclass_fields(cls)
        if f.type in ("int", "float", "float | None")
    }
    assert numbers - {"zero_by", "move_from", "unqualified_hiring_until"} == set(
        parameters.PARAMETERS
    )
    with pytest.raises(ValueError, match="case_growth must be between -1 and 10"):
        Scenario(case_growth=-1.0)
    with pytest.raises(ValueError, match="horizon must be a whole number"):
        Scenario(horizon=2030.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="setup_cost must not be negative"):
        Costs(setup_cost=-1)
