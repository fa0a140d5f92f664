"""The board of plans on screen (issue 24; the rules are ssw_core.board's): the projector's live
board, the facilitator's controls, the box a team sends its plan from in the Scenario lab, and
the board's files.

Live: the board's fragment is rerun from the server in each browser watching it when the board
or the room's questions change (`ui.base.push`: a `stat` per process eight times a second),
not the page, and nothing runs while nothing changes. The tiles are computed once per process
and board version (`tiles`: one model evaluation per tile, each cached by its link), and their
texts once per version and language (`shown_at`), so 150 watchers cost a redraw each per
change, not a model run or a page run each.
"""

from __future__ import annotations

import threading
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import polars as pl
import streamlit as st

from ssw_core import board as core
from ssw_core import export, paths
from ssw_core.access import AccessDenied
from ssw_core.board import Board, BoardError, BoardStore, Entry, Sent, Tile
from ssw_core.geo import FRAMES, served_name
from ssw_core.plan import Outcome
from ssw_core.projection import TARGET_YEAR
from ssw_core.roomstate import Refused
from ssw_core.serving import ParticipantAddress
from ssw_core.storage import NotSaved
from ui.base import charts, data, link, memo, push, session
from ui.base.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    fmt_day,
    fmt_num,
    geo_name,
    in_language,
    language,
    t,
    tn,
)
from ui.base.markdown import md_escape, md_plain
from ui.parts import access, credits, shell
from ui.parts.place import detail
from ui.parts.presenting import presenting
from ui.scenario.headline import pay_to_enter_text
from ui.scenario.inputs import build, from_link, link_values, missing_start, start_mark
from ui.scenario.model import Model, Workload, outcome_of
from ui.scenario.provenance import file_notes

SERVED = "app/static/geo/"  # as ui.monitor.maps serves the boundaries

TILE_COLUMNS = 3
"""Columns of tiles beside the map (one on a phone, where columns stack)."""
TILE_RULE = "\n\n---\n\n"
"""Between two tiles of a column."""
BOARD = link.Param[str]("board", __name__, "", case="lower", doc="the board shown")
_TEAM = session.Key[str]("board_team", __name__, doc="the team name this browser last sent")
_VIEW = "board_view"
"""The key of the board's fragment (its watcher reruns it alone)."""


def seen(board_id: str) -> tuple[int, int]:
    """What the board's figures depend on: its version, and the room's questions' (an answer
    offered to the lab changes where a country's plan starts)."""
    return store().version(board_id), data.question_store().version()


_LOCK = session.Key[bool]("board_lock", __name__, doc="the facilitator's lock / open button")
_HIDE = session.Key[list[str]](
    "board_hide_",
    __name__,
    family=True,
    doc="the tiles the facilitator hides (device keys), per board and version",
    relabelled=True,
)
_TARGET = session.Key[str]("board_target", __name__, doc="the board the send box sends to")
_SEND_OPEN = session.Key[bool](
    "board_send_open", __name__, doc="the send box is open (its content is drawn only then)"
)

STATUS = ("on_track", "not_on_track", "short", "no_plan")
STATUS_COLORS = {
    "on_track": "#1a7f37",
    "not_on_track": "#d1242f",
    "short": "#9a6700",
    "no_plan": "#c8c8c8",
}


def store() -> BoardStore:
    """The room's boards; one store per process, so a tick of an unchanged board reads it
    from memory after a `stat`."""
    return _store(str(paths.user_data_dir() / "boards"))


@memo.shared(maxsize=4)
def _store(root: str) -> BoardStore:
    return BoardStore(Path(root), limits=data.room_limits())


# --- the figures -----------------------------------------------------------------------------


@memo.shared(maxsize=1024)
def tile_of(iso3: str, lab_link: str, mark: str | None = None) -> Tile | str:
    """The tile of a plan (ssw_core.board.tile), or why its link cannot be evaluated. `mark`:
    what the lab starts the country from besides the data (the estimates offered to it,
    `inputs.start_mark`): a tile follows the lab as it opens the link now, in every process."""
    params = dict(parse_qsl(urlsplit(lab_link).query))
    try:
        _, inputs = from_link(params, data.version())
        return core.tile(iso3, outcome_of(inputs))
    except ValueError as exc:
        return str(exc)[:200]


