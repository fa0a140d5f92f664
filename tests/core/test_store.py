"""The store: schema checks at the boundary, parameterised queries, SSW_DATA_DIR."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import pytest

from ssw_core import paths, queries
from ssw_core.schema import DataError
from ssw_core.store import Store

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    dst = tmp_path / "data"
    dst.mkdir()
    for f in (REPO / "data").glob("*.parquet"):
        shutil.copy(f, dst / f.name)
    return dst


def test_opens_the_shipped_data(store):
    assert queries.countries(store).height == 34
    assert queries.countries(store, "eca").height == 22
    assert queries.countries(store, "asean")["iso3"].to_list()[:3] == ["BRN", "KHM", "IDN"]


def test_missing_file_names_the_file_and_the_fix(data_copy):
    (data_copy / "sources.parquet").unlink()
    with pytest.raises(DataError, match=r"sources\.parquet: file not found.*python -m ssw_build"):
        Store(data_copy)


def test_corrupt_file_is_named(data_copy):
    (data_copy / "countries.parquet").write_bytes(b"this is not parquet")
    with pytest.raises(DataError, match=r"countries\.parquet: not a readable Parquet file"):
        Store(data_copy)


def test_wrong_type_names_file_column_and_types(data_copy):
    path = data_copy / "population.parquet"
    pl.read_parquet(path).with_columns(pl.col("persons").cast(pl.String)).write_parquet(path)
    with pytest.raises(DataError) as err:
        Store(data_copy)
    msg = str(err.value)
    assert "population.parquet" in msg
    assert "column 'persons' expected type Int64, found String" in msg


def test_missing_column_is_named(data_copy):
    path = data_copy / "observations.parquet"
    pl.read_parquet(path).drop("reliability").write_parquet(path)
    with pytest.raises(DataError, match=r"observations\.parquet: column 'reliability' is missing"):
        Store(data_copy)


def test_empty_required_value_and_closed_vocabulary(data_copy):
    path = data_copy / "countries.parquet"
    df = pl.read_parquet(path)
    df.with_columns(
        pl.when(pl.col("iso3") == "ALB")
        .then(pl.lit("europe"))
        .otherwise(pl.col("region"))
        .alias("region")
    ).write_parquet(path)
    with pytest.raises(
        DataError, match=r"column 'region' has value\(s\) \['europe'\] outside the allowed set"
    ):
        Store(data_copy)
    df.with_columns(pl.lit(None, pl.String).alias("name_en")).write_parquet(path)
    with pytest.raises(DataError, match=r"column 'name_en' has an empty value \(row 1\)"):
        Store(data_copy)


def test_duplicate_key_is_rejected(data_copy):
    path = data_copy / "countries.parquet"
    df = pl.read_parquet(path)
    pl.concat([df, df.head(1)]).write_parquet(path)
    with pytest.raises(DataError, match=r"duplicate key \['iso3'\]"):
        Store(data_copy)


def test_values_are_parameters_not_sql(store):
    hostile = "MDA' OR '1'='1"
    assert queries.observations(store, geo=hostile).height == 0
    assert queries.population(store, iso3="'; DROP TABLE population; --").height == 0
    assert queries.population(store).height == 747  # still there


def test_data_dir_env_redirects(monkeypatch, data_copy):
    monkeypatch.setenv(paths.DATA_DIR_ENV, str(data_copy))
    assert paths.data_dir() == data_copy.resolve()
    assert Store().data_dir == data_copy.resolve()
    monkeypatch.delenv(paths.DATA_DIR_ENV)
    assert paths.data_dir() == paths.DEFAULT_DATA_DIR


def test_fingerprint_changes_when_a_file_changes(data_copy):
    before = Store(data_copy).fingerprint
    path = data_copy / "countries.parquet"
    pl.read_parquet(path).write_parquet(path, compression="uncompressed")
    assert Store(data_copy).fingerprint != before


def test_observations_carry_their_source(store):
    obs = (
        queries.observations(store, geo="BLR", indicator_id="core3")
        .filter(pl.col("year") == 2023)
        .row(0, named=True)
    )
    assert obs["source_id"] == "blr_belta_2023"
    assert obs["source_publisher"].startswith("BelTA")
    assert obs["source_year"] == 2023
    assert obs["locator"].startswith("https://www.belta.by/")
    assert obs["source_tier"] == "press_research"


def test_every_observation_has_a_known_source(store):
    orphans = store.query(
        "SELECT count(*) AS n FROM observations o ANTI JOIN sources s USING (source_id)"
    )
    assert orphans["n"].item() == 0
