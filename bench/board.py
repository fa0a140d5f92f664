"""The board benchmark (issue 24): a room of N participants, 34 country teams sending their plans
to the board of plans within a minute while the rest watch the board. Prints; asserts nothing
(timings are never test assertions). Run from the repository root:

    .venv/bin/python -m bench.board                  # starts the room itself: 2 workers
    .venv/bin/python -m bench.board -n 150,50 --workers 2
    .venv/bin/python -m bench.board --url http://laptop:8501 --user-dir /srv/ssw-user  # running

The room (scripts/room.py: nginx and the workers) gets a user folder of its own; the benchmark
opens a board in it directly on disk (BoardStore.open as this computer). The participants
reach the room by this computer's network address when it has one (as phones do: a loopback
client is the facilitator), each with its own cookies, so nginx gives each its own `st_route`
cookie: its device.

- Watchers (N - 34) open /board and keep it open as a browser does (tests/support/stclient.py,
  `browser=True`): the server pushes a run of the board's fragment when the board changes
  (ui.base.push); a browser asks for nothing (it would rerun a `run_every` timer if asked).
- Teams (34, one per country of the data) open the Scenario lab at the pragmatic preset, and
  at moments spread over one minute each opens 'Send to the board', types its team name and
  a commitment, and presses the form's button, as a browser does.

Measured: for each confirmed send and each watcher, the time from the press to the arrival of
the first run of the board that shows the team's name (send to visible): p50 / p95 / max over
all pairs; errors (a lost session, a page that raised, a send not confirmed, a watcher that
did not see a tile within 30 s); the server's CPU (all its processes) per second during the
sending minute and, after it, while 34 tiles stand still, with the CPU per watcher's redraw;
the same watchers on a bare page pushed a one-line change at the same moments
(bench/board_bare_app.py), so the board's latency and cost read as ratios. Targets (issue 24):
0 errors, p95 <= 2 s at N=150, 2 cores.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import websockets

from bench.room import _children, _cpu_s, _free_port, percentile, serving
from scripts.room import lan_address
from ssw_core import environment
from ssw_core.access import LOCAL
from ssw_core.board import BoardStore, shipped_countries
from tests.support.stclient import Participant, Slide, Wrong
from ui.base.i18n import catalogue

TEAMS = 34
SEND_WINDOW = 60.0  # [s] the teams send within this
SEEN_WITHIN = 30.0  # [s] a tile not seen by a watcher this long after its send is an error
QUIET = 20.0  # [s] measured after the sends, the board standing still
BOARD_SLIDE = Slide("board", "board", {}, "")
NAME = re.compile(r"Team [A-Z]{3} \d\d")
EN = catalogue("en")


def teams_of(n: int) -> int:
    """The teams of a room of `n`: 34 of 150 (issue 24), as many in proportion otherwise."""
    return max(1, min(n - 1, round(n * TEAMS / 150)))


def team_name(iso3: str, k: int) -> str:
    return f"Team {iso3} {k:02d}"


@dataclass
class Result:
    n: int
    watchers: int
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    sends: int = 0
    send_s: list[float] = field(default_factory=list)  # press to the team's own confirmation
    phases: dict[str, Phase] = field(default_factory=dict)
    client_cores: float = 0.0
    intervals: set[float] = field(default_factory=set)
    by_send: dict[str, list[float]] = field(default_factory=dict)
    pressed: dict[str, float] = field(default_factory=dict)  # when each send was pressed

    def cpu_per_s(self, phase: str) -> float:
        ph = self.phases.get(phase)
        return ph.cpu / ph.seconds if ph and ph.seconds else float("nan")

    def cpu_per_tick_ms(self, phase: str) -> float:
        ph = self.phases.get(phase)
        return 1000 * ph.cpu / ph.runs if ph and ph.runs else float("nan")


@dataclass
class Phase:
    seconds: float
    cpu: float  # [s] the server's CPU time, all its processes
    runs: int  # watchers' runs ended
    busiest: float  # [cores] the busiest of the server's processes (a worker: at most 1)
    machine: float  # [cores] the whole machine's (others' work too)


Sample = tuple[float, float, int, dict[int, float], float]
"""When, the server's CPU, the watchers' runs, each server process's CPU, the machine's."""


def _machine_busy_s() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields[:8]) - idle) / os.sysconf("SC_CLK_TCK")


class Room:
    """What the participants share: the first time each watcher saw each team's name, when
    each team pressed, and a way to measure the server over a phase."""

    def __init__(self, pid: int, n_watchers: int) -> None:
        self.pid = pid
        self.pressed: dict[str, float] = {}
        self.seen: list[dict[str, float]] = [{} for _ in range(n_watchers)]
        self.watchers: list[Participant] = []
        self.errors: list[str] = []
        self.confirmed: set[str] = set()  # the teams whose send was confirmed

        self.over = False  # the watchers leave

    def result(self, out: Result) -> None:
        """Into `out`: the errors, the timers the page asked for, and the time from each
        confirmed send to each watcher's first sight of it."""
        out.intervals = {v for p in self.watchers for v in p.auto_reruns.values()}
        out.errors = list(self.errors)
        out.pressed = dict(self.pressed)
        for name, pressed in self.pressed.items():
            if name not in self.confirmed:
                continue  # an error of its own (above), not one per watcher
            for i, seen in enumerate(self.seen):
                shown = seen.get(name)
                if shown is None or shown - pressed > SEEN_WITHIN:
                    out.errors.append(f"watcher {i} did not see {name} within {SEEN_WITHIN:.0f} s")
                else:
                    out.latencies.append(max(0.0, shown - pressed))
                    out.by_send.setdefault(name, []).append(max(0.0, shown - pressed))

    def cpu(self) -> float:
        return _cpu_s([self.pid, *_children(self.pid)]) if self.pid else 0.0

    def runs(self) -> int:
        return sum(p.runs_finished for p in self.watchers)

    def sample(self) -> Sample:
        each = {k: _cpu_s([k, *_children(k)]) for k in _children(self.pid)} if self.pid else {}
        return time.perf_counter(), self.cpu(), self.runs(), each, _machine_busy_s()

    @staticmethod
    def phase(a: Sample, b: Sample) -> Phase:
        seconds = b[0] - a[0]
        busiest = max((b[3][k] - a[3].get(k, 0.0) for k in b[3]), default=0.0)
        return Phase(seconds, b[1] - a[1], b[2] - a[2], busiest / seconds, (b[4] - a[4]) / seconds)


