"""The one owner of the address (`st.query_params`): every value a link can carry is a `Param`,
declared as a constant by the module that owns it, and kept in step with session state under
the same name (the key of the widget that shows it). This is the only way a value is bound to
the link; Streamlit's own `bind="query-params"` is not used (it writes a select widget's
translated label, not its code, and writes a value set through session state only from the
widget's second run).

Each run, a page calls, for each parameter it shows:

- `adopt()` before the widget: a value in the address that this session did not write itself
  is an explicit link (opened, pasted, followed, or the browser's back button) and wins if it
  is valid; an invalid one is removed from the address and returned as a `BadValue` for the
  page to report (it then shows the value it would have without it). An empty value is
  dropped silently. A value this session wrote is not read again: the session's state is
  the truth, so page navigation, which drops the address, loses nothing.
- `publish()` after the widget: the address shows the value, or leaves the parameter out when
  it is the default, so a link is as short as it can be and the address always describes the
  view on screen.

Values are written as a person would type them: codes, whole numbers without '.0', 'true'.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, TypeVar

import streamlit as st

from ui.base import session

T = TypeVar("T")

_PARAMS: dict[str, Param[Any]] = {}
_WRITTEN = session.Key[dict[str, str | None]](
    "_link_written",
    __name__,
    survives_slide=True,  # start_fresh() replaces it when a slide opens
    doc="each parameter's value as this session last wrote it to the address",
)
MAX_SHOWN = 40
"""Characters of a bad value quoted back to the user."""


@dataclass(frozen=True)
class BadValue:
    """A value in the address that the page cannot use (reported, then ignored)."""

    name: str
    raw: str
    allowed: str
    """The values that would have been accepted, in words."""

    @property
    def shown(self) -> str:
        """The raw value cut short for quoting (escape it before it reaches Markdown)."""
        return self.raw if len(self.raw) <= MAX_SHOWN else self.raw[:MAX_SHOWN] + "…"


def write_value(value: object) -> str:
    """A value as the address shows it: 'true', 12 (not 12.0), 0.25, a code as it is."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(frozen=True)
class Param(Generic[T]):
    """A value kept in step with the address (`?name=`) and with session state (`name`)."""

    name: str
    owner: str
    """The module that declares it (`__name__`)."""
    default: T
    """The value when the link leaves the parameter out (and so never written to it)."""
    parse: Callable[[str], T] | None = None
    """A raw value to the value it means, raising ValueError if it means nothing; None for a
    code, which is valid when it is one of the options given to `adopt`."""
    allowed: Callable[[], str] | None = None
    """The accepted values in words, for the report of a bad one (default: the options)."""
    write: Callable[[T], str] = write_value
    case: Literal["upper", "lower"] | None = None
    """Codes typed by hand are normalised to this case before they are checked."""
    survives_slide: bool = False
    doc: str = ""
    relabelled: bool = False
    """Its widget shows the options translated (`session.Key.relabelled`)."""
    key: session.Key[T] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        key = session.Key[T](
            self.name, self.owner, self.survives_slide, doc=self.doc, relabelled=self.relabelled
        )
        object.__setattr__(self, "key", key)
        _PARAMS[self.name] = self

    def value(self) -> T:
        """The value in session state, or the default."""
        return self.key.get(self.default)  # type: ignore[return-value]

    def adopt(self, options: Collection[str] | None = None) -> BadValue | None:
        """Before the widget: take a new value from the address into session state. Returns
        the bad value if the address held one (removed from the address)."""
        raw = st.query_params.get(self.name)
        written = _WRITTEN.setdefault({})
        if raw is not None and not raw.strip():
            del st.query_params[self.name]
            return None
        if raw is None or raw == written.get(self.name):
            return None
        text = raw.upper() if self.case == "upper" else raw.lower() if self.case else raw
        try:
            value = self._parse(text, options)
        except ValueError:
            del st.query_params[self.name]
            written[self.name] = None
            allowed = self.allowed() if self.allowed is not None else ", ".join(options or ())
            return BadValue(self.name, raw, allowed)
        self.key.set(value)
        written[self.name] = raw
        return None

    def _parse(self, text: str, options: Collection[str] | None) -> T:
        if self.parse is not None:
            return self.parse(text)
        if options is None:
            raise TypeError(f"{self.name}: a code parameter is adopted with its options")
        if text not in options:
            raise ValueError(text)
        return text  # type: ignore[return-value]

    def is_new(self) -> bool:
        """Whether the address holds a value of this parameter that this session did not
        write (a link), before `adopt` takes it."""
        raw = st.query_params.get(self.name)
        return bool(raw) and raw != _WRITTEN.setdefault({}).get(self.name)

    def publish(self, value: T | None = None) -> None:
        """After the widget: write `value` (default: the one in session state) to the
        address, or leave the parameter out when it is the default."""
        value = self.value() if value is None else value
        written = _WRITTEN.setdefault({})
        if value is None or value == self.default:
            self.withdraw()
            return
        text = self.write(value)
        if st.query_params.get(self.name) != text:
            st.query_params[self.name] = text
        written[self.name] = text

    def withdraw(self) -> None:
        """Leave the parameter out of the address (its widget is not shown, or at default)."""
        if self.name in st.query_params:
            del st.query_params[self.name]
        _WRITTEN.setdefault({})[self.name] = None


def query(**values: object) -> dict[str, str]:
    """The parameters of a link to another page, from declared parameters only (a name that
    no module declared is a KeyError: the page at the other end would report it as unknown),
    each written as the address writes it and left out when None or its default."""
    out = {}
    for name, value in values.items():
        param = _PARAMS[name]
        if value is not None and value != param.default:
            out[name] = param.write(value)
    return out


def new_in_address(names: Collection[str]) -> dict[str, str]:
    """The parameters among `names` whose value in the address this session did not write
    (a link's, maybe empty), in one look at the address and the session (`Param.is_new` is
    one look each)."""
    written = _WRITTEN.setdefault({})
    return {
        name: raw
        for name, raw in st.query_params.to_dict().items()
        if name in names and raw != written.get(name)
    }


def default_of(name: str) -> Any:
    """The value of a parameter when a link leaves it out; `session.NO_DEFAULT` for a name
    that is no parameter (see session.reset_for_slide)."""
    param = _PARAMS.get(name)
    return session.NO_DEFAULT if param is None else param.default


def start_fresh(keep: Mapping[str, str]) -> None:
    """Make every value in the address count as a link's on the next run (a slide opens as a
    new window would), except `keep`: name=value pairs this session is writing itself."""
    _WRITTEN.set(dict(keep))


def in_address() -> dict[str, str]:
    """The parameters of the address now (the view on screen, as a link would open it)."""
    return st.query_params.to_dict()


def reset_for_slide(link_values: Mapping[str, object], keep: Mapping[str, str]) -> None:
    """Open a slide's link as a fresh view (a callback, before the widgets of the next run):
    every choice of the previous view reset (`session.reset_for_slide`), and the slide's
    values counted as a link's except `keep`."""
    session.reset_for_slide(link_values, default_of)
    start_fresh(keep)
