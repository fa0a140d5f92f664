"""The record of changes (ssw_core.audit): every upload, version switch and change to a shared
presentation, who made it and when, newest first, downloadable; nothing here can change it.
Network addresses are personal data: only an admin sees them."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.userstore import UserStore
from ui.base.i18n import t
from ui.base.markdown import md_escape
from ui.parts import access
from ui.parts.place import show_table
from ui.uploads.labels import version_label, when_text


def record_section(user: UserStore) -> None:
    record = user.audit.read()
    for problem in record.problems:
        st.warning(t("record.problem", problem=md_escape(problem)), icon=":material/warning:")
    if not record.entries:
        st.caption(t("record.empty"))
        return
    admin = access.may("settings")
    rows = []
    for e in reversed(record.entries):
        row = {
            t("record.col.when"): when_text(str(e.get("at", ""))),
            t("record.col.who"): md_escape(str(e.get("who", ""))),
            t("record.col.role"): t(f"access.role.{e.get('role')}"),
            t("record.col.action"): t(f"record.action.{e.get('action')}"),
            t("record.col.what"): md_escape(_what(e)),
            t("record.col.detail"): md_escape(str(e.get("detail") or "")),
        }
        if admin:
            row[t("record.col.address")] = str(e.get("address") or "")
        rows.append(row)
    st.caption(t("record.lede_admin" if admin else "record.lede", n=len(rows)))
    show_table(pl.DataFrame(rows), "record-of-changes")


def _what(entry: dict[str, object]) -> str:
    version = str(entry.get("version") or "")
    if entry.get("action") in ("upload", "switch"):
        if version[:4].isdigit():
            label = version_label(version)
            return f"{label} ({entry.get('target')})" if entry.get("action") == "upload" else label
        return t("upload.shipped_only")
    return str(entry.get("target") or "")
