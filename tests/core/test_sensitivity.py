"""Which assumption moves the plan to zero most: the ranges follow the stated rule, and each
end of a range is the plan computed with that one value changed."""

from __future__ import annotations

import pytest

from ssw_core.presets import scenario_from_preset
from ssw_core.projection import Baseline, Costs, plan_to_zero
from ssw_core.sensitivity import ranges, sensitivity

B = Baseline(2026, s1=500, s6=500, s3=1000, open_cases=15_000)
C = Costs(pay_s1=100.0, pay_s6=100.0, pay_s3=60.0, cost_per_student_year=20.0)


def test_the_ranges_follow_the_rule():
    s = scenario_from_preset("pragmatic", B)
    found = {r.name: (r.low, r.high, r.reason) for r in ranges(B, s, C)}
    # the Call to Action's band
    assert found["target_caseload"] == (10, 20, "caseload_band")
    # the presets span 3 (current) and 2 (pragmatic, ideal) years; completion 0.8 to 0.9
    assert found["course_years"] == (2, 3, "presets_span")
    assert found["completion_share"] == (0.8, 0.9, "presets_span")
    assert found["graduate_entry_share"] == (0.3, 0.7, "presets_span")
    # every preset says 5 % of S6 leave: half to one and a half times
    assert found["attrition_s6"] == pytest.approx((0.025, 0.075, "half_either_side"))
    assert found["cost_per_student_year"] == (10.0, 30.0, "half_either_side")
    assert found["pay_s1"] == (50.0, 150.0, "half_either_side")
    # growth of cases is 0 in every preset and as set: nothing to move
    assert "case_growth" not in found


def test_the_value_set_widens_the_span_of_the_presets():
    s = scenario_from_preset("pragmatic", B)
    from dataclasses import replace

    found = {r.name: r for r in ranges(B, replace(s, course_years=2), C)}
    assert (found["course_years"].low, found["course_years"].high) == (2, 3)  # presets differ
    one = {r.name: r for r in ranges(B, replace(s, course_years=5), C)}
    assert (one["course_years"].low, one["course_years"].high) == (2, 5)


def test_each_end_is_the_plan_with_that_value():
    from dataclasses import replace

    s = scenario_from_preset("pragmatic", B)
    found = sensitivity(B, s, C)
    assert found.base_places == plan_to_zero(B, s, 2030, costs=C).places_per_year
    course = next(w for w in found.swings if w.range.name == "course_years")
    assert course.places_low == plan_to_zero(B, replace(s, course_years=2), 2030).places_per_year
    assert course.places_high == plan_to_zero(B, replace(s, course_years=3), 2030).places_per_year
    pay = next(w for w in found.swings if w.range.name == "pay_s1")
    assert (pay.places_low, pay.places_high) == (found.base_places,) * 2  # pay moves no place
    assert pay.cost_low is not None and found.base_cost is not None
    assert pay.cost_low < found.base_cost < pay.cost_high
    # the largest swing of places first
    swings = [w.places_swing(found.base_places) for w in found.swings]
    assert swings == sorted(swings, reverse=True)
