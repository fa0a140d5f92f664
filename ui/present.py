"""Presentation mode: no chrome, large type, and next/previous through a saved presentation.

URL parameters (kept in step with the session like the other filters, see ui/urlstate.py):
- `present=1`: presentation mode on any page (sidebar, header and toolbar hidden);
- `deck=<name>&slide=<n>`: the saved presentation being shown and its slide.

Going to a slide opens its link as a fresh view: the page's own choices are forgotten first,
so a slide that leaves a parameter out shows that parameter's default, not whatever the
previous slide had. The room's language stays as it is.

Presentations are edited on the Presentation page (`pages/present.py`); every change is
saved at once (ssw_core.deck.DeckStore), so a reload or a closed laptop loses nothing.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from ssw_core import paths
from ssw_core.deck import Deck, DeckError, DeckStore, Slide, make_deck
from ui import shell, urlstate
from ui.i18n import t

PRESENT_KEY, DECK_KEY, SLIDE_KEY = "present", "deck", "slide"
_EDITING = "_deck_editing"  # name of the presentation the Presentation page edits
_PROBLEMS = "_deck_link_problems"  # warnings about a link, kept across the switch to a slide
# What survives going to a slide: the language, the presentation, and the app's own
# bookkeeping. Everything else (every choice of a page, and a page's private memory of
# them, e.g. which country the scenario last applied) goes, as in a new window.
_KEEP = {
    "lang", "selection", PRESENT_KEY, DECK_KEY, SLIDE_KEY,
    "_shell_ran", "_url_defaults", "_data_version", _EDITING, "_deck_editor_rev", _PROBLEMS,
}  # fmt: skip
_IGNORED_PARAMS = {"embed", "embed_options"}

# Static: hides Streamlit's chrome and enlarges the page. No data is ever put into it. The
# sidebar starts closed (set_page_config) but its small ">" stays, for the assumptions of the
# scenario when the room asks "what if".
_CSS = """
<style>
[data-testid="stToolbarActions"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
[data-testid="stMainMenu"], [data-testid="stAppDeployButton"], [data-testid="stSidebarNav"],
[data-testid="stElementToolbar"] {
  display: none !important; }
[data-testid="stHeader"] { background: transparent; height: 2.5rem; }
.stMainBlockContainer { max-width: none; padding: 0.5rem 2.5rem 5rem 2.5rem; zoom: 1.3; }
/* Charts size themselves to their box in screen pixels: undo the zoom for them (their text
   is enlarged in the chart itself, ui.components.PRESENT_FONTS), or they overflow. */
.stMainBlockContainer [data-testid="stVegaLiteChart"] { zoom: 0.7692; }
.st-key-deck_next_key, .st-key-deck_prev_key { display: none; }
.st-key-slide_controls {
  position: fixed; bottom: 0.75rem; right: 1.25rem; z-index: 999990; width: auto !important;
  background: rgba(255, 255, 255, 0.94); padding: 0.3rem 0.6rem; border-radius: 0.6rem;
  box-shadow: 0 1px 6px rgba(0, 0, 0, 0.25); }
</style>
"""


def store() -> DeckStore:
    return DeckStore(paths.user_data_dir() / "presentations")


def page_names() -> tuple[str, ...]:
    """The pages a slide can show (not the Presentation page itself)."""
    return tuple(p.name for p in shell.PAGES if p.name != "present")


def error_text(exc: DeckError) -> str:
    """A DeckError in the current language, its values escaped (they may come from a file)."""
    from ui.components import md_escape

    values = {k: md_escape(v) for k, v in exc.values.items()}  # bounded in ssw_core.deck
    text = t(f"present.error.{exc.code}", **values)
    place = ", ".join(
        t(f"present.where.{kind}", value=md_escape(value)).strip() for kind, value in exc.where
    )
    return f"{place}: {text}" if place else text


def presenting() -> bool:
    return st.session_state.get(PRESENT_KEY) == "1"


def adopt() -> list[str]:
    """Before anything is drawn: take present/deck/slide from the link. Returns warnings."""
    problems = []
    bad = urlstate.adopt(PRESENT_KEY, ("1", "0"), case="lower")
    if bad is not None:
        problems.append(urlstate.bad_param_message(PRESENT_KEY, bad, "1, 0"))
    deck_link = urlstate.is_new(DECK_KEY)
    # The saved names are listed only for a link that names one (not on every run).
    bad = urlstate.adopt(DECK_KEY, store().names() if deck_link else (), case="lower")
    if bad is not None:
        problems.append(t("present.unknown_deck", name=_quote(bad)))
    deck = showing()
    if deck is not None:
        bad = urlstate.adopt(SLIDE_KEY, [str(i) for i in range(1, len(deck.slides) + 1)])
        if bad is not None:
            problems.append(urlstate.bad_param_message(SLIDE_KEY, bad, f"1 - {len(deck.slides)}"))
        if deck_link and deck.slides:
            # A link to a presentation (opened, reloaded, shared): its slide as prepared,
            # whatever else the link says; `follow` goes there once the pages are declared.
            go_to(deck, slide_index(deck))
            st.session_state[_PROBLEMS] = problems  # reported on the slide's page
            return []
    return problems + st.session_state.pop(_PROBLEMS, [])


def _quote(value: str) -> str:
    from ui.components import md_escape

    return md_escape(value[: urlstate.MAX_SHOWN])


def showing() -> Deck | None:
    """The saved presentation named in the link, if any (None if it cannot be read)."""
    name = st.session_state.get(DECK_KEY) or ""
    if not name:
        return None
    try:
        return store().load(name, page_names())
    except DeckError:
        st.session_state[DECK_KEY] = ""
        return None


def slide_index(deck: Deck) -> int:
    raw = st.session_state.get(SLIDE_KEY) or "1"
    i = int(raw) - 1 if raw.isdigit() else 0
    return min(max(i, 0), max(len(deck.slides) - 1, 0))


def publish() -> None:
    urlstate.publish(PRESENT_KEY, "1" if presenting() else "0", "0")
    deck = showing()
    urlstate.publish(DECK_KEY, deck.slug if deck else "", "")
    # With a deck the slide is always written: a link with a deck and no slide starts it.
    urlstate.publish(SLIDE_KEY, str(slide_index(deck) + 1) if deck else "", "")


def participant_address() -> str | None:
    """The address participants on the room's network open (None when the server listens on
    this computer only, or the computer is on no network)."""
    from streamlit import net_util

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


def chrome() -> None:
    """In presentation mode: hide the chrome and enlarge everything (static CSS)."""
    if presenting():
        st.html(_CSS)


_GOTO = "_deck_goto"


def go_to(deck: Deck, index: int) -> None:
    """Callback (a button's on_click): open slide `index` (0-based) of `deck` as a fresh
    view, in presentation mode, on the next run (`follow`).

    Each choice of the previous view is reset: to the slide's value where its link has one
    (the page then adopts it from the address), else to its default. Assigned here, before
    any widget of the run exists, so that the browser's widgets show the new values too
    (a value merely deleted on the server would stay on screen)."""
    slide = deck.slides[index]
    defaults = urlstate.defaults()
    for key in list(st.session_state.keys()):
        key = str(key)
        if key in _KEEP or key.startswith("$$"):
            continue
        if key in slide.params or key not in defaults:
            del st.session_state[key]
        else:
            st.session_state[key] = defaults[key]
    # The slide's values count as a link's; the presentation's own three are this session's.
    urlstate.forget_written(**{PRESENT_KEY: "1", DECK_KEY: deck.slug, SLIDE_KEY: str(index + 1)})
    st.session_state[PRESENT_KEY] = "1"
    st.session_state[DECK_KEY] = deck.slug
    st.session_state[SLIDE_KEY] = str(index + 1)
    st.session_state[_GOTO] = (deck.slug, index)


def follow() -> None:
    """At the top of the run: go to the slide a button asked for (see `go_to`)."""
    target = st.session_state.pop(_GOTO, None)
    if target is None:
        return
    slug, index = target
    try:
        deck = store().load(slug, page_names())
        slide = deck.slides[index]
    except (DeckError, IndexError):
        return
    params = {**slide.params, PRESENT_KEY: "1", DECK_KEY: slug, SLIDE_KEY: str(index + 1)}
    lang = st.session_state.get("lang")
    if lang and lang != "en":
        params["lang"] = lang
    st.switch_page(shell.page_path(slide.page), query_params=params)


def slide_bar() -> None:
    """While presenting: the slide's message at the top; its place, previous and next (also
    Page Up / Page Down, as a presentation clicker sends, and the arrow keys) and exit."""
    if not presenting():
        return
    deck = showing()
    i = slide_index(deck) if deck is not None else 0
    if deck is not None and deck.slides:
        # The message across the top; the controls float in the bottom right corner.
        from ui.components import md_escape

        if deck.slides[i].message:
            st.markdown(f"### {md_escape(deck.slides[i].message)}")
        if i == 0 and (url := participant_address()):
            st.caption(t("present.participants", url=url))  # how to follow along
    with st.container(horizontal=True, vertical_alignment="center", key="slide_controls"):
        if deck is not None and deck.slides:
            step = {"on_click": go_to}
            last = i == len(deck.slides) - 1
            st.button(
                t("present.previous"), key="deck_prev", icon=":material/arrow_back:",
                disabled=i == 0, shortcut="PageUp", args=(deck, i - 1), **step,
            )  # fmt: skip
            st.markdown(t("present.position", n=i + 1, total=len(deck.slides)))
            st.button(
                t("present.next"), key="deck_next", icon=":material/arrow_forward:",
                disabled=last, shortcut="PageDown", type="primary", args=(deck, i + 1), **step,
            )  # fmt: skip
            # The arrow keys too, through hidden buttons (a button has one shortcut).
            st.button("←", key="deck_prev_key", shortcut="Left", disabled=i == 0,
                      args=(deck, i - 1), **step)  # fmt: skip
            st.button("→", key="deck_next_key", shortcut="Right", disabled=last,
                      args=(deck, i + 1), **step)  # fmt: skip
        st.button(t("present.exit"), key="deck_exit", icon=":material/close:", on_click=_exit)


def _exit() -> None:
    st.session_state[PRESENT_KEY] = "0"
    st.session_state[DECK_KEY] = ""
    st.session_state[SLIDE_KEY] = ""


# --- building a presentation ---------------------------------------------------------------


def _on_this_computer() -> bool:
    ip = st.context.ip_address
    return ip is None or ip in ("127.0.0.1", "::1") or ip.startswith("127.")


def editing() -> Deck | None:
    """The presentation being edited: the one chosen in this session; else, in a browser on
    the computer that serves the dashboard, the one changed last (a reload or a new tab goes
    on with it). A participant on the room's network starts a presentation of their own and
    so never adds to the facilitator's."""
    name = st.session_state.get(_EDITING) or (store().latest() if _on_this_computer() else None)
    if not name:
        return None
    try:
        return store().load(name, page_names())
    except DeckError:
        st.session_state.pop(_EDITING, None)
        return None


