"""Your data: a template, an upload checked row by row, and every version kept with rollback.

Uploaded figures are kept apart from the shipped data (SSW_USER_DATA_DIR); once in use they
show on every page, marked as uploaded with the source declared, and feed the scenario."""

from __future__ import annotations

import streamlit as st

from ui import uploads
from ui.base import data
from ui.base.i18n import t
from ui.parts import access, shell
from ui.parts.place import page_title
from ui.parts.sidebar import current_selection

shell.start_page()
sel = current_selection()

page_title(t("upload.title"), t("upload.lede"))
store = data.store()
user = data.user_store()
uploads.flash()
uploads.status(store, user)

st.subheader(t("upload.step_template"))
uploads.template_section(sel.iso3s, sel.iso3)

st.subheader(t("upload.step_upload"))
uploads.upload_section(data.version(), user)

st.subheader(t("upload.step_history"))
uploads.history_section(store, user)

st.subheader(t("record.title"))
uploads.record_section(user)
access.settings_panel()
