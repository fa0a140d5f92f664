"""Scenario page outputs: headline, charts, the lenses of need, comparison, and 'why'."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from ssw_core.baseline import BaselineProposal
from ssw_core.presets import scenario_from_preset
from ssw_core.projection import (
    ELIMINATED_BELOW,
    ProjectionResult,
    cost_of_standing_still,
    min_places_to_eliminate,
    project,
    remaining_with_unlimited_places,
)
from ssw_core.staffing import CASELOAD_BAND, Lens, caseload_capacity
from ui import charts, components
from ui.i18n import compact_units, fmt_auto, fmt_compact, fmt_num, fmt_pct, in_language, t
from ui.scenario import Inputs

TARGET_YEAR = 2030  # Call to Action: no Category 6 by 2030
VIEWS = ("workforce", "caseload", "cost", "lenses", "compare", "why")


def _money(value: float | None, currency: str, *, short: bool = False) -> str:
    if value is None:
        return t("scenario.cost_missing")
    return f"{fmt_compact(value) if short else fmt_num(value)} {currency}".strip()


def missing_pay(result: ProjectionResult, inputs: Inputs) -> list[str]:
    """The categories that have people but no pay entered (their cost stays missing)."""
    c, end = inputs.costs, result.yearly
    out = []
    for cat, pay in (("s1", c.pay_s1), ("s6", c.pay_s6), ("s3", c.pay_s3)):
        if pay is None and end[cat].max() > 0:
            out.append(t(f"scenario.cat.{cat}"))
    return out


def _row(result: ProjectionResult, year: int) -> dict[str, Any] | None:
    rows = result.yearly.filter(pl.col("year") == year)
    return rows.row(0, named=True) if rows.height else None


def elimination_text(result: ProjectionResult) -> str:
    if result.already_eliminated:
        return t("scenario.none_to_begin")
    if result.elimination_year is not None:
        return str(result.elimination_year)
    return t("scenario.not_by", year=result.scenario.horizon)


def target_passed(inputs: Inputs) -> bool:
    """The base year is after 2030: 'zero by 2030' cannot be asked any more."""
    return inputs.baseline.base_year > TARGET_YEAR


def places_text(min_places: int | None, inputs: Inputs) -> str:
    if target_passed(inputs):
        return t("scenario.target_passed_short", year=TARGET_YEAR)
    if min_places is None:
        return t("scenario.places_unreachable")
    if min_places == 0:
        return t("scenario.places_none_needed")
    return t("scenario.places_per_year", n=fmt_num(min_places))


def headline(
    result: ProjectionResult,
    min_places: int | None,
    inputs: Inputs,
    proposal: BaselineProposal | None,
) -> str:
    """The four numbers and the summary (returned, for the chart files)."""
    s = result.scenario
    end = result.yearly.row(-1, named=True)
    row1, row2 = st.columns(2), st.columns(2)
    cols = [*row1, *row2]
    if result.back_by_horizon:
        zero_delta = t("scenario.back_to", n=fmt_num(result.remaining_at_horizon), year=s.horizon)
    elif not result.eliminated:
        zero_delta = t("scenario.remain", n=fmt_num(result.remaining_at_horizon))
    else:
        zero_delta = None
    cols[0].metric(
        t("scenario.m_zero"),
        elimination_text(result),
        delta=zero_delta,
        delta_color="inverse",
        delta_arrow="off",
        help=t("scenario.m_zero_help"),
    )
    cols[1].metric(
        t("scenario.m_places", year=TARGET_YEAR),
        places_text(min_places, inputs),
        help=t("scenario.m_places_help", year=TARGET_YEAR),
    )
    caseload = end["caseload"]
    low, high = CASELOAD_BAND
    band = (
        None
        if caseload is None
        else ("below" if caseload < low else "above" if caseload > high else "within")
    )
    cols[2].metric(
        t("scenario.m_caseload", year=s.horizon),
        t("scenario.enter_cases") if caseload is None else fmt_auto(caseload),
        delta=None if band is None else t(f"scenario.band.{band}"),
        delta_color="off" if band == "within" else "inverse",
        delta_arrow="off",
        help=t("scenario.m_caseload_help"),
    )
    total = end["cost_cumulative"]
    years = s.horizon - result.baseline.base_year + 1
    still = cost_of_standing_still(result.baseline, inputs.costs, years)
    currency = inputs.costs.currency
    cols[3].metric(
        t("scenario.m_cost", year=s.horizon),
        _money(total, currency, short=True) if total is not None else cost_gap(result, inputs),
        delta=None
        if total is None or still is None
        else t("scenario.vs_standing_still", diff=_signed_money(total - still, currency)),
        delta_color="off",
        delta_arrow="off",
        help=t("scenario.m_cost_help", years=years),
    )
    summary = summary_sentence(result, min_places, inputs)
    st.markdown(summary)
    notes = []
    if proposal is not None and _split_assumed(proposal, result):
        notes.append(t("scenario.split_assumed"))
    if not inputs.s3_known:
        notes.append(t("scenario.s3_unknown"))
    if notes:
        st.caption(" ".join(notes))
    return summary


def _split_assumed(proposal: BaselineProposal, result: ProjectionResult) -> bool:
    """The starting S1 and S6 are the data's assumed split (not the user's own figures)."""
    b = result.baseline
    return any(
        p.origin == "assumption" and p.value is not None and p.value == shown
        for p, shown in ((proposal.s1, b.s1), (proposal.s6, b.s6))
    )


def _signed_money(value: float, currency: str) -> str:
    sign = "+" if value >= 0 else "−"
    return f"{sign}{_money(abs(value), currency, short=True)}"


def cost_gap(result: ProjectionResult, inputs: Inputs) -> str:
    """Why a cost is missing, shortly: the first input that is needed."""
    if missing_pay(result, inputs):
        return t("scenario.cost_missing")
    return t("scenario.place_cost_missing")


def summary_sentence(result: ProjectionResult, min_places: int | None, inputs: Inputs) -> str:
    """The messages for the projector: where Category 6 goes, what it would take, and
    whether the posts are filled."""
    s, b = result.scenario, result.baseline
    start, end = fmt_num(b.s6), fmt_num(result.remaining_at_horizon)
    if result.already_eliminated:
        first = t("scenario.say_none", year=b.base_year)
    elif result.back_by_horizon:
        first = t("scenario.say_comes_back", start=start, year=result.elimination_year,
                  end=end, horizon=s.horizon)  # fmt: skip
    elif result.elimination_year is not None:
        first = t("scenario.say_reaches_zero", start=start, year=result.elimination_year)
    else:
        first = t("scenario.say_remains", start=start, end=end, year=s.horizon)
    if target_passed(inputs):
        second = t("scenario.say_target_passed", year=TARGET_YEAR, base=b.base_year)
    elif min_places is None:
        floor = remaining_with_unlimited_places(b, s, TARGET_YEAR)
        second = t("scenario.say_unreachable", year=TARGET_YEAR, floor=fmt_num(floor))
    elif min_places == 0:
        second = ""
    else:
        second = t(
            "scenario.say_places",
            n=fmt_num(min_places),
            year=TARGET_YEAR,
            course=s.course_years,
            completion=fmt_pct(s.completion_share, 0),
        )
    last = result.yearly.row(-1, named=True)
    unmet = last["unmet_need"]
    third = ""
    if unmet >= ELIMINATED_BELOW:
        third = t("scenario.say_unmet", year=s.horizon, required=fmt_num(last["required_posts"]),
                  staff=fmt_num(last["s1"] + last["s6"]), gap=fmt_num(unmet))  # fmt: skip
        if s.graduates == 0:
            third += " " + t("scenario.say_no_graduates")
    return " ".join(x for x in (first, second, third) if x)


def _title(inputs: Inputs, view: str) -> str:
    """A chart file's title: what, where, which scenario."""
    return t("scenario.file_title", view=t(f"scenario.tab.{view}"), where=inputs.where)


