"""A country's starting point for the scenario model, from the shipped data where it exists.

Each value says where it comes from: `sourced` (a figure, with its id), `computed` (a stated
formula over sourced figures) or `assumption` (shown as such; the user replaces it). Figures
take part only through the roles curated in data/raw/measures.csv (`std_measure`):

| role                | feeds                                                          |
|---------------------|----------------------------------------------------------------|
| sw_qualified        | S1: qualified social workers in post                           |
| caseholding_staff   | S1 + S6: staff holding cases in posts needing SW competencies  |
| share_unqualified   | share of those staff without a social-work qualification [%]   |
| share_qualified     | share of those staff with one [%]                              |
| paraprofessionals   | S3                                                             |
| open_cases          | open cases                                                     |
| required_posts      | a national estimate of posts needed (a lens, not a stock)      |
| study_place_cost    | the price of a year of study [currency per year], for costs    |

One rule gives S1 and S6 for every country, from the best the data holds (`propose_baseline`):

1. uploaded staff in post of categories 1 and 6 (sourced);
2. qualified social workers and the staff holding cases: S1 sourced, S6 their difference
   (an assumption: that every one of those staff is in a post that needs a social worker);
3. a total of the people in posts that need social-work competencies (the staff holding
   cases; else the workforce figure the Overview shows for the country, when it is a count of
   persons, positions or staff units, neither paraprofessionals nor qualified staff only),
   split by the share without the qualification (sourced or computed; else an assumption,
   50 %, shown as such);
4. qualified social workers only (a role, or the Overview's figure in category 1): S1
   sourced, S6 from the same share (S1 × share ÷ (1 − share); an assumption where no source
   gives it);
5. no figure of its own: a **regional benchmark** (origin 'benchmark', never shown as the
   country's own figure): the median, over the other countries of its region whose own
   figures give S1 + S6 by rules 1-4 and are dated, of (S1 + S6) per 100,000 population
   (World Bank total population of the year nearest the figure's, within
   workforce.MAX_YEAR_GAP), times the country's latest World Bank population; at least
   BENCHMARK_MIN_COUNTRIES such countries, else both stay missing (the page asks for them).
   It is split as rule 3 splits a total (the country's own share where a source gives it,
   else the assumed 50 %, said).

Uploaded figures (origin 'uploaded', see uploads.py) add roles of their own and always come
first: staff in post by category (`staff_in_post` with category 1, 6, 3) give S1, S6 and S3
directly; `leavers` over staff in post of the same category give the yearly attrition of S1
and S6; `graduates` and `graduate_entry_share` give the graduate flows. Within one origin,
the latest dated figure is used.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, Literal, Protocol

import polars as pl

from ssw_core import queries, workforce
from ssw_core.projection import Baseline
from ssw_core.store import Store

Origin = Literal["sourced", "computed", "assumption", "benchmark", "estimate"]
"""'estimate': a country team's estimate, given in a room (ssw_core.questions), offered to the
lab by the facilitator; never a sourced figure."""

NOTE_KEYS = (
    "no_figure",
    "share_unqualified",
    "one_minus_share_qualified",
    "qualified_in_post",
    "staff_minus_qualified",
    "no_split_in_sources",
    "staff_times_share_sourced",
    "staff_times_share_computed",
    "staff_times_share_assumption",
    "staff_minus_unqualified",
    "total_times_share_sourced",
    "total_times_share_computed",
    "total_times_share_assumption",
    "total_minus_unqualified",
    "qualified_share_sourced",
    "qualified_share_computed",
    "qualified_share_assumption",
    "qualified_headline",
    "ratio_times_share_sourced",
    "ratio_times_share_computed",
    "ratio_times_share_assumption",
    "ratio_minus_unqualified",
    "base_year",
    "base_year_dated",
    "paraprofessionals",
    "open_cases",
    "national_estimate",
    "teacher_pay_monthly",
    "pay_ratio_core7",
    "para_pay_monthly",
    "teacher_pay",
    "para_pay",
    "pay_ratio_assumed",
    "sw_pay",
    "sw_pay_monthly",
    "sw_pay_range",
    "staff_category",
    "turnover_uploaded",
    "graduates_uploaded",
    "graduate_entry_uploaded",
    "benchmark_times_share_sourced",
    "benchmark_times_share_computed",
    "benchmark_times_share_assumption",
    "benchmark_minus_unqualified",
    "place_cost",
    "place_cost_monthly",
    "chosen_times_share_sourced",
    "chosen_times_share_computed",
    "chosen_times_share_assumption",
    "chosen_minus_unqualified",
    "staff_times_share_estimate",
    "total_times_share_estimate",
    "qualified_share_estimate",
    "ratio_times_share_estimate",
    "benchmark_times_share_estimate",
    "chosen_times_share_estimate",
    "share_estimate",
    "cases_per_worker_estimate",
    "place_cost_estimate",
)
"""Every `Provenance.note` this module produces: message keys the app translates."""


def this_year() -> int:
    """The base year the data proposes: the current calendar year, from the clock (its start
    is where the stocks are; figures of earlier years are taken as today's, an assumption
    the page states)."""
    return date.today().year


ASSUMED_SHARE_UNQUALIFIED = 0.5
"""[0-1] Used only when no source gives the split between S1 and S6; the page says so."""
BENCHMARK_MIN_COUNTRIES = 3
"""A regional benchmark needs the figures of at least this many other countries."""
BENCHMARK_PER = 100_000
"""The benchmark's rate is per this many people of the total population."""
BENCHMARK_SERIES = "wb_total"
"""The total population a benchmark's rates divide by and its start multiplies (World Bank)."""
ASSUMED_PAY_RATIO = 1.0
"""Social workers' pay / teachers' pay where no source gives both (an assumption: parity)."""


