"""Golden values for the formulas of docs/method.md §1-2, each worked out by hand."""

from __future__ import annotations

import math

import pytest

from ssw_core import indicators as ind


def test_rate_per_100k():
    # Belarus 2023: 14,000 / 9,178,298 x 100,000 = 1,400,000,000 / 9,178,298 = 152.5337...
    assert ind.rate_per_100k(14_000, 9_178_298) == pytest.approx(152.5337, abs=1e-4)
    # 1 worker per 1,000 people = 100 per 100,000
    assert ind.rate_per_100k(1, 1_000) == 100.0


def test_population_per_worker_and_conversions():
    # Georgia 2018: 3,726,549 / 940 = 3,964.41...
    assert ind.population_per_worker(940, 3_726_549) == pytest.approx(3964.414, abs=1e-3)
    # Malaysia '1 per 8,756': 100,000 / 8,756 = 11.4207...
    assert ind.rate_from_population_per_worker(8756) == pytest.approx(11.42074, abs=1e-5)
    # Cambodia 2009 '2 per 25,000' = 8 per 100,000
    assert ind.rate_from_reported_ratio(2, 25_000) == 8.0


def test_vacancy_rate():
    # Philippines 2022: 2,010 vacant of 9,541 positions -> in post 7,531;
    # 2,010 / (2,010 + 7,531) = 2,010 / 9,541 = 0.21067...
    assert ind.vacancy_rate(2010, 7531) == pytest.approx(0.210670, abs=1e-6)
    assert ind.vacancy_rate(0, 10) == 0.0
    assert ind.vacancy_rate(0, 0) is None


def test_turnover_and_caseload_and_pay():
    assert ind.turnover_rate(15, 120) == 0.125  # 15 leavers / 120 in post
    # Moldova 2025: 60,000 cases / 1,007 assistants = 59.5829...
    assert ind.average_caseload(60_000, 1_007) == pytest.approx(59.5829, abs=1e-4)
    # Kazakhstan 2021 planned: 180,000 / 234,000 = 0.76923; 180,000 / 320,000 = 0.5625
    assert ind.pay_ratio(180_000, 234_000) == pytest.approx(0.769231, abs=1e-6)
    assert ind.pay_ratio(180_000, 320_000) == 0.5625


def test_graduate_shares():
    assert ind.graduate_entry_share(30, 120) == 0.25
    assert ind.retention_share(18, 30) == 0.6


@pytest.mark.parametrize(
    "fn",
    [ind.rate_per_100k, ind.vacancy_rate, ind.turnover_rate, ind.average_caseload, ind.pay_ratio],
)
def test_missing_stays_missing_and_zero_denominator_is_undefined(fn):
    assert fn(None, 10) is None
    assert fn(10, None) is None
    assert fn(5, math.nan) is None


def test_zero_denominators():
    assert ind.rate_per_100k(5, 0) is None
    assert ind.average_caseload(5, 0) is None
    assert ind.pay_ratio(5, 0) is None
    assert ind.rate_from_population_per_worker(0) is None


@pytest.mark.parametrize("bad", [-1, -0.5])
def test_negative_inputs_are_errors(bad):
    with pytest.raises(ValueError, match="must not be negative"):
        ind.rate_per_100k(bad, 100)
    with pytest.raises(ValueError, match="must not be negative"):
        ind.vacancy_rate(1, bad)


def test_non_numbers_are_errors():
    with pytest.raises(TypeError):
        ind.rate_per_100k("12", 100)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ind.pay_ratio(True, 100)  # type: ignore[arg-type]
