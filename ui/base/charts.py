"""Altair chart builders. They take plain frames and already-translated labels and return
`alt.Chart` objects; pages only place them. No Streamlit here, so tests read `to_dict()`.

Charts are drawn for a projector: large labels, few colours, colours distinguishable in
greyscale, and every mark has a tooltip naming its source.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar, cast

import altair as alt
import polars as pl

FONT_SIZE = 14
TITLE_SIZE = 16
COMPARABLE = "#1f4e79"
FLAGGED = "#f0a30a"
BAND = "#2e7d32"
TEXT = "#222222"  # darker than the Streamlit default grey: projectors wash out light text
SERIES_COLORS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b")
"""Colours of series by position (Tableau 10): a series keeps its colour in every language."""


def series_color(field: str, labels: Sequence[str], legend: alt.Legend | None = None) -> alt.Color:
    """A colour per series keyed to its position in `labels` (the series' own order), not
    to the alphabetical order of its translated label, which differs between languages."""
    domain = list(dict.fromkeys(labels))
    return alt.Color(
        f"{field}:N",
        scale=alt.Scale(domain=domain, range=list(SERIES_COLORS[: len(domain)])),
        sort=domain,
        legend=legend if legend is not None else alt.Legend(title=None),
    )


ROW = 30  # [px] per country row: labels at FONT_SIZE never overlap
THEME = "ssw_projector"
AXIS_LABEL_LIMIT = "containerSize()[0] > 0 && containerSize()[0] < 560 ? 150 : 260"
"""[px] How long an axis label may be: shorter on a phone (a container under 560 px)."""


@alt.theme.register(THEME, enable=True)
def _projector_theme() -> alt.theme.ThemeConfig:
    """One theme for every chart, applied when a chart is serialised. Styling each chart with
    chained .configure_*() calls would deep-copy the whole spec each time (tens of ms a chart).

    fit-x: charts stretch to the page width but keep their own height (Streamlit's default,
    'fit', squeezes axes, legend and plot into the height and collapses short charts). Text is
    large and darker than Streamlit's grey: projectors wash out light text."""
    text: dict[str, Any] = {
        "labelFontSize": FONT_SIZE,
        "titleFontSize": FONT_SIZE,
        "labelColor": TEXT,
        "titleColor": TEXT,
    }
    config: dict[str, Any] = {
        "autosize": {"type": "fit-x", "contains": "padding"},
        "config": {
            # On a phone a country's long label would squeeze a bar chart's plot to a sliver:
            # there labels stop at 150 px (the tooltip has them whole). No container (a file
            # rendered on the server): the desktop limit.
            "axis": {**text, "labelLimit": {"expr": AXIS_LABEL_LIMIT}},
            "legend": {
                **text,
                "orient": "bottom",
                "symbolType": "square",
                "symbolSize": 200,
                "labelLimit": 0,
                # Two legends (the series, the posts line) one under the other, not side by
                # side: side by side the second fell off a phone's narrow chart.
                "layout": {"bottom": {"direction": "vertical", "anchor": "start"}},
            },
        },
    }
    return cast(alt.theme.ThemeConfig, config)


_COMPACT = (
    "abs(datum.value) >= 1e9 ? format(datum.value / 1e9, '~r') + '{b}' : "
    "abs(datum.value) >= 1e6 ? format(datum.value / 1e6, '~r') + '{m}' : "
    "abs(datum.value) >= 1e4 ? format(datum.value / 1e3, '~r') + '{k}' : "
    "format(datum.value, ',~r')"
)


EN_UNITS = ("k", "M", "B")


def compact_axis(units: tuple[str, str, str] = EN_UNITS, **kwargs: object) -> alt.Axis:
    """Axis labels in short form: 2,500 / 25k / 1.5M / 11B. (d3's '~s' writes 'G' for
    billions, which readers of budgets do not expect.)"""
    k, m, b = units
    return alt.Axis(labelExpr=_COMPACT.format(k=k, m=m, b=b), **kwargs)  # type: ignore[arg-type]


C = TypeVar("C", alt.Chart, alt.LayerChart)


def _built(chart: object, kind: type[C]) -> C:
    """The finished chart, as its builder's type (Altair's methods are typed loosely). Its
    style comes from the registered theme."""
    if not isinstance(chart, kind):
        raise TypeError(f"expected {kind.__name__}, built {type(chart).__name__}")
    return chart


def title_lines(text: str, width: int = 30) -> list[str]:
    """A long axis title as lines of at most `width` characters, broken between words: a
    title is cut, not wrapped, where a phone's chart is narrower than it."""
    return textwrap.wrap(text, width) or [text]


def _status_color(
    status_labels: Mapping[str, str], colors: Mapping[str, str], legend: alt.Legend
) -> alt.Color:
    """Colour by a coverage status's label (field status_label), each status its own colour."""
    return alt.Color(
        "status_label:N",
        scale=alt.Scale(
            domain=list(status_labels.values()), range=[colors[k] for k in status_labels]
        ),
        legend=legend,
    )


def coverage_heatmap(
    matrix: pl.DataFrame,
    *,
    status_labels: Mapping[str, str],
    colors: Mapping[str, str],
    x_title: str | list[str],
    y_title: str,
    legend_title: str,
    tooltip_titles: Mapping[str, str],
) -> alt.Chart:
    """Countries x indicators, one cell per pair coloured by status.

    `matrix` needs: name, code, sort_order, status_label, n_figures, indicator_name.
    """
    order_x = matrix.sort("sort_order")["code"].unique(maintain_order=True).to_list()
    order_y = matrix["name"].unique(maintain_order=True).to_list()
    chart = (
        alt.Chart(matrix)
        .mark_rect(stroke="white", strokeWidth=2)
        .encode(
            x=alt.X(
                "code:N",
                sort=order_x,
                title=x_title,
                # 'Other 2b' as two short lines, level: at an angle, neighbours overlapped and
                # Vega dropped every other code (7 of 14 in Russian at 1440 px)
                axis=alt.Axis(
                    orient="top",
                    labelAngle=0,
                    labelExpr="split(datum.label, ' ')",
                    labelFontSize=FONT_SIZE - 2,
                    labelLineHeight=FONT_SIZE - 1,
                    # a top axis's label grows downwards from its first line: lift it by the
                    # second line's height, or that line sits on the first row of cells
                    labelPadding=FONT_SIZE + 1,
                ),
            ),
            y=alt.Y("name:N", sort=order_y, title=y_title),
            color=_status_color(status_labels, colors, alt.Legend(title=legend_title)),
            tooltip=[
                alt.Tooltip("name:N", title=tooltip_titles["country"]),
                alt.Tooltip("indicator_name:N", title=tooltip_titles["indicator"]),
                alt.Tooltip("status_label:N", title=tooltip_titles["status"]),
                alt.Tooltip("n_figures:Q", title=tooltip_titles["n_figures"]),
            ],
        )
        .properties(height=alt.Step(ROW), width="container")
    )
    return _built(chart, alt.Chart)


def coverage_counts(
    frame: pl.DataFrame,
    *,
    status_labels: Mapping[str, str],
    colors: Mapping[str, str],
    x_title: str,
    legend_title: str,
    tooltip_titles: Mapping[str, str],
    total: int,
) -> alt.Chart:
    """One bar per indicator, split by how many of the `total` countries in view have figures
    for it (reported, partial, missing, in that order from the left): a pillar's coverage at a
    glance. The axis ends at `total`, its ticks whole countries.

    `frame` needs: code, indicator_name, sort_order, status (code), status_label, countries.
    """
    order_y = frame.sort("sort_order")["code"].unique(maintain_order=True).to_list()
    rank = {s: i for i, s in enumerate(status_labels)}
    df = frame.with_columns(
        pl.col("status").replace_strict(rank, return_dtype=pl.Int8).alias("rank")
    )
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("code:N", sort=order_y, title=None),
            x=alt.X(
                "countries:Q",
                title=x_title,
                stack="zero",
                scale=alt.Scale(domain=[0, total], nice=False),
                axis=alt.Axis(format="d", tickMinStep=1),
            ),
            color=_status_color(status_labels, colors, alt.Legend(title=legend_title)),
            order=alt.Order("rank:O"),
            tooltip=[
                alt.Tooltip("indicator_name:N", title=tooltip_titles["indicator"]),
                alt.Tooltip("status_label:N", title=tooltip_titles["status"]),
                alt.Tooltip("countries:Q", title=x_title),
            ],
        )
        .properties(height=alt.Step(ROW + 8), width="container")
    )
    return _built(chart, alt.Chart)


