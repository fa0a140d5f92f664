"""A room as a facilitator starts one: as root (`sudo ./scripts/run --workers`, and CI's user),
from a clone in a folder others cannot enter, with participants on the room's network, over a
link slower than loopback (a network namespace and a shaped veth pair: scripts/netns.py).

Through nginx: a phone's browser on that network draws the Scenario lab, its scripts sent
compressed and the icon font cut; a real 200 KB file is uploaded by the facilitator and put
in use; a full room shows the busy page; a client reading slowly gets the largest script and
a proxied file whole; nginx's log has no 'Permission denied'. Started by root, nginx's workers
were `nobody`, who could not use the room's folders: every one of these failed (500, a blank
page, 403) while the facilitator's own browser, reading fast over loopback, saw nothing wrong.
"""

from __future__ import annotations

import asyncio
import hashlib
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Playwright, Response, expect

from scripts import assets, netns
from ssw_core import queries
from ssw_core.store import Store
from tests.browser.conftest import Visit
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.room.conftest import Room, start_room, stop_room
from tests.room.test_room import SCENARIO, _open_when_counted_free, _status, run
from tests.support.stclient import Participant

pytestmark = pytest.mark.room
REPO = Path(__file__).resolve().parents[2]
CAPACITY = 3
SCENARIO_LINK = "/scenario?country=MDA&preset=pragmatic"
SCENARIO_HEADING = "Scenario lab: the path to zero Category 6"


def _copy_checkout(target: Path) -> None:
    """The repository's files as a fresh clone has them (and any not committed yet)."""
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def hidden_room(tmp_path_factory) -> Iterator[Room]:
    """The room, started by root from a clone inside a folder only root may enter (0700)."""
    if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() != "0":
        pytest.skip("starts the room as root (CI runs as root; `sudo` a local run)")
    private = tmp_path_factory.mktemp("private")
    private.chmod(0o700)
    clone = private / "clone"
    _copy_checkout(clone)
    room = start_room(private, workers=1, capacity=CAPACITY, address="0.0.0.0", repo=clone)
    yield room
    stop_room(room.proc)


def _port(room: Room) -> int:
    return int(room.base.rsplit(":", 1)[1])


def test_a_phone_on_the_rooms_network_draws_the_scenario_lab(
    hidden_room: Room, playwright: Playwright, tmp_path: Path
):
    try:
        network = netns.participant_network(rate_mbit=30, tag="p")
        net = network.__enter__()
    except netns.Unavailable as exc:
        pytest.skip(str(exc))
    try:
        phone = playwright.chromium.launch(
            executable_path=str(net.wrapper(CHROMIUM, tmp_path)), args=CHROMIUM_ARGS
        )
        context = phone.new_context(**PHONE)
        page = context.new_page()
        responses: list[Response] = []
        failed: list[str] = []
        page.on("response", lambda r: responses.append(r))
        page.on("requestfailed", lambda r: failed.append(f"{r.url}: {r.failure}"))
        page.on("pageerror", lambda e: failed.append(f"page error: {e}"))
        visit = Visit(page, f"http://{net.host_ip}:{_port(hidden_room)}")
        visit.open(SCENARIO_LINK, heading=SCENARIO_HEADING)
        expect(page.get_by_test_id("stMetricValue")).to_have_count(4)
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        visit.shot("room-phone-scenario")
        assert failed == [] and visit.foreign == []
        assert page.get_by_test_id("stException").count() == 0
        scripts = [r for r in responses if "/static/js/" in r.url]
        assert len(scripts) > 20
        assert {r.request.header_value("accept-encoding") for r in scripts} == {"gzip, deflate"}
        assert {r.header_value("content-encoding") for r in scripts} == {"gzip"}
        (font,) = [r for r in responses if "MaterialSymbols" in r.url]
        assert len(font.body()) < 64_000  # the cut font; Streamlit's whole one is 375 KB
        # the room sees this phone as a participant, from its own address
        page.get_by_test_id("stExpandSidebarButton").click()
        sidebar = page.get_by_test_id("stSidebar")
        expect(sidebar.get_by_text(f"participant ({net.ns_ip})", exact=False)).to_be_visible()
        phone.close()
    finally:
        network.__exit__(None, None, None)


def _a_real_file(path: Path) -> Path:
    """A 200 KB file of a ministry's figures: categories 1 and 6 of every country for ten
    years, each with its note, as the template asks."""
    header = "country,measure,category,year,value,unit,source_title,source_publisher,notes\n"
    rows = [
        f"{iso},staff,{category},{year},{300 + 10 * category + year % 7},persons,"
        "Administrative register of social service staff,Ministry of Labour and Social "
        f'Protection,"Head count at 31 December {year}, category {category} as in the 2018 '
        "Call to Action; staff on leave included; posts held by agency staff excluded; "
        'figures checked against the payroll of the same month."'
        for iso in queries.countries(Store())["iso3"]
        for category in (1, 6)
        for year in range(2016, 2026)
    ]
    path.write_text(header + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_the_facilitator_uploads_a_real_file_through_the_room(
    hidden_room: Room, browser: Browser, tmp_path: Path
):
    upload = _a_real_file(tmp_path / "figures.csv")
    assert upload.stat().st_size > 200_000  # nginx keeps 16 KB in memory: a temporary file
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    try:
        visit = Visit(context.new_page(), hidden_room.base)
        visit.open("/data?country=MDA", heading="Your data: replace the figures with your own")
        visit.page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(upload))
        visit.page.get_by_role("button", name="Use these figures").click()
        expect(visit.page.get_by_text("Saved as Version 1 (")).to_be_visible()
        visit.open("/country?country=MDA", heading="Moldova")
        expect(visit.page.get_by_text("your data (uploaded)").first).to_be_visible()
        assert visit.foreign == []
    finally:
        context.close()
        (hidden_room.user / "current").unlink(missing_ok=True)


