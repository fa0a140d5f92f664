"""The plan to zero Category 6 by 2030 (docs/method.md §4, 'The plan to zero'): places P*, the
practitioners who must move or leave M, and the plan in which S6 is zero at the end of the
target year. Golden cases worked by hand; invariants over many random cases."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ssw_core.projection import (
    Baseline,
    Costs,
    Scenario,
    _residuals,
    cost_against,
    plan_to_zero,
    project,
)


def test_the_worked_example_of_methods():
    # docs/method.md §4: S6 = 300, S1 = 0, base 2026, T = 2030, L = 3, c = 0.8, no leavers,
    # no hiring.
    # Enrolments in 2026, 2027, 2028 end by 2028, 2029, 2030; one in 2029 would end in 2031.
    # P* = 100 (all 300 enrolled by 2028); 240 qualify; M = 60.
    # P = 99: 3 never enrolled + 0.2 x 297 = 62.4 > 60.5.
    b = Baseline(2026, s1=0, s6=300)
    s = Scenario(course_years=3, completion_share=0.8)
    plan = plan_to_zero(b, s, 2030)
    assert plan.places_per_year == 100
    assert plan.must_move_or_leave == pytest.approx(60)
    assert plan.remaining_with_unlimited_places == pytest.approx(60)
    assert _residuals(b, s, np.array([99.0, 100.0]), 2030) == pytest.approx([62.4, 60])
    y = plan.result.yearly
    # The plan: 100 a year in 2026-2028 (no course that ends after 2030), 80 qualify at the
    # end of 2028, 2029 and 2030; the 60 who did not complete move to limited posts in 2030.
    assert y["enrolled"].to_list() == pytest.approx([100, 100, 100, 0, 0])
    assert plan.places_until == 2028
    assert y["qualified"].to_list() == pytest.approx([0, 0, 80, 80, 80])
    assert y["s1"].to_list()[-1] == pytest.approx(240)
    assert y["s6"].to_list()[-1] == 0
    assert y["s3"].to_list()[-1] == pytest.approx(60)
    assert plan.moves.rows() == [(2030, pytest.approx(60), 0.0)]
    # a student-year per year of study: 300 enrolled x 3 years
    assert y["in_course"].to_list() == pytest.approx([100, 200, 300, 200, 100])


def test_moves_as_soon_as_they_can_no_longer_qualify_and_a_split():
    # Same case, moves from 2026, half to limited posts. Who cannot qualify by 2030 at the end
    # of year t: not studying, and t + 3 > 2030 (enrolling next year ends too late): from 2028.
    # The 20 who do not complete at the end of 2028, 2029 and 2030 move each year.
    b = Baseline(2026, s1=0, s6=300)
    plan = plan_to_zero(
        b, Scenario(course_years=3, completion_share=0.8), 2030, move_from=2026, move_to_limited=0.5
    )
    assert plan.moves.rows() == [(2028, 10.0, 10.0), (2029, 10.0, 10.0), (2030, 10.0, 10.0)]
    assert plan.result.yearly["s6"].to_list()[-1] == pytest.approx(0)
    assert plan.result.yearly["s3"].to_list()[-1] == pytest.approx(30)


def test_with_attrition_by_hand():
    # S6 = 100, base 2029, T = 2030, L = 1, c = 0.5, 10 % of S6 leave a year.
    # Unlimited places: 2029: 90 after leavers, all enrol and finish: 45 qualify, 45 stay.
    # 2030: 40.5 after leavers enrol, 20.25 qualify, 20.25 stay: floor = 20.25.
    # With P places (P <= 90): 2029: P enrol, P/2 qualify; S6 = (90 - P) + P/2 at its end.
    # 2030: 0.9 x that after leavers; all enrol if it fits in P (then half stay), else P enrol
    # and half of them qualify. P = 89: S6 2029 = 45.5; 2030: 40.95 enrol, 20.475 stay,
    # within 0.5 of 20.25; P* is the smallest such P, found by the same arithmetic below.
    b = Baseline(2029, s1=0, s6=100)
    s = Scenario(course_years=1, completion_share=0.5, attrition_s6=0.1)
    plan = plan_to_zero(b, s, 2030)
    assert plan.remaining_with_unlimited_places == pytest.approx(20.25)

    def residual(p: float) -> float:  # by hand, for P <= 90 (2030's 0.9 x S6 fits in P)
        s6_2029 = (90 - p) + 0.5 * p
        return 0.5 * 0.9 * s6_2029 if 0.9 * s6_2029 <= p else 0.9 * s6_2029 - 0.5 * p

    p_star = min(p for p in range(0, 101) if residual(p) <= 20.25 + 0.5)
    assert plan.places_per_year == p_star
    assert plan.must_move_or_leave == pytest.approx(residual(p_star))
    assert plan.result.yearly["s6"].to_list()[-1] == pytest.approx(0)


def test_places_alone_suffice_when_the_floor_is_zero():
    # L = 1, c = 1: everybody can qualify in a year; P* is the smallest P with S6 < 0.5.
    b = Baseline(2026, s1=0, s6=100)
    plan = plan_to_zero(b, Scenario(course_years=1, completion_share=1.0), 2030)
    assert plan.remaining_with_unlimited_places == 0
    assert plan.places_per_year == 20  # 5 years x 20 = 100
    assert plan.must_move_or_leave == pytest.approx(0)
    assert plan.moves.height == 0


def test_training_cost_is_per_student_year():
    b = Baseline(2026, s1=0, s6=300)
    c = Costs(pay_s1=0, pay_s6=0, pay_s3=0, cost_per_student_year=1000)
    plan = plan_to_zero(b, Scenario(course_years=3, completion_share=0.8), 2030, costs=c)
    # 900 student-years x 1,000 (a 3-year course costs three years of a place)
    assert plan.result.yearly["cost_training"].sum() == pytest.approx(900_000)


def test_an_already_empty_category_6_needs_nothing():
    plan = plan_to_zero(Baseline(2026, s1=50, s6=0), Scenario(), 2030)
    assert (plan.places_per_year, plan.must_move_or_leave) == (0, 0)


def _case(s6: int, s1: int, years: int, c: float, a6: float, hire: bool):
    scenario = Scenario(
        course_years=years,
        completion_share=c,
        attrition_s6=a6,
        attrition_s1=0.05,
        unqualified_hiring=hire,
    )
    return Baseline(2026, s1=s1, s6=s6, s3=5), scenario


cases = st.builds(
    _case,
    st.integers(0, 400),
    st.integers(0, 200),
    st.integers(1, 4),
    st.sampled_from([0.5, 0.8, 0.9, 1.0]),
    st.sampled_from([0.0, 0.05, 0.1]),
    st.booleans(),
)


@settings(max_examples=40, deadline=None)
@given(cases)
def test_invariants(case):
    b, s = case
    plan = plan_to_zero(b, s, 2030)
    y = plan.result.yearly
    # S6 is exactly zero at the end of the target year in the plan
    assert y.filter(y["year"] == 2030)["s6"].item() == pytest.approx(0, abs=1e-9)
    # no stock or flow is negative
    for col in (
        "s1",
        "s6",
        "s3",
        "enrolled",
        "qualified",
        "limited",
        "redundant",
        "moved_limited",
        "moved_redundant",
        "in_course",
    ):
        assert (y[col] >= -1e-9).all(), col
    # people are conserved: S1 + S6 + S3 change by hires minus leavers minus redundancies
    start = b.s1 + b.s6 + b.s3
    end = y.select(["s1", "s6", "s3"]).row(-1)
    flows = y.select(
        (
            y["hired_qualified"]
            + y["hired_unqualified"]
            - y["leavers_s1"]
            - y["leavers_s6"]
            - y["leavers_s3"]
            - y["redundant"]
        ).sum()
    ).item()
    assert sum(end) == pytest.approx(start + flows, abs=1e-6)
    # M is residual(P*), and within 0.5 of the floor (or P* eliminates outright)
    floor = plan.remaining_with_unlimited_places
    assert plan.must_move_or_leave <= max(floor + 0.5, 0.5) + 1e-9 or s.unqualified_hiring
    if not s.unqualified_hiring:
        # more places never raise what must move or leave
        r = _residuals(b, s, np.arange(0, plan.places_per_year + 20, dtype=float), 2030)
        assert (np.diff(r) <= 1e-9).all()
        # and P* is the smallest within 0.5 of the floor (with a floor below 0.5: the
        # smallest that eliminates, S6 < 0.5)
        if plan.places_per_year > 0:
            before = r[plan.places_per_year - 1]
            assert before > floor + 0.5 - 1e-9 if floor >= 0.5 else before >= 0.5 - 1e-9


def test_zero_flows_leave_stocks_unchanged_and_no_plan_is_as_before():
    b = Baseline(2026, s1=10, s6=20, s3=3)
    before = project(b, Scenario()).yearly
    assert before["s6"].to_list() == [20.0] * 5 and before["s1"].to_list() == [10.0] * 5


def test_cost_is_read_against_the_current_scenario_and_empty_posts_are_a_gap():
    # 10 funded posts, 10 in S6, base 2029, to 2030. Reference: nobody studies, 2 leave a year
    # and unqualified hiring refills them. Scenario: the same leavers, no refill, 5 study.
    b = Baseline(2029, s1=0, s6=10, funded_posts=10)
    c = Costs(pay_s1=100, pay_s6=100, pay_s3=50, cost_per_student_year=7, setup_cost=20)
    ref = project(b, Scenario(horizon=2030, attrition_s6=0.2, unqualified_hiring=True), c)
    mine = project(
        b, Scenario(horizon=2030, attrition_s6=0.2, qualification_places=5, course_years=2), c
    )
    d = cost_against(mine, ref)
    # reference: 10 in post each year: personnel 1,000 + 1,000; set-up 20 (both sides)
    # scenario: 2029: 8 after leavers, 5 enrol -> 800. 2030: 20 % of the 8 leave (the cohort
    # of 5 keeps 4, 2.4 are not studying); the 2.4 enrol; 4 qualify -> 6.4 in post -> 640.
    # Training: 5 + (4 + 2.4) = 11.4 student-years x 7 = 79.8. Empty posts: 2 + 3.6 = 5.6.
    assert d.personnel == pytest.approx(800 + 640 - 2000)
    assert d.training == pytest.approx(79.8)
    assert d.setup == 0
    assert d.total == pytest.approx(-560 + 79.8)
    assert (d.unfilled_post_years, d.reference_unfilled_post_years) == pytest.approx((5.6, 0))


@pytest.mark.parametrize("seed", range(12))
def test_the_narrowing_search_finds_what_a_scan_of_every_number_finds(seed):
    # Without unqualified hiring S6 never rises with the places, so the narrowing search
    # (projection._narrow) must return the first whole number a full scan finds.

    from ssw_core.projection import _narrow, _places_bound, _s6_at

    rng = np.random.default_rng(seed)
    b = Baseline(2026, s1=float(rng.integers(0, 3000)), s6=float(rng.integers(1, 20_000)))
    s = Scenario(
        horizon=2030,
        course_years=int(rng.integers(1, 4)),
        completion_share=float(rng.uniform(0.5, 1)),
        attrition_s6=float(rng.uniform(0, 0.1)),
        limited_share=float(rng.uniform(0, 0.1)),
    )
    bound = _places_bound(b, s, 2030)
    s6 = _s6_at(b, s, np.arange(bound + 1, dtype=float), 2030)
    goal = float(s6.min()) + 0.5
    scan = int(np.argmax(s6 <= goal))
    assert _narrow(b, s, 2030, bound, lambda x: x <= goal) == (scan, pytest.approx(s6[scan]))
