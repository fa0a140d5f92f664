"""The choices every page shares: the language and the country in view at the top of the page
(one tap away on a phone, where the sidebar hides behind a button and closed after each
choice; in the sidebar while presenting, where the slide has the top), the region in the
sidebar. All three are in the link (`?lang=ru&region=eca&country=MDA`), so any view can be
shared; app.py draws them before the page runs, and pages read the choice with
`current_selection()`."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ssw_core.schema import REGIONS
from ui.base import data, i18n, link, session
from ui.base.i18n import (
    LANG,
    LANGUAGE_NAMES,
    LANGUAGES,
    country_names,
    t,
)
from ui.base.link import BadValue
from ui.parts.place import report

REGION_OPTIONS = ("all", *REGIONS)
ALL = "all"
REGION = link.Param[str](
    "region",
    __name__,
    ALL,
    case="lower",
    allowed=lambda: ", ".join(REGIONS),
    doc="the region in view",
    relabelled=True,
)
COUNTRY = link.Param[str](
    "country",
    __name__,
    ALL,
    case="upper",
    allowed=lambda: t("errors.iso3_codes"),
    doc="the country in view",
    relabelled=True,
)


@dataclass(frozen=True)
class Selection:
    region: str | None  # None = all regions
    iso3: str | None  # None = all countries of the region
    iso3s: tuple[str, ...]  # the countries in view

    def includes(self, iso3: str) -> bool:
        return iso3 in self.iso3s


PICK_COUNTRY = session.Key[bool](
    "pick_", __name__, family=True, doc="a button choosing one country (Country profile)"
)
_SELECTION = session.Key[Selection](
    "selection", __name__, survives_slide=True, doc="this run's region and countries in view"
)


def adopt_language() -> BadValue | None:
    """Before anything is drawn: take `?lang=` from the link (en, ru, ro). Returns a bad value
    to report once the page is drawn."""
    return i18n.adopt_language()


def language_picker(bad: BadValue | None, where: DeltaGenerator) -> None:
    """The language, in `where` (the top bar, or the sidebar while presenting) and in the URL
    (left out when English)."""
    with where:
        st.segmented_control(
            t("filters.language"),
            LANGUAGES,
            format_func=lambda code: LANGUAGE_NAMES[code],
            key=LANG.name,
            required=True,
        )
    i18n.publish_language()
    report(bad)


def filters(where: DeltaGenerator) -> Selection:
    """The region picker in the sidebar, the country picker in `where` (the top bar, or the
    sidebar while presenting), kept in the URL as ?region=&country=; the choice is kept for
    the page (`current_selection`)."""
    v = data.version()
    everything = data.countries(v)
    names = country_names()
    region_of = dict(zip(everything["iso3"], everything["region"], strict=True))
    problems: list[BadValue | str | None] = [
        REGION.adopt(REGION_OPTIONS),
        COUNTRY.adopt(list(names)),
    ]
    with st.sidebar:
        region = st.selectbox(
            t("filters.region"),
            REGION_OPTIONS,
            format_func=lambda r: t(f"regions.{r}"),
            key=REGION.name,
        )
        in_region = [c for c in names if region == ALL or region_of[c] == region]
        chosen = COUNTRY.value()
        if chosen != ALL and chosen not in in_region:
            problems.append(
                t(
                    "errors.country_not_in_region",
                    country=names[chosen],
                    region=t(f"regions.{region}"),
                )
            )
            COUNTRY.key.set(ALL)
    with where:
        country = st.selectbox(
            t("filters.country"),
            [ALL, *in_region],
            format_func=lambda c: t("filters.all_countries") if c == ALL else names[c],
            key=COUNTRY.name,
            width=280,
        )
    REGION.publish(region)
    COUNTRY.publish(country)
    report(*problems)
    selection = Selection(
        region=None if region == ALL else region,
        iso3=None if country == ALL else country,
        iso3s=tuple(in_region if country == ALL else [country]),
    )
    _SELECTION.set(selection)
    return selection


def current_selection() -> Selection:
    """The region/country chosen in the sidebar (set by app.py before the page runs)."""
    selection = _SELECTION.get()
    if not isinstance(selection, Selection):
        raise RuntimeError("the sidebar filters run in app.py before any page")
    return selection


def choose_country(iso3: str) -> None:
    """Callback: make `iso3` the sidebar's country (and so the URL's)."""
    COUNTRY.key.set(iso3)
