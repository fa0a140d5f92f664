"""Rerunning one keyed fragment from another fragment's run: what a live view needs.

A page that shows shared state live (the board of plans) watches it with a small fragment
that runs every second in each browser (`st.fragment(run_every=...)`) and reads the state's
version. When the version changed, only the view should be drawn again, not the whole page:
in a room of 150 a page's run costs ~40 ms of the server's CPU, the board's fragment a few, and
every send makes every watcher redraw (bench/board.py). Streamlit 1.67 reruns a keyed fragment
(`st.rerun("key")`) only from a widget's callback; from a fragment's body it refuses. So this
asks for that rerun the way `st.rerun` itself does, through Streamlit's private script-request
API. tests/app/test_rerun.py checks that the names it uses are there, and tests/room's board
test that a watcher's tick brings the new tile to a browser.
"""

from __future__ import annotations

from typing import NoReturn

import streamlit as st
from streamlit.commands.execution_control import _force_yield_point
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx


def fragment(key: str) -> NoReturn:
    """From the body of a fragment's run: end this run, and run the fragment declared with
    `@st.fragment(key=key)` next, alone. Outside a Streamlit run (a test, a script): reruns
    the app, as the public API can."""
    ctx = get_script_run_ctx()
    if ctx is None or ctx.script_requests is None:
        st.rerun()
    queue = ctx.fragment_storage.resolve_target(key)
    ctx.script_requests.request_rerun(
        RerunData(
            query_string=ctx.query_string,
            page_script_hash=ctx.page_script_hash,
            fragment_id_queue=queue,
            is_fragment_scoped_rerun=True,
            cached_message_hashes=ctx.cached_message_hashes,
            context_info=ctx.context_info,
        )
    )
    _force_yield_point()  # the rerun request is taken here: this run ends
    raise AssertionError("unreachable: the script runner ends the run at a yield point")
