"""ssw_core.plan: the Scenario lab's model as one call. Golden values worked by hand in the
comments; the rules that fill a missing input; the reference a cost is read against."""

from __future__ import annotations

import itertools
from dataclasses import replace

import polars as pl
import pytest

from ssw_core import baseline, queries
from ssw_core.plan import (
    Pay,
    PlanInputs,
    band_of,
    evaluate,
    resolve_costs,
    standing_still,
    story,
    with_plan,
)
from ssw_core.presets import PRESET_NAMES, scenario_from_preset
from ssw_core.projection import Scenario, project

# docs/method.md §4's worked example: S6 = 300, S1 = 0, base 2026, T = 2030, a 3-year course with
# 80 % completing, nobody leaving, no hiring.
EXAMPLE = Scenario(course_years=3, completion_share=0.8)


def _example(**pay: float) -> PlanInputs:
    return PlanInputs(
        base_year=2026,
        s1=0,
        s6=300,
        s3=0,
        scenario=EXAMPLE,
        pay=Pay(currency="EUR", pay_s1=1000, cost_per_student_year=100, **pay),
    )


def test_the_worked_example_costs_its_student_years_against_standing_still():
    out = evaluate(_example())
    plan = out.plan
    assert plan is not None
    assert (plan.places_per_year, plan.must_move_or_leave) == (100, pytest.approx(60))
    # Cohorts of 100 enrol in 2026, 2027 and 2028 and study three years each: 900
    # student-years at 100 EUR = 90,000 EUR of training. Standing still offers no place.
    assert out.effort.student_years == pytest.approx(900)
    assert out.effort.reference_student_years == 0
    assert out.against.training == pytest.approx(90_000)
    # Nobody leaves either way: 300 people all five years, at 1,000 EUR (S6 at S1's pay,
    # and those moved keep it, by the rules): the same personnel cost.
    assert out.against.personnel == pytest.approx(0)
    assert out.against.total == pytest.approx(90_000)
    assert out.costs.pay_s6 == out.costs.pay_moved == 1000 and out.costs.pay_s3 is None
    assert out.assumed == ("pay_s6_as_s1", "pay_moved_as_s6")  # the 60 moved in 2030
    assert out.unpriced == 0  # no paraprofessional besides those moved
    # The 60 moved in 2030 leave their posts empty at the end of 2030 (the scenario stops
    # unqualified hiring and fills nothing from graduates): a gap, never a saving.
    assert out.effort.unfilled_post_years == pytest.approx(60)
    assert out.effort.reference_unfilled_post_years == 0


def test_a_lower_pay_in_limited_posts_shows_in_personnel():
    # The 60 in S3 for 2030 at 500 instead of 1,000: 60 x -500 = -30,000.
    out = evaluate(_example(pay_s3=500))
    assert out.against.personnel == pytest.approx(-30_000)
    assert out.against.total == pytest.approx(90_000 - 30_000)
    assert out.assumed == ("pay_s6_as_s1",)


def test_without_a_price_of_a_place_the_money_is_missing_and_the_effort_is_not():
    out = evaluate(replace(_example(), pay=Pay(pay_s1=1000)))
    assert out.against.total is None and out.cost_missing == "place_cost"
    assert out.effort.student_years == pytest.approx(900)
    out = evaluate(replace(_example(), pay=Pay()))
    assert out.cost_missing == "pay" and set(out.missing_pay) == {"s1", "s6", "s3"}


def test_pay_rules():
    costs, rules = resolve_costs(Pay(teacher_pay=1000, pay_ratio=0.8))
    assert (costs.pay_s1, costs.pay_s6, costs.pay_moved, costs.pay_s3) == (800, 800, 800, None)
    assert rules == ("pay_s6_as_s1", "pay_moved_as_s6")
    # Paraprofessionals at Category 6's pay only when the user says so.
    costs, rules = resolve_costs(Pay(teacher_pay=1000, pay_ratio=0.8, s3_as_s6=True))
    assert (costs.pay_s3, costs.pay_moved) == (800, 800)
    assert rules == ("pay_s6_as_s1", "pay_moved_as_s6", "pay_s3_as_s6")
    # Social workers' pay itself wins over teachers' pay x ratio; given pays are kept.
    costs, rules = resolve_costs(
        Pay(pay_s1=900, teacher_pay=1000, pay_ratio=0.8, pay_s6=700, pay_s3=400)
    )
    assert (costs.pay_s1, costs.pay_s6, costs.pay_s3, rules) == (900, 700, 400, ())
    assert costs.pay_moved is None  # paid as the paraprofessionals' posts: 400
    costs, rules = resolve_costs(Pay())
    assert (costs.pay_s1, costs.pay_s6, costs.pay_s3, rules) == (None, None, None, ())


