"""Entry point: `streamlit run app.py`. Page set-up, navigation and the shared sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from ssw_core.schema import DataError
from ui import components, data, present, shell
from ui.i18n import t

HERE = Path(__file__).parent

bad_lang = components.adopt_language()  # before any text: the page title is translated
link_problems = present.adopt()
st.set_page_config(
    page_title=t("app.title"),
    page_icon=str(HERE / "assets" / "icon.png"),  # a local file: no icon fetched from a CDN
    layout="wide",
    initial_sidebar_state="collapsed" if present.presenting() else "auto",
)
page, page_name = shell.navigation(hidden=present.presenting())
present.follow()  # a slide asked for by a button or a link: switch to its page

try:
    data.store()
    data.start_run()  # the data fingerprint, once for the whole run
except DataError as exc:
    st.error(t("errors.data_unreadable"), icon=":material/error:")
    st.code(str(exc), language=None)
    st.stop()

components.language_picker(bad_lang)
st.session_state["selection"] = components.sidebar_filters()  # read by current_selection()
present.add_view_button(page_name)
present.chrome()
present.slide_bar()
for problem in link_problems:
    st.warning(problem, icon=":material/link_off:")
present.publish()
shell.mark_shell_ran()
page.run()
