"""Values computed from pairs of figures: golden values and the pairing rules."""

from __future__ import annotations

import polars as pl
import pytest

from ssw_core import derive, queries
from ssw_core.schema import OBSERVATIONS


def test_shipped_derived_values(store):
    d = derive.derived_values(store).sort("derived_id")
    got = {(r["geo"], r["formula"]): r for r in d.iter_rows(named=True)}
    assert set(got) == {
        ("KAZ", "pay_ratio_teachers"),
        ("KAZ", "pay_ratio_health"),
        ("PHL", "vacancy_rate"),
    }
    # 2,010 vacant of 9,541 positions: 2,010 / 9,541 = 0.210670
    assert got[("PHL", "vacancy_rate")]["value"] == pytest.approx(0.210670, abs=1e-6)
    assert got[("PHL", "vacancy_rate")]["coverage"] == "reported"
    # planned 2021 pay: 180,000 / 234,000 = 0.769231; 180,000 / 320,000 = 0.5625
    assert got[("KAZ", "pay_ratio_teachers")]["value"] == pytest.approx(0.769231, abs=1e-6)
    assert got[("KAZ", "pay_ratio_health")]["value"] == 0.5625
    assert got[("KAZ", "pay_ratio_teachers")]["coverage"] == "partial"


def _obs(rows: list[dict]) -> pl.DataFrame:
    base = dict.fromkeys(OBSERVATIONS.polars_schema())
    base.update(coverage="reported", qualifier=None, unit="persons")
    return pl.DataFrame(
        [{**base, **r} for r in rows], schema=OBSERVATIONS.polars_schema(), orient="row"
    )


def test_pairs_only_within_one_country_and_year():
    obs = _obs(
        [
            {
                "obs_id": "a",
                "geo": "AAA",
                "year": 2020,
                "std_measure": "open_cases",
                "value": 100.0,
            },
            {
                "obs_id": "b",
                "geo": "AAA",
                "year": 2021,
                "std_measure": "caseholding_staff",
                "value": 5.0,
            },
            {
                "obs_id": "c",
                "geo": "BBB",
                "year": 2020,
                "std_measure": "caseholding_staff",
                "value": 5.0,
            },
        ]
    )
    assert derive.derive_values(obs).is_empty()


def test_pay_needs_the_same_currency():
    common = {"geo": "AAA", "year": 2020}
    obs = _obs(
        [
            {**common, "obs_id": "a", "std_measure": "pay_sw", "value": 100.0, "unit": "EUR"},
            {**common, "obs_id": "b", "std_measure": "pay_teachers", "value": 200.0, "unit": "USD"},
        ]
    )
    assert derive.derive_values(obs).is_empty()


def test_vacancy_from_staff_in_post_is_preferred_and_partial_propagates():
    common = {"geo": "AAA", "year": 2020}
    obs = _obs(
        [
            {**common, "obs_id": "v", "std_measure": "posts_vacant", "value": 20.0},
            {
                **common,
                "obs_id": "s",
                "std_measure": "staff_in_post",
                "value": 80.0,
                "coverage": "partial",
            },
            {**common, "obs_id": "t", "std_measure": "posts_total", "value": 999.0},
        ]
    )
    d = derive.derive_values(obs).row(0, named=True)
    assert d["value"] == 0.2  # 20 / (20 + 80)
    assert d["denominator_obs"] == "s"
    assert d["coverage"] == "partial"


def test_impossible_totals_yield_nothing():
    obs = _obs(
        [
            {
                "obs_id": "v",
                "geo": "AAA",
                "year": 2020,
                "std_measure": "posts_vacant",
                "value": 20.0,
            },
            {
                "obs_id": "t",
                "geo": "AAA",
                "year": 2020,
                "std_measure": "posts_total",
                "value": 10.0,
            },
        ]
    )
    assert derive.derive_values(obs).is_empty()


def test_every_pairing_figure_in_the_data_takes_part(store):
    obs = queries.observations(store, link="indicator")
    used = derive.derived_values(store)
    ids = set(used["numerator_obs"]) | set(used["denominator_obs"])
    pairing = obs.filter(
        pl.col("year").is_not_null() & pl.col("std_measure").is_in(derive.PAIRING_ROLES)
    )
    # Every dated figure with a pairing role takes part, except the pay of Belarus, Bulgaria,
    # Georgia and Kyrgyzstan (no comparator in the data) and the case-holding staff of Georgia
    # and Moldova (no open-case count).
    unpaired = pairing.filter(~pl.col("obs_id").is_in(list(ids)))
    assert sorted(unpaired["geo"].to_list()) == [
        "BGR",
        "BLR",
        "GEO",
        "GEO",
        "GEO",
        "GEO",
        "GEO",
        "KGZ",
        "MDA",
    ]