# Home care (Category 3) beside the plan: Moldova's case in small. S6 = 300 as in the worked
# example, plus 100 paraprofessionals of whom 10 % leave a year; pay 1,000 for social workers.
def _home_care(**pay: object) -> PlanInputs:
    return replace(
        _example(),
        s3=100,
        scenario=replace(EXAMPLE, attrition_s3=0.1),
        pay=Pay(currency="EUR", pay_s1=1000, cost_per_student_year=100, **pay),  # type: ignore[arg-type]
    )


def test_home_care_keeps_its_posts_and_is_not_priced_as_category_6():
    out = evaluate(_home_care())
    y = out.result.yearly
    # Leavers replaced: 10 leave and 10 are hired every year, 100 throughout.
    assert y["leavers_s3"].to_list() == pytest.approx([10] * 5)
    assert y["hired_s3"].to_list() == pytest.approx([10] * 5)
    assert y["s3"].to_list() == pytest.approx([100] * 5)
    # No paraprofessionals' pay: they are not priced (not at Category 6's 1,000), and said.
    assert y["cost_s3"].null_count() == 5
    assert y["cost_personnel"].to_list() == pytest.approx([300_000] * 5)  # 300 x S6's 1,000
    assert out.unpriced == pytest.approx(100) and "pay_s3_as_s6" not in out.assumed
    # The plan moves 60 in 2030 (they keep Category 6's pay): S3 = 100 + 60 at its end.
    plan = out.costed.yearly
    assert plan["s3"][-1] == pytest.approx(160) and plan["s3_moved"][-1] == pytest.approx(60)
    # Against standing still, as in the worked example: 900 student-years x 100, and the
    # same personnel (300 people at 1,000 either way); home care is the same on both sides.
    assert out.against.personnel == pytest.approx(0)
    assert out.against.total == pytest.approx(90_000)


def test_home_care_priced_at_its_own_pay_or_at_category_6_when_the_user_says_so():
    # Its own pay, 400: 100 x 400 = 40,000 a year in the personnel cost; the 60 moved in
    # 2030 are paid as the posts they take (400): 60 x (400 - 1,000) = -36,000 against
    # standing still, where they stay in Category 6.
    out = evaluate(_home_care(pay_s3=400))
    y = out.result.yearly
    assert y["cost_s3"].to_list() == pytest.approx([40_000] * 5)
    assert y["cost_personnel"].to_list() == pytest.approx([340_000] * 5)
    assert out.unpriced == 0
    assert out.against.personnel == pytest.approx(-36_000)
    # At Category 6's pay, as the user chose: 100 x 1,000 a year, and said.
    out = evaluate(_home_care(s3_as_s6=True))
    assert out.result.yearly["cost_s3"].to_list() == pytest.approx([100_000] * 5)
    assert "pay_s3_as_s6" in out.assumed and out.against.personnel == pytest.approx(0)


def test_home_care_shrinks_only_when_the_user_stops_replacing_its_leavers():
    inputs = _home_care()
    inputs = replace(inputs, scenario=replace(inputs.scenario, replace_s3_leavers=False))
    y = evaluate(inputs).result.yearly
    # 100 x 0.9^5 = 59.049 at the end of 2030: the shrinking the issue saw (23 % at 5 %).
    assert y["s3"][-1] == pytest.approx(59.049) and y["hired_s3"].sum() == 0


def test_an_unknown_s3_starts_at_zero_and_says_so():
    out = evaluate(replace(_example(), s3=None))
    assert out.baseline.s3 == 0 and out.assumed[0] == "s3_unknown"


