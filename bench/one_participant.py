"""The server's work for one participant's move, without a room around it: opens a prepared
link over Streamlit's websocket protocol (scripts/stclient.py), moves its control N times, and
prints the wall time and the server process's CPU time per move. Prints; asserts nothing.

    .venv/bin/python -m scripts.serve --server.port 8802 &      # a server to measure
    .venv/bin/python -m bench.one_participant http://127.0.0.1:8802 scenario 30

Run it against two servers (e.g. two checkouts) on the same machine to compare a change; the
process is found by the port in its command line (Linux /proc)."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

from bench import room
from tests.support.stclient import Participant, Slide

REPO = Path(__file__).resolve().parent.parent

SLIDES = {slide.name: slide for slide in room.SLIDES}
"""The room benchmark's slides: one participant moves what a room's participants move."""


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pid(port: int) -> int:
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmd = (proc / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            line = b" ".join(cmd)
            ours = (b"scripts.serve" in line or b"serve.py" in line) and b"--server.port" in cmd
            if ours and str(port).encode() in cmd:
                return int(proc.name)
    raise SystemExit(f"no scripts.serve process with --server.port {port} found")


async def measure(base: str, slide: Slide, moves: int) -> tuple[float, float]:
    pid = server_pid(urlparse(base).port or 80)
    p = Participant(base, slide)
    await p.open()
    for i in range(3):  # warm: the first moves fill the caches every later session shares
        await p.move(slide.values[i % len(slide.values)])
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for i in range(moves):
        await p.move(slide.values[i % len(slide.values)])
    wall, cpu = (time.perf_counter() - t0) / moves, (cpu_seconds(pid) - c0) / moves
    await p.close()
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("url")
    parser.add_argument("slide", choices=sorted(SLIDES))
    parser.add_argument("moves", type=int, nargs="?", default=30)
    args = parser.parse_args()
    wall, cpu = asyncio.run(measure(args.url.rstrip("/"), SLIDES[args.slide], args.moves))
    print(f"{args.slide}: per move {wall * 1000:.1f} ms wall, {cpu * 1000:.1f} ms server CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
