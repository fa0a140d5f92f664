"""ui.base.rerun asks Streamlit for a keyed fragment's rerun through its private script-request
API (Streamlit 1.67 allows `st.rerun(key)` only from a widget's callback). This checks that what
it uses is still there and shaped as it expects, so an upgrade that moves it fails here, by name,
not as a board that silently stops updating (tests/room/test_room_board.py checks the effect)."""

from __future__ import annotations

import dataclasses
import inspect

from streamlit.commands import execution_control
from streamlit.runtime.fragment import MemoryFragmentStorage
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.runtime.scriptrunner_utils.script_run_context import ScriptRunContext

from ui.base import rerun


def test_the_private_names_the_rerun_uses_are_there():
    fields = {f.name for f in dataclasses.fields(RerunData)}
    assert {
        "query_string",
        "page_script_hash",
        "fragment_id_queue",
        "is_fragment_scoped_rerun",
        "cached_message_hashes",
        "context_info",
    } <= fields
    assert callable(execution_control._force_yield_point)
    assert "resolve_target" in dir(MemoryFragmentStorage)
    context = {f.name for f in dataclasses.fields(ScriptRunContext)}
    assert {"script_requests", "fragment_storage", "query_string"} <= context
    assert isinstance(inspect.getattr_static(ScriptRunContext, "page_script_hash"), property)
    assert "key" in inspect.signature(rerun.fragment).parameters
