"""The whole scenario as files (CSV or Excel): the summary, every assumption with where its
value comes from, and the results year by year."""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl
import streamlit as st

from ssw_core import export
from ssw_core.projection import PlanToZero, ProjectionResult
from ui.base.i18n import in_language, t
from ui.base.markdown import md_plain
from ui.parts.place import MENU
from ui.parts.presenting import presenting
from ui.scenario.inputs import FIELDS, Inputs, current_preset
from ui.scenario.model import Model
from ui.scenario.provenance import field_notes


def export_frames(
    result: ProjectionResult,
    plan: PlanToZero | None,
    inputs: Inputs,
    notes: dict[str, str],
    shown: dict[str, Any],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The scenario as files: (summary, assumptions, results by year). `shown` holds the
    inputs' values and `notes` where each comes from (as the page says), by field key."""

    def row(section: str, name: str, label: str, value: object, note: str = "") -> dict[str, str]:
        return {
            "section": t(f"scenario.export.section_{section}"),
            "name": name,
            "label": label,
            "value": "" if value is None else str(value),
            "note": note,
        }

    summary = [
        row("summary", "where", t("scenario.export.where"), inputs.where),
        row(
            "summary",
            "elimination_year",
            t("scenario.export.elimination_year"),
            result.elimination_year or t("scenario.export.not_reached"),
        ),
        row(
            "summary",
            "remaining",
            t("scenario.export.remaining"),
            round(result.remaining_at_horizon, 2),
        ),
        row(
            "summary",
            "min_places",
            t("scenario.export.min_places"),
            t("scenario.export.unreachable") if plan is None else plan.places_per_year,
        ),
        row(
            "summary",
            "must_move_or_leave",
            t("scenario.export.must_move_or_leave"),
            "" if plan is None else round(plan.must_move_or_leave, 2),
        ),
        row(
            "summary",
            "cost_total",
            t("scenario.export.cost_total"),
            result.yearly["cost_cumulative"][-1],
        ),
    ]
    assumptions = [
        row(
            "assumption",
            f.key,
            t(f"scenario.f.{f.key}"),
            shown[f.key],
            md_plain(notes.get(f.key, "")),
        )
        for f in FIELDS
    ]
    yearly = result.yearly.rename(
        {c: t(f"scenario.col.{c}") for c in result.yearly.columns if c != "year"}
    ).rename({"year": t("table.year")})
    head = {k: t(f"scenario.export.col_{k}") for k in ("section", "name", "label", "value", "note")}
    return (
        pl.DataFrame(summary).rename(head),
        pl.DataFrame(assumptions).rename(head),
        yearly,
    )


def export_buttons(m: Model) -> None:
    """Downloads of the whole scenario; the files are made when a button is pressed (on
    another thread, outside the run: everything they need is taken now)."""
    if presenting():
        return  # a projector shows the view, not its menus
    notes = partial(
        field_notes, m.start.proposal, m.start.costs, m.start.iso3, dict(m.shown), current_preset()
    )

    def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        return export_frames(m.result, m.plan, m.inputs, notes(), m.shown)

    def csv_file() -> bytes:
        summary, assumptions, yearly = frames()
        long = yearly.unpivot(index=t("table.year"), variable_name="label", value_name="value")
        results = long.select(
            pl.lit(t("scenario.export.section_result")).alias(t("scenario.export.col_section")),
            pl.lit("").alias(t("scenario.export.col_name")),
            pl.col("label").alias(t("scenario.export.col_label")),
            pl.col(t("table.year")).cast(pl.String).alias(t("scenario.export.col_year")),
            pl.col("value").cast(pl.String).alias(t("scenario.export.col_value")),
        )
        head = pl.concat([summary, assumptions]).with_columns(
            pl.lit("").alias(t("scenario.export.col_year"))
        )
        return export.csv_bytes(pl.concat([head, results], how="diagonal"))

    def xlsx_file() -> bytes:
        summary, assumptions, yearly = frames()
        return export.xlsx_bytes(
            {"summary": summary, "assumptions": assumptions, "results": yearly}
        )

    menu = st.popover(
        t("scenario.export.button"),
        icon=":material/download:",
        help=t("scenario.export.help"),
        key=MENU.item("scenario"),
        on_change="rerun",
    )
    if not menu.open:
        return  # its buttons are drawn only while it is open
    # The files are made when a button is pressed, on another thread: in the language of now.
    csv, xlsx = in_language(csv_file), in_language(xlsx_file)
    with menu:
        st.download_button(
            t("scenario.export.csv"),
            csv,
            file_name="scenario.csv",
            mime="text/csv",
            icon=":material/table:",
            on_click="ignore",
        )
        st.download_button(
            t("scenario.export.xlsx"),
            xlsx,
            file_name="scenario.xlsx",
            icon=":material/grid_on:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )
