"""WISN staffing need (docs/method.md §3): golden values worked out by hand."""

from __future__ import annotations

import pytest

from ssw_core import staffing as s

_YEAR = dict(
    working_days=260,
    public_holidays=10,
    annual_leave=24,
    sick_leave=8,
    other_leave=5,
    hours_per_day=8,
)


def test_available_working_time():
    # (260 - 10 - 24 - 8 - 5) x 8 = 213 x 8 = 1,704 hours a year
    awt = s.available_working_time(**_YEAR)
    assert awt == 1704.0
    # 1,800 contract hours minus 10 % = 1,620
    assert s.awt_from_contract(1800, 10) == 1620.0


def test_required_staff_golden():
    # Component 1: 1,200 cases a year x 20 h; SW = 1,704 / 20 = 85.2 cases per worker-year,
    #   1,200 / 85.2 = 14.0845 workers. Component 2: 600 x 5 h; SW = 340.8; 600 / 340.8 = 1.7606.
    # Sum 15.8451; CAF = 1 / (1 - 20/100) = 1.25 -> 19.8063; IAF = 340.8 h / 1,704 = 0.2.
    # Required = 20.0063; 16 existing -> WISN ratio 16 / 20.0063 = 0.7997, shortage 4.0063.
    r = s.required_staff(
        [(1200, 20), (600, 5)],
        awt_hours=1704,
        category_allowance_pct=20,
        individual_allowance_hours=340.8,
        existing_staff=16,
    )
    assert r.by_component == pytest.approx((14.0845, 1.7606), abs=1e-4)
    assert r.workload_staff == pytest.approx(15.8451, abs=1e-4)
    assert (r.caf, r.iaf) == (1.25, pytest.approx(0.2))
    assert r.required == pytest.approx(20.0063, abs=1e-4)
    assert r.wisn_ratio == pytest.approx(0.7997, abs=1e-4)
    assert r.shortage == pytest.approx(4.0063, abs=1e-4)


def test_required_staff_without_existing_staff_has_no_ratio():
    r = s.required_staff([(100, 17.04)], awt_hours=1704)  # 100 x 17.04 / 1,704 = 1 worker
    assert r.required == pytest.approx(1.0)
    assert r.wisn_ratio is None and r.shortage is None


def test_caseload_capacity_and_the_band_it_implies():
    # 1,704 h x 0.70 direct / (12 months x 8 h per case per month) = 12.425 open cases
    assert s.caseload_capacity(1704, hours_per_case_per_month=8) == pytest.approx(12.425)
    # IFSW's 4-12 h per case per month gives 24.9 to 8.3 cases; 5-10 h gives ~20 to ~10:
    # the 10-20 band falls out of the guidance for a typical working year.
    assert s.caseload_capacity(1704, hours_per_case_per_month=5) == pytest.approx(19.88, abs=0.01)
    assert s.caseload_capacity(1704, hours_per_case_per_month=10) == pytest.approx(9.94, abs=0.01)
    assert s.required_from_caseload(3000, 15) == 200


def test_need_lenses():
    lenses = {
        lens.key: lens
        for lens in s.need_lenses(
            available=150,
            open_cases=3000,
            target_caseload=15,
            funded_posts=170,
            benchmark_per_100k_children=30,
            child_population=500_000,
            workload_required=None,
            national_estimate=400,
        )
    }
    assert lenses["caseload"].required == 200 and lenses["caseload"].gap == 50
    assert lenses["benchmark"].required == 150  # 30 x 500,000 / 100,000
    assert lenses["funded"].gap == 20
    assert lenses["workload"].required is None and lenses["workload"].gap is None
    assert lenses["estimate"].required == 400


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"public_holidays": 300}, "exceed working days"),
        ({"sick_leave": -1}, "must not be negative"),
    ],
)
def test_available_working_time_rejects_impossible_inputs(kwargs, message):
    with pytest.raises(ValueError, match=message):
        s.available_working_time(**{**_YEAR, **kwargs})


def test_required_staff_rejects_impossible_allowances():
    with pytest.raises(ValueError, match="below 100"):
        s.required_staff([(1, 1)], awt_hours=1000, category_allowance_pct=100)
    with pytest.raises(ValueError, match="positive"):
        s.required_staff([(1, 1)], awt_hours=0)
    with pytest.raises(ValueError, match="component 2"):
        s.required_staff([(1, 1), (-3, 1)], awt_hours=1000)


def test_the_calculators_starting_working_time():
    # (260 - 10 - 24 - 8 - 5) days x 8 hours = 213 x 8 = 1,704 hours a year; a 40-hour week
    # is 2,080 contract hours; all but the calendar's 260 days are assumptions the page labels
    start = s.WISN_START
    assert start.available_hours == 1704
    assert start.contract_hours == 2080
    assert s.awt_from_contract(start.contract_hours, start.absent_share * 100) == (
        pytest.approx(2080 * 0.82)
    )
