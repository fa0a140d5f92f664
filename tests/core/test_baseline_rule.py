"""One rule gives every country's starting S1 and S6 from the best the data holds
(ssw_core.baseline, steps 1-5), each value tagged sourced, computed or assumption."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssw_core.baseline import propose_baseline
from ssw_core.store import Store

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


def test_step_5_nothing_is_made_up(store):
    # Belarus: its only figure counts home-care workers (paraprofessionals): no S1 or S6;
    # Azerbaijan: no workforce figure at all
    for iso3 in ("BLR", "AZE"):
        (v1, _, n1), (v6, _, n6) = _split(store, iso3)
        assert (v1, v6, n1, n6) == (None, None, "no_figure", "no_figure")


def test_step_3_a_population_per_social_worker_becomes_a_count(store):
    # Malaysia: 1 social worker per 8,756 people (2019); World Bank population 2019:
    # 33,440,596 -> 33,440,596 / 8,756 = 3,819.2 -> 3,819 persons, split by the data's share
    # without the qualification (90 %): S6 = round(3,819 x 0.9) = 3,437, S1 = 382.
    p = propose_baseline(store, "MYS")
    assert (p.s1.value, p.s6.value) == (382, 3437)
    assert p.s6.note == "ratio_times_share_computed" and p.s6.origin == "computed"
    assert p.s6.args["ratio"] == 8756 and p.s6.args["pop_year"] == 2019
