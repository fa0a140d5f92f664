"""The four numbers at the top of a country profile and of its printed brief: population,
children, the workforce figure that stands for the country, and its rate per 100,000. Each
carries a note saying where it comes from (the help on the page, the small line in the brief)."""

from __future__ import annotations

from dataclasses import dataclass

from ssw_core.figures import Country, Figure
from ssw_core.workforce import Population
from ui.base.i18n import fmt_num, t
from ui.monitor.countries import rate_cell, rate_explanations
from ui.parts.figures import figure_label, figure_text


@dataclass(frozen=True)
class Metric:
    label: str
    value: str | None  # None: missing (the page and the brief say so)
    note: str


def population(c: Country) -> Metric:
    """The latest World Bank population (its label names the source and the year)."""
    pop = c.population
    return Metric(
        t("country.m_population", year=pop.year if pop else ""),
        None if pop is None else fmt_num(pop.persons),
        "",
    )


def children(pop: Population | None) -> Metric:
    """The child population, aged 0-17 or, where SOWC has none, 0-14 (figures.children)."""
    if pop is None:
        return Metric(t("country.m_children_none"), None, t("country.children_note.missing"))
    return Metric(
        t("country.m_children", ages=pop.age_group, year=pop.year),
        fmt_num(pop.persons),
        t(f"country.children_note.{pop.series}"),
    )


def workforce(f: Figure | None) -> Metric:
    if f is None:
        return Metric(t("country.m_workforce"), None, t("flags.no_figure"))
    return Metric(t("country.m_workforce"), figure_text(f, with_rate_unit=True), figure_label(f))


def rate_pop(f: Figure | None) -> Metric:
    """The rate per 100,000 population, noted with how it was obtained (its count, its
    population and that population's year, which need not be the latest shown beside it),
    or why there is none: the sentence the profile's list of rates has."""
    rate = None if f is None else f.rate_pop
    if f is None:
        note = t("flags.no_figure")
    else:
        note = " ".join(rate_explanations((f,), by="country")).replace("**", "")
    return Metric(t("table.per_100k_pop"), None if rate is None else rate_cell(rate, f), note)