@dataclass(frozen=True)
class Provenance:
    value: float | None
    origin: Origin
    note: str
    """A message key (the page translates it): which figure, formula or reason."""
    obs_ids: tuple[str, ...] = ()
    year: int | None = None
    """Year of the figure(s) it comes from, if dated."""
    args: dict[str, Any] = field(default_factory=dict)
    """Values the message refers to (e.g. the share used)."""


@dataclass(frozen=True)
class BaselineProposal:
    iso3: str
    base_year: Provenance
    s1: Provenance
    s6: Provenance
    s3: Provenance
    open_cases: Provenance
    required_posts: Provenance
    flows: dict[str, Provenance] = field(default_factory=dict)
    """Scenario values the data gives (uploaded figures only): attrition_s1, attrition_s6
    [fraction per year], graduates [persons per year], graduate_entry_share [0-1]."""

    def to_baseline(self) -> Baseline:
        return Baseline(
            base_year=int(self.base_year.value or this_year()),
            s1=self.s1.value or 0.0,
            s6=self.s6.value or 0.0,
            s3=self.s3.value or 0.0,
            open_cases=self.open_cases.value,
        )

    @property
    def has_workforce(self) -> bool:
        return bool((self.s1.value or 0) + (self.s6.value or 0))

    @property
    def start_obs_ids(self) -> tuple[str, ...]:
        """The figures the starting workforce (S1 and S6) comes from, the count first."""
        return tuple(dict.fromkeys((*self.s6.obs_ids, *self.s1.obs_ids)))

    @property
    def benchmarked(self) -> bool:
        """S1 and S6 are a regional benchmark, not the country's own figures (rule 5)."""
        return self.s6.origin == "benchmark"

    @property
    def split_assumed(self) -> bool:
        """Where S6 starts is an assumption (no source gives the split)."""
        return self.s6.origin == "assumption" or self.s6.note.endswith("_assumption")

    def starts_elsewhere(self, headline_obs_id: str | None) -> bool:
        """The Scenario lab starts from another figure than the one that stands for the
        country on the monitoring pages (workforce.headline_figures): the staff who hold
        cases in posts that need a social worker, where the data has them apart (Georgia:
        the agency's 244, where the Overview shows the association's 940)."""
        ids = self.start_obs_ids
        return (
            not self.benchmarked
            and bool(ids)
            and headline_obs_id is not None
            and headline_obs_id not in ids
        )