async def watcher(base: str, room: Room, i: int, slide: Slide = BOARD_SLIDE) -> None:
    p = Participant(base, slide, browser=True)
    room.watchers.append(p)
    seen = room.seen[i]

    def on_text(body: str, at: float) -> None:
        for name in NAME.findall(body):
            seen.setdefault(name, at)

    try:
        run = await p.open()
        for body in run.texts:
            on_text(body, time.perf_counter())
        await p.watch(time.perf_counter() + 3600, on_text, done=lambda: room.over)
    except (Wrong, TimeoutError, OSError, websockets.WebSocketException) as exc:
        room.errors.append(f"watcher {i}: {type(exc).__name__}: {exc}"[:200])
    finally:
        with contextlib.suppress(Exception):
            await p.close()


async def team(base: str, room: Room, iso3: str, name: str, at: float, out: Result) -> None:
    slide = Slide(name, "scenario", {"country": iso3, "preset": "pragmatic"}, "board_send_open")
    p = Participant(base, slide, browser=True)
    try:
        await p.open()
        await asyncio.sleep(max(0.0, at - 3.0 - time.perf_counter()))
        await p.move(True)  # opens 'Send to the board' (its content is drawn only then)
        p.type_text(None, name, label=EN["board.team"])
        commitment = EN["board.commitment"]
        p.type_text(None, f"{name} trains every Category 6 worker by 2030.", label=commitment)
        await asyncio.sleep(max(0.0, at - time.perf_counter()))
        button = p.submit_button("board_send")
        room.pressed[name] = t0 = time.perf_counter()
        run = await p.press(button)
        out.send_s.append(time.perf_counter() - t0)
        sent = EN["board.sent"].split("{")[0]
        if not any(text.startswith(sent) for text in run.texts):
            raise Wrong(f"no confirmation: {run.texts[-3:]}")
        out.sends += 1
        room.confirmed.add(name)
    except (Wrong, TimeoutError, OSError, websockets.WebSocketException) as exc:
        room.errors.append(f"team {iso3}: {type(exc).__name__}: {exc}"[:200])
    finally:
        with contextlib.suppress(Exception):
            await p.close()


