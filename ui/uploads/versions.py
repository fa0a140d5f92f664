"""Step 3 of Your data, and what is in use: the version the dashboard shows, every version kept
with its file, and rollback (or back to the shipped data only), which only moves a pointer."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core.access import AccessDenied
from ssw_core.storage import NotSaved
from ssw_core.store import Store
from ssw_core.userstore import UserDataError, UserStore, Version
from ui.base import session
from ui.base.i18n import geo_name, t, tn
from ui.base.markdown import md_escape
from ui.parts import access
from ui.parts.place import show_table
from ui.uploads.labels import version_label, when_text

DONE = session.Key[str](
    "_upload_done", __name__, doc="the outcome of the last commit or switch, shown once"
)
_PICK = session.Key[str](
    "pick_version", __name__, doc="the version chosen in the history", relabelled=True
)


def status(store: Store, user: UserStore) -> None:
    if store.user_error:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(store.user_error, language=None)
        return
    if store.user_version is None:
        st.info(t("upload.using_shipped"), icon=":material/inventory_2:")
        return
    try:
        versions = user.versions()
    except (OSError, UserDataError) as exc:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(str(exc), language=None)
        return
    v = next((x for x in versions if x.id == store.user_version and not x.problem), None)
    if v is not None:
        st.success(
            tn(
                "upload.using_version",
                v.n_figures,
                id=version_label(v.id),
                when=when_text(v.created),
                file=md_escape(v.filename),
                countries=", ".join(geo_name(c) for c in _countries_of(v, user)),
            ),
            icon=":material/upload_file:",
        )


def _countries_of(v: Version, user: UserStore) -> list[str]:
    try:
        return sorted(user.figures(v.id)["country"].unique().to_list())
    except UserDataError:
        return list(v.countries)


def history_section(store: Store, user: UserStore) -> None:
    try:
        versions = user.versions()
    except UserDataError as exc:
        st.error(t("upload.user_error"), icon=":material/error:")
        st.code(str(exc), language=None)
        return
    if not versions:
        st.caption(t("upload.no_versions"))
        return
    in_use = store.user_version
    table = pl.DataFrame(
        [
            {
                t("upload.col.version"): version_label(v.id)
                + (f" ({t('upload.in_use')})" if v.id == in_use else "")
                + (f" ({t('upload.unreadable')})" if v.problem else ""),
                t("upload.col.when"): when_text(v.created),
                t("upload.col.file"): md_escape(v.filename),
                t("upload.col.countries"): ", ".join(v.countries),
                t("upload.col.uploaded"): v.n_uploaded,
                t("upload.col.total"): v.n_figures,
            }
            for v in reversed(versions)
        ]
    )
    show_table(table, "versions")
    ids = [v.id for v in reversed(versions) if not v.problem]
    if not ids:
        return
    why_not = access.reason("switch")
    cols = st.columns([2, 1, 1], vertical_alignment="bottom")
    with cols[0]:
        chosen = st.selectbox(
            t("upload.pick_version"), ids, key=_PICK.name, format_func=version_label
        )
    with cols[1]:
        if st.button(
            t("upload.use_version"),
            disabled=chosen == in_use or bool(why_not),
            icon=":material/history:",
            help=why_not or None,
        ):
            _switch(user, chosen)
    with cols[2]:
        if st.button(
            t("upload.use_shipped"),
            disabled=in_use is None or bool(why_not),
            icon=":material/inventory_2:",
            help=why_not or None,
        ):
            _switch(user, None)
    if why_not:
        st.caption(why_not)
    original = user.original(chosen)
    if original is not None:
        st.download_button(
            t("upload.download_original"),
            original[1],
            file_name=original[0],
            icon=":material/download:",
            on_click="ignore",
        )


def _switch(user: UserStore, version_id: str | None) -> None:
    try:
        user.activate(version_id, actor=access.actor())
    except AccessDenied as exc:
        st.error(access.denied_text(exc), icon=":material/lock:")
        return
    except NotSaved as exc:
        st.error(access.not_saved_text(exc), icon=":material/error:")
        return
    except (OSError, UserDataError) as exc:
        st.error(t("upload.commit_failed", reason=md_escape(str(exc))), icon=":material/error:")
        return
    DONE.set(
        t("upload.now_shipped")
        if version_id is None
        else t("upload.now_version", id=version_label(version_id))
    )
    st.rerun()


def announce(text: str) -> None:
    """Say `text` once, on the next run (a commit or a switch, before the rerun)."""
    DONE.set(text)


def flash() -> None:
    """The outcome of the last commit or switch (set before the rerun that shows it)."""
    done = DONE.pop()
    if done:
        st.success(done, icon=":material/check_circle:")