@memo.shared(maxsize=16)
def tiles(
    board_id: str, version: int, hidden: bool = False, room: int = 0
) -> tuple[tuple[Sent, Tile | str], ...]:
    """Every entry of a board at a version, with its tile (made once per process). `room`:
    the version of the room's questions (`seen()`), whose offered answers start the lab."""
    return tuple(
        (s, tile_of(s.entry.iso3, s.entry.link, start_mark(s.entry.iso3)))
        for s in store().entries(board_id, hidden=hidden)
    )


def evaluated(rows: Sequence[tuple[Sent, Tile | str]]) -> list[tuple[Sent, Tile]]:
    return [(s, tl) for s, tl in rows if isinstance(tl, Tile)]


def status(tl: Tile | str) -> str:
    if not isinstance(tl, Tile):
        return "no_plan"
    if tl.s6_target is None:
        return "short"
    return "on_track" if tl.on_track else "not_on_track"


def money(value: float | None, currency: str) -> str:
    if value is None:
        return t("board.missing")
    return f"{fmt_num(value)} {currency}".strip()


def zero_text(tl: Tile) -> str:
    if tl.already_zero:
        return t("board.zero_already")
    if tl.zero_year is None:
        return t("board.zero_not", horizon=tl.horizon)
    if tl.back_by_horizon:
        return t("board.zero_back", year=tl.zero_year, horizon=tl.horizon)
    return t("board.zero_in", year=tl.zero_year)


# --- choosing a board ------------------------------------------------------------------------


def chosen() -> Board | None:
    """The board in the link, else the one opened last (None: no board yet)."""
    boards = store().boards()
    bad = BOARD.adopt([b.id for b in boards]) if BOARD.is_new() else None
    if bad is not None:
        st.warning(
            t("board.unknown", name=md_escape(bad.raw[: link.MAX_SHOWN])), icon=":material/warning:"
        )
    wanted = BOARD.value()
    found = next((b for b in boards if b.id == wanted), None)
    if found is None and boards:
        found = boards[0]
    BOARD.publish(found.id if found is not None and wanted else "")
    return found


# --- the facilitator's controls --------------------------------------------------------------


def _say(exc: Exception, *, named: bool = True) -> str:
    """A refusal or a bad board, entry or file in the user's language, saying what and where
    (`named`: with the field it concerns first). An entry of a board file says which entry and
    what is wrong with it, as a send of it would be told."""
    if isinstance(exc, Refused):
        return t(
            f"room.refused.{exc.code}",
            wait=f"{exc.wait:.0f}",
            **{k: str(v) for k, v in exc.values.items()},
        )
    if isinstance(exc, AccessDenied):
        return access.denied_text(exc)
    if isinstance(exc, NotSaved):
        return access.not_saved_text(exc)
    if isinstance(exc, BoardError):
        values = {k: md_escape(str(v)) for k, v in exc.values.items()}
        if exc.inner is not None:  # an entry of a file: which, and what is wrong with it
            values["reason"] = _say(exc.inner, named=exc.inner.field != exc.field)
        said = t(f"board.error.{exc.code}", **values)
        return t(f"board.field.{exc.field}") + ": " + said if named else said
    raise exc


