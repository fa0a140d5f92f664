"""The cost year by year: personnel, training and set-up, and how pay was given."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.plan import Outcome
from ssw_core.projection import ELIMINATED_BELOW
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, t
from ui.parts.place import Notes, show_chart
from ui.scenario.headline import money, pay_to_enter_text, unpriced_text
from ui.scenario.inputs import Inputs
from ui.scenario.views import title


def cost_chart(outcome: Outcome, inputs: Inputs, notes: Notes = ()) -> None:
    y = outcome.result.yearly
    if outcome.pay_to_enter:
        which = pay_to_enter_text(outcome)
        st.info(t("scenario.enter_pay", which=which), icon=":material/payments:")
        if outcome.costs.cost_per_student_year is None and y["in_course"].sum() > 0:
            st.info(t("scenario.enter_place_cost"), icon=":material/school:")
        return
    if y["cost_training"].null_count():
        st.info(t("scenario.enter_place_cost"), icon=":material/payments:")
        return
    order = [t(f"scenario.cost.{k}") for k in ("personnel", "training", "setup")]
    long = (
        y.select(
            "year",
            *(
                pl.col(f"cost_{k}").alias(label)
                for k, label in zip(("personnel", "training", "setup"), order, strict=True)
            ),
        )
        .unpivot(index="year", variable_name="component", value_name="amount")
        .filter(pl.col("amount") > 0)
    )
    currency = outcome.costs.currency
    caption = pay_caption(outcome)
    show_chart(
        lambda: charts.cost_bars(
            long,
            x_title=t("table.year"),
            y_title=t("scenario.cost_axis", currency=currency),
            order=order,
            units=compact_units(),
        ),
        "scenario-cost",
        title=title(inputs, "cost"),
        caption=caption,
        key=("scenario-cost", inputs),
        notes=notes,
    )
    st.caption(caption)


def pay_caption(outcome: Outcome) -> str:
    """Social workers' pay, and how it was given: itself, or against teachers' pay."""
    pay, currency = outcome.inputs.pay, outcome.costs.currency
    if pay.pay_s1 is None and pay.teacher_pay is not None:
        text = t(
            "scenario.cost_caption",
            pay=money(outcome.costs.pay_s1, currency),
            ratio=fmt_auto(pay.pay_ratio),
        )
    else:
        text = t("scenario.cost_caption_direct", pay=money(outcome.costs.pay_s1, currency))
    if outcome.unpriced >= ELIMINATED_BELOW:  # at least one paraprofessional not priced
        text = f"{text} {unpriced_text(outcome)}"
    return text
