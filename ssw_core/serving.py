"""How the dashboard is served: the settings a room reads from its environment, the CPUs this
process may use, and the address participants open. No Streamlit here: `scripts/room.py` (the
room and the container) and the Presentation page (`ui/present/saved.py`) both ask this module,
so the rule is written once.

    SSW_PUBLIC_URL   the address participants open, e.g. http://192.168.1.20:8501 or
                     https://dashboard.ministry.example. Needed in a container (it cannot
                     see the room's network); elsewhere the room finds it itself.
    SSW_WORKERS      a room's Streamlit processes (default: the CPUs this process may use)
    SSW_CAPACITY     open sessions beyond which newcomers are asked to wait (default 200)
    SSW_PER_DEVICE   open sessions one device may hold (default 20; 0: no limit)
    SSW_SENDS_PER_ADDRESS  what one address may send to one board or question a minute
                     (default: two for each device a board takes; `room_limits`)
    SSW_CONTAINER    set to 1 by the container image (Dockerfile): no address is guessed
    SSW_ROOM_LISTEN  set by scripts/room.py for its processes: where the room listens
                     ('0.0.0.0:8501'); each process itself listens on loopback

A wrong value stops the room with a message that names the variable (`SettingError`).
"""

from __future__ import annotations

import ipaddress
import math
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from ssw_core import environment
from ssw_core.roomstate import Limits

PUBLIC_URL_ENV = environment.PUBLIC_URL.name
WORKERS_ENV = environment.WORKERS.name
CAPACITY_ENV = environment.CAPACITY.name
PER_DEVICE_ENV = environment.PER_DEVICE.name
SENDS_PER_ADDRESS_ENV = environment.SENDS_PER_ADDRESS.name
CONTAINER_ENV = environment.CONTAINER.name
ROOM_LISTEN_ENV = environment.ROOM_LISTEN.name
DEFAULT_CAPACITY = 200
"""Open sessions of a whole room beyond which newcomers are told to wait (README, 'Serving a
room'): above what bench/room.py measured a 2-core laptop to serve."""
DEFAULT_PER_DEVICE = 20
"""Open sessions (and page loads in flight) one address may hold: a phone or a laptop with a
few tabs holds a few; a probe held 200 idle websockets from one device and filled the room.
The serving computer itself is not counted. 0: no limit (a room whose participants all
arrive from one address, behind a NAT or another proxy)."""


ROOM_DEVICES = 200
"""Devices a board or a question takes at least (more when the room admits more sessions)."""


class SettingError(ValueError):
    """A setting from the environment is wrong: the message names it and says what fits."""


def env_int(name: str, default: int, minimum: int = 1) -> int:
    """A whole number from the environment (`default` when unset or empty)."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingError(f"{name}={raw!r}: a whole number, e.g. {name}={default}") from None
    if value < minimum:
        raise SettingError(f"{name}={raw!r}: at least {minimum}")
    return value


def room_limits() -> Limits:
    """What participants may send to a board or a question (ssw_core.roomstate.Limits), from
    the room's settings. A document takes as many devices as the room admits sessions (at
    least ROOM_DEVICES). One address may send SSW_SENDS_PER_ADDRESS a minute (default: two for
    each device: a whole room behind one NAT address answering and correcting). Where nginx
    lets one address hold at most SSW_PER_DEVICE sessions, that address brings at most that
    many browsers, so it may bring at most that many new devices into a document a minute (a
    client minting route cookies gets no more); SSW_PER_DEVICE=0 (a room behind a NAT): a whole
    room's worth. SettingError names a wrong value."""
    devices = max(ROOM_DEVICES, env_int(CAPACITY_ENV, DEFAULT_CAPACITY))
    sessions = env_int(PER_DEVICE_ENV, DEFAULT_PER_DEVICE, minimum=0)
    default = Limits(devices=devices).address_sends
    return Limits(
        devices=devices,
        per_address=env_int(SENDS_PER_ADDRESS_ENV, default),
        new_per_address=sessions or None,
    )


def public_url() -> str | None:
    """SSW_PUBLIC_URL, checked (None when unset): http(s), a host, no query or fragment."""
    raw = os.environ.get(PUBLIC_URL_ENV, "").strip()
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        port = parts.port  # raises on a port that is not a number
    except ValueError:
        parts, port = None, None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise SettingError(
            f"{PUBLIC_URL_ENV}={raw!r}: an address such as "
            "http://192.168.1.20:8501 or https://dashboard.example.org"
        )
    if parts.query or parts.fragment or parts.username or parts.password or port == 0:
        raise SettingError(f"{PUBLIC_URL_ENV}={raw!r}: the address only (no user, query or #)")
    return raw.rstrip("/")


