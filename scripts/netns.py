"""A participant's network, for the room tests and benchmarks: a network namespace joined to
this computer by a veth pair, its link shaped like a conference Wi-Fi, and nothing else
touched (no other host, no route, no forwarding). A browser or a client run inside it reaches
the room at `host_ip` as a phone on the room's network does: from another address, over a link
slower than loopback. Needs root and iproute2 (`ip`, `tc`).

    with participant_network(rate_mbit=30) as net:
        subprocess.run(net.inside(["curl", f"http://{net.host_ip}:8501/"]))
        chromium = net.wrapper("/usr/bin/chromium", folder)   # for Playwright's executable_path

The link is shaped with tc's token bucket (`tbf`) in both directions. This kernel has no
`netem`, so the delay of a Wi-Fi (~20 ms each way) is not added here: a client that needs it
adds it itself (bench/wifi.py).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUBNETS = range(40, 250)
"""Third octets of the 10.231.x.0/24 networks tried, first unused first."""


class Unavailable(RuntimeError):
    """No namespace can be made here (not root, no iproute2): the message says why."""


@dataclass(frozen=True)
class Link:
    name: str  # the namespace
    host_if: str  # this computer's end of the veth pair
    host_ip: str  # where the room is reached from inside
    ns_ip: str  # the participant's address, as the room sees it

    def inside(self, argv: list[str]) -> list[str]:
        """A command run inside the namespace."""
        return ["ip", "netns", "exec", self.name, *argv]

    def wrapper(self, executable: str, folder: Path) -> Path:
        """A script that runs `executable` inside the namespace with its arguments (for a
        program started by another, such as Chromium by Playwright: its pipes go with it)."""
        path = folder / f"{Path(executable).name}-in-{self.name}"
        path.write_text(f'#!/bin/sh\nexec ip netns exec {self.name} {executable} "$@"\n')
        path.chmod(0o700)
        return path

    def sent_to_participant(self) -> int:
        """Bytes this computer has sent over the link (headers and all: what a Wi-Fi carries)."""
        return int(Path(f"/sys/class/net/{self.host_if}/statistics/tx_bytes").read_text())


def available() -> str | None:
    """Why no namespace can be made here (None: one can)."""
    if os.geteuid() != 0:
        return "a network namespace needs root"
    for tool in ("ip", "tc"):
        if shutil.which(tool) is None:
            return f"{tool} (Debian's iproute2) is not installed"
    return None


def _ip(*argv: str) -> None:
    run = subprocess.run(["ip", *argv], capture_output=True, text=True)
    if run.returncode != 0:
        raise Unavailable(f"ip {' '.join(argv)}: {run.stderr.strip()}")


def _free_subnet() -> int:
    used = subprocess.run(["ip", "-4", "-o", "addr"], capture_output=True, text=True).stdout
    for octet in SUBNETS:
        if f" 10.231.{octet}." not in used:
            return octet
    raise Unavailable("no free 10.231.x.0/24 network for a namespace")


def _no_ipv6(prefix: list[str], device: str) -> None:
    """No IPv6 on the link: its address would appear a second after the link comes up (it
    checks for duplicates first), and Chromium cuts every request in flight when an address
    changes (ERR_NETWORK_CHANGED) - a browser in the namespace, or on this computer."""
    setting = f"/proc/sys/net/ipv6/conf/{device}/disable_ipv6"
    subprocess.run(
        [*prefix, "sh", "-c", f"[ ! -e {setting} ] || echo 1 > {setting}"],
        check=True,
        capture_output=True,
    )


def _shape(prefix: list[str], device: str, rate_mbit: float) -> None:
    """The link's speed one way: a token bucket, a few packets at a time, and a queue of up to
    a second of data, as a busy access point holds (with a tenth of that, 150 phones' 900
    connections lost so many packets that some waited minutes: a harsher link than a room's;
    this kernel has no fair queueing to share it out)."""
    subprocess.run(
        [
            *prefix,
            "tc",
            "qdisc",
            "replace",
            "dev",
            device,
            "root",
            "tbf",
            "rate",
            f"{rate_mbit}mbit",
            "burst",
            "32kbit",
            "latency",
            "1s",
        ],
        check=True,
        capture_output=True,
    )


@contextlib.contextmanager
def participant_network(rate_mbit: float | None = 30.0, tag: str = "") -> Iterator[Link]:
    """A namespace and its link for the length of the block; removed afterwards, whatever
    happens inside. `rate_mbit`: the link's speed each way (None: unshaped)."""
    why = available()
    if why:
        raise Unavailable(why)
    suffix = f"{tag}{os.getpid() % 100000}"[-9:]
    name, host_if, ns_if = f"ssw{suffix}", f"sh{suffix}", f"sn{suffix}"
    octet = _free_subnet()
    host_ip, ns_ip = f"10.231.{octet}.1", f"10.231.{octet}.2"
    _ip("netns", "add", name)
    try:
        _ip("link", "add", host_if, "type", "veth", "peer", "name", ns_if)
        _no_ipv6([], host_if)
        _ip("link", "set", ns_if, "netns", name)
        _no_ipv6(["ip", "netns", "exec", name], ns_if)
        _ip("addr", "add", f"{host_ip}/24", "dev", host_if)
        _ip("link", "set", host_if, "up")
        _ip("netns", "exec", name, "ip", "addr", "add", f"{ns_ip}/24", "dev", ns_if)
        _ip("netns", "exec", name, "ip", "link", "set", ns_if, "up")
        _ip("netns", "exec", name, "ip", "link", "set", "lo", "up")
        if rate_mbit is not None:
            _shape([], host_if, rate_mbit)  # towards the participant
            _shape(["ip", "netns", "exec", name], ns_if, rate_mbit)  # from the participant
        yield Link(name, host_if, host_ip, ns_ip)
    finally:
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        subprocess.run(["ip", "link", "del", host_if], capture_output=True)  # if still there
