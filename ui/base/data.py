"""Cached wrappers around ssw_core for the pages. Pages call these, never ssw_core.store.

Every cached function takes the data fingerprint as its first argument, so a changed data
file invalidates the cache. Frames are small (hundreds of rows); caches are bounded.

The results are shared by every session, not copied for each (`st.cache_resource`, not
`cache_data`, which unpickles a copy on every call: a room's sessions make thousands of these
calls a minute). Nothing may change them in place: Polars frames are not changed in place by
the methods this code uses, and the proposals are frozen dataclasses.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ssw_core import (
    baseline,
    coverage,
    derive,
    figures,
    geo,
    paths,
    queries,
    questions,
    serving,
    uploads,
    workforce,
)
from ssw_core.roomstate import Limits
from ssw_core.store import Store, data_fingerprint
from ssw_core.userstore import UserStore
from ui.base import session
from ui.base.markdown import md_escape

_ENTRIES = 64


@st.cache_resource(max_entries=2, show_spinner=False)
def _store(data_dir: str, user_dir: str, version: str) -> Store:
    return Store(Path(data_dir), Path(user_dir))


def store() -> Store:
    """The Store of the configured data directories (reopened when a shipped file changes or
    another uploaded version is put in use)."""
    d, u = paths.data_dir(), paths.user_data_dir()
    return _store(str(d), str(u), data_fingerprint(d, u))


def user_store() -> UserStore:
    return UserStore(paths.user_data_dir())


@st.cache_resource(max_entries=4, show_spinner=False)
def _question_store(root: str) -> questions.QuestionStore:
    return questions.QuestionStore(Path(root), limits=_room_limits())


def question_store() -> questions.QuestionStore:
    """The room's questions (ssw_core.questions), one store per process: an unchanged
    document is read again for the price of a `stat`."""
    room_limits()
    return _question_store(str(paths.user_data_dir() / "questions"))


@functools.cache
def _room_limits() -> Limits:
    return serving.room_limits()


def room_limits() -> Limits:
    """What participants may send to a board or a question, from the room's settings
    (ssw_core.serving.room_limits; read once per process). A wrong setting (scripts/room.py
    refuses to start with it) stops the page with the setting's message."""
    try:
        return _room_limits()
    except serving.SettingError as exc:
        st.error(md_escape(str(exc)), icon=":material/error:")
        st.stop()
        raise  # not reached: st.stop() raises


def offered(iso3: str | None) -> tuple[questions.Estimate, ...]:
    """The country teams' estimates the facilitator offered to the Scenario lab for `iso3`
    (none while nothing is offered)."""
    return tuple(question_store().offered(iso3)) if iso3 else ()


_RUN_VERSION = session.Key[str](
    "_data_version", __name__, survives_slide=True, doc="the data fingerprint of this run"
)


def start_run() -> None:
    """At the top of every script run (app.py): take the data fingerprint once for the run.
    It stats every data file, and `version()` is called for each cached lookup (for each
    translated data text, hundreds of times a run); an upload or a rollback reruns the
    script, so a run never needs a newer one."""
    _RUN_VERSION.set(store().fingerprint)


def version() -> str:
    """The data fingerprint to pass as the first argument of every cached function: the
    one of this run (`start_run`), or taken now outside a run (a download made later)."""
    if get_script_run_ctx(suppress_warning=True) is not None:  # a download made later: none
        cached = _RUN_VERSION.get()
        if cached is not None:
            return str(cached)
    return store().fingerprint


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def countries(version: str, region: str | None = None) -> pl.DataFrame:
    return queries.countries(store(), region)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def indicators(version: str, pillar: int | None = None) -> pl.DataFrame:
    return queries.indicators(store(), pillar)


@st.cache_resource(max_entries=8, show_spinner=False)
def texts(version: str, lang: str) -> dict[str, str]:
    return queries.texts(store(), lang)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def sources(version: str) -> pl.DataFrame:
    return queries.sources(store())


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def population(version: str, iso3: str | None = None) -> pl.DataFrame:
    return queries.population(store(), iso3)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def coverage_matrix(version: str, region: str | None = None) -> pl.DataFrame:
    return coverage.coverage_matrix(store(), region)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def figure_records(
    version: str,
    geo: str | None = None,
    indicator_id: str | None = None,
    pillar: int | None = None,
    link: str | None = None,
) -> tuple[figures.Figure, ...]:
    """The figures `observations` returns, as records (ssw_core.figures)."""
    return figures.figures(
        queries.observations(store(), geo=geo, indicator_id=indicator_id, pillar=pillar, link=link)
    )


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def core3_records(version: str) -> tuple[figures.Figure, ...]:
    """Every Core 3 figure with its rates, as records."""
    return figures.figures(workforce.core3_figures(store()))


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def computed_records(version: str) -> tuple[figures.Computed, ...]:
    """Every computed indicator value with the figures it comes from."""
    return figures.computed(
        derive.derived_values(store()), figure_records(version, link="indicator")
    )


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def country_records(version: str, region: str | None = None) -> tuple[figures.Country, ...]:
    """Every country of a region with its population and headline figure."""
    return figures.countries(store(), region)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def children(version: str, iso3: str) -> workforce.Population | None:
    """The child population a country profile shows (figures.children)."""
    return figures.children(store(), iso3)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def regional_records(version: str, region: str | None) -> tuple[figures.Figure, ...]:
    """Figures about a whole region (figures.regional)."""
    return figures.regional(store(), region)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def baseline_proposal(
    version: str, iso3: str, estimate: questions.Estimate | None = None
) -> baseline.BaselineProposal:
    """The lab's starting point; `estimate`: a country team's Category 6 share offered to
    the lab (it replaces an assumed split only)."""
    return baseline.propose_baseline(store(), iso3, estimate)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def start_figures(version: str, iso3: str) -> tuple[str, ...]:
    return baseline.start_figures(store(), iso3)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def start_proposal(
    version: str, iso3: str, obs_id: str, estimate: questions.Estimate | None = None
) -> baseline.BaselineProposal:
    return baseline.propose_start_from(store(), iso3, obs_id, estimate)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def cost_proposal(version: str, iso3: str) -> baseline.CostProposal:
    return baseline.propose_costs(store(), iso3)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def child_population(version: str, iso3: str, year: int) -> workforce.Population | None:
    return workforce.child_population(store(), iso3, year)


@st.cache_resource(max_entries=_ENTRIES, show_spinner=False)
def known_figures(version: str) -> pl.DataFrame:
    """What the dashboard shows today per country and upload measure (uploads.known_figures)."""
    return uploads.known_figures(queries.observations(store()))


@st.cache_resource(show_spinner=False)
def boundaries() -> dict[str, Any]:
    """The shipped country boundaries (data/geo/boundaries.geojson), read once."""
    return geo.load()