def rate_bars(
    frame: pl.DataFrame,
    *,
    value_title: str,
    flag_labels: tuple[str, str],
    tooltip_titles: Mapping[str, str],
    band: tuple[float, float] | None = None,
    band_label: str | None = None,
    rule_at: float | None = None,
    value_format: str = ",.1f",
) -> alt.LayerChart:
    """Horizontal bars, one per country, coloured by whether the figure is flagged.

    `frame` needs: name, value, flagged (bool), what, year, source; sorted by value.
    An optional shaded band (e.g. the 10-20 caseload guidance) or a rule (e.g. parity = 1).
    """
    df = frame.with_columns(
        pl.when(pl.col("flagged"))
        .then(pl.lit(flag_labels[1]))
        .otherwise(pl.lit(flag_labels[0]))
        .alias("flag_label")
    )
    order = frame.sort("value", descending=True)["name"].to_list()
    bars = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format=value_format)),
            color=alt.Color(
                "flag_label:N",
                scale=alt.Scale(domain=list(flag_labels), range=[COMPARABLE, FLAGGED]),
                legend=alt.Legend(title=None),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=tooltip_titles["country"]),
                alt.Tooltip("value:Q", title=value_title, format=value_format),
                alt.Tooltip("what:N", title=tooltip_titles["what"]),
                alt.Tooltip("year:N", title=tooltip_titles["year"]),
                alt.Tooltip("source:N", title=tooltip_titles["source"]),
            ],
        )
    )
    layers: list[alt.Chart] = []
    if band is not None:
        band_df = pl.DataFrame({"lo": [band[0]], "hi": [band[1]], "label": [band_label or ""]})
        layers.append(
            alt.Chart(band_df)
            .mark_rect(color=BAND, opacity=0.18)
            .encode(x="lo:Q", x2="hi:Q", tooltip=[alt.Tooltip("label:N", title=value_title)])
        )
    if rule_at is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"x": [rule_at]}))
            .mark_rule(color="#333333", strokeDash=[6, 4], size=2)
            .encode(x="x:Q")
        )
    chart = alt.layer(*layers, bars).properties(height=alt.Step(ROW), width="container")
    return _built(chart, alt.LayerChart)