def edit(name: str | None) -> None:
    """Edit the saved presentation `name` from now on in this session."""
    if name:
        st.session_state[_EDITING] = name


def save(deck: Deck, *, replacing: Deck | None = None) -> Deck:
    """Save (checked) and make it the one edited; a new title moves the file."""
    deck = make_deck(deck.title, deck.slides, page_names())
    store().save(deck)
    if replacing is not None and replacing.slug != deck.slug:
        store().delete(replacing.slug)
    edit(deck.slug)
    return deck


def free_title(title: str) -> str:
    """`title`, or 'title (2)', 'title (3)'... if a saved presentation has that name."""
    names = set(store().names())
    candidate, n = title, 2
    while make_deck(candidate, (), page_names()).slug in names:
        candidate, n = f"{title} ({n})", n + 1
    return candidate


def current_view(page: str) -> Slide:
    """The view on screen as a slide: its page and the parameters in the address."""
    params = {
        k: v
        for k, v in st.query_params.to_dict().items()
        if k not in _IGNORED_PARAMS and k not in (PRESENT_KEY, DECK_KEY, SLIDE_KEY, "lang")
    }
    return Slide(page=page, params=params)


def add_view_button(page: str) -> None:
    """Sidebar: add the view on screen to the presentation being edited (a new one, named
    by today's date, if none is)."""
    if page == "present" or presenting():
        return
    with st.sidebar:
        clicked = st.button(
            t("present.add_view"), icon=":material/add_to_queue:", help=t("present.add_help"),
            key="deck_add_view", width="stretch",
        )  # fmt: skip
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
    st.toast(t("present.added", n=len(deck.slides), title=_quote(deck.title)),
             icon=":material/check:")  # fmt: skip
