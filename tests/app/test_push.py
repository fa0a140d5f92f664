"""ui.base.push: which browsers a look at the watched topics asks to redraw, and that the
private Streamlit names it starts a run with are still there (an upgrade that moves them fails
here, by name, not as a board that silently stops updating; tests/room/test_room_board.py
checks the effect through nginx)."""

from __future__ import annotations

import dataclasses
import inspect
from types import SimpleNamespace

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.app_session import AppSession, AppSessionState
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.runtime.scriptrunner_utils.script_run_context import (
    FragmentThreadState,
    ScriptRunContext,
    ThreadState,
)
from streamlit.runtime.session_manager import ActiveSessionInfo

from ui.base import push


def test_the_private_names_the_push_uses_are_there():
    fields = {f.name for f in dataclasses.fields(RerunData)}
    assert {
        "query_string",
        "page_script_hash",
        "fragment_id_queue",
        "is_fragment_scoped_rerun",
        "context_info",
    } <= fields
    assert "fragment_id" in {f.name for f in dataclasses.fields(FragmentThreadState)}
    assert callable(ThreadState.get)
    context = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"session_id", "query_string", "context_info"} <= context
    assert isinstance(inspect.getattr_static(ScriptRunContext, "page_script_hash"), property)
    assert {"has_fragment", "_create_scriptrunner"} <= set(dir(AppSession))
    assert "SHUTDOWN_REQUESTED" in AppSessionState.__members__
    assert {"session"} <= {f.name for f in dataclasses.fields(ActiveSessionInfo)}
    assert {"_get_async_objs", "exists", "instance"} <= set(dir(Runtime))
    source = inspect.getsource(AppSession.__init__)
    assert "self._scriptrunner" in source and "self._state" in source


class FakeSession:
    """An AppSession: a script runner while a run is going (`busy`), the runs it was given."""

    def __init__(self, fragments: set[str], busy: bool = False) -> None:
        self.fragments = fragments
        self._scriptrunner = object() if busy else None
        self._state = AppSessionState.APP_NOT_RUNNING
        self.created: list[RerunData] = []

    def has_fragment(self, fragment_id: str) -> bool:
        return fragment_id in self.fragments

    def _create_scriptrunner(self, data: RerunData) -> None:
        self.created.append(data)


class FakeLoop:
    """The event loop: runs what is handed to it at once (the test is the event loop)."""

    def call_soon_threadsafe(self, fn, *args):
        fn(*args)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> dict[str, FakeSession]:
    sessions: dict[str, FakeSession] = {}

    def info(session_id: str) -> SimpleNamespace | None:
        s = sessions.get(session_id)
        return SimpleNamespace(session=s) if s is not None else None

    runtime = SimpleNamespace(
        _get_async_objs=lambda: SimpleNamespace(eventloop=FakeLoop()),
        _session_mgr=SimpleNamespace(get_active_session_info=info),
    )
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: runtime))
    monkeypatch.setattr(push, "_TOPICS", {})
    return sessions


def watched(topic: str, session_id: str, drawn: object, now, fragments=("f1",)):
    """What `push.watch` records from a fragment's run (without a run)."""
    b = push._Browser(list(fragments), "board=b1", "hash", None, drawn)
    entry = push._TOPICS.setdefault(topic, push._Topic(now, {}))
    entry.browsers[session_id] = b
    return b


def test_a_change_reruns_the_fragment_of_every_browser_behind_and_no_other(server):
    state = {"v": (1, 0)}
    now = lambda: state["v"]  # noqa: E731
    server["a"] = FakeSession({"f1"})
    server["b"] = FakeSession({"f1"})
    watched("board:b1", "a", (1, 0), now)
    watched("board:b1", "b", (1, 0), now)
    assert push.look() == 0  # nothing changed: nothing runs
    state["v"] = (2, 0)
    push._TOPICS["board:b1"].browsers["b"].drawn = (2, 0)  # b has drawn the change already
    assert push.look() == 1
    assert server["a"].created and not server["b"].created
    data = server["a"].created[0]
    assert data.fragment_id_queue == ["f1"] and data.is_auto_rerun
    assert not data.is_fragment_scoped_rerun  # preempts nothing the browser asked for
    assert data.query_string == "board=b1" and data.page_script_hash == "hash"
    assert data.widget_states is None  # the browser's widgets keep their values


def test_a_browser_is_not_asked_twice_for_one_change_until_the_retry(server, monkeypatch):
    clock = {"t": 100.0}
    monkeypatch.setattr(push.time, "monotonic", lambda: clock["t"])
    server["a"] = FakeSession({"f1"})
    watched("board:b1", "a", (1, 0), lambda: (2, 0))
    assert push.look() == 1
    clock["t"] += push.RETRY / 2
    assert push.look() == 0  # its run is on the way
    clock["t"] += push.RETRY
    assert push.look() == 1  # no word from it (a run lost with its connection): again
    assert len(server["a"].created) == 2


