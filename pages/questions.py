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

if facilitator:
    room.ask_form(sel)

if shown is None:
    st.info(t("questions.none_open"), icon=":material/hourglass_empty:")
else:
    room.question_card(shown)
    if shown.open:
        room.answer_form(shown, sel)
    if facilitator:
        room.controls(shown)
        room.results(shown)
if facilitator:
    room.earlier(shown)
room.watch(shown, answers=facilitator)