async def board_room(base: str, pid: int, n: int, ramp: float, seed: int = 1) -> Result:
    """One room: `n` participants, 34 of them teams (fewer if n is smaller)."""
    rng = random.Random(seed)
    countries = list(shipped_countries())
    n_teams = min(len(countries), teams_of(n))
    n_watch = n - n_teams
    out = Result(n, n_watch)
    room = Room(pid, n_watch)
    own0 = time.process_time()
    start = time.perf_counter()
    send_start = start + ramp + 5.0
    tasks = []
    team_tasks = []
    teams = sorted(rng.sample(countries, n_teams))
    rng.shuffle(teams)
    moments = sorted(rng.uniform(0, SEND_WINDOW) for _ in teams)
    names = {iso3: team_name(iso3, k) for k, iso3 in enumerate(teams)}
    # Watchers and teams join over the ramp, interleaved.
    who = ["w"] * n_watch + ["t"] * n_teams
    rng.shuffle(who)
    w = t = 0
    for kind in who:
        if kind == "w":
            tasks.append(asyncio.create_task(watcher(base, room, w)))
            w += 1
        else:
            iso3 = teams[t]
            at = send_start + moments[t]
            team_tasks.append(asyncio.create_task(team(base, room, iso3, names[iso3], at, out)))
            t += 1
        await asyncio.sleep(ramp / max(n, 1))
    await asyncio.sleep(max(0.0, send_start - time.perf_counter()))
    # the sending minute
    a0 = room.sample()
    await asyncio.sleep(max(0.0, send_start + SEND_WINDOW + 2 - time.perf_counter()))
    out.phases["sending"] = room.phase(a0, room.sample())
    await asyncio.gather(*team_tasks)
    await settle(room)
    # the board standing still
    a0 = room.sample()
    await asyncio.sleep(QUIET)
    out.phases["still"] = room.phase(a0, room.sample())
    room.over = True
    await asyncio.gather(*tasks)
    out.client_cores = (time.process_time() - own0) / (time.perf_counter() - start)
    room.result(out)
    return out


async def settle(room: Room) -> None:
    """Until every confirmed send was seen by every watcher, or SEEN_WITHIN after the last."""
    last = max(room.pressed.values(), default=time.perf_counter())
    while time.perf_counter() < last + SEEN_WITHIN and not all(
        room.confirmed <= seen.keys() for seen in room.seen
    ):
        await asyncio.sleep(0.5)


