"""Figures as the pages show them: frozen records made from the store's rows, each carrying what
the rules of the data decide about it (docs/domain.md §5, docs/method.md §1-2).

A `Figure` is one sourced figure: its value as the source gives it, its unit, year, categories
and source, its caveats as codes, its rates with their denominators or the reason it has none,
and whether it stands apart in a comparison across countries. A `Computed` value is an
indicator value computed from two figures. A `Country` is one country in view with its latest
population and the figure that stands for it. The pages translate these codes and lay them
out; they decide nothing about the data. Every rule here is written once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

from ssw_core import queries, workforce
from ssw_core.schema import REGIONS
from ssw_core.store import Store
from ssw_core.workforce import Population

Caveat = Literal[
    "uploaded", "low_reliability", "partial", "undated", "un_wb_gap", "not_comparable", "note"
]
"""Why a figure is not to be read as it stands, in the order the pages list them. 'note' is a
comparability note on a context figure (not one of the 14 indicators): it is said on the detail
pages but does not make the figure stand apart."""

NoRate = Literal["not_count", "undated", "breakdown", "no_pop"]
"""Why a Core 3 figure has no rate at all: it is not a head count (a share, a ratio); it has no
year to match a population to; it counts part of the workforce (women, rural areas, one client
group: docs/method.md §1); no population figure is near enough its year."""

Form = Literal["year", "number", "range", "yes", "text", "missing"]
"""How a figure's value is given: a calendar year, a number, a range, the word yes, the
source's own words, or nothing."""

Kind = Literal["people", "posts", "ratio"]
"""What a Core 3 figure counts: people, posts (positions, staff units: not people), or
something else given as a ratio (a reported rate)."""

NOT_COMPARABLE_CATEGORIES = (3,)
"""Category 3 (paraprofessionals) counts are not comparable with social-worker counts across
countries (docs/domain.md §2): on a comparison they stand apart."""

UNITLESS = ("flag", "status", "year", "text")
"""Units that are a kind of value, not a quantity: no unit is shown beside the value."""

POST_UNITS = ("positions", "staff units")
DEFINITIONS = ("category1", "home_care", "posts", "unstated")
"""What a workforce figure counts, as far as the data says (`Figure.definition`): people of
Category 1 (with the title or the qualification); home-care workers counted as social workers
(Category 3); posts or positions, not people; anyone else (who is counted is not stated, or
several categories together). A comparison across countries never puts figures of different
definitions on one scale (the maps colour the definition and write the number)."""
CASELOAD_UNITS = ("clients per worker", "cases per worker")
"""Units of a caseload a source reports (Other 2a), charted beside computed caseloads."""
REGION_GEOS: dict[str, tuple[str, ...]] = {r: (f"{r.upper()}_REGION",) for r in REGIONS}
"""The geo of figures about a whole region, by region code (schema.REGIONS)."""
ALL_REGION_GEOS = tuple(g for geos in REGION_GEOS.values() for g in geos)

REPORTED_AS: dict[str, str] = {
    workforce.PERSONS_PER_WORKER: "per_worker",
    workforce.PER_25K: "per_25k",
    workforce.PER_100K_CHILDREN: "per_100k_children",
}
"""How a source gave a rate it reports itself, as a code the pages word."""


def web_link(locator: str | None) -> str | None:
    """A source's locator when it is a web address (others name a file, a page, a table)."""
    return locator if locator and locator.startswith("http") else None


@dataclass(frozen=True)
class Source:
    source_id: str
    title: str
    publisher: str
    year: int | None
    tier: str | None  # schema.TIERS
    locator: str

    @property
    def link(self) -> str | None:
        """The web address where the figure is, when the locator is one."""
        return web_link(self.locator)

    @property
    def citation(self) -> str:
        """'Title (publisher, 2023)'; the publisher is left out when the title already starts
        with it, the year when the title already has it."""
        title, who = self.title, self.publisher
        first_word = who.split(" ")[0].strip("(),") if who else ""
        parts = [] if not who or (first_word and title.startswith(first_word)) else [who]
        if self.year and str(self.year) not in title:
            parts.append(str(self.year))
        return f"{title} ({', '.join(parts)})" if parts else title

    @property
    def short(self) -> str:
        """'Publisher, 2023' (compact tables; the Sources page has every title)."""
        return f"{self.publisher}, {self.year}" if self.year else self.publisher


