"""Inputs bound to the link: one `Field` spec per input drives its widget, its parameter in the
address (`link.Param`), the check of that parameter and its value in the model; `choice` is a
pick among codes. Used by the scenario's assumptions, the WISN calculator and the map.

A bad value in the address is reported, removed, and replaced by the value the page would
have without it. Values the page sets itself (a country's data, a preset) go into session
state before the widgets run; the widget then shows them and `publish` writes them to the
address, so a link reproduces the view exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

from ui.base import link, session
from ui.base.i18n import fmt_num, t
from ui.parts.place import report

Kind = Literal["number", "slider", "toggle", "text"]
_PARAMS: dict[str, link.Param[Any]] = {}


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

    @property
    def param(self) -> link.Param[Any]:
        """The field's parameter in the address (see `declare`)."""
        return _PARAMS[self.key]

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

    def typed(self, value: Any) -> Any:
        """A value as the widget holds it (int for whole numbers, else float)."""
        if self.kind in ("number", "slider") and value is not None:
            return round(value) if self.integer else float(value)
        return value

    def parse(self, raw: str) -> Any:
        """The value a link's text means; ValueError if it is not allowed here."""
        if self.kind == "toggle":
            if raw.lower() not in ("true", "false"):
                raise ValueError(raw)
            return raw.lower() == "true"
        if self.kind == "text":
            if len(raw) > 12 or not raw.replace(" ", "").isalnum():
                raise ValueError(raw)
            return raw
        value = float(raw)  # ValueError if not a number
        if value != value:  # NaN
            raise ValueError(raw)
        if self.low is not None and self.high is not None and not self.low <= value <= self.high:
            raise ValueError(raw)
        if self.integer and not value.is_integer():
            raise ValueError(raw)
        return self.typed(value)

    def allowed(self) -> str:
        """The values a link may give, in words."""
        if self.kind == "toggle":
            return "true, false"
        if self.kind == "text":
            return t("scenario.currency_rule")
        digits = 2 if self.step and self.step < 1 else 0
        if self.integer and self.low is not None and self.low >= 1900 and (self.high or 0) <= 2100:
            allowed = f"{int(self.low)}-{int(self.high or 0)}"  # years: '2015-2035', not '2 015'
        else:
            allowed = f"{fmt_num(self.low, digits)} - {fmt_num(self.high, 0)}"
        return t("scenario.whole_numbers", range=allowed) if self.integer else allowed


def declare(owner: str, fields: tuple[Field, ...]) -> tuple[Field, ...]:
    """Declare a table of fields of module `owner`: each gets its parameter in the address
    (and so its key in session state). Returns the table."""
    for f in fields:
        _PARAMS[f.key] = link.Param(
            f.key,
            owner,
            f.typed(f.default),
            parse=f.parse,
            allowed=f.allowed,
            doc=f"input {f.target}",
        )
    return fields


def adopt(fields: Iterable[Field]) -> tuple[set[str], list[link.BadValue]]:
    """Before the widgets: the values a link gives these fields go into session state.
    Returns the keys that took a link's value in this run, and the bad values."""
    adopted, bad = set(), []
    by_name = {f.key: f for f in fields}
    for name, raw in link.new_in_address(by_name).items():  # usually none: a link's
        problem = by_name[name].param.adopt()
        if problem is not None:
            bad.append(problem)
        elif raw.strip():
            adopted.add(name)
    return adopted, bad


def set_values(fields: dict[str, Field], values: dict[str, Any]) -> None:
    """Put values into the widgets' session state, typed as each widget holds them."""
    for key, value in values.items():
        fields[key].param.key.set(fields[key].typed(value))


def values(fields: Iterable[Field]) -> dict[str, Any]:
    """The current values of some fields, by key."""
    return {f.key: f.param.value() for f in fields}