def controls(shown: Board | None, room: Callable[[], ParticipantAddress]) -> None:
    """For the facilitator: open a board, lock it or open it again, hide a tile, take the
    board's files. Others see nothing of it (and the store would refuse them anyway)."""
    if presenting() or not access.may("board.open"):
        return
    with st.expander(t("board.run"), icon=":material/tune:", expanded=shown is None):
        with st.form("board_open", clear_on_submit=True, border=False):
            title = st.text_input(
                t("board.new_title"),
                placeholder=t("board.new_placeholder"),
                max_chars=core.MAX_TITLE,
            )
            if st.form_submit_button(t("board.open"), icon=":material/add:"):
                try:
                    made = store().open(title, actor=access.actor())
                    BOARD.key.set(made.id)
                    st.rerun()
                except (BoardError, AccessDenied, NotSaved) as exc:
                    st.error(_say(exc), icon=":material/error:")
        with st.form("board_load", clear_on_submit=True, border=False):
            upload = st.file_uploader(t("board.load_label"), type=["json"])
            if st.form_submit_button(t("board.load"), icon=":material/upload_file:"):
                if upload is None:
                    st.error(t("board.load_none"), icon=":material/error:")
                else:
                    try:
                        made = store().load(
                            upload.getvalue(), actor=access.actor(), where=upload.name
                        )
                        BOARD.key.set(made.id)
                        st.rerun()
                    except (BoardError, AccessDenied, NotSaved) as exc:
                        st.error(_say(exc), icon=":material/error:")
        if shown is None:
            return
        others = store().boards()
        if len(others) > 1:
            ids = [b.id for b in others]
            names = board_names(others)
            pick = st.selectbox(
                t("board.which"), ids, index=ids.index(shown.id), format_func=names.__getitem__
            )
            if pick != shown.id:
                BOARD.key.set(pick)
                st.rerun()
        row = st.container(horizontal=True)
        label = t("board.unlock") if shown.locked else t("board.lock")
        if row.button(
            label,
            icon=":material/lock_open:" if shown.locked else ":material/lock:",
            key=_LOCK.name,
        ):
            try:
                store().lock(shown.id, actor=access.actor(), locked=not shown.locked)
                st.rerun()
            except (AccessDenied, NotSaved, BoardError) as exc:
                st.error(_say(exc), icon=":material/error:")
        board_version, room_version = seen(shown.id)
        rows = tiles(shown.id, board_version, hidden=True, room=room_version)
        with row:
            downloads(shown, rows, room)
        if rows:
            names = {s.device: f"{s.entry.team} · {geo_name(s.entry.iso3)}" for s, _ in rows}
            hidden_now = [s.device for s, _ in rows if s.hidden]
            hide = st.multiselect(
                t("board.hidden"),
                list(names),
                default=hidden_now,
                format_func=names.__getitem__,
                key=_HIDE.item(f"{shown.id}-{shown.version}"),
            )
            if sorted(hide) != sorted(hidden_now):
                try:
                    for device in set(hide) ^ set(hidden_now):
                        store().hide(shown.id, device, actor=access.actor(), hidden=device in hide)
                    st.rerun()
                except (AccessDenied, NotSaved, BoardError) as exc:
                    st.error(_say(exc), icon=":material/error:")


def board_names(boards: Sequence[Board]) -> dict[str, str]:
    """Each board's name in the facilitator's chooser, every one different: its title, with
    when it was opened where titles repeat (a board loaded twice, or opened again under the
    same title), numbered if still alike. Streamlit tells a select box's options apart by
    their label: two alike were one (the older), and the next click showed that one."""
    titles = Counter(b.title for b in boards)
    names = {
        b.id: b.title
        if titles[b.title] == 1
        else t("board.which_option", title=b.title, date=fmt_day(b.opened), time=b.opened[11:16])
        for b in boards
    }
    alike = Counter(names.values())
    seen: Counter[str] = Counter()
    for b in reversed(boards):  # the older first: (1), (2)...
        name = names[b.id]
        if alike[name] > 1:
            seen[name] += 1
            names[b.id] = f"{name} ({seen[name]})"
    return names


# --- the live board ---------------------------------------------------------------------------


def live(shown: Board) -> None:
    """The board, redrawn within about `push.POLL` seconds of any change, without a reload:
    the board's fragment tells `ui.base.push` what it drew, and the server reruns that
    fragment alone in this browser when the board or the room's questions change (a
    `stat` of their files, once per process, every `push.POLL`). Nothing runs in between:
    a timer in each browser cost the room 0.4 cores while nothing changed and showed a send
    after up to a whole tick (bench/board.py)."""
    boards, questions = store(), data.question_store()

    def now() -> tuple[int, int]:  # from the push thread: no Streamlit in it
        return boards.version(shown.id), questions.version()

    @st.fragment(key=_VIEW)
    def view() -> None:
        drawn = boards.board(shown.id, missing_ok=True)
        if drawn is None:  # gone (a file removed by hand): the page says what it finds
            st.rerun()
        versions = now()
        draw(drawn, versions[1])
        push.watch(f"board:{drawn.id}", versions, now)  # drawn: the next may go

    st.subheader(md_escape(shown.title), anchor=False)  # a board's title never changes
    view()