def test_a_full_room_shows_the_busy_page(hidden_room: Room):
    async def fill() -> tuple[int, str]:
        inside = [Participant(hidden_room.base, SCENARIO) for _ in range(CAPACITY)]
        try:
            for p in inside:
                await _open_when_counted_free(p)
            return await asyncio.to_thread(_status, f"{hidden_room.base}/scenario")
        finally:
            for p in inside:
                await p.close()

    code, body = run(fill())
    assert code == 503
    assert "The dashboard is busy" in body and "Tabloul de bord este ocupat" in body


SLOW_CLIENT = """
import gzip, hashlib, sys, time, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Accept-Encoding": sys.argv[2]})
with urllib.request.urlopen(request, timeout=120) as r:
    length, chunks = int(r.headers.get("Content-Length", -1)), []
    while chunk := r.read(8192):
        chunks.append(chunk)
        time.sleep(0.01)  # about 800 KB/s: slower than nginx reads what it sends
    body = b"".join(chunks)
    if r.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(b"".join(chunks))
print(sum(map(len, chunks)), length, hashlib.sha256(body).hexdigest())
"""


def _read_slowly(net: netns.Link, url: str, encoding: str) -> tuple[int, int, str]:
    """(bytes received, the Content-Length announced, the content's sha256), read slowly from
    the participant's side of the link."""
    out = subprocess.run(
        net.inside([sys.executable, "-c", SLOW_CLIENT, url, encoding]),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    received, length, digest = out.stdout.split()
    return int(received), int(length), digest


def test_a_slow_client_gets_large_files_whole(hidden_room: Room):
    path = max(scripts_named(), key=lambda p: p.stat().st_size)
    largest, name = path.read_bytes(), path.name
    geo = (REPO / "static" / "geo" / "asean-ours.json").read_bytes()
    try:
        with netns.participant_network(rate_mbit=30, tag="s") as net:
            base = f"http://{net.host_ip}:{_port(hidden_room)}"
            whole = _read_slowly(net, f"{base}/static/js/{name}", "identity")
            assert whole == (len(largest), len(largest), hashlib.sha256(largest).hexdigest())
            received, _, digest = _read_slowly(net, f"{base}/static/js/{name}", "gzip")
            assert digest == hashlib.sha256(largest).hexdigest() and received < len(largest) / 2
            proxied = _read_slowly(net, f"{base}/app/static/geo/asean-ours.json", "identity")
            assert proxied[0] == len(geo) and proxied[2] == hashlib.sha256(geo).hexdigest()
    except netns.Unavailable as exc:
        pytest.skip(str(exc))


def scripts_named() -> list[Path]:
    return sorted((assets.static_dir() / "static" / "js").glob("*.js"))


def test_nginx_had_no_permission_problem(hidden_room: Room):
    log = hidden_room.nginx_log()
    assert "Permission denied" not in log
    assert not re.search(r"\[(crit|alert|emerg)\]", log), log[-3000:]


HOLD_WEBSOCKETS = """
import json, socket, sys
host, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
held, codes = [], []
for _ in range(n):
    s = socket.create_connection((host, port), timeout=30)
    s.sendall((
        f"GET /_stcore/stream HTTP/1.1\\r\\nHost: {host}:{port}\\r\\n"
        f"Origin: http://{host}:{port}\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n"
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\\r\\nSec-WebSocket-Version: 13\\r\\n"
        "Sec-WebSocket-Protocol: streamlit\\r\\n\\r\\n"
    ).encode())
    line = b""
    while not line.endswith(b"\\r\\n"):
        line += s.recv(1)
    codes.append(int(line.split()[1]))
    held.append(s)
print(json.dumps(codes), flush=True)
sys.stdin.read()  # held open until the test is done
"""


def _hold(argv: list[str]) -> tuple[subprocess.Popen[str], list[int]]:
    """Open websockets with `argv` (HOLD_WEBSOCKETS); their status codes, and the holder."""
    import json

    holder = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None
    return holder, json.loads(holder.stdout.readline())


def test_one_device_cannot_fill_the_room_and_the_serving_computer_is_not_one(tmp_path: Path):
    # A probe held 200 idle websockets from one phone: the room was full, and every other
    # device, the facilitator's own browser too, got the busy page for as long as it liked.
    if subprocess.run(["id", "-u"], capture_output=True, text=True).stdout.strip() != "0":
        pytest.skip("makes a network namespace (root)")
    room = start_room(tmp_path, workers=1, capacity=10, per_device=2, address="0.0.0.0")
    port = _port(room)
    holders = []
    try:
        with netns.participant_network(rate_mbit=30, tag="d") as net:
            script = [sys.executable, "-c", HOLD_WEBSOCKETS]
            holder, codes = _hold(net.inside([*script, net.host_ip, str(port), "4"]))
            holders.append(holder)
            assert codes == [101, 101, 503, 503]  # two sessions, then this device waits
            # the serving computer (the projector) is not limited as one device
            holder, codes = _hold([*script, "127.0.0.1", str(port), "4"])
            holders.append(holder)
            assert codes == [101] * 4
            for h in holders:
                h.communicate("", timeout=30)
    finally:
        for h in holders:
            h.kill()
        stop_room(room.proc)
