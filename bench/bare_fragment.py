"""The baseline of the followers' benchmark (bench/follow.py): a bare page whose only work is
a fragment that reruns itself every second and does nothing, served exactly like the
dashboard (scripts.serve, the same config and tuning). What one of its ticks costs is the
least a watcher's tick can cost here."""

from __future__ import annotations

import streamlit as st

st.title("Baseline")


@st.fragment(run_every=1.0)
def watch() -> None:
    pass


with st.sidebar:
    watch()