@dataclass(frozen=True)
class Shown:
    """What the board shows at a version, in one language: the totals' metrics (label,
    value), each tile's Markdown (by its number) and the region of its map."""

    metrics: tuple[tuple[str, str], ...]
    tiles: tuple[tuple[int, str], ...]
    region: str | None


@memo.shared(maxsize=16)
def shown_at(board_id: str, version: int, room: int = 0) -> Shown:
    """The board's texts at a version, made once per process and language: every watcher that
    redraws the board only sends them."""
    rows = tiles(board_id, version, room=room)
    texts = tuple((sent.seq, tile_text(sent, tl)) for sent, tl in rows)
    return Shown(total_metrics(rows), texts, map_region(rows))


def total_metrics(rows: Sequence[tuple[Sent, Tile | str]]) -> tuple[tuple[str, str], ...]:
    """The board's totals as (what, value), in the current language (core.totals: each
    country once, hidden tiles left out)."""
    total = core.totals(evaluated(rows))
    return (
        (t("board.t.countries"), fmt_num(total.countries)),
        (t("board.t.places"), fmt_num(total.places_per_year)),
        (t("board.t.moved", year=TARGET_YEAR), fmt_num(total.moved)),
        (t("board.t.student_years", year=TARGET_YEAR), fmt_num(total.student_years)),
        (
            t("board.t.on_track", year=TARGET_YEAR),
            t("board.k_of_n", k=total.on_track, n=total.countries),
        ),
    )


_MAKING = threading.Lock()
"""Held while a board's texts are looked up or made: when a version changes, every watching
session of the process asks for them within the same second, and without it each would make
them (a model run per new tile, per session) at once."""


def draw(b: Board, room: int = 0) -> None:
    """The board at a version, below its title: what every watching browser is sent at each
    change. Each element and each layout block is a message to every watcher (and a layout
    block costs more than an element), so the board is few of them: the title above the
    fragment (it never changes), the tiles' columns and the map in one set of columns, a
    column of tiles one Markdown text. A card per tile (a container and its text) cost a
    redraw 38 ms of the server against 6 ms for one text of them all (bench/board.py)."""
    st.caption(t("board.locked_note" if b.locked else "board.open_note"))
    with _MAKING:
        shown = shown_at(b.id, b.version, room)
        spec = _map_spec(b.id, b.version, shown.region, room) if shown.region else None
    # Columns: one row on a projector, long labels wrapping in their column (a horizontal
    # row wrapped at 1280 px and put the fifth on a line of its own); stacked on a phone.
    for col, (label, value) in zip(st.columns(len(shown.metrics)), shown.metrics, strict=True):
        col.metric(label, value)
    with detail():  # on a slide, one click away
        st.caption(t("board.totals_note", year=TARGET_YEAR))
    if not shown.tiles:
        st.info(t("board.empty"), icon=":material/hourglass_empty:")
        return
    # The tiles in TILE_COLUMNS columns, in the order they came, down each column, the map in
    # one more beside them (one column on a phone: columns stack). Always TILE_COLUMNS: a tile
    # is as wide with one team on the board as with 34.
    *columns, right = st.columns(TILE_COLUMNS + 1, gap="medium")
    chunks = columns_of([text for _, text in shown.tiles], TILE_COLUMNS)
    for k, (col, texts) in enumerate(zip(columns, chunks, strict=False)):
        col.container(border=True, key=f"board_tiles_{k}").markdown(TILE_RULE.join(texts))
    if spec is not None:
        right.vega_lite_chart(spec, width="stretch")


def columns_of(items: Sequence[str], most: int) -> list[list[str]]:
    """`items` in at most `most` columns, in order down each, the first ones the longest."""
    n = min(most, len(items))
    if n == 0:
        return []
    size, extra = divmod(len(items), n)
    out, at = [], 0
    for k in range(n):
        take = size + (1 if k < extra else 0)
        out.append(list(items[at : at + take]))
        at += take
    return out