def workforce_chart(result: ProjectionResult, inputs: Inputs, summary: str) -> None:
    components.show_chart(
        charts.workforce_area(
            result.stocks(),
            labels={c: t(f"scenario.cat.{c}") for c in ("s1", "s6", "s3")},
            required_label=t("scenario.required_line"),
            target_year=TARGET_YEAR,
            target_label=t("scenario.target_line", year=TARGET_YEAR),
            x_title=t("table.year"),
            y_title=t("scenario.persons_end_of_year"),
            units=compact_units(),
        ),
        "scenario-workforce",
        title=_title(inputs, "workforce"),
        caption=summary.replace("**", ""),
    )
    st.caption(t("scenario.workforce_caption", start=result.baseline.base_year - 1))


def caseload_chart(result: ProjectionResult, inputs: Inputs, awt_hours: float | None) -> None:
    yearly = result.yearly.filter(pl.col("caseload").is_not_null())
    if yearly.is_empty():
        st.info(t("scenario.enter_cases_long"), icon=":material/edit_note:")
        return
    frame = yearly.select("year", pl.col("caseload").alias("value")).with_columns(
        pl.lit(t("scenario.caseload_series")).alias("series")
    )
    components.show_chart(
        charts.series_lines(
            frame,
            x_title=t("table.year"),
            y_title=t("charts.caseload_title"),
            band=CASELOAD_BAND,
            band_label=t("charts.caseload_band"),
            value_format=",.1f",
            units=compact_units(),
        ),
        "scenario-caseload",
        title=_title(inputs, "caseload"),
    )
    if awt_hours:
        capacity = caseload_capacity(awt_hours, hours_per_case_per_month=inputs.hours_per_case)
        st.caption(
            t(
                "scenario.caseload_caption",
                hours=fmt_auto(inputs.hours_per_case),
                awt=fmt_num(awt_hours),
                capacity=fmt_auto(capacity),
                target=fmt_auto(inputs.scenario.target_caseload),
            )
        )


