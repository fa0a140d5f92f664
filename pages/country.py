"""Country profile: everything the data holds about one country, each figure with its source."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ui.base import data
from ui.base.i18n import country_names, geo_name, in_language, t, tc
from ui.base.markdown import md_escape
from ui.monitor import brief, countries, country_metrics, coverage
from ui.parts import credits, shell
from ui.parts.figures import derived_frame, figure_label, figures_frame, flags, tier_text
from ui.parts.place import detail, page_title, show_chart, show_table
from ui.parts.presenting import headed, presenting
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
country = countries.country_table(v, sel)[0]
head = country.headline
obs = data.figure_records(v, geo=iso3)

if presenting():  # a slide: its message is the heading, the country a small line under it
    if headed():
        st.caption(f"**{md_escape(name)}**")
    else:
        page_title(name)
else:
    top = st.columns([4, 1], vertical_alignment="bottom")
    top[0].title(name)
    with top[1]:
        st.download_button(
            t("brief.button"),
            in_language(lambda: brief.country_brief(iso3, sel).encode("utf-8")),
            file_name=f"country-brief-{iso3}.html",
            mime="text/html",
            icon=":material/print:",
            help=t("brief.help"),
            on_click="ignore",
        )
    st.caption(t(f"regions.{country.region}"))

# --- headline ---------------------------------------------------------------------------
figures = [
    country_metrics.population(country),
    country_metrics.children(data.children(v, iso3)),
    country_metrics.workforce(head),
    country_metrics.rate_pop(head),
]
if presenting():
    figures = [f for f in figures if f.value is not None]
    cols = st.columns(len(figures))
else:
    cols = [*st.columns(2), *st.columns(2)]  # 2 x 2: readable at 1024 px on a projector
for col, m in zip(cols, figures, strict=True):
    col.metric(
        m.label, m.value if m.value is not None else t("common.missing"), help=m.note or None
    )
if head is not None:
    caveats = flags(head)
    marks = (f" · {tier_text(head.source.tier)}" if head.source.tier else "") + (
        f" · {caveats}" if caveats else ""
    )
    source = t(
        "country.headline_source",
        what=figure_label(head),
        source=md_escape(head.source.citation),
    )
    if presenting():  # on a slide: whose figure, and its flags; the citation under the chart
        st.caption(t("country.headline_source_short", source=md_escape(head.source.short)) + marks)
    else:
        st.caption(source + marks)

# --- against the 14 indicators ----------------------------------------------------------
if not presenting():  # on a slide the message is the heading
    st.subheader(t("country.indicators_title"))
matrix = data.coverage_matrix(v).filter(pl.col("iso3") == iso3)
show_chart(  # the picture on a slide of this page: 14 cells, one line
    lambda: coverage.coverage_chart(v, matrix),
    f"{iso3}-coverage",
    title=f"{name}: {t('country.indicators_title')}",
    caption=t("coverage.legend_explained"),
    key=("coverage-country", v, iso3),
    side_legend=False,
    notes=lambda: credits.indicator_notes(v, (iso3,)),
)
inds = {r["indicator_id"]: r for r in data.indicators(v).iter_rows(named=True)}
with detail():  # on a slide the chart says it; the table and the citation are one click away
    if head is not None and presenting():
        st.caption(source)
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
core3 = tuple(f for f in data.core3_records(v) if f.geo == iso3)
st.subheader(t("country.workforce_title"))
if not core3:
    st.info(t("country.no_workforce"), icon=":material/search_off:")
else:
    show_table(figures_frame(core3, with_country=False), f"{iso3}-workforce")
    for line in countries.rate_explanations(core3, by="figure"):
        st.markdown(f"- {line}")

core3_ids = {f.obs_id for f in core3}
other = tuple(f for f in obs if not f.is_context and f.obs_id not in core3_ids)
derived = tuple(c for c in data.computed_records(v) if c.geo == iso3)
st.subheader(t("country.other_title"))
if not other and not derived:
    st.info(t("country.no_other"), icon=":material/search_off:")
if derived:
    show_table(derived_frame(derived, with_country=False), f"{iso3}-computed")
if other:
    show_table(figures_frame(other, with_country=False, with_indicator=True), f"{iso3}-other")

context = tuple(f for f in obs if f.is_context)
st.subheader(t("country.context_title"))
if not context:
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
    notes=lambda: [credits.population_line(v, iso3)],
)
st.caption(t("country.population_caption"))
