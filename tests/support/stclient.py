"""A client of Streamlit's websocket protocol: opens a page as a browser does and moves a widget,
sending what a browser sends (every widget's value, the address, a fragment's id), and reads
what each run sent back (its metrics and chart data, how it ended).

A participant made with `browser=True` does more of what a browser does: it keeps the cookies
the room sets (nginx's `st_route`: its device identity and its process), keeps the large
messages the server marks cacheable and names them in each rerun (the server then sends a
reference instead), and `watch` keeps the page open as a browser does, rerunning each
`run_every` fragment on the timer the server asked for (its `auto_rerun` message).

Support code of the room tests (tests/room/) and the benchmarks (bench/); the room itself warms
its processes up with its own few lines (scripts/room.py, warm_up). Streamlit 1.67's protocol:
`/_stcore/stream`, subprotocol 'streamlit', protobuf BackMsg / ForwardMsg frames.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import random
import re
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

OPEN_TIMEOUT = 120.0
"""[s] beyond this a page that never opens is an error."""
MOVE_TIMEOUT = 60.0
"""[s] beyond this a move whose run never ends is an error."""
SILENCE = 30.0
"""[s] a watched page with a timer that hears nothing this long has stopped (an error)."""


@dataclass(frozen=True)
class Slide:
    """A prepared link, and the control moved on it through these values in turn."""

    name: str
    path: str  # the page's URL path, e.g. "scenario" ("" for the default page)
    params: dict[str, str]
    widget_key: str  # the user key of the widget moved
    values: tuple[Any, ...] = ()
    share: float = 1.0  # the share of a room's participants on this slide


class Wrong(Exception):
    """A participant received something other than what it should (an error)."""


@dataclass
class Widget:
    id: str
    kind: str
    value: WidgetState  # as a browser would send it now
    fragment_id: str
    options: tuple[str, ...] = ()
    label: str = ""
    form: str = ""  # the form it is in ('' if none)


@dataclass
class Run:
    """What one script run sent: its numbers, and how it ended."""

    metrics: list[tuple[str, str, str]] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)  # Markdown and alerts, as sent
    errors: list[str] = field(default_factory=list)
    finished: int | None = None
    page: str = ""  # the page's script hash when the run ended (it changes with a switch)
    full: bool = False  # the whole page ran (not only a fragment)

    def numbers(self) -> str:
        return json.dumps([self.metrics, sorted(self.charts)])


_KEY_IN_ID = re.compile(r"-(?P<key>[^-]+)$")


def _user_key(widget_id: str) -> str | None:
    """The user key at the end of a keyed widget's id ('$$ID-<hash>-<key>')."""
    m = _KEY_IN_ID.search(widget_id)
    return m.group("key") if m and widget_id.startswith("$$ID-") else None


def _widget(element: Any, fragment_id: str, before: Widget | None) -> Widget | None:
    """A widget drawn by a run, with the value a browser would send for it now: the value the
    run set (`set_value`), else what the browser already had, else the widget's default."""
    kind = element.WhichOneof("type")
    proto: Any = getattr(element, kind) if kind else None
    wid = getattr(proto, "id", "")
    if not wid:
        return None
    options: tuple[str, ...] = ()
    if kind == "selectbox":
        options = tuple(proto.options)
    elif kind == "button_group":
        options = tuple(o.content for o in proto.options)
    label = str(getattr(proto, "label", ""))
    form = str(getattr(proto, "form_id", ""))
    if before is not None and not getattr(proto, "set_value", False):
        return Widget(wid, kind, before.value, fragment_id, options, label, form)
    state = WidgetState(id=wid)
    set_value = getattr(proto, "set_value", False)
    if kind == "slider":
        state.double_array_value.data.extend(proto.value if set_value else proto.default)
    elif kind == "number_input":
        if set_value and proto.HasField("value"):
            state.double_value = proto.value
        elif not set_value and proto.HasField("default"):
            state.double_value = proto.default
    elif kind == "checkbox":
        state.bool_value = proto.value if set_value else proto.default
    elif kind == "selectbox":
        if proto.HasField("raw_value"):
            state.string_value = proto.raw_value
        elif proto.HasField("default") and options:
            state.string_value = options[proto.default]
    elif kind == "button_group":
        chosen = proto.raw_values if set_value else [options[i] for i in proto.default]
        state.string_array_value.data.extend(chosen)
    elif kind in ("text_input", "text_area"):
        if set_value and proto.HasField("value"):
            state.string_value = proto.value
        elif not set_value and proto.HasField("default"):
            state.string_value = proto.default
    elif kind in ("button", "download_button"):
        state.trigger_value = False
    else:
        return None  # other widgets keep their value on the server (as a browser's do)
    return Widget(wid, kind, state, fragment_id, options, label, form)


