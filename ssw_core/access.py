"""Who may change what: the acting user (`Actor`), the roles, and the one rule that decides a
connection's role (`decide`). Every method that changes data others see takes an `actor=` and
calls `require` as its first step, so a refused call has no effect at all; pages only ask
`Actor.may` to say why a control is not theirs to use.

Roles, each with the rights of those below it:

    viewer   explores everything; builds and downloads a presentation of their own
    editor   uploads figures, switches versions (rollback), saves and deletes shared
             presentations
    admin    besides, sees the access settings and the full record of changes

How a connection gets its role (`Policy.mode`, from `[access]` in .streamlit/secrets.toml):

    room     a workshop, offline: the computer that serves the dashboard is the
             facilitator (a loopback client: admin); everyone else on the network is a
             participant (viewer) unless they unlock editing with the facilitator's passcode
    signin   a ministry server: staff sign in with the organisation's identity provider
             (OpenID Connect); roles by e-mail address, domain or group; anonymous viewing
             only if `anonymous = true`
    proxy    behind the organisation's authenticating proxy, which names the user in trusted
             headers; trusted only on connections that came through the room's nginx

A passcode is stored only as a salted scrypt hash (`hash_passcode`), compared in constant time;
attempts are counted on disk for all processes of a room, each before it is compared
(`Attempts.try_passcode`).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import hmac
import ipaddress
import json
import secrets
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args
from urllib.parse import urlsplit

from ssw_core import environment, storage

Role = Literal["viewer", "editor", "admin"]
ROLES: tuple[Role, ...] = get_args(Role)
Mode = Literal["room", "signin", "proxy"]
MODES: tuple[Mode, ...] = get_args(Mode)
Via = Literal["room", "passcode", "signin", "proxy", "anonymous", "local"]

PROXY_TOKEN_ENV = environment.PROXY_TOKEN.name
"""The secret the room's nginx sends with every request (scripts/room.py makes or takes it)."""
VIA_HEADER = "X-SSW-Via"
"""The header that carries it (deploy/nginx.conf overwrites whatever a client sent)."""

# What each change needs. Every method that changes shared state names its action here.
ACTIONS: dict[str, Role] = {
    "upload": "editor",  # UserStore.commit
    "switch": "editor",  # UserStore.activate: rollback, forward, back to the shipped data
    "deck.save": "editor",  # DeckStore.save: a shared presentation
    "deck.delete": "editor",  # DeckStore.delete
    "settings": "admin",  # the access settings page
    "passcode.clear": "admin",  # Attempts.clear: lift a passcode lock-out
    # the room at work (ssw_core.board, ssw_core.questions, ssw_core.live): anyone in the room
    # sends a plan or answers a question; the facilitator runs the board, the questions and
    # the slide the room follows
    "board.send": "viewer",  # BoardStore.send: a team's plan, to an open board
    "board.open": "editor",  # BoardStore.open
    "board.lock": "editor",  # BoardStore.lock / unlock
    "board.hide": "editor",  # BoardStore.hide / show: a tile
    "board.export": "editor",  # the board's files (every input, output and link)
    "question.answer": "viewer",  # QuestionStore.answer
    "question.ask": "editor",  # QuestionStore.ask / close
    "question.offer": "editor",  # offer a question's answers to the Scenario lab, or not
    "question.accept": "admin",  # turn accepted answers into an upload version
    "live.publish": "editor",  # the slide the room follows
}
# Why each action is refused, in English (the app shows `access.denied.<action>`).
DENIED = {
    "upload": "uploading figures needs an editor",
    "switch": "switching the version of the data needs an editor",
    "deck.save": "saving a shared presentation needs an editor",
    "deck.delete": "deleting a shared presentation needs an editor",
    "settings": "the access settings are for an admin",
    "passcode.clear": "lifting a passcode lock-out is for the facilitator",
    "board.send": "sending a plan to the board needs a viewer",
    "board.open": "opening a board is for the facilitator",
    "board.lock": "locking or opening a board again is for the facilitator",
    "board.hide": "hiding a team's tile is for the facilitator",
    "board.export": "the board's files are for the facilitator",
    "question.answer": "answering needs a viewer",
    "question.ask": "asking the room a question is for the facilitator",
    "question.offer": "offering the room's answers to the Scenario lab is for the facilitator",
    "question.accept": "turning answers into a version of the data is for an admin",
    "live.publish": "choosing the slide the room follows is for the facilitator",
}


