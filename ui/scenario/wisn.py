"""The staffing-need calculator (WHO WISN, docs/method.md §3): working time, allowances and case
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
from ssw_core.staffing import (
    WISN_START as START,
)
from ui.base import link, session
from ui.base.i18n import fmt_auto, fmt_num, t
from ui.parts.inputs import Field, choice, declare, set_values, widget
from ui.parts.inputs import values as field_values

AWT_MODES = ("days", "hours", "contract")
MODE = link.Param[str]("w_mode", __name__, AWT_MODES[0], case="lower", doc="how AWT is entered")
# fmt: off
FIELDS: tuple[Field, ...] = declare(__name__, (
    # mode 'days': WHO's build-up
    Field("w_days", "days", "number", "extra.working_days", START.working_days, 0, 366, 1,
          integer=True),
    Field("w_holidays", "days", "number", "extra.public_holidays", START.public_holidays, 0,
          60, 1, integer=True),
    Field("w_leave", "days", "number", "extra.annual_leave", START.annual_leave, 0, 90, 1,
          integer=True),
    Field("w_sick", "days", "number", "extra.sick_leave", START.sick_leave, 0, 90, 1,
          integer=True),
    Field("w_other", "days", "number", "extra.other_leave", START.other_leave, 0, 90, 1,
          integer=True),
    Field("w_hours", "days", "number", "extra.hours_per_day", START.hours_per_day, 1, 12, 0.5),
    # mode 'hours': available working time given directly
    Field("w_awt", "hours", "number", "extra.awt_hours", round(START.available_hours), 1, 8784,
          1, integer=True),
    # mode 'contract': contract hours less a share of absence
    Field("w_contract", "contract", "number", "extra.contract_hours", START.contract_hours, 1,
          8784, 1, integer=True),
    Field("w_absent", "contract", "slider", "extra.absent_pct", START.absent_share * 100, 0,
          60, 1),
    # allowances, every mode
    Field("w_cas", "all", "slider", "extra.category_allowance_pct",
          round((1 - DIRECT_SHARE) * 100), 0, 60, 1),
    Field("w_ias", "all", "number", "extra.individual_allowance_hours", 0.0, 0, 1e6, 10),
))
# fmt: on
BY_KEY = {f.key: f for f in FIELDS}
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


def _parse(raw: str) -> list[dict[str, Any]]:
    rows = _decode(raw)
    if rows is None:
        raise ValueError(raw)
    return rows


TABLE = link.Param[list[dict[str, Any]] | None](
    "wisn",
    __name__,
    None,
    parse=_parse,
    write=lambda rows: _encode(rows or []),
    allowed=lambda: t("wisn.url_rule"),
    doc="the case types once edited (None: one row following the scenario's open cases)",
)
"""The rows the table's edits apply to: fixed for the session once the user edits the table
(or a link gives it); the address holds them with the edits."""
_EDITOR = session.Key[dict[str, Any]]("wisn_table", __name__, doc="the case-type table's edits")
_CURRENT = session.Key[list[dict[str, Any]]](
    "_wisn_rows", __name__, doc="the case types with their edits, while the table is closed"
)


def default_rows(open_cases: float | None, hours_per_case_month: float) -> list[dict[str, Any]]:
    """One row for all open cases: a case-year takes 12 x the direct hours per month."""
    return [
        {"name": t("wisn.all_open_cases"), "cases": open_cases, "hours": hours_per_case_month * 12}
    ]


def adopt() -> link.BadValue | None:
    """Before the widgets: case types given by a link replace the table (and its edits)."""
    new = TABLE.is_new()
    bad = TABLE.adopt()
    if new and bad is None:
        _EDITOR.pop()
        _CURRENT.pop()
    return bad


def reset() -> None:
    """Back to the one row that follows the open cases (a new country, or Reset)."""
    _EDITOR.pop()
    _CURRENT.pop()
    TABLE.key.set(None)
    TABLE.withdraw()
    set_values(BY_KEY, {f.key: f.default for f in FIELDS})
    MODE.key.set(MODE.default)


def _edited() -> bool:
    state = _EDITOR.get()
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


def default_help(field: Field) -> str:
    """Where a field's starting value comes from: the category allowance from IFSW Europe's
    share of time in direct work; every other default is an assumption, said so."""
    if field.key == "w_cas":
        return t(
            "wisn.default_cas", direct=fmt_num(DIRECT_SHARE * 100), value=fmt_num(field.default)
        )
    return t("wisn.default_assumed", value=fmt_auto(field.default))


def awt_inputs() -> float | None:
    """The working-time inputs; returns hours a year per worker, or None if impossible."""
    mode = choice(MODE, AWT_MODES, t("wisn.mode_label"), lambda m: t(f"wisn.mode.{m}"))
    shown: dict[str, Any] = {}
    visible = [f for f in FIELDS if f.group == mode]
    cols = st.columns(max(len(visible), 3))
    for i, field in enumerate(visible):
        with cols[i]:
            shown[field.key] = widget(field, help_text=default_help(field))
    for field in FIELDS:
        if field.group not in (mode, "all"):
            field.param.withdraw()  # not shown: not in the address (its value is kept)
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
            allowances[key] = widget(BY_KEY[key], help_text=default_help(BY_KEY[key]))
    custom = TABLE.value() is not None or _edited()
    if not custom:
        # Not edited yet: the row follows the scenario, and is rebuilt from it on reload.
        _EDITOR.pop()
        rows_in = default_rows(open_cases, hours_per_case_month)
    else:
        # Edited: the rows the editor applies its edits to must stay fixed while it is open;
        # a table opened again starts from the rows as they were left.
        if not _EDITOR.exists() and _CURRENT.get() is not None:
            TABLE.key.set(_CURRENT.get())
        rows_in = TABLE.value() or default_rows(open_cases, hours_per_case_month)
        TABLE.key.set(rows_in)
    edited = st.data_editor(
        pl.DataFrame(rows_in, schema={"name": pl.String, "cases": pl.Float64, "hours": pl.Float64}),
        num_rows="dynamic",
        key=_EDITOR.name,
        width="stretch",
        column_config={
            "name": st.column_config.TextColumn(t("wisn.col_name"), max_chars=60),
            "cases": st.column_config.NumberColumn(t("wisn.col_cases"), min_value=0, max_value=1e9),
            "hours": st.column_config.NumberColumn(t("wisn.col_hours"), min_value=0, max_value=1e5),
        },
    )
    rows = [dict(zip(COLUMNS, r, strict=True)) for r in pl.DataFrame(edited).rows()][:MAX_ROWS]
    if custom:
        _CURRENT.set(rows)
        TABLE.publish(rows)
    else:
        TABLE.withdraw()
        st.caption(t("wisn.following"))
    if awt is None:
        return None, None
    result = _required(rows, awt, allowances, existing)
    if result is None:
        st.info(t("wisn.enter_rows"), icon=":material/edit_note:")
        return None, awt
    out = st.columns(4)
    out[0].metric(t("wisn.m_required"), fmt_num(result.required))
    out[1].metric(t("wisn.m_existing"), fmt_num(existing))
    out[2].metric(
        t("wisn.m_ratio"),
        t("common.missing") if result.wisn_ratio is None else fmt_auto(result.wisn_ratio),
    )
    out[3].metric(t("wisn.m_shortage"), fmt_num(result.shortage))
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


def _required(
    rows: list[dict[str, Any]], awt: float, allowances: dict[str, Any], existing: float | None
) -> StaffingResult | None:
    """WISN's answer for the complete case types (None until one is complete)."""
    complete = [
        (r["cases"], r["hours"]) for r in rows if r["cases"] is not None and r["hours"] is not None
    ]
    if not complete:
        return None
    return required_staff(
        complete,
        awt_hours=awt,
        category_allowance_pct=allowances["w_cas"],
        individual_allowance_hours=allowances["w_ias"],
        existing_staff=existing,
    )


def compute(
    open_cases: float | None, hours_per_case_month: float, existing: float | None
) -> tuple[StaffingResult | None, float | None]:
    """What `render` returns, without drawing the calculator (it is closed): from the values
    its inputs hold, which stay in the link."""
    values = field_values(FIELDS)
    mode = MODE.value() if MODE.value() in AWT_MODES else AWT_MODES[0]
    for field in FIELDS:
        if field.group in (mode, "all"):
            field.param.publish(values[field.key])
        else:
            field.param.withdraw()
    MODE.publish(mode)
    rows = _CURRENT.get() or TABLE.value()
    if rows is not None:
        TABLE.publish(rows)
    else:
        TABLE.withdraw()
        rows = default_rows(open_cases, hours_per_case_month)
    try:
        awt = _awt(values, mode)
    except ValueError:
        return None, None
    return _required(rows, awt, values, existing), awt
