"""The room benchmark: N participants of a workshop, simulated over Streamlit's own websocket
protocol (no browser each), against a running server. Prints; asserts nothing (timings are
never test assertions). Run from the repository root:

    .venv/bin/python -m bench.room                       # starts the room itself: 2 workers
    .venv/bin/python -m bench.room --workers 1 -n 1,25,50
    .venv/bin/python -m bench.room --url http://laptop:8501 -n 150    # a room already running

What a participant does, as a phone does: it fetches the page, opens the websocket, asks for
the run of a prepared link (a slide: the Scenario lab for Moldova, the Overview or a country
profile), then every few seconds moves a control (a slider on the Scenario lab, the map on the
Overview, the country on the profile), sending what a browser sends: every widget's value, the
page's address and, for a widget inside a fragment, the fragment's id. A move counts when the
run it starts has finished and its numbers arrived.

Each participant checks the numbers it received (every metric, every chart's data) against
those a lone participant received for the same view before the room joined: a reply with the
wrong numbers, a lost session or a run that never ends is an error.

Printed per N: p50/p95 time to open the link and from a move to its result, errors, the
server's CPU time per interaction and resident memory per session (summed over its
processes), and the same run against a bare one-chart Streamlit page (bench/bare_app.py),
tuned alike, as the baseline: the ratios are the figures to read, not the absolute times.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from ssw_core import environment
from tests.support.stclient import Slide, get, reference, room
from ui.base.i18n import catalogue

REPO = Path(__file__).resolve().parent.parent

# --- what participants do -------------------------------------------------------------------


SLIDES = (
    Slide(
        "scenario",
        "scenario",
        {"country": "MDA", "preset": "pragmatic"},
        "completion",
        (85.0, 90.0, 95.0, 90.0, 85.0, 80.0),
        0.6,
    ),
    Slide(
        "overview",
        "",
        {"region": "eca"},
        "map",
        tuple(  # the picker's labels, as the English catalogue words them
            catalogue("en")[f"map.option.{o}"]
            for o in ("rate_children", "n_indicators", "rate_pop")
        ),
        0.2,
    ),
    Slide(
        "country", "country", {"country": "MDA"}, "country", ("Georgia", "Armenia", "Moldova"), 0.2
    ),
)
BARE = (Slide("bare", "", {}, "n", (20.0, 30.0, 40.0, 30.0, 20.0, 10.0), 1.0),)


# --- a room ---------------------------------------------------------------------------------


# --- the servers measured -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout
    except FileNotFoundError:
        return []
    kids = [int(x) for x in out.split()]
    return kids + [g for k in kids for g in _children(k)]


def _cpu_s(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _rss_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
    return total


@contextlib.contextmanager
def serving(command: list[str], port: int, env: dict[str, str] | None = None) -> Iterator[int]:
    """Start a server (its own process group), wait until healthy; yields its pid."""
    log = open(f"/tmp/ssw-room-{port}.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        env={**os.environ, **(env or {})},
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                get(f"http://127.0.0.1:{port}/_stcore/health")
                break
            if proc.poll() is not None:
                raise RuntimeError(f"the server stopped; see /tmp/ssw-room-{port}.log")
            time.sleep(0.3)
        yield proc.pid
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def measure(
    base: str,
    pid: int,
    slides: tuple[Slide, ...],
    sizes: list[int],
    seconds: float,
    think: float,
    ramp: float,
) -> list[dict[str, float]]:
    expected = asyncio.run(reference(base, slides))
    rows = []
    for n in sizes:
        pids = [pid, *_children(pid)]
        rss0, cpu0 = _rss_mb(pids), _cpu_s(pids)
        own0 = time.process_time()
        res = asyncio.run(room(base, n, slides, expected, seconds, think, ramp))
        own = time.process_time() - own0
        pids = [pid, *_children(pid)]
        cpu = _cpu_s(pids) - cpu0
        interactions = len(res.open_s) + res.moves
        rows.append(
            {
                "n": n,
                "open_p50": percentile(res.open_s, 50),
                "open_p95": percentile(res.open_s, 95),
                "move_p50": percentile(res.move_s, 50),
                "move_p95": percentile(res.move_s, 95),
                "errors": len(res.errors),
                "moves": res.moves,
                "cpu_ms": 1000 * cpu / interactions if interactions else float("nan"),
                "mem_mb": (_rss_mb(pids) - rss0) / n,
                "client_cores": own / (ramp + seconds),
            }
        )
        if res.errors:
            print(f"    N={n}: first errors: {res.errors[:3]}", flush=True)
        time.sleep(3)  # let the sessions of this room close before the next
    return rows


def percentile(values: list[float], p: int) -> float:
    """The p-th percentile of `values` (NaN when there are none)."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("-n", default="1,25,50,100,150", help="room sizes (participants)")
    parser.add_argument("--workers", type=int, default=2, help="workers of the room started")
    parser.add_argument("--url", help="measure a room already running here (no baseline)")
    parser.add_argument("--seconds", type=float, default=40, help="moving time per room")
    parser.add_argument("--think", type=float, default=5, help="mean seconds between moves")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which they join")
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args()
    sizes = [int(x) for x in args.n.split(",")]
    results: dict[str, list[dict[str, float]]] = {}
    if args.url:
        pid = int(os.environ.get(environment.ROOM_PID.name, "0"))
        results["dashboard"] = measure(
            args.url.rstrip("/"), pid, SLIDES, sizes, args.seconds, args.think, args.ramp
        )
    else:
        port = _free_port()
        run = ["bash", "scripts/run", "--workers", str(args.workers), "--port", str(port)]
        with serving(run, port) as pid:
            results["dashboard"] = measure(
                f"http://127.0.0.1:{port}", pid, SLIDES, sizes, args.seconds, args.think, args.ramp
            )
        if not args.no_baseline:
            port = _free_port()
            bare = [
                "bash",
                "scripts/run",
                "--workers",
                str(args.workers),
                "--port",
                str(port),
                "--app",
                "bench/bare_app.py",
            ]
            with serving(bare, port) as pid:
                results["bare"] = measure(
                    f"http://127.0.0.1:{port}",
                    pid,
                    BARE,
                    sizes,
                    args.seconds,
                    args.think,
                    args.ramp,
                )
    report(results, args.workers)
    return 0