class AccessDenied(PermissionError):
    """A role that may not act tried to change shared data; nothing was changed."""

    def __init__(self, actor: Actor, action: str) -> None:
        self.actor = actor
        self.action = action
        super().__init__(f"{actor.name} ({actor.role}): {DENIED.get(action, action)}")


class ConfigError(ValueError):
    """The access configuration is wrong: says which key and why."""


@dataclass(frozen=True)
class Actor:
    """The user behind a change, as the record shows them. `via`: where the identity came
    from; `address`: the client's network address as the server saw it (None: unknown)."""

    name: str
    role: Role
    via: Via
    address: str | None = None

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise ValueError(f"unknown role {self.role!r} (roles: {', '.join(ROLES)})")

    def may(self, action: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(ACTIONS[action])


def require(actor: Actor, action: str) -> None:
    """Raise AccessDenied unless `actor` may do `action`. The first step of every change."""
    if not isinstance(actor, Actor):
        raise TypeError(f"actor= must be an access.Actor, not {type(actor).__name__}")
    if not actor.may(action):
        raise AccessDenied(actor, action)


# A person running a script or a test on the server itself (a notebook, scripts/*, tests).
LOCAL = Actor("this computer (a script)", "admin", "local")


# --- configuration ------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    """The access settings of one dashboard (`[access]` in .streamlit/secrets.toml)."""

    mode: Mode = "room"
    anonymous: bool = True
    editors: tuple[str, ...] = ()
    admins: tuple[str, ...] = ()
    passcode: str | None = None
    user_header: str = "X-Forwarded-Email"
    groups_header: str = "X-Forwarded-Groups"

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any] | None, where: str = "[access]") -> Policy:
        """Read and check a configuration; a wrong one raises ConfigError naming its key."""
        raw = dict(raw or {})
        known = {
            "mode",
            "anonymous",
            "editors",
            "admins",
            "passcode_hash",
            "user_header",
            "groups_header",
        }
        for key in raw:
            if key not in known:
                raise ConfigError(
                    f"{where} {key}: not a setting (settings: {', '.join(sorted(known))})"
                )
        mode = raw.get("mode", "room")
        if mode not in MODES:
            raise ConfigError(f"{where} mode = {mode!r}: use one of {', '.join(MODES)}")
        anonymous = raw.get("anonymous", mode == "room")
        if not isinstance(anonymous, bool):
            raise ConfigError(f"{where} anonymous = {anonymous!r}: use true or false")
        lists = {}
        for key in ("editors", "admins"):
            value = raw.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(
                    f'{where} {key}: a list of texts, e.g. ["ana@example.org", '
                    f'"@ministry.example", "group:data-team"]'
                )
            lists[key] = tuple(_rule(v, f"{where} {key}") for v in value)
        passcode = raw.get("passcode_hash")
        if passcode is not None:
            if not isinstance(passcode, str):
                raise ConfigError(
                    f"{where} passcode_hash: a text made by `python -m ssw_core.access passcode`"
                )
            _parse_hash(passcode, f"{where} passcode_hash")
        headers = {}
        for key in ("user_header", "groups_header"):
            value = raw.get(key, getattr(cls, key))
            if not isinstance(value, str) or not value.replace("-", "").isalnum():
                raise ConfigError(
                    f"{where} {key} = {value!r}: a header name, e.g. X-Forwarded-Email"
                )
            headers[key] = value
        return cls(
            mode=mode,
            anonymous=anonymous,
            editors=lists["editors"],
            admins=lists["admins"],
            passcode=passcode,
            **headers,
        )


