"""Board of plans: every country team's plan to 2030 on one board, live, with the region's
totals and the teams' commitments (ui/board.py; the rules are ssw_core/board.py's)."""

from __future__ import annotations

import streamlit as st

from ui.base.i18n import t
from ui.parts import shell
from ui.parts.place import page_title
from ui.parts.presenting import presenting
from ui.present.saved import participant_address
from ui.scenario import board

shell.start_page()

page_title(t("board.title"), t("board.lede"))
shown = board.chosen()
board.controls(shown, participant_address)
if shown is None:
    st.info(t("board.none_yet"), icon=":material/info:")
    st.stop()
if not shown.locked and not presenting():
    st.page_link(shell.page_path("scenario"), label=t("board.go_send"), icon=":material/send:")
board.live(shown)
