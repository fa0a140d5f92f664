"""A room of several processes behind nginx, tried as a room uses it: participants over
Streamlit's websocket protocol each get the right numbers, from both processes; an upload
made through one process shows on the other; a process killed under a participant's page
leaves the page on the other with the same view; a full room tells newcomers to wait while
those already in keep working. Values, never timings."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import websockets
from playwright.sync_api import Browser, expect

from tests.browser.conftest import Visit
from tests.room.conftest import Room, start_room, stop_room
from tests.support.stclient import Participant, Slide, reference
from tests.support.stclient import room as simulate

pytestmark = pytest.mark.room

SCENARIO = Slide(
    "scenario",
    "scenario",
    {"country": "MDA", "preset": "pragmatic"},
    "completion",
    (85.0, 90.0, 100.0, 80.0),
    0.7,
)
COUNTRY = Slide("country", "country", {"country": "MDA"}, "country", ("Georgia", "Moldova"), 0.3)
HEADER = "country,measure,category,year,value,unit,source_title,source_publisher\n"


def run(coroutine):
    """Run a coroutine on a thread of its own: the browser tests' Playwright runs an event loop
    on this one."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_twenty_participants_get_the_right_numbers_from_both_processes(room: Room):
    slides = (SCENARIO, COUNTRY)
    expected = run(reference(room.base, slides))
    # The reference itself: the scenario's numbers change with the slider, the country's
    # with the country (so a stale or shared reply would be caught).
    assert expected[("scenario", 0)] != expected[("scenario", 2)]
    assert expected[("country", 0)] != expected[("country", 1)]
    workers = room.status()["workers"]
    before = [_cpu_s(w["pid"]) for w in workers]
    out = run(simulate(room.base, 20, slides, expected, seconds=8, think=1.5, ramp=3))
    assert out.errors == []
    assert len(out.open_s) == 20 and out.moves >= 20
    # Each participant's websocket went to a process chosen by nginx: both did work.
    used = [_cpu_s(w["pid"]) - b for w, b in zip(workers, before, strict=True)]
    assert all(u > 0.3 for u in used), used


def test_an_upload_through_one_process_shows_on_the_other(
    room: Room, browser: Browser, tmp_path: Path
):
    first, second = room.worker_bases()
    # straight to each process, with the room's token as nginx sends it (without, a process
    # of a room refuses the websocket: test_a_process_of_a_room_is_reached_through_nginx_only)
    context = browser.new_context(
        viewport={"width": 1440, "height": 1000}, extra_http_headers={"X-SSW-Via": room.token}
    )
    try:
        visit = Visit(context.new_page(), first)
        visit.open("/data?country=MDA", heading="Your data: replace the figures with your own")
        good = tmp_path / "good.csv"
        good.write_text(
            HEADER + "MDA,staff,1,2025,640,persons,Admin data,Ministry\n"
            "MDA,staff,6,2025,410,persons,Admin data,Ministry\n"
        )
        visit.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(good))
        visit.page.get_by_role("button", name="Use these figures").click()
        expect(visit.page.get_by_text("Saved as Version")).to_be_visible()

        other = Visit(context.new_page(), second)
        other.open("/country?country=MDA", heading="Moldova")
        expect(other.page.get_by_text("your data (uploaded)").first).to_be_visible()
        assert visit.foreign == [] and other.foreign == []
    finally:
        context.close()
        (room.user / "current").unlink(missing_ok=True)  # the other tests see shipped data


def _wait_for_restart(room: Room, index: int, old_pid: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        pid = room.status()["workers"][index]["pid"]
        port = room.status()["workers"][index]["port"]
        if pid != old_pid:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2)
                return
            except OSError:
                pass
        time.sleep(0.5)
    raise AssertionError(f"process {index} was not started again")


def _scenario_page(room: Room, context, link: str):  # type: ignore[no-untyped-def]
    """A participant's Scenario lab through the room: its visit, the websockets it opens (a
    reconnection adds one) and its summary line."""
    sockets: list[str] = []
    page = context.new_page()
    page.on("websocket", lambda ws: sockets.append(ws.url))
    visit = Visit(page, room.base)
    try:
        visit.open(link, heading="Scenario lab: the path to zero Category 6")
    except Exception:
        print("nginx's log:", room.nginx_log()[-3000:])  # shown when the test fails
        raise
    return visit, sockets, page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first


def test_a_process_killed_under_a_page_leaves_the_same_view_on_another(
    room: Room, browser: Browser
):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        link = "/scenario?country=MDA&preset=pragmatic&completion=90"
        visit, sockets, summary = _scenario_page(room, context, link)
        page = visit.page
        before = summary.inner_text()
        values = page.get_by_test_id("stMetricValue")
        expect(values).to_have_count(4)  # the headline's four figures are drawn
        metrics = values.all_inner_texts()
        url = page.url
        # Kill each process in turn (the room starts it again): the page's own process is
        # killed once, whichever it was, and the page moves to the other.
        for i, worker in enumerate(room.status()["workers"]):
            os.kill(worker["pid"], signal.SIGKILL)
            _wait_for_restart(room, i, worker["pid"])
        expect(summary).to_have_text(before)
        expect(values).to_have_text(metrics)
        visit.wait_for_app()
        assert len(sockets) >= 2, sockets  # it reconnected
        assert page.url == url
        assert page.get_by_test_id("stException").count() == 0
        visit.shot("room-after-failover")
    finally:
        context.close()


