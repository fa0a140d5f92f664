"""One page per pillar of the Call to Action: what it asks, each of its indicators with
definition, formula, coverage, the country figures that exist and a chart where there are
numbers to compare, then related context."""

from __future__ import annotations

import altair as alt
import polars as pl
import streamlit as st

from ssw_core.figures import CASELOAD_UNITS, Computed, Figure
from ssw_core.staffing import CASELOAD_BAND
from ui.base import charts, data, link
from ui.base.i18n import fmt_num, geo_name, t, tc, tn
from ui.base.markdown import md_escape
from ui.monitor.countries import bar_frame, bar_tooltips, country_table, headline_rate_chart
from ui.monitor.coverage import in_view, pillar_chart
from ui.parts import credits, shell
from ui.parts.figures import derived_frame, figure_label, figures_frame
from ui.parts.place import detail, page_title, show_chart, show_table
from ui.parts.presenting import presenting
from ui.parts.sidebar import Selection, current_selection


def render(pillar: int) -> None:
    sel = current_selection()
    v = data.version()
    page_title(t(f"pillars.p{pillar}.title"), t(f"pillars.p{pillar}.asks"), as_caption=False)
    # planning numbers and the path out of Category 6 are modelled there (not on a slide)
    if pillar in (2, 3) and not presenting():
        st.page_link(
            shell.page_path("scenario"),
            label=t("pillar.to_scenario", country=geo_name(sel.iso3))
            if sel.iso3
            else t("pillar.to_scenario_any"),
            icon=":material/trending_down:",
            query_params=link.query(country=sel.iso3),
        )

    matrix = in_view(v, sel.region, sel.iso3s)
    # the pillar at a glance, first: on a slide it is the picture under the message
    glance = t("pillar.glance", total=fmt_num(len(sel.iso3s)))
    st.markdown(f"**{glance}**")
    show_chart(
        lambda: pillar_chart(v, matrix, pillar),
        f"pillar{pillar}-coverage",
        title=glance,
        caption=t("coverage.legend_explained"),
        key=("pillar-coverage", v, pillar, sel.region, sel.iso3s),
        notes=lambda: credits.indicator_notes(v, sel.iso3s, pillar=pillar),
    )
    obs = tuple(f for f in data.figure_records(v, pillar=pillar) if f.geo in sel.iso3s)
    derived = tuple(c for c in data.computed_records(v) if c.geo in sel.iso3s)
    with detail():  # on a slide, the indicators one by one are one click away
        _indicators(v, sel, pillar, matrix, obs, derived)


def _indicators(
    v: str,
    sel: Selection,
    pillar: int,
    matrix: pl.DataFrame,
    obs: tuple[Figure, ...],
    derived: tuple[Computed, ...],
) -> None:
    """Each indicator of the pillar: definition, coverage, figures and chart; then context."""
    for ind in data.indicators(v, pillar).iter_rows(named=True):
        iid = ind["indicator_id"]
        st.divider()
        st.subheader(f"{ind['code']} · {tc(ind, 'name')}")
        st.markdown(md_escape(tc(ind, "definition")))
        _facts_line(ind)
        counts = matrix.filter(pl.col("indicator_id") == iid)["status"].value_counts()
        n = dict(zip(counts["status"], counts["count"], strict=True))
        st.markdown(
            tn(
                "pillar.coverage_line",
                len(sel.iso3s),
                reported=fmt_num(n.get("reported", 0)),
                partial=fmt_num(n.get("partial", 0)),
                missing=fmt_num(n.get("missing", 0)),
            )
        )
        figures = tuple(f for f in obs if f.indicator_id == iid)
        computed = tuple(c for c in derived if c.indicator_id == iid)
        if not figures and not computed:
            st.info(t("pillar.no_data", code=ind["code"]), icon=":material/search_off:")
            continue
        chart = indicator_chart(v, sel, iid, figures, computed)
        if chart is not None:
            show_chart(
                chart,
                f"{iid}-chart",
                title=f"{ind['code']} · {tc(ind, 'name')}",
                caption=t(f"charts.caption.{iid}"),
                notes=indicator_notes(v, sel, iid, figures, computed),
            )
            st.caption(t(f"charts.caption.{iid}"))
        if computed:
            st.markdown(f"**{t('pillar.computed_title')}**")
            show_table(derived_frame(computed), f"{iid}-computed")
        if figures:
            st.markdown(f"**{t('pillar.figures_title')}**")
            show_table(figures_frame(figures), f"{iid}-figures")

    context = tuple(f for f in obs if f.is_context)
    st.divider()
    st.subheader(t("pillar.context_title"))
    st.caption(t("pillar.context_caption"))
    if not context:
        st.info(t("pillar.no_context"), icon=":material/search_off:")
    else:
        show_table(figures_frame(context), f"pillar{pillar}-context")


