"""Presentation mode: no chrome, large type, and next/previous through a saved presentation.

Link parameters (`link.Param`, like every other):
- `present=1`: presentation mode on any page (sidebar, header and toolbar hidden; the flag is
  `ui.parts.presenting`'s, because placing charts and tables depends on it);
- `deck=<name>&slide=<n>`: the saved presentation being shown and its slide.

Going to a slide opens its link as a fresh view: the page's own choices are forgotten first,
so a slide that leaves a parameter out shows that parameter's default, not whatever the
previous slide had (`link.reset_for_slide`; each session key says whether it survives). The
room's language stays as it is.

Presentations are edited on the Presentation page (`ui.present.editor`); every change is
saved at once (ssw_core.deck.DeckStore), so a reload or a closed laptop loses nothing.

The room follows (issue 24): while someone who may choose the slide the room follows (an
editor: ssw_core.live decides) presents a shared presentation, each slide shown is published
(`ssw_core.live.LiveStore.publish`, which writes only a slide that is not live already), and
Exit stops it. Its first slide shows the link participants join by, with its QR code; the
participants' side is `ui.present.follow`.
"""

from __future__ import annotations

import streamlit as st

from ssw_core import serving
from ssw_core.access import AccessDenied
from ssw_core.deck import Deck, DeckError, Slide
from ssw_core.storage import NotSaved
from ui.base import link, session
from ui.base.i18n import LANG, current_lang, t
from ui.base.link import BadValue
from ui.base.markdown import md_escape
from ui.parts import access, share, shell
from ui.parts import presenting as presenting_mode
from ui.parts.presenting import PRESENT, presenting
from ui.present.saved import join_address, live, page_names, participant_address, shelf

DECK = link.Param[str](
    "deck", __name__, "", case="lower", survives_slide=True, doc="the presentation shown"
)
SLIDE = link.Param[str]("slide", __name__, "", survives_slide=True, doc="its slide, from 1")
_PROBLEMS = session.Key[list[BadValue | str]](
    "_deck_link_problems",
    __name__,
    survives_slide=True,
    doc="warnings about a link to a slide, reported on the slide's page",
)
_GOTO = session.Key[tuple[str, int, bool, Slide]](
    "_deck_goto", __name__, survives_slide=True, doc="the slide to open on the next run"
)
_LIVE_PROBLEM = session.Key[str](
    "_live_problem",
    __name__,
    survives_slide=True,
    doc="why the room could not be told of the slide shown (or of the end), shown once",
)
_BUTTON = {
    name: session.Key[bool](f"deck_{name}", __name__, doc="a slide control")
    for name in ("prev", "next", "prev_key", "next_key", "qr", "exit")
}

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
/* the header lies over the slide's controls: only its own buttons (the sidebar's) take clicks */
[data-testid="stHeader"], [data-testid="stHeader"] * { pointer-events: none !important; }
[data-testid="stHeader"] button { pointer-events: auto !important; }
/* A slide fits the screen and reads from the back of the room: 1280 x 720 at zoom 1.15,
   1920 x 1080 and up at 1.75 (running text 16 px x 1.75 = 28 px; a chart's text is sized in
   the chart: 24 px there, ui.parts.place.PRESENT_FONTS). */
.stMainBlockContainer { max-width: none; padding: 0.4rem 2.5rem 2rem 2.5rem; zoom: 1.15; }
@media (min-height: 1000px) and (min-width: 1700px) { .stMainBlockContainer { zoom: 1.75; } }
/* Charts size themselves to their box in screen pixels: undo the zoom for them (their text is
   sized in the chart, ui.parts.place.PRESENT_FONTS), and give them a share of the screen. */
.stMainBlockContainer [data-testid="stVegaLiteChart"] { zoom: 0.8696; }
@media (min-height: 1000px) and (min-width: 1700px) {
  .stMainBlockContainer [data-testid="stVegaLiteChart"] { zoom: 0.5714; } }