def cost_chart(result: ProjectionResult, inputs: Inputs) -> None:
    y = result.yearly
    missing = missing_pay(result, inputs)
    if missing:
        st.info(t("scenario.enter_pay", which=", ".join(missing)), icon=":material/payments:")
        return
    if y["cost_training"].null_count():
        st.info(t("scenario.enter_place_cost"), icon=":material/payments:")
        return
    long = (
        y.select(
            "year",
            pl.col("cost_personnel").alias(t("scenario.cost.personnel")),
            pl.col("cost_training").alias(t("scenario.cost.training")),
            pl.col("cost_setup").alias(t("scenario.cost.setup")),
        )
        .unpivot(index="year", variable_name="component", value_name="amount")
        .filter(pl.col("amount") > 0)
    )
    currency = inputs.costs.currency
    components.show_chart(
        charts.cost_bars(
            long,
            x_title=t("table.year"),
            y_title=t("scenario.cost_axis", currency=currency),
            units=compact_units(),
        ),
        "scenario-cost",
        title=_title(inputs, "cost"),
        caption=t("scenario.cost_caption", pay=_money(inputs.costs.pay_s1, currency),
                  ratio=fmt_auto(inputs.pay_ratio)),
    )  # fmt: skip
    st.caption(
        t(
            "scenario.cost_caption",
            pay=_money(inputs.costs.pay_s1, currency),
            ratio=fmt_auto(inputs.pay_ratio),
        )
    )


def lenses_chart(
    lenses: list[Lens], notes: dict[str, str], labels: dict[str, str], inputs: Inputs
) -> None:
    shown = [lens for lens in lenses if lens.required is not None]
    available = lenses[0].available
    if shown:
        frame = pl.DataFrame(
            {
                "lens": [labels[x.key] for x in shown],
                "required": [x.required for x in shown],
            }
        )
        components.show_chart(
            charts.lens_bars(
                frame,
                x_title=t("scenario.workers"),
                available=available,
                available_label=t("scenario.available", n=fmt_num(available)),
                units=compact_units(),
            ),
            "scenario-need",
            title=_title(inputs, "lenses"),
        )
    rows = []
    for lens in lenses:
        rows.append(
            {
                t("scenario.lens_col"): labels[lens.key],
                t("scenario.needed"): t("common.missing")
                if lens.required is None
                else fmt_num(lens.required),
                t("scenario.gap"): t("common.missing") if lens.gap is None else fmt_num(lens.gap),
                t("scenario.basis"): components.md_escape(notes.get(lens.key, "")),
            }
        )
    components.show_table(pl.DataFrame(rows), "scenario-need")
    st.caption(t("scenario.lens_caption", n=fmt_num(available)))


def compare(inputs: Inputs, result: ProjectionResult, min_places: int | None, other: str) -> None:
    """This view against a preset applied to the same starting point and costs."""
    scenario_b = scenario_from_preset(other, inputs.baseline, horizon=inputs.scenario.horizon)
    result_b = project(inputs.baseline, scenario_b, inputs.costs)
    min_b = (
        None
        if target_passed(inputs)
        else min_places_to_eliminate(inputs.baseline, scenario_b, TARGET_YEAR)
    )
    a_name, b_name = t("scenario.this_view"), t(f"scenario.preset.{other}")

    def facts(r: ProjectionResult, places: int | None) -> list[str]:
        end = r.yearly.row(-1, named=True)
        return [
            fmt_num(r.scenario.qualification_places),
            elimination_text(r),
            fmt_num(end["s6"]),
            fmt_num(end["s1"]),
            t("common.missing") if end["caseload"] is None else fmt_auto(end["caseload"]),
            _money(end["cost_cumulative"], inputs.costs.currency, short=True)
            if end["cost_cumulative"] is not None
            else cost_gap(r, inputs),
            places_text(places, inputs),
        ]

    labels = [t(f"scenario.cmp.{k}", year=inputs.scenario.horizon, target=TARGET_YEAR) for k in
              ("places", "zero", "s6_end", "s1_end", "caseload_end", "cost", "needed")]  # fmt: skip
    components.show_table(
        pl.DataFrame(
            {"": labels, a_name: facts(result, min_places), b_name: facts(result_b, min_b)}
        ),
        "scenario-compare",
    )
    frame = pl.concat(
        [
            r.stocks()
            .select("year", pl.col("s6").alias("value"))
            .with_columns(pl.lit(name).alias("series"))
            for r, name in ((result, a_name), (result_b, b_name))
        ]
    )
    components.show_chart(
        charts.series_lines(
            frame, x_title=t("table.year"), y_title=t("scenario.cat.s6"), units=compact_units()
        ),
        "scenario-compare",
        title=_title(inputs, "compare"),
    )


