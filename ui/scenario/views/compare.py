"""This view against a preset, from the same starting point and costs."""

from __future__ import annotations

import polars as pl

from ssw_core.plan import TARGET_YEAR, Outcome
from ui.base import charts
from ui.base.i18n import compact_units, fmt_auto, fmt_num, t
from ui.parts.place import show_chart, show_table
from ui.scenario.headline import (
    cost_gap,
    elimination_text,
    money,
    places_text,
)
from ui.scenario.model import Model
from ui.scenario.views import title


def compare(m: Model, other: str) -> None:
    """This view against a preset applied to the same starting point and costs."""
    inputs, outcome = m.inputs, m.outcome
    outcome_b = m.compared_with(other)
    result = outcome.result
    a_name, b_name = t("scenario.this_view"), t(f"scenario.preset.{other}")

    def facts(o: Outcome) -> list[str]:
        r = o.result
        end = r.yearly.row(-1, named=True)
        return [
            fmt_num(r.scenario.qualification_places),
            elimination_text(r),
            fmt_num(end["s6"]),
            fmt_num(end["s1"]),
            t("common.missing") if end["caseload"] is None else fmt_auto(end["caseload"]),
            money(end["cost_cumulative"], o.costs.currency, short=True)
            if end["cost_cumulative"] is not None
            else cost_gap(o),
            places_text(o.plan),
        ]

    labels = [
        t(f"scenario.cmp.{k}", year=inputs.scenario.horizon, target=TARGET_YEAR)
        for k in ("places", "zero", "s6_end", "s1_end", "caseload_end", "cost", "needed")
    ]
    show_table(
        pl.DataFrame({"": labels, a_name: facts(outcome), b_name: facts(outcome_b)}),
        "scenario-compare",
    )
    frame = pl.concat(
        [
            r.stocks()
            .select("year", pl.col("s6").alias("value"))
            .with_columns(pl.lit(name).alias("series"))
            for r, name in ((result, a_name), (outcome_b.result, b_name))
        ]
    )
    show_chart(
        lambda: charts.series_lines(
            frame, x_title=t("table.year"), y_title=t("scenario.cat.s6"), units=compact_units()
        ),
        "scenario-compare",
        title=title(inputs, "compare"),
        key=("scenario-compare", inputs, other),
    )
