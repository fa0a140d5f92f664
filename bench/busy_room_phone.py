"""A phone joins a busy room, and a process is killed under it: a 390x844 Chromium opens the
Scenario lab on the room, moves a slider three times (SIGKILLing one of the room's processes
after the first move), and prints how long each move took to show new numbers. Run it while
bench/room.py loads the same room; prints, asserts nothing; screenshots go to
tests/browser/artifacts/.

    .venv/bin/python -m scripts.room --workers 2 --port 8777 --address 0.0.0.0 \\
        --status-file /tmp/room.json &
    SSW_ROOM_PID=$(pgrep -f 'room.py --workers 2 --port 8777') \\
        .venv/bin/python -m bench.room --url http://127.0.0.1:8777 -n 150 --seconds 60 &
    sleep 20; .venv/bin/python -m bench.busy_room_phone http://<LAN address>:8777 /tmp/room.json
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.browser.conftest import Visit
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parent.parent


def main(base: str, status: Path) -> int:
    expect.set_options(timeout=60_000)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
        page = phone.new_page()
        visit = Visit(page, base)
        start = time.monotonic()
        visit.open(
            "/scenario?country=MDA&preset=pragmatic&completion=90",
            heading="Scenario lab: the path to zero Category 6",
        )
        print(f"opened in {time.monotonic() - start:.2f} s")
        visit.shot("busy-room-phone-open")
        summary = page.get_by_text(re.compile(r"^Category 6 (goes|falls) from")).first
        slider = page.get_by_role("slider", name=re.compile("Share completing")).first
        for i in range(3):
            before = summary.inner_text()
            slider.focus()
            start = time.monotonic()
            page.keyboard.press("ArrowLeft" if i % 2 else "ArrowRight")
            expect(summary).not_to_have_text(before)
            print(f"move {i}: new numbers after {time.monotonic() - start:.2f} s")
            if i == 0:
                worker = json.loads(status.read_text())["workers"][0]
                os.kill(worker["pid"], signal.SIGKILL)
                print(f"killed the process {worker['pid']}")
        visit.wait_for_app()
        visit.shot("busy-room-phone-after")
        errors = page.get_by_test_id("stException").count()
        print(f"exceptions on the page: {errors}; requests to other hosts: {visit.foreign}")
        browser.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1].rstrip("/"), Path(sys.argv[2])))
