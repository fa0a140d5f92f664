"""The board of plans: country teams send the plan they built in the Scenario lab, with a team
name and a one-sentence commitment, and the projector shows every team's tile, the region's
totals and who is on track for 2030 (issue 24).

Who may do what (ssw_core.access): anyone in the room sends to an open board (`board.send`);
the facilitator opens one (`board.open`), locks it or opens it again (`board.lock`), hides a
tile or shows it again (`board.hide`) and takes its files (`board.export`). Every send and
every decision is recorded in the audit log together with its change: the record is written
once the board's new document has its space on disk and before it replaces the old
(`SharedDoc.change(before_put=...)`), so a change that cannot be written (a full disk:
`storage.NotSaved`) is neither made nor recorded. A refused call (an `AccessDenied`, or a
`roomstate.Refused`: locked, too many sends from a device or an address, full) or a bad entry
(`BoardError`, a ValueError naming the field) changes no file.

Storage: one `roomstate.SharedDoc` per board, `<user data dir>/boards/<id>.json`, changed under
the lock of every process of the room. A device (`roomstate.Device`: one browser) has one tile
per board: a new send replaces its own, never another device's. `entries` gives the latest
entry of each device.

A tile's figures (`Tile`) come from the core model (ssw_core.plan.evaluate) of the plan the
link opens, one evaluation per tile; the page computes them from the link, as the Scenario lab
would open it (ui.board). The region's totals (`totals`) add only what adds up across
countries: places a year, people, student-years; money stays per country, in its currency.
"""

from __future__ import annotations

import json
import re
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import polars as pl

from ssw_core import paths
from ssw_core.access import Actor, require
from ssw_core.audit import FILE as AUDIT_FILE
from ssw_core.audit import AuditLog
from ssw_core.deck import SESSION_PARAMS, DeckError, check_param, slugify
from ssw_core.plan import Outcome, standing_still
from ssw_core.projection import ELIMINATED_BELOW, TARGET_YEAR, project
from ssw_core.roomstate import Device, Limits, Refused, SharedDoc, clean_text, stamp

FORMAT = "ssw-board"
LAB_PAGE = "scenario"
MAX_TITLE = 80
MAX_TEAM = 60
MAX_COMMITMENT = 280  # one sentence a room can read on a tile
MAX_LINK = 6000
MAX_BOARDS = 200
ROOM_LIMITS = Limits()
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# BoardError's messages in English (the app says them from `board.error.<code>`).
MESSAGES = {
    "no_title": "a board needs a title",
    "title_too_long": "the title has {n} characters; at most {max}",
    "no_team": "a team name is needed",
    "team_too_long": "the team name has {n} characters; at most {max}",
    "commitment_too_long": "the commitment has {n} characters; at most {max} (one sentence)",
    "unknown_country": "'{iso3}' is not a country of the dashboard",
    "not_a_lab_link": "not a link to the Scenario lab ({link})",
    "link_too_long": "the link has {n} characters; at most {max}",
    "bad_link_value": "the link's value of '{key}' cannot be used",
    "other_country": "the plan is for {link_country}, the team's country is {iso3}",
    "no_such_board": "no board '{board}'",
    "too_many_boards": "this room has {max} boards; delete old ones from {where}",
    "file_too_large": "{kb} KB; a board file is at most {max_kb} KB",
    "not_json": "not a board file: not JSON (line {line}, column {column})",
    "not_ours": 'not a board file of this dashboard (no "format": "ssw-board-file")',
    "file_version": "format version {version}; this dashboard reads version {expected}",
    "bad_entry": "entry {n}: {reason}",
    "bad_entries": "the entries are not a list of at most {max}",
    "not_an_entry": "not an entry (a team, a country and a link)",
}
FILE_FORMAT = "ssw-board-file"
FILE_VERSION = 1
MAX_FILE_BYTES = 1024 * 1024


class BoardError(ValueError):
    """A board or an entry that cannot be used: `code` (a key of MESSAGES), the `field` it
    concerns ('title', 'team', 'iso3', 'link', 'commitment', 'board') and the values."""

    def __init__(
        self, code: str, field: str, inner: BoardError | None = None, **values: object
    ) -> None:
        self.code, self.field, self.values = code, field, values
        self.inner = inner
        """For 'bad_entry': what is wrong with the entry, as a send would be told."""
        super().__init__(f"{field}: {MESSAGES[code].format(**values)}")


