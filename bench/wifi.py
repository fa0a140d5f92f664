"""The Wi-Fi benchmark: what a room's phones cost its network, measured from another address over
a link shaped like a conference Wi-Fi (a network namespace and a veth pair, tc: 30 Mbit/s each
way; scripts/netns.py). Needs root (the namespace); touches no other host. Prints; asserts
nothing. Run from the repository root:

    .venv/bin/python -m bench.wifi                      # first loads, then 50 and 150 phones
    .venv/bin/python -m bench.wifi --phones 150 --rate 30 --skip-baseline

1. A phone's first load, in Chromium (390x844, in the namespace, an empty cache): bytes on the
   wire (the link's own counters, both ways, headers included), requests, and seconds until the
   page is drawn (its script run ended, no element still waiting for its code), for the
   Scenario lab (Moldova, the pragmatic preset: its chart and figures) and the Overview.
2. N phones joining at once: each fetches what that Scenario-lab load fetched (its list of
   requests, asking for gzip and deflate as Chromium does from another address), six
   connections at a time as Chromium does, adding a Wi-Fi's round trip (--rtt) before each
   request (this kernel has no netem to delay the link itself), then opens its session
   (Streamlit's websocket) and waits for the page's first run. Printed: seconds until the last
   phone has its page, p50 and p95, errors, megabytes through the link.

Both against the room as it is (`scripts/room.py`: nginx compresses, serves Streamlit's files
itself with their .gz, sends the icon font cut) and, as the baseline in the same run on the
same processes, against nginx configured as before (everything passed through from Streamlit,
uncompressed, the whole icon font). The ratios are the figures to read.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench.room import _free_port, percentile, serving
from scripts import netns, room
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, PHONE
from tests.support.stclient import Participant, Slide

REPO = Path(__file__).resolve().parent.parent

PAGES = {
    "scenario": ("/scenario?country=MDA&preset=pragmatic", "Scenario lab"),
    "overview": ("/overview", "Where countries stand"),
}
SCENARIO = Slide("scenario", "scenario", {"country": "MDA", "preset": "pragmatic"}, "")
TARGET_150 = 75.0
"""[s] 150 phones have their page within this (issue: 'about a minute')."""


# --- the baseline: nginx as it was configured before ------------------------------------------


def plain_config(conf: str) -> str:
    """The room's nginx configuration as it was before compression: every file passed through
    from Streamlit as Streamlit sends it (uncompressed; the whole icon font)."""
    changes = [
        ("    gzip on;\n", "    gzip off;\n"),
        ('        proxy_set_header Accept-Encoding "";\n', ""),
        ("            gzip_static on;\n", ""),
    ]
    for old, new in changes:
        if old not in conf:
            raise RuntimeError(f"deploy/nginx.conf changed: {old.strip()!r} not found")
        conf = conf.replace(old, new)
    static = conf.index("        location /static/ {")
    end = conf.index("        }\n", static) + len("        }\n")
    return (
        conf[:static]
        + "        location /static/ {\n            proxy_pass http://streamlit;\n        }\n"
        + conf[end:]
    )


@contextlib.contextmanager
def plain_front(workers: list[int], port: int, token: str) -> Iterator[subprocess.Popen[bytes]]:
    """A second nginx, configured as before, in front of the room's own processes (with the
    room's token: they answer only nginx)."""
    run_dir = Path(tempfile.mkdtemp(prefix="ssw-plain-"))
    upstreams = [f"127.0.0.1:{p}" for p in workers]
    conf = room.nginx_config(
        run_dir,
        room.listen_lines("0.0.0.0", port),
        upstreams,
        capacity=1000,
        token=token,
        font=None,
        per_device=0,  # one address plays every phone
    )
    proc = room.start_nginx(run_dir, plain_config(conf))
    try:
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


# --- 1. a phone's first load, in Chromium -----------------------------------------------------


@dataclass
class Load:
    page: str
    requests: list[str] = field(default_factory=list)  # paths with their queries, in order
    down: int = 0  # bytes to the phone
    up: int = 0
    seconds: float = 0.0
    failed: list[str] = field(default_factory=list)