ESTIMATE = "#7b3f99"
"""The colour of a room's estimates: none of the sourced figures' colours (never mixed)."""


def estimate_bars(
    frame: pl.DataFrame, *, value_title: str, label: str, country_title: str, value_format: str
) -> alt.Chart:
    """Horizontal bars, one per country, of the room's estimates (ssw_core.questions), in
    their own colour with the estimates' label as the legend. `frame` needs: name, value,
    text (the value as shown), answers (how many answers the value is the median of)."""
    order = frame.sort("value", descending=True)["name"].to_list()
    df = frame.with_columns(pl.lit(label).alias("label"))
    chart = (
        alt.Chart(df)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", sort=order, title=None),
            x=alt.X("value:Q", title=value_title, axis=alt.Axis(format=value_format)),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(domain=[label], range=[ESTIMATE]),
                legend=alt.Legend(title=None, orient="bottom", labelLimit=0),
            ),
            tooltip=[
                alt.Tooltip("name:N", title=country_title),
                alt.Tooltip("text:N", title=value_title),
                alt.Tooltip("label:N", title=" "),
            ],
        )
        .properties(height=alt.Step(ROW), width="container")
    )
    return _built(chart, alt.Chart)


def population_lines(
    frame: pl.DataFrame,
    *,
    series_labels: Sequence[str],
    y_title: str,
    x_title: str,
    tooltip_titles: Mapping[str, str],
    units: tuple[str, str, str] = EN_UNITS,
) -> alt.Chart:
    """Population series over time, one line per series (series are never joined up).

    `frame` needs: year, persons, series_label, convention.
    """
    chart = (
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("persons:Q", title=y_title, axis=compact_axis(units)),
            color=alt.Color(
                "series_label:N",
                scale=alt.Scale(domain=list(series_labels)),
                legend=alt.Legend(title=None, orient="bottom", direction="vertical"),
            ),
            tooltip=[
                alt.Tooltip("series_label:N", title=tooltip_titles["series"]),
                alt.Tooltip("year:O", title=tooltip_titles["year"]),
                alt.Tooltip("persons:Q", title=tooltip_titles["persons"], format=","),
                alt.Tooltip("convention:N", title=tooltip_titles["convention"]),
            ],
        )
        .properties(height=320, width="container")
    )
    return _built(chart, alt.Chart)


