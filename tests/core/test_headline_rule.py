"""The rule that picks one Core 3 figure to stand for a country (workforce.headline_figures),
each step on a small data set built here: one country per step, two or more figures that the
step alone tells apart. tests/core/test_workforce.py checks named picks of the shipped data."""

from __future__ import annotations

from pathlib import Path

from ssw_core import workforce
from ssw_core.store import Store
from tests.support.smalldata import obs, pop, small_data, src

CASES: dict[str, list[dict]] = {
    # never a figure of low reliability, however large, official or recent
    "LOW": [
        obs("LOW-a", "LOW", value=999.0, reliability="low", year=2023),
        obs("LOW-b", "LOW", value=10.0, source_id="press"),
    ],
    # a tier 'other' figure only where nothing better exists
    "OTH": [
        obs("OTH-a", "OTH", value=500.0, source_id="other", year=2023),
        obs("OTH-b", "OTH", value=5.0, source_id="press"),
    ],
    "OTO": [obs("OTO-a", "OTO", value=7.0, source_id="other")],
    # a national count (reported) before one agency's (partial), even from a lower tier
    "PAR": [
        obs("PAR-a", "PAR", value=50.0, coverage="partial"),
        obs("PAR-b", "PAR", value=40.0, coverage="reported", source_id="press"),
    ],
    # then the better tier
    "TIR": [
        obs("TIR-a", "TIR", value=50.0, source_id="press", year=2023),
        obs("TIR-b", "TIR", value=40.0),
    ],
    # dated before undated
    "DAT": [obs("DAT-a", "DAT", value=50.0, year=None), obs("DAT-b", "DAT", value=5.0, year=2010)],
    # categories 1, 6, unstated, 2, 3, before the year
    "CAT": [
        obs("CAT-a", "CAT", value=9.0, category=3, year=2023),
        obs("CAT-b", "CAT", value=9.0, year=2022),
        obs("CAT-c", "CAT", value=9.0, category=6, year=2020),
        obs("CAT-d", "CAT", value=9.0, category=1, year=2015),
    ],
    # then the latest year, then the larger value
    "YRS": [obs("YRS-a", "YRS", value=50.0, year=2019), obs("YRS-b", "YRS", value=10.0)],
    "VAL": [obs("VAL-a", "VAL", value=10.0), obs("VAL-b", "VAL", value=20.0)],
    # totals only: a count of women never stands for the country
    "BRK": [
        obs("BRK-a", "BRK", value=80.0, sex="female", year=2023),
        obs("BRK-b", "BRK", value=60.0, year=2020),
    ],
    # nothing but a figure of low reliability: absent, not zero
    "NON": [obs("NON-a", "NON", value=3.0, reliability="low")],
}
EXPECTED = {
    "LOW": "LOW-b",
    "OTH": "OTH-b",
    "OTO": "OTO-a",
    "PAR": "PAR-b",
    "TIR": "TIR-b",
    "DAT": "DAT-b",
    "CAT": "CAT-d",
    "YRS": "YRS-b",
    "VAL": "VAL-b",
    "BRK": "BRK-b",
}


def _store(tmp_path: Path) -> Store:
    geos = sorted(CASES)
    folder = small_data(
        tmp_path / "data",
        countries=[(g, "eca") for g in geos],
        population=[pop(g, "wb_total", 2021, 1_000_000) for g in geos],
        observations=[
            o | {"coverage": o.get("coverage") or "reported"} for c in CASES.values() for o in c
        ],
        sources=[src("press", "press_research"), src("other", "other")],
    )
    return Store(folder, tmp_path / "user")


def test_each_step_of_the_headline_rule(tmp_path):
    head = workforce.headline_figures(_store(tmp_path))
    assert dict(zip(head["geo"], head["obs_id"], strict=True)) == EXPECTED