_TOTAL_CATEGORIES: dict[str, tuple[int, ...]] = {
    "caseholding_staff": (),
    "open_cases": (),
    "required_posts": (),
    "graduates": (1,),
    "graduate_entry_share": (1,),
}
"""Roles that the model needs as national totals: an uploaded figure of one category (other
than those listed) answers only part of the question and is not used."""


def _latest(roles: pl.DataFrame, role: str) -> dict[str, Any] | None:
    """The figure in `role`: uploaded before shipped, then the latest year."""
    rows = roles.filter(pl.col("std_measure") == role)
    if role in _TOTAL_CATEGORIES:
        allowed = list(_TOTAL_CATEGORIES[role])
        rows = rows.filter(
            (pl.col("origin") != "uploaded")
            | pl.col("category").is_null()
            | pl.col("category").is_in(allowed)
        )
    rows = rows.sort(
        [pl.col("origin") != "uploaded", pl.col("year")],
        descending=[False, True],
        nulls_last=True,
    )
    return rows.row(0, named=True) if rows.height else None


def _uploaded_staff(roles: pl.DataFrame, category: int) -> dict[str, Any] | None:
    up = roles.filter((pl.col("origin") == "uploaded") & (pl.col("category") == category))
    return _latest(up, "staff_in_post")


def _uploaded_flows(roles: pl.DataFrame) -> dict[str, Provenance]:
    """Attrition from uploaded leavers and staff of one category and year; graduate flows."""
    up = roles.filter(pl.col("origin") == "uploaded")
    out: dict[str, Provenance] = {}
    for category, key in ((1, "attrition_s1"), (6, "attrition_s6")):
        cat = up.filter(pl.col("category") == category)
        leavers = _latest(cat, "leavers")
        staff = None
        if leavers is not None:
            same_year = cat.filter(pl.col("year") == leavers["year"])
            staff = _latest(same_year, "staff_in_post")
        if leavers is not None and staff is not None and staff["value"] > 0:
            out[key] = Provenance(
                min(leavers["value"] / staff["value"], 1.0),
                "computed",
                "turnover_uploaded",
                (leavers["obs_id"], staff["obs_id"]),
                leavers["year"],
            )
    graduates = _latest(up, "graduates")
    if graduates is not None:
        out["graduates"] = _sourced(graduates, "graduates_uploaded")
    entry = _latest(up, "graduate_entry_share")
    if entry is not None:
        out["graduate_entry_share"] = _sourced(entry, "graduate_entry_uploaded", 0.01)
    return out


def _sourced(
    r: dict[str, Any], note: str, scale: float = 1.0, args: dict[str, Any] | None = None
) -> Provenance:
    return Provenance(r["value"] * scale, "sourced", note, (r["obs_id"],), r["year"], args or {})


_COUNT_UNITS = frozenset({"persons", "positions", "staff units"})


def _headline(store: Store, iso3: str) -> dict[str, Any] | None:
    """The workforce figure the Overview shows for the country (workforce.headline_figures),
    when it can stand for people in posts that need social-work competencies: a count of
    persons, positions or staff units, not of paraprofessionals (category 3); or a dated
    population per social worker, turned into a count with the World Bank population of the
    nearest year within workforce.MAX_YEAR_GAP (kind 'ratio')."""
    rows = workforce.headline_figures(store).filter(pl.col("geo") == iso3)
    if not rows.height:
        return None
    r = rows.row(0, named=True)
    if r["value"] is None or r["category"] == 3:
        return None
    if r["unit"] == workforce.PERSONS_PER_WORKER and r["year"] is not None and r["value"] > 0:
        pop = queries.population(store, iso3, "wb_total").filter(
            (pl.col("year") - r["year"]).abs() <= workforce.MAX_YEAR_GAP
        )
        if not pop.height:
            return None
        p = pop.sort((pl.col("year") - r["year"]).abs(), pl.col("year")).row(0, named=True)
        return r | {
            "value": float(round(p["persons"] / r["value"])),
            "unit": "persons",
            "kind": "ratio",
            "ratio": r["value"],
            "population": p["persons"],
            "pop_year": p["year"],
        }
    if r["unit"] not in _COUNT_UNITS:
        return None
    return r | {"kind": "total"}