[class*="st-key-slide_chart_"] { height: calc(45vh / 1.15); }
@media (min-height: 1000px) and (min-width: 1700px) {
  [class*="st-key-slide_chart_"] { height: calc(45vh / 1.75); } }
/* Running text as large as the body (28 px at 1080): captions and figure labels too. */
.stMainBlockContainer [data-testid="stCaptionContainer"],
.stMainBlockContainer [data-testid="stMetricLabel"] p,
.stMainBlockContainer [data-testid="stTable"] th { font-size: 1rem; }
.st-key-deck_next_key, .st-key-deck_prev_key { display: none; }
/* The controls are a row of their own above the message: they never cover the slide. */
.st-key-slide_controls { margin-left: auto; width: auto !important; }
.st-key-slide_controls button { min-height: 2rem; padding: 0.1rem 0.7rem; }
.st-key-slide_message h3 { padding-top: 0; }
</style>
"""


def adopt() -> list[BadValue | str]:
    """Before anything is drawn: take present/deck/slide from the link. Returns warnings."""
    problems: list[BadValue | str] = []
    present_link = PRESENT.is_new()  # a link asks for presentation mode (not a button)
    bad = presenting_mode.adopt()
    if bad is not None:
        problems.append(bad)
    phone = serving.phone_browser(st.context.headers.get("User-Agent"))
    if phone and presenting() and present_link:  # on a phone: the page it shows, to explore
        presenting_mode.turn(False)
    deck_link = DECK.is_new()
    # The saved names are listed only for a link that names one (not on every run).
    bad = DECK.adopt(shelf().names() if deck_link else ())
    if bad is not None:
        problems.append(t("present.unknown_deck", name=md_escape(bad.raw[: link.MAX_SHOWN])))
    deck = showing()
    if deck is not None:
        n = len(deck.slides)
        bad = SLIDE.adopt([str(i) for i in range(1, n + 1)])
        if bad is not None:
            problems.append(BadValue(bad.name, bad.raw, f"1 - {n}"))
        if deck_link and deck.slides:
            # A link to a presentation (opened, reloaded, shared): its slide as prepared,
            # whatever else the link says; `follow` goes there once the pages are declared.
            go_to(deck, slide_index(deck), present=not phone)
            _PROBLEMS.set(problems)  # reported on the slide's page
            return []
    return problems + (_PROBLEMS.pop() or [])


def showing() -> Deck | None:
    """The saved presentation named in the link, if any (None if it cannot be read)."""
    name = DECK.value()
    if not name:
        return None
    try:
        return shelf().load(name, page_names())
    except DeckError:
        DECK.key.set("")
        return None


def slide_index(deck: Deck) -> int:
    raw = SLIDE.value() or "1"
    i = int(raw) - 1 if raw.isdigit() else 0
    return min(max(i, 0), max(len(deck.slides) - 1, 0))


def publish() -> None:
    presenting_mode.publish(presenting())
    deck = showing()
    DECK.publish(deck.slug if deck else "")
    # With a deck the slide is always written: a link with a deck and no slide starts it.
    SLIDE.publish(str(slide_index(deck) + 1) if deck else "")


def chrome() -> None:
    """In presentation mode: hide the chrome and enlarge everything (static CSS)."""
    if presenting():
        st.html(_CSS)


def go_to(deck: Deck, index: int, *, present: bool = True) -> None:
    """Callback (a button's on_click): open slide `index` (0-based) of `deck` as a fresh
    view, in presentation mode, on the next run (`follow`). Every choice of the previous
    view is reset before any widget of the run exists (`link.reset_for_slide`). Not
    `present`: the slide's view as a normal page (a slide's link opened on a phone)."""
    slide = deck.slides[index]
    own = {PRESENT.name: "1", DECK.name: deck.slug, SLIDE.name: str(index + 1)}
    # The slide's values count as a link's; the presentation's own three are this session's.
    link.reset_for_slide(slide.params, keep=own if present else {})
    presenting_mode.turn(present)
    DECK.key.set(deck.slug if present else "")
    SLIDE.key.set(str(index + 1) if present else "")
    _GOTO.set((deck.slug, index, present, slide))


def pending() -> bool:
    """Whether a slide is to be opened at the top of this run (`go_to` was called)."""
    return _GOTO.exists()


def follow() -> None:
    """At the top of the run: go to the slide a button asked for (see `go_to`)."""
    target = _GOTO.pop()
    if target is None:
        return
    slug, index, present, slide = target
    own = {PRESENT.name: "1", DECK.name: slug, SLIDE.name: str(index + 1)} if present else {}
    params = {**slide.params, **own}
    lang = LANG.value()
    if lang and lang != LANG.default:
        params[LANG.name] = lang
    st.switch_page(shell.page_path(slide.page), query_params=params)


def _publishes() -> bool:
    """Whether the slides this session presents are the ones the room follows: someone who
    may choose it (ssw_core.live refuses anyone else) showing a shared presentation (an
    editor's shelf holds the shared ones; a participant's own are theirs alone)."""
    return access.may("live.publish") and shelf().shared


def _publish_live(deck: Deck, index: int) -> bool:
    """The slide shown is the one the room follows (written only when it changed). False:
    it could not be written (said once, in a toast: the slide itself goes on)."""
    try:
        live().publish(deck.slug, index, actor=access.actor())
    except AccessDenied as exc:
        _LIVE_PROBLEM.set(access.denied_text(exc))
        return False
    except NotSaved as exc:
        _LIVE_PROBLEM.set(t("present.live_not_saved", reason=access.not_saved_text(exc)))
        return False
    return True


def stop_live(deck_slug: str | None = None) -> None:
    """Callback: nothing is live any more (the participants stay where they are); with
    `deck_slug`, only if that presentation is the one live (another tab may have taken over)."""
    store = live()
    if deck_slug is not None and getattr(store.current(), "deck", None) != deck_slug:
        return
    try:
        store.stop(actor=access.actor())
    except AccessDenied as exc:
        _LIVE_PROBLEM.set(access.denied_text(exc))
    except NotSaved as exc:
        _LIVE_PROBLEM.set(t("present.live_not_stopped", reason=access.not_saved_text(exc)))


def slide_bar() -> None:
    """While presenting: the slide's message at the top; its place, previous and next (also
    Page Up / Page Down, as a presentation clicker sends, and the arrow keys) and exit. A
    shared presentation shown by someone who may: each slide is the one the room follows."""
    if problem := _LIVE_PROBLEM.pop():
        st.toast(problem, icon=":material/warning:")
    if not presenting():
        return
    deck = showing()
    i = slide_index(deck) if deck is not None else 0
    published = deck is not None and bool(deck.slides) and _publishes()
    if published and deck is not None:
        published = _publish_live(deck, i)
    # The controls in a row at the top right, then the message: nothing covers the slide.
    controls = st.container(
        horizontal=True, vertical_alignment="center", key="slide_controls", gap="small"
    )
    message = deck.slides[i].message_in(current_lang()) if deck is not None and deck.slides else ""
    presenting_mode.head(bool(message))
    if deck is not None and deck.slides:
        if i == 0 and published and (join := join_address(participant_address())):
            _message_and_join(message, join)  # how to follow along: a link and its QR code
        else:
            with st.container(key="slide_message"):
                if message:
                    st.markdown(f"### {md_escape(message)}")
                if i == 0 and (url := participant_address().url):
                    st.caption(t("present.follow", url=url))  # to open it on a phone
    with controls:
        if deck is not None and deck.slides:
            last = i == len(deck.slides) - 1
            st.button(
                t("present.previous"),
                key=_BUTTON["prev"].name,
                icon=":material/arrow_back:",
                disabled=i == 0,
                shortcut="PageUp",
                args=(deck, i - 1),
                on_click=go_to,
            )
            st.markdown(t("present.position", n=i + 1, total=len(deck.slides)))
            st.button(
                t("present.next"),
                key=_BUTTON["next"].name,
                icon=":material/arrow_forward:",
                disabled=last,
                shortcut="PageDown",
                type="primary",
                args=(deck, i + 1),
                on_click=go_to,
            )
            # The arrow keys too, through hidden buttons (a button has one shortcut).
            st.button(
                "←",
                key=_BUTTON["prev_key"].name,
                shortcut="Left",
                disabled=i == 0,
                args=(deck, i - 1),
                on_click=go_to,
            )
            st.button(
                "→",
                key=_BUTTON["next_key"].name,
                shortcut="Right",
                disabled=last,
                args=(deck, i + 1),
                on_click=go_to,
            )
            if st.button(
                t("present.qr"),
                key=_BUTTON["qr"].name,
                icon=":material/qr_code:",
                help=t("present.qr_help"),
            ):
                show_qr(deck.slides[i].page)
        st.button(
            t("present.exit"), key=_BUTTON["exit"].name, icon=":material/close:", on_click=_exit
        )


# Static: the first slide's QR code to join, a quarter of the screen's height (at 1080 px, 260
# px: a phone's camera takes it from a few rows away), beside the message. No data in it.
_JOIN_CSS = """
<style>
.st-key-slide_join img { height: calc(24vh / 1.15) !important; width: auto !important;
  image-rendering: pixelated; }
