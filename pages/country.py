"""Country profile: everything the data holds about one country, each figure with its source."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.base import data
from ui.base.i18n import country_names, fmt_num, geo_name, in_language, t, tc
from ui.base.markdown import md_escape
from ui.monitor import brief, countries, coverage
from ui.parts import shell
from ui.parts.figures import (
    derived_frame,
    figure_label,
    figure_text,
    figures_frame,
    flags,
    source_text,
    tier_text,
)
from ui.parts.place import page_title, show_chart, show_table
from ui.parts.presenting import presenting
from ui.parts.sidebar import PICK_COUNTRY, choose_country, current_selection

shell.start_page()

sel = current_selection()
v = data.version()

if sel.iso3 is None:
    st.title(t("country.title_pick"))
    st.info(t("country.pick_hint"), icon=":material/arrow_back:")
    names = country_names()
    grid = st.columns(4)
    for i, iso3 in enumerate(sorted(sel.iso3s, key=names.__getitem__)):
        grid[i % 4].button(
            names[iso3],
            key=PICK_COUNTRY.item(iso3),
            on_click=choose_country,
            args=(iso3,),
            width="stretch",
        )
    st.stop()

iso3 = sel.iso3
name = geo_name(iso3)
row = countries.country_table(v, sel).row(0, named=True)
obs = data.observations(v, geo=iso3)
pop = data.population(v, iso3)
child = pop.filter(pl.col("series") == "sowc_0_17")

if presenting():  # a slide: its message is the heading; the figures with a value, one row
    page_title(name)
else:
    head = st.columns([4, 1], vertical_alignment="bottom")
    head[0].title(name)
    with head[1]:
        st.download_button(
            t("brief.button"),
            in_language(lambda: brief.country_brief(iso3, sel).encode("utf-8")),
            file_name=f"country-brief-{iso3}.html",
            mime="text/html",
            icon=":material/print:",
            help=t("brief.help"),
            on_click="ignore",
        )
    st.caption(t(f"regions.{row['region']}"))

# --- headline ---------------------------------------------------------------------------
has_figure = row.get("obs_id") is not None
figures = [
    (t("country.m_population", year=row["wb_year"]), fmt_num(row["wb_persons"]), None),
    (
        t("country.m_children"),
        fmt_num(child["persons"][0]) if child.height else None,
        t("country.m_children_help"),
    ),
    (
        t("country.m_workforce"),
        figure_text(row, with_rate_unit=True) if has_figure else None,
        figure_label(row) if has_figure else t("flags.no_figure"),
    ),
    (
        t("table.per_100k_pop"),
        None if row.get("rate_pop") is None else countries.rate_cell(row.get("rate_pop"), row),
        None,
    ),
]
if presenting():
    figures = [f for f in figures if f[1] is not None]
    cols = st.columns(len(figures))
else:
    cols = [*st.columns(2), *st.columns(2)]  # 2 x 2: readable at 1024 px on a projector
for col, (label, value, help_text) in zip(cols, figures, strict=True):
    col.metric(label, value if value is not None else t("common.missing"), help=help_text)
if has_figure:
    st.caption(
        t(
            "country.headline_source",
            what=figure_label(row),
            source=md_escape(source_text(row)),
        )
        + f" · {tier_text(row['source_tier'])}"
        + (f" · {flags(row)}" if flags(row) else "")
    )

# --- against the 14 indicators ----------------------------------------------------------
st.subheader(t("country.indicators_title"))
matrix = data.coverage_matrix(v).filter(pl.col("iso3") == iso3)
show_chart(  # the picture on a slide of this page: 14 cells, one line
    lambda: coverage.coverage_chart(v, matrix),
    f"{iso3}-coverage",
    title=f"{name}: {t('country.indicators_title')}",
    caption=t("coverage.legend_explained"),
    key=("coverage-country", v, iso3),
    side_legend=False,
)
inds = {r["indicator_id"]: r for r in data.indicators(v).iter_rows(named=True)}
show_table(
    pl.DataFrame(
        [
            {
                t("table.indicator"): md_escape(
                    f"{r['code']} · {tc(inds[r['indicator_id']], 'name')}"
                ),
                t("pillar.pillar"): t(f"pillars.p{r['pillar']}.short"),
                t("coverage.legend_title"): t(f"coverage.{r['status']}"),
                t("coverage.n_figures"): r["n_figures"],
            }
            for r in matrix.sort("sort_order").iter_rows(named=True)
        ]
    ),
    f"{iso3}-indicators",
)

# --- figures ----------------------------------------------------------------------------
core3 = data.core3_figures(v).filter(pl.col("geo") == iso3)
st.subheader(t("country.workforce_title"))
if core3.is_empty():
    st.info(t("country.no_workforce"), icon=":material/search_off:")
else:
    show_table(figures_frame(core3, with_country=False), f"{iso3}-workforce")
    for line in countries.rate_explanations(
        core3.rename({"geo": "iso3"}).with_columns(pl.lit(name).alias("name_en")), by="figure"
    ):
        st.markdown(f"- {line}")

other = obs.filter((pl.col("link") == "indicator") & (pl.col("indicator_id") != "core3"))
derived = data.derived_values(v).filter(pl.col("geo") == iso3)
st.subheader(t("country.other_title"))
if other.is_empty() and derived.is_empty():
    st.info(t("country.no_other"), icon=":material/search_off:")
if not derived.is_empty():
    show_table(derived_frame(derived, with_country=False), f"{iso3}-computed")
if not other.is_empty():
    show_table(figures_frame(other, with_country=False, with_indicator=True), f"{iso3}-other")

context = obs.filter(pl.col("link") == "context")
st.subheader(t("country.context_title"))
if context.is_empty():
    st.info(t("pillar.no_context"), icon=":material/search_off:")
else:
    show_table(figures_frame(context, with_country=False), f"{iso3}-context")

# --- population -------------------------------------------------------------------------
st.subheader(t("country.population_title"))
show_chart(
    lambda: countries.population_chart(v, iso3),
    f"{iso3}-population",
    key=("population", v, iso3),
    title=f"{name}: {t('country.population_title')}",
    caption=t("country.population_caption"),
)
st.caption(t("country.population_caption"))
