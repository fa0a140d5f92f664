"""Core 3 rates and the headline rule, against values worked out by hand from the raw CSV."""

from __future__ import annotations

import polars as pl
import pytest

from ssw_core import workforce


@pytest.fixture(scope="module")
def rates(store) -> pl.DataFrame:
    return workforce.core3_figures(store)


def _one(frame: pl.DataFrame, geo: str, measure: str) -> dict:
    rows = frame.filter((pl.col("geo") == geo) & (pl.col("measure") == measure))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_belarus_same_year_population_and_no_rate_per_child_for_home_care(rates):
    r = _one(rates.filter(pl.col("year") == 2023), "BLR", "social_workers_homecare")
    # 14,000 / 9,178,298 (WB 2023) x 100,000 = 152.5337
    assert (r["pop_year"], r["pop_persons"]) == (2023, 9_178_298)
    assert r["rate_pop"] == pytest.approx(152.5337, abs=1e-4)
    # Home-care workers serve adults: a rate per child (it was 736 per 100,000) means nothing
    assert r["serves"] == "adults"
    assert (r["rate_children"], r["child_series"]) == (None, None)
    assert r["basis"] == "computed"


def test_georgia_2018_uses_2021_children_within_three_years(rates):
    r = _one(rates.filter(pl.col("year") == 2018), "GEO", "social_workers_total")
    # 940 / 3,726,549 x 100,000 = 25.2244; 940 / 920,093 x 100,000 = 102.1636
    assert r["rate_pop"] == pytest.approx(25.2244, abs=1e-4)
    assert r["rate_children"] == pytest.approx(102.1636, abs=1e-4)


def test_moldova_2025_nearest_population_and_0_14_fallback(rates):
    r = _one(rates, "MDA", "community_social_assistants")
    # No WB 2025: nearest is 2024 (2,402,306). 1,007 / 2,402,306 x 100,000 = 41.9181
    assert (r["pop_year"], r["pop_persons"]) == (2024, 2_402_306)
    assert r["rate_pop"] == pytest.approx(41.9181, abs=1e-4)
    # SOWC 0-17 (2021) is 4 years away, so WPP 0-14 2025 (585,269): 172.0576 per 100,000 aged 0-14
    assert (r["child_series"], r["child_age_group"], r["child_year"]) == ("wpp_0_14", "0-14", 2025)
    assert r["rate_children"] == pytest.approx(172.0576, abs=1e-4)


def test_old_counts_get_no_rate_beyond_the_gap(rates):
    r = _one(rates.filter(pl.col("year") == 2002), "GEO", "social_workers_total")
    assert r["rate_pop"] is None and r["rate_children"] is None  # WB starts in 2015


def test_undated_counts_get_no_rate(rates):
    r = _one(rates, "XKX", "social_workers_in_csw")
    assert r["year"] is None
    assert r["rate_pop"] is None and r["rate_children"] is None and r["basis"] is None


def test_reported_rates_are_converted_and_marked(rates):
    mys = _one(rates.filter(pl.col("value") == 8756), "MYS", "population_per_social_worker")
    assert mys["basis"] == "reported"
    assert mys["rate_pop"] == pytest.approx(100_000 / 8756)
    khm = _one(rates, "KHM", "social_workers_per_25000_population")
    assert (khm["rate_pop"], khm["persons_per_worker"]) == (8.0, 12_500.0)
    khm_children = _one(rates, "KHM", "social_workers_per_100k_children")
    assert khm_children["rate_children"] == 64.4 and khm_children["rate_pop"] is None


def test_posts_get_a_rate_per_population_but_none_per_child(rates):
    # Cambodia: 3,764 government positions (2021) / 16,974,000-odd (WB 2021) = 22.17 per
    # 100,000; no rate per child for posts (the minister's own 64.4 stays, as reported)
    r = _one(rates, "KHM", "social_worker_positions_government")
    assert r["rate_pop"] == pytest.approx(22.1747, abs=1e-4)
    assert r["rate_children"] is None
    assert _one(rates, "KHM", "social_workers_per_100k_children")["rate_children"] == 64.4


def test_rates_never_mix_series(rates):
    computed = rates.filter(pl.col("basis") == "computed")
    assert set(computed["pop_series"].drop_nulls()) == {"wb_total"}
    assert set(computed["child_series"].drop_nulls()) <= {"sowc_0_17", "wpp_0_14"}


def test_headline_rule(store):
    head = workforce.headline_figures(store)
    pick = dict(zip(head["geo"], head["measure"], strict=True))
    assert head["geo"].n_unique() == head.height == 25
    # Georgia: the 2018 all-employer count (reported) beats the 2002 count and the one-agency
    # figures of better tiers: a national count before one agency's
    assert pick["GEO"] == "social_workers_total"
    assert head.filter(pl.col("geo") == "GEO")["year"].item() == 2018
    # Moldova, all 2025 and reported: unstated category ranks before category 3 (home care)
    assert pick["MDA"] == "community_social_assistants"
    # Kyrgyzstan: the ministry's own 2024 release beats the 2026 news-agency one (tier)
    kgz = head.filter(pl.col("geo") == "KGZ").row(0, named=True)
    assert (kgz["value"], kgz["year"], kgz["source_tier"]) == (927, 2024, "official")
    # Viet Nam: 70,000 from a careers page (low reliability) never headlines
    assert pick["VNM"] == "people_in_unofficial_social_work"
    # Low reliability never headlines: Armenia's only count (a holiday-calendar site) is
    # absent; Ukraine shows UNICEF's 3,260 (its crowdfunding 250,000 is withdrawn)
    assert "ARM" not in pick and pick["UKR"] == "social_workers_child_family"
    assert (head["reliability"] == "low").sum() == 0
    # An 'other' tier figure headlines only where nothing better exists
    others = head.filter(pl.col("source_tier") == "other")["geo"].to_list()
    assert sorted(others) == ["SRB", "TUR", "XKX"]
    # Countries with nothing are absent, not zero (Montenegro's union members and Armenia's
    # pilot staff are context, not counts of the workforce)
    assert not {"ARM", "BRN", "BIH", "MNE", "GRC"} & set(pick)