CATEGORY_COLORS = {"s1": "#1f4e79", "s6": "#d9480f", "s3": "#9dbbd6"}


def workforce_area(
    stocks: pl.DataFrame,
    *,
    labels: Mapping[str, str],
    required_label: str,
    target_year: int,
    target_label: str,
    x_title: str,
    y_title: str,
    units: tuple[str, str, str] = EN_UNITS,
    plan: pl.DataFrame | None = None,
    plan_label: str = "",
) -> alt.LayerChart:
    """Stacked areas of categories 6, 1 and 3 at the end of each year (the first year shows
    the starting stocks; Category 6 at the bottom, so its top is its number and the top of
    Category 1 is the staff in posts), a line for the posts required, the target year marked,
    and, where given, Category 6 in the plan to zero as a dashed line (`plan`: year, s6).

    `stocks` needs year, s1, s6, s3, required_posts; `labels` maps s1/s6/s3 to legend texts,
    and only the categories it names are drawn (a slide leaves Category 3 out: its pale area
    dwarfed the Category 6 story).
    """
    order = [c for c in ("s6", "s1", "s3") if c in labels]
    long = (
        stocks.select("year", *order)
        .unpivot(index="year", variable_name="category", value_name="persons")
        .with_columns(
            pl.col("category").replace_strict(labels, return_dtype=pl.String).alias("label"),
            pl.col("category").replace_strict({c: i for i, c in enumerate(order)}).alias("order"),
        )
    )
    x = alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0))
    area = (
        alt.Chart(long)
        .mark_area(opacity=0.9)
        .encode(
            x=x,
            y=alt.Y("persons:Q", title=y_title, stack="zero", axis=compact_axis(units)),
            color=alt.Color(
                "label:N",
                scale=alt.Scale(
                    domain=[labels[c] for c in order], range=[CATEGORY_COLORS[c] for c in order]
                ),
                legend=alt.Legend(title=None, direction="vertical"),
            ),
            order=alt.Order("order:Q"),
            tooltip=[
                alt.Tooltip("year:O", title=x_title),
                alt.Tooltip("label:N", title=y_title),
                alt.Tooltip("persons:Q", format=",.0f", title=y_title),
            ],
        )
    )
    required = (
        alt.Chart(
            stocks.select("year", "required_posts").with_columns(
                pl.lit(required_label).alias("what")
            )
        )
        .mark_line(color=TEXT, strokeWidth=3, point=alt.OverlayMarkDef(color=TEXT, size=50))
        .encode(
            x=x,
            y="required_posts:Q",
            shape=alt.Shape("what:N", legend=alt.Legend(title=None)),
            tooltip=[
                alt.Tooltip("year:O", title=x_title),
                alt.Tooltip("required_posts:Q", format=",.0f", title=required_label),
            ],
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"year": [target_year], "label": [target_label]}))
        .mark_rule(color="#111111", strokeDash=[6, 4], size=2)
        .encode(x="year:O", tooltip=[alt.Tooltip("label:N", title=x_title)])
    )
    layers: list[alt.Chart] = [area, required, rule]
    if plan is not None:
        layers.append(
            alt.Chart(plan.select("year", "s6").with_columns(pl.lit(plan_label).alias("what")))
            .mark_line(color="#7a1f00", strokeWidth=3, strokeDash=[8, 5])
            .encode(
                x=x,
                y="s6:Q",
                strokeDash=alt.StrokeDash(
                    "what:N", legend=alt.Legend(title=None), scale=alt.Scale(range=[[8, 5]])
                ),
                tooltip=[
                    alt.Tooltip("year:O", title=x_title),
                    alt.Tooltip("s6:Q", format=",.0f", title=plan_label),
                ],
            )
        )
    return _built(alt.layer(*layers).properties(height=340, width="container"), alt.LayerChart)