@dataclass(frozen=True)
class Rate:
    """A rate per 100,000 (population or children) of a Core 3 figure."""

    value: float
    basis: Literal["computed", "reported"]
    denominator: Population | None  # None for a rate the source reports itself
    as_reported: bool = False
    """The source gave this very rate (not one converted from another unit)."""

    @property
    def age_group(self) -> str | None:
        return None if self.denominator is None else self.denominator.age_group


@dataclass(frozen=True)
class Figure:
    obs_id: str
    geo: str
    indicator_id: str | None
    link: str | None  # 'indicator' or 'context'
    label: str  # what it counts, in English (the pages translate it)
    origin: str  # 'shipped' or 'uploaded'
    measure: str | None  # an upload's measure
    breakdown: tuple[str, ...]  # sex, area, client group it is limited to
    categories: tuple[int, ...]  # () unstated; one; or the categories summed
    value: float | None
    qualifier: str | None
    value_low: float | None
    value_high: float | None
    value_text: str | None
    unit: str
    year: int | None
    period: str | None
    comparability: str | None  # the note, in English
    source: Source
    caveats: tuple[Caveat, ...]
    un_wb_gap: float | None  # UN minus World Bank total, as a share, when it earns a caveat
    rate_pop: Rate | None = None
    rate_children: Rate | None = None
    no_rate: NoRate | None = None  # Core 3 figures with neither rate
    no_child_rate: str | None = None  # workforce.no_child_rate, for computed rates only
    persons_per_worker: float | None = None

    @property
    def is_context(self) -> bool:
        """A context figure, not one of the 14 indicators'."""
        return self.link != "indicator"

    @property
    def category(self) -> int | None:
        """The one category it counts, or None (unstated, or several summed)."""
        return self.categories[0] if len(self.categories) == 1 else None

    @property
    def form(self) -> Form:
        if self.value is not None:
            return "year" if self.unit == "year" else "number"
        if self.value_low is not None and self.value_high is not None:
            return "range"
        if self.value_text:
            return "yes" if self.value_text == "yes" else "text"
        return "missing"

    @property
    def unit_shown(self) -> str | None:
        """The unit to print beside the value (None for a flag, a status, a year)."""
        return None if self.unit in UNITLESS else self.unit

    @property
    def is_rate(self) -> bool:
        """A rate the source reports itself: its unit goes with its value, so it is not read
        as a head count."""
        return self.unit in workforce.REPORTED_RATE_UNITS

    @property
    def kind(self) -> Kind:
        if self.unit in POST_UNITS:
            return "posts"
        return "people" if self.unit == "persons" else "ratio"

    @property
    def reported_as(self) -> str | None:
        return REPORTED_AS.get(self.unit)

    @property
    def definition(self) -> str:
        """What the figure counts, one of DEFINITIONS."""
        if self.unit in POST_UNITS:
            return "posts"
        if self.categories and all(c in NOT_COMPARABLE_CATEGORIES for c in self.categories):
            return "home_care"
        if self.categories == (1,):
            return "category1"
        return "unstated"

    @property
    def stands_apart(self) -> bool:
        """Marked on a comparison across countries: a caveat other than a context note, or a
        category whose counts are not comparable."""
        return any(c != "note" for c in self.caveats) or any(
            c in NOT_COMPARABLE_CATEGORIES for c in self.categories
        )


