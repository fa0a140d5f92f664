"""The saved presentations as the app sees them: where they are kept, the pages a slide may
show, their errors in words, and the address participants on the room's network open."""

from __future__ import annotations

import os

import streamlit as st
from streamlit import net_util

from ssw_core import paths
from ssw_core.deck import DeckError, DeckStore
from ui.base import link
from ui.base.i18n import t
from ui.base.markdown import md_escape
from ui.parts import shell

PUBLIC_URL_ENV = "SSW_PUBLIC_URL"
"""Set by scripts/room.py: the address participants open."""


def store() -> DeckStore:
    return DeckStore(paths.user_data_dir() / "presentations")


def page_names() -> tuple[str, ...]:
    """The pages a slide can show (not the Presentation page itself)."""
    return tuple(p.name for p in shell.PAGES if p.name != "present")


def error_text(exc: DeckError) -> str:
    """A DeckError in the current language, its values escaped (they may come from a file)."""
    values = {k: md_escape(v) for k, v in exc.values.items()}  # bounded in ssw_core.deck
    text = t(f"present.error.{exc.code}", **values)
    place = ", ".join(
        t(f"present.where.{kind}", value=md_escape(value)).strip() for kind, value in exc.where
    )
    return f"{place}: {text}" if place else text


def quote(value: str) -> str:
    """A name from a link or a file, cut short and escaped for Markdown."""
    return md_escape(value[: link.MAX_SHOWN])


def participant_address() -> str | None:
    """The address participants on the room's network open (None when the server listens on
    this computer only, or the computer is on no network). In a room of several processes
    (scripts/room.py) each process listens on loopback: the room tells them its address."""
    if public := os.environ.get(PUBLIC_URL_ENV):
        return public
    bound = str(st.get_option("server.address") or "")
    if bound in ("localhost", "::1") or bound.startswith("127."):
        return None
    host = bound if bound not in ("", "0.0.0.0", "::") else net_util.get_internal_ip()
    if not host or host.startswith("127."):
        return None
    return f"http://{host}:{st.get_option('server.port')}"


def participants_note() -> None:
    url = participant_address()
    if url is None:
        st.caption(t("present.participants_none"))
    else:
        st.caption(t("present.participants", url=url))