def in_container() -> bool:
    """Whether this process runs in our container image (its Dockerfile sets SSW_CONTAINER=1):
    its own network address is then one the room cannot reach. Declared by the image, not
    guessed: a container on the host's network, or a sandbox with a /.dockerenv, sees the
    room's network like a laptop does."""
    return os.environ.get(CONTAINER_ENV, "").strip() not in ("", "0")


def lan_address() -> str | None:
    """This computer's IPv4 address on the room's network (no packet is sent): the source
    address of its route to a private address. None: on no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("10.255.255.255", 1))
            address = str(s.getsockname()[0])
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


Why = Literal["", "this_computer_only", "container", "no_network"]


@dataclass(frozen=True)
class ParticipantAddress:
    """The address participants on the room's network open, or why there is none."""

    url: str | None
    why_none: Why = ""


def room_listen() -> tuple[str, int] | None:
    """Where the room this process serves listens (SSW_ROOM_LISTEN, 'host:port'); None: this
    process is not one of a room's (its own address and port are the room's)."""
    raw = os.environ.get(ROOM_LISTEN_ENV, "").strip()
    host, _, port = raw.rpartition(":")
    if not raw or not port.isdigit():
        return None
    return host.strip("[]"), int(port)


def participant_address(listen: str, port: int) -> ParticipantAddress:
    """Where participants reach a server that listens on `listen`:`port`: SSW_PUBLIC_URL when
    set; none when it listens on loopback only; none in a container (its own address is not
    the room's: SSW_PUBLIC_URL must say); else this computer's address on the room's network
    (all interfaces) or the one address it listens on."""
    if configured := public_url():
        return ParticipantAddress(configured)
    host = listen.strip().strip("[]")
    if _is_loopback(host):
        return ParticipantAddress(None, "this_computer_only")
    if in_container():
        return ParticipantAddress(None, "container")
    if host in ("", "0.0.0.0", "::"):
        found = lan_address()
        if found is None:
            return ParticipantAddress(None, "no_network")
        host = found
    shown = f"[{host}]" if ":" in host else host
    return ParticipantAddress(f"http://{shown}:{port}")


def phone_browser(user_agent: str | None) -> bool:
    """Whether a browser is a phone's, from its User-Agent: browsers on phones put 'Mobi' in
    it (Chrome's '... Mobile Safari/537.36', Safari's 'Mobile/15E148', Firefox's 'Mobile');
    tablets and laptops do not. Used to open a slide's link on a phone as the page it shows:
    nobody presents to a room from a phone."""
    return bool(user_agent) and "Mobi" in str(user_agent)


def usable_cpus(root: Path = Path("/")) -> int:
    """The CPUs this process may use: those it may run on (affinity), capped by its cgroup's CPU
    limit (a container's `--cpus`), at least 1. `root`: for tests, a tree standing for /."""
    if hasattr(os, "sched_getaffinity"):
        count = len(os.sched_getaffinity(0))
    else:  # pragma: no cover (not Linux)
        count = os.cpu_count() or 1
    limit = _cgroup_cpu_limit(root)
    if limit is not None:
        count = min(count, max(1, math.ceil(limit)))
    return max(1, count)


def _cgroup_cpu_limit(root: Path) -> float | None:
    """CPUs allowed by the cgroups this process is in (v2 `cpu.max`, or v1 CFS quota), the
    tightest on the way up to the root; None: no limit found."""
    try:
        lines = (root / "proc/self/cgroup").read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    limits: list[float] = []
    for line in lines:
        _, controllers, path = [*line.split(":", 2), "", ""][:3]
        rel = Path(path.strip().lstrip("/"))
        if controllers == "":  # cgroup v2: "max 100000" or "<quota> <period>"
            for folder in _up(root / "sys/fs/cgroup", rel):
                fields = (_read(folder / "cpu.max") or "").split()
                quota = _number(fields[0]) if fields else None
                period = _number(fields[1]) if len(fields) > 1 else 100_000.0
                if quota and period:
                    limits.append(quota / period)
        elif "cpu" in controllers.split(","):  # cgroup v1: a quota of -1 is none
            for name in ("cpu,cpuacct", "cpu"):
                for folder in _up(root / "sys/fs/cgroup" / name, rel):
                    quota = _number(_read(folder / "cpu.cfs_quota_us"))
                    period = _number(_read(folder / "cpu.cfs_period_us"))
                    if quota and period:
                        limits.append(quota / period)
    return min(limits) if limits else None


def _up(base: Path, rel: Path) -> list[Path]:
    """A cgroup's folder and those above it, up to the hierarchy's root."""
    return [base / rel, *(base / p for p in rel.parents)]


def _number(text: str | None) -> float | None:
    """A positive number, else None ('max', '-1', nothing)."""
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if value > 0 else None


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, ValueError):
        return None
