"""Building a presentation from the pages: the one being edited, saving it (checked, the file
moved when the title changes), and the sidebar's "Add this view" that appends the view on screen
(its page and the parameters in its address)."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ssw_core.deck import Deck, DeckError, Slide, make_deck
from ui.base import link, session
from ui.base.i18n import LANG, t
from ui.parts.presenting import PRESENT, presenting
from ui.present.saved import error_text, page_names, quote, shelf
from ui.present.slides import DECK, SLIDE

EDITING = session.Key[str](
    "_deck_editing",
    __name__,
    survives_slide=True,
    doc="the presentation the Presentation page edits (and 'Add this view' adds to)",
)
_ADD = session.Key[bool]("deck_add_view", __name__, doc="the sidebar's 'Add this view' button")
_IGNORED_PARAMS = {"embed", "embed_options"}


def editing() -> Deck | None:
    """The presentation being edited: the one chosen in this session; else the one changed
    last on the user's shelf (an editor's reload or new tab goes on with the shared one; a
    participant's own live in their session)."""
    name = EDITING.get() or shelf().latest()
    if not name:
        return None
    try:
        return shelf().load(name, page_names())
    except DeckError:
        EDITING.pop()
        return None


def edit(name: str | None) -> None:
    """Edit the saved presentation `name` from now on in this session."""
    if name:
        EDITING.set(name)


def stop_editing() -> None:
    """Edit no presentation (the one edited was deleted)."""
    EDITING.pop()


def save(deck: Deck, *, replacing: Deck | None = None) -> Deck:
    """Save (checked) and make it the one edited; a new title moves the file."""
    deck = make_deck(deck.title, deck.slides, page_names())
    where = shelf()
    where.save(deck)
    if replacing is not None and replacing.slug != deck.slug and where.deletable(replacing.slug):
        where.delete(replacing.slug)
    edit(deck.slug)
    return deck


def free_title(title: str) -> str:
    """`title`, or 'title (2)', 'title (3)'... if a saved presentation has that name."""
    names = set(shelf().names())
    candidate, n = title, 2
    while make_deck(candidate, (), page_names()).slug in names:
        candidate, n = f"{title} ({n})", n + 1
    return candidate


def current_view(page: str) -> Slide:
    """The view on screen as a slide: its page and the parameters in the address."""
    params = {
        k: v
        for k, v in link.in_address().items()
        if k not in _IGNORED_PARAMS and k not in (PRESENT.name, DECK.name, SLIDE.name, LANG.name)
    }
    return Slide(page=page, params=params)


def add_view_button(page: str) -> None:
    """Sidebar: add the view on screen to the presentation being edited (a new one, named
    by today's date, if none is)."""
    if page == "present" or presenting():
        return
    with st.sidebar:
        clicked = st.button(
            t("present.add_view"),
            icon=":material/add_to_queue:",
            help=t("present.add_help"),
            key=_ADD.name,
            width="stretch",
        )
    if not clicked:
        return
    deck = editing()
    if deck is None:
        today = dt.date.today().isoformat()
        deck = Deck(title=free_title(t("present.default_title", date=today)))
    try:
        deck = save(Deck(deck.title, (*deck.slides, current_view(page))), replacing=deck)
    except DeckError as exc:
        st.sidebar.error(error_text(exc), icon=":material/error:")
        return
    st.toast(
        t("present.added", n=len(deck.slides), title=quote(deck.title)), icon=":material/check:"
    )