def test_standing_still_keeps_the_estimates_and_drops_the_choices():
    s = Scenario(
        qualification_places=50,
        attrition_s1=0.1,
        completion_share=0.7,
        limited_share=0.05,
        unqualified_hiring=False,
        fill_from_graduates=True,
        posts_basis="caseload",
        target_caseload=12,
        graduates=40,
    )
    ref = standing_still(s, 2030)
    assert (ref.qualification_places, ref.limited_share, ref.posts_basis) == (0, 0, "funded")
    assert ref.unqualified_hiring and not ref.fill_from_graduates
    assert (ref.attrition_s1, ref.completion_share, ref.graduates) == (0.1, 0.7, 40)


def test_graduates_fill_the_posts_unqualified_hiring_no_longer_fills():
    # 10 qualified in 10 funded posts, 10 % leave a year: 1 post to fill each year.
    from ssw_core.projection import Baseline

    b = Baseline(2026, s1=10, s6=0)
    filled = project(b, Scenario(horizon=2028, attrition_s1=0.1, fill_from_graduates=True))
    assert filled.yearly["hired_qualified"].to_list() == pytest.approx([1, 1, 1])
    assert filled.yearly["s1"].to_list() == pytest.approx([10, 10, 10])
    # While unqualified hiring is allowed, the flag changes nothing: they fill the post.
    hiring = project(
        b,
        Scenario(horizon=2028, attrition_s1=0.1, fill_from_graduates=True, unqualified_hiring=True),
    )
    assert hiring.yearly["hired_qualified"].sum() == 0
    assert hiring.yearly["hired_unqualified"][0] == pytest.approx(1)


def test_caseload_band():
    assert [band_of(x) for x in (None, 9.9, 10, 20, 20.1)] == [
        None,
        "below",
        "within",
        "within",
        "above",
    ]


def test_after_the_target_year_there_is_no_plan_and_the_scenario_is_costed():
    out = evaluate(replace(_example(), base_year=2031, scenario=replace(EXAMPLE, horizon=2033)))
    assert out.plan is None and out.inputs.target_passed
    assert out.effort.student_years == 0  # no places set


def test_the_tornado_moves_a_pay_with_the_pays_that_follow_it():
    # Social workers' pay 1,000 at half (500): Category 6 and limited posts, not entered,
    # follow it by the rules, so the plan's cost is the one with every pay at 500.
    from ssw_core.plan import tornado
    from ssw_core.projection import Costs, plan_to_zero

    inputs = _example()
    pay = next(w for w in tornado(inputs).swings if w.range.name == "pay_s1")
    costs = Costs(currency="EUR", pay_s1=500, pay_s6=500, pay_s3=500, cost_per_student_year=100)
    plan = plan_to_zero(inputs.baseline, EXAMPLE, 2030, costs=costs)
    assert pay.cost_low == pytest.approx(plan.result.yearly["cost_cumulative"][-1])


def test_with_plan_sets_the_plans_levers_on_the_worked_example():
    # docs/method.md §4's worked example: S6 = 300, base 2026, L = 3, c = 0.8, no leavers, no
    # hiring. The plan: 100 places a year (enrolments 2026-2028), 240 qualify, the 60 who do
    # not complete move to limited posts in 2030. With its levers set, the scenario as set
    # is the plan: Category 6 is 0 at the end of 2030, Category 3 has the 60.
    x = PlanInputs(
        base_year=2026, s1=0, s6=300, scenario=Scenario(course_years=3, completion_share=0.8)
    )
    assert evaluate(x).result.yearly["s6"][-1] == 300  # no places: all remain
    planned = with_plan(x)
    assert planned.scenario.qualification_places == 100
    assert (planned.scenario.zero_by, planned.scenario.move_from) == (2030, 2030)
    y = evaluate(planned).result.yearly
    assert y["enrolled"].to_list() == pytest.approx([100, 100, 100, 0, 0])
    assert y["s6"][-1] == 0 and y["s1"][-1] == pytest.approx(240)
    assert y["s3"][-1] == pytest.approx(60)
    assert evaluate(planned).result.elimination_year == 2030
    # the estimates stay as set; the plan of the planned inputs is the same plan
    assert planned.scenario.completion_share == 0.8 and planned.scenario.course_years == 3
    assert with_plan(planned) == planned