def _popover(block: Any, fragment_id: str, before: Widget | None) -> Widget | None:
    """A popover that tracks its state (`on_change`): a widget whose value is open or not."""
    if block.WhichOneof("type") != "popover" or not block.popover.id:
        return None
    if before is not None:
        return Widget(before.id, "popover", before.value, fragment_id, (), before.label)
    state = WidgetState(id=block.popover.id)
    state.bool_value = block.popover.open
    return Widget(block.popover.id, "popover", state, fragment_id, (), block.popover.label)


def _element_id(element: Any) -> str:
    kind = element.WhichOneof("type")
    return str(getattr(getattr(element, kind), "id", "")) if kind else ""


class Participant:
    """One phone in the room: one websocket session."""

    def __init__(
        self,
        base: str,
        slide: Slide,
        headers: dict[str, str] | None = None,
        origin: str | None = None,
        browser: bool = False,
    ) -> None:
        self.base = base
        self.slide = slide
        self.headers = dict(headers or {})  # extra headers of the websocket (tests: forged)
        self.origin = origin  # the page's origin the browser names (default: the room's)
        self.params = dict(slide.params)
        self.query = urlencode(self.params)
        self.page_hash = ""
        self.widgets: dict[str, Widget] = {}
        self.ws: Any = None
        self.frames: asyncio.Queue[ForwardMsg] = asyncio.Queue()
        self.reader: asyncio.Task[None] | None = None
        self.browser = browser
        self.cookies: dict[str, str] = {}  # kept only by a `browser`
        self.cache: dict[str, _Cached] = {}  # cacheable messages, by hash (a `browser`'s)
        self.max_cached_age = 2  # as the server's new_session says
        self.runs_finished = 0
        self.auto_reruns: dict[str, float] = {}  # fragment id: interval [s], as asked
        self.arrived = 0.0  # when the last message arrived (time.perf_counter)
        self.problem: str | None = None
        self.last_run = Run()  # the last run `watch` saw end

    async def open(self) -> Run:
        host = urlparse(self.base).netloc
        url = f"{self.base}/{self.slide.path}?{self.query}"
        # the page itself, as a phone loads it
        set_cookies = await asyncio.to_thread(get, url, self._cookie_header())
        headers = dict(self.headers)
        if self.browser:
            for line in set_cookies:
                jar = SimpleCookie()
                jar.load(line)
                self.cookies.update({k: m.value for k, m in jar.items()})
            headers.update(self._cookie_header())
        self.ws = await websockets.connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.origin or f"http://{host}",  # type: ignore[arg-type]
            max_size=None,
            open_timeout=OPEN_TIMEOUT,
            additional_headers=headers,
            ping_interval=None,  # a browser answers pings; it does not send its own
        )
        self.reader = asyncio.create_task(self._read())
        return await self._rerun(None, OPEN_TIMEOUT)

    async def move(self, value: Any) -> Run:
        widget = next(
            (w for w in self.widgets.values() if _user_key(w.id) == self.slide.widget_key), None
        )
        if widget is None:
            raise Wrong(f"no widget {self.slide.widget_key!r} on {self.slide.name}")
        state = WidgetState()
        state.CopyFrom(widget.value)
        if widget.kind == "slider":
            del state.double_array_value.data[:]
            state.double_array_value.data.append(float(value))
        elif widget.kind == "selectbox":
            if value not in widget.options:
                raise Wrong(f"{value!r} is not an option of {self.slide.widget_key}")
            state.string_value = value
        elif widget.kind in ("popover", "checkbox"):
            state.bool_value = bool(value)
        widget.value = state
        return await self._rerun(widget, MOVE_TIMEOUT)

    def type_text(self, key: str | None, text: str, *, label: str | None = None) -> None:
        """Type into a text field or area, found by its user key or else by its label (no run
        yet: a field in a form is sent with its submit)."""
        widget = next(
            (
                w
                for w in self.widgets.values()
                if w.kind in ("text_input", "text_area")
                and (_user_key(w.id) == key if key is not None else w.label == label)
            ),
            None,
        )
        if widget is None:
            raise Wrong(f"no text field {key or label!r} on {self.slide.name}")
        widget.value.string_value = text

    def submit_button(self, form: str) -> str:
        """The id of the submit button of the form `form` (its key in `st.form(key)`)."""
        for w in self.widgets.values():
            if w.kind == "button" and w.form == form:
                return w.id
        raise Wrong(f"no form {form!r} on {self.slide.name}")

    def button(self, label: str) -> str:
        """The id of the button labelled `label` on the page."""
        for w in self.widgets.values():
            if w.kind in ("button", "download_button") and w.label == label:
                return w.id
        raise Wrong(f"no button {label!r} on {self.slide.name}")

    async def press(self, widget_id: str) -> Run:
        """Send a click on a button, as a browser (or a crafted message) would."""
        widget = self.widgets[widget_id]
        state = WidgetState()
        state.CopyFrom(widget.value)
        state.trigger_value = True
        pressed = Widget(
            widget.id,
            widget.kind,
            state,
            widget.fragment_id,
            widget.options,
            widget.label,
            widget.form,
        )
        self.widgets[widget_id] = pressed
        try:
            return await self._rerun(pressed, MOVE_TIMEOUT)
        finally:
            if widget_id in self.widgets:  # a trigger is sent once
                self.widgets[widget_id].value.trigger_value = False

    async def clear_caches(self) -> Run:
        """Send Streamlit's 'clear_cache' message (any page can), then a run of the page: when
        the run ends, the message has been handled (a session takes its messages in order)."""
        msg = BackMsg()
        msg.clear_cache = True
        await self.ws.send(msg.SerializeToString())
        return await self._rerun(None, MOVE_TIMEOUT)

    def _cookie_header(self) -> dict[str, str]:
        if not self.cookies:
            return {}
        return {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}

    @property
    def ticking(self) -> str:
        """The fragment a browser's timer reruns (`st.fragment(run_every=...)`), the one the
        server asked for last ('' if none)."""
        return next(reversed(self.auto_reruns), "")

    @property
    def tick_every(self) -> float:
        return self.auto_reruns.get(self.ticking, 0.0)

    async def tick(self) -> Run:
        """One tick of the page's auto-rerunning fragment, as a browser's timer sends it: the
        fragment's id, every widget's value, `is_auto_rerun`. The run may turn into a run of
        the whole page, or of another fragment (st.rerun, a switch)."""
        if not self.ticking:
            raise Wrong(f"no fragment reruns itself on {self.slide.name}")
        await self._send_rerun([w.value for w in self.widgets.values()], self.ticking, True)
        return await asyncio.wait_for(self._until_finished(), MOVE_TIMEOUT)

    async def _read(self) -> None:
        with contextlib.suppress(websockets.ConnectionClosed):
            async for data in self.ws:
                self.arrived = time.perf_counter()
                await self.frames.put(self._resolve(ForwardMsg.FromString(data), data))
        await self.frames.put(ForwardMsg())  # the end: an empty message

    def _resolve(self, fm: ForwardMsg, data: bytes) -> ForwardMsg:
        """A reference to a cached message replaced by that message; a cacheable one kept (a
        `browser`'s cache, as Streamlit's frontend keeps it)."""
        if fm.WhichOneof("type") == "ref_hash":
            cached = self.cache.get(fm.ref_hash)
            if cached is None:
                self.problem = f"a reference to a message never received ({fm.ref_hash})"
                return ForwardMsg()  # the end, as the frontend stops on a cache miss
            cached.run = self.runs_finished
            full: ForwardMsg = ForwardMsg.FromString(cached.data)
            full.metadata.CopyFrom(fm.metadata)
            return full
        if self.browser and fm.metadata.cacheable and fm.hash and fm.hash not in self.cache:
            fragment = fm.delta.fragment_id if fm.WhichOneof("type") == "delta" else ""
            self.cache[fm.hash] = _Cached(data, self.runs_finished, fragment)
        return fm

    def _finished(self, fragment_ids: list[str]) -> None:
        """A run ended: cached messages not used for `max_cached_age` runs are dropped (after
        a fragment's run, only that fragment's), as the frontend does."""
        self.runs_finished += 1
        for key, c in list(self.cache.items()):
            if fragment_ids and c.fragment not in fragment_ids:
                continue
            if self.runs_finished - c.run > self.max_cached_age:
                del self.cache[key]

    async def _send_rerun(self, widgets: list[WidgetState], fragment_id: str, auto: bool) -> None:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.slide.path
        cs.page_script_hash = self.page_hash
        cs.context_info.timezone = "Europe/Chisinau"
        cs.context_info.locale = "en-US"
        cs.context_info.url = f"{self.base}/{self.slide.path}?{self.query}"
        cs.widget_states.widgets.extend(widgets)
        cs.is_auto_rerun = auto
        if fragment_id:
            cs.fragment_id = fragment_id
        if self.browser:
            cs.cached_message_hashes.extend(self.cache)
        await self.ws.send(msg.SerializeToString())

    async def _rerun(self, moved: Widget | None, timeout: float) -> Run:
        fragment = moved.fragment_id if moved is not None else ""
        await self._send_rerun([w.value for w in self.widgets.values()], fragment, False)
        return await asyncio.wait_for(self._until_finished(), timeout)

    async def watch(
        self,
        until: float,
        on_text: Callable[[str, float], None] | None = None,
        done: Callable[[], bool] | None = None,
    ) -> int:
        """Keep the page open until `until` (time.perf_counter) or until `done()` says so, as
        a browser does: rerun each `run_every` fragment on the timer the server asked for
        (whether or not the last run has ended: a browser's setInterval), and hand every
        Markdown text a run draws to `on_text` with the time its message arrived. The texts
        of the last run that ended are in `last_run`. Returns the number of runs that ended;
        raises Wrong if the page raised or the session was lost."""
        timers: dict[str, tuple[float, asyncio.Task[None]]] = {}

        async def tick(fragment_id: str, interval: float) -> None:
            loop = asyncio.get_running_loop()
            due = loop.time()
            with contextlib.suppress(websockets.ConnectionClosed):
                while True:
                    due += interval
                    await asyncio.sleep(max(0.0, due - loop.time()))
                    widgets = [w.value for w in self.widgets.values()]
                    await self._send_rerun(widgets, fragment_id, True)

        def keep_timers() -> None:
            for fid, interval in self.auto_reruns.items():
                if fid not in timers or timers[fid][0] != interval:
                    if fid in timers:
                        timers[fid][1].cancel()
                    timers[fid] = (interval, asyncio.create_task(tick(fid, interval)))
            for fid in [f for f in timers if f not in self.auto_reruns]:
                timers.pop(fid)[1].cancel()

        runs = 0
        run = Run()
        try:
            heard = time.perf_counter()
            while done is None or not done():
                keep_timers()
                now = time.perf_counter()
                if now >= until:
                    break
                if timers and now - heard > SILENCE:
                    dead = [t.exception() for _, t in timers.values() if t.done()]
                    raise Wrong(f"nothing from the server in {SILENCE:.0f} s ({dead or 'ticking'})")
                try:
                    fm = await asyncio.wait_for(self.frames.get(), min(until - now, 0.5))
                except TimeoutError:
                    continue
                heard = time.perf_counter()
                what = self._take(fm, run, set(), on_text)
                if run.errors:
                    raise Wrong(f"the page raised: {run.errors[0]}")
                if what == "finished":
                    runs += 1
                    self.last_run, run = run, Run()
                elif what == "early":
                    run = Run()
            return runs
        finally:
            for _, task in timers.values():
                task.cancel()

    def _take(
        self,
        fm: ForwardMsg,
        run: Run,
        seen: set[str],
        on_text: Callable[[str, float], None] | None = None,
    ) -> str:
        """Take in one message of a run (see `_until_finished`); says what it was: 'delta',
        'fragment' (a delta of a fragment), 'finished', 'early' (a run ended early for a
        rerun) or 'other'."""
        kind = fm.WhichOneof("type")
        if kind is None:
            raise Wrong(self.problem or "the server closed the session")
        if kind == "new_session":
            self.max_cached_age = fm.new_session.config.max_cached_message_age or 2
            if not fm.metadata.run.fragment_ids:
                self.auto_reruns.clear()  # a full run: the browser drops its timers
        elif kind == "auto_rerun":
            self.auto_reruns[fm.auto_rerun.fragment_id] = fm.auto_rerun.interval
        elif kind == "stop_auto_rerun":
            for fid in fm.stop_auto_rerun.fragment_ids:
                self.auto_reruns.pop(fid, None)
        elif kind == "navigation":
            self.page_hash = fm.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "delta" and fm.delta.WhichOneof("type") == "add_block":
            before = self.widgets.get(fm.delta.add_block.popover.id or "-")
            widget = _popover(fm.delta.add_block, fm.delta.fragment_id, before)
            if widget is not None:
                self.widgets[widget.id] = widget
                seen.add(widget.id)
            return "fragment" if fm.delta.fragment_id else "delta"
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            el = fm.delta.new_element
            what = el.WhichOneof("type")
            if what == "metric":
                run.metrics.append((el.metric.label, el.metric.body, el.metric.delta))
            elif what == "vega_lite_chart":
                data = b"".join(d.data.data for d in el.vega_lite_chart.datasets)
                run.charts.append(hashlib.sha1(data, usedforsecurity=False).hexdigest())
            elif what == "exception":
                run.errors.append(el.exception.message[:200])
            elif what == "markdown":
                run.texts.append(el.markdown.body)
                if on_text is not None:
                    on_text(el.markdown.body, self.arrived)
            elif what == "alert":
                run.texts.append(el.alert.body)
            widget = _widget(el, fm.delta.fragment_id, self.widgets.get(_element_id(el)))
            if widget is not None:
                self.widgets[widget.id] = widget
                seen.add(widget.id)
            return "fragment" if fm.delta.fragment_id else "delta"
        elif kind == "script_finished":
            status = fm.script_finished
            if status == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                return "early"
            self._finished(list(fm.metadata.run.fragment_ids))
            run.finished = status
            return "finished"
        return "other"

    async def _until_finished(self) -> Run:
        run = Run()
        seen: set[str] = set()
        while True:
            what = self._take(await self.frames.get(), run, seen)
            if what == "early":
                run, seen = Run(), set()  # the page switched: its next run counts
            elif what == "finished":
                # a fragment's run ends FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                run.page, run.full = (
                    self.page_hash,
                    run.finished == ForwardMsg.FINISHED_SUCCESSFULLY,
                )
                if run.full:
                    # as a browser does: widgets the run did not draw are gone
                    self.widgets = {k: w for k, w in self.widgets.items() if k in seen}
                if run.errors:
                    raise Wrong(f"the page raised: {run.errors[0]}")
                return run

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self.reader is not None:
            with contextlib.suppress(BaseException):
                await self.reader


