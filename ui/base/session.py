"""The one owner of Streamlit's session state: every key the app keeps is a `Key`, declared as a
constant by the module that owns it, and registered here when that module is imported.

A key says who owns it and whether it survives a slide change (`survives_slide`): going to
another slide of a presentation opens the slide's link as a fresh view, so every choice of the
previous view goes, while the language, the presentation itself and the app's bookkeeping stay
(`reset_for_slide`). Widget keys are keys too (the widget's `key=` is `Key.name`); keys made per
item (a button per country, an editor per presentation) are a `family`, named by a prefix.

No other module reads or writes `st.session_state` (a structure test checks it), and no module
names another's key by its string: it imports the owner's constant. `registry()` lists every
key of the modules imported so far; a test fails if a page leaves a key in session state that
nothing declared.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

import streamlit as st

T = TypeVar("T")

_REGISTRY: dict[str, Key[Any]] = {}
_INTERNAL_PREFIX = "$$"  # Streamlit's own ids of widgets without a key
_MISSING = object()


@dataclass(frozen=True)
class Key(Generic[T]):
    """One entry of session state, owned by one module."""

    name: str
    owner: str
    """The module that declares it (`__name__`), the only one that may change it."""
    survives_slide: bool = False
    """Kept when a presentation goes to another slide (else reset, as in a new window)."""
    family: bool = False
    """`name` is a prefix: one key per item, `item(suffix)` (widget keys made in a loop)."""
    doc: str = ""
    relabelled: bool = False
    """The key of a select box, multiselect, radio or select slider whose options are shown
    in the user's language: `relabel()` sets its value again when the language changes."""

    def __post_init__(self) -> None:
        known = _REGISTRY.get(self.name)
        if known is not None and known.owner != self.owner:
            raise ValueError(f"session key {self.name!r} of {self.owner} is {known.owner}'s")
        _REGISTRY[self.name] = self

    def get(self, default: T | None = None) -> T | None:
        return cast("T | None", st.session_state.get(self.name, default))

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def setdefault(self, value: T) -> T:
        found = st.session_state.get(self.name, _MISSING)
        if found is _MISSING:
            st.session_state[self.name] = value
            return value
        return cast(T, found)

    def pop(self, default: T | None = None) -> T | None:
        return cast("T | None", st.session_state.pop(self.name, default))

    def exists(self) -> bool:
        return st.session_state.get(self.name, _MISSING) is not _MISSING

    def item(self, suffix: object) -> str:
        """The key of one item of a family (e.g. the button of one country)."""
        if not self.family:
            raise TypeError(f"{self.name!r} is not a family of keys")
        return f"{self.name}{suffix}"

    def get_item(self, suffix: object, default: T | None = None) -> T | None:
        """The value of one item of a family."""
        return cast("T | None", st.session_state.get(self.item(suffix), default))

    def set_item(self, suffix: object, value: T) -> None:
        """Set one item of a family (before its widget is drawn in the run)."""
        st.session_state[self.item(suffix)] = value


def registry() -> list[Key[Any]]:
    """Every key declared by the modules imported so far, by name."""
    return sorted(_REGISTRY.values(), key=lambda k: k.name)


def lookup(name: str) -> Key[Any] | None:
    """The declared key of a session-state entry: by its name, or the family it belongs to."""
    exact = _REGISTRY.get(name)
    if exact is not None:
        return exact
    families = [k for k in _REGISTRY.values() if k.family and name.startswith(k.name)]
    return max(families, key=lambda k: len(k.name)) if families else None


def present_keys() -> list[str]:
    """The names in this session's state (Streamlit's own widget ids left out)."""
    return [str(k) for k in st.session_state if not str(k).startswith(_INTERNAL_PREFIX)]


def undeclared() -> list[str]:
    """Names in this session's state that no module declared (tests: always empty)."""
    return [name for name in present_keys() if lookup(name) is None]


def relabel() -> None:
    """When the language has just changed, before any widget of the run: set every relabelled
    key's value again, so that its widget sends the browser the option's label in the new
    language. Streamlit 1.67 keeps the label the browser last showed and reads it back with
    the options of the run before, so after a second change of language (English, Russian,
    Romanian) a label of the first is no option at all: the choice was lost (a hidden tile of
    the board shown again, the lab's starting point back to its default) or read as a code
    (the top bar's country: an error on every page until a reload). The value read here is
    still right: the label is read with the options of the run that drew it."""
    for name in present_keys():
        key = lookup(name)
        if key is None or not key.relabelled:
            continue
        value = st.session_state[name]
        if value is not None:
            st.session_state[name] = list(value) if isinstance(value, list) else value


def reset_for_slide(link_values: Mapping[str, object], default_of: Callable[[str], Any]) -> None:
    """Forget the previous view, as a new window would (a callback, before any widget of the
    next run exists). Keys that survive a slide change stay. A key the slide's link sets
    (`link_values`) is removed, so the page takes it from the address; a key with a value
    when a link leaves it out (`default_of(name)`, not `NO_DEFAULT`) gets that value, so the
    browser's widget shows it too (a value merely removed on the server would stay on
    screen); every other key is removed."""
    for name in present_keys():
        key = lookup(name)
        if key is not None and key.survives_slide:
            continue
        default = default_of(name)
        if name in link_values or default is NO_DEFAULT:
            del st.session_state[name]
        else:
            st.session_state[name] = default


NO_DEFAULT = object()
"""`default_of` of a key that has no value when a link leaves it out."""
