"""The record of changes (ssw_core.audit): every upload, version switch, change to a shared
presentation and start or end of the presentation the room follows, who made it and when,
newest first, downloadable; nothing here can change it. Network addresses are personal data:
only an admin sees them."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from ssw_core.userstore import UserStore
from ui.base.i18n import fmt_num, geo_name, t
from ui.base.markdown import md_escape
from ui.parts import access
from ui.parts.place import show_table
from ui.uploads.labels import version_label, when_text


def record_section(user: UserStore) -> None:
    record = user.audit.read()
    for problem in record.problems:
        said = t(f"record.problems.{problem.code}", line=problem.line, n=problem.n)
        st.warning(t("record.problem", problem=said), icon=":material/warning:")
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
            t("record.col.detail"): md_escape(_detail(e)),
        }
        if admin:
            row[t("record.col.address")] = str(e.get("address") or "")
        rows.append(row)
    st.caption(t("record.lede_admin" if admin else "record.lede", n=len(rows)))
    show_table(pl.DataFrame(rows), "record-of-changes")


def _detail(entry: dict[str, Any]) -> str:
    """The change in the reader's language, from the entry's facts (its English `detail`
    for an entry without them)."""
    raw = entry.get("facts")
    facts: dict[str, Any] = raw if isinstance(raw, dict) else {}
    try:
        if entry.get("action") == "upload" and "figures" in facts:
            countries = ", ".join(geo_name(str(c)) for c in facts.get("countries", []))
            return t("record.detail.upload", n=fmt_num(int(facts["figures"])), countries=countries)
        if entry.get("action") == "switch" and "previous" in facts:
            return t("record.detail.switch", previous=_version(str(facts["previous"])))
        if entry.get("action") == "deck.save" and "slides" in facts:
            return t("record.detail.slides", n=fmt_num(int(facts["slides"])))
        if entry.get("action") == "live.start" and "slide" in facts:
            return t("record.detail.from_view", n=fmt_num(int(facts["slide"])))
        if entry.get("action") == "live.stop" and "slide" in facts:
            return t("record.detail.at_view", n=fmt_num(int(facts["slide"])))
    except (TypeError, ValueError):
        pass  # a hand-edited file: say what it says
    return str(entry.get("detail") or "")


def _version(version_id: str) -> str:
    return version_label(version_id) if version_id[:4].isdigit() else t("upload.shipped_only")


def _what(entry: dict[str, Any]) -> str:
    version = str(entry.get("version") or "")
    if entry.get("action") == "upload":
        return f"{_version(version)} ({entry.get('target')})"
    if entry.get("action") == "switch":
        return _version(version)
    return str(entry.get("target") or "")