@dataclass(frozen=True)
class Entry:
    """What a team sends: its name, its country, the link of its plan in the Scenario lab and
    a one-sentence commitment (may be empty)."""

    team: str
    iso3: str
    link: str
    commitment: str = ""


@dataclass(frozen=True)
class Sent:
    """An entry on a board: whose (`device`, the sender's device key; `who`, the sender as the
    record names them), when (`at`, UTC), its number on the board (`seq`, from 1) and whether
    the facilitator hid it."""

    entry: Entry
    device: str
    who: str
    at: str
    seq: int
    hidden: bool = False

    @property
    def params(self) -> dict[str, str]:
        """The plan's parameters, as the link gives them."""
        return dict(parse_qsl(urlsplit(self.entry.link).query))


@dataclass(frozen=True)
class Board:
    id: str
    title: str
    opened: str
    """When it was opened (UTC, '2026-12-07T10:15:00Z')."""
    locked: bool
    version: int
    """The number of changes so far: a page redraws when it grows."""


def check_entry(entry: Entry, countries: Iterable[str]) -> Entry:
    """The entry as stored (texts cleaned, the link made relative: 'scenario?country=MDA&...'),
    or BoardError naming the field."""
    team = " ".join(str(entry.team).split())
    if not team:
        raise BoardError("no_team", "team")
    if len(team) > MAX_TEAM:
        raise BoardError("team_too_long", "team", n=len(team), max=MAX_TEAM)
    commitment = " ".join(str(entry.commitment or "").split())
    if len(commitment) > MAX_COMMITMENT:
        raise BoardError("commitment_too_long", "commitment", n=len(commitment), max=MAX_COMMITMENT)
    iso3 = str(entry.iso3).strip().upper()
    if iso3 not in set(countries):
        raise BoardError("unknown_country", "iso3", iso3=clean_text(entry.iso3, 10))
    return Entry(
        team=clean_text(team, MAX_TEAM),
        iso3=iso3,
        link=lab_link(entry.link, iso3),
        commitment=clean_text(commitment, MAX_COMMITMENT),
    )


def lab_link(link: str, iso3: str) -> str:
    """A Scenario-lab link as a board keeps it: relative ('scenario?country=MDA&preset=...'),
    without the presenter's parameters, each parameter shaped as a view's (ssw_core.deck); a
    plan for another country than the team's is refused."""
    text = str(link).strip()
    if len(text) > MAX_LINK:
        raise BoardError("link_too_long", "link", n=len(text), max=MAX_LINK)
    parts = urlsplit(text if "://" in text or text.startswith("/") else "/" + text)
    if parts.path.rstrip("/").split("/")[-1] != LAB_PAGE:
        raise BoardError("not_a_lab_link", "link", link=clean_text(text, 60))
    params: list[tuple[str, str]] = []
    for key, value in parse_qsl(parts.query):
        if key in SESSION_PARAMS:
            continue
        try:
            check_param(key, value, ())
        except DeckError:
            raise BoardError("bad_link_value", "link", key=clean_text(key, 40)) from None
        params.append((key, value))
    country = dict(params).get("country")
    if country is not None and country.upper() != iso3:
        raise BoardError("other_country", "link", link_country=clean_text(country, 10), iso3=iso3)
    query = "&".join(f"{k}={quote(v, safe='')}" for k, v in params)
    return f"{LAB_PAGE}?{query}" if query else LAB_PAGE


def shipped_countries() -> tuple[str, ...]:
    """The countries of the dashboard's data (data/countries.parquet)."""
    frame = pl.read_parquet(paths.data_dir() / "countries.parquet", columns=["iso3"])
    return tuple(frame["iso3"].to_list())