@media (min-height: 1000px) and (min-width: 1700px) {
  .st-key-slide_join img { height: calc(24vh / 1.75) !important; } }
.st-key-slide_join [data-testid="stImage"], .st-key-slide_join [data-testid="stImageContainer"] {
  width: auto !important; }
.st-key-slide_message_text { flex: 1 1 0; min-width: 0; }
</style>
"""


def _message_and_join(message: str, join: str) -> None:
    """The first slide's message, and beside it how participants follow: the link to join
    and its QR code (ssw_core.live.join_link)."""
    st.html(_JOIN_CSS)
    with st.container(key="slide_message", horizontal=True, vertical_alignment="center"):
        with st.container(key="slide_message_text"):
            if message:
                st.markdown(f"### {md_escape(message)}")
            st.markdown(t("present.join", url=join))
        with st.container(key="slide_join", width="content"):
            share.code(join, share.POPOVER_WIDTH, alt=t("present.join_qr_alt"))


# Static: the QR code as tall as most of the screen, whatever its width. No data in it.
_QR_CSS = """
<style>
.st-key-slide_qr [data-testid="stImage"], .st-key-slide_qr [data-testid="stImageContainer"] {
  width: auto !important; max-width: 100%; margin: 0 auto; }
.st-key-slide_qr img { height: 60vh !important; width: auto !important; max-width: 100%;
  image-rendering: pixelated; }
.st-key-slide_qr h2 { text-align: center; overflow-wrap: anywhere; }
</style>
"""


def show_qr(page: str) -> None:
    """A dialog with a large QR code of the slide's view as a normal page (without the
    presentation's parameters: ssw_core.share), and its link in large type under it, for the
    room to scan."""
    shared = share.view_link(page, participant_address())

    def body() -> None:
        st.html(_QR_CSS)
        with st.container(key="slide_qr", horizontal_alignment="center"):
            share.code(shared.link, share.BIG)
            st.markdown(f"## {md_escape(shared.link)}")
            if shared.local_only is not None:
                st.caption(t(shared.local_only))

    st.dialog(t("present.qr_title"), width="large")(body)()


def _exit() -> None:
    if _publishes():
        stop_live(DECK.value())
    presenting_mode.turn(False)
    DECK.key.set("")
    SLIDE.key.set("")