def test_with_plan_moves_early_and_splits_as_asked():
    x = PlanInputs(
        base_year=2026,
        s1=0,
        s6=300,
        scenario=Scenario(course_years=3, completion_share=0.8),
        move_to_limited=0.5,
        move_early=True,
    )
    y = evaluate(with_plan(x)).result.yearly
    # the 20 who do not complete at the end of 2028, 2029 and 2030 move each year, half each
    assert y["limited"].to_list() == pytest.approx([0, 0, 10, 10, 10])
    assert y["redundant"].to_list() == pytest.approx([0, 0, 10, 10, 10])
    assert y["s6"][-1] == pytest.approx(0)


def test_with_plan_stops_unqualified_appointments_in_time():
    # Unqualified hiring allowed: the plan stops it from 2028 (a hire of 2028 could not finish
    # a 3-year course by 2030) and graduates fill the posts; set, the scenario reaches zero.
    x = PlanInputs(
        base_year=2026,
        s1=100,
        s6=300,
        scenario=Scenario(
            course_years=3,
            completion_share=0.8,
            attrition_s1=0.05,
            attrition_s6=0.05,
            unqualified_hiring=True,
        ),
    )
    assert evaluate(x).result.yearly["s6"][-1] > 100
    planned = with_plan(x).scenario
    assert (planned.unqualified_hiring, planned.unqualified_hiring_until) == (True, 2027)
    assert planned.fill_from_graduates
    assert evaluate(with_plan(x)).result.yearly["s6"][-1] < 0.5


def test_after_the_target_year_with_plan_changes_nothing():
    x = PlanInputs(base_year=2031, s1=10, s6=10, scenario=Scenario(horizon=2033))
    assert with_plan(x) == x


@pytest.mark.parametrize("preset", PRESET_NAMES)
def test_with_plan_reaches_zero_for_every_country_with_a_starting_point(store, preset):
    checked = 0
    for iso3 in queries.countries(store)["iso3"]:
        proposal = baseline.propose_baseline(store, iso3)
        if not proposal.has_workforce:
            continue
        start = proposal.to_baseline()
        x = PlanInputs(
            base_year=start.base_year,
            s1=start.s1,
            s6=start.s6,
            s3=start.s3,
            open_cases=start.open_cases,
            scenario=scenario_from_preset(preset, start),
        )
        plan = evaluate(x).plan
        assert plan is not None
        planned = evaluate(with_plan(x))
        assert planned.result.scenario.qualification_places == plan.places_per_year, iso3
        end = planned.result.yearly.filter(pl.col("year") == x.target_year)
        assert end["s6"].item() < 0.5, (iso3, preset)
        checked += 1
    assert checked >= 15


def test_the_worked_example_told_in_people():
    """docs/method.md §4's worked example, as the 'Why' view tells it: 300 in Category 6;
    100 places a year in 2026-2028 (a 3-year course started in 2029 would end in 2031);
    300 enrol, 240 qualify, 60 must move (moved in 2030); with 99 places 62.4 would
    (3 never enrolled + 0.2 x 297). A 2-year course: starts until 2029, and those not
    completing in 2027 can enrol again in 2028 or 2029; 149 places leave 12.32 to move
    (by hand: 149 + 149 enrol in 2026-27, 2 idle; 2028: 2 + 29.8 enrol; 2029: 29.8;
    20 % of each second attempt stays: 6.36 + 5.96), 148 would leave 12.64 > 12 + 0.5."""
    told = story(_example())
    assert told is not None
    assert (told.places, told.places_until, told.course_years) == (100, 2028, 3)
    assert told.enrolments == pytest.approx(300) and told.qualified == pytest.approx(240)
    assert told.moved == pytest.approx(60) and told.must_move == pytest.approx(60)
    assert told.left == 0 and told.redundant == 0 and told.floor == pytest.approx(60)
    assert told.fewer == pytest.approx(62.4)
    assert told.shorter is not None
    assert told.shorter[0] == 149 and told.shorter[1] == pytest.approx(12.32)
    # The trade-off: fewer places, more moves; from the plan's places on, flat.
    moves = dict(told.trade_off)
    assert moves[0] == pytest.approx(300) and moves[50] == pytest.approx(180)
    assert moves[200] == pytest.approx(60)
    values = [v for _, v in told.trade_off]
    assert all(a >= b - 1e-9 for a, b in itertools.pairwise(values))
    # Every person accounted for: start - qualified - left - moved - redundant + hired = 0.
    end = told.start - told.qualified - told.left - told.moved - told.redundant
    assert end + told.hired_unqualified == pytest.approx(0, abs=0.5)
