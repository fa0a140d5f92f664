"""A small data set built in a test: the tables the Store reads, written as Parquet in a folder,
with only the rows a test gives. Rule tests run on it, so an update of the shipped data does
not break them; the catalogue tables (indicators, texts) are the shipped ones, since the rules
read them as they are.

    folder = small_data(tmp_path, countries=[("AAA", "eca")], population=[pop("AAA", ...)])
    store = Store(folder, tmp_path / "user")
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from ssw_core.schema import ALL_TABLES, TableSchema

REPO = Path(__file__).resolve().parents[2]
SHIPPED = ("indicators", "texts")
SOURCE = {
    "source_id": "src",
    "title": "A test source",
    "publisher": "Tester",
    "pub_year": 2024,
    "source_type": "government",
    "licence": None,
    "tier": "official",
    "locator": "https://example.org/table",
    "n_figures": 1,
    "origin": "shipped",
}


def src(source_id: str, tier: str) -> dict[str, Any]:
    """A source of a quality tier (schema.TIERS)."""
    return SOURCE | {"source_id": source_id, "title": f"Source {source_id}", "tier": tier}


def pop(iso3: str, series: str, year: int, persons: int) -> dict[str, Any]:
    """A population row (age group from the series)."""
    ages = {"sowc_0_17": "0-17", "wpp_0_14": "0-14"}.get(series, "total")
    return {
        "iso3": iso3,
        "series": series,
        "age_group": ages,
        "year": year,
        "persons": persons,
        "variant": "estimate",
        "year_convention": "mid-year",
        "source_id": "src",
        "locator": "test",
        "source_row": 1,
    }


def obs(obs_id: str, geo: str, **fields: Any) -> dict[str, Any]:
    """An observation: a dated head count of Core 3 unless `fields` say otherwise."""
    row: dict[str, Any] = {
        "obs_id": obs_id,
        "source_row": 1,
        "geo": geo,
        "measure": "social workers",
        "link": "indicator",
        "indicator_id": "core3",
        "pillar": 2,
        "label_en": "Social workers",
        "reliability": "standard",
        "unit": "persons",
        "year": 2021,
        "source_id": "src",
        "locator": "test",
        "origin": "shipped",
    }
    return row | fields


def _frame(schema: TableSchema, rows: Iterable[Mapping[str, Any]]) -> pl.DataFrame:
    names = [c.name for c in schema.columns]
    return pl.DataFrame(
        [{n: r.get(n) for n in names} for r in rows], schema=schema.polars_schema(), orient="row"
    )


def small_data(
    folder: Path,
    *,
    countries: Iterable[tuple[str, str]],
    population: Iterable[Mapping[str, Any]] = (),
    observations: Iterable[Mapping[str, Any]] = (),
    sources: Iterable[Mapping[str, Any]] = (),
) -> Path:
    """Write the data set into `folder` (made if needed) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    rows: dict[str, list[Mapping[str, Any]]] = {
        "countries": [
            {"iso3": c, "iso2": c[:2], "region": r, "name_en": f"Country {c}"} for c, r in countries
        ],
        "population": list(population),
        "observations": list(observations),
        "sources": [SOURCE, *sources],
    }
    for schema in ALL_TABLES:
        if schema.name in SHIPPED:
            frame = pl.read_parquet(REPO / "data" / schema.filename)
        else:
            frame = _frame(schema, rows[schema.name])
        frame.write_parquet(folder / schema.filename)
    return folder