def series_lines(
    frame: pl.DataFrame,
    *,
    x_title: str,
    y_title: str,
    band: tuple[float, float] | None = None,
    band_label: str = "",
    value_format: str = ",.0f",
    zero_based: bool = True,
    units: tuple[str, str, str] = EN_UNITS,
) -> alt.LayerChart:
    """Lines of one value over the years, one per series, with an optional shaded band.

    `frame` needs year, value, series (label).
    """
    layers: list[alt.Chart] = []
    if band is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"lo": [band[0]], "hi": [band[1]], "label": [band_label]}))
            .mark_rect(color=BAND, opacity=0.18)
            .encode(y="lo:Q", y2="hi:Q", tooltip=[alt.Tooltip("label:N", title=y_title)])
        )
    layers.append(
        alt.Chart(frame)
        .mark_line(point=alt.OverlayMarkDef(size=60), strokeWidth=3)
        .encode(
            x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "value:Q",
                title=y_title,
                scale=alt.Scale(zero=zero_based),
                axis=compact_axis(units),
            ),
            color=series_color("series", frame["series"].to_list()),
            tooltip=[
                alt.Tooltip("series:N", title=y_title),
                alt.Tooltip("year:O", title=x_title),
                alt.Tooltip("value:Q", title=y_title, format=value_format),
            ],
        )
    )
    return _built(alt.layer(*layers).properties(height=300, width="container"), alt.LayerChart)


def trade_off(
    frame: pl.DataFrame,
    *,
    mark: int,
    mark_label: str,
    x_title: str,
    y_title: str,
    units: tuple[str, str, str] = EN_UNITS,
) -> alt.LayerChart:
    """The plan's trade-off: places a year (x) against who must move or leave (y), with
    the plan's places marked and labelled. `frame` needs places, moves."""
    x = alt.X("places:Q", title=x_title, axis=compact_axis(units), scale=alt.Scale(zero=True))
    y = alt.Y("moves:Q", title=y_title, axis=compact_axis(units), scale=alt.Scale(zero=True))
    tooltip = [
        alt.Tooltip("places:Q", title=x_title, format=",.0f"),
        alt.Tooltip("moves:Q", title=y_title, format=",.0f"),
    ]
    line = (
        alt.Chart(frame)
        .mark_line(color=CATEGORY_COLORS["s6"], strokeWidth=3, point=alt.OverlayMarkDef(size=40))
        .encode(x=x, y=y, tooltip=tooltip)
    )
    at = frame.filter(pl.col("places") == mark).with_columns(pl.lit(mark_label).alias("label"))
    point = alt.Chart(at).mark_point(size=260, filled=True, color=TEXT).encode(x=x, y=y)
    text = (
        alt.Chart(at)
        .mark_text(align="left", dx=12, dy=-14, fontSize=15, fontWeight="bold", color=TEXT)
        .encode(x=x, y=y, text="label:N")
    )
    return _built(
        alt.layer(line, point, text).properties(height=240, width="container"), alt.LayerChart
    )


def cost_bars(
    frame: pl.DataFrame,
    *,
    x_title: str,
    y_title: str,
    order: Sequence[str],
    units: tuple[str, str, str] = EN_UNITS,
) -> alt.Chart:
    """Stacked yearly cost by component. `frame` needs year, component (label), amount;
    `order`: every component's label, in the order that keys its colour."""
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("year:O", title=x_title, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("amount:Q", title=y_title, stack="zero", axis=compact_axis(units)),
            color=series_color("component", order),
            tooltip=[
                alt.Tooltip("year:O", title=x_title),
                alt.Tooltip("component:N", title=y_title),
                alt.Tooltip("amount:Q", title=y_title, format=",.0f"),
            ],
        )
        .properties(height=300, width="container")
    )
    return _built(chart, alt.Chart)


def lens_bars(
    frame: pl.DataFrame,
    *,
    x_title: str,
    available: float,
    available_label: str,
    units: tuple[str, str, str] = EN_UNITS,
) -> alt.LayerChart:
    """Workers needed by each lens, with the workforce available as a rule.

    `frame` needs lens (label), required."""
    bars = (
        alt.Chart(frame)
        .mark_bar(color=COMPARABLE)
        .encode(
            y=alt.Y("lens:N", title=None, sort=None),
            x=alt.X("required:Q", title=x_title, axis=compact_axis(units)),
            tooltip=[
                alt.Tooltip("lens:N", title=x_title),
                alt.Tooltip("required:Q", title=x_title, format=",.0f"),
            ],
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"x": [available], "label": [available_label]}))
        .mark_rule(color="#d9480f", size=3)
        .encode(
            x="x:Q",
            tooltip=[
                alt.Tooltip("label:N", title=x_title),
                alt.Tooltip("x:Q", format=",.0f", title=x_title),
            ],
        )
    )
    return _built(
        alt.layer(bars, rule).properties(height=alt.Step(ROW + 8), width="container"),
        alt.LayerChart,
    )