def report(results: dict[str, list[dict[str, float]]], workers: int) -> None:
    print(
        f"\nRoom benchmark ({workers} worker(s); times in seconds; CPU per interaction in ms;"
        " client: the cores the simulated participants themselves used on this machine)"
    )
    head = f"{'':10} {'N':>4} {'open p50':>9} {'p95':>6} {'move p50':>9} {'p95':>6} "
    head += f"{'errors':>6} {'moves':>6} {'CPU/int':>8} {'MB/session':>10} {'client':>7}"
    print(head)
    for name, rows in results.items():
        for r in rows:
            print(
                f"{name:10} {r['n']:>4.0f} {r['open_p50']:>9.2f} {r['open_p95']:>6.2f} "
                f"{r['move_p50']:>9.2f} {r['move_p95']:>6.2f} {r['errors']:>6.0f} "
                f"{r['moves']:>6.0f} {r['cpu_ms']:>8.1f} {r['mem_mb']:>10.2f} "
                f"{r['client_cores']:>7.2f}"
            )
    if "bare" in results:
        print("\nRatios, dashboard / bare page, same room size:")
        for d, b in zip(results["dashboard"], results["bare"], strict=True):
            print(
                f"  N={d['n']:>3.0f}: CPU per interaction {d['cpu_ms'] / b['cpu_ms']:.2f}x, "
                f"move p95 {d['move_p95'] / b['move_p95']:.2f}x, "
                f"open p95 {d['open_p95'] / b['open_p95']:.2f}x"
            )
    for rows in results.values():
        for r in rows:
            if r["n"] == 150:
                print(
                    f"\nTargets at N=150: errors {r['errors']:.0f} (0), open p95 "
                    f"{r['open_p95']:.2f} s ({r['open_p95'] / 3:.2f} of 3 s), move p95 "
                    f"{r['move_p95']:.2f} s ({r['move_p95'] / 1:.2f} of 1 s)"
                )
                break
        break


if __name__ == "__main__":
    sys.exit(main())
