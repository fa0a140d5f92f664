"""The data-coverage matrix: for each country in view and each of the 14 indicators, whether
the data has figures (reported, partial, missing), as a heat map and as a table."""

from __future__ import annotations

import altair as alt
import polars as pl

from ssw_core.coverage import STATUSES, coverage_summary
from ui.base import charts, data
from ui.base.i18n import geo_name, t, tc
from ui.base.markdown import md_escape
from ui.base.memo import shared

STATUS_COLORS = {"reported": "#1f4e79", "partial": "#f0a30a", "missing": "#e4e4e4"}


@shared()
def in_view(version: str, region: str | None, iso3s: tuple[str, ...]) -> pl.DataFrame:
    """The matrix's rows for the countries in view (made once per view: every participant of
    a slide asks for the same)."""
    return data.coverage_matrix(version, region).filter(pl.col("iso3").is_in(iso3s))


@shared()
def summary_in_view(version: str, region: str | None, iso3s: tuple[str, ...]) -> dict[str, int]:
    """coverage_summary of the countries in view."""
    return coverage_summary(in_view(version, region, iso3s))


def status_labels() -> dict[str, str]:
    """Each coverage status (ssw_core.coverage.STATUSES, in order) and its label."""
    return {s: t(f"coverage.{s}") for s in STATUSES}


def _coverage_frame(version: str, matrix: pl.DataFrame) -> pl.DataFrame:
    # Lookups are built here, on the script thread: t() needs the session (and its language),
    # which Polars worker threads (map_elements) do not have.
    inds = data.indicators(version)
    names = {r["indicator_id"]: tc(r, "name") for r in inds.iter_rows(named=True)}
    geos = {g: geo_name(g) for g in matrix["iso3"].unique()}
    statuses = status_labels()
    return matrix.with_columns(
        pl.col("iso3").replace_strict(geos, return_dtype=pl.String).alias("name"),
        pl.col("status").replace_strict(statuses, return_dtype=pl.String).alias("status_label"),
        pl.col("indicator_id")
        .replace_strict(names, return_dtype=pl.String)
        .alias("indicator_name"),
    )


def coverage_chart(version: str, matrix: pl.DataFrame) -> alt.Chart:
    frame = _coverage_frame(version, matrix)
    return charts.coverage_heatmap(
        frame,
        status_labels=status_labels(),
        colors=STATUS_COLORS,
        x_title=charts.title_lines(t("coverage.x_title")),
        y_title="",
        legend_title=t("coverage.legend_title"),
        tooltip_titles={
            "country": t("table.country"),
            "indicator": t("table.indicator"),
            "status": t("coverage.legend_title"),
            "n_figures": t("coverage.n_figures"),
        },
    )


def pillar_chart(version: str, matrix: pl.DataFrame, pillar: int) -> alt.Chart:
    """For each indicator of a pillar, how many of the countries in `matrix` have figures."""
    inds = data.indicators(version, pillar)
    grid = inds.select("indicator_id", "code", "sort_order").join(
        pl.DataFrame({"status": STATUSES}), how="cross"
    )
    counts = (
        matrix.filter(pl.col("pillar") == pillar)
        .group_by("indicator_id", "status")
        .agg(pl.len().cast(pl.Int64).alias("countries"))
    )
    names = {r["indicator_id"]: tc(r, "name") for r in inds.iter_rows(named=True)}
    labels = status_labels()
    frame = grid.join(counts, on=["indicator_id", "status"], how="left").with_columns(
        pl.col("countries").fill_null(0),
        pl.col("status").replace_strict(labels, return_dtype=pl.String).alias("status_label"),
        pl.col("indicator_id")
        .replace_strict(names, return_dtype=pl.String)
        .alias("indicator_name"),
    )
    return charts.coverage_counts(
        frame,
        status_labels=labels,
        colors=STATUS_COLORS,
        x_title=t("coverage.countries"),
        legend_title=t("coverage.legend_title"),
        tooltip_titles={"indicator": t("table.indicator"), "status": t("coverage.legend_title")},
        total=max(1, matrix["iso3"].n_unique()),
    )


@shared()
def coverage_table(version: str, matrix: pl.DataFrame) -> pl.DataFrame:
    frame = _coverage_frame(version, matrix)
    wide = frame.pivot(on="code", index="name", values="status_label", maintain_order=True)
    escaped = {n: md_escape(n) for n in wide["name"]}
    return wide.with_columns(pl.col("name").replace_strict(escaped)).rename(
        {"name": t("table.country")}
    )


@shared()
def indicator_code_list(version: str) -> str:
    """'Core 1: Agreed definition of the workforce · Core 2: …' for the coverage matrix."""
    inds = data.indicators(version)
    return (
        t("overview.codes")
        + ": "
        + " · ".join(f"{r['code']}: {md_escape(tc(r, 'name'))}" for r in inds.iter_rows(named=True))
    )
