"""The baseline of the board benchmark (bench/board.py): a bare page that shows the lines of a file
in the room's user folder, live by the same push as the board (ui.base.push), served exactly like
the dashboard (scripts/room.py, the same config and tuning). The benchmark adds a team's name
to the file at the moments the teams send on the board; what it takes for 116 phones to see a
line is the least any pushed live view costs here, so the board's figures read as ratios."""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from ui.base import push

LINE = Path(os.environ.get("SSW_USER_DATA_DIR", ".")) / "bare-line.txt"


def now() -> int:
    try:
        return LINE.stat().st_mtime_ns
    except FileNotFoundError:
        return 0


st.title("Baseline")


@st.fragment(key="bare_view")
def view() -> None:
    drawn = now()
    st.markdown(LINE.read_text().replace("\n", ", ") if drawn else "Nothing yet")
    push.watch("bare", drawn, now)


view()
