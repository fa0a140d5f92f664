"""The staffing-need calculator (WHO WISN, METHODS.md 3): working time, allowances and case
types entered by the user; the result joins the lenses of need on the scenario page.

Working time is entered one of three ways: built up from days (WHO's method), as a number of
hours, or as contract hours less a share of absence. The case types live in the URL too, as
`wisn=<name>~<cases per year>~<hours per case>|...`, checked on load like every other
parameter. Until the user edits the table, its one row follows the scenario's open cases and
hours per case (and is left out of the URL, which then reproduces it from those).

The default row and allowance agree with the caseload lens: a case-year takes 12 x the direct
hours per month, and the category allowance is the time not spent in direct work (30 %,
IFSW Europe), so WISN's answer equals open cases / caseload capacity until the user says more.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from ssw_core.staffing import (
    DIRECT_SHARE,
    StaffingResult,
    available_working_time,
    awt_from_contract,
    required_staff,
)
from ui import urlstate
from ui.fields import Field, choice, widget
from ui.i18n import fmt_auto, fmt_num, t

AWT_MODES = ("days", "hours", "contract")
AWT_MODE_KEY = "w_mode"
# fmt: off
FIELDS: tuple[Field, ...] = (
    # mode 'days': WHO's build-up
    Field("w_days", "days", "number", "extra.working_days", 260, 0, 366, 1, integer=True),
    Field("w_holidays", "days", "number", "extra.public_holidays", 10, 0, 60, 1, integer=True),
    Field("w_leave", "days", "number", "extra.annual_leave", 24, 0, 90, 1, integer=True),
    Field("w_sick", "days", "number", "extra.sick_leave", 8, 0, 90, 1, integer=True),
    Field("w_other", "days", "number", "extra.other_leave", 5, 0, 90, 1, integer=True),
    Field("w_hours", "days", "number", "extra.hours_per_day", 8.0, 1, 12, 0.5),
    # mode 'hours': available working time given directly
    Field("w_awt", "hours", "number", "extra.awt_hours", 1704, 1, 8784, 1, integer=True),
    # mode 'contract': contract hours less a share of absence
    Field("w_contract", "contract", "number", "extra.contract_hours", 2080, 1, 8784, 1,
          integer=True),
    Field("w_absent", "contract", "slider", "extra.absent_pct", 18.0, 0, 60, 1),
    # allowances, every mode
    Field("w_cas", "all", "slider", "extra.category_allowance_pct",
          round((1 - DIRECT_SHARE) * 100), 0, 60, 1),
    Field("w_ias", "all", "number", "extra.individual_allowance_hours", 0.0, 0, 1e6, 10),
)
# fmt: on
BY_KEY = {f.key: f for f in FIELDS}
TABLE_KEY = "wisn"
_EDITOR = "wisn_table"
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
    """One row for all open cases: a case-year takes 12 x the direct hours per month."""
    return [
        {"name": t("wisn.all_open_cases"), "cases": open_cases, "hours": hours_per_case_month * 12}
    ]


def check_url() -> list[str]:
    raw = st.query_params.get(TABLE_KEY)
    if raw is None or _decode(raw) is not None:
        return []
    del st.query_params[TABLE_KEY]
    return [urlstate.bad_param_message(TABLE_KEY, raw, t("wisn.url_rule"))]


def reset() -> None:
    """Back to the one row that follows the open cases (a new country, or Reset)."""
    st.session_state.pop(_ROWS, None)
    st.session_state.pop(_EDITOR, None)
    if TABLE_KEY in st.query_params:
        del st.query_params[TABLE_KEY]
    for field in FIELDS:
        st.session_state[field.key] = field.default
    st.session_state[AWT_MODE_KEY] = AWT_MODES[0]


def _edited() -> bool:
    state = st.session_state.get(_EDITOR)
    return bool(
        state and (state.get("edited_rows") or state.get("added_rows") or state.get("deleted_rows"))
    )


def _awt(shown: dict[str, Any], mode: str) -> float:
    if mode == "hours":
        return float(shown["w_awt"])
    if mode == "contract":
        return awt_from_contract(shown["w_contract"], shown["w_absent"])
    return available_working_time(
        working_days=shown["w_days"],
        public_holidays=shown["w_holidays"],
        annual_leave=shown["w_leave"],
        sick_leave=shown["w_sick"],
        other_leave=shown["w_other"],
        hours_per_day=shown["w_hours"],
    )


def awt_inputs() -> float | None:
    """The working-time inputs; returns hours a year per worker, or None if impossible."""
    mode = choice(AWT_MODE_KEY, AWT_MODES, t("wisn.mode_label"), lambda m: t(f"wisn.mode.{m}"))
    shown: dict[str, Any] = {}
    visible = [f for f in FIELDS if f.group == mode]
    cols = st.columns(max(len(visible), 3))
    for i, field in enumerate(visible):
        with cols[i]:
            shown[field.key] = widget(field)
    try:
        awt = _awt(shown, mode)
    except ValueError as exc:
        st.error(t("wisn.bad_awt", reason=str(exc)), icon=":material/error:")
        return None
    st.caption(t(f"wisn.awt_caption_{mode}", awt=fmt_num(awt)))
    return awt


def render(
    open_cases: float | None, hours_per_case_month: float, existing: float | None
) -> tuple[StaffingResult | None, float | None]:
    """The calculator. Returns (result or None until a complete case type is entered, AWT)."""
    st.markdown(t("wisn.intro"))
    awt = awt_inputs()
    cols = st.columns(2)
    allowances = {}
    for col, key in zip(cols, ("w_cas", "w_ias"), strict=True):
        with col:
            allowances[key] = widget(BY_KEY[key])
    raw = st.query_params.get(TABLE_KEY)
    if _ROWS not in st.session_state and raw:
        st.session_state[_ROWS] = _decode(raw)
    custom = _ROWS in st.session_state or _edited()
    if not custom:
        # Not edited yet: the row follows the scenario, and is rebuilt from it on reload.
        st.session_state.pop(_EDITOR, None)
        rows_in = default_rows(open_cases, hours_per_case_month)
    else:
        # Edited: the rows the editor applies its edits to must stay fixed for the session.
        rows_in = st.session_state.setdefault(_ROWS, default_rows(open_cases, hours_per_case_month))
    edited = st.data_editor(
        pl.DataFrame(rows_in, schema={"name": pl.String, "cases": pl.Float64, "hours": pl.Float64}),
        num_rows="dynamic",
        key=_EDITOR,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(t("wisn.col_name"), max_chars=60),
            "cases": st.column_config.NumberColumn(t("wisn.col_cases"), min_value=0, max_value=1e9),
            "hours": st.column_config.NumberColumn(t("wisn.col_hours"), min_value=0, max_value=1e5),
        },
    )
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in pl.DataFrame(edited).rows()][:MAX_ROWS]
    if custom:
        encoded = _encode(rows)
        if st.query_params.get(TABLE_KEY) != encoded:
            st.query_params[TABLE_KEY] = encoded
    else:
        st.caption(t("wisn.following"))
    complete = [
        (r["cases"], r["hours"]) for r in rows if r["cases"] is not None and r["hours"] is not None
    ]
    if awt is None:
        return None, None
    if not complete:
        st.info(t("wisn.enter_rows"), icon=":material/edit_note:")
        return None, awt
    result = required_staff(
        complete,
        awt_hours=awt,
        category_allowance_pct=allowances["w_cas"],
        individual_allowance_hours=allowances["w_ias"],
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
    return result, awt
