"""Input fields bound to the URL: one spec per input drives its widget, its URL parameter and
the check of that parameter. Used by the scenario controls and the WISN calculator.

A bad value in the address is reported, removed, and replaced by the value the page would
have without it (see `check_url`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from ui import urlstate
from ui.i18n import fmt_num, t

Kind = Literal["number", "slider", "toggle", "text"]


@dataclass(frozen=True)
class Field:
    key: str  # widget key = URL parameter = i18n key scenario.f.<key>
    group: str
    kind: Kind
    target: str  # "<part>.<model field>", e.g. "scenario.qualification_places"
    default: Any
    low: float | None = None
    high: float | None = None
    step: float | None = None
    percent: bool = False  # shown in %, held in the model as a fraction 0-1
    integer: bool = False

    @property
    def model_field(self) -> str:
        return self.target.split(".", 1)[1]

    def to_model(self, shown: Any) -> Any:
        if shown is None:
            return None
        if self.percent:
            return shown / 100
        return int(shown) if self.integer else shown

    def to_widget(self, model_value: Any) -> Any:
        if model_value is None or isinstance(model_value, bool | str):
            return model_value
        if self.percent:
            return round(model_value * 100, 6)
        return round(model_value) if self.integer else float(model_value)

    def check(self, raw: str) -> tuple[bool, str]:
        """(ok, allowed values in words) for a URL value of this field."""
        if self.kind == "toggle":
            return raw.lower() in ("true", "false"), "true, false"
        if self.kind == "text":
            return len(raw) <= 12 and raw.replace(" ", "").isalnum(), t("scenario.currency_rule")
        digits = 2 if self.step and self.step < 1 else 0
        allowed = f"{fmt_num(self.low, digits)} - {fmt_num(self.high, 0)}"
        if self.integer:
            allowed = t("scenario.whole_numbers", range=allowed)
        try:
            value = float(raw)
        except ValueError:
            return False, allowed
        ok = value == value  # not NaN
        if self.low is not None and self.high is not None:
            ok = ok and self.low <= value <= self.high
        if self.integer and not value.is_integer():
            ok = False
        return ok, allowed


def widget(field: Field, *, help_text: str | None = None, disabled: bool = False) -> Any:
    label = t(f"scenario.f.{field.key}")
    # Always the same default: a widget's identity includes its parameters, and a widget
    # that changes identity between runs loses its URL binding for that run.
    common: dict[str, Any] = {
        "key": field.key,
        "bind": "query-params",
        "help": help_text,
        "disabled": disabled,
        "value": field.default,
    }
    if field.kind in ("toggle", "text"):
        urlstate.remember_default(field.key, field.default)
    if field.kind == "toggle":
        return st.toggle(label, **common)
    if field.kind == "text":
        return st.text_input(label, max_chars=12, **common)
    cast = int if field.integer else float
    low = None if field.low is None else cast(field.low)
    high = None if field.high is None else cast(field.high)
    step = None if field.step is None else cast(field.step)
    if common["value"] is not None:
        common["value"] = cast(common["value"])
    urlstate.remember_default(field.key, common["value"])
    fmt = "%d" if field.integer else ("%.2f" if field.step and field.step < 1 else "%.0f")
    if field.kind == "slider":
        return st.slider(
            label,
            min_value=low,
            max_value=high,
            step=step,
            format=fmt + ("%%" if field.percent else ""),
            **common,
        )
    return st.number_input(
        label,
        min_value=low,
        max_value=high,
        step=step,
        format=fmt,
        placeholder=t("scenario.empty"),
        **common,
    )


def choice(
    key: str,
    options: tuple[str, ...],
    label: str,
    fmt: Callable[[str], str],
    *,
    on_change: Callable[..., None] | None = None,
    args: tuple[Any, ...] = (),
    help_text: str | None = None,
) -> str:
    """A select widget whose URL parameter is the option's code (see ui/urlstate.py). One
    option is always selected: clicking the selected one again does not clear it."""
    bad = urlstate.adopt(key, options, case="lower")
    if bad is not None:
        st.warning(
            urlstate.bad_param_message(key, bad, ", ".join(options)), icon=":material/link_off:"
        )
    if st.session_state.get(key) not in options:
        st.session_state[key] = options[0]
    value: str = (
        st.segmented_control(
            label,
            options,
            format_func=fmt,
            key=key,
            on_change=on_change,
            args=args,
            required=True,
            help=help_text,
        )
        or options[0]
    )
    urlstate.publish(key, value, options[0])
    return value


def set_values(fields: dict[str, Field], values: dict[str, Any]) -> None:
    """Put values into the widgets' session state, typed as each widget holds them."""
    for key, value in values.items():
        field = fields.get(key)
        if field is not None and field.kind in ("number", "slider") and value is not None:
            value = round(value) if field.integer else float(value)
        st.session_state[key] = value


def check_url(fields: Iterable[Field]) -> list[str]:
    """Check the URL values of some fields before their widgets run; returns the warnings.

    A bad value is removed from the address and from the snapshot Streamlit seeds widgets
    from on a first load; left there, Streamlit would show it clamped or rounded (150 % as
    100 %, 2.6 years as 2), not the value the warning says is used instead.
    """
    problems, bad = [], []
    for field in fields:
        raw = st.query_params.get(field.key)
        if raw is None:
            continue
        ok, allowed = field.check(raw)
        if not ok:
            problems.append(urlstate.bad_param_message(field.key, raw, allowed))
            bad.append(field.key)
            del st.query_params[field.key]
    if bad:
        _forget_initial(bad)
    return problems


def _forget_initial(keys: list[str]) -> None:
    # Streamlit 1.67 keeps the address a session was opened with in a private field; there is
    # no public way to withdraw a value from it. tests/app/test_scenario_page.py checks that a
    # bad value does not reach its widget, so an upgrade that renames this fails loudly.
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return
    with ctx.session_state.query_params() as qp:
        initial = getattr(qp, "_initial_query_params", None)
        if isinstance(initial, dict):
            for key in keys:
                initial.pop(key, None)