@dataclass(frozen=True)
class Computed:
    """An indicator value computed from two figures (derive.py)."""

    geo: str
    indicator_id: str
    formula: str
    value: float
    unit: str
    qualifier: str | None
    year: int
    numerator: Figure
    denominator: Figure
    numerator_value: float
    denominator_value: float
    partial: bool

    @property
    def is_fraction(self) -> bool:
        return self.unit.startswith("fraction")

    @property
    def input_notes(self) -> tuple[str, ...]:
        """The comparability notes of its inputs (English), each once."""
        notes = (self.numerator.comparability, self.denominator.comparability)
        return tuple(dict.fromkeys(n for n in notes if n))

    @property
    def stands_apart(self) -> bool:
        return self.partial or bool(self.input_notes)


@dataclass(frozen=True)
class Country:
    """A country in view: its region, latest World Bank population and the figure that stands
    for it (workforce.headline_figures), or None."""

    iso3: str
    region: str
    population: Population | None
    headline: Figure | None


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


def _caveats(r: Mapping[str, Any], rate_children: Rate | None) -> tuple[Caveat, ...]:
    out: list[Caveat] = []
    if r.get("origin") == "uploaded":
        out.append("uploaded")
    if r.get("reliability") == "low":
        out.append("low_reliability")
    if r.get("coverage") == "partial":
        out.append("partial")
    if r.get("year") is None and not r.get("period"):
        out.append("undated")
    if rate_children is not None and _gap_noted(r.get("un_wb_gap")):
        out.append("un_wb_gap")
    if r.get("comparability_en"):
        # Only figures of an indicator are compared across countries; for context figures
        # the note is just a note.
        out.append("not_comparable" if r.get("link") == "indicator" else "note")
    return tuple(out)


def _gap_noted(gap: float | None) -> bool:
    return gap is not None and abs(gap) >= workforce.UN_WB_GAP_NOTED


def _population(r: Mapping[str, Any], prefix: str, series: str | None, ages: str) -> Population:
    return Population(
        persons=int(r[f"{prefix}_persons"]),
        year=int(r[f"{prefix}_year"]),
        series=str(series),
        age_group=ages,
    )


def _rates(r: Mapping[str, Any]) -> tuple[Rate | None, Rate | None]:
    basis = r.get("basis")
    if basis is None:
        return None, None
    if basis == "reported":
        pop = None if r.get("rate_pop") is None else Rate(float(r["rate_pop"]), "reported", None)
        child = (
            None
            if r.get("rate_children") is None
            else Rate(
                float(r["rate_children"]),
                "reported",
                None,
                as_reported=r.get("unit") == workforce.PER_100K_CHILDREN,
            )
        )
        return pop, child
    pop = (
        None
        if r.get("rate_pop") is None
        else Rate(
            float(r["rate_pop"]),
            "computed",
            _population(r, "pop", r.get("pop_series"), "total"),
        )
    )
    child = (
        None
        if r.get("rate_children") is None
        else Rate(
            float(r["rate_children"]),
            "computed",
            _population(r, "child", r.get("child_series"), str(r.get("child_age_group"))),
        )
    )
    return pop, child


def _no_rate(r: Mapping[str, Any], pop: Rate | None, child: Rate | None) -> NoRate | None:
    if r.get("indicator_id") != "core3" or pop is not None or child is not None:
        return None
    if r.get("unit") not in workforce.COUNT_UNITS:
        return "not_count"
    if r.get("year") is None:
        return "undated"
    if any(r.get(b) for b in workforce.BREAKDOWNS):
        return "breakdown"
    return "no_pop"