class RoomEstimate(Protocol):
    """A country team's estimate offered to the lab (ssw_core.questions.Estimate)."""

    @property
    def value(self) -> float: ...
    @property
    def answers(self) -> int: ...
    @property
    def event(self) -> str: ...
    @property
    def day(self) -> str: ...


def estimate_provenance(e: RoomEstimate, value: float, note: str) -> Provenance:
    """A value from a country team's estimate, labelled with the event and the date."""
    return Provenance(
        value, "estimate", note, (), None, {"event": e.event, "date": e.day, "answers": e.answers}
    )


def propose_baseline(
    store: Store, iso3: str, estimate: RoomEstimate | None = None
) -> BaselineProposal:
    """The baseline the data supports for `iso3`, every value with its provenance: the
    country's own figures (rules 1-4), else a regional benchmark (rule 5). `estimate`: a
    country team's Category 6 share [%] offered to the lab; it replaces the assumed split
    (50 %) where no source gives one (rules 3-5), never a sourced or computed share."""
    own, share = _own_proposal(store, iso3, estimate=estimate)
    if own.s1.value is not None or own.s6.value is not None:
        return own
    region = queries.countries(store).filter(pl.col("iso3") == iso3)["region"]
    bench = regional_benchmark(store, str(region[0])) if region.len() else None
    pop = _population(store, iso3, None)
    if bench is None or pop is None:
        return own
    total = float(round(bench.rate * pop[0] / BENCHMARK_PER))
    assert share.value is not None
    args = {
        **share.args,
        "share": share.value,
        "rate": bench.rate,
        "countries": len(bench.countries),
        "region": bench.region,
        "population": float(pop[0]),
        "pop_year": pop[1],
    }
    s6 = Provenance(
        float(round(total * share.value)),
        "benchmark",
        "benchmark_times_share_" + share.origin,
        share.obs_ids,
        None,
        args,
    )
    s1 = Provenance(
        total - (s6.value or 0.0),
        "benchmark",
        "benchmark_minus_unqualified",
        share.obs_ids,
        None,
        args,
    )
    return replace(own, s1=s1, s6=s6)


@dataclass(frozen=True)
class Benchmark:
    """A region's benchmark starting point (rule 5 of the module docstring)."""

    region: str
    rate: float
    """[S1 + S6 per BENCHMARK_PER population] The median of `rates`."""
    countries: tuple[str, ...]
    """The countries whose own starting points it is made of, in the region's order."""
    rates: tuple[float, ...]
    """Their (S1 + S6) per BENCHMARK_PER population, in the same order."""


def _population(store: Store, iso3: str, year: int | None) -> tuple[int, int] | None:
    """(persons, year): the World Bank total population of `iso3` in the year nearest
    `year` within workforce.MAX_YEAR_GAP (ties: the later), or its latest (`year` None)."""
    pop = queries.population(store, iso3, BENCHMARK_SERIES)
    if year is not None:
        pop = pop.filter((pl.col("year") - year).abs() <= workforce.MAX_YEAR_GAP)
        pop = pop.sort((pl.col("year") - year).abs(), -pl.col("year"))
    else:
        pop = pop.sort("year", descending=True)
    if not pop.height:
        return None
    row = pop.row(0, named=True)
    return int(row["persons"]), int(row["year"])


@lru_cache(maxsize=8)
def regional_benchmark(store: Store, region: str) -> Benchmark | None:
    """The median (S1 + S6) per BENCHMARK_PER population of the countries of `region` whose
    own dated figures give a starting point; None with fewer than BENCHMARK_MIN_COUNTRIES."""
    countries, rates = [], []
    for iso3 in queries.countries(store, region)["iso3"]:
        own, _ = _own_proposal(store, iso3)
        s1, s6 = own.s1, own.s6
        year = s6.year or s1.year
        if s1.value is None or s6.value is None or not own.has_workforce or year is None:
            continue
        pop = _population(store, iso3, year)
        if pop is None:
            continue
        countries.append(iso3)
        rates.append((s1.value + s6.value) / pop[0] * BENCHMARK_PER)
    if len(rates) < BENCHMARK_MIN_COUNTRIES:
        return None
    return Benchmark(region, statistics.median(rates), tuple(countries), tuple(rates))