def why(result: ProjectionResult, min_places: int | None) -> None:
    """The method in words, a worked first year, and every flow of every year."""
    st.markdown(t("scenario.method"))
    first = result.yearly.row(0, named=True)
    st.markdown(
        t(
            "scenario.worked_year",
            year=first["year"],
            start=fmt_num(result.baseline.s6),
            leavers=fmt_num(first["leavers_s6"]),
            enrolled=fmt_num(first["enrolled"]),
            qualified=fmt_num(first["qualified"]),
            limited=fmt_num(first["limited"]),
            redundant=fmt_num(first["redundant"]),
            hired=fmt_num(first["hired_unqualified"]),
            end=fmt_num(first["s6"]),
        )
    )
    if min_places:
        st.markdown(
            t(
                "scenario.solver_explained",
                n=fmt_num(min_places),
                less=fmt_num(min_places - 1),
                year=TARGET_YEAR,
            )
        )
    st.markdown(f"**{t('scenario.flows_s6')}**")
    components.show_table(
        _year_table(
            result,
            (
                "leavers_s6",
                "enrolled",
                "qualified",
                "limited",
                "redundant",
                "hired_unqualified",
                "s6",
            ),
        ),
        "scenario-category6",
    )
    st.markdown(f"**{t('scenario.flows_workforce')}**")
    components.show_table(
        _year_table(
            result, ("s1", "hired_qualified", "s3", "required_posts", "caseload", "cost_total")
        ),
        "scenario-workforce-years",
    )


def _year_table(result: ProjectionResult, keys: tuple[str, ...]) -> pl.DataFrame:
    """Year rows of some columns of the projection, formatted (missing stays missing)."""
    rows = []
    for r in result.yearly.iter_rows(named=True):
        row = {t("table.year"): str(r["year"])}
        for key in keys:
            value = r[key]
            row[t(f"scenario.col.{key}")] = (
                t("common.missing")
                if value is None
                else fmt_auto(value)
                if key == "caseload"
                else fmt_num(value)
            )
        rows.append(row)
    return pl.DataFrame(rows)


def export_frames(
    result: ProjectionResult,
    min_places: int | None,
    inputs: Inputs,
    notes: dict[str, str],
    shown: dict[str, Any],
) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The scenario as files: (summary, assumptions, results by year). `shown` holds the
    inputs' values and `notes` where each comes from (as the page says), by field key."""
    from ui.scenario import FIELDS

    def row(section: str, name: str, label: str, value: object, note: str = "") -> dict:
        return {
            "section": t(f"scenario.export.section_{section}"),
            "name": name,
            "label": label,
            "value": "" if value is None else str(value),
            "note": note,
        }

    summary = [
        row("summary", "where", t("scenario.export.where"), inputs.where),
        row("summary", "elimination_year", t("scenario.export.elimination_year"),
            result.elimination_year or t("scenario.export.not_reached")),
        row("summary", "remaining", t("scenario.export.remaining"),
            round(result.remaining_at_horizon, 2)),
        row("summary", "min_places", t("scenario.export.min_places"),
            t("scenario.export.unreachable") if min_places is None else min_places),
        row("summary", "cost_total", t("scenario.export.cost_total"),
            result.yearly["cost_cumulative"][-1]),
    ]  # fmt: skip
    assumptions = [
        row(
            "assumption",
            f.key,
            t(f"scenario.f.{f.key}"),
            shown[f.key],
            components.md_plain(notes.get(f.key, "")),
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


def export_buttons(
    result: ProjectionResult,
    min_places: int | None,
    inputs: Inputs,
    notes: Callable[[], dict[str, str]],
    shown: dict[str, Any],
) -> None:
    """Downloads of the whole scenario; the files are made when a button is pressed."""
    from ssw_core import export

    def frames() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
        return export_frames(result, min_places, inputs, notes(), shown)

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

    from ui import present

    if present.presenting():
        return  # a projector shows the view, not its menus
    # The files are made when a button is pressed, on another thread: in the language of now.
    csv, xlsx = in_language(csv_file), in_language(xlsx_file)
    with st.popover(t("scenario.export.button"), icon=":material/download:",
                    help=t("scenario.export.help")):  # fmt: skip
        st.download_button(t("scenario.export.csv"), csv, file_name="scenario.csv",
                           mime="text/csv", icon=":material/table:", on_click="ignore")  # fmt: skip
        st.download_button(
            t("scenario.export.xlsx"), xlsx, file_name="scenario.xlsx", icon=":material/grid_on:",
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            on_click="ignore",
        )  # fmt: skip
