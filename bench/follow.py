"""The followers' benchmark (issue 24): what a phone that follows the facilitator costs the
server while nothing changes (its watcher's tick, once a second: ui.present.follow), and how
long a room of followers takes to reach the next slide. Prints; asserts nothing (timings are
never test assertions). Run from the repository root:

    .venv/bin/python -m bench.follow                              # (a), then (b) with 150
    .venv/bin/python -m bench.follow --ticks 1000 --followers 0   # (a) only
    .venv/bin/python -m bench.follow --followers 50,150 --seconds 20
    .venv/bin/python -m bench.follow --workers 2                  # a room: 2 processes, nginx

Two servers, one process each (or, with --workers, two rooms of that many processes behind
nginx), started as scripts/run starts them (the repository's config), listening on the
room's network when this machine is on one (the participants are then not the serving
computer): the dashboard, on a user folder of its own with a shared presentation live, and
bench/bare_fragment.py, a page whose only work is a fragment that reruns itself every second
and does nothing (the baseline).

(a) One tick. A participant opens the join link (`/?follow=1`, which opens the live slide's
    page), then sends ticks of its watcher one after another, as a browser's timer would
    send them; the server's CPU time per tick, against the bare fragment's tick measured the
    same way in the same run. The ratio is the figure to read. The same for a page opened
    without following, whose "Follow the facilitator" ticks every 10 s.
(b) A room of followers. N participants join and each ticks every second, at its own phase,
    for S seconds while nothing changes: the server's CPU per tick and the cores it keeps
    busy, against N bare pages ticking alike. Then the facilitator moves to the next slide:
    the time from the move to each follower's finished run of the new slide's page (p50,
    p95, max), and how many got there.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.room import _children, _cpu_s, _free_port, percentile, serving
from scripts.room import lan_address
from ssw_core import deck as decks
from ssw_core.access import LOCAL
from ssw_core.live import LiveStore
from tests.support.stclient import Participant, Slide, Wrong
from ui.parts.shell import PAGES
from ui.present.follow import IDLE_TICK

REPO = Path(__file__).resolve().parent.parent
DECK = "bench-follow"
SLIDES = (
    decks.Slide("country", {"country": "MDA"}, {"en": "Moldova: what the sources say"}),
    decks.Slide("country", {"country": "GEO"}, {"en": "Georgia: what the sources say"}),
)
JOIN = Slide("join", "", {"follow": "1"}, "")
IDLE = Slide("idle", "country", {"country": "MDA"}, "")  # a page opened without following
BARE = Slide("bare", "", {}, "")


def _tree(pid: int) -> list[int]:
    """The server's processes: one, or a room's nginx and workers."""
    return [pid, *_children(pid)]


def _room(root: Path) -> LiveStore:
    """A shared presentation of two slides, the first live."""
    pages = tuple(p.name for p in PAGES if p.name != "present")
    deck = decks.make_deck("Bench follow", SLIDES, pages)
    decks.DeckStore(root / "presentations").save(deck, actor=LOCAL)
    live = LiveStore(root)
    live.publish(deck.slug, 0, actor=LOCAL)
    return live


def _command(port: int, address: str, script: str | None = None, workers: int = 1) -> list[str]:
    if workers > 1:  # the room: N processes behind nginx, every follower counted alike
        app = ["--app", script] if script else []
        room = ["--workers", str(workers), "--port", str(port), "--per-device", "0"]
        return ["bash", "scripts/run", *room, "--address", address, *app]
    page = ["--script", script] if script else []
    return [
        sys.executable,
        "-m",
        "scripts.serve",
        *page,
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
    ]


async def one_tick(base: str, pid: int, slide: Slide, ticks: int) -> tuple[float, float, int]:
    """(server CPU ms per tick, wall ms per tick, ticks that ran the whole page)."""
    p = Participant(base, slide)
    try:
        await p.open()
        for _ in range(20):  # warm: the first runs of a session fill what every later one reuses
            await p.tick()
        full = 0
        c0, t0 = _cpu_s(_tree(pid)), time.perf_counter()
        for _ in range(ticks):
            full += (await p.tick()).full
        cpu, wall = _cpu_s(_tree(pid)) - c0, time.perf_counter() - t0
    finally:
        await p.close()
    return 1000 * cpu / ticks, 1000 * wall / ticks, full


@dataclass
class Server:
    """What was measured on one server: (a) CPU ms, wall ms and whole-page runs per tick;
    (b) per room size, the room and the server's CPU seconds over its steady window."""

    tick: tuple[float, float, int]
    rooms: dict[int, tuple[Room, float]] = field(default_factory=dict)
    idle: tuple[float, float, int] | None = None  # a page that does not follow (every 10 s)


@dataclass
class Room:
    ticks: int = 0
    full: int = 0  # ticks that ran the whole page while nothing changed (should be 0)
    errors: list[str] = field(default_factory=list)
    reached: list[float] = field(default_factory=list)  # seconds from the move to the new page


async def _follower(
    p: Participant, until: float, moved: asyncio.Event, at: list[float], out: Room, phase: float
) -> None:
    await asyncio.sleep(phase)
    next_tick = time.perf_counter()
    try:
        while time.perf_counter() < until:
            next_tick += p.tick_every or 1.0
            run = await p.tick()
            if moved.is_set():
                if run.full:  # the tick that saw the move: its run opened the new slide
                    if "country=GEO" not in p.query:
                        raise Wrong(f"after the move, not on the new slide: ?{p.query}")
                    out.reached.append(time.perf_counter() - at[0])
                    return
            else:
                out.ticks += 1
                out.full += run.full
            await asyncio.sleep(max(0.0, next_tick - time.perf_counter()))
    except (Wrong, TimeoutError, OSError) as exc:
        out.errors.append(f"{type(exc).__name__}: {exc}"[:200])