def start_figures(store: Store, iso3: str) -> tuple[str, ...]:
    """The figures the user may choose to start the lab from ('Start from'): the country's
    Core 3 counts of people, positions or staff units at national scope (no breakdown), of
    standard reliability, not of paraprofessionals (Category 3) alone; latest first."""
    obs = queries.observations(store, geo=iso3, indicator_id="core3")
    usable = obs.filter(
        pl.col("value").is_not_null()
        & pl.col("unit").is_in(sorted(_COUNT_UNITS))
        & (pl.col("category").fill_null(0) != 3)
        & (pl.col("reliability") != "low")
        & pl.all_horizontal(pl.col(b).is_null() for b in workforce.BREAKDOWNS)
    )
    return tuple(usable["obs_id"])


def propose_start_from(
    store: Store, iso3: str, obs_id: str, estimate: RoomEstimate | None = None
) -> BaselineProposal:
    """The baseline from a figure the user chose (one of `start_figures`): a count of
    Category 1 alone is S1 with S6 from the share (rule 4); any other is the total of S1 + S6,
    split by the share (rule 3). Raises ValueError for a figure not among them."""
    if obs_id not in start_figures(store, iso3):
        raise ValueError(f"{obs_id!r} is not a figure {iso3} can start from")
    return _own_proposal(store, iso3, obs_id, estimate)[0]


def _own_proposal(
    store: Store, iso3: str, chosen: str | None = None, estimate: RoomEstimate | None = None
) -> tuple[BaselineProposal, Provenance]:
    """Rules 1-4: the baseline from the country's own figures (or from the figure `chosen`),
    and the share without the qualification that splits a total (sourced, computed, a
    country team's `estimate` [%], or the assumed 50 %)."""
    obs = queries.observations(store, geo=iso3)
    pick = obs.filter(pl.col("obs_id") == chosen).to_dicts() if chosen else []
    roles = obs.filter(pl.col("std_measure").is_not_null() & pl.col("value").is_not_null())
    qualified = _latest(roles, "sw_qualified")
    staff = _latest(roles, "caseholding_staff")
    share_u = _latest(roles, "share_unqualified")
    share_q = _latest(roles, "share_qualified")
    para = _latest(roles, "paraprofessionals")
    cases = _latest(roles, "open_cases")
    needed = _latest(roles, "required_posts")

    unqualified_share: Provenance | None = None
    if share_u is not None:
        unqualified_share = _sourced(share_u, "share_unqualified", 0.01)
    elif share_q is not None:
        unqualified_share = Provenance(
            1 - share_q["value"] / 100,
            "computed",
            "one_minus_share_qualified",
            (share_q["obs_id"],),
            share_q["year"],
        )

    none = Provenance(None, "assumption", "no_figure")
    s1, s6 = none, none
    share = unqualified_share or (
        estimate_provenance(estimate, estimate.value / 100, "share_estimate")
        if estimate is not None
        else Provenance(ASSUMED_SHARE_UNQUALIFIED, "assumption", "no_split_in_sources")
    )
    assert share.value is not None
    up1, up6, up3 = (_uploaded_staff(roles, c) for c in (1, 6, 3))
    if pick:  # the user's choice replaces rules 1 and 2, and the figure rules 3-4 would use
        qualified = pick[0] if pick[0]["category"] == 1 else None
        staff = None
    if up1 is not None and up6 is not None and not pick:
        s1 = _sourced(up1, "staff_category", args={"category": 1})
        s6 = _sourced(up6, "staff_category", args={"category": 6})
    elif qualified is not None and staff is not None and staff["value"] >= qualified["value"]:
        s1 = _sourced(qualified, "qualified_in_post")
        # An assumption, not a computation: that every one of the staff holds a post that
        # needs a social worker (Kosovo: all 164 CSW officials, of whom 12 are qualified).
        s6 = Provenance(
            staff["value"] - qualified["value"],
            "assumption",
            "staff_minus_qualified",
            (staff["obs_id"], qualified["obs_id"]),
            staff["year"] or qualified["year"],
        )
    else:
        origin: Origin = share.origin if share.origin in ("assumption", "estimate") else "computed"
        headline = None if staff is not None or qualified is not None else _headline(store, iso3)
        total, kind = (staff, "staff") if staff is not None else (None, "")
        if pick:
            headline = None
            if qualified is None:
                total, kind = pick[0], "chosen"
        if headline is not None and headline["category"] != 1:
            total, kind = headline, headline["kind"]
        if total is not None:
            ids = (total["obs_id"], *share.obs_ids)
            args = {**share.args, "share": share.value, "unit": total["unit"]}
            if kind == "ratio":
                args |= {
                    "ratio": total["ratio"],
                    "population": float(total["population"]),
                    "pop_year": total["pop_year"],
                }
            s6 = Provenance(
                float(round(total["value"] * share.value)),
                origin,  # whole persons
                f"{kind}_times_share_" + share.origin,
                ids,
                total["year"],
                args,
            )
            s1 = Provenance(
                total["value"] - (s6.value or 0.0),
                origin,
                f"{kind}_minus_unqualified",
                ids,
                total["year"],
                args,
            )
        else:
            one = qualified if qualified is not None else headline
            if one is not None and share.value < 1:
                s1 = _sourced(
                    one, "qualified_in_post" if one is qualified else "qualified_headline"
                )
                s6 = Provenance(
                    float(round(one["value"] * share.value / (1 - share.value))),
                    origin,
                    "qualified_share_" + share.origin,
                    (one["obs_id"], *share.obs_ids),
                    one["year"],
                    {**share.args, "share": share.value},
                )

    years = [p.year for p in (s1, s6) if p.year is not None]
    base_year = Provenance(
        this_year(),
        "assumption",
        "base_year_dated" if years else "base_year",
        args={"data_year": min(years)} if years else {},
    )
    return BaselineProposal(
        iso3=iso3,
        base_year=base_year,
        s1=s1,
        s6=s6,
        s3=_sourced(up3, "staff_category", args={"category": 3})
        if up3
        else _sourced(para, "paraprofessionals")
        if para
        else Provenance(None, "assumption", "no_figure"),
        open_cases=_sourced(cases, "open_cases") if cases else none,
        required_posts=_sourced(needed, "national_estimate") if needed else none,
        flows=_uploaded_flows(roles),
    ), share


