"""Sources & methods: every source cited, every formula, and the caveats of the data."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui import components, data, shell
from ui.components import md_escape, md_link, source_link
from ui.i18n import fmt_num, t

shell.start_page()

v = data.version()
sources = data.sources(v)

st.title(t("sources.title"))
st.caption(
    t("sources.lede", n=fmt_num(sources.height), figures=fmt_num(sources["n_figures"].sum()))
)

tab_sources, tab_methods, tab_notes = st.tabs(
    [t("sources.tab_sources"), t("sources.tab_methods"), t("sources.tab_notes")]
)

with tab_sources:
    query = st.text_input(
        t("sources.search"), key="source_search", placeholder=t("sources.search_hint")
    )
    kinds = st.multiselect(
        t("sources.type_filter"),
        sorted(sources["source_type"].unique()),
        format_func=lambda k: t(f"source_types.{k}"),
        key="source_types",
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
    components.show_table(
        pl.DataFrame(
            [
                {
                    # A data file's locator (repository, path, commit) goes under its title.
                    t("sources.col_title"): md_link(r["title"], source_link(r))
                    if source_link(r)
                    else f"{md_escape(r['title'])} — {md_escape(r['locator'])}",
                    t("sources.col_publisher"): md_escape(r["publisher"]),
                    t("sources.col_year"): str(r["pub_year"])
                    if r["pub_year"]
                    else t("common.undated"),
                    t("sources.col_type"): t(f"source_types.{r['source_type']}"),
                    t("sources.col_licence"): md_escape(
                        r["licence"] or t("sources.licence_unknown")
                    ),
                    t("sources.col_figures"): r["n_figures"],
                }
                for r in shown.iter_rows(named=True)
            ],
            strict=False,
        ),
        "sources",
    )

with tab_methods:
    for section in ("rates", "headline", "coverage", "derived", "caseload"):
        st.markdown(t(f"methods.{section}"))

with tab_notes:
    st.markdown(t("notes.body"))