def figure(r: Mapping[str, Any]) -> Figure:
    """The record of one row of queries.observations, workforce.core3_figures or
    workforce.headline_figures (rate columns are read where present)."""
    pop, child = _rates(r)
    cats = str(r.get("categories") or "")
    categories = (
        tuple(int(c) for c in cats.split(";"))
        if cats
        else (() if r.get("category") is None else (int(r["category"]),))
    )
    computed = r.get("basis") == "computed"
    return Figure(
        obs_id=str(r["obs_id"]),
        geo=str(r["geo"]),
        indicator_id=r.get("indicator_id"),
        link=r.get("link"),
        label=str(r.get("label_en") or ""),
        origin=str(r.get("origin") or "shipped"),
        measure=r.get("measure") if r.get("origin") == "uploaded" else None,
        breakdown=tuple(str(r[b]) for b in workforce.BREAKDOWNS if r.get(b)),
        categories=categories,
        value=r.get("value"),
        qualifier=r.get("qualifier"),
        value_low=r.get("value_low"),
        value_high=r.get("value_high"),
        value_text=r.get("value_text"),
        unit=str(r.get("unit") or ""),
        year=_int(r.get("year")),
        period=r.get("period"),
        comparability=r.get("comparability_en") or None,
        source=Source(
            source_id=str(r.get("source_id") or ""),
            title=str(r.get("source_title") or ""),
            publisher=str(r.get("source_publisher") or ""),
            year=_int(r.get("source_year")),
            tier=r.get("source_tier"),
            locator=str(r.get("locator") or ""),
        ),
        caveats=_caveats(r, child),
        un_wb_gap=r.get("un_wb_gap")
        if child is not None and _gap_noted(r.get("un_wb_gap"))
        else None,
        rate_pop=pop,
        rate_children=child,
        no_rate=_no_rate(r, pop, child),
        no_child_rate=(
            workforce.no_child_rate(r.get("serves"), r.get("unit"))
            if computed and child is None
            else None
        ),
        persons_per_worker=r.get("persons_per_worker"),
    )


def figures(frame: pl.DataFrame) -> tuple[Figure, ...]:
    """The records of a frame's rows, in its order."""
    return tuple(figure(r) for r in frame.iter_rows(named=True))


def computed(derived: pl.DataFrame, inputs: Iterable[Figure]) -> tuple[Computed, ...]:
    """Records of derive.derived_values' rows, each with the figures it comes from."""
    by_id = {f.obs_id: f for f in inputs}
    return tuple(
        Computed(
            geo=str(r["geo"]),
            indicator_id=str(r["indicator_id"]),
            formula=str(r["formula"]),
            value=float(r["value"]),
            unit=str(r["unit"]),
            qualifier=r.get("qualifier"),
            year=int(r["year"]),
            numerator=by_id[r["numerator_obs"]],
            denominator=by_id[r["denominator_obs"]],
            numerator_value=float(r["numerator_value"]),
            denominator_value=float(r["denominator_value"]),
            partial=r.get("coverage") == "partial",
        )
        for r in derived.iter_rows(named=True)
    )


def countries(store: Store, region: str | None = None) -> tuple[Country, ...]:
    """Every country of a region (None: all) with its latest World Bank population and its
    headline Core 3 figure, in the order of queries.countries."""
    pops = {
        r["iso3"]: Population(int(r["persons"]), int(r["year"]), "wb_total", "total")
        for r in queries.latest_population(store, "wb_total").iter_rows(named=True)
    }
    heads = {f.geo: f for f in figures(workforce.headline_figures(store))}
    return tuple(
        Country(r["iso3"], r["region"], pops.get(r["iso3"]), heads.get(r["iso3"]))
        for r in queries.countries(store, region).iter_rows(named=True)
    )


def children(store: Store, iso3: str) -> Population | None:
    """The child population a country profile shows: aged 0-17 in the year of the latest
    SOWC figures, or where SOWC has none for the country, the core's fallback
    (workforce.child_population: WPP 2024 aged 0-14 of that year)."""
    years = queries.population(store).filter(pl.col("series") == workforce.CHILD_SERIES[0])
    latest = years["year"].max()
    return None if latest is None else workforce.child_population(store, iso3, int(str(latest)))


def regional(store: Store, region: str | None) -> tuple[Figure, ...]:
    """Figures about a whole region (not of one country): of the region in view, or of
    every region."""
    geos = ALL_REGION_GEOS if region is None else REGION_GEOS[region]
    return tuple(f for g in geos for f in figures(queries.observations(store, geo=g)))


def is_region(geo: str) -> bool:
    """A geo that is a whole region, not a country."""
    return geo in ALL_REGION_GEOS
