"""Named queries over the shipped tables. All SQL of the project lives here; values are
always passed as parameters, never formatted into the text."""

from __future__ import annotations

import polars as pl

from ssw_core.store import Store

_ALL = "__all__"  # a parameter value meaning "no filter", so the SQL text never changes


def _opt(value: object | None) -> object:
    return _ALL if value is None else value


def countries(store: Store, region: str | None = None) -> pl.DataFrame:
    """The countries, optionally of one region ('eca' or 'asean'), ordered by region and name."""
    return store.query(
        """
        SELECT iso3, iso2, region, name_en FROM countries
        WHERE (? = '__all__' OR region = ?)
        ORDER BY CASE region WHEN 'eca' THEN 0 ELSE 1 END, name_en
        """,
        [_opt(region), _opt(region)],
    )


def indicators(store: Store, pillar: int | None = None) -> pl.DataFrame:
    """The indicator catalogue in Annex 1 order, optionally of one pillar."""
    return store.query(
        "SELECT * FROM indicators WHERE (? = -1 OR pillar = ?) ORDER BY sort_order",
        [-1 if pillar is None else pillar, -1 if pillar is None else pillar],
    )


def texts(store: Store, lang: str) -> dict[str, str]:
    """English data text -> its translation in `lang` (data/raw/i18n)."""
    frame = store.query("SELECT en, text FROM texts WHERE lang = ?", [lang])
    return dict(zip(frame["en"].to_list(), frame["text"].to_list(), strict=True))


def sources(store: Store) -> pl.DataFrame:
    return store.query("SELECT * FROM sources ORDER BY source_id")


def population(store: Store, iso3: str | None = None, series: str | None = None) -> pl.DataFrame:
    """Population rows, optionally of one country and/or one series, ordered by year."""
    return store.query(
        """
        SELECT * FROM population
        WHERE (? = '__all__' OR iso3 = ?) AND (? = '__all__' OR series = ?)
        ORDER BY iso3, series, year
        """,
        [_opt(iso3), _opt(iso3), _opt(series), _opt(series)],
    )


def latest_population(store: Store, series: str = "wb_total") -> pl.DataFrame:
    """For each country, the most recent row of one population series."""
    return store.query(
        """
        SELECT iso3, year, persons, source_id, locator FROM population
        WHERE series = ?
        QUALIFY row_number() OVER (PARTITION BY iso3 ORDER BY year DESC) = 1
        ORDER BY iso3
        """,
        [series],
    )


def observations(
    store: Store,
    *,
    geo: str | None = None,
    indicator_id: str | None = None,
    pillar: int | None = None,
    link: str | None = None,
) -> pl.DataFrame:
    """Observations with their source title and year, filtered by any of the arguments."""
    return store.query(
        """
        SELECT o.*, s.title AS source_title, s.publisher AS source_publisher,
               s.pub_year AS source_year, s.source_type, s.tier AS source_tier
        FROM observations o JOIN sources s USING (source_id)
        WHERE (? = '__all__' OR o.geo = ?)
          AND (? = '__all__' OR o.indicator_id = ?)
          AND (? = -1 OR o.pillar = ?)
          AND (? = '__all__' OR o.link = ?)
        ORDER BY o.geo, o.indicator_id NULLS LAST, o.year DESC NULLS LAST, o.obs_id
        """,
        [
            _opt(geo),
            _opt(geo),
            _opt(indicator_id),
            _opt(indicator_id),
            -1 if pillar is None else pillar,
            -1 if pillar is None else pillar,
            _opt(link),
            _opt(link),
        ],
    )


def nearest_population(store: Store, max_gap: int) -> pl.DataFrame:
    """For every dated Core 3 head count, the nearest year of each population series of its
    country within `max_gap` years (ties go to the later year). One row per count and series.
    """
    return store.query(
        """
        WITH counts AS (
            SELECT obs_id, geo, year FROM observations
            WHERE indicator_id = 'core3' AND value IS NOT NULL AND year IS NOT NULL
        )
        SELECT c.obs_id, p.series, p.age_group, p.year AS pop_year, p.persons,
               p.source_id AS pop_source_id, abs(p.year - c.year) AS gap
        FROM counts c JOIN population p ON p.iso3 = c.geo
        WHERE abs(p.year - c.year) <= ?
        QUALIFY row_number() OVER (
            PARTITION BY c.obs_id, p.series ORDER BY abs(p.year - c.year), p.year DESC
        ) = 1
        ORDER BY c.obs_id, p.series
        """,
        [max_gap],
    )


def un_wb_gap(store: Store, year: int = 2024) -> pl.DataFrame:
    """For each country, how much the UN WPP 2024 total exceeds the World Bank total of one
    year (WPP 31 December vs World Bank mid-year): gap = WPP / WB - 1. Large gaps mean the two
    series count different territories or migrants, so a per-child rate (UN) and a
    per-population rate (World Bank) of one country are not on the same footing."""
    return store.query(
        """
        SELECT w.iso3, (u.persons * 1.0 / w.persons - 1) AS gap
        FROM population w
        JOIN population u ON u.iso3 = w.iso3 AND u.year = w.year AND u.series = 'wpp_total'
        WHERE w.series = 'wb_total' AND w.year = ?
        ORDER BY w.iso3
        """,
        [year],
    )
