"""The baseline of the board benchmark (bench/board.py): a bare page whose one fragment reruns on
a timer as often as the board's live fragment (ui.scenario.board.LIVE_SECONDS, 1 s), served
exactly like the dashboard (scripts/room.py, the same config and tuning). What 116 phones
watching it cost is the least any live Streamlit page costs here."""

from __future__ import annotations

import time

import streamlit as st

st.title("Baseline")


@st.fragment(run_every=1.0)
def tick() -> None:
    st.markdown(f"Looked at {time.strftime('%H:%M:%S')}")


tick()
