"""Entry point: `streamlit run app.py`. Page set-up, navigation and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ssw_core.schema import DataError
from ui.base import data
from ui.base.i18n import t
from ui.parts import access, share, shell, sidebar
from ui.parts.place import report
from ui.parts.presenting import presenting
from ui.present import compose, follow, saved, slides

HERE = Path(__file__).parent

bad_lang = sidebar.adopt_language()  # before any text: the page title is translated
link_problems = slides.adopt()
follow_problem = follow.adopt()  # a participant following the facilitator: the live slide
st.set_page_config(
    page_title=t("app.title"),
    page_icon=str(HERE / "assets" / "icon.png"),  # a local file: no icon fetched from a CDN
    layout="wide",
    initial_sidebar_state="collapsed" if presenting() else "auto",
)
page, page_name, sections = shell.navigation()
shell.styles()
slides.follow()  # a slide asked for by a button or a link: switch to its page

try:
    data.store()
    data.start_run()  # the data fingerprint, once for the whole run
except DataError as exc:
    st.error(t("errors.data_unreadable"), icon=":material/error:")
    st.code(str(exc), language=None)
    st.stop()

# Following the facilitator: the slide's message above everything (ui.present.follow), drawn
# once the gate below has let the user in.
follow_slot = st.empty()
# The language and the country at the top of the page, one tap away on a phone, with Share
# (and, while a presentation is live, "Follow the facilitator"); while presenting, the slide
# has the top and they are in the (closed) sidebar.
top = (
    st.sidebar
    if presenting()
    else st.container(horizontal=True, key="topbar", vertical_alignment="bottom", gap="medium")
)
sidebar.language_picker(bad_lang, top)
if not presenting():
    shell.menu(sections)
access.gate()  # someone who must sign in first sees only how to
with follow_slot.container():
    follow.bar()
sidebar.filters(top)
with top:
    share.popover(page_name, saved.participant_address)
    follow.join_button()
access.sidebar_block()
compose.add_view_button(page_name)
slides.chrome()
slides.slide_bar()
report(*link_problems, follow_problem)
slides.publish()
follow.publish()
follow.watch()
shell.mark_shell_ran()
page.run()