def _rule(text: str, where: str) -> str:
    """An e-mail address, a domain ('@ministry.example') or a group ('group:name')."""
    rule = text.strip().lower()
    if rule.startswith("group:") and len(rule) > 6:
        return rule
    if rule.startswith("@") and "." in rule and " " not in rule:
        return rule
    if rule.count("@") == 1 and not rule.startswith("@") and "." in rule.split("@")[1]:
        return rule
    raise ConfigError(f"{where}: {text!r} is not an e-mail address, '@domain' or 'group:name'")


def _matches(rules: tuple[str, ...], email: str | None, groups: tuple[str, ...]) -> bool:
    mail = (email or "").strip().lower()
    mine = {f"group:{g.strip().lower()}" for g in groups}
    for rule in rules:
        if rule.startswith("group:"):
            if rule in mine:
                return True
        elif rule.startswith("@"):
            if mail.endswith(rule):
                return True
        elif mail == rule:
            return True
    return False


# --- who is who -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Connection:
    """What the server knows of a browser's connection. `address`: the client's address as
    the server saw it (through the room's nginx: the address nginx saw; None: unknown).
    `email`/`groups`/`name`: from the identity provider (signin) or the trusted proxy headers
    (proxy); `unlocked`: the facilitator's passcode was given in this session."""

    address: str | None
    host: str | None = None
    email: str | None = None
    name: str | None = None
    groups: tuple[str, ...] = ()
    signed_in: bool = False
    unlocked: bool = False
    via_proxy: bool = False
    """The request came through the room's nginx (it carried the room's token)."""

    @property
    def loopback(self) -> bool:
        """A browser on the serving computer itself: a loopback client that also asked for a
        loopback host (`Host: localhost:8501`). A loopback client asking for another name
        came through a proxy that did not pass the client's address on: not local."""
        return _is_loopback(self.address) and _is_loopback(_host_name(self.host))


