"""Your data: a template, an upload checked row by row, and every version kept with rollback.

Uploaded figures are kept apart from the shipped data (SSW_USER_DATA_DIR); once in use they
show on every page, marked as uploaded with the source declared, and feed the scenario."""

from __future__ import annotations

import streamlit as st

from ui import components, data, shell, upload_view
from ui.i18n import t

shell.start_page()
sel = components.current_selection()

components.page_title(t("upload.title"), t("upload.lede"))
store = data.store()
user = data.user_store()
upload_view.flash()
upload_view.status(store, user)

st.subheader(t("upload.step_template"))
upload_view.template_section(sel.iso3s, sel.iso3)

st.subheader(t("upload.step_upload"))
upload_view.upload_section(data.version(), user)

st.subheader(t("upload.step_history"))
upload_view.history_section(store, user)
