"""Room questions: the facilitator asks the room what the data cannot answer; country teams
answer from their phones; the projector shows the answers live, as the room's estimates, apart
from sourced figures; the facilitator may offer them to the Scenario lab (ui/present/questions.py,
ssw_core/questions.py)."""

from __future__ import annotations

import streamlit as st

from ui.base.i18n import t
from ui.parts import access, shell
from ui.parts.sidebar import current_selection
from ui.present import questions as room

shell.start_page()
sel = current_selection()
facilitator = access.may("question.ask")

st.title(t("questions.title"))
st.caption(t("questions.lede_facilitator" if facilitator else "questions.lede"))
room.flash()

store = room.store()
current = store.current()
latest = next(iter(store.questions()), None)
shown = (current or latest) if facilitator else current
room.drawn(shown, answers=facilitator)

if shown is None:
    st.info(t("questions.none_open"), icon=":material/hourglass_empty:")
elif facilitator:  # the projector: the question and the answers as they come, first
    room.question_card(shown)
    room.results(shown)
    room.controls(shown)
else:
    room.question_card(shown)
    room.answer_form(shown, sel)
if facilitator:
    room.ask_form(sel, expanded=shown is None or not shown.open)
    room.earlier(shown)
room.watch(shown, answers=facilitator)
