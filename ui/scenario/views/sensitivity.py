"""What matters: a tornado of the places a year and of the cost as each assumption moves across
its range."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.parameters import PARAMETERS
from ssw_core.plan import TARGET_YEAR
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, fmt_num, fmt_pct, t
from ui.parts.place import show_chart, show_table
from ui.scenario.headline import (
    money,
)
from ui.scenario.model import Model
from ui.scenario.provenance import file_notes
from ui.scenario.views import title


def sensitivity_view(m: Model) -> None:
    """Which assumption moves the plan most: a tornado of places a year and of cost, and the
    ranges with their reasons."""
    inputs = m.inputs
    if m.plan is None:
        st.info(
            t("scenario.say_target_passed", year=TARGET_YEAR, base=inputs.baseline.base_year),
            icon=":material/event_busy:",
        )
        return
    found = m.sensitivity()
    if not found.swings:
        st.info(t("scenario.sens_none"), icon=":material/info:")
        return
    currency = m.costs.currency

    def span(name: str, low: float, high: float) -> str:
        return t("common.range", low=_value(name, low, currency), high=_value(name, high, currency))

    labels = {w.range.name: t(f"scenario.sens.{w.range.name}") for w in found.swings}
    ends = (t("scenario.sens_low"), t("scenario.sens_high"))

    def frame(pick: str) -> pl.DataFrame:
        rows = []
        for w in found.swings:
            low, high = (
                (w.places_low, w.places_high) if pick == "places" else (w.cost_low, w.cost_high)
            )
            for end, value in zip(ends, (low, high), strict=True):
                rows.append(
                    {
                        "assumption": labels[w.range.name],
                        "end": end,
                        "value": float(value or 0.0),
                        "range": span(w.range.name, w.range.low, w.range.high),
                    }
                )
        return pl.DataFrame(rows)

    def tornado_chart(pick: str, base: float, axis: str) -> None:
        name = f"scenario-sensitivity-{pick}"
        show_chart(
            lambda: charts.tornado(
                frame(pick),
                base=base,
                x_title=axis,
                base_label=t("scenario.sens_base"),
                units=compact_units(),
            ),
            name,
            title=title(inputs, "sensitivity"),
            key=(name, inputs),
            notes=lambda: file_notes(m, "sensitivity"),
        )

    st.markdown(t("scenario.sens_lede", n=fmt_num(found.base_places), year=TARGET_YEAR))
    tornado_chart("places", found.base_places, t("scenario.sens_places_axis", year=TARGET_YEAR))
    if found.base_cost is not None and all(w.cost_low is not None for w in found.swings):
        st.markdown(t("scenario.sens_cost_lede", year=inputs.scenario.horizon))
        tornado_chart("cost", found.base_cost, t("scenario.sens_cost_axis", currency=currency))
    table = pl.DataFrame(
        [
            {
                t("scenario.sens_col.assumption"): labels[w.range.name],
                t("scenario.sens_col.range"): span(w.range.name, w.range.low, w.range.high),
                t("scenario.sens_col.why"): t(f"scenario.sens_reason.{w.range.reason}"),
                t("scenario.sens_col.places"): t(
                    "common.range", low=fmt_num(w.places_low), high=fmt_num(w.places_high)
                ),
                t("scenario.sens_col.move"): t(
                    "common.range", low=fmt_num(w.move_low), high=fmt_num(w.move_high)
                ),
            }
            for w in found.swings
        ]
    )
    show_table(table, "scenario-sensitivity")
    st.caption(t("scenario.sens_caption", move=fmt_num(found.base_move)))


def _value(name: str, value: float, currency: str) -> str:
    """A value of an assumption as its declaration shows it (ssw_core.parameters)."""
    p = PARAMETERS[name]
    if p.percent:
        return fmt_pct(value, p.digits)
    if p.kind == "money":
        return money(value, currency, short=True)
    return fmt_auto(value)
