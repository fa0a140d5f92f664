"""Live views pushed from the server: a browser that shows shared state (the board of plans) is
redrawn when that state changes, without asking for it.

Why not a timer in each browser (`st.fragment(run_every=...)`)? A tick is a websocket round
trip and a script run, ~7 ms of the server's CPU however little it draws; 116 phones ticking
every 2 s cost the room's two cores 0.4 while nothing changed, and a change still waited up to
a whole tick to show (bench/board.py measured p95 3.9 s from a send to the board at N=150).

Here each process of the room keeps one thread that looks every `POLL` seconds at what each
watched topic shows now (a `stat` of the shared file: every process sees every change) and,
for every browser of the process that drew an older state, asks Streamlit for a run of that
browser's keyed fragment alone, as its own `st.rerun(scope="fragment")` would. Nothing runs
while nothing changes; a change reaches a browser within `POLL` seconds plus its redraw.

A view calls `watch(topic, drawn, now)` at the end of its fragment's run: "this browser
shows `topic` at `drawn`; `now()` says what it is".
A browser that left (its session ended, or its page no longer has the fragment) is forgotten
at its next push; one still behind `RETRY` seconds after a push is pushed again (a run that
started just before the change drew the old state).

Streamlit 1.67 has no public way to start a run from the server, so `_request` starts one as
`AppSession.request_rerun` does (`RerunData`, `_create_scriptrunner`), on the server's event
loop and only for a session with no run going (see `_request`). tests/app/
test_push.py checks that those names are there; tests/room/test_room_board.py that a browser
which never asks gets the new tile.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSessionState
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.runtime.scriptrunner_utils.script_run_context import (
    ThreadState,
    get_script_run_ctx,
)

POLL = 0.125
"""[s] How often a process looks at what its watched topics show now (a `stat` each)."""
RETRY = 5.0
"""[s] A browser whose pushed run has not reported back this long after is pushed again (a run
that began just before the change drew the old state; a run lost with its connection)."""
SLOT = 1.0
"""[s] A pushed run that has not reported back this long after its push no longer holds its
process's turn (a run that raised, stopped, or left the page ends without `watch`): the next
browser goes, and this one is pushed again only after `RETRY`."""
RUNNING = 1
"""How many pushed runs a process has going at once; the rest wait their turn, the longest
behind first. One: a process runs Python on one core at a time, so runs side by side only
share it and the event loop. bench/board.py at N=150 on 2 cores (two processes), send to
visible p50 / p95: 1 at once 1.01 / 2.10 s, 2 1.56 / 2.56 s, 3 1.45 / 2.88 s, 8 1.93 / 6.41 s;
a team's own send was confirmed within 0.26 s (p95) with 1, 1.47 s with 3."""

_LOG = logging.getLogger(__name__)


@dataclass
class _Browser:
    """One browser watching a topic: what its fragment's rerun needs, and what it shows."""

    fragments: list[str]
    query_string: str
    page_script_hash: str
    context_info: object
    drawn: Hashable
    behind_since: float = 0.0  # [monotonic s] when it was first seen behind (0: it is not)
    pushed: Hashable | None = None  # what it was pushed to show
    pushed_at: float = 0.0
    not_before: float = 0.0  # [monotonic s] busy when asked: not asked again before this


@dataclass
class _Topic:
    now: Callable[[], Hashable]
    browsers: dict[str, _Browser]
    value: Hashable | None = None  # what it showed at the last look


_TOPICS: dict[str, _Topic] = {}
_LOCK = threading.Lock()
_THREAD: list[threading.Thread] = []


def watch(topic: str, drawn: Hashable, now: Callable[[], Hashable]) -> None:
    """At the end of a fragment's run (`@st.fragment`): this browser shows `topic` as it was
    at `drawn`. Whenever `now()` (called from another thread: it must not use Streamlit; keep
    it to a `stat`) returns something else, that fragment reruns in this browser: the one
    running now, by its id (a fragment's id depends on where the page calls it, so a name
    may also stand for the ids of earlier runs, gone with them). Outside a served app
    (AppTest, a script) it does nothing: nothing would push."""
    ctx = get_script_run_ctx()
    if ctx is None or not Runtime.exists():
        return
    fragment = ThreadState.get().fragment_id
    if fragment is None:  # not in a fragment's run: there is nothing to rerun alone
        _LOG.warning("push.watch(%r) outside a fragment: nothing to push to", topic)
        return
    browser = _Browser([fragment], ctx.query_string, ctx.page_script_hash, ctx.context_info, drawn)
    answered = _record(topic, ctx.session_id, browser, now)
    with _LOCK:
        if not _THREAD or not _THREAD[0].is_alive():
            _THREAD[:] = [threading.Thread(target=_loop, name="ssw-push", daemon=True)]
            _THREAD[0].start()
    if answered:
        _dispatch()  # a pushed run is done: the next browser's turn


