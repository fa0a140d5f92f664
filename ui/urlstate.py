"""Keep a choice widget and its URL parameter in step, with stable codes in the URL.

Streamlit's `bind="query-params"` writes a select widget's *displayed label* to the URL;
ours are translated, so a link made in Romanian would not open in English. Here the URL
holds the option's code (`?region=eca&country=MDA`) instead:

- a URL value that differs from the last one this session wrote is an explicit link (opened,
  pasted or followed) and wins, if valid; an invalid one is reported and ignored;
- a missing value (page navigation drops query parameters) keeps the session's choice, which
  is then written back, so the URL always describes the current view;
- the default is left out of the URL.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

_WRITTEN = "_url_written"
_DEFAULTS = "_url_defaults"  # key -> the value a view has when its link leaves the key out


MAX_SHOWN = 40  # characters of a bad value quoted back to the user


def bad_param_message(name: str, value: str, allowed: str) -> str:
    """'The link asked for name=value …': the value is cut short and escaped, so a crafted
    link can put neither formatting, links nor images into the page."""
    from ui.components import md_escape
    from ui.i18n import t

    shown = value if len(value) <= MAX_SHOWN else value[:MAX_SHOWN] + "…"
    return t("errors.bad_param", name=md_escape(name), value=md_escape(shown), allowed=allowed)


def adopt(key: str, options: Sequence[str], *, case: str | None = None) -> str | None:
    """Copy a new, valid URL value of `key` into session state. Returns the raw invalid
    value if the URL held one (the caller reports it), else None. An empty value is
    dropped silently; `case` ('upper' or 'lower') normalises codes typed by hand."""
    written: dict[str, str | None] = st.session_state.setdefault(_WRITTEN, {})
    raw = st.query_params.get(key)
    if raw is not None and not raw.strip():
        del st.query_params[key]
        return None
    if raw is None or raw == written.get(key):
        return None
    value = raw.upper() if case == "upper" else raw.lower() if case == "lower" else raw
    if value in options:
        st.session_state[key] = value
        written[key] = raw
        return None
    del st.query_params[key]
    written[key] = None
    return raw


def remember_default(key: str, default: object) -> None:
    """Note the value `key` has when a link leaves it out (used to open a link as a fresh
    view in the same session: ui/present.py)."""
    st.session_state.setdefault(_DEFAULTS, {})[key] = default


def defaults() -> dict[str, object]:
    return dict(st.session_state.get(_DEFAULTS, {}))


def is_new(key: str) -> bool:
    """Whether the URL holds a value of `key` that this session did not write (a link)."""
    raw = st.query_params.get(key)
    return bool(raw) and raw != st.session_state.get(_WRITTEN, {}).get(key)


def forget_written(**keep: str) -> None:
    """Make the next URL values count as explicit link values (see `adopt`), except those of
    `keep` (key=value pairs this session is about to write itself)."""
    st.session_state[_WRITTEN] = dict(keep)


def publish(key: str, value: str, default: str) -> None:
    """Write the widget's current value to the URL (or remove it when it is the default)."""
    remember_default(key, default)
    written: dict[str, str | None] = st.session_state.setdefault(_WRITTEN, {})
    if value == default:
        if key in st.query_params:
            del st.query_params[key]
        written[key] = None
    else:
        if st.query_params.get(key) != value:
            st.query_params[key] = value
        written[key] = value