def _status(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


async def _open_when_counted_free(p: Participant, within: float = 60) -> None:
    """Open a page, again while nginx still counts a connection that has just ended (on a
    busy machine it may take a moment to let it go): waits for that state, not a time."""
    deadline = time.monotonic() + within
    while True:
        try:
            await p.open()
            return
        except websockets.exceptions.InvalidStatus as exc:
            if exc.response.status_code != 503 or time.monotonic() > deadline:
                raise
        await asyncio.sleep(0.2)


async def _status_becomes(url: str, code: int, within: float = 60) -> tuple[int, str]:
    deadline = time.monotonic() + within
    while True:
        found = await asyncio.to_thread(_status, url)
        if found[0] == code or time.monotonic() > deadline:
            return found
        await asyncio.sleep(0.2)


def test_a_full_room_tells_newcomers_to_wait_and_keeps_those_in_working(tmp_path: Path):
    small = start_room(tmp_path, workers=1, capacity=2)
    try:

        async def scenario() -> None:
            inside = [Participant(small.base, SCENARIO) for _ in range(2)]
            for p in inside:
                await _open_when_counted_free(p)
            code, body = await asyncio.to_thread(_status, f"{small.base}/scenario?country=MDA")
            assert code == 503
            assert "The dashboard is busy" in body and "Панель сейчас перегружена" in body
            assert 'http-equiv="refresh"' in body  # it tries again by itself
            run = await inside[0].move(90.0)  # those in keep working
            assert run.metrics and run.metrics[0][0] == "Category 6 reaches zero, as set"
            await inside[1].close()
            code, _ = await _status_becomes(f"{small.base}/scenario?country=MDA", 200)
            assert code == 200  # a place is free again
            await inside[0].close()

        run(scenario())
    finally:
        stop_room(small.proc)


def test_the_room_configuration_is_the_one_the_container_uses():
    repo = Path(__file__).resolve().parents[2]
    dockerfile = (repo / "Dockerfile").read_text(encoding="utf-8")
    compose = (repo / "compose.yaml").read_text(encoding="utf-8")
    assert '"-m", "scripts.room"' in dockerfile and "COPY deploy" in dockerfile
    assert '"scripts.room", "worker"' in compose and '"scripts.room", "proxy"' in compose
    assert "apt-get install -y --no-install-recommends nginx" in dockerfile
    assert "USER ssw" in dockerfile and "HEALTHCHECK" in dockerfile


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of a process group that still run (a zombie, dead and not yet reaped by its
    new parent, holds no port)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


def test_nginx_killed_under_a_page_comes_back_and_the_page_with_it(room: Room, browser: Browser):
    """nginx's master killed (-9) under a participant's page: the room starts nginx again, its
    orphaned workers are gone (they would keep the port, answering 502), and the page
    reconnects by itself and answers its next move."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        visit, sockets, summary = _scenario_page(
            room, context, "/scenario?country=MDA&preset=pragmatic"
        )
        page = visit.page
        before = summary.inner_text()
        old = room.status()["nginx"]
        with page.expect_websocket(timeout=90_000):  # the page's own reconnection
            os.kill(old, signal.SIGKILL)
            deadline = time.monotonic() + 60
            while room.status()["nginx"] == old and time.monotonic() < deadline:
                time.sleep(0.2)
            assert room.status()["nginx"] != old, "nginx was not started again"
            assert _alive_in_group(old) == []  # no worker of the old nginx is left
        code, _ = run(_status_becomes(f"{room.base}/_stcore/health", 200))
        assert code == 200
        visit.wait_for_app()  # reconnected: its page run again
        expect(summary).to_have_text(before)
        # a move after the restart is answered: the places lever, on the page itself
        places = (
            page.locator(".st-key-scenario-levers")
            .get_by_test_id("stSlider")
            .filter(has_text="In-service qualification places a year")
        )
        places.get_by_role("slider").focus()
        page.keyboard.press("ArrowRight")
        expect(summary).not_to_have_text(before)
        assert len(sockets) >= 2  # it reconnected
        assert page.get_by_test_id("stException").count() == 0
        assert "Permission denied" not in room.nginx_log()
    finally:
        context.close()


def test_a_room_on_a_taken_port_says_who_holds_it(tmp_path: Path):
    import socket
    import subprocess
    import sys

    with socket.socket() as held:
        held.bind(("0.0.0.0", 0))
        held.listen()
        port = held.getsockname()[1]
        out = subprocess.run(
            [sys.executable, "-m", "scripts.room", "--workers", "1", "--port", str(port)],
            cwd=Path(__file__).resolve().parents[2],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert out.returncode != 0
    assert f"Port {port} is not free: " in out.stderr
    assert f"(pid {os.getpid()}) holds it" in out.stderr, out.stderr


def test_a_page_while_no_process_answers_tries_again_by_itself(tmp_path: Path):
    """No process answers (each starting again): a page gets one that retries in seconds, not a
    bare 502 that a participant would have to reload by hand."""
    from scripts import room as rooms

    port, nobody = rooms.free_port(), rooms.free_port()
    conf = rooms.nginx_config(tmp_path, [f"listen 127.0.0.1:{port};"], [f"127.0.0.1:{nobody}"],
                              token="t")  # fmt: skip
    nginx = rooms.start_nginx(tmp_path, conf)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until nginx listens
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            time.sleep(0.1)
        code, body = _status(f"http://127.0.0.1:{port}/scenario?country=MDA")
        assert code == 502
        assert "The dashboard is starting" in body and "Tabloul de bord pornește" in body
        assert '<meta http-equiv="refresh" content="3">' in body
    finally:
        rooms.stop_nginx(nginx)
