"""One rule gives every country's starting S1 and S6 from the best the data holds
(ssw_core.baseline, steps 1-5), each value tagged sourced, computed or assumption."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssw_core import baseline
from ssw_core.baseline import propose_baseline, regional_benchmark
from ssw_core.store import Store
from tests.support.smalldata import obs, pop, small_data

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def store() -> Store:
    return Store(REPO / "data")


def _split(store: Store, iso3: str):
    p = propose_baseline(store, iso3)
    return (p.s1.value, p.s1.origin, p.s1.note), (p.s6.value, p.s6.origin, p.s6.note)


def test_step_2_qualified_and_staff_holding_cases(store):
    # Kosovo: 12 social workers in centres for social work, 164 officials holding cases
    assert _split(store, "XKX") == (
        (12, "sourced", "qualified_in_post"),
        (152, "assumption", "staff_minus_qualified"),
    )


def test_step_3_staff_holding_cases_split_by_an_assumed_share(store):
    # Moldova: 1,007 community social workers; no source gives the split: 50 % (assumption)
    s1, s6 = _split(store, "MDA")
    assert (s6[0], s6[1], s6[2]) == (504, "assumption", "staff_times_share_assumption")
    assert s1[0] + s6[0] == 1007


def test_step_3_the_overviews_figure_when_no_staff_holding_cases(store):
    # Cambodia: 3,764 government positions (counted as people); Viet Nam: 35,000 people doing
    # social work without official status (Dtinews 2010), not the 70,000 of a careers page
    # (low reliability since the December corrections: never a headline)
    assert _split(store, "KHM") == (
        (1882, "assumption", "total_minus_unqualified"),
        (1882, "assumption", "total_times_share_assumption"),
    )
    assert propose_baseline(store, "KHM").s6.args["unit"] == "positions"
    s1, s6 = _split(store, "VNM")
    assert s1[0] + s6[0] == 35_000


def test_step_4_qualified_only(store):
    # Türkiye: 4,625 social work specialists in the public sector (qualified); S6 unknown:
    # as many (50 % of the total without the qualification, an assumption)
    assert _split(store, "TUR") == (
        (4625, "sourced", "qualified_in_post"),
        (4625, "assumption", "qualified_share_assumption"),
    )


def test_step_5_a_country_without_a_figure_starts_from_its_regions_benchmark(store):
    # Belarus: its only figure counts home-care workers (paraprofessionals); Azerbaijan: no
    # workforce figure at all. Both start from Europe and Central Asia's benchmark, labelled
    # as one, never as their own figure, split by the assumed share (said).
    bench = regional_benchmark(store, "eca")
    assert bench is not None and len(bench.countries) >= 3
    for iso3 in ("BLR", "AZE"):
        p = propose_baseline(store, iso3)
        assert iso3 not in bench.countries
        assert (p.s1.origin, p.s6.origin) == ("benchmark", "benchmark") and p.benchmarked
        assert p.s6.note == "benchmark_times_share_assumption" and p.split_assumed
        persons, _ = baseline._population(store, iso3, None) or (0, 0)
        total = (p.s1.value or 0) + (p.s6.value or 0)
        assert total == round(bench.rate * persons / 100_000)
        assert p.s6.value == round(total * 0.5)
        assert not p.starts_elsewhere("any headline")  # the benchmark says what it is


# The benchmark's formula on a hand-checked case: four countries of one region, three with
# their own dated figures, one without; a country of another region is not counted.
#   AAA: 100 staff holding cases (2021), 1,000,000 people in 2021 -> 10 per 100,000
#   BBB: 300 staff (2020), 2,000,000 people in 2021 (nearest year within 3) -> 15
#   CCC: 40 staff (2021), 1,000,000 people -> 4
#   EEE (another region): 1,000 staff, 1,000,000 people -> 100, not counted
#   DDD: no figure; 3,000,000 people in 2024 (latest), 2,500,000 in 2021.
# Median of 10, 15, 4 = 10 per 100,000 -> DDD: 10 x 3,000,000 / 100,000 = 300, split 50 %
# (no source gives it): S6 = 150, S1 = 150.
def _region(tmp_path, with_ccc: bool = True) -> Store:
    staff = {"std_measure": "caseholding_staff", "indicator_id": "core3"}
    rows = [
        obs("o1", "AAA", value=100, year=2021, **staff),
        obs("o2", "BBB", value=300, year=2020, **staff),
        obs("o4", "EEE", value=1000, year=2021, **staff),
    ]
    if with_ccc:
        rows.append(obs("o3", "CCC", value=40, year=2021, **staff))
    folder = small_data(
        tmp_path / ("full" if with_ccc else "two"),
        countries=[
            ("AAA", "eca"),
            ("BBB", "eca"),
            ("CCC", "eca"),
            ("DDD", "eca"),
            ("EEE", "asean"),
        ],
        population=[
            pop("AAA", "wb_total", 2021, 1_000_000),
            pop("BBB", "wb_total", 2021, 2_000_000),
            pop("CCC", "wb_total", 2021, 1_000_000),
            pop("DDD", "wb_total", 2021, 2_500_000),
            pop("DDD", "wb_total", 2024, 3_000_000),
            pop("EEE", "wb_total", 2021, 1_000_000),
        ],
        observations=rows,
    )
    return Store(folder, tmp_path / "user")


def test_the_benchmarks_formula_on_a_hand_checked_case(tmp_path):
    store = _region(tmp_path)
    bench = regional_benchmark(store, "eca")
    assert bench is not None
    assert bench.countries == ("AAA", "BBB", "CCC")
    assert bench.rates == pytest.approx((10, 15, 4)) and bench.rate == pytest.approx(10)
    p = propose_baseline(store, "DDD")
    assert (p.s1.value, p.s6.value) == (150, 150)
    assert p.s6.args["population"] == 3_000_000 and p.s6.args["pop_year"] == 2024
    assert p.s6.args["countries"] == 3 and p.s6.args["region"] == "eca"
    # A country with its own figure keeps it.
    assert propose_baseline(store, "AAA").s6.origin != "benchmark"


def test_no_benchmark_from_fewer_than_three_countries(tmp_path):
    store = _region(tmp_path, with_ccc=False)
    assert regional_benchmark(store, "eca") is None
    p = propose_baseline(store, "DDD")
    assert (p.s1.value, p.s6.value, p.s6.note) == (None, None, "no_figure")


def test_step_3_a_population_per_social_worker_becomes_a_count(store):
    # Malaysia: 1 social worker per 8,756 people (2019); World Bank population 2019:
    # 33,440,596 -> 33,440,596 / 8,756 = 3,819.2 -> 3,819 persons, split by the data's share
    # without the qualification (90 %): S6 = round(3,819 x 0.9) = 3,437, S1 = 382.
    p = propose_baseline(store, "MYS")
    assert (p.s1.value, p.s6.value) == (382, 3437)
    assert p.s6.note == "ratio_times_share_computed" and p.s6.origin == "computed"
    assert p.s6.args["ratio"] == 8756 and p.s6.args["pop_year"] == 2019


def test_every_country_starts_somewhere(store):
    """All 34: the country's own figures, else its region's benchmark (issue 22)."""
    from ssw_core import queries

    for iso3 in queries.countries(store)["iso3"]:
        p = propose_baseline(store, iso3)
        assert p.s1.value is not None and p.s6.value is not None, iso3
        assert p.has_workforce, iso3


def test_the_room_can_start_from_another_sourced_figure(store):
    """Georgia: the lab starts from the agency's 244 by the data's rule; the room may choose
    the 940 the monitoring pages show (r0216): split 470 / 470 by the assumed 50 %, and said
    to be the figure chosen. A figure that is not a count of the country cannot be chosen."""
    from ssw_core.baseline import propose_start_from, start_figures

    assert "r0216" in start_figures(store, "GEO")
    p = propose_start_from(store, "GEO", "r0216")
    assert (p.s1.value, p.s6.value) == (470, 470)
    assert p.s6.note == "chosen_times_share_assumption" and p.start_obs_ids == ("r0216",)
    with pytest.raises(ValueError, match="not a figure GEO can start from"):
        propose_start_from(store, "GEO", "r0437")  # Moldova's
    # Romania's registered social workers (Category 1 alone): S1, and S6 from the share
    p = propose_start_from(store, "ROU", "a0049")
    assert p.s1.value == 4607 and p.s6.note == "qualified_share_sourced"