def _facts_line(ind: dict[str, object]) -> None:
    cats = str(ind["categories"] or "")
    parts = [t("pillar.unit", unit=tc(ind, "unit"))]
    if cats:
        parts.insert(0, t("pillar.categories", cats=", ".join(cats.split(";"))))
    st.caption(" · ".join(parts))
    formula = t(f"formulas.{ind['indicator_id']}")
    if not formula.startswith("["):
        st.markdown(formula)


def indicator_chart(
    version: str,
    sel: Selection,
    iid: str,
    figures: tuple[Figure, ...],
    computed: tuple[Computed, ...],
) -> alt.LayerChart | None:
    """The chart of an indicator where countries have numbers in one unit, else None."""
    if iid == "core3":
        return headline_rate_chart(version, sel)
    if iid == "other2a":
        rows = [
            _bar(f.geo, f.value, f.year, figure_label(f), f.stands_apart, f.source.citation)
            for f in figures
            if f.unit in CASELOAD_UNITS and f.value is not None
        ] + [
            _bar(c.geo, c.value, c.year, t("derived.average_caseload.name"), c.stands_apart)
            for c in computed
        ]
        if not rows:
            return None
        return charts.rate_bars(
            bar_frame(rows),
            value_title=t("charts.caseload_title"),
            flag_labels=(t("charts.comparable"), t("charts.flagged")),
            tooltip_titles=bar_tooltips(),
            band=CASELOAD_BAND,
            band_label=t("charts.caseload_band"),
            value_format=",.0f",
        )
    if iid in ("core7", "other4a") and computed:
        rows = [
            _bar(
                c.geo,
                c.value,
                c.year,
                t(f"derived.{c.formula}.name"),
                c.stands_apart,
                short=t(f"derived.{c.formula}.short"),
            )
            for c in computed
        ]
        pct = iid == "other4a"
        return charts.rate_bars(
            bar_frame(rows),
            value_title=t("charts.vacancy_title" if pct else "charts.pay_ratio_title"),
            flag_labels=(t("charts.comparable"), t("charts.flagged")),
            tooltip_titles=bar_tooltips(),
            rule_at=None if pct else 1.0,
            value_format=".0%" if pct else ".2f",
        )
    return None


def indicator_notes(
    version: str,
    sel: Selection,
    iid: str,
    figures: tuple[Figure, ...],
    computed: tuple[Computed, ...],
) -> list[str]:
    """Under an indicator's chart in its files: the sources of its bars (`indicator_chart`):
    for Core 3 the headline figures and their populations, else the figures and computed
    values drawn."""
    if iid == "core3":
        shown = [c.headline for c in country_table(version, sel) if c.headline is not None]
        return credits.rate_notes(version, [f for f in shown if f.rate_pop is not None])
    drawn: list[Figure | Computed] = list(computed)
    if iid == "other2a":
        drawn += [f for f in figures if f.unit in CASELOAD_UNITS and f.value is not None]
    return [credits.sources_line(credits.figure_sources(drawn))]


def _bar(
    geo: str,
    value: float | None,
    year: int | None,
    what: str,
    flagged: bool,
    source: str | None = None,
    *,
    short: str | None = None,
) -> dict[str, object]:
    """A bar of a chart: a figure (with its source) or a computed value (source None)."""
    name = geo_name(geo)
    return {
        "name": f"{name}: {short}" if short else name,
        "value": value,
        "flagged": flagged,
        "what": what,
        "year": str(year) if year is not None else t("common.undated"),
        "source": source if source is not None else t("charts.computed_source"),
    }
