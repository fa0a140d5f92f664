"""Who may change what, decided in ssw_core: every method that changes shared data refuses a
viewer before anything else (nothing on disk changes), the rule that makes a connection's role,
the passcode and its limits, and the record of changes."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest

from ssw_core import access
from ssw_core import deck as d
from ssw_core.access import LOCAL, AccessDenied, Actor, Connection, Policy, decide
from ssw_core.audit import AuditLog
from ssw_core.userstore import UserStore
from tests.core.test_userstore import MDA

REPO = Path(__file__).resolve().parents[2]
VIEWER = Actor("participant (192.0.2.7)", "viewer", "room", "192.0.2.7")
EDITOR = Actor("ana@ministry.example", "editor", "signin", "192.0.2.8")
PAGES = ("overview", "country")


def _snapshot(root: Path) -> dict[str, str]:
    """Every file under root with the hash of its content and its modification time."""
    out = {}
    for p in sorted(root.rglob("*")):
        if p.is_file():
            out[str(p.relative_to(root))] = (
                hashlib.sha256(p.read_bytes()).hexdigest() + f":{p.stat().st_mtime_ns}"
            )
    return out


@pytest.fixture
def shared(tmp_path):
    """A user data folder with one version in use and one shared presentation."""
    user = UserStore(tmp_path)
    first = user.commit(MDA, b"first", "first.csv", actor=LOCAL)
    decks = d.DeckStore(tmp_path / "presentations")
    decks.save(d.make_deck("Atelier", [d.Slide("country", {"country": "MDA"})], PAGES), actor=LOCAL)
    return user, decks, first


def test_a_viewer_changes_nothing_by_any_method(shared, tmp_path):
    user, decks, first = shared
    before = _snapshot(tmp_path)
    attempts = [
        lambda: user.commit(MDA, b"mine", "mine.csv", actor=VIEWER),
        lambda: user.commit(MDA.head(0), b"", "bad.csv", actor=VIEWER),  # refused before checks
        lambda: user.activate(None, actor=VIEWER),
        lambda: user.activate("no-such-version", actor=VIEWER),
        lambda: decks.save(d.make_deck("Atelier", [], PAGES), actor=VIEWER),
        lambda: decks.save(d.make_deck("Mine", [], PAGES), actor=VIEWER),
        lambda: decks.delete("atelier", actor=VIEWER),
        lambda: decks.delete("../../etc", actor=VIEWER),  # refused before the name is checked
    ]
    for attempt in attempts:
        with pytest.raises(AccessDenied) as caught:
            attempt()
        assert isinstance(caught.value, PermissionError)
        assert "participant (192.0.2.7) (viewer)" in str(caught.value)
    assert _snapshot(tmp_path) == before  # not a byte, not a timestamp
    assert user.current_id() == first.id
    assert user.audit.read().entries[-1]["action"] == "deck.save"  # the fixture's, no more


def test_a_method_without_an_actor_is_refused(shared):
    user, decks, _ = shared
    with pytest.raises(TypeError):
        user.activate(None)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        decks.delete("atelier", actor="admin")  # type: ignore[arg-type]
    assert decks.names() == ["atelier"]


def test_an_editor_changes_and_the_record_says_who(shared):
    user, decks, first = shared
    second = user.commit(MDA, b"second", "second.csv", actor=EDITOR)
    user.activate(first.id, actor=EDITOR)
    decks.delete("atelier", actor=EDITOR)
    record = user.audit.read()
    assert record.problems == []
    actions = [(e["action"], e["who"], e["role"], e["version"]) for e in record.entries]
    assert actions == [
        ("upload", LOCAL.name, "admin", first.id),
        ("deck.save", LOCAL.name, "admin", "atelier"),
        ("upload", "ana@ministry.example", "editor", second.id),
        ("switch", "ana@ministry.example", "editor", first.id),
        ("deck.delete", "ana@ministry.example", "editor", "atelier"),
    ]
    assert record.entries[2]["address"] == "192.0.2.8"
    assert record.entries[2]["target"] == "second.csv"
    assert record.entries[3]["detail"] == f"was {second.id}"
    assert record.entries[3]["facts"] == {"previous": second.id}
    assert record.entries[2]["facts"] == {"figures": MDA.height, "countries": ["MDA"]}


def test_roles_rank():
    assert [Actor("x", r, "local").may("upload") for r in access.ROLES] == [False, True, True]
    assert [Actor("x", r, "local").may("settings") for r in access.ROLES] == [False, False, True]
    with pytest.raises(ValueError):
        Actor("x", "owner", "local")  # type: ignore[arg-type]


# --- who is who ----------------------------------------------------------------------------

ROOM = Policy()
SIGNIN = Policy(
    mode="signin",
    anonymous=False,
    editors=("@ministry.example", "group:data"),
    admins=("root@ministry.example",),
)


@pytest.mark.parametrize(
    ("conn", "role", "via"),
    [
        (Connection("127.0.0.1", "localhost:8501"), "admin", "room"),
        (Connection("::1", "[::1]:8501"), "admin", "room"),
        (Connection("127.0.0.1", "127.0.0.1:8501"), "admin", "room"),
        # one process listens dual-stack: a browser at http://127.0.0.1 arrives IPv4-mapped
        (Connection("::ffff:127.0.0.1", "127.0.0.1:8501"), "admin", "room"),
        (Connection("::ffff:127.0.0.1", "localhost:8501"), "admin", "room"),
        (Connection("127.0.0.2", "127.0.0.1:8501"), "admin", "room"),
        (Connection("::1", "localhost:8501"), "admin", "room"),
        # an IPv4 participant seen by a dual-stack server stays a participant
        (Connection("::ffff:10.1.2.3", "10.1.2.1:8501"), "viewer", "room"),
        (Connection("::ffff:10.1.2.3", "localhost:8501"), "viewer", "room"),
        (Connection("::ffff:127.0.0.1", "10.1.2.1:8501"), "viewer", "room"),
        (Connection("fe80::1%eth0", "[fe80::2]:8501"), "viewer", "room"),
        (Connection("not an address", "localhost:8501"), "viewer", "room"),
        # a participant on the room's network, through nginx (the address nginx saw)
        (Connection("192.168.1.23", "192.168.1.5:8501"), "viewer", "room"),
        # the facilitator's laptop by its network address: not loopback, a participant
        (Connection("192.168.1.5", "192.168.1.5:8501"), "viewer", "room"),
        # a loopback client asking for another name: a proxy that hid the client's address
        (Connection("127.0.0.1", "dashboard.ministry.example"), "viewer", "room"),
        # no connection at all (a harness) or no Host: never the facilitator
        (Connection(None, None), "viewer", "room"),
        (Connection("127.0.0.1", None), "viewer", "room"),
        # a participant with the passcode
        (Connection("192.168.1.23", "192.168.1.5:8501", unlocked=True), "viewer", "room"),
    ],
)
def test_the_room_rule(conn, role, via):
    actor = decide(ROOM, conn)
    assert actor is not None and (actor.role, actor.via) == (role, via)


@pytest.mark.parametrize(
    ("seen", "shown"),
    [
        ("::ffff:10.1.2.3", "10.1.2.3"),
        ("::ffff:127.0.0.1", "127.0.0.1"),
        ("10.1.2.3", "10.1.2.3"),
        ("2001:db8::7", "2001:db8::7"),
        ("fe80::1%eth0", "fe80::1"),
        (None, None),
        ("unknown", "unknown"),
    ],
)
def test_a_client_has_one_address_however_the_server_listens(seen, shown):
    assert access.client_address(seen) == shown
    actor = decide(ROOM, Connection(seen, "10.1.2.1:8501"))
    assert actor is not None and actor.address == shown
    assert actor.name == f"participant ({shown or 'unknown address'})"


def test_the_passcode_unlocks_only_when_one_is_set():
    with_code = Policy(passcode=access.hash_passcode("correct horse"))
    conn = Connection("192.168.1.23", "192.168.1.5:8501", unlocked=True)
    actor = decide(with_code, conn)
    assert actor is not None and (actor.role, actor.via) == ("editor", "passcode")
    assert actor.address == "192.168.1.23"
    assert actor.name == "facilitator (passcode)"  # names are public, addresses are not


@pytest.mark.parametrize(
    ("conn", "expected"),
    [
        (Connection("10.0.0.4", "h", email="root@ministry.example", signed_in=True), "admin"),
        (Connection("10.0.0.4", "h", email="Ana@Ministry.Example", signed_in=True), "editor"),
        (
            Connection("10.0.0.4", "h", email="b@other.example", groups=("Data",), signed_in=True),
            "editor",
        ),
        (Connection("10.0.0.4", "h", email="bo@other.example", signed_in=True), "viewer"),
        # lookalike domains are not the domain
        (Connection("10.0.0.4", "h", email="x@evilministry.example", signed_in=True), "viewer"),
        # not signed in: no anonymous viewing under this policy
        (Connection("10.0.0.4", "h", email="ana@ministry.example"), None),
        # loopback grants nothing on a ministry server
        (Connection("127.0.0.1", "localhost:8501"), None),
    ],
)
def test_the_signin_rule(conn, expected):
    actor = decide(SIGNIN, conn)
    assert (actor.role if actor else None) == expected


def test_lookalike_domain_rule():
    assert not access._matches(("@ministry.example",), "x@evilministry.example", ())
    assert access._matches(("@ministry.example",), "x@ministry.example", ())


def test_the_proxy_rule_trusts_headers_only_through_the_room():
    pol = Policy(mode="proxy", anonymous=False, editors=("ana@ministry.example",))
    forged = Connection("10.0.0.4", "h", email="ana@ministry.example", via_proxy=False)
    assert decide(pol, forged) is None
    through = Connection("10.0.0.4", "h", email="ana@ministry.example", via_proxy=True)
    assert decide(pol, through) == Actor("ana@ministry.example", "editor", "proxy", "10.0.0.4")


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"mode": "open"}, "mode = 'open': use one of room, signin, proxy"),
        ({"editors": "ana@x.org"}, "editors: a list of texts"),
        ({"editors": ["ana"]}, "'ana' is not an e-mail address"),
        ({"anonymous": "yes"}, "anonymous = 'yes': use true or false"),
        ({"passcode_hash": "hunter2"}, "passcode_hash: not a hash made by"),
        ({"pasword": "x"}, "pasword: not a setting"),
        ({"user_header": "X-Email; evil"}, "user_header = 'X-Email; evil': a header name"),
    ],
)
def test_a_wrong_configuration_says_which_key(raw, message):
    with pytest.raises(access.ConfigError) as caught:
        Policy.from_mapping(raw, "[access]")
    assert message in str(caught.value)
    assert str(caught.value).startswith("[access]")


def test_a_configuration_read():
    pol = Policy.from_mapping(
        {"mode": "signin", "editors": [" Ana@Ministry.example ", "group:Data"], "admins": []}
    )
    assert pol.editors == ("ana@ministry.example", "group:data")
    assert pol.anonymous is False  # default outside a room
    assert Policy.from_mapping(None) == Policy()  # no section: a room


# --- the passcode --------------------------------------------------------------------------


def test_the_passcode_is_stored_as_a_salted_hash():
    one, two = access.hash_passcode("correct horse"), access.hash_passcode("correct horse")
    assert one != two  # salted
    assert "correct horse" not in one
    assert access.check_passcode(one, "correct horse")
    assert not access.check_passcode(one, "correct hors")
    assert not access.check_passcode(one, "")
    with pytest.raises(ValueError):
        access.hash_passcode("short")


CODE = "correct horse battery"
STORED = access.hash_passcode(CODE)


def _tries(tmp_path, now, **limits):
    return access.Attempts(tmp_path / "a.json", window=600, clock=lambda: now[0], **limits)


def test_attempts_are_limited_per_device_and_for_the_room(tmp_path):
    now = [1000.0]
    tries = _tries(tmp_path, now, per_address=3, devices=2)
    assert tries.wait("10.0.0.1") == 0
    outcomes = [tries.try_passcode(STORED, "guess", "10.0.0.1") for _ in range(4)]
    assert [v.outcome for v in outcomes] == ["wrong", "wrong", "wrong", "too_many"]
    assert [v.wait for v in outcomes] == [0, 0, 600, 600]
    assert tries.try_passcode(STORED, CODE, "10.0.0.1").outcome == "too_many"  # not compared
    assert tries.wait("::ffff:10.0.0.1") == 600  # one device, however the server listens
    assert tries.try_passcode(STORED, "guess", "10.0.0.2").outcome == "wrong"
    # two devices have failed: the room's bound; the room gets one attempt a minute
    now[0] += 30
    assert tries.try_passcode(STORED, CODE, "10.0.0.3") == access.Verdict("too_many", 30)
    now[0] += 30
    assert tries.try_passcode(STORED, CODE, "10.0.0.3").unlocked  # its count taken back
    assert tries.try_passcode(STORED, "guess", "10.0.0.2") == access.Verdict("wrong", 60)
    assert tries.try_passcode(STORED, CODE, "10.0.0.2") == access.Verdict("too_many", 60)
    now[0] += 60
    assert tries.try_passcode(STORED, CODE, "10.0.0.2").unlocked
    now[0] += 601
    # another process counts the same attempts (one file)
    other = _tries(tmp_path, now, per_address=3, devices=2)
    assert other.failures() == tries.failures()
    (tmp_path / "a.json").write_text("{not json")  # a damaged file: counting starts again
    assert tries.wait("10.0.0.1") == 0


def test_the_right_passcode_takes_its_count_back(tmp_path):
    now = [1000.0]
    tries = _tries(tmp_path, now, per_address=2)
    assert tries.try_passcode(STORED, "guess", "10.0.0.1").outcome == "wrong"
    for _ in range(3):  # unlocking again and again never uses up the device's tries
        assert tries.try_passcode(STORED, CODE, "10.0.0.1").unlocked
    assert tries.failures() == {"10.0.0.1": 1}


def test_a_burst_of_tabs_gets_no_more_guesses_than_the_limit(tmp_path, monkeypatch):
    """20 tabs of one device submitting at once: at most 5 attempts are compared, and the
    right passcode among them unlocks only if it is one of those 5."""
    compared = []
    real = access.check_passcode

    def counting(stored, attempt):
        compared.append(attempt)
        return real(stored, attempt)

    monkeypatch.setattr(access, "check_passcode", counting)
    tries = access.Attempts(tmp_path / "a.json")
    guesses = [f"guess-{i}" for i in range(19)] + [CODE]
    with ThreadPoolExecutor(20) as pool:
        verdicts = list(pool.map(lambda g: tries.try_passcode(STORED, g, "10.0.0.7"), guesses))
    assert len(compared) <= tries.per_address == 5
    assert sum(v.outcome in ("wrong", "unlocked") for v in verdicts) == len(compared)
    assert sum(v.outcome == "too_many" for v in verdicts) >= 15
    assert any(v.unlocked for v in verdicts) == (CODE in compared)


def test_bursts_from_two_devices_never_lock_out_a_third(tmp_path):
    tries = access.Attempts(tmp_path / "a.json")
    devices = ["10.0.0.1"] * 35 + ["10.0.0.2"] * 35
    with ThreadPoolExecutor(20) as pool:
        list(pool.map(lambda d: tries.try_passcode(STORED, "guess", d), devices))
    assert tries.try_passcode(STORED, CODE, "10.0.0.3").unlocked


def test_one_machine_with_many_addresses_gets_few_guesses_and_locks_nobody_out(
    tmp_path, monkeypatch
):
    # A probe gave one laptop 32 addresses and reached the room's bound of 30 devices in
    # 10 s; under the earlier rule the right passcode was then refused to every other device
    # for 15 minutes. Now the room is paced: one attempt a minute, whoever makes it.
    compared = []
    real = access.check_passcode
    monkeypatch.setattr(access, "check_passcode", lambda s, a: compared.append(a) or real(s, a))
    now = [1000.0]
    tries = _tries(tmp_path, now)
    for i in range(40):
        for _ in range(5):
            tries.try_passcode(STORED, "guess", f"10.0.0.{i + 10}")
    # 29 devices' 5 each and the 30th's first: then the bound; nothing more this minute
    assert len(compared) == 29 * 5 + 1
    assert tries.try_passcode(STORED, CODE, "10.0.1.1").outcome == "too_many"
    now[0] += tries.pause
    assert tries.try_passcode(STORED, CODE, "10.0.1.1").unlocked  # within a minute
    # Over the rest of the window, the machine gets one guess a minute
    for _ in range(int(tries.window // tries.pause) - 1):
        for i in range(40):
            tries.try_passcode(STORED, "guess", f"10.0.2.{i + 10}")
        now[0] += tries.pause
    assert len(compared) <= 29 * 5 + 1 + 1 + tries.window // tries.pause - 1


def test_a_devices_ipv6_addresses_in_its_64_are_one_device(tmp_path):
    now = [1000.0]
    tries = _tries(tmp_path, now, per_address=2)
    for address in ("2001:db8:0:5::1", "2001:db8:0:5:a::2"):  # privacy addresses
        assert tries.try_passcode(STORED, "guess", address).outcome == "wrong"
    assert tries.try_passcode(STORED, CODE, "2001:db8:0:5::3").outcome == "too_many"
    assert tries.try_passcode(STORED, CODE, "2001:db8:0:6::1").unlocked  # another network
    assert tries.failures() == {"2001:db8:0:5::/64": 2}


def test_an_attempt_that_cannot_be_counted_is_refused_unchecked(tmp_path, monkeypatch):
    compared = []
    monkeypatch.setattr(access, "check_passcode", lambda *a: compared.append(a) or True)
    tries = access.Attempts(tmp_path / "a.json")

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    assert tries.try_passcode(STORED, CODE, "10.0.0.1") == access.Verdict("not_recorded", 0.0)
    assert compared == []  # the limit fails closed: nothing was compared, nothing unlocked
    assert not list(tmp_path.glob(".a.json.*"))  # no temporary file left


def test_only_the_facilitator_clears_the_counts(tmp_path):
    tries = access.Attempts(tmp_path / "a.json", per_address=1)
    tries.try_passcode(STORED, "guess", "10.0.0.1")
    with pytest.raises(access.AccessDenied):
        tries.clear(actor=Actor("participant (10.0.0.1)", "viewer", "room"))
    with pytest.raises(access.AccessDenied):
        tries.clear(actor=Actor("facilitator (passcode)", "editor", "passcode"))
    assert tries.wait("10.0.0.1") > 0
    tries.clear(actor=Actor("facilitator (this computer)", "admin", "room"))
    assert tries.wait("10.0.0.1") == 0 and tries.failures() == {}


# --- the record ----------------------------------------------------------------------------


def test_the_record_shows_an_edited_line(tmp_path):
    log = AuditLog(tmp_path / "audit.jsonl")
    for n in range(3):
        log.record(EDITOR, "upload", f"f{n}.csv", version=f"000{n}")
    lines = (tmp_path / "audit.jsonl").read_text().splitlines()
    entry = json.loads(lines[1])
    entry["who"] = "someone else"
    lines[1] = json.dumps(entry)
    (tmp_path / "audit.jsonl").write_text("\n".join(lines) + "\n")
    record = log.read()
    assert len(record.entries) == 3
    assert [str(p) for p in record.problems] == ["line 2: changed after it was written"]


def test_the_record_survives_a_crash_mid_write(tmp_path):
    # A process killed in the middle of writing an entry leaves half a line; the next entry is
    # whole, on a line of its own, and follows the last whole one.
    log = AuditLog(tmp_path / "audit.jsonl")
    log.record(EDITOR, "upload", "a.csv", version="0001")
    script = textwrap.dedent(f"""
        import os
        from ssw_core.audit import AuditLog
        from ssw_core.access import LOCAL
        orig_open = open
        def crash_open(*a, **k):
            f = orig_open(*a, **k)
            w = f.write
            def half(data):
                w(data[: len(data) // 2])
                f.flush()
                os._exit(9)  # killed mid-write
            f.write = half
            return f
        import builtins
        builtins.open = crash_open
        AuditLog({str(tmp_path / "audit.jsonl")!r}).record(LOCAL, "switch", "shipped")
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 9
    assert not (tmp_path / "audit.jsonl").read_bytes().endswith(b"\n")
    log.record(EDITOR, "upload", "b.csv", version="0002")
    record = log.read()
    assert [e["target"] for e in record.entries] == ["a.csv", "b.csv"]
    assert [str(p) for p in record.problems] == [
        "line 2: incomplete or not an entry (a write cut short?)"
    ]


def test_an_upload_is_recorded_before_it_is_in_use(tmp_path):
    # The record is written (and synced) before `current` moves: kill the commit right after
    # the record, and the record has the entry while the old version is still in use.
    user = UserStore(tmp_path)
    first = user.commit(MDA, b"first", "first.csv", actor=LOCAL)
    MDA.write_parquet(tmp_path / "f.parquet")
    script = textwrap.dedent(f"""
        import os
        import polars as pl
        from pathlib import Path
        import ssw_core.userstore as us
        from ssw_core.access import LOCAL
        from ssw_core.audit import AuditLog
        real = AuditLog.record
        def record_then_die(self, *a, **k):
            real(self, *a, **k)
            os._exit(9)
        AuditLog.record = record_then_die
        us.UserStore(Path({str(tmp_path)!r})).commit(
            pl.read_parquet({str(tmp_path / "f.parquet")!r}), b"x", "x.csv", actor=LOCAL)
    """)
    proc = subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert proc.returncode == 9
    assert user.current_id() == first.id
    assert [e["target"] for e in user.audit.read().entries] == ["first.csv", "x.csv"]


def test_figures_frame_unchanged_by_refusal(shared):
    user, _, first = shared
    with pytest.raises(AccessDenied):
        user.commit(MDA.with_columns(pl.lit("9").alias("value")), b"x", "x.csv", actor=VIEWER)
    assert user.figures(first.id).equals(user.figures(user.current_id()))


def _written(tmp_path, n=4):
    log = AuditLog(tmp_path / "audit.jsonl")
    for i in range(n):
        log.record(EDITOR, "upload", f"f{i}.csv", version=f"000{i}")
    return log, (tmp_path / "audit.jsonl").read_text().splitlines()


def _rewrite(tmp_path, lines):
    (tmp_path / "audit.jsonl").write_text("\n".join(lines) + "\n")


def _edit(line: str, **changes) -> str:
    return json.dumps({**json.loads(line), **changes}, ensure_ascii=False)


def _said(log) -> list[str]:
    return [str(p) for p in log.read().problems]


def test_an_untouched_record_has_no_problem(tmp_path):
    log, _ = _written(tmp_path)
    record = log.read()
    assert record.problems == [] and [e["seq"] for e in record.entries] == [1, 2, 3, 4]


def test_an_edited_last_entry_is_reported(tmp_path):
    log, lines = _written(tmp_path)
    lines[-1] = _edit(lines[-1], who="someone else")
    _rewrite(tmp_path, lines)
    assert _said(log) == [
        "line 4: the last entry is not the one the dashboard wrote (the "
        "record was rewritten after an edit?)"
    ]
    # the next entry follows the head, not the edited line: the edit stays visible
    log.record(EDITOR, "switch", "shipped")
    assert _said(log) == ["line 4: changed after it was written"]


def test_entries_cut_from_the_end_are_reported(tmp_path):
    log, lines = _written(tmp_path)
    _rewrite(tmp_path, lines[:2])
    assert _said(log) == ["the record ends early: entries after line 2 are missing: 2 (cut?)"]
    log.record(EDITOR, "switch", "shipped")  # the next entry does not hide the cut
    assert _said(log) == ["line 3: entries before it are missing: 2 (removed?)"]


def test_a_record_rechained_after_an_edit_is_reported(tmp_path):
    log, lines = _written(tmp_path)
    # an editor who knows the chain: change entry 2 and recompute every `prev` after it
    lines[1] = _edit(lines[1], target="innocent.csv")
    for i in range(2, len(lines)):
        prev = hashlib.sha256(lines[i - 1].encode()).hexdigest()
        lines[i] = _edit(lines[i], prev=prev)
    _rewrite(tmp_path, lines)
    assert _said(log) == [
        "line 4: the last entry is not the one the dashboard wrote (the "
        "record was rewritten after an edit?)"
    ]


def test_a_removed_or_inserted_entry_names_its_place(tmp_path):
    log, lines = _written(tmp_path)
    _rewrite(tmp_path, [lines[0], *lines[2:]])
    assert _said(log)[0] == "line 2: entries before it are missing: 1 (removed?)"
    _rewrite(tmp_path, [lines[0], lines[1], lines[1], *lines[2:]])
    assert _said(log)[0] == "line 3: not written by the dashboard (inserted, or out of order)"


def test_the_head_kept_beside_the_record_is_required(tmp_path):
    log, _ = _written(tmp_path)
    (tmp_path / "audit.head").unlink()
    assert _said(log) == ["the record's head (audit.head) is missing: its end cannot be checked"]
    (tmp_path / "audit.head").write_text("{not json")
    assert "is unreadable" in _said(log)[0]


def test_a_record_from_before_heads_goes_on_with_one(tmp_path):
    old = [
        json.dumps(
            {"at": "2026-11-01T10:00:00Z", "who": "x", "action": "upload", "prev": access_genesis()}
        )
    ]
    (tmp_path / "audit.jsonl").write_text(old[0] + "\n")
    log = AuditLog(tmp_path / "audit.jsonl")
    entry = log.record(EDITOR, "switch", "shipped")
    assert entry["seq"] == 2 and entry["prev"] == hashlib.sha256(old[0].encode()).hexdigest()
    assert log.read().problems == []


def access_genesis() -> str:
    from ssw_core.audit import GENESIS

    return GENESIS


@pytest.mark.parametrize(
    ("origin", "host", "allowed"),
    [
        ("http://192.168.1.20:8501", "192.168.1.20:8501", True),
        ("http://localhost:8501", "localhost:8501", True),
        ("http://LOCALHOST:8501", "localhost:8501", True),
        (None, "localhost:8501", True),  # not a browser: a script on this computer
        ("http://localhost:8888", "localhost:8501", False),  # a notebook's page on the laptop
        ("http://127.0.0.1:8888", "127.0.0.1:43123", False),
        ("http://evil.example", "192.168.1.20:8501", False),
        ("null", "localhost:8501", False),
        ("file://", "localhost:8501", False),
        ("http://localhost:8501", None, False),
    ],
)
def test_a_websocket_is_taken_from_a_page_of_this_server_only(origin, host, allowed):
    assert access.same_origin(origin, host) is allowed


def test_a_rooms_processes_answer_nginx_only():
    assert access.through_the_room("s3cret", "s3cret")
    assert not access.through_the_room(None, "s3cret")
    assert not access.through_the_room("s3cre", "s3cret")
    assert access.through_the_room(None, "")  # a process of its own: no token to prove


@pytest.mark.parametrize(
    ("conn", "allowed"),
    [
        (Connection("127.0.0.1", "localhost:8501"), True),
        (Connection("::ffff:127.0.0.1", "127.0.0.1:8501"), True),
        (Connection("192.168.1.23", "192.168.1.5:8501"), False),
        (Connection("192.168.1.23", "192.168.1.5:8501", unlocked=True), False),
        (Connection("127.0.0.1", "dashboard.ministry.example"), False),
        (Connection(None, None), False),
    ],
)
def test_only_the_serving_computer_clears_the_shared_caches(conn, allowed):
    assert access.may_clear_caches(conn) is allowed