class BoardStore:
    """The boards of a room, in `root` (see the module docstring). `countries`: the codes a
    team may name (default: the shipped data's); `limits`: what one device may send."""

    def __init__(
        self,
        root: Path,
        audit: AuditLog | None = None,
        *,
        countries: Iterable[str] | None = None,
        limits: Limits = ROOM_LIMITS,
        clock: Any = time.time,
    ) -> None:
        self.root = Path(root)
        self.audit = audit or AuditLog(self.root.parent / AUDIT_FILE)
        self._countries = tuple(countries) if countries is not None else None
        self.limits = limits
        self.clock = clock
        self._docs: dict[str, SharedDoc] = {}

    @property
    def countries(self) -> tuple[str, ...]:
        if self._countries is None:
            self._countries = shipped_countries()
        return self._countries

    def _doc(self, board_id: str) -> SharedDoc:
        if not _ID.fullmatch(board_id or "") or len(board_id) > 80:
            raise BoardError("no_such_board", "board", board=clean_text(board_id, 40))
        if board_id not in self._docs:
            self._docs[board_id] = SharedDoc(self.root / f"{board_id}.json")
        return self._docs[board_id]

    # --- reading (anyone) ------------------------------------------------------------------

    def ids(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json") if _ID.fullmatch(p.stem))

    def boards(self) -> list[Board]:
        """Every board, the one opened last first."""
        out = [b for b in (self.board(i, missing_ok=True) for i in self.ids()) if b is not None]
        return sorted(out, key=lambda b: (b.opened, b.id), reverse=True)

    def latest_open(self) -> Board | None:
        """The board opened last that is not locked (where a team sends by default)."""
        return next((b for b in self.boards() if not b.locked), None)

    def board(self, board_id: str, *, missing_ok: bool = False) -> Board | None:
        doc = self._doc(board_id).read()
        if doc.get("format") != FORMAT:
            if missing_ok:
                return None
            raise BoardError("no_such_board", "board", board=board_id)
        return Board(
            id=board_id,
            title=str(doc.get("title", "")),
            opened=str(doc.get("opened", "")),
            locked=bool(doc.get("locked", False)),
            version=int(doc.get("version", 0)),
        )

    def version(self, board_id: str) -> int:
        """The board's number of changes (cheap: a `stat` when nothing changed)."""
        return self._doc(board_id).version()

    def entries(self, board_id: str, *, hidden: bool = False) -> list[Sent]:
        """The latest entry of each device, in the order first sent; hidden ones only when
        `hidden` (the facilitator's view)."""
        doc = self._doc(board_id).read()
        out = []
        for device, raw in dict(doc.get("entries", {})).items():
            sent = _sent(device, raw)
            if sent is not None and (hidden or not sent.hidden):
                out.append(sent)
        return sorted(out, key=lambda s: s.seq)

    # --- changing ------------------------------------------------------------------------

    def open(self, title: str, *, actor: Actor) -> Board:
        """A new board, open for sends. The facilitator's (`board.open`)."""
        require(actor, "board.open")
        return self._create(title, actor, lambda doc: None, "board.open", "", {})

    def _create(
        self,
        title: str,
        actor: Actor,
        fill: Callable[[dict[str, Any]], None],
        action: str,
        detail: str,
        facts: dict[str, Any],
    ) -> Board:
        """A new board titled `title`, `fill` putting what it starts with in its document, in
        one write, recorded as `action` with it (see the module docstring)."""
        title = " ".join(str(title).split())
        if not title or not re.search(r"\w", title):
            raise BoardError("no_title", "title")
        if len(title) > MAX_TITLE:
            raise BoardError("title_too_long", "title", n=len(title), max=MAX_TITLE)
        if len(self.ids()) >= MAX_BOARDS:
            raise BoardError("too_many_boards", "title", max=MAX_BOARDS, where=str(self.root))
        board_id = f"{slugify(title)[:40].strip('-') or 'board'}-{secrets.token_hex(3)}"

        def record() -> None:
            self.audit.record(actor, action, title, version=board_id, detail=detail, facts=facts)

        with self._doc(board_id).change(before_put=record) as doc:
            doc.update(
                format=FORMAT,
                title=clean_text(title, MAX_TITLE),
                opened=stamp(self.clock()),
                opened_by=actor.name[:200],
                locked=False,
                entries={},
                sends={},
                seq=0,
            )
            fill(doc)
        board = self.board(board_id)
        assert board is not None
        return board

    def send(self, board_id: str, entry: Entry, *, actor: Actor, device: Device) -> Sent:
        """Put a team's entry on an open board, in place of this device's earlier one. Raises
        BoardError (a bad entry, no such board), AccessDenied, or Refused (locked, too many
        sends from this device or address, the board full); nothing changes then."""
        require(actor, "board.send")
        if not isinstance(device, Device):
            raise TypeError(f"device= must be a roomstate.Device, not {type(device).__name__}")
        checked = check_entry(entry, self.countries)
        titled: list[str] = []

        def record() -> None:
            self.audit.record(
                actor,
                "board.send",
                titled[0],
                version=board_id,
                detail=f"{checked.team} ({checked.iso3})",
                facts={"team": checked.team, "iso3": checked.iso3, "device": device.key},
            )

        with self._doc(board_id).change(before_put=record) as doc:
            if doc.get("format") != FORMAT:
                raise BoardError("no_such_board", "board", board=board_id)
            if doc.get("locked"):
                raise Refused(actor, "board.send", "locked")
            titled.append(str(doc.get("title", board_id)))
            now = self.clock()
            sends = doc.setdefault("sends", {})
            entries = doc.setdefault("entries", {})
            new = device.key not in entries
            wait, code = self.limits.check(sends, device, now, new=new)
            if wait > 0:
                raise Refused(actor, "board.send", code, wait=wait)
            if new and len(entries) >= self.limits.devices:
                raise Refused(actor, "board.send", "full", max=self.limits.devices)
            self.limits.count(sends, device, now, new=new)
            doc["seq"] = seq = int(doc.get("seq", 0)) + 1
            before = entries.get(device.key) or {}
            entries[device.key] = {
                "team": checked.team,
                "iso3": checked.iso3,
                "link": checked.link,
                "commitment": checked.commitment,
                "who": actor.name[:200],
                "at": stamp(now),
                "seq": int(before.get("seq", seq)),  # a replaced tile keeps its place
                "hidden": bool(before.get("hidden", False)),
            }
            raw = entries[device.key]
        sent = _sent(device.key, raw)
        assert sent is not None
        return sent

    def to_file(self, board_id: str, *, actor: Actor) -> bytes:
        """The board as a file another laptop can load (`load`): its title, state and every
        entry, hidden ones marked; not the devices' keys (addresses stay in this room). The
        facilitator's (`board.export`)."""
        require(actor, "board.export")
        board = self.board(board_id)
        assert board is not None
        entries = [
            {
                "team": s.entry.team,
                "iso3": s.entry.iso3,
                "link": s.entry.link,
                "commitment": s.entry.commitment,
                "at": s.at,
                "hidden": s.hidden,
            }
            for s in self.entries(board_id, hidden=True)
        ]
        doc = {
            "format": FILE_FORMAT,
            "version": FILE_VERSION,
            "title": board.title,
            "opened": board.opened,
            "locked": board.locked,
            "entries": entries,
        }
        return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")

    def load(self, raw: bytes, *, actor: Actor, where: str = "") -> Board:
        """A board from a file saved on another laptop (`to_file`), as a new board of this
        room, locked as it was. Every entry is checked as a send is; a file that cannot be used
        raises BoardError (field 'file') saying what and where, and changes nothing."""
        require(actor, "board.open")
        if len(raw) > MAX_FILE_BYTES:
            raise BoardError(
                "file_too_large", "file", kb=len(raw) // 1024, max_kb=MAX_FILE_BYTES // 1024
            )
        try:
            doc = json.loads(raw.decode("utf-8-sig"))
        except json.JSONDecodeError as exc:
            raise BoardError("not_json", "file", line=exc.lineno, column=exc.colno) from None
        except (UnicodeDecodeError, RecursionError, ValueError):
            raise BoardError("not_ours", "file") from None
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            raise BoardError("not_ours", "file")
        if doc.get("version") != FILE_VERSION:
            raise BoardError(
                "file_version",
                "file",
                version=clean_text(doc.get("version"), 10),
                expected=FILE_VERSION,
            )
        raw_entries = doc.get("entries")
        if not isinstance(raw_entries, list) or len(raw_entries) > self.limits.devices:
            raise BoardError("bad_entries", "file", max=self.limits.devices)
        checked = []
        for n, e in enumerate(raw_entries, start=1):
            try:
                if not isinstance(e, dict):
                    raise BoardError("not_an_entry", "file")
                entry = check_entry(
                    Entry(
                        str(e.get("team", "")),
                        str(e.get("iso3", "")),
                        str(e.get("link", "")),
                        str(e.get("commitment", "")),
                    ),
                    self.countries,
                )
            except BoardError as exc:
                raise BoardError("bad_entry", "file", exc, n=n, reason=str(exc)) from None
            checked.append((entry, clean_text(e.get("at", ""), 20), bool(e.get("hidden"))))
        title = clean_text(doc.get("title", ""), MAX_TITLE) or (where or "board")
        locked = bool(doc.get("locked", False))

        def fill(d: dict[str, Any]) -> None:
            for n, (entry, at, hidden) in enumerate(checked, start=1):
                d["entries"][f"file:{n}"] = {
                    "team": entry.team,
                    "iso3": entry.iso3,
                    "link": entry.link,
                    "commitment": entry.commitment,
                    "who": f"file {where[:60]}".strip(),
                    "at": at,
                    "seq": n,
                    "hidden": hidden,
                }
            d["seq"] = len(checked)
            d["locked"] = locked

        facts = {"entries": len(checked), "locked": locked}
        return self._create(title, actor, fill, "board.load", where[:100], facts)

    def lock(self, board_id: str, *, actor: Actor, locked: bool = True) -> Board:
        """Lock a board (no more sends), or open it again (`locked=False`)."""
        require(actor, "board.lock")
        action = "board.lock" if locked else "board.unlock"
        titled: list[str] = []

        def record() -> None:
            self.audit.record(actor, action, titled[0], version=board_id)

        with self._doc(board_id).change(before_put=record) as doc:
            if doc.get("format") != FORMAT:
                raise BoardError("no_such_board", "board", board=board_id)
            titled.append(str(doc.get("title", "")))
            doc["locked"] = locked
        board = self.board(board_id)
        assert board is not None
        return board

    def hide(self, board_id: str, device: str, *, actor: Actor, hidden: bool = True) -> None:
        """Hide a tile from the board and its totals (`hidden=False`: show it again)."""
        require(actor, "board.hide")
        named: list[str] = []

        def record() -> None:
            self.audit.record(
                actor,
                "board.hide" if hidden else "board.show",
                named[0],
                version=board_id,
                facts={"device": device},
            )

        with self._doc(board_id).change(before_put=record) as doc:
            entries = doc.get("entries", {})
            if doc.get("format") != FORMAT or device not in entries:
                raise BoardError("no_such_board", "board", board=f"{board_id}/{device}")
            raw = entries[device]
            named.append(f"{raw.get('team', '')} ({raw.get('iso3', '')})")
            raw["hidden"] = hidden


def _sent(device: str, raw: object) -> Sent | None:
    """An entry as read from the file; None if it is not one (a file edited by hand)."""
    if not isinstance(raw, dict):
        return None
    try:
        return Sent(
            entry=Entry(
                team=str(raw["team"]),
                iso3=str(raw["iso3"]),
                link=str(raw["link"]),
                commitment=str(raw.get("commitment", "")),
            ),
            device=str(device),
            who=str(raw.get("who", "")),
            at=str(raw.get("at", "")),
            seq=int(raw.get("seq", 0)),
            hidden=bool(raw.get("hidden", False)),
        )
    except (KeyError, TypeError, ValueError):
        return None


# --- what a tile shows, and the region's totals --------------------------------------------


@dataclass(frozen=True)
class Tile:
    """A team's plan in the figures the board shows, from the core model of its scenario as
    set (ssw_core.plan.evaluate's `result`). Persons; None where the plan does not say (a
    horizon before 2030; no open cases; no pay or price for the cost)."""

    iso3: str
    currency: str
    horizon: int
    places_per_year: float
    """[places/year] Qualification places offered each year (the scenario's lever)."""
    s6_start: float
    """[persons] Category 6 at the start of the base year."""
    s6_target: float | None
    """[persons] Category 6 at the end of 2030 (None: the horizon ends before)."""
    zero_year: int | None
    """The year Category 6 reaches zero (None: not by the horizon; see `already_zero`)."""
    already_zero: bool
    back_by_horizon: bool
    """Category 6 reached zero and unqualified hiring brought it back by the horizon."""
    moved: float
    """[persons] Category 6 practitioners moved to limited-responsibility posts or made
    redundant by the end of 2030 (or the horizon, if earlier)."""
    caseload_target: float | None
    """[open cases per worker] At the end of 2030."""
    cost: float | None
    """[currency] The plan against standing still (ssw_core.plan.standing_still), summed over
    the years to the end of 2030; None where a pay or the price of a place is missing."""
    student_years: float
    """[student-years] Practitioners studying, summed over the years to the end of 2030."""

    @property
    def on_track(self) -> bool:
        """Category 6 at zero at the end of 2030 (the Call to Action's target)."""
        return self.s6_target is not None and self.s6_target < ELIMINATED_BELOW


def tile(iso3: str, outcome: Outcome) -> Tile:
    """The tile of a team's plan: its scenario as set, against standing still, each figure to
    the end of 2030 (the board compares plans to 2030, whatever each plan's horizon)."""
    result = outcome.result
    scenario = result.scenario
    reference = project(outcome.baseline, standing_still(scenario, scenario.horizon), outcome.costs)
    to_target = result.yearly.filter(pl.col("year") <= TARGET_YEAR)
    at_target = result.yearly.filter(pl.col("year") == TARGET_YEAR)
    ref_to_target = reference.yearly.filter(pl.col("year") <= TARGET_YEAR)
    cost = None
    if not (to_target["cost_total"].null_count() or ref_to_target["cost_total"].null_count()):
        cost = float(to_target["cost_total"].sum()) - float(ref_to_target["cost_total"].sum())
    caseload = at_target["caseload"].to_list()[0] if at_target.height else None
    return Tile(
        iso3=iso3,
        currency=outcome.costs.currency,
        horizon=int(scenario.horizon),
        places_per_year=float(scenario.qualification_places),
        s6_start=float(outcome.baseline.s6),
        s6_target=float(at_target["s6"][0]) if at_target.height else None,
        zero_year=result.elimination_year,
        already_zero=result.already_eliminated,
        back_by_horizon=result.back_by_horizon,
        moved=float((to_target["limited"] + to_target["redundant"]).sum()),
        caseload_target=None if caseload is None else float(caseload),
        cost=cost,
        student_years=float(to_target["in_course"].sum()),
    )


@dataclass(frozen=True)
class Totals:
    """The region's totals over the countries on the board, each counted once (its latest
    tile shown): only what adds up across countries. Money is not added (currencies). People
    and student-years are added as each country's latest tile shows them, whole (a sum of
    unrounded figures, rounded, was one off from the tiles)."""

    countries: int
    places_per_year: float
    moved: float
    student_years: float
    s6_start: float
    s6_target: float | None
    """[persons] Category 6 left at the end of 2030, summed; None when a plan's horizon ends
    before 2030 (`s6_target_missing` of them)."""
    s6_target_missing: int
    on_track: int


def one_per_country(tiles: Iterable[tuple[Sent, Tile]]) -> list[tuple[Sent, Tile]]:
    """Each country's latest entry (by when it was sent), hidden ones left out."""
    latest: dict[str, tuple[Sent, Tile]] = {}
    for sent, t in tiles:
        if sent.hidden:
            continue
        have = latest.get(t.iso3)
        if have is None or (sent.at, sent.seq) >= (have[0].at, have[0].seq):
            latest[t.iso3] = (sent, t)
    return [latest[k] for k in sorted(latest)]


def totals(tiles: Iterable[tuple[Sent, Tile]]) -> Totals:
    counted = [t for _, t in one_per_country(tiles)]
    missing = sum(1 for t in counted if t.s6_target is None)
    return Totals(
        countries=len(counted),
        places_per_year=sum(round(t.places_per_year) for t in counted),
        moved=sum(round(t.moved) for t in counted),
        student_years=sum(round(t.student_years) for t in counted),
        s6_start=sum(round(t.s6_start) for t in counted),
        s6_target=None if missing else sum(round(t.s6_target or 0.0) for t in counted),
        s6_target_missing=missing,
        on_track=sum(1 for t in counted if t.on_track),
    )