async def bare_room(base: str, pid: int, like: Result, ramp: float, line: Path) -> Result:
    """The baseline: the same watchers on the bare page; at the moments the teams of `like`
    pressed (relative to the first), a team's name is written to the page's file."""
    n_watch = like.watchers
    out = Result(n_watch, n_watch)
    room = Room(pid, n_watch)
    own0 = time.process_time()
    start = time.perf_counter()
    tasks = []
    for i in range(n_watch):
        tasks.append(asyncio.create_task(watcher(base, room, i, Slide("bare", "", {}, ""))))
        await asyncio.sleep(ramp / max(n_watch, 1))
    await asyncio.sleep(5)
    first = min(like.pressed.values(), default=0.0)
    begin = time.perf_counter()
    a0 = room.sample()
    for name, at in sorted(like.pressed.items(), key=lambda kv: kv[1]):
        await asyncio.sleep(max(0.0, begin + at - first - time.perf_counter()))
        tmp = line.with_suffix(".tmp")
        tmp.write_text("\n".join([*room.pressed, name]))  # every line so far: as the tiles stay
        room.pressed[name] = time.perf_counter()
        tmp.replace(line)
        room.confirmed.add(name)
    await asyncio.sleep(2)
    out.phases["sending"] = room.phase(a0, room.sample())
    await settle(room)
    a0 = room.sample()
    await asyncio.sleep(QUIET)
    out.phases["still"] = room.phase(a0, room.sample())
    room.over = True
    await asyncio.gather(*tasks)
    out.client_cores = (time.process_time() - own0) / (time.perf_counter() - start)
    room.result(out)
    return out


def open_board(user: Path, title: str) -> str:
    board = BoardStore(user / "boards").open(title, actor=LOCAL)
    return board.id


def room_command(port: int, workers: int, status: Path, app: str | None = None) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scripts.room",
        "--workers",
        str(workers),
        "--port",
        str(port),
        "--address",
        "0.0.0.0",  # the participants come by the network address, as phones
        "--per-device",
        "0",  # every simulated phone comes from this one address
        "--status-file",
        str(status),
        *(["--app", app] if app else []),
    ]


def participant_base(port: int) -> tuple[str, str]:
    lan = lan_address()
    if lan is None:
        return f"http://127.0.0.1:{port}", "loopback (every client is the facilitator)"
    return f"http://{lan}:{port}", f"{lan} (participants, as phones)"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("-n", default="150,50", help="room sizes (participants)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the room started")
    parser.add_argument("--url", help="a room already running here (no baseline)")
    parser.add_argument("--user-dir", help="with --url: the room's SSW_USER_DATA_DIR")
    parser.add_argument("--ramp", type=float, default=20, help="seconds over which they join")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.n.split(",")]
    results: list[tuple[Result, Result | None]] = []
    print(f"load before: {os.getloadavg()[0]:.2f} (1 min)", flush=True)
    if args.url:
        user = Path(args.user_dir or os.environ.get(environment.USER_DATA_DIR.name, ""))
        if not str(user) or not user.is_dir():
            parser.error("--url needs --user-dir (the room's SSW_USER_DATA_DIR)")
        pid = int(os.environ.get(environment.ROOM_PID.name, "0"))
        for n in sizes:
            open_board(user, f"Bench board {n}")
            results.append((asyncio.run(board_room(args.url.rstrip("/"), pid, n, args.ramp)), None))
        report(results, args.url)
        return 0
    with tempfile.TemporaryDirectory(prefix="ssw-board-bench-") as tmp:
        port = _free_port()
        base, how = participant_base(port)
        user = Path(tmp) / "user"
        user.mkdir()
        env = {environment.USER_DATA_DIR.name: str(user)}
        with serving(room_command(port, args.workers, Path(tmp) / "room.json"), port, env) as pid:
            boards = []
            for n in sizes:
                boards.append(open_board(user, f"Bench board {n}"))
                res = asyncio.run(board_room(base, pid, n, args.ramp))
                print(f"  N={n}: done, {len(res.errors)} errors", flush=True)
                results.append((res, None))
                time.sleep(5)  # the sessions of this room close before the next
        if not args.no_baseline:
            port = _free_port()
            bare_base, _ = participant_base(port)
            status = Path(tmp) / "bare.json"
            cmd = room_command(port, args.workers, status, app="bench/board_bare_app.py")
            with serving(cmd, port, env) as pid:
                for k, (res, _) in enumerate(results):
                    line = user / "bare-line.txt"
                    bare = asyncio.run(bare_room(bare_base, pid, res, args.ramp, line))
                    results[k] = (res, bare)
                    time.sleep(5)
    report(results, how)
    return 0