def test_a_process_runs_a_few_pushed_runs_at_once_the_longest_behind_first(server, monkeypatch):
    monkeypatch.setattr(push, "RUNNING", 3)  # the rule, with more than one at once
    clock = {"t": 100.0}
    monkeypatch.setattr(push.time, "monotonic", lambda: clock["t"])
    state = {"v": 1}
    now = lambda: state["v"]  # noqa: E731
    sids = [f"s{k}" for k in range(push.RUNNING + 3)]
    for sid in sids:
        server[sid] = FakeSession({"f1"})
    for sid in sids[:3]:  # behind since the first look
        watched("board:b1", sid, 0, now)
    push.look()  # three asked: as many as may run
    clock["t"] += 0.25
    for sid in sids[3:]:  # behind since the second
        watched("board:b1", sid, 0, now)
    assert push.look() == 0  # RUNNING going already
    asked = lambda: [sid for sid in sids if server[sid].created]  # noqa: E731
    assert asked() == sids[:3]
    # s0's run reports back (its fragment's run ends in push.watch): the next one's turn.
    push._TOPICS["board:b1"].browsers["s0"] = push._Browser(["f1"], "", "", None, 1)
    assert push._dispatch() == 1
    assert asked() == sids[:4]
    # A change while some are behind: every browser is behind again, none is asked twice
    # while its run is going.
    state["v"] = 2
    clock["t"] += 0.25
    assert push.look() == 0
    assert sum(len(server[s].created) for s in sids) == 4


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, float]:
    moment = {"t": 100.0}
    monkeypatch.setattr(push.time, "monotonic", lambda: moment["t"])
    return moment


def test_a_busy_session_goes_to_the_back_and_the_next_browser_goes_now(server, clock):
    # A run of its own is going (a click, a page change, sliders moved elsewhere): a request
    # folded into it would replace its page and address with the board's. It waits at the
    # back, and the next browser takes the turn at once (one at a time: it must not hold it).
    assert push.RUNNING == 1
    server["busy"] = FakeSession({"f1"}, busy=True)
    server["next"] = FakeSession({"f1"})
    watched("board:b1", "busy", 1, lambda: 2)
    clock["t"] += 0.01
    watched("board:b1", "next", 1, lambda: 2)
    assert push.look() == 1  # 'busy' asked first (the longest behind): busy, so 'next' goes
    assert server["busy"].created == []
    assert len(server["next"].created) == 1
    assert push._TOPICS["board:b1"].browsers["busy"].pushed is None
    server["busy"]._scriptrunner = None  # its run is over
    assert push.look() == 0  # 'next' has the turn, and the busy one waits a look anyway
    push._TOPICS["board:b1"].browsers["next"] = push._Browser(["f1"], "", "", None, 2)
    clock["t"] += push.POLL
    assert push.look() == 1
    assert [d.fragment_id_queue for d in server["busy"].created] == [["f1"]]


def test_a_pushed_run_that_never_reports_holds_the_turn_one_slot_only(server, clock):
    # A run that raised, stopped or left the page ends without push.watch: after SLOT the next
    # browser goes; after RETRY the silent one is pushed again, behind the others.
    server["silent"] = FakeSession({"f1"})
    server["other"] = FakeSession({"f1"})
    watched("board:b1", "silent", 1, lambda: 2)
    clock["t"] += 0.01
    watched("board:b1", "other", 1, lambda: 2)
    assert push.look() == 1 and len(server["silent"].created) == 1
    clock["t"] += push.SLOT / 2
    assert push.look() == 0  # still its turn
    clock["t"] += push.SLOT
    assert push.look() == 1 and len(server["other"].created) == 1
    push._TOPICS["board:b1"].browsers["other"] = push._Browser(["f1"], "", "", None, 2)
    clock["t"] += push.RETRY
    assert push.look() == 1 and len(server["silent"].created) == 2


def test_a_fragment_that_shows_another_topic_leaves_the_old_one(server, clock):
    # The facilitator opens another board (or the projector another question): the same
    # fragment watches the new topic; its entry under the old one would be pushed for ever.
    server["proj"] = FakeSession({"f1"})
    board = {"b1": 1, "b2": 1}
    old = watched("board:b1", "proj", 1, lambda: board["b1"])
    old.pushed, old.pushed_at = 1, clock["t"]  # a push was going when the page changed board
    new = push._Browser(["f1"], "board=b2", "hash", None, 1)
    assert push._record("board:b2", "proj", new, lambda: board["b2"])  # answers the push
    assert "board:b1" not in push._TOPICS
    assert push.watching("board:b2") == 1
    other = push._Browser(["f2"], "", "", None, 0)  # another fragment of the page: kept
    assert not push._record("live", "proj", other, lambda: 0)
    assert push.watching("board:b2") == 1 and push.watching("live") == 1


def test_browsers_gone_or_on_another_page_are_forgotten(server):
    server["here"] = FakeSession({"f1"})
    server["elsewhere"] = FakeSession(set())  # a full run dropped f1
    closing = FakeSession({"f1"})
    closing._state = AppSessionState.SHUTDOWN_REQUESTED
    server["closing"] = closing
    for sid in ("elsewhere", "closing", "gone", "here"):  # in turn: one run at a time
        watched("board:b1", sid, 1, lambda: 2)
    push.look()  # each forgotten one frees its turn for the next: all four are looked at
    assert server["here"].created
    assert push.watching("board:b1") == 1
    assert list(push._TOPICS["board:b1"].browsers) == ["here"]


def test_a_topic_that_cannot_be_read_leaves_the_others_live(server):
    server["a"] = FakeSession({"f1"})

    def broken() -> int:
        raise OSError("the disk went away")

    watched("board:bad", "a", 1, broken)
    watched("board:good", "a", 1, lambda: 2)
    assert push.look() == 1


def test_watch_outside_a_served_app_does_nothing():
    # AppTest and scripts have no Runtime: nothing would push, so nothing is recorded.
    push.watch("board:x", 1, lambda: 1)
    assert push.watching("board:x") == 0
