"""The baseline of the room benchmark (bench/room.py): a bare one-chart Streamlit page, a slider
and what it changes, served exactly like the dashboard (scripts/run, the same config and
tuning). What it costs per interaction is the least any Streamlit page costs here."""

from __future__ import annotations

import streamlit as st

st.title("Baseline")
n = st.slider("Points", 5, 50, 20, key="n")
st.metric("Sum of squares", f"{sum(i * i for i in range(n)):,}")
st.vega_lite_chart(
    {
        "data": {"values": [{"x": i, "y": i * i} for i in range(n)]},
        "mark": "line",
        "encoding": {
            "x": {"field": "x", "type": "quantitative"},
            "y": {"field": "y", "type": "quantitative"},
        },
    },
    width="stretch",
)
