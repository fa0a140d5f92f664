"""Sources & methods: every source cited, every formula, and the caveats of the data."""

from __future__ import annotations

import streamlit as st

from ui.base import data
from ui.base.i18n import fmt_num, t
from ui.monitor.sources import search, sources_table
from ui.parts import shell
from ui.parts.place import show_table

shell.start_page()

v = data.version()
sources = data.sources(v)

st.title(t("sources.title"))
st.caption(
    t("sources.lede", n=fmt_num(sources.height), figures=fmt_num(int(sources["n_figures"].sum())))
)

tab_sources, tab_methods, tab_notes = st.tabs(
    [t("sources.tab_sources"), t("sources.tab_methods"), t("sources.tab_notes")]
)

with tab_sources:
    show_table(sources_table(search(sources)), "sources")

with tab_methods:
    for section in ("rates", "headline", "coverage", "derived", "caseload"):
        st.markdown(t(f"methods.{section}"))

with tab_notes:
    st.markdown(t("notes.body"))