def facts(tl: Tile) -> list[str]:
    """A tile's figures in words (plain text: the caller escapes them)."""
    caseload = (
        t("board.tile.caseload_missing", year=TARGET_YEAR)
        if tl.caseload_target is None
        else t("board.tile.caseload", year=TARGET_YEAR, caseload=fmt_num(tl.caseload_target, 1))
    )
    return [
        t(
            "board.tile.places",
            places=tn("board.tile.places_a_year", tl.places_per_year),
            moved=tn("board.tile.moved", tl.moved, year=TARGET_YEAR),
        ),
        caseload,
        t(
            "board.tile.cost",
            year=TARGET_YEAR,
            cost=money(tl.cost, tl.currency),
            student_years=tn("scenario.student_years", tl.student_years),
        ),
    ]


def tile_text(sent: Sent, tl: Tile | str) -> str:
    """A tile in markdown, every participant's text escaped."""
    e = sent.entry
    lines = [f"**{md_escape(e.team)}** · {md_escape(geo_name(e.iso3))}"]
    if isinstance(tl, Tile):
        badge = {"on_track": "green", "not_on_track": "red", "short": "orange"}[status(tl)]
        lines.append(f":{badge}-badge[{md_escape(zero_text(tl))}]")
        lines += [md_escape(line) for line in facts(tl)]
    else:
        lines.append(":gray-badge[" + t("board.tile.unreadable") + "]")
    joiner = "&" if "?" in e.link else "?"
    lines.append(f"[{t('board.tile.open')}]({e.link}{joiner}present=1)")
    text = "  \n".join(lines)
    return f"{text}\n\n> {md_escape(e.commitment)}" if e.commitment else text


def map_region(rows: Sequence[tuple[Sent, Tile | str]]) -> str | None:
    """The region most shown tiles are in (None: none): the board maps it, each country
    coloured by its latest plan (a room is one region's; every tile is listed anyway)."""
    features = data.boundaries()["features"]
    region_of = {
        f["properties"]["iso3"]: f["properties"]["region"]
        for f in features
        if f["properties"]["iso3"]
    }
    counts = Counter(region_of.get(s.entry.iso3) for s, _ in rows if not s.hidden)
    return next((r for r, _ in counts.most_common() if r), None)


@memo.shared(maxsize=16)
def _map_spec(board_id: str, version: int, region: str, room: int) -> dict[str, object]:

    rows = tiles(board_id, version, room=room)
    latest = {
        s.entry.iso3: tl
        for s, tl in core.one_per_country([(s, tl) for s, tl in rows if isinstance(tl, Tile)])
    }
    unread = {s.entry.iso3 for s, tl in rows if not isinstance(tl, Tile)}
    features = [f for f in data.boundaries()["features"] if f["properties"]["region"] == region]
    values = []
    for f in features:
        iso3 = f["properties"]["iso3"]
        if not iso3:
            continue
        code = status(latest[iso3]) if iso3 in latest else "no_plan"
        if iso3 in unread and iso3 not in latest:
            code = "no_plan"
        values.append(
            {
                "iso3": iso3,
                "name": geo_name(iso3),
                "value": code,
                "text": t(f"board.status.{code}"),
                "flags": "",
                "flagged": False,
            }
        )
    frame = pl.DataFrame(
        values,
        schema={
            "iso3": pl.String,
            "name": pl.String,
            "value": pl.String,
            "text": pl.String,
            "flags": pl.String,
            "flagged": pl.Boolean,
        },
    )
    return charts.choropleth(
        features,
        frame,
        frame=FRAMES[region],
        value_title=t("board.map_title", year=TARGET_YEAR),
        status={c: (t(f"board.status.{c}"), STATUS_COLORS[c]) for c in STATUS},
        tooltip_titles={"country": t("table.country"), "flags": t("table.flags")},
        served=(SERVED + served_name(region, "ours"), SERVED + served_name(region, "context")),
        height=420,
        legend_right=False,
    )


# --- sending from the Scenario lab ------------------------------------------------------------