def _ip(address: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """An address as the machine means it: an IPv4-mapped IPv6 address ('::ffff:10.1.2.3', how
    a dual-stack server sees an IPv4 client) is the IPv4 address; a zone ('%eth0') is dropped.
    None: not an address."""
    try:
        ip = ipaddress.ip_address((address or "").split("%")[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    return ip


def client_address(address: str | None) -> str | None:
    """A client's address as the record and the page show it: '::ffff:10.1.2.3' -> '10.1.2.3'
    (one device, one address, however the server listens); other text unchanged."""
    ip = _ip(address)
    return address if ip is None else str(ip)


def _is_loopback(address: str | None) -> bool:
    """Python 3.11 does not call '::ffff:127.0.0.1' loopback (3.13 does); a one-process
    Streamlit listens dual-stack, so a browser at http://127.0.0.1 arrives as that."""
    if address == "localhost":
        return True
    ip = _ip(address)
    return ip is not None and ip.is_loopback


def _host_name(host: str | None) -> str | None:
    """'localhost:8501' -> 'localhost'; '[::1]:8501' -> '::1'."""
    if not host:
        return None
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]")[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def same_origin(origin: str | None, host: str | None) -> bool:
    """Whether a browser's websocket comes from a page of the server it connects to: its
    Origin names the Host it asks for. Streamlit itself accepts any page of `localhost` (so a
    page of another local server, a notebook at http://localhost:8888, would be the
    facilitator). No Origin: not a browser (a script on this computer)."""
    if origin is None:
        return True
    try:
        parts = urlsplit(origin)
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(host)
        and parts.netloc.lower() == (host or "").strip().lower()
    )


def through_the_room(via: str | None, token: str) -> bool:
    """Whether a request came through the room's nginx, which sends the room's token with
    every request (`VIA_HEADER`); always when no token is set (a process of its own)."""
    if not token:
        return True
    return hmac.compare_digest((via or "").encode(), token.encode())


def may_clear_caches(conn: Connection) -> bool:
    """Clearing the caches every session shares (Streamlit's 'clear_cache' message, sent by
    any page) slows the whole room: the serving computer only, in every mode."""
    return conn.loopback


def decide(policy: Policy, conn: Connection) -> Actor | None:
    """The role of a connection under a policy; None: the user must sign in first."""
    where = client_address(conn.address)
    if policy.mode == "room":
        if conn.loopback:
            return Actor("facilitator (this computer)", "admin", "room", where)
        if conn.unlocked and policy.passcode:
            # (no address in the name: names are shown to everyone in the record of
            # changes, addresses only to admins)
            return Actor("facilitator (passcode)", "editor", "passcode", where)
        return Actor(f"participant ({where or 'unknown address'})", "viewer", "room", where)
    if policy.mode == "signin" and conn.signed_in and conn.email:
        return Actor(conn.email, _role(policy, conn), "signin", where)
    if policy.mode == "proxy" and conn.via_proxy and conn.email:
        return Actor(conn.email, _role(policy, conn), "proxy", where)
    if policy.anonymous:
        return Actor(f"anonymous ({where or 'unknown address'})", "viewer", "anonymous", where)
    return None


def _role(policy: Policy, conn: Connection) -> Role:
    if _matches(policy.admins, conn.email, conn.groups):
        return "admin"
    if _matches(policy.editors, conn.email, conn.groups):
        return "editor"
    return "viewer"


# --- the passcode ----------------------------------------------------------------------------

MIN_PASSCODE = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def hash_passcode(passcode: str, salt: bytes | None = None) -> str:
    """'scrypt$n$r$p$salt$hash' (base64): what `passcode_hash` holds; never the passcode."""
    if len(passcode) < MIN_PASSCODE:
        raise ValueError(f"a passcode has at least {MIN_PASSCODE} characters")
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(passcode.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    parts = [str(_SCRYPT[k]) for k in ("n", "r", "p")]
    return "$".join(["scrypt", *parts, _b64(salt), _b64(digest)])


def check_passcode(stored: str, attempt: str) -> bool:
    """Whether `attempt` is the passcode behind `stored`, compared in constant time."""
    n, r, p, salt, digest = _parse_hash(stored, "passcode_hash")
    tried = hashlib.scrypt(
        attempt.encode("utf-8")[:1024], salt=salt, n=n, r=r, p=p, dklen=len(digest), maxmem=2**26
    )
    return hmac.compare_digest(tried, digest)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _parse_hash(stored: str, where: str) -> tuple[int, int, int, bytes, bytes]:
    parts = stored.split("$")
    try:
        if len(parts) != 6 or parts[0] != "scrypt":
            raise ValueError
        n, r, p = (int(x) for x in parts[1:4])
        salt, digest = (
            base64.b64decode(parts[4], validate=True),
            base64.b64decode(parts[5], validate=True),
        )
        if not (
            2**10 <= n <= 2**20
            and 1 <= r <= 32
            and 1 <= p <= 4
            and len(salt) >= 8
            and len(digest) >= 16
        ):
            raise ValueError
    except ValueError:
        raise ConfigError(
            f"{where}: not a hash made by `python -m ssw_core.access passcode`"
        ) from None
    return n, r, p, salt, digest


Outcome = Literal["unlocked", "wrong", "too_many", "not_recorded"]


@dataclass(frozen=True)
class Verdict:
    """What became of one passcode attempt. `wait`: seconds before this device may try again
    (0: now). Only `unlocked` and `wrong` were compared with the passcode."""

    outcome: Outcome
    wait: float = 0.0

    @property
    def unlocked(self) -> bool:
        return self.outcome == "unlocked"


@dataclass
class Attempts:
    """Passcode attempts, counted on disk so that every process of a room counts the same
    ones. `try_passcode` decides an attempt in one step: under one lock it checks the limits
    and counts the attempt before the passcode is compared (a burst of tabs cannot slip
    guesses between a check and its count), compares it without the lock (scrypt), and takes
    the count back if it was right. An attempt that cannot be counted (a full disk, an
    unreadable file) is refused, never compared: the limit fails closed.

    Limits in any `window` seconds: `per_address` failed attempts from one device (an IPv6
    device by its /64: its privacy addresses are one device); once `devices` devices have
    failed, the whole room gets one attempt every `pause` seconds, whoever makes it. That
    bounds the guesses of one machine that takes many addresses (a probe took 32 on one
    laptop and, under the earlier rule, locked every other device out for 15 minutes) while
    a co-facilitator still gets in within about `pause` seconds. The facilitator on the
    serving computer can clear the counts (`clear`)."""

    path: Path
    per_address: int = 5
    devices: int = 30
    window: float = 15 * 60
    pause: float = 60
    clock: Any = field(default=time.time, repr=False)

    def wait(self, address: str | None) -> float:
        """Seconds before `address` may try again (0: now); an unreadable count: the window."""
        try:
            with self._state() as state:
                return self._wait(state, _key(address))
        except OSError:
            return self.window

    def try_passcode(self, stored: str, attempt: str, address: str | None) -> Verdict:
        """Decide one attempt from `address` against the hash `stored` (see the class)."""
        key = _key(address)
        try:
            with self._state(write=True) as state:
                wait = self._wait(state, key)
                if wait > 0:
                    raise _Refused(wait)
                mark = self.clock()
                state.setdefault(key, []).append(mark)
        except _Refused as refused:
            return Verdict("too_many", refused.wait)
        except OSError:
            return Verdict("not_recorded", 0.0)
        if check_passcode(stored, attempt):
            # a count left behind (it could not be taken back) only limits, never opens
            with contextlib.suppress(OSError), self._state(write=True) as state:
                if mark in state.get(key, []):
                    state[key].remove(mark)
            return Verdict("unlocked")
        try:
            with self._state() as state:
                return Verdict("wrong", self._wait(state, key))
        except OSError:
            return Verdict("wrong", self.window)

    def clear(self, *, actor: Actor) -> None:
        """Forget every counted attempt (the facilitator, when a room's devices are locked
        out). An admin's action."""
        require(actor, "passcode.clear")
        with self._state(write=True) as state:
            state.clear()

    def failures(self) -> dict[str, int]:
        """Attempts counted in the window, per device."""
        with self._state() as state:
            self._wait(state, "?")
            return {k: len(v) for k, v in state.items()}

    def _wait(self, state: dict[str, list[float]], address: str) -> float:
        now = self.clock()
        for key in list(state):
            state[key] = [t for t in state[key] if now - t < self.window]
            if not state[key]:
                del state[key]
        waits = [0.0]
        mine = state.get(address, [])
        if len(mine) >= self.per_address:
            waits.append(mine[-self.per_address] + self.window - now)
        if len(state) >= self.devices:
            # the room's bound: one attempt every `pause` seconds, for the whole room
            latest = max(max(times) for times in state.values())
            waits.append(latest + self.pause - now)
        return max(waits)

    @contextlib.contextmanager
    def _state(self, write: bool = False) -> Iterator[dict[str, list[float]]]:
        """The counts, under an exclusive lock of every process; written back (atomically)
        when `write`. Raises OSError when the counts cannot be read or written."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path.with_suffix(".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                try:
                    state = json.loads(self.path.read_text(encoding="utf-8"))
                    if not isinstance(state, dict):
                        state = {}
                except FileNotFoundError:
                    state = {}
                except ValueError:
                    state = {}  # a damaged file: counting starts again
                state = {
                    str(k): [float(t) for t in v if isinstance(t, (int, float))]
                    for k, v in state.items()
                    if isinstance(v, list)
                }
                yield state
                if write:
                    storage.write(self.path, json.dumps(state).encode())
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)


class _Refused(Exception):
    def __init__(self, wait: float) -> None:
        self.wait = wait


def _key(address: str | None) -> str:
    """The device an attempt is counted against: its IPv4 address, or its IPv6 /64 (a device
    forms addresses in its /64 at will; one network is one device here)."""
    ip = _ip(address)
    if ip is not None and ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return client_address(address) or "?"


def _main(argv: list[str]) -> int:
    import getpass

    if argv != ["passcode"]:
        print("usage: python -m ssw_core.access passcode")
        return 2
    first = getpass.getpass(f"Facilitator's passcode (at least {MIN_PASSCODE} characters): ")
    if getpass.getpass("Again: ") != first:
        print("The two differ; nothing written.")
        return 1
    try:
        line = hash_passcode(first)
    except ValueError as exc:
        print(exc)
        return 1
    print("Put this line under [access] in .streamlit/secrets.toml:\n")
    print(f'passcode_hash = "{line}"')
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(_main(sys.argv[1:]))