def _record(topic: str, session_id: str, browser: _Browser, now: Callable[[], Hashable]) -> bool:
    """Note what `browser` (of session `session_id`) shows of `topic`; True when this answers a
    push (its turn is over)."""
    answered = False
    with _LOCK:
        # The same fragment may now show another topic (another board, another question): its
        # entry under the old one would be pushed, and report here, for ever.
        for name, other in list(_TOPICS.items()):
            old = other.browsers.get(session_id)
            if name != topic and old is not None and old.fragments == browser.fragments:
                answered = answered or old.pushed is not None
                del other.browsers[session_id]
                if not other.browsers:
                    del _TOPICS[name]
        entry = _TOPICS.setdefault(topic, _Topic(now, {}))
        entry.now = now
        before = entry.browsers.get(session_id)
        if before is not None and before.drawn != browser.drawn:
            browser.behind_since = before.behind_since  # its turn is kept if still behind
        entry.browsers[session_id] = browser
        return answered or (before is not None and before.pushed is not None)


def forget(topic: str, session_id: str) -> None:
    with _LOCK:
        entry = _TOPICS.get(topic)
        if entry is not None:
            entry.browsers.pop(session_id, None)
            if not entry.browsers:
                del _TOPICS[topic]
    _dispatch()


def watching(topic: str) -> int:
    """How many browsers of this process watch `topic` (for tests and the status page)."""
    with _LOCK:
        entry = _TOPICS.get(topic)
        return len(entry.browsers) if entry else 0


def _loop() -> None:
    while True:
        time.sleep(POLL)
        try:
            look()
        except Exception:  # never let one bad topic stop every live view of the process
            _LOG.exception("push: a look at the watched topics failed")


def look() -> int:
    """One look at every watched topic: notes which browsers are behind, and asks for the
    runs of as many as may run. Returns how many were asked."""
    with _LOCK:
        topics = [(entry, entry.now) for entry in _TOPICS.values()]
    values = []
    for entry, now in topics:
        try:
            values.append((entry, now()))
        except Exception:
            _LOG.exception("push: reading a watched topic failed")
    moment = time.monotonic()
    with _LOCK:
        for entry, value in values:
            entry.value = value
            for b in entry.browsers.values():
                if b.drawn == value:
                    b.behind_since = 0.0
                elif not b.behind_since:
                    b.behind_since = moment
    return _dispatch()


def _dispatch() -> int:
    """Ask for the runs of the browsers behind, the longest behind first, while fewer than
    RUNNING pushed runs are going in this process."""
    if not Runtime.exists():
        return 0
    moment = time.monotonic()
    asked: list[tuple[str, str, _Browser]] = []
    with _LOCK:
        going = 0
        waiting: list[tuple[float, str, str, _Browser]] = []
        for name, entry in _TOPICS.items():
            for session_id, b in entry.browsers.items():
                if b.pushed is not None and moment - b.pushed_at < RETRY:
                    going += moment - b.pushed_at < SLOT  # after SLOT: no longer its turn
                elif (
                    b.behind_since
                    and entry.value is not None
                    and b.drawn != entry.value
                    and moment >= b.not_before
                ):
                    if b.pushed is not None:  # pushed RETRY ago, no word since: to the back
                        b.pushed, b.behind_since = None, moment
                    waiting.append((b.behind_since, name, session_id, b))
        waiting.sort(key=lambda w: w[0])
        for _, name, session_id, b in waiting[: max(0, RUNNING - going)]:
            b.pushed, b.pushed_at = _TOPICS[name].value, moment
            asked.append((name, session_id, b))
    if asked:
        loop = Runtime.instance()._get_async_objs().eventloop
        for name, session_id, b in asked:
            loop.call_soon_threadsafe(_request, name, session_id, b)
    return len(asked)


def _request(topic: str, session_id: str, b: _Browser) -> None:
    """On the server's event loop, where a browser's own requests are handled too: a run of
    the browser's fragment, started as `AppSession.request_rerun` starts one, without widget
    states (the browser's widgets keep their values), but only when the session has no run
    going or queued. A request folded into one the browser made (a page change, a click) would
    replace that request's page and address with the view's, so a busy session is left for a
    later look; its own run may be a whole page's, which redraws the view anyway."""
    info = Runtime.instance()._session_mgr.get_active_session_info(session_id)
    session = info.session if info is not None else None
    if session is not None and session._scriptrunner is not None:
        # Busy: to the back of the queue, and the next browser goes now (a phone moving
        # sliders elsewhere must not hold the turn). Asked first: while a run is going, its
        # fragments may be between two registrations.
        moment = time.monotonic()
        with _LOCK:
            b.pushed, b.pushed_at, b.behind_since = None, 0.0, moment
            b.not_before = moment + POLL
        _dispatch()
        return
    if (
        session is None
        or session._state == AppSessionState.SHUTDOWN_REQUESTED
        or not all(session.has_fragment(f) for f in b.fragments)
    ):
        forget(topic, session_id)  # gone, or on another page: its next view watches again
        return
    session._create_scriptrunner(
        RerunData(
            query_string=b.query_string,
            page_script_hash=b.page_script_hash,
            fragment_id_queue=list(b.fragments),
            is_auto_rerun=True,  # as a browser's timer would ask: it preempts nothing
            context_info=b.context_info,  # type: ignore[arg-type]
        )
    )
