"""The map of the Overview: for the region in view, a rate, the number of indicators with data,
or one indicator's data status, coloured per country from boundaries shipped in the repository.
Which map is shown is the `map` parameter of the link.

A rate map never ranks figures that count different people: its colour says what each
country's figure counts (ssw_core.figures.DEFINITIONS), and each country's name and rate are
written on the map itself, so a slide or a downloaded file reads without a hover."""

from __future__ import annotations

from typing import Any

import polars as pl

from ssw_core.figures import DEFINITIONS, Country
from ssw_core.geo import FRAMES, LABEL_POINTS, served_name
from ui.base import charts, data, link
from ui.base.i18n import fmt_auto, fmt_num, geo_name, t, tc, tn
from ui.base.memo import shared
from ui.monitor.countries import country_table, rate_cell
from ui.monitor.coverage import STATUS_COLORS, status_labels
from ui.parts import credits
from ui.parts.figures import flags
from ui.parts.inputs import choice
from ui.parts.place import ChartSpec
from ui.parts.sidebar import Selection

MAP_RATES = ("rate_pop", "rate_children", "rate_children_0_14", "n_indicators")
CHILD_MAPS = {"rate_children": "0-17", "rate_children_0_14": "0-14"}
"""The two child denominators never share a colour scale: each has its map."""
MAP = link.Param[str](
    "map", __name__, MAP_RATES[0], case="lower", doc="what the map colours", relabelled=True
)
RATE_MAPS = ("rate_pop", *CHILD_MAPS)
"""The maps of a rate: coloured by what the figure counts, the rate written on the map."""
DEFINITION_COLORS = {
    "category1": "#1f77b4",
    "home_care": "#ff7f0e",
    "posts": "#2ca02c",
    "unstated": "#9467bd",
}
"""One colour per definition, none lighter or darker than another in meaning: no ranking."""


def map_options(version: str) -> tuple[str, ...]:
    """What the map can colour: two rates, the number of indicators with data, and each of
    the 14 indicators' data status."""
    return (*MAP_RATES, *data.indicators(version)["indicator_id"].to_list())


@shared()
def map_option_label(version: str, option: str) -> str:
    if option in MAP_RATES:
        return t(f"map.option.{option}")
    ind = data.indicators(version).filter(pl.col("indicator_id") == option).row(0, named=True)
    return t("map.option.indicator", code=ind["code"], name=tc(ind, "name"))


def map_values(version: str, region: str, option: str) -> pl.DataFrame:
    """iso3, name, value, text, flags, flagged for every country of `region`."""
    iso3s = tuple(data.countries(version, region)["iso3"].to_list())
    if option == "rate_pop" or option in CHILD_MAPS:
        rows = [rate_row(c, option) for c in country_table(version, Selection(region, None, iso3s))]
    else:
        matrix = data.coverage_matrix(version, region)
        if option == "n_indicators":
            counts = matrix.group_by("iso3").agg((pl.col("status") != "missing").sum().alias("n"))
            by = dict(zip(counts["iso3"], counts["n"], strict=True))
            rows = [
                {
                    "iso3": c,
                    "name": geo_name(c),
                    "value": float(by.get(c, 0)),
                    "text": t("common.n_of_m", n=fmt_num(by.get(c, 0)), m="14"),
                    "flags": "",
                    "flagged": False,
                }
                for c in iso3s
            ]
        else:
            cells = matrix.filter(pl.col("indicator_id") == option)
            rows = [
                {
                    "iso3": r["iso3"],
                    "name": geo_name(r["iso3"]),
                    "value": r["status"],
                    "text": t(f"coverage.{r['status']}"),
                    "flags": tn("map.n_figures", r["n_figures"]),
                    "flagged": False,
                }
                for r in cells.iter_rows(named=True)
            ]
    schema = {
        "iso3": pl.String,
        "name": pl.String,
        "value": pl.Object,
        "text": pl.String,
        "flags": pl.String,
        "flagged": pl.Boolean,
    }
    numeric = option == "n_indicators"
    schema["value"] = pl.Float64 if numeric else pl.String
    return pl.DataFrame(rows, schema=schema, orient="row")


