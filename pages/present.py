"""Presentation: build, reorder, save and load a facilitator's sequence of views, and start it.

Every change is saved at once (ui/present/editor.py, ssw_core/deck.py). The table is the
editor: change a message, a position or a link, delete a row, or add one by pasting a link."""

from __future__ import annotations

import streamlit as st

from ui.base.i18n import t
from ui.parts import shell
from ui.present import editor
from ui.present.saved import participants_note, shelf

shell.start_page()

st.title(t("present.title"))
st.markdown(t("present.lede"))
editor.flash()
if shelf().shared:
    st.caption(t("present.shared_note"))
else:
    st.info(t("present.own_note"), icon=":material/person:")
participants_note()  # where participants follow: known before any presentation is made
editor.live_panel()  # the presentation the room follows now, and Stop

current = editor.chooser()
editor.load_from_file()
if current is None:  # saved ones are listed in the chooser: say so, not "none yet"
    st.info(
        t("present.choose_hint" if shelf().names() else "present.none_yet"), icon=":material/info:"
    )
    st.stop()

current = editor.title_field(current)
editor.slides_table(current)
editor.add_link(current)
editor.actions(current)

st.caption(t("present.keys"))
