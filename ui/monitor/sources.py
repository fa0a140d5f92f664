"""The Sources page's list of sources: searched by words and filtered by type (both kept in the
session), each with its title linked where it is online, publisher, year, type and licence."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.figures import web_link
from ui.base import session
from ui.base.i18n import fmt_num, t
from ui.base.markdown import md_escape, md_link

_SEARCH = session.Key[str]("source_search", __name__, doc="words searched in the sources")
_TYPES = session.Key[list[str]](
    "source_types", __name__, doc="the source types shown", relabelled=True
)


def search(sources: pl.DataFrame) -> pl.DataFrame:
    """The search box and the type filter; returns the sources they let through."""
    query = st.text_input(
        t("sources.search"), key=_SEARCH.name, placeholder=t("sources.search_hint")
    )
    kinds = st.multiselect(
        t("sources.type_filter"),
        sorted(sources["source_type"].unique()),
        format_func=lambda k: t(f"source_types.{k}"),
        key=_TYPES.name,
        placeholder=t("sources.type_filter_placeholder"),
    )
    shown = sources
    if query.strip():
        needle = query.strip().lower()
        shown = shown.filter(
            pl.concat_str(["source_id", "title", "publisher"], separator=" ")
            .str.to_lowercase()
            .str.contains(needle, literal=True)
        )
    if kinds:
        shown = shown.filter(pl.col("source_type").is_in(kinds))
    st.caption(t("sources.showing", n=fmt_num(shown.height), total=fmt_num(sources.height)))
    return shown


def sources_table(shown: pl.DataFrame) -> pl.DataFrame:
    """The sources as a display table (Markdown cells, data text escaped)."""
    return pl.DataFrame(
        [
            {
                # A data file's locator (repository, path, commit) goes under its title.
                t("sources.col_title"): md_link(r["title"], web_link(r["locator"]))
                if web_link(r["locator"])
                else f"{md_escape(r['title'])} — {md_escape(r['locator'])}",
                t("sources.col_publisher"): md_escape(r["publisher"]),
                t("sources.col_year"): str(r["pub_year"]) if r["pub_year"] else t("common.undated"),
                t("sources.col_type"): t(f"source_types.{r['source_type']}"),
                t("tiers.title"): t(f"tiers.{r['tier']}"),
                t("sources.col_licence"): md_escape(r["licence"] or t("sources.licence_unknown")),
                t("sources.col_figures"): r["n_figures"],
            }
            for r in shown.iter_rows(named=True)
        ],
        strict=False,
    )