@st.fragment
def send_box(iso3: str | None, outcome: Outcome | None = None) -> None:
    """In the Scenario lab, while a board is open: send this plan to it, with a team name and
    a commitment. The link sent is the lab's view as the address holds it. A fragment of its
    own: opening the box or sending reruns the box, not the lab around it (in a busy room the
    lab's run made a send take seconds, bench/board.py)."""
    if presenting():
        return
    target = None
    if _SEND_OPEN.get() and _TARGET.get():
        # the box is open: it sends to the board it names, also once that board is locked (a
        # send is then refused by the board with the reason), never to another board still
        # open (an older one: a test board, yesterday's) without a word
        target = store().board(_TARGET.get() or "", missing_ok=True)
    if target is None:
        target = store().latest_open()
    if target is None:
        return
    _TARGET.set(target.id)
    box = st.popover(
        t("board.send"),
        icon=":material/campaign:",
        help=t("board.send_help", title=md_escape(target.title)),
        key=_SEND_OPEN.name,
        on_change="rerun",
    )
    if not box.open:
        return
    with box:
        st.markdown(t("board.send_to", title=md_escape(target.title)))
        if target.locked:
            st.warning(t("room.refused.locked"), icon=":material/lock:")
        if iso3 is None:
            st.info(t("board.send_country_first"), icon=":material/public:")
            return
        query = urlencode(sorted(link.in_address().items()))
        lab = f"scenario?{query}" if query else "scenario"
        preview(tile_of(iso3, lab, start_mark(iso3)), outcome)
        # No max_chars: Streamlit then drops a paste that would pass the limit without a word
        # (the box stays as it was); the board refuses a long text with its length instead.
        with st.form("board_send", border=False):
            team = st.text_input(
                t("board.team"),
                value=_TEAM.get() or "",
                placeholder=t("board.team_placeholder", country=geo_name(iso3)),
            )
            commitment = st.text_area(
                t("board.commitment"),
                placeholder=t("board.commitment_placeholder"),
            )
            # what the send did, just above the button: where the eyes are when it is pressed
            # (a phone scrolls the box to its button; at the box's top it went unseen)
            said = st.container()
            if st.form_submit_button(
                t("board.send_button", country=geo_name(iso3)),
                type="primary",
                icon=":material/send:",
            ):
                try:
                    sent = store().send(
                        target.id,
                        Entry(team, iso3, lab, commitment),
                        actor=access.actor(),
                        device=access.device(),
                    )
                    _TEAM.set(sent.entry.team)
                    said.success(
                        t("board.sent", title=md_escape(target.title)),
                        icon=":material/check_circle:",
                    )
                except (BoardError, AccessDenied, NotSaved) as exc:
                    said.error(_say(exc), icon=":material/error:")
        st.page_link(shell.page_path("board"), label=t("board.see"), icon=":material/dashboard:")


def preview(tl: Tile | str, outcome: Outcome | None = None) -> None:
    """What the team's tile will read, before it is sent: the plan as set on screen, each
    figure to 2030, the tile's own words. The lab's headline is the plan to zero, which may
    differ: a team whose plan falls short is told how to send the plan to zero instead (the
    trial read 1,640 student-years in the lab, 1,085 on the tile, and took one for the other)."""
    st.caption(t("board.send_preview", year=TARGET_YEAR))
    if isinstance(tl, Tile):
        lines = [md_escape(zero_text(tl)), *(md_escape(line) for line in facts(tl))]
    else:
        lines = [t("board.tile.unreadable")]
    with st.container(border=True):
        st.markdown("  \n".join(lines))
    if isinstance(tl, Tile) and not tl.on_track and outcome is not None and outcome.plan:
        button = t("scenario.use_plan", year=TARGET_YEAR)
        st.caption(t("board.send_short", year=TARGET_YEAR, button=button))


# --- the board's files ---------------------------------------------------------------------


