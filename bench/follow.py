"""The followers' benchmark (issue 24): what a room of phones that follow the facilitator costs
the server while the slide stays (nothing should run: ui.present.follow is pushed, not
ticked), and how long the room takes to reach the next slide. Prints; asserts nothing
(timings are never test assertions). Run from the repository root:

    .venv/bin/python -m bench.follow                          # 150 followers, one process
    .venv/bin/python -m bench.follow --followers 50,150 --seconds 20
    .venv/bin/python -m bench.follow --workers 2              # a room: 2 processes, nginx

Two servers, one process each (or, with --workers, two rooms of that many processes behind
nginx), started as scripts/run starts them (the repository's config), listening on the
room's network when this machine is on one (the participants are then not the serving
computer): the dashboard, on a user folder of its own with a shared presentation live, and
bench/board_bare_app.py, a page that shows the lines of a file, pushed the same way (the
baseline: the least a pushed change can cost).

N participants join (`/?follow=1` on the dashboard, which opens the live slide's page) and
stay for S seconds while nothing changes: the server's CPU (cores busy; runs the followers
finished, which should be none). Then the facilitator moves to the next slide (on the bare
page: a line is added): the time from the move to each follower's finished run of the new
slide's page (p50, p95, max), how many got there within 60 s, and the server's CPU for it,
against the bare page's. The ratios are the figures to read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bench.room import _children, _cpu_s, _free_port, percentile, serving
from scripts.room import lan_address
from ssw_core import deck as decks
from ssw_core.access import LOCAL
from ssw_core.live import LiveStore
from tests.support.stclient import Participant, Slide, Wrong
from ui.parts.shell import PAGES

REPO = Path(__file__).resolve().parent.parent
DECK = "bench-follow"
SLIDES = (
    decks.Slide("country", {"country": "MDA"}, {"en": "Moldova: what the sources say"}),
    decks.Slide("country", {"country": "GEO"}, {"en": "Georgia: what the sources say"}),
)
JOIN = Slide("join", "", {"follow": "1"}, "")
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


@dataclass
class Room:
    still_cpu: float = 0.0  # [s] the server's CPU over the still window
    still_runs: int = 0  # runs the followers finished while nothing changed (should be 0)
    move_cpu: float = 0.0  # [s] the server's CPU from the move until all arrived (or 60 s)
    errors: list[str] = field(default_factory=list)
    reached: list[float] = field(default_factory=list)  # seconds from the move to the new page


@dataclass
class Server:
    rooms: dict[int, Room] = field(default_factory=dict)


async def room(
    base: str, pid: int, slide: Slide, n: int, seconds: float, move: Callable[[], None],
    arrived: Callable[[Participant, int], bool],
) -> Room:  # fmt: skip
    """N participants join and stay `seconds` while nothing changes; then `move()`, and each
    stays until `arrived(p, runs at the move)` (at most 60 s)."""
    gate = asyncio.Semaphore(8)  # join a few at a time, as a room does over a minute

    async def join() -> Participant:
        async with gate:
            p = Participant(base, slide, browser=True)
            await p.open()
            return p

    people = await asyncio.gather(*(join() for _ in range(n)))
    out, moved, at = Room(), asyncio.Event(), [0.0]

    async def stay(p: Participant) -> None:
        try:
            await p.watch(time.perf_counter() + seconds + 70, done=moved.is_set)
            if not moved.is_set():
                return
            runs = p.runs_finished
            await p.watch(at[0] + 60, done=lambda: arrived(p, runs))
            if arrived(p, runs):
                out.reached.append(time.perf_counter() - at[0])
            else:
                out.errors.append(f"not there within 60 s: ?{p.query}")
        except (Wrong, TimeoutError, OSError) as exc:
            out.errors.append(f"{type(exc).__name__}: {exc}"[:200])

    tasks = [asyncio.create_task(stay(p)) for p in people]
    await asyncio.sleep(2)
    c0, r0 = _cpu_s(_tree(pid)), sum(p.runs_finished for p in people)
    await asyncio.sleep(seconds)
    out.still_cpu = _cpu_s(_tree(pid)) - c0
    out.still_runs = sum(p.runs_finished for p in people) - r0
    c0 = _cpu_s(_tree(pid))
    at[0] = time.perf_counter()
    move()
    moved.set()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.gather(*tasks, return_exceptions=True)
    out.move_cpu = _cpu_s(_tree(pid)) - c0
    for p in people:
        with contextlib.suppress(Exception):
            await p.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--followers", default="150", help="room sizes")
    parser.add_argument("--seconds", type=float, default=20, help="still, before the move")
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
        line = Path(tmp) / "bare-line.txt"
        for name, script, slide in (
            ("dashboard", None, JOIN),
            ("bare", "bench/board_bare_app.py", BARE),
        ):
            port = _free_port()
            env = {"SSW_USER_DATA_DIR": tmp}
            row = rows[name] = Server()
            with serving(_command(port, address, script, args.workers), port, env) as pid:
                base = f"http://{host}:{port}"
                for n in sizes:
                    if script is None:
                        live.publish(DECK, 0, actor=LOCAL)  # every room starts on slide 1

                        def move() -> None:
                            live.publish(DECK, 1, actor=LOCAL)

                        def arrived(p: Participant, runs: int) -> bool:
                            return "country=GEO" in p.query and p.runs_finished > runs

                    else:
                        line.write_text("Slide 1")
                        time.sleep(1)

                        def move() -> None:
                            tmp_line = line.with_suffix(".tmp")
                            tmp_line.write_text("Slide 1\nSlide 2")
                            tmp_line.replace(line)

                        def arrived(p: Participant, runs: int) -> bool:
                            return p.runs_finished > runs and any(
                                "Slide 2" in text for text in p.last_run.texts
                            )

                    row.rooms[n] = asyncio.run(
                        room(base, pid, slide, n, args.seconds, move, arrived)
                    )
                    time.sleep(3)  # the sessions of this room close before the next
    report(rows, args, host)
    return 0


def report(rows: dict[str, Server], args: argparse.Namespace, host: str) -> None:
    where = "the room's network" if host != "127.0.0.1" else "loopback (no network)"
    how = "one process" if args.workers == 1 else f"a room of {args.workers} processes"
    print(f"\nFollowers' benchmark ({how} each; participants on {where})")
    for n in rows["dashboard"].rooms:
        print(f"{n} participants, {args.seconds:.0f} s still, then the facilitator moves on:")
        for name, row in rows.items():
            r = row.rooms[n]
            first = f" (first: {r.errors[0]})" if r.errors else ""
            lat = (
                f"p50 {statistics.median(r.reached):.2f} s, p95 {percentile(r.reached, 95):.2f} s,"
                f" max {max(r.reached):.2f} s"
                if r.reached
                else "nobody"
            )
            print(
                f"  {name:10} still: {r.still_cpu / args.seconds:.3f} cores, {r.still_runs} runs;"
                f" the move: {len(r.reached)} of {n} there, {lat}, CPU {r.move_cpu:.2f} s"
                f" ({1000 * r.move_cpu / max(n, 1):.1f} ms a participant), errors"
                f" {len(r.errors)}{first}"
            )
        d, b = rows["dashboard"].rooms[n], rows["bare"].rooms[n]
        if d.reached and b.reached:
            p95 = percentile(d.reached, 95) / percentile(b.reached, 95)
            print(
                f"  ratio dashboard / bare: p95 {p95:.1f}x,"
                f" CPU for the move {d.move_cpu / b.move_cpu:.1f}x"
            )


if __name__ == "__main__":
    sys.exit(main())