def _counter(net: netns.Link, way: str) -> int:
    return int(Path(f"/sys/class/net/{net.host_if}/statistics/{way}_bytes").read_text())


def first_load(net: netns.Link, base: str, page: str, folder: Path) -> Load:
    from playwright.sync_api import sync_playwright

    path, heading = PAGES[page]
    load = Load(page)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=str(net.wrapper(CHROMIUM, folder)), args=CHROMIUM_ARGS
        )
        context = browser.new_context(**PHONE)
        tab = context.new_page()
        host = urlsplit(base).netloc

        def seen(request) -> None:  # type: ignore[no-untyped-def]
            url = urlsplit(request.url)
            if url.scheme == "http" and url.netloc == host:
                load.requests.append(url.path + (f"?{url.query}" if url.query else ""))

        tab.on("request", seen)
        tab.on("requestfailed", lambda r: load.failed.append(f"{r.url}: {r.failure}"))
        down0, up0, t0 = _counter(net, "tx"), _counter(net, "rx"), time.perf_counter()
        tab.goto(base + path)
        tab.get_by_text(heading).first.wait_for(timeout=300_000)
        tab.locator(".stApp[data-test-script-state='notRunning']").wait_for(timeout=300_000)
        tab.wait_for_load_state("networkidle", timeout=300_000)
        tab.wait_for_function(
            "!document.querySelector('[data-testid=stSkeleton]')", timeout=300_000
        )
        load.seconds = time.perf_counter() - t0
        load.down, load.up = _counter(net, "tx") - down0, _counter(net, "rx") - up0
        browser.close()
    return load


# --- 2. N phones joining at once ---------------------------------------------------------------


