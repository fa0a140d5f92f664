"""Every environment variable the dashboard, its room, its tests and its tools read: the name, who
reads it and what it means. A module that reads one takes its name from here;
tests/core/test_docs.py fails when code reads a variable not listed, or the README leaves one out.
A leaf module: it imports nothing from the project."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Variable:
    name: str
    read_by: str
    meaning: str


DATA_DIR = Variable(
    "SSW_DATA_DIR",
    "ssw_core.paths",
    "the folder of the Parquet files served (default: data/ of the repository)",
)
USER_DATA_DIR = Variable(
    "SSW_USER_DATA_DIR",
    "ssw_core.paths",
    "where uploads, presentations and the record of changes are kept "
    "(default: user_data/ of the repository)",
)
PUBLIC_URL = Variable(
    "SSW_PUBLIC_URL",
    "ssw_core.serving",
    "the address participants open, shown on the Presentation page and the "
    "first slide (a container must be told it)",
)
WORKERS = Variable(
    "SSW_WORKERS",
    "ssw_core.serving (scripts/room.py)",
    "a room's Streamlit processes (default: the CPUs the room may use)",
)
CAPACITY = Variable(
    "SSW_CAPACITY",
    "ssw_core.serving (scripts/room.py)",
    "open sessions beyond which newcomers get the busy page (default 200)",
)
PER_DEVICE = Variable(
    "SSW_PER_DEVICE",
    "ssw_core.serving (scripts/room.py)",
    "open sessions one device may hold (default 20; 0: no limit, for a room behind a NAT)",
)
SENDS_PER_ADDRESS = Variable(
    "SSW_SENDS_PER_ADDRESS",
    "ssw_core.serving (scripts/room.py)",
    "what one address may send to one board or question a minute (default: two for each "
    "device it takes, a whole room behind one NAT address)",
)
CONTAINER = Variable(
    "SSW_CONTAINER",
    "ssw_core.serving",
    "set to 1 by the container image: no participants' address is guessed",
)
ROOM_LISTEN = Variable(
    "SSW_ROOM_LISTEN",
    "ssw_core.serving",
    "set by scripts/room.py for its processes: where the room listens",
)
PROXY_TOKEN = Variable(
    "SSW_PROXY_TOKEN",
    "ssw_core.access, scripts/room.py, scripts/serve.py",
    "the secret nginx sends every process of a room (made at start when unset; "
    "compose gives the proxy and the processes the same one)",
)
CHROMIUM = Variable(
    "SSW_CHROMIUM",
    "scripts/_setup.sh, tests/conftest.py",
    "the Chromium the browser tests drive (default /usr/bin/chromium)",
)
PYTHON = Variable(
    "PYTHON",
    "scripts/_setup.sh",
    "the Python 3.11 to make .venv with, when python3.11 is not on the PATH",
)
ROOM_PID = Variable(
    "SSW_ROOM_PID",
    "bench/room.py --url",
    "the process id of a room measured from outside, for its CPU time",
)
FORWARDED_ALLOW_IPS = Variable(
    "FORWARDED_ALLOW_IPS",
    "uvicorn (Streamlit's server)",
    "addresses whose X-Forwarded-For is trusted (default loopback: the "
    "room's nginx); compose.yaml sets it for its replicas",
)
SHOW_ERROR_DETAILS = Variable(
    "STREAMLIT_CLIENT_SHOW_ERROR_DETAILS",
    "tests/conftest.py",
    "the tests see error details the pages hide from users",
)

ALL: tuple[Variable, ...] = (
    DATA_DIR,
    USER_DATA_DIR,
    PUBLIC_URL,
    WORKERS,
    CAPACITY,
    PER_DEVICE,
    SENDS_PER_ADDRESS,
    CONTAINER,
    ROOM_LISTEN,
    PROXY_TOKEN,
    CHROMIUM,
    PYTHON,
    ROOM_PID,
    FORWARDED_ALLOW_IPS,
    SHOW_ERROR_DETAILS,
)
