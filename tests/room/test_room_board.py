"""The board of plans in a room, as bench/board.py drives it (its plumbing, not its timing):
two browsers watch /board while a team sends its plan from the Scenario lab through nginx;
the team's tile reaches both watchers, pushed by the server (the watchers never ask: they keep
no timer), and a second send from the same browser replaces its tile instead of adding one."""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from ssw_core.access import LOCAL
from ssw_core.board import BoardStore
from tests.room.conftest import Room
from tests.support.stclient import Participant, Slide
from ui.base.i18n import catalogue

pytestmark = pytest.mark.room
EN = catalogue("en")
TEAM = "Team Nistru"
WAIT = 60.0  # [s] the most a state is waited for (a busy CI machine), never a sleep


def run(coroutine):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def tiles(texts: list[str]) -> list[str]:
    """The tiles among a run's Markdown texts: each names its team in bold."""
    return [t for t in texts if t.startswith(f"**{TEAM}**")]


async def send(team: Participant, commitment: str) -> list[str]:
    team.type_text(None, TEAM, label=EN["board.team"])
    team.type_text(None, commitment, label=EN["board.commitment"])
    return (await team.press(team.submit_button("board_send"))).texts


async def scene(base: str) -> dict[str, object]:
    watchers = [Participant(base, Slide("board", "board", {}, ""), browser=True) for _ in "ab"]
    lab = Slide("lab", "scenario", {"country": "MDA", "preset": "pragmatic"}, "board_send_open")
    team = Participant(base, lab, browser=True)
    out: dict[str, object] = {}
    try:
        for w in watchers:
            await w.open()
        out["timers"] = [dict(w.auto_reruns) for w in watchers]
        await team.open()
        out["routes"] = [w.cookies.get("st_route") for w in [*watchers, team]]
        await team.move(True)  # opens 'Send to the board'
        out["first"] = await send(team, "Every Category 6 worker trained by 2030.")

        async def until_shown(w: Participant, words: str) -> list[str]:
            def shown() -> bool:
                return any(words in t for t in tiles(w.last_run.texts))

            await w.watch(time.perf_counter() + WAIT, done=shown)
            return tiles(w.last_run.texts)

        out["seen_first"] = await asyncio.gather(
            *(until_shown(w, "Every Category 6 worker") for w in watchers)
        )
        out["second"] = await send(team, "Half of them by 2028.")
        out["seen_second"] = await asyncio.gather(
            *(until_shown(w, "Half of them") for w in watchers)
        )
    finally:
        for p in [*watchers, team]:
            await p.close()
    return out


def test_a_teams_tile_reaches_both_watchers_and_a_second_send_replaces_it(room: Room):
    board = BoardStore(room.user / "boards").open("Chisinau workshop", actor=LOCAL)
    out = run(scene(room.base))
    # The board asked no browser for a timer: whatever a watcher saw, the server pushed.
    assert out["timers"] == [{}, {}]
    # Each browser has a route cookie of its own (its device, its process).
    routes = out["routes"]
    assert all(routes) and len(set(routes)) == 3, routes  # type: ignore[arg-type]
    sent = EN["board.sent"].format(title="Chisinau workshop")
    assert sent in out["first"] and sent in out["second"]  # type: ignore[operator]
    # Both watchers saw the tile, without asking: one tile, the team's, with its words.
    for seen in out["seen_first"]:  # type: ignore[attr-defined]
        assert len(seen) == 1 and "> Every Category 6 worker trained by 2030." in seen[0], seen
        assert "Moldova" in seen[0]
    # The second send replaced the tile: still one, with the new words only.
    for seen in out["seen_second"]:  # type: ignore[attr-defined]
        assert len(seen) == 1 and "> Half of them by 2028." in seen[0], seen
        assert "Every Category 6 worker" not in seen[0]
    entries = BoardStore(room.user / "boards").entries(board.id)
    assert [(e.entry.team, e.entry.iso3, e.entry.commitment) for e in entries] == [
        (TEAM, "MDA", "Half of them by 2028.")
    ]
