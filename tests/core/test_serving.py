"""How the dashboard is served (ssw_core.serving, scripts/room.py): settings from the environment
checked with a message that names them, the address participants open (never a container's
own), the CPUs a process may use under a cgroup limit, and the room's own arguments and nginx
configuration (the one-process spelling of the port, every address a facilitator may type)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from scripts import room
from ssw_core import serving
from ssw_core.serving import ParticipantAddress, SettingError

SETTINGS = (
    serving.PUBLIC_URL_ENV,
    serving.WORKERS_ENV,
    serving.CAPACITY_ENV,
    serving.CONTAINER_ENV,
    serving.ROOM_LISTEN_ENV,
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


# --- settings -------------------------------------------------------------------------------


def test_a_whole_number_from_the_environment(monkeypatch):
    assert serving.env_int(serving.WORKERS_ENV, 3) == 3
    monkeypatch.setenv(serving.WORKERS_ENV, " 4 ")
    assert serving.env_int(serving.WORKERS_ENV, 3) == 4
    for bad, says in (("four", "a whole number"), ("0", "at least 1"), ("2.5", "whole number")):
        monkeypatch.setenv(serving.WORKERS_ENV, bad)
        with pytest.raises(SettingError, match=rf"SSW_WORKERS='{re.escape(bad)}': .*{says}"):
            serving.env_int(serving.WORKERS_ENV, 3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("http://192.168.1.20:8501", "http://192.168.1.20:8501"),
        ("https://dashboard.ministry.example/", "https://dashboard.ministry.example"),
        ("http://[fd00::5]:8501", "http://[fd00::5]:8501"),
        ("", None),
        ("   ", None),
    ],
)
def test_the_public_address_as_configured(monkeypatch, value, expected):
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, value)
    assert serving.public_url() == expected


@pytest.mark.parametrize(
    "value",
    [
        "192.168.1.20:8501",
        "ftp://host",
        "http://",
        "http://host:port",
        "http://h/?a=1",
        "http://user:pw@host",
        "http://host#x",
        "javascript:alert(1)",
        "http://host:0",
    ],
)
def test_a_wrong_public_address_is_named(monkeypatch, value):
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, value)
    with pytest.raises(SettingError, match=r"^SSW_PUBLIC_URL="):
        serving.public_url()


# --- the address participants open ------------------------------------------------------------


def test_participants_open_this_computers_address_on_the_room_network(monkeypatch):
    monkeypatch.setattr(serving, "lan_address", lambda: "192.168.1.20")
    assert serving.participant_address("0.0.0.0", 8501) == ParticipantAddress(
        "http://192.168.1.20:8501"
    )
    assert serving.participant_address("", 8600).url == "http://192.168.1.20:8600"
    assert serving.participant_address("10.0.0.7", 8501).url == "http://10.0.0.7:8501"
    assert serving.participant_address("fd00::5", 8501).url == "http://[fd00::5]:8501"


@pytest.mark.parametrize("listen", ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"])
def test_a_server_on_loopback_has_no_participants(listen):
    assert serving.participant_address(listen, 8501) == ParticipantAddress(
        None, "this_computer_only"
    )


def test_a_container_never_offers_its_own_address(monkeypatch):
    monkeypatch.setattr(serving, "lan_address", lambda: "172.17.0.3")  # the container's
    monkeypatch.setenv(serving.CONTAINER_ENV, "1")
    assert serving.participant_address("0.0.0.0", 8501) == ParticipantAddress(None, "container")
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, "http://192.168.1.20:8501")
    assert serving.participant_address("0.0.0.0", 8501).url == "http://192.168.1.20:8501"


def test_the_configured_address_wins_and_no_network_is_said(monkeypatch):
    monkeypatch.setattr(serving, "lan_address", lambda: None)
    assert serving.participant_address("0.0.0.0", 8501) == ParticipantAddress(None, "no_network")
    monkeypatch.setenv(serving.PUBLIC_URL_ENV, "https://room.example")
    assert serving.participant_address("127.0.0.1", 8501).url == "https://room.example"


def test_a_rooms_processes_know_where_the_room_listens(monkeypatch):
    assert serving.room_listen() is None
    monkeypatch.setenv(serving.ROOM_LISTEN_ENV, "0.0.0.0:8600")
    assert serving.room_listen() == ("0.0.0.0", 8600)
    monkeypatch.setenv(serving.ROOM_LISTEN_ENV, "[::1]:8501")
    assert serving.room_listen() == ("::1", 8501)
    monkeypatch.setenv(serving.ROOM_LISTEN_ENV, "nonsense")
    assert serving.room_listen() is None


# --- CPUs -----------------------------------------------------------------------------------


def _tree(tmp: Path, cgroup: str, files: dict[str, str]) -> Path:
    (tmp / "proc/self").mkdir(parents=True)
    (tmp / "proc/self/cgroup").write_text(cgroup)
    for name, text in files.items():
        path = tmp / "sys/fs/cgroup" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return tmp


def test_cpus_are_those_this_process_may_run_on(tmp_path):
    root = _tree(tmp_path, "0::/\n", {"cpu.max": "max 100000\n"})
    assert serving.usable_cpus(root) == len(os.sched_getaffinity(0))


def test_a_containers_cpu_limit_caps_the_workers(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _pid: set(range(16)))
    v2 = _tree(
        tmp_path / "v2",
        "0::/docker/abc\n",
        {
            "cpu.max": "max 100000",
            "docker/cpu.max": "400000 100000",
            "docker/abc/cpu.max": "150000 100000",
        },
    )
    assert serving.usable_cpus(v2) == 2  # 1.5 CPUs: two processes, the tightest limit above
    v1 = _tree(
        tmp_path / "v1",
        "4:cpu,cpuacct:/kube/pod\n",
        {
            "cpu,cpuacct/kube/pod/cpu.cfs_quota_us": "300000",
            "cpu,cpuacct/kube/pod/cpu.cfs_period_us": "100000",
        },
    )
    assert serving.usable_cpus(v1) == 3
    none = _tree(
        tmp_path / "none",
        "4:cpu:/\n",
        {"cpu/cpu.cfs_quota_us": "-1", "cpu/cpu.cfs_period_us": "100000"},
    )
    assert serving.usable_cpus(none) == 16
    tiny = _tree(tmp_path / "tiny", "0::/\n", {"cpu.max": "20000 100000"})
    assert serving.usable_cpus(tiny) == 1  # never 0
    assert serving.usable_cpus(tmp_path / "no-such-tree") == 16


# --- the room's arguments and configuration -------------------------------------------------------


def test_the_one_process_spelling_of_the_port_works_in_a_room():
    args = room.parse(
        [
            "--workers",
            "2",
            "--server.port",
            "8600",
            "--server.address=127.0.0.1",
            "--server.maxUploadSize",
            "3",
            "--theme.base=dark",
        ]
    )
    assert (args.mode, args.workers, args.port, args.address) == ("room", 2, 8600, "127.0.0.1")
    assert args.streamlit == ["--server.maxUploadSize", "3", "--theme.base", "dark"]
    assert room.parse(["--workers"]).workers == serving.usable_cpus()


def test_workers_and_capacity_come_from_the_environment_too(monkeypatch, capsys):
    monkeypatch.setenv(serving.WORKERS_ENV, "3")
    monkeypatch.setenv(serving.CAPACITY_ENV, "120")
    args = room.parse([])
    assert (args.workers, args.capacity) == (3, 120)
    assert room.parse(["--workers", "1", "--capacity", "9"]).capacity == 9  # arguments win
    monkeypatch.setenv(serving.CAPACITY_ENV, "many")
    with pytest.raises(SystemExit, match=r"^room.py: SSW_CAPACITY='many': a whole number"):
        room.parse([])


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--port", "70000"], "a port from 1 to 65535"),
        (["--capacity", "0"], "at least 1"),
        (["proxy"], "needs --upstream"),
        (["--workers", "0"], "at least 1"),
    ],
)
def test_wrong_room_arguments_are_named(capsys, argv, says):
    with pytest.raises(SystemExit):
        room.parse(argv)
    assert says in capsys.readouterr().err


def test_every_address_a_facilitator_may_type_reaches_the_room(monkeypatch):
    monkeypatch.setattr(room, "_has_ipv6", lambda _host: True)
    assert room.listen_lines("0.0.0.0", 8501) == [
        "listen 0.0.0.0:8501;",
        "listen [::]:8501 ipv6only=on;",
    ]
    assert room.listen_lines("127.0.0.1", 8501) == ["listen 127.0.0.1:8501;", "listen [::1]:8501;"]
    assert room.listen_lines("192.168.1.20", 80) == ["listen 192.168.1.20:80;"]
    assert room.listen_lines("fd00::5", 80) == ["listen [fd00::5]:80;"]
    monkeypatch.setattr(room, "_has_ipv6", lambda _host: False)  # a machine without IPv6
    assert room.listen_lines("0.0.0.0", 8501) == ["listen 0.0.0.0:8501;"]


def test_nginx_runs_as_whoever_started_the_room(tmp_path):
    conf = room.nginx_config(tmp_path, ["listen 127.0.0.1:1;"], ["127.0.0.1:2"], token="t")
    first = conf.split("worker_processes")[0]
    if os.geteuid() == 0:
        assert re.search(r"^user root \S+;$", first, re.M)
    else:
        assert not re.search(r"^user ", first, re.M)  # nginx would warn: it cannot switch
    assert "@" not in "".join(line.split("#")[0] for line in conf.splitlines())


def test_nginx_holds_no_more_connections_than_its_open_files_allow(tmp_path):
    conf = room.nginx_config(
        tmp_path, ["listen 127.0.0.1:1;"], ["127.0.0.1:2"], token="t", files=1024
    )
    assert "worker_rlimit_nofile 1024;" in conf and "worker_connections 960;" in conf
    assert room.capacity_allowed(1024) == 256  # two files a session, and page loads beside
    assert room.capacity_allowed(65536) > 20_000
    assert room.open_files() >= 1024  # raised as far as this user may


def test_a_taken_port_is_named_with_who_holds_it():
    import socket

    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        port = held.getsockname()[1]
        assert room.port_holder(port) is not None and f"(pid {os.getpid()})" in str(
            room.port_holder(port)
        )
        with pytest.raises(SystemExit, match=rf"Port {port} is not free: .* holds it"):
            room.check_port_free("127.0.0.1", port)
    room.check_port_free("127.0.0.1", port)  # free again: no complaint


@pytest.mark.parametrize(
    ("agent", "phone"),
    [
        # Chrome on Android, Safari on an iPhone, Firefox on Android: phones
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
            " Chrome/156.0.0.0 Mobile Safari/537.36",
            True,
        ),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/18.0 Mobile/15E148 Safari/604.1",
            True,
        ),
        ("Mozilla/5.0 (Android 14; Mobile; rv:130.0) Gecko/130.0 Firefox/130.0", True),
        # a laptop, an Android tablet, an iPad (which says it is a Mac), nothing at all
        (
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
            " Chrome/156.0.0.0 Safari/537.36",
            False,
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko)"
            " Chrome/156.0.0.0 Safari/537.36",
            False,
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15"
            " (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
            False,
        ),
        ("", False),
        (None, False),
    ],
)
def test_a_phone_is_told_by_its_browser(agent, phone):
    assert serving.phone_browser(agent) is phone
