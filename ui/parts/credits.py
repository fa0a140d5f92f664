"""What a chart's file says under it (issue 23), since a file has no page around it: where its
figures come from, each source with its year (or, for many, how many, of which years, and
where they are listed), and which data the dashboard held when the file was made. Worded for
paper: nothing here asks the reader to hover, click or choose."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

import polars as pl

from ssw_core.figures import Computed, Figure, Source
from ui.base import data
from ui.base.i18n import t, tn
from ui.base.memo import shared

MAX_LISTED = 3
"""Sources named one by one under a chart; more are counted (the Sources page lists them)."""


def cited(source: Source) -> str:
    """'Title (publisher, 2023)', or the title with 'undated' when the source has no year
    (and its title does not say so already)."""
    text, undated = source.citation, t("common.undated")
    return text if source.year or undated.lower() in text.lower() else f"{text}, {undated}"


def sources_line(sources: Iterable[Source], what: str = "export.from.figures") -> str:
    """'Figures: <title> (<publisher>, <year>); …' for up to MAX_LISTED sources, else 'Figures:
    27 sources of 2012-2025, listed on the Sources page of <the dashboard>'. `what` names
    the key of what they gave (export.from.…). Empty for no source."""
    distinct = {s.source_id: s for s in sources}
    if not distinct:
        return ""
    label = t(what)
    if len(distinct) <= MAX_LISTED:
        listed = "; ".join(sorted({cited(s) for s in distinct.values()}))  # two ids, one title
        return t("export.sources_listed", what=label, sources=listed)
    years = sorted(s.year for s in distinct.values() if s.year)
    span = (
        ""
        if not years
        else str(years[0])
        if years[0] == years[-1]
        else t("export.years", low=years[0], high=years[-1])
    )
    return tn(
        "export.sources_many" if span else "export.sources_many_undated",
        len(distinct),
        what=label,
        years=span,
        dataset=t("app.title"),
    )


def figure_sources(figures: Iterable[Figure | Computed]) -> list[Source]:
    """The sources of figures, and of the two figures each computed value comes from."""
    out: list[Source] = []
    for f in figures:
        if isinstance(f, Computed):
            out += [f.numerator.source, f.denominator.source]
        else:
            out.append(f.source)
    return out


def rate_series(figures: Iterable[Figure], which: str = "rate_pop") -> set[str]:
    """The population series the rates (`rate_pop` or `rate_children`) of figures divide by."""
    rates = (getattr(f, which) for f in figures)
    return {r.denominator.series for r in rates if r is not None and r.denominator is not None}


def population_sources(
    version: str, series: Iterable[str], iso3: str | None = None
) -> list[Source]:
    """The sources of population series (of one country, or of all)."""
    wanted = set(series)
    if not wanted:
        return []
    ids = (
        data.population(version, iso3)
        .filter(pl.col("series").is_in(sorted(wanted)))["source_id"]
        .unique()
        .to_list()
    )
    by_id = source_records(version)
    return [by_id[i] for i in sorted(ids) if i in by_id]


@shared(maxsize=4)
def source_records(version: str) -> dict[str, Source]:
    """Every source of the data, by id."""
    return {
        r["source_id"]: Source(
            r["source_id"], r["title"], r["publisher"], r["pub_year"], r["tier"], r["locator"]
        )
        for r in data.sources(version).iter_rows(named=True)
    }


def data_line() -> str:
    """'Data: the data shipped with the dashboard; file made 2026-12-07.' (or the upload in use,
    with its date): which figures the file shows, and when it was made from them."""
    return t("export.data_line", data=data_held(), date=date.today().isoformat())


def data_held(day: Callable[[str], str] = str) -> str:
    """The data in use: 'the data shipped with the dashboard', or the upload in use with the
    day it was made ('2026-12-05', or as `day` writes it)."""
    in_use = data.store().user_version
    if in_use is None:
        return t("export.data_shipped")
    return t("export.data_uploaded", version=int(in_use[:4]), when=day(_upload_date(in_use)))


def _upload_date(version_id: str) -> str:
    """The date an upload version was made, from its id ('0003-20261205T101400Z')."""
    stamp = version_id[5:13]
    if len(stamp) == 8 and stamp.isdigit():
        return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"
    return version_id


def indicator_notes(
    version: str,
    iso3s: Iterable[str],
    *,
    pillar: int | None = None,
    indicator_id: str | None = None,
) -> list[str]:
    """Under a picture of the data's coverage (the heat-maps, a status map): the sources of
    the indicators' figures for the countries in view, and of the computed values' inputs."""
    geos = set(iso3s)
    figures = [
        f
        for f in data.figure_records(version, indicator_id=indicator_id, pillar=pillar)
        if f.geo in geos and f.link == "indicator"
    ]
    computed = [
        c
        for c in data.computed_records(version)
        if c.geo in geos
        and (pillar is None or c.indicator_id in _pillar_ids(version, pillar))
        and (indicator_id is None or c.indicator_id == indicator_id)
    ]
    return [sources_line(figure_sources([*figures, *computed]))]


def _pillar_ids(version: str, pillar: int) -> set[str]:
    return set(data.indicators(version, pillar)["indicator_id"].to_list())


def rate_notes(version: str, figures: Iterable[Figure], which: str = "rate_pop") -> list[str]:
    """Under a picture of rates: the sources of the figures, and of the populations their
    rates (`rate_pop` or `rate_children`) divide by."""
    shown = list(figures)
    return [
        sources_line(figure_sources(shown)),
        sources_line(
            population_sources(version, rate_series(shown, which)), "export.from.population"
        ),
    ]


def population_line(version: str, iso3: str) -> str:
    """Under a country's population series: the source of each series it has."""
    series = set(data.population(version, iso3)["series"].to_list())
    return sources_line(population_sources(version, series, iso3), "export.from.population")
