"""Following the facilitator (issue 24): a participant who joins (the link and QR code on the
first slide, `?follow=1`) sees the slide the facilitator shows, as a normal page on their
phone and in their own language, with the slide's message in a slim bar at the top. "Explore
on my own" stops following; while a presentation is live, "Follow the facilitator" in the top
bar brings them to the current slide and follows again. Nothing of this shows while nothing
is live, nor to a session that presents.

How a page learns that the slide changed, cheaply (150 phones follow a room): nothing runs
in a phone while the slide stays. A following page's watcher, a keyed fragment that draws
nothing, tells `ui.base.push` which version of the live document (ssw_core.live) it acted on;
when the facilitator moves, the server reruns that fragment in each following browser, and it
reruns the app, which opens the new slide before anything is drawn (`adopt`: slides.go_to, the
slide's view as a normal page, in the session's language). A session that does not follow
is pushed too: its "Follow the facilitator" is a fragment of its own, which appears when a
presentation starts, says where the facilitator is and goes when it ends, without a run of
the page. A timer in each phone (every second while following, every 10 s otherwise) cost
the room ~0.75 cores for 150 followers while nothing changed, and a follower reached the next
slide a tick late at best; timers and pushes in one session also raced (a pushed run's
messages can be dropped when the browser's own request starts a new script runner at its
end). bench/follow.py measures a room of followers.

Following is in the address (`?follow=1`, kept while following): a phone whose connection
was lost (a locked screen) comes back following, at the current slide.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from ssw_core.deck import DeckError, Slide
from ssw_core.live import JOIN_PARAM, Live
from ui.base import link, push, session
from ui.base.i18n import current_lang, t
from ui.base.link import BadValue
from ui.base.markdown import md_escape
from ui.parts import access
from ui.parts.presenting import presenting
from ui.present import slides
from ui.present.saved import live, page_names, store

FOLLOW = link.Param[str](
    JOIN_PARAM,
    __name__,
    "0",
    case="lower",
    survives_slide=True,
    doc="this browser follows the facilitator's slides: '1' yes, '0' no",
)
OPTIONS = ("1", "0")
LIVE_TOPIC = "live"
"""What the follow watchers watch (ui.base.push): the live document's version."""
_IDLE_VIEW = "follow_idle"
_FOLLOW_VIEW = "follow_watch"


@dataclass(frozen=True)
class Followed:
    """The live slide this session opened last: the presentation's name, the slide's index
    and the presentation's length, and the slide (None: it could not be read)."""

    deck: str
    index: int
    total: int
    slide: Slide | None

    def shows(self, now: Live) -> bool:
        return (self.deck, self.index) == (now.deck, now.slide)


_FOLLOWED = session.Key[Followed](
    "_follow_slide", __name__, survives_slide=True, doc="the live slide this session opened last"
)
_SEEN = session.Key[int](
    "_follow_seen",
    __name__,
    survives_slide=True,
    doc="the version of the live document this session last acted on (its watcher compares)",
)
_JOIN = session.Key[bool]("follow_join", __name__, doc="the top bar's 'Follow the facilitator'")
_EXPLORE = session.Key[bool]("follow_explore", __name__, doc="the bar's 'Explore on my own'")

# Static: the following bar, slim and set apart from the page. No data is ever put into it.
_CSS = """
<style>
.st-key-follow_bar { background: #eef3f8; border-left: 0.3rem solid #1f4e79;
  border-radius: 0.4rem; padding: 0.5rem 0.8rem !important; flex-wrap: wrap; row-gap: 0.4rem; }
.st-key-follow_text { flex: 1 1 auto; width: auto !important; min-width: min(16rem, 100%);
  gap: 0.1rem; }
.st-key-follow_text [data-testid="stMarkdownContainer"] p { font-size: 1.15rem; font-weight: 650; }
.st-key-follow_bar button { min-height: 2rem; padding: 0.1rem 0.6rem; }
</style>
"""


def following() -> bool:
    return FOLLOW.value() == "1"


def adopt() -> BadValue | None:
    """Before anything is drawn (after slides.adopt): take `?follow=` from the link and, while
    following, open the live slide if it is not the one this session opened last. A link to
    a slide (slides.adopt) goes first. Returns a bad value to report."""
    bad = FOLLOW.adopt(OPTIONS)
    if not presenting():
        _catch_up()
    return bad