def frame(rows: Sequence[tuple[Sent, Tile | str]], base: str) -> pl.DataFrame:
    """Every entry with every input (its link's parameters) and output, in the room's language."""
    out = []
    for s, tl in rows:
        good = tl if isinstance(tl, Tile) else None
        out.append(
            {
                t("board.col.team"): s.entry.team,
                t("board.col.country"): geo_name(s.entry.iso3),
                "iso3": s.entry.iso3,
                t("board.col.sent"): s.at,
                t("board.col.hidden"): s.hidden,
                t("board.col.commitment"): s.entry.commitment,
                t("board.col.places"): None if good is None else good.places_per_year,
                t("board.col.s6_start"): None if good is None else good.s6_start,
                t("board.col.s6_target", year=TARGET_YEAR): None
                if good is None
                else good.s6_target,
                t("board.col.zero_year"): None if good is None else good.zero_year,
                t("board.col.moved", year=TARGET_YEAR): None if good is None else good.moved,
                t("board.col.caseload", year=TARGET_YEAR): None
                if good is None
                else good.caseload_target,
                t("board.col.cost", year=TARGET_YEAR): None if good is None else good.cost,
                t("board.col.currency"): None if good is None else good.currency,
                t("board.col.student_years", year=TARGET_YEAR): None
                if good is None
                else good.student_years,
                t("board.col.on_track", year=TARGET_YEAR): None if good is None else good.on_track,
                t("board.col.inputs"): "; ".join(
                    f"{k}={v}" for k, v in parse_qsl(urlsplit(s.entry.link).query)
                ),
                t("board.col.link"): f"{base}/{s.entry.link}" if base else s.entry.link,
                t("board.col.problem"): "" if good is not None else str(tl),
            }
        )
    return pl.DataFrame(out)


def commitments_page(b: Board, rows: Sequence[tuple[Sent, Tile | str]], lang: str) -> bytes:
    """The printable commitments page in `lang`, whatever language the app is in now (issue
    24): every word from that language's catalogue, numbers, days and country names as that
    language writes them, a missing value as it says 'missing'; the teams' own words as typed
    (ssw_core.export escapes every text). Hidden tiles are left out, as on the board."""
    with language(lang):
        return export.commitments_html(commitments_texts(b, rows, lang))


def commitments_texts(
    b: Board, rows: Sequence[tuple[Sent, Tile | str]], lang: str
) -> export.CommitmentsPage:
    """The texts of the commitments page in the current language: the board's title and day,
    the totals first, then each team (by country name), then what the figures mean."""
    year = TARGET_YEAR
    shown = [(s, tl) for s, tl in rows if not s.hidden]
    teams = sorted(
        (_team_block(s, tl) for s, tl in shown), key=lambda x: (_folded(x.country), x.team)
    )
    if b.locked:
        when = t("board.print.when_locked", date=fmt_day(b.opened))
    else:
        now = time.gmtime()
        when = t(
            "board.print.when_open",
            date=fmt_day(b.opened),
            now=fmt_day(time.strftime("%Y-%m-%d", now)),
            time=time.strftime("%H:%M", now),
        )
    return export.CommitmentsPage(
        lang=lang,
        heading=t("board.commitments_title"),
        title=b.title,
        when=when,
        hint=t("board.print.hint"),
        totals_heading=t("board.print.totals"),
        totals=total_metrics(shown),
        totals_note=t("board.totals_note", year=year),
        teams_heading=t("board.print.teams"),
        teams_note=t("board.commitments_note"),
        teams=tuple(teams),
        no_teams=t("board.empty"),
        no_commitment=t("board.no_commitment"),
        sources_heading=t("board.print.sources"),
        notes_heading=t("board.print.notes"),
        notes=tuple(t(key, year=year) for key in _MEANS),
        footer=t(
            "board.print.footer",
            app=t("app.title"),
            date=fmt_day(time.strftime("%Y-%m-%d", time.gmtime())),
            data=credits.data_held(fmt_day),
        ),
    )


_MEANS = (
    "board.print.means.places",
    "board.print.means.s6",
    "board.print.means.moved",
    "board.print.means.caseload",
    "board.print.means.cost",
    "board.print.means.student_years",
    "board.print.means.model",
)
"""What each figure of the page means, in the order the page shows them."""
_NO_MONEY = {"pay": "board.print.no_pay", "place_cost": "board.print.no_place_cost"}
"""Why a plan's cost is missing (ssw_core.plan.Outcome.cost_missing), in words."""


def _team_block(s: Sent, tl: Tile | str) -> export.TeamBlock:
    e = s.entry
    if not isinstance(tl, Tile):
        return export.TeamBlock(geo_name(e.iso3), e.team, e.commitment, t("board.tile.unreadable"))
    status = zero_text(tl)
    if tl.horizon < TARGET_YEAR:
        status += ". " + t("board.print.short", horizon=tl.horizon, year=TARGET_YEAR)
    return export.TeamBlock(
        geo_name(e.iso3), e.team, e.commitment, status, plan_figures(tl), plan_notes(e.link)
    )