def report(results: list[tuple[Result, Result | None]], how: str) -> None:
    print(
        f"\nBoard benchmark: participants reach the room by {how}; load now "
        f"{os.getloadavg()[0]:.2f}"
    )
    print("Send to visible: from a team's press to the first board run showing its name, over")
    print("every (send, watcher) pair, seconds. CPU: the server's, all its processes, per second")
    print("of the phase ('sending': the minute of sends; 'still': 34 tiles, nothing changing),")
    print("and per watcher's redraw in the sending minute (ms). client: cores the simulated")
    print("participants used.")
    head = f"{'N':>4} {'watch':>5} {'sends':>5} {'p50':>6} {'p95':>6} {'max':>6} {'errors':>6} "
    head += f"{'CPU/s send':>10} {'CPU/s still':>11} {'ms/redraw':>9} {'client':>6}"
    print(head)
    for r, _ in results:
        print(
            f"{r.n:>4} {r.watchers:>5} {r.sends:>5} {percentile(r.latencies, 50):>6.2f} "
            f"{percentile(r.latencies, 95):>6.2f} {max(r.latencies, default=float('nan')):>6.2f} "
            f"{len(r.errors):>6} {r.cpu_per_s('sending'):>10.2f} {r.cpu_per_s('still'):>11.2f} "
            f"{r.cpu_per_tick_ms('sending'):>9.1f} {r.client_cores:>6.2f}"
        )
        if r.send_s:
            print(
                f"     a team's own press to its confirmation: p50 {percentile(r.send_s, 50):.2f}"
                f" s, p95 {percentile(r.send_s, 95):.2f} s; timers asked: {sorted(r.intervals)} s"
            )
        slow = sorted(r.by_send.items(), key=lambda kv: -percentile(kv[1], 50))[:3]
        for name, lat in slow:
            print(
                f"     slowest sends: {name} seen after {min(lat):.2f}-{max(lat):.2f} s "
                f"(median {percentile(lat, 50):.2f})"
            )
        for name, ph in r.phases.items():
            print(
                f"     {name}: {ph.seconds:.0f} s, busiest server process {ph.busiest:.2f} cores,"
                f" whole machine {ph.machine:.2f} of {os.cpu_count()} cores (others' work too)"
            )
        if r.errors:
            kinds = Counter(re.sub(r"\d+|Team [A-Z]{3}", "#", e) for e in r.errors)
            print(f"     errors by kind: {dict(kinds.most_common(6))}")
            print(f"     first errors: {r.errors[:3]}")
    if any(b is not None for _, b in results):
        print("\nBaseline: the same watchers on a bare page pushed a line at the same moments")
        print("(board_bare_app.py: the same push, a one-line view)")
        for r, b in results:
            if b is None:
                continue
            print(
                f"  N={r.n:>3}: bare p50 {percentile(b.latencies, 50):.2f} s, p95 "
                f"{percentile(b.latencies, 95):.2f} s, CPU/s sending {b.cpu_per_s('sending'):.2f},"
                f" {b.cpu_per_tick_ms('sending'):.1f} ms/redraw, still "
                f"{b.cpu_per_s('still'):.2f}, errors {len(b.errors)}; board / bare: p95 "
                f"{percentile(r.latencies, 95) / percentile(b.latencies, 95):.1f}x, CPU/s sending "
                f"{r.cpu_per_s('sending') / b.cpu_per_s('sending'):.1f}x, per redraw "
                f"{r.cpu_per_tick_ms('sending') / b.cpu_per_tick_ms('sending'):.1f}x"
            )
    for r, _ in results:
        if r.n == 150:
            print(
                f"\nTargets at N=150 (issue 24): errors {len(r.errors)} (0), send to visible p95 "
                f"{percentile(r.latencies, 95):.2f} s (<= 2 s)"
            )


if __name__ == "__main__":
    sys.exit(main())