@dataclass
class _Cached:
    data: bytes
    run: int  # the run count when last used
    fragment: str


def get(url: str, headers: dict[str, str] | None = None) -> list[str]:
    """Fetch a page; its Set-Cookie headers."""
    request = urllib.request.Request(url, headers=headers or {})
    with urllib.request.urlopen(request, timeout=OPEN_TIMEOUT) as r:
        r.read()
        return r.headers.get_all("Set-Cookie") or []


async def open_once(base: str, slide: Slide, headers: dict[str, str] | None = None) -> Run:
    """Open a page once, as one participant, and close it (a worker's warm-up: with the room's
    token, as nginx would send it)."""
    p = Participant(base, slide, headers=headers)
    try:
        return await p.open()
    finally:
        await p.close()


# --- a room of participants ------------------------------------------------------------


@dataclass
class Results:
    open_s: list[float] = field(default_factory=list)
    move_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    moves: int = 0


async def reference(base: str, slides: tuple[Slide, ...]) -> dict[tuple[str, int], str]:
    """The numbers a lone participant receives for each view (before the room joins)."""
    expected = {}
    for slide in slides:
        p = Participant(base, slide)
        try:
            expected[(slide.name, -1)] = (await p.open()).numbers()
            for i, value in enumerate(slide.values):
                expected[(slide.name, i)] = (await p.move(value)).numbers()
        finally:
            await p.close()
    return expected