def tornado(
    frame: pl.DataFrame,
    *,
    base: float,
    x_title: str,
    base_label: str,
    units: tuple[str, str, str] = EN_UNITS,
    value_format: str = ",.0f",
) -> alt.LayerChart:
    """One bar per assumption from the plan as set (`base`) to its value at each end of the
    assumption's range, largest swing on top. `frame` needs assumption (label, in the order
    to show), end (label: 'low' or 'high' end, translated), value, range (label)."""
    data = frame.with_columns(pl.lit(float(base)).alias("base"))
    bars = (
        alt.Chart(data)
        .mark_bar(opacity=0.85)
        .encode(
            y=alt.Y("assumption:N", title=None, sort=None),
            x=alt.X(
                "value:Q", title=x_title, axis=compact_axis(units), scale=alt.Scale(zero=False)
            ),
            x2="base:Q",
            color=series_color(
                "end", data["end"].to_list(), alt.Legend(title=None, orient="bottom", columns=1)
            ),
            tooltip=[
                alt.Tooltip("assumption:N", title=x_title),
                alt.Tooltip("range:N", title=base_label),
                alt.Tooltip("end:N"),
                alt.Tooltip("value:Q", title=x_title, format=value_format),
            ],
        )
    )
    rule = (
        alt.Chart(pl.DataFrame({"x": [float(base)], "label": [base_label]}))
        .mark_rule(color="#111111", size=2)
        .encode(x="x:Q", tooltip=[alt.Tooltip("label:N"), alt.Tooltip("x:Q", format=value_format)])
    )
    return _built(
        alt.layer(bars, rule).properties(height=alt.Step(ROW + 8), width="container"),
        alt.LayerChart,
    )


MISSING = "#c9c9c9"
BACKDROP = "#f1f1f1"


MAP_SLIDE_LABEL = {"expr": "windowSize()[1] >= 1000 && windowSize()[0] >= 1700 ? 18 : 13"}
"""[px] A map's country labels on a slide, by the screen's height."""


