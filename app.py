"""Entry point: `streamlit run app.py`. Page set-up, navigation and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ssw_core.schema import DataError
from ui import components, data, shell
from ui.i18n import t

HERE = Path(__file__).parent

bad_lang = components.adopt_language()  # before any text: the page title is translated
st.set_page_config(
    page_title=t("app.title"),
    page_icon=str(HERE / "assets" / "icon.png"),  # a local file: no icon fetched from a CDN
    layout="wide",
)
page = shell.navigation()

try:
    data.store()
except DataError as exc:
    st.error(t("errors.data_unreadable"), icon=":material/error:")
    st.code(str(exc), language=None)
    st.stop()

components.language_picker(bad_lang)
st.session_state["selection"] = components.sidebar_filters()  # read by current_selection()
shell.mark_shell_ran()
page.run()