class _Connection:
    """One HTTP/1.1 keep-alive connection of a phone, as lean as a browser's: a request, its
    status, headers and body (Content-Length or chunked), counted, never decoded (a client
    that decoded, or httpx, spent a core of this machine on 150 phones, beside the room)."""

    def __init__(self, host: str, port: int, headers: dict[str, str]) -> None:
        self.host, self.port, self.headers = host, port, headers
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, int, dict[str, str]]:
        """(status, bytes of the body, headers); opens or reopens the connection."""
        if self.reader is None or self.writer is None or self.reader.at_eof():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        lines = [f"GET {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        lines += [f"{k}: {v}" for k, v in self.headers.items()]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        status = int((await self.reader.readline()).split()[1])
        headers: dict[str, str] = {}
        while line := (await self.reader.readline()).strip():
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        size = 0
        if "content-length" in headers:
            size = len(await self.reader.readexactly(int(headers["content-length"])))
        elif headers.get("transfer-encoding") == "chunked":
            while chunk := int((await self.reader.readline()).strip() or b"0", 16):
                size += len(await self.reader.readexactly(chunk + 2)) - 2
            await self.reader.readline()
        if headers.get("connection") == "close":
            self.close()
        return status, size, headers

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def _phone(base: str, paths: list[str], rtt: float) -> tuple[float, float, int, str]:
    """One phone: its first load's requests (six connections at a time), then its session.
    (seconds to its files, seconds to its page, bytes, error)."""
    url = urlsplit(base)
    host, port = url.hostname or "", url.port or 80
    headers = {"Accept-Encoding": "gzip, deflate", "User-Agent": "ssw-bench-phone"}
    t0 = time.perf_counter()
    received = 0
    files = 0.0
    queue: asyncio.Queue[str] = asyncio.Queue()

    async def fetch(connection: _Connection, path: str) -> None:
        nonlocal received
        await asyncio.sleep(rtt)
        status, size, answer = await connection.get(path)
        received += size
        if status >= 500:  # a 404 is as Chromium got it (Streamlit's own)
            raise RuntimeError(f"{path}: {status}")
        if cookie := answer.get("set-cookie"):  # nginx's route: sticky, as a browser is
            headers["Cookie"] = cookie.split(";")[0]

    async def worker() -> None:
        connection = _Connection(host, port, headers)
        try:
            while not queue.empty():
                await fetch(connection, queue.get_nowait())
        finally:
            connection.close()

    try:
        first = _Connection(host, port, headers)
        await fetch(first, paths[0])  # the page, then what it asks for
        first.close()
        for path in paths[1:]:
            queue.put_nowait(path)
        await asyncio.gather(*(worker() for _ in range(6)))
        files = time.perf_counter() - t0
        await asyncio.sleep(rtt)
        session = Participant(base, SCENARIO)
        try:
            await session.open()
        finally:
            await session.close()
    except Exception as exc:  # a phone that fails is counted, not fatal to the others
        return files, time.perf_counter() - t0, received, f"{type(exc).__name__}: {exc}"[:200]
    return files, time.perf_counter() - t0, received, ""


async def _phones(
    base: str, paths: list[str], n: int, rtt: float
) -> list[tuple[float, float, int, str]]:
    return list(await asyncio.gather(*(_phone(base, paths, rtt) for _ in range(n))))


def phones_inside(
    net: netns.Link, base: str, paths: list[str], n: int, rtt: float
) -> dict[str, float]:
    """Run N phones in the namespace (this script, in its `phones` form); their results."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(paths, f)
    down0 = _counter(net, "tx")
    out = subprocess.run(
        net.inside([sys.executable, "-m", "bench.wifi", "phones", base, f.name, str(n), str(rtt)]),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    Path(f.name).unlink()
    if out.returncode != 0:
        raise RuntimeError(out.stderr[-3000:])
    result = json.loads(out.stdout)
    rows = result["phones"]
    times = sorted(r[1] for r in rows)
    errors = [r[3] for r in rows if r[3]]
    return {
        "n": n,
        "last": times[-1],
        "p50": percentile(times, 50),
        "p95": percentile(times, 95),
        "files_last": max(r[0] for r in rows),
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "mb": (_counter(net, "tx") - down0) / 1e6,
        "client_cpu": result["cpu_s"],
    }


# --- the run -----------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--phones", default="50,150", help="room sizes, joining at once")
    parser.add_argument("--rate", type=float, default=30, help="the link, Mbit/s each way")
    parser.add_argument("--rtt", type=float, default=0.04, help="a Wi-Fi's round trip [s]")
    parser.add_argument("--workers", type=int, default=2, help="the room's processes")
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    # Stopped (Ctrl-C, kill): the namespace, nginx and the room are removed on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    if why := netns.available():
        print(f"bench/wifi.py needs a network namespace: {why}", file=sys.stderr)
        return 2
    sizes = [int(x) for x in args.phones.split(",") if x]
    port, plain_port = _free_port(), _free_port()
    status = Path(tempfile.mkdtemp(prefix="ssw-wifi-")) / "room.json"
    command = [
        sys.executable,
        "-m",
        "scripts.room",
        "--workers",
        str(args.workers),
        "--port",
        str(port),
        "--address",
        "0.0.0.0",
        "--capacity",
        "1000",
        "--per-device",
        "0",  # one address plays every phone (real phones each have their own)
        "--status-file",
        str(status),
    ]
    loads: dict[tuple[str, str], Load] = {}
    joins: dict[str, list[dict[str, float]]] = {}
    token = secrets.token_urlsafe(16)
    with (
        serving(command, port, env={"SSW_PROXY_TOKEN": token}),
        netns.participant_network(args.rate, tag="w") as net,
    ):
        workers = [w["port"] for w in json.loads(status.read_text())["workers"]]
        fronts = {"room": f"http://{net.host_ip}:{port}"}
        with contextlib.ExitStack() as stack:
            if not args.skip_baseline:
                stack.enter_context(plain_front(workers, plain_port, token))
                fronts["before"] = f"http://{net.host_ip}:{plain_port}"
            folder = Path(tempfile.mkdtemp(prefix="ssw-wifi-chromium-"))
            for name, base in fronts.items():
                for page in PAGES:
                    load = first_load(net, base, page, folder)
                    loads[(name, page)] = load
                    failed = f", FAILED {load.failed[:2]}" if load.failed else ""
                    print(
                        f"  first load, {name:6} {page:8}: {len(load.requests)} requests, "
                        f"{load.down / 1e6:.2f} MB down, {load.up / 1e6:.2f} MB up, "
                        f"{load.seconds:.1f} s{failed}",
                        flush=True,
                    )
            paths = loads[("room", "scenario")].requests
            for name, base in fronts.items():
                for n in sizes:
                    row = phones_inside(net, base, paths, n, args.rtt)
                    joins.setdefault(name, []).append(row)
                    print(
                        f"  {n} phones, {name:6}: files {row['files_last']:.1f} s, last "
                        f"{row['last']:.1f} s, p95 "
                        f"{row['p95']:.1f}, p50 {row['p50']:.1f}, errors {row['errors']:.0f}, "
                        f"{row['mb']:.0f} MB {row['first_error']}",
                        flush=True,
                    )
                    time.sleep(5)  # the sessions of this room close before the next
    report(loads, joins, args)
    return 0


def report(
    loads: dict[tuple[str, str], Load],
    joins: dict[str, list[dict[str, float]]],
    args: argparse.Namespace,
) -> None:
    print(
        f"\nWi-Fi benchmark: {args.rate:g} Mbit/s each way, {args.rtt * 1000:.0f} ms round "
        f"trip added per request, {args.workers} processes"
    )
    print("\nA phone's first load (Chromium 390x844, from another address):")
    print(f"  {'':8} {'page':8} {'requests':>8} {'MB down':>8} {'MB up':>6} {'seconds':>7}")
    for (name, page), load in loads.items():
        print(
            f"  {name:8} {page:8} {len(load.requests):>8} {load.down / 1e6:>8.2f} "
            f"{load.up / 1e6:>6.2f} {load.seconds:>7.1f}"
        )
    for page in PAGES:
        if ("before", page) in loads:
            new, old = loads[("room", page)], loads[("before", page)]
            print(
                f"  {page}: {new.down / old.down:.2f}x the bytes of before, "
                f"{new.seconds / old.seconds:.2f}x the seconds"
            )
    scenario = loads[("room", "scenario")].down / 1e6
    print(f"  Target: the Scenario lab in <= 1.5 MB on the wire; now {scenario:.2f} MB")
    print("\nPhones joining at once (seconds until each has its page):")
    print(
        f"  {'':8} {'N':>4} {'files':>6} {'last':>6} {'p95':>6} {'p50':>6} {'errors':>6} "
        f"{'MB':>6} {'client CPU s':>12}"
    )
    for name, rows in joins.items():
        for row in rows:
            print(
                f"  {name:8} {row['n']:>4.0f} {row['files_last']:>6.1f} {row['last']:>6.1f} "
                f"{row['p95']:>6.1f} {row['p50']:>6.1f} {row['errors']:>6.0f} "
                f"{row['mb']:>6.0f} {row['client_cpu']:>12.1f}"
            )
    print(
        "  (files: until the last phone had every file of its first load; last: until it had\n"
        "   its page, its session's first run done; client CPU: what the simulated phones\n"
        "   themselves used of this machine's cores, beside the room)"
    )
    if "before" in joins:
        for now, before in zip(joins["room"], joins["before"], strict=True):
            print(
                f"  N={now['n']:.0f}: the last phone in {now['last'] / before['last']:.2f}x "
                "the time of before"
            )
    for row in joins.get("room", []):
        if row["n"] == 150:
            print(
                f"  Target: 150 phones in <= {TARGET_150:.0f} s; now {row['last']:.0f} s "
                f"({row['last'] / TARGET_150:.2f} of it)"
            )


def phones_main(argv: list[str]) -> int:
    """Inside the namespace: N phones at once; their results as JSON."""
    base, listing, n, rtt = argv[0], argv[1], int(argv[2]), float(argv[3])
    paths = json.loads(Path(listing).read_text())
    phones = asyncio.run(_phones(base, paths, n, rtt))
    print(json.dumps({"phones": phones, "cpu_s": time.process_time()}))
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["phones"]:
        sys.exit(phones_main(sys.argv[2:]))
    sys.exit(main())
