"""What the Room questions page's watcher costs the server (issue 24): every second each open
page sends the run of its watcher fragment (ui/present/questions.py `watch`), which reads the
questions' versions and reruns the page only when one changed. 150 phones send 150 a second.

Starts `scripts.serve` on a free port with a user folder of its own and one open question,
opens the page over Streamlit's websocket protocol (tests/support/stclient.py) as the
facilitator (loopback: it also watches the answers) and, where this machine has a network
address, as a phone (a participant), then prints per tick and per full run of the page the
server's CPU time and the wall time; then the same for an empty fragment on a one-widget page
served alike (the baseline: Streamlit's own cost of a fragment run). Ratios: tick / empty
fragment (what the watcher adds), tick / page run (what rerunning the page every second
instead would cost). Prints; asserts nothing.

    .venv/bin/python -m bench.questions_watch [TICKS]
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.one_participant import cpu_seconds
from scripts.room import lan_address
from ssw_core.access import LOCAL
from ssw_core.questions import QuestionStore
from tests.browser.conftest import free_port
from tests.support.stclient import Participant, Slide
from ui.present.questions import LIVE_SECONDS, PHONE_SECONDS

REPO = Path(__file__).resolve().parent.parent
SLIDE = Slide("questions", "questions", {"region": "eca"}, "questions_country_q1")
BARE = Slide("bare", "", {}, "x")
BARE_APP = """
import streamlit as st
st.selectbox("x", ["a", "b"], key="x")
@st.fragment(run_every=1.0)
def watch():
    pass
watch()
"""


async def measure(
    base: str, pid: int, ticks: int, slide: Slide = SLIDE
) -> tuple[float, float, float, float]:
    w = Participant(base, slide)
    await w.open()
    if not w.ticking:
        raise SystemExit("the page asked for no watcher (auto_rerun)")
    for _ in range(5):
        await w.tick()
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for _ in range(ticks):
        await w.tick()
    tick_wall, tick_cpu = (time.perf_counter() - t0) / ticks, (cpu_seconds(pid) - c0) / ticks
    runs = max(ticks // 10, 5)
    c0, t0 = cpu_seconds(pid), time.perf_counter()
    for _ in range(runs):
        await w._rerun(None, 60.0)
    run_wall, run_cpu = (time.perf_counter() - t0) / runs, (cpu_seconds(pid) - c0) / runs
    await w.close()
    return tick_wall, tick_cpu, run_wall, run_cpu


def serve(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", *args, "--server.port", str(port), "--server.address", "0.0.0.0",
         "--server.headless", "true"],
        cwd=REPO, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(200):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    return proc, port


def main() -> int:
    ticks = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    bare = Path(tempfile.mkdtemp(prefix="ssw-bench-bare-")) / "bare.py"
    bare.write_text(BARE_APP)
    proc, port = serve(["streamlit", "run", str(bare)], {})
    try:
        _, empty, _, _ = asyncio.run(measure(f"http://127.0.0.1:{port}", proc.pid, ticks, BARE))
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    print(f"baseline: an empty fragment's tick {empty * 1000:.2f} ms CPU")
    user = Path(tempfile.mkdtemp(prefix="ssw-bench-questions-"))
    QuestionStore(user / "questions").ask(
        "cat6_share", event="bench", countries=("MDA", "GEO"), actor=LOCAL
    )
    proc, port = serve(["scripts.serve"], {"SSW_USER_DATA_DIR": str(user)})
    try:
        lan = lan_address()
        for who, host in (("facilitator", "127.0.0.1"), ("phone", lan)):
            if host is None:
                continue
            tw, tc, rw, rc = asyncio.run(measure(f"http://{host}:{port}", proc.pid, ticks))
            every = LIVE_SECONDS if who == "facilitator" else PHONE_SECONDS
            print(
                f"{who}: watcher tick {tc * 1000:.2f} ms CPU ({tw * 1000:.1f} ms wall), "
                f"one every {every:g} s; page run {rc * 1000:.1f} ms CPU ({rw * 1000:.1f} ms "
                f"wall); tick / empty fragment = {tc / empty:.2f}; tick / page run = "
                f"{tc / rc:.3f}; 150 such: {150 * tc / every * 100:.0f} % of one core"
            )
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