def choropleth(
    features: Sequence[Mapping[str, Any]],
    values: pl.DataFrame,
    *,
    frame: tuple[float, float, float, float],
    value_title: str,
    status: Mapping[str, tuple[str, str]] | None = None,
    tooltip_titles: Mapping[str, str],
    highlight: str | None = None,
    value_format: str = ",.1f",
    height: int = 420,
    served: tuple[str, str] | None = None,
    labels: pl.DataFrame | None = None,
    legend_right: bool = False,
) -> dict[str, Any]:
    """A map of one region, as a Vega-Lite spec: the dashboard's countries coloured by
    `values`, neighbours as a grey backdrop, drawn from inline GeoJSON (for files: nothing is
    fetched) or, with `served` (the addresses of the region's countries and neighbours on the
    app's own server, see ssw_core.geo), from those files (for the page, which then sends a
    few kilobytes instead of the boundaries on every change).

    `features`: GeoJSON features with properties iso3 (None for neighbours) and region.
    `values`: iso3, name, value (a number, or a status code when `status` is given), text (the
    value as shown), flags, flagged (bool: outlined in orange). `status` maps each status code
    to (label, colour) for a categorical map; without it the value is a sequential scale.
    `frame` (west, south, east, north) is what the projection fits. `labels` (lon, lat,
    text): written on the map itself, dark on a white halo (a slide or a file has no hover).
    `legend_right`: a map on a slide: the legend beside the map, not under it (a map with
    the page's width, which on a 720-pixel slide has no height to spare for a legend of four
    lines), and the labels in the slide's text size.

    Written as Vega-Lite directly, not through Altair: 200 KB of GeoJSON passed through
    Altair is copied and schema-checked on every rerun (about a second for two maps).
    """
    west, south, east, north = frame
    # Two corner points (a polygon's winding would matter to d3's spherical geometry).
    corners = {"type": "MultiPoint", "coordinates": [[west, south], [east, north]]}
    projection = {
        "type": "mercator",
        "fit": {"type": "Feature", "properties": {}, "geometry": corners},
    }
    ours = [f for f in features if f["properties"]["iso3"]]
    backdrop = [f for f in features if not f["properties"]["iso3"]]
    ours_data: dict[str, Any] = {"values": ours}
    backdrop_data: dict[str, Any] = {"values": backdrop}
    if served is not None:
        ours_data = {"url": served[0], "format": {"type": "json", "property": "features"}}
        backdrop_data = {"url": served[1], "format": {"type": "json", "property": "features"}}
    rows = values.to_dicts()
    lookup = {
        "lookup": "properties.iso3",
        "from": {
            "data": {"values": rows},
            "key": "iso3",
            "fields": ["name", "value", "text", "flags", "flagged"],
        },
    }
    legend: dict[str, Any] = {
        "title": value_title,
        "orient": "right" if legend_right else "bottom",
        "titleLimit": 0,
    }
    if status is not None:
        color = {
            "field": "value",
            "type": "nominal",
            "scale": {"domain": list(status), "range": [c for _, c in status.values()]},
            "legend": {**legend, "labelExpr": _label_expr(status), "columns": 1, "labelLimit": 0},
        }
    else:
        color = {
            "field": "value",
            "type": "quantitative",
            "scale": {"scheme": "blues", "zero": True},
            "legend": {**legend, "format": value_format, "gradientLength": 260},
        }
    tooltip = [
        {"field": "name", "type": "nominal", "title": tooltip_titles["country"]},
        {"field": "text", "type": "nominal", "title": value_title},
        {"field": "flags", "type": "nominal", "title": tooltip_titles["flags"]},
    ]
    outline = {
        "stroke": {"condition": {"test": "datum.flagged", "value": FLAGGED}, "value": "#6b6b6b"},
        "strokeWidth": {"condition": {"test": "datum.flagged", "value": 2.5}, "value": 0.8},
    }
    layers: list[dict[str, Any]] = [
        {
            "data": backdrop_data,
            "projection": projection,
            "mark": {
                "type": "geoshape",
                "fill": BACKDROP,
                "stroke": "#ffffff",
                "strokeWidth": 0.6,
                "clip": True,
            },
        },
        # Two layers, so that a country without a figure is grey, not the scale's lowest colour.
        {
            "data": ours_data,
            "projection": projection,
            "transform": [lookup, {"filter": "!isValid(datum.value)"}],
            "mark": {"type": "geoshape", "fill": MISSING, "clip": True},
            "encoding": {"tooltip": tooltip, **outline},
        },
        {
            "data": ours_data,
            "projection": projection,
            "transform": [lookup, {"filter": "isValid(datum.value)"}],
            "mark": {"type": "geoshape", "clip": True},
            "encoding": {"color": color, "tooltip": tooltip, **outline},
        },
    ]
    if labels is not None and labels.height:
        text = {
            "projection": projection,
            "data": {"values": labels.to_dicts()},
            "encoding": {
                "longitude": {"field": "lon", "type": "quantitative"},
                "latitude": {"field": "lat", "type": "quantitative"},
                "text": {"field": "text", "type": "nominal"},
            },
        }
        # On a slide larger, but below the slide's 24 px: the Balkans' and Moldova's labels
        # cover each other at 24 (a projector at 1080 px; tests/browser: slides' type sizes)
        size = {"fontSize": MAP_SLIDE_LABEL if legend_right else 11}
        common = {"type": "text", "lineBreak": "\n", "fontWeight": "bold", **size}
        layers.append(
            {**text, "mark": {**common, "stroke": "#ffffff", "strokeWidth": 3.5, "fill": TEXT}}
        )
        layers.append({**text, "mark": {**common, "fill": TEXT}})
    if highlight:
        chosen = [f for f in ours if f["properties"]["iso3"] == highlight]
        layers.append(
            {
                "data": {"values": chosen},
                "projection": projection,
                "mark": {
                    "type": "geoshape",
                    "fill": None,
                    "stroke": TEXT,
                    "strokeWidth": 2.5,
                    "clip": True,
                },
            }
        )
    theme: dict[str, Any] = dict(_projector_theme())
    return {
        "$schema": alt.SCHEMA_URL,
        **theme,
        "config": dict(theme.get("config", {})),
        "height": height,
        "width": "container",
        "layer": layers,
    }


def _label_expr(status: Mapping[str, tuple[str, str]]) -> str:
    """A legend label expression showing each status code's (translated) label."""
    cases = " : ".join(
        f"datum.value == {json_string(code)} ? {json_string(label)}"
        for code, (label, _) in status.items()
    )
    return f"{cases} : datum.value"


def json_string(text: str) -> str:

    return json.dumps(text, ensure_ascii=False)