@dataclass(frozen=True)
class CostProposal:
    """Pay inputs for the cost model [currency per person per year], with provenance."""

    currency: str
    teacher_pay: Provenance
    pay_ratio: Provenance
    """Social workers' pay / teachers' pay (Core 7)."""
    pay_s3: Provenance
    pay_s1: Provenance = field(default_factory=lambda: Provenance(None, "assumption", "no_figure"))
    """Social workers' pay itself, where the data has it (in the currency of the others); it
    wins over teachers' pay x `pay_ratio` in the lab."""
    place_cost: Provenance = field(
        default_factory=lambda: Provenance(None, "assumption", "no_figure")
    )
    """The price of a study place for a year (`study_place_cost`), in the same currency; a
    proxy (a state grant for any bachelor's year) carries its caveat with its figure."""


def _annual(r: dict[str, Any], note: str) -> tuple[Provenance, str]:
    unit = str(r["unit"])
    currency = unit.split(" ")[0]
    if unit.endswith("per month"):
        return (
            Provenance(r["value"] * 12, "computed", note + "_monthly", (r["obs_id"],), r["year"]),
            currency,
        )
    return _sourced(r, note), currency


def propose_costs(store: Store, iso3: str) -> CostProposal:
    """Money figures the data holds for `iso3`: teachers' pay, the pay ratio of social
    workers to teachers (same currency and year only), social workers' and paraprofessionals'
    pay, and the price of a study place; one currency (a figure in another is left out)."""
    obs = queries.observations(store, geo=iso3)
    roles = obs.filter(pl.col("std_measure").is_not_null() & pl.col("value").is_not_null())
    pay = roles.filter(pl.col("std_measure") == "pay_sw")
    teachers = _latest(roles, "pay_teachers")
    sw = _latest(pay.filter(pl.col("category").fill_null(0) != 3), "pay_sw")
    para = _latest(pay.filter(pl.col("category") == 3), "pay_sw")
    none = Provenance(None, "assumption", "no_figure")
    currency = ""
    teacher_pay, pay_s3 = none, none
    ratio = Provenance(ASSUMED_PAY_RATIO, "assumption", "pay_ratio_assumed")
    if teachers is not None:
        teacher_pay, currency = _annual(teachers, "teacher_pay")
        if sw is not None and sw["unit"] == teachers["unit"] and sw["year"] == teachers["year"]:
            ratio = Provenance(
                sw["value"] / teachers["value"],
                "computed",
                "pay_ratio_core7",
                (sw["obs_id"], teachers["obs_id"]),
                sw["year"],
            )

    def in_currency(r: dict[str, Any], note: str) -> Provenance:
        """A money figure a year, in the currency of the others (else left out: one
        currency per country, never mixed)."""
        nonlocal currency
        value, its = _annual(r, note)
        if currency and its != currency:
            return none
        currency = currency or its
        return value

    pay_s1 = none
    if sw is not None:
        pay_s1 = in_currency(sw, "sw_pay")
    elif teacher_pay.value is None:
        pay_s1, currency = _pay_range(roles, currency)
    if para is not None:
        pay_s3 = in_currency(para, "para_pay")
    place = _latest(roles, "study_place_cost")
    place_cost = none if place is None else in_currency(place, "place_cost")
    return CostProposal(
        currency=currency,
        teacher_pay=teacher_pay,
        pay_ratio=ratio,
        pay_s3=pay_s3,
        pay_s1=pay_s1,
        place_cost=place_cost,
    )