def _catch_up() -> None:
    """Note the live document's version and, while following, open the live slide if it is
    not the one this session opened last (and no link to a slide is being opened)."""
    version, now = live().read()
    _SEEN.set(version)
    if not following() or now is None or slides.pending():
        return
    followed = _FOLLOWED.get()
    if followed is None or not followed.shows(now):
        _open(now)


def _open(now: Live) -> None:
    """Open the live slide's view as a normal page on the next run (slides.go_to); a
    presentation that cannot be read (deleted meanwhile) is nothing to follow."""
    try:
        deck = store().load(now.deck, page_names())  # the shared one, never a copy of one's own
        slide = deck.slides[now.slide]
    except (DeckError, IndexError):
        _FOLLOWED.set(Followed(now.deck, now.slide, 0, None))
        return
    slides.go_to(deck, now.slide, present=False)
    _FOLLOWED.set(Followed(now.deck, now.slide, len(deck.slides), slide))


def publish() -> None:
    """Write whether this browser follows to the link (left out when it does not)."""
    FOLLOW.publish()


def bar() -> None:
    """While following a live slide: a slim bar at the top with the slide's place and its
    message in this session's language, and "Explore on my own"."""
    if presenting() or not following():
        return
    _, now = live().read()
    followed = _FOLLOWED.get()
    if now is None or followed is None or followed.slide is None or not followed.shows(now):
        return
    st.html(_CSS)
    # the place and the message, and beside them (under them on a phone) Explore
    with st.container(key="follow_bar", horizontal=True, vertical_alignment="center"):
        with st.container(key="follow_text"):
            st.caption(t("follow.following", n=followed.index + 1, total=followed.total))
            if message := followed.slide.message_in(current_lang()):
                st.markdown(md_escape(message))
        st.button(
            t("follow.explore"),
            key=_EXPLORE.name,
            icon=":material/explore:",
            help=t("follow.explore_help"),
            on_click=_explore,
        )


def join_button() -> None:
    """In the top bar, while a presentation is live and this browser does not follow it: one
    tap to the current slide, following again, and where the facilitator is now. It is the
    idle watcher itself (a fragment the server reruns when the live document changes), so it
    comes and goes with the presentation without running the page again. Not for whoever may
    choose the slide (the facilitator runs it; the Presentation page says what is live); the
    join link works for anyone."""
    if presenting() or following() or access.may("live.publish"):
        return
    _watch_idle()


@st.fragment(key=_IDLE_VIEW)
def _watch_idle() -> None:
    if following():  # "Follow the facilitator" was pressed: the app opens the live slide
        st.rerun(scope="app")
    version, now = live().read()
    _watch_live(version)
    if now is None:
        return
    st.button(
        t("follow.join", n=now.slide + 1),  # where the facilitator is now
        key=_JOIN.name,
        icon=":material/cast:",
        type="primary",
        help=t("follow.join_help"),
        on_click=_join,
    )


def _watch_live(version: int) -> None:
    """The running fragment shows the live document at `version`: the server reruns it in
    this browser when the document changes (ui.base.push; `version()` is a `stat`, no Streamlit)."""
    push.watch(LIVE_TOPIC, version, live().version)


def _join() -> None:
    FOLLOW.key.set("1")
    _FOLLOWED.pop()  # the next run opens the current slide (adopt)


def _explore() -> None:
    FOLLOW.key.set("0")


def watch() -> None:
    """At the end of the run, while following (not presenting): the watcher of the live
    document, in the sidebar (it draws nothing)."""
    if presenting() or not following():
        return
    with st.sidebar:
        _watch_following()


@st.fragment(key=_FOLLOW_VIEW)
def _watch_following() -> None:
    """Pushed when the live document changes: nothing more while it is the one this session
    last acted on. Changed: a new slide opens from here (its page runs next, as a link would
    open it); a start or an end runs the app again (the bar comes or goes)."""
    version = live().version()
    if version == _SEEN.get():
        _watch_live(version)
        return
    _catch_up()
    if slides.pending():
        slides.follow()  # st.switch_page: the slide's page is the next run
    st.rerun(scope="app")