def map_labels(values: pl.DataFrame, *, names: bool = True) -> pl.DataFrame:
    """lon, lat, text: each country with a value, its name (unless `names` is False: a map
    half the page wide, where names would cover each other; they are in its hover and in
    the table below) and what the map shows of it."""
    rows = [
        {
            "lon": LABEL_POINTS[r["iso3"]][0],
            "lat": LABEL_POINTS[r["iso3"]][1],
            "text": r["text"] if names else r["text"].split("\n")[-1],
        }
        for r in values.iter_rows(named=True)
        if r["value"] is not None and r["iso3"] in LABEL_POINTS
    ]
    schema = {"lon": pl.Float64, "lat": pl.Float64, "text": pl.String}
    return pl.DataFrame(rows, schema=schema, orient="row")


def rate_row(c: Country, option: str) -> dict[str, Any]:
    """A country's cell on a rate map. On a child map, a rate per the other age group is
    grey and its hover names the map it is on; a rate whose ages the source does not state
    (a reported rate) is on neither."""
    f = c.headline
    children = option in CHILD_MAPS
    rate = None if f is None else (f.rate_children if children else f.rate_pop)
    value = None if rate is None or f is None else f.definition
    text = rate_cell(rate, f, children=children)
    if children and rate is not None and rate.age_group != CHILD_MAPS[option]:
        value = None
        text = (
            t("map.other_ages", ages=rate.age_group)
            if rate.age_group
            else t("map.ages_not_stated", value=text)
        )
    caveats = flags(f, short=True) if f is not None and value is not None else ""
    if value is not None and rate is not None:  # written on the map: the name, the rate
        text = f"{geo_name(c.iso3)}\n{fmt_auto(rate.value)}"
    return {
        "iso3": c.iso3,
        "name": geo_name(c.iso3),
        "value": value,
        "text": text,
        "flags": caveats,
        "flagged": False,  # the colour says what is counted; the caveats are in the tooltip
    }


SERVED = "app/static/geo/"
"""Where Streamlit serves static/geo/ (relative: it works under any base path too)."""


def map_chart(
    version: str,
    region: str,
    option: str,
    highlight: str | None,
    *,
    names: bool = True,
    legend_right: bool = False,
) -> ChartSpec:
    """The map for the page (boundaries fetched from the app's own server, once per browser;
    country names written on it when `names`) and for files (boundaries inline: a file has no
    server around it; names always written)."""
    features = [f for f in data.boundaries()["features"] if f["properties"]["region"] == region]
    rates = option in RATE_MAPS
    if rates:
        status: dict[str, tuple[str, str]] | None = {
            d: (t(f"map.definition.{d}"), DEFINITION_COLORS[d]) for d in DEFINITIONS
        }
        title = t("map.definition_title")
    elif option == "n_indicators":
        status, title = None, map_option_label(version, option)
    else:
        status = {s: (label, STATUS_COLORS[s]) for s, label in status_labels().items()}
        title = t("coverage.legend_title")
    values = map_values(version, region, option)
    kwargs: dict[str, Any] = dict(
        frame=FRAMES[region],
        value_title=title,
        status=status,
        labels=map_labels(values) if rates else None,
        tooltip_titles={"country": t("table.country"), "flags": t("table.flags")},
        highlight=highlight,
        value_format=",.0f" if option == "n_indicators" else ",.1f",
    )
    served = (SERVED + served_name(region, "ours"), SERVED + served_name(region, "context"))
    shown = dict(
        kwargs,
        labels=map_labels(values, names=names) if rates else None,
        legend_right=legend_right,
    )
    return ChartSpec(
        full=charts.choropleth(features, values, **kwargs),
        shown=charts.choropleth(features, values, served=served, **shown),
    )


def picker(version: str) -> str:
    """Choose what the map colours (kept in the link as `?map=`)."""
    options = map_options(version)
    return choice(
        MAP,
        options,
        t("map.choose"),
        lambda o: map_option_label(version, o),
        kind="select",
    )


def file_notes(version: str, region: str, option: str) -> list[str]:
    """Under a map in its files: the sources of what it colours (a rate map: the countries'
    headline figures and their populations; a map of data status: the figures counted)."""
    iso3s = tuple(data.countries(version, region)["iso3"].to_list())
    if option == "rate_pop" or option in CHILD_MAPS:
        shown = [
            c.headline
            for c in country_table(version, Selection(region, None, iso3s))
            if c.headline is not None
        ]
        return credits.rate_notes(
            version, shown, "rate_pop" if option == "rate_pop" else "rate_children"
        )
    return credits.indicator_notes(
        version, iso3s, indicator_id=None if option == "n_indicators" else option
    )
