"""Data coverage: for each country and each of the 14 indicators, is there data?

- reported: at least one dated figure that measures the indicator as Annex 1 defines it,
  for at least one of its categories, at national scope;
- partial: only figures that answer part of it (undated, one agency or area, planned rather
  than actual, cumulative rather than annual, a range, a different comparator, low reliability);
- missing: nothing in the data.

Computed values (derive.py) count like the figures they come from. The lack of comparable
data is itself a finding of the Call to Action, so `missing` is a result, not an error.
"""

from __future__ import annotations

import polars as pl

from ssw_core import derive, queries
from ssw_core.store import Store

STATUSES = ("reported", "partial", "missing")


def coverage_matrix(store: Store, region: str | None = None) -> pl.DataFrame:
    """One row per (country, indicator): status, number of figures, number computed."""
    countries = queries.countries(store, region).select("iso3", "name_en", "region")
    inds = queries.indicators(store).select("indicator_id", "code", "pillar", "sort_order")
    obs = queries.observations(store, link="indicator")
    figures = pl.concat(
        [
            obs.select(
                pl.col("geo").alias("iso3"),
                "indicator_id",
                "coverage",
                pl.lit(False).alias("computed"),
            ),
            derive.derive_values(obs).select(
                pl.col("geo").alias("iso3"),
                "indicator_id",
                "coverage",
                pl.lit(True).alias("computed"),
            ),
        ]
    )
    agg = figures.group_by("iso3", "indicator_id").agg(
        pl.len().cast(pl.Int32).alias("n_figures"),
        pl.col("computed").sum().cast(pl.Int32).alias("n_computed"),
        (pl.col("coverage") == "reported").any().alias("_any_reported"),
    )
    grid = countries.join(inds, how="cross").join(agg, on=["iso3", "indicator_id"], how="left")
    return grid.with_columns(
        pl.when(pl.col("n_figures").is_null())
        .then(pl.lit("missing"))
        .when(pl.col("_any_reported"))
        .then(pl.lit("reported"))
        .otherwise(pl.lit("partial"))
        .alias("status"),
        pl.col("n_figures").fill_null(0),
        pl.col("n_computed").fill_null(0),
    ).drop("_any_reported")


def coverage_summary(matrix: pl.DataFrame) -> dict[str, int]:
    """Counts of cells per status, plus the number of cells and of indicators with any data."""
    counts = {s: int(matrix.filter(pl.col("status") == s).height) for s in STATUSES}
    counts["cells"] = matrix.height
    counts["indicators_with_data"] = int(
        matrix.filter(pl.col("status") != "missing")["indicator_id"].n_unique()
    )
    counts["countries_with_data"] = int(
        matrix.filter(pl.col("status") != "missing")["iso3"].n_unique()
    )
    return counts
