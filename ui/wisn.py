"""The staffing-need calculator (WHO WISN, METHODS.md 3): working time, allowances and case
types entered by the user; the result joins the lenses of need on the scenario page.

The case types live in the URL too, as `wisn=<name>~<cases per year>~<hours per case>|...`,
checked on load like every other parameter.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from ssw_core.staffing import DIRECT_SHARE, StaffingResult, available_working_time, required_staff
from ui import urlstate
from ui.i18n import fmt_auto, fmt_num, t
from ui.scenario import Field, widget

FIELDS: tuple[Field, ...] = (
    Field("w_days", "start", "number", "extra.working_days", 260.0, 0, 366, 1),
    Field("w_holidays", "start", "number", "extra.public_holidays", 10.0, 0, 60, 1),
    Field("w_leave", "start", "number", "extra.annual_leave", 24.0, 0, 90, 1),
    Field("w_sick", "start", "number", "extra.sick_leave", 8.0, 0, 90, 1),
    Field("w_other", "start", "number", "extra.other_leave", 5.0, 0, 90, 1),
    Field("w_hours", "start", "number", "extra.hours_per_day", 8.0, 1, 12, 0.5),
    Field("w_cas", "start", "slider", "extra.category_allowance_pct", 20.0, 0, 60, 1),
    Field("w_ias", "start", "number", "extra.individual_allowance_hours", 0.0, 0, 1e9, 10),
)
TABLE_KEY = "wisn"
_ROWS = "_wisn_rows"
COLUMNS = ("name", "cases", "hours")
MAX_ROWS = 20


def _encode(rows: list[dict[str, Any]]) -> str:
    parts = []
    for r in rows:
        name = str(r.get("name") or "").replace("~", " ").replace("|", " ").strip()[:60]
        cases, hours = (r.get(k) for k in ("cases", "hours"))
        numbers = ["" if x is None else f"{x:g}" for x in (cases, hours)]
        parts.append("~".join([name, *numbers]))
    return "|".join(parts)


def _decode(raw: str) -> list[dict[str, Any]] | None:
    """Rows from the URL form, or None if it is malformed."""
    rows = []
    for part in raw.split("|")[:MAX_ROWS]:
        bits = part.split("~")
        if len(bits) != 3:
            return None
        try:
            cases = float(bits[1]) if bits[1] else None
            hours = float(bits[2]) if bits[2] else None
        except ValueError:
            return None
        if (cases is not None and not 0 <= cases <= 1e9) or (
            hours is not None and not 0 <= hours <= 1e5
        ):
            return None
        rows.append({"name": bits[0][:60], "cases": cases, "hours": hours})
    return rows


def default_rows(open_cases: float | None, hours_per_case_month: float) -> list[dict[str, Any]]:
    """One row for all open cases, its time per case-year derived from the hours of direct
    work per case per month and the direct share (IFSW Europe guidance, seed 003)."""
    hours = round(hours_per_case_month * 12 / DIRECT_SHARE, 1)
    return [{"name": t("wisn.all_open_cases"), "cases": open_cases, "hours": hours}]


def check_url() -> list[str]:
    raw = st.query_params.get(TABLE_KEY)
    if raw is None or _decode(raw) is not None:
        return []
    del st.query_params[TABLE_KEY]
    return [urlstate.bad_param_message(TABLE_KEY, raw, t("wisn.url_rule"))]


def render(
    open_cases: float | None, hours_per_case_month: float, existing: float
) -> StaffingResult | None:
    """The calculator. Returns the result, or None until a complete case type is entered."""
    raw = st.query_params.get(TABLE_KEY)
    if _ROWS not in st.session_state:
        st.session_state[_ROWS] = (
            _decode(raw) if raw else default_rows(open_cases, hours_per_case_month)
        )
    st.markdown(t("wisn.intro"))
    cols = st.columns(4)
    shown = {}
    for i, field in enumerate(FIELDS):
        with cols[i % 4]:
            shown[field.key] = widget(field)
    try:
        awt = available_working_time(
            working_days=shown["w_days"],
            public_holidays=shown["w_holidays"],
            annual_leave=shown["w_leave"],
            sick_leave=shown["w_sick"],
            other_leave=shown["w_other"],
            hours_per_day=shown["w_hours"],
        )
    except ValueError as exc:
        st.error(t("wisn.bad_awt", reason=str(exc)))
        return None
    st.session_state["_wisn_awt"] = awt
    st.caption(t("wisn.awt_caption", awt=fmt_num(awt)))
    edited = st.data_editor(
        pl.DataFrame(
            st.session_state[_ROWS],
            schema={"name": pl.String, "cases": pl.Float64, "hours": pl.Float64},
        ),
        num_rows="dynamic",
        key="wisn_table",
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(t("wisn.col_name"), max_chars=60),
            "cases": st.column_config.NumberColumn(t("wisn.col_cases"), min_value=0, max_value=1e9),
            "hours": st.column_config.NumberColumn(t("wisn.col_hours"), min_value=0, max_value=1e5),
        },
    )
    # The editor applies its edits to the rows it was first given, which stay fixed for the
    # session; the edited rows go to the URL (and become the first rows of a reopened link).
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in pl.DataFrame(edited).rows()][:MAX_ROWS]
    encoded = _encode(rows)
    if st.query_params.get(TABLE_KEY) != encoded:
        st.query_params[TABLE_KEY] = encoded
    complete = [
        (r["cases"], r["hours"]) for r in rows if r["cases"] is not None and r["hours"] is not None
    ]
    if not complete:
        st.info(t("wisn.enter_rows"), icon=":material/edit_note:")
        return None
    result = required_staff(
        complete,
        awt_hours=awt,
        category_allowance_pct=shown["w_cas"],
        individual_allowance_hours=shown["w_ias"],
        existing_staff=existing,
    )
    cols = st.columns(4)
    cols[0].metric(t("wisn.m_required"), fmt_num(result.required))
    cols[1].metric(t("wisn.m_existing"), fmt_num(existing))
    cols[2].metric(
        t("wisn.m_ratio"),
        t("common.missing") if result.wisn_ratio is None else fmt_auto(result.wisn_ratio),
    )
    cols[3].metric(t("wisn.m_shortage"), fmt_num(result.shortage))
    st.caption(
        t(
            "wisn.result_caption",
            workload=fmt_num(result.workload_staff, 1),
            caf=fmt_auto(result.caf),
            iaf=fmt_auto(result.iaf),
            required=fmt_num(result.required, 1),
        )
    )
    return result