async def participant(
    base: str,
    slide: Slide,
    expected: dict[tuple[str, int], str],
    until: float,
    out: Results,
    rng: random.Random,
    think: float,
) -> None:
    p = Participant(base, slide)
    try:
        t0 = time.perf_counter()
        run = await p.open()
        out.open_s.append(time.perf_counter() - t0)
        if run.numbers() != expected[(slide.name, -1)]:
            raise Wrong(f"{slide.name}: wrong numbers on opening")
        i = 0
        while True:
            await asyncio.sleep(rng.uniform(0.6 * think, 1.4 * think))
            if time.perf_counter() >= until:
                break
            t0 = time.perf_counter()
            run = await p.move(slide.values[i % len(slide.values)])
            out.move_s.append(time.perf_counter() - t0)
            out.moves += 1
            if run.numbers() != expected[(slide.name, i % len(slide.values))]:
                raise Wrong(f"{slide.name}: wrong numbers after move {i + 1}")
            i += 1
    except (Wrong, TimeoutError, OSError, websockets.WebSocketException) as exc:
        out.errors.append(f"{type(exc).__name__}: {exc}"[:200])
    finally:
        with contextlib.suppress(Exception):
            await p.close()


async def room(
    base: str,
    n: int,
    slides: tuple[Slide, ...],
    expected: dict[tuple[str, int], str],
    seconds: float,
    think: float,
    ramp: float,
    seed: int = 1,
) -> Results:
    """`n` participants join over `ramp` seconds and move controls until `seconds` pass."""
    out = Results()
    rng = random.Random(seed)
    weights = [s.share for s in slides]
    until = time.perf_counter() + ramp + seconds
    tasks = []
    for k in range(n):
        slide = rng.choices(slides, weights)[0]
        tasks.append(
            asyncio.create_task(
                participant(
                    base,
                    slide,
                    expected,
                    until,
                    out,
                    random.Random(seed * 1000 + k),
                    think,
                )
            )
        )
        await asyncio.sleep(ramp / max(n, 1))
    await asyncio.gather(*tasks)
    return out
