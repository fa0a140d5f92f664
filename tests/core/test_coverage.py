"""Coverage of the 14 indicators: statuses and the headline finding."""

from __future__ import annotations

import polars as pl

from ssw_core import coverage


def test_matrix_shape_and_summary(store):
    m = coverage.coverage_matrix(store)
    assert m.height == 34 * 14
    s = coverage.coverage_summary(m)
    assert s == {
        "reported": 12,
        "partial": 41,
        "missing": 423,
        "cells": 476,
        "indicators_with_data": 8,
        "countries_with_data": 27,
    }


def test_region_filter(store):
    m = coverage.coverage_matrix(store, "eca")
    assert m["iso3"].n_unique() == 22


def test_known_cells(store):
    m = coverage.coverage_matrix(store)
    status = {(r["iso3"], r["indicator_id"]): r["status"] for r in m.iter_rows(named=True)}
    assert status[("BLR", "core3")] == "reported"  # national, dated home-care count
    assert status[("PHL", "other4a")] == "reported"  # computed from reported figures
    assert status[("KAZ", "core7")] == "partial"  # planned pay only
    assert status[("XKX", "core3")] == "partial"  # undated
    assert status[("ARM", "core3")] == "partial"  # low reliability
    assert status[("MNG", "core3")] == "partial"
    assert all(status[("BRN", i)] == "missing" for i in m["indicator_id"].unique())
    # By rule, not by hand: a law regulating the profession answers part of Core 1 (Georgia's
    # 2018 Law on Social Work); an adopted workforce plan answers part of Core 2 (Cambodia's
    # Strategic Plan on the Social Service Workforce 2022-2031)
    core12 = m.filter(
        pl.col("indicator_id").is_in(["core1", "core2"]) & (pl.col("status") != "missing")
    )
    assert sorted(core12.select("iso3", "indicator_id", "status").rows()) == [
        ("GEO", "core1", "partial"),
        ("HRV", "core1", "partial"),
        ("IDN", "core1", "partial"),
        ("KHM", "core2", "partial"),
        ("PHL", "core1", "partial"),
        ("ROU", "core1", "partial"),
        ("THA", "core1", "partial"),
        ("TJK", "core2", "partial"),
    ]
    # Nobody has data on curricula, development standards or allied competencies
    for ind in ("core4", "core5", "core6", "core8", "other3a", "other4c"):
        assert m.filter(
            (pl.col("indicator_id") == ind) & (pl.col("status") != "missing")
        ).is_empty()


def test_computed_values_are_counted(store):
    m = coverage.coverage_matrix(store)
    phl = m.filter((pl.col("iso3") == "PHL") & (pl.col("indicator_id") == "other4a")).row(
        0, named=True
    )
    assert (phl["n_figures"], phl["n_computed"]) == (3, 1)