def widget(
    field: Field,
    *,
    help_text: str | None = None,
    disabled: bool = False,
    publish: bool = True,
    label: str | None = None,
    hide_label: bool = False,
    placeholder: str | None = None,
) -> Any:
    """The field's widget, its value written to the address (unless `publish` is False).
    `label` replaces the field's own; `hide_label` keeps it for screen readers only."""
    label = label or t(f"scenario.f.{field.key}")
    # Always the same default: a widget's identity includes its parameters. The value kept
    # across page switches, as the address kept it when Streamlit bound it.
    common: dict[str, Any] = {
        "key": field.key,
        "help": help_text,
        "disabled": disabled,
        "value": field.typed(field.default),
        "persist_state": "session",
        "label_visibility": "collapsed" if hide_label else "visible",
    }
    if field.kind == "toggle":
        value = st.toggle(label, **common)
    elif field.kind == "text":
        value = st.text_input(label, max_chars=12, **common)
    else:
        cast = int if field.integer else float
        low = None if field.low is None else cast(field.low)
        high = None if field.high is None else cast(field.high)
        step = None if field.step is None else cast(field.step)
        # A fraction only where the value has one ('8', not '8.00'; '8.5'): Streamlit draws a
        # slider's value with sprintf, whose decimal point no language setting changes, so a
        # Russian or Romanian page shows a point only where a decimal is really there.
        fmt = "%d" if field.integer else ("%g" if field.step and field.step < 1 else "%.0f")
        if field.kind == "slider":
            value = st.slider(
                label,
                min_value=low,
                max_value=high,
                step=step,
                format=fmt + ("%%" if field.percent else ""),
                **common,
            )
        else:
            value = st.number_input(
                label,
                min_value=low,
                max_value=high,
                step=step,
                format=fmt,
                placeholder=placeholder or t("scenario.empty"),
                **common,
            )
    if publish:
        field.param.publish(value)
    return value


_LEVER = session.Key[float](
    "lever_", __name__, family=True, doc="the slider beside a lever's exact entry"
)


def lever(
    field: Field,
    high: float,
    *,
    rest: float | None = None,
    help_text: str | None = None,
    disabled: bool = False,
    publish: bool = True,
    in_force: float | None = None,
) -> Any:
    """A number field as a slider with its exact entry beside it: the field's own number
    input holds the value (and writes it to the address); the slider, from `field.low` to
    `high`, follows it and sets it when moved. A value beyond `high` puts the slider at its
    end and stays exact in the box. `rest`: where the slider stands while the field is empty
    (e.g. today's figure). `in_force`: the value that applies instead of the field's (a
    disabled lever shows it, and its box says so). Returns the value."""
    cast = int if field.integer else float
    low = cast(field.low or 0)
    top = cast(max(high, low + (field.step or 1)))
    value = field.param.value()
    at = in_force if in_force is not None else rest if value is None else value
    _LEVER.set_item(field.key, cast(min(max(low if at is None else at, low), top)))
    label = t(f"scenario.f.{field.key}")
    shown = in_force if in_force is not None else rest
    slide, exact = st.columns([3, 2], vertical_alignment="bottom")
    slide.slider(
        label,
        min_value=low,
        max_value=top,
        step=cast(field.step or 1),
        key=_LEVER.item(field.key),
        on_change=_slid,
        args=(field,),
        help=help_text,
        disabled=disabled,
        format="%d" if field.integer else "%.0f",
    )
    with exact:
        return widget(
            field,
            disabled=disabled,
            publish=publish,
            label=t("scenario.exact", what=label),
            hide_label=True,
            placeholder="—" if shown is None else fmt_num(shown),
        )


def _slid(field: Field) -> None:
    """The slider moved: its value becomes the field's."""
    field.param.key.set(field.typed(_LEVER.get_item(field.key)))


def choice(
    param: link.Param[str],
    options: tuple[str, ...],
    label: str,
    fmt: Callable[[str], str],
    *,
    on_change: Callable[..., None] | None = None,
    args: tuple[Any, ...] = (),
    help_text: str | None = None,
    kind: Literal["segmented", "select"] = "segmented",
) -> str:
    """A pick among codes (`param.default` is the first option); the address holds the code,
    never the translated label. One option is always chosen."""
    if kind == "select" and not param.key.relabelled:  # segmented controls keep their labels
        raise TypeError(f"{param.name}: a select box of translated options must be relabelled")
    report(param.adopt(options))
    if param.key.get() not in options:
        param.key.set(options[0])
    value: str | None
    if kind == "select":
        value = st.selectbox(
            label,
            options,
            format_func=fmt,
            key=param.name,
            on_change=on_change,
            args=args,
            help=help_text,
        )
    else:
        value = st.segmented_control(
            label,
            options,
            format_func=fmt,
            key=param.name,
            on_change=on_change,
            args=args,
            required=True,
            help=help_text,
        )
    chosen = value or options[0]
    param.publish(chosen)
    return chosen