def _pay_range(roles: pl.DataFrame, currency: str) -> tuple[Provenance, str]:
    """Social workers' pay from a range a source gives (bottom and top, same unit): its
    middle, a year's worth (x 12 for monthly pay)."""
    low, high = _latest(roles, "pay_sw_low"), _latest(roles, "pay_sw_high")
    if low is None or high is None or low["unit"] != high["unit"]:
        return Provenance(None, "assumption", "no_figure"), currency
    unit = str(low["unit"])
    months = 12 if unit.endswith("per month") else 1
    value = (low["value"] + high["value"]) / 2 * months
    return (
        Provenance(
            value,
            "computed",
            "sw_pay_range",
            (low["obs_id"], high["obs_id"]),
            low["year"] or high["year"],
            {"low": low["value"], "high": high["value"], "range_unit": unit},
        ),
        currency or unit.split(" ")[0],
    )


class RoomEstimates(RoomEstimate, Protocol):
    """A country team's estimate for a lab field (ssw_core.questions.Estimate)."""

    @property
    def field(self) -> str: ...
    @property
    def currency(self) -> str: ...


def with_room_estimates(
    proposal: BaselineProposal | None,
    costs: CostProposal | None,
    estimates: tuple[RoomEstimates, ...] | list[RoomEstimates],
) -> tuple[BaselineProposal | None, CostProposal | None]:
    """The starting point with the country teams' estimates offered to the lab where the data
    has no figure: open cases (`cases`: open cases per social worker x (S1 + S6) at the
    start, whole cases) and the price of a study place (`place_cost`, in the lab's currency,
    or in the estimate's where the lab has none; an estimate in another currency is left
    out: one currency per country). The split (`split`) goes to propose_baseline."""
    for e in estimates:
        if e.field == "cases" and proposal is not None and proposal.open_cases.value is None:
            workers = (proposal.s1.value or 0.0) + (proposal.s6.value or 0.0)
            if workers > 0:
                p = estimate_provenance(
                    e, float(round(e.value * workers)), "cases_per_worker_estimate"
                )
                p = replace(p, args={**p.args, "per_worker": e.value, "workers": workers})
                proposal = replace(proposal, open_cases=p)
        if (
            e.field == "place_cost"
            and costs is not None
            and costs.place_cost.value is None
            and e.currency
            and costs.currency in ("", e.currency)
        ):
            p = estimate_provenance(e, e.value, "place_cost_estimate")
            p = replace(p, args={**p.args, "currency": e.currency})
            costs = replace(costs, currency=e.currency, place_cost=p)
    return proposal, costs