def plan_figures(tl: Tile) -> tuple[tuple[str, str], ...]:
    """A plan's figures to 2030 as (what, value), in the board's table's words."""
    year = TARGET_YEAR
    return (
        (t("board.col.places"), fmt_num(tl.places_per_year)),
        (t("board.col.s6_start"), fmt_num(tl.s6_start)),
        (t("board.col.s6_target", year=year), fmt_num(tl.s6_target)),  # the status says why
        (t("board.col.moved", year=year), fmt_num(tl.moved)),
        (t("board.col.caseload", year=year), fmt_num(tl.caseload_target, 1)),
        (t("board.col.cost", year=year), money(tl.cost, tl.currency)),
        (t("board.col.student_years", year=year), fmt_num(tl.student_years)),
    )


def plan_notes(lab_link: str) -> tuple[str, ...]:
    """Where a sent plan's figures come from, in the current language, as plain text: its
    starting point (a source and its year, a regional benchmark and its sources, a country
    team's estimate, or the team's own figures), the assumptions standing in for what no
    source gives, and the sources of its pay (the notes of the lab's cost chart file for the
    same link, ui.scenario.provenance.file_notes), and what its cost lacks. Empty where the
    link cannot be computed."""
    params = dict(parse_qsl(urlsplit(lab_link).query))
    try:
        here, shown = link_values(params, data.version())
        if missing_start(shown):
            return ()
        inputs = build(shown)
        m = Model(here, shown, inputs, outcome_of(inputs), Workload(None, None))
    except ValueError:
        return ()
    lines = [md_plain(line) for line in file_notes(m, "cost")]
    if m.outcome.cost_missing is not None:  # the money the plan cannot say, and why
        which = pay_to_enter_text(m.outcome)
        lines.append(t(_NO_MONEY[m.outcome.cost_missing], which=which))
    return tuple(lines)


def _folded(text: str) -> str:
    """A name as it sorts: case and accents set aside ('Ț' with 'T', 'ё' with 'е')."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def downloads(
    b: Board, rows: Sequence[tuple[Sent, Tile | str]], room: Callable[[], ParticipantAddress]
) -> None:
    """The board as CSV and Excel (every input, output and link), its file, and the
    commitments page in any of the app's languages (a button per language, by its name, under
    one 'Commitments page' button: the page in Romanian from an English screen). Each file is
    made when pressed; the facilitator's (board.export)."""
    if not access.may("board.export"):
        return
    base = (room().url or "").rstrip("/")
    who = access.actor()

    def table() -> pl.DataFrame:
        return frame(rows, base)

    def csv_file() -> bytes:
        return export.csv_bytes(table())

    def xlsx_file() -> bytes:
        return export.xlsx_bytes({"board": table()})

    stem = f"board-{b.id}"
    st.download_button(
        t("board.file"),
        in_language(lambda: store().to_file(b.id, actor=who)),
        file_name=f"{stem}.json",
        mime="application/json",
        icon=":material/save:",
        help=t("board.file_help"),
        on_click="ignore",
    )
    files = (
        ("board.csv", csv_file, f"{stem}.csv", "text/csv", "table"),
        (
            "board.xlsx",
            xlsx_file,
            f"{stem}.xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "grid_on",
        ),
    )
    for label, make, name, mime, icon in files:
        st.download_button(
            t(label),
            in_language(make),  # made when pressed, in the language of now
            file_name=name,
            mime=mime,
            icon=f":material/{icon}:",
            on_click="ignore",
        )
    with st.popover(t("board.commitments"), icon=":material/print:"):
        st.caption(t("board.print.choose"))
        for lang in LANGUAGES:
            st.download_button(
                LANGUAGE_NAMES[lang],
                _page_maker(b, rows, lang),  # made when pressed, in that language
                file_name=f"{stem}-commitments-{lang}.html",
                mime="text/html",
                icon=":material/print:",
                on_click="ignore",
                width="stretch",
            )


def _page_maker(
    b: Board, rows: Sequence[tuple[Sent, Tile | str]], lang: str
) -> Callable[[], bytes]:
    return lambda: commitments_page(b, rows, lang)
