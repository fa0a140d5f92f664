"""Overview: where each country stands, and how much of the monitoring framework has data."""

from __future__ import annotations

from functools import partial

import streamlit as st

from ssw_core.schema import REGIONS
from ui.base import data, link
from ui.base.i18n import fmt_num, fmt_pct, geo_name, t
from ui.monitor import countries, coverage, maps
from ui.parts import credits, shell
from ui.parts.figures import figures_frame
from ui.parts.place import detail, page_title, show_chart, show_table
from ui.parts.presenting import presenting
from ui.parts.sidebar import current_selection

shell.start_page()

sel = current_selection()
v = data.version()

page_title(t("overview.title"), t("overview.lede"))

# --- data -------------------------------------------------------------------------------
table = countries.country_table(v, sel)
matrix = coverage.in_view(v, sel.region, sel.iso3s)
summary = coverage.summary_in_view(v, sel.region, sel.iso3s)
with_figure = sum(c.headline is not None for c in table)

# --- headline numbers -------------------------------------------------------------------
cols = st.columns(4)  # one row: the map is the first picture, above the fold at 1280 x 720
cols[0].metric(t("overview.m_countries"), fmt_num(len(sel.iso3s)))
cols[1].metric(
    t("overview.m_with_figure"),
    t("common.n_of_m", n=fmt_num(with_figure), m=fmt_num(len(sel.iso3s))),
    help=t("overview.m_with_figure_help"),
)
cols[2].metric(
    t("overview.m_indicators"),
    t("common.n_of_m", n=fmt_num(summary["indicators_with_data"]), m="14"),
    help=t("overview.m_indicators_help"),
)
cols[3].metric(
    t("overview.m_missing"),
    fmt_pct(summary["missing"] / summary["cells"] if summary["cells"] else None, 0),
    help=t("overview.m_missing_help"),
)

# --- map: the picture above the fold ---------------------------------------------------
if not presenting():  # on a slide the message is the heading and the map its picture
    st.subheader(t("map.title"))
pictures = st.container()  # filled after the picker below it: the picture comes first
option = maps.picker(v)
# what the colours and outlines mean, and the boundaries' source: under the maps, and in
# each map's file (which has no page around it)
notes = [t("map.caption_children")] if option in maps.CHILD_MAPS else []
if option in maps.MAP_RATES and option != "n_indicators":
    notes.append(t("map.caption_rates"))
elif option not in maps.MAP_RATES:
    notes.append(t("map.caption_status"))
notes.append(t("map.source"))
regions = [sel.region] if sel.region else list(REGIONS)
for region, col in zip(regions, pictures.columns(len(regions)), strict=True):
    with col:
        if len(regions) > 1:
            st.markdown(f"**{t(f'regions.{region}')}**")
        # Names on the map where it has the page's width (two maps side by side are too
        # narrow for them: their names are in the hover and the table below; files have all).
        # On a slide (a projector: wide, 720 pixels high) the legend goes beside the map.
        names = len(regions) == 1
        beside = names and presenting()
        show_chart(
            lambda region=region, names=names, beside=beside: maps.map_chart(
                v, region, option, sel.iso3, names=names, legend_right=beside
            ),
            f"map-{region}-{option}",
            key=("map", v, region, option, sel.iso3, names, beside),
            title=f"{maps.map_option_label(v, option)} · {t(f'regions.{region}')}",
            caption=" ".join(notes),
            notes=partial(maps.file_notes, v, region, option),
        )
with detail():  # on a slide, what the colours mean is one click away (the legend names them)
    for note in notes:
        st.caption(note)

# --- where countries stand --------------------------------------------------------------
st.subheader(t("overview.table_title"))
st.caption(t("overview.table_caption"))
show_table(countries.country_table_display(table), "countries")
with st.expander(t("overview.how_computed")):
    st.markdown(t("overview.headline_rule"))
    for line in countries.rate_explanations(
        tuple(c.headline for c in table if c.headline is not None)
    ):
        st.markdown(f"- {line}")

regional = data.regional_records(v, sel.region) if sel.iso3 is None else ()
if regional:
    st.subheader(t("overview.regional_title"))
    show_table(figures_frame(regional, with_country=True), "regional")

if sel.iso3 is not None:
    st.page_link(
        shell.page_path("country"),
        label=t("overview.open_profile", country=geo_name(sel.iso3)),
        icon=":material/person_search:",
        query_params=link.query(country=sel.iso3, region=sel.region),
    )

# --- coverage ---------------------------------------------------------------------------
st.subheader(t("overview.coverage_title"))
st.markdown(
    t(
        "overview.coverage_finding",
        missing=fmt_num(summary["missing"]),
        cells=fmt_num(summary["cells"]),
        reported=fmt_num(summary["reported"]),
        partial=fmt_num(summary["partial"]),
    )
)
show_chart(
    lambda: coverage.coverage_chart(v, matrix),
    "coverage",
    title=t("overview.coverage_title"),
    caption=t("coverage.legend_explained"),
    key=("coverage", v, sel.region, sel.iso3s),
    notes=lambda: credits.indicator_notes(v, sel.iso3s),
)
st.caption(t("coverage.legend_explained"))
st.caption(coverage.indicator_code_list(v))
with st.expander(t("overview.coverage_as_table")):
    show_table(coverage.coverage_table(v, matrix), "coverage-table")