async def room(
    base: str, pid: int, slide: Slide, n: int, seconds: float, live: LiveStore | None
) -> tuple[Room, float]:
    """N followers tick for `seconds`; with `live`, the facilitator then moves to slide 2 and
    the followers tick until they reach it (at most 60 s). Returns the room and the server's
    CPU seconds over the steady window."""
    gate = asyncio.Semaphore(8)  # join a few at a time, as a room does over a minute

    async def join() -> Participant:
        async with gate:
            p = Participant(base, slide)
            await p.open()
            return p

    people = await asyncio.gather(*(join() for _ in range(n)))
    out, moved, at = Room(), asyncio.Event(), [0.0]
    rng = random.Random(7)
    until = time.perf_counter() + seconds + (60 if live else 0)
    tasks = [
        asyncio.create_task(_follower(p, until, moved, at, out, rng.uniform(0, 1))) for p in people
    ]
    await asyncio.sleep(2)  # every follower ticking
    c0, ticks0 = _cpu_s(_tree(pid)), out.ticks
    await asyncio.sleep(seconds)
    cpu = _cpu_s(_tree(pid)) - c0
    out.ticks -= ticks0
    if live is not None:
        at[0] = time.perf_counter()
        live.publish(DECK, 1, actor=LOCAL)
        moved.set()
    else:
        for task in tasks:
            task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*tasks, return_exceptions=True)
    for p in people:
        with contextlib.suppress(Exception):
            await p.close()
    if live is not None:
        live.publish(DECK, 0, actor=LOCAL)  # the next room starts on the first slide
    return out, cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--ticks", type=int, default=500, help="ticks of one session, (a)")
    parser.add_argument("--followers", default="150", help="room sizes for (b); 0: none")
    parser.add_argument("--seconds", type=float, default=30, help="steady ticking per room")
    parser.add_argument(
        "--workers", type=int, default=1, help="1: one process; more: a room behind nginx"
    )
    args = parser.parse_args()
    sizes = [int(x) for x in args.followers.split(",") if int(x) > 0]
    lan = lan_address()
    address, host = ("0.0.0.0", lan) if lan else ("127.0.0.1", "127.0.0.1")
    rows: dict[str, Server] = {}
    with tempfile.TemporaryDirectory() as tmp:
        live = _room(Path(tmp))
        for name, script, slide in (
            ("dashboard", None, JOIN),
            ("bare", "bench/bare_fragment.py", BARE),
        ):
            port = _free_port()
            env = {"SSW_USER_DATA_DIR": tmp}
            with serving(_command(port, address, script, args.workers), port, env) as pid:
                base = f"http://{host}:{port}"
                row = Server(asyncio.run(one_tick(base, pid, slide, args.ticks)))
                if script is None:
                    row.idle = asyncio.run(one_tick(base, pid, IDLE, args.ticks))
                for n in sizes:
                    row.rooms[n] = asyncio.run(
                        room(base, pid, slide, n, args.seconds, live if script is None else None)
                    )
                    time.sleep(3)  # the sessions of this room close before the next
                rows[name] = row
    report(rows, args, host)
    return 0


def report(rows: dict[str, Server], args: argparse.Namespace, host: str) -> None:
    where = "the room's network" if host != "127.0.0.1" else "loopback (no network)"
    how = "one process" if args.workers == 1 else f"a room of {args.workers} processes"
    print(f"\nFollowers' benchmark ({how} each; participants on {where})")
    print("(a) one session's watcher, ticks one after another:")
    for name, row in rows.items():
        cpu_ms, wall_ms, full = row.tick
        print(
            f"  {name:10} CPU {cpu_ms:6.2f} ms/tick, wall {wall_ms:6.2f} ms/tick, "
            f"whole-page runs {full} of {args.ticks}"
        )
    ratio = rows["dashboard"].tick[0] / rows["bare"].tick[0]
    print(f"  ratio dashboard / bare fragment: CPU per tick {ratio:.2f}x")
    if (idle := rows["dashboard"].idle) is not None:
        print(
            f"  a page that does not follow (its 'Follow the facilitator', every "
            f"{IDLE_TICK:.0f} s): CPU {idle[0]:.2f} ms/tick, {idle[0] / rows['bare'].tick[0]:.2f}x "
            f"the bare fragment's"
        )
    for n in rows["dashboard"].rooms:
        print(f"(b) {n} followers ticking every second for {args.seconds:.0f} s:")
        per = {}
        for name, row in rows.items():
            res, cpu = row.rooms[n]
            per[name] = 1000 * cpu / res.ticks if res.ticks else float("nan")
            first = f" (first: {res.errors[0]})" if res.errors else ""
            print(
                f"  {name:10} {res.ticks} ticks, CPU {per[name]:6.2f} ms/tick, "
                f"{cpu / args.seconds:.2f} cores busy, whole-page runs {res.full}, "
                f"errors {len(res.errors)}{first}"
            )
        ratio = per["dashboard"] / per["bare"]
        print(f"  ratio dashboard / bare fragment: CPU per tick {ratio:.2f}x")
        res, _ = rows["dashboard"].rooms[n]
        if res.reached:
            print(
                f"  the facilitator moves on: {len(res.reached)} of {n} followers on the new "
                f"slide's page; p50 {statistics.median(res.reached):.2f} s, "
                f"p95 {percentile(res.reached, 95):.2f} s, max {max(res.reached):.2f} s"
            )


if __name__ == "__main__":
    sys.exit(main())
