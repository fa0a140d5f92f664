"""Presentation: build, reorder, save and load a facilitator's sequence of views, and start it.

Every change is saved at once (ui/present.py, ssw_core/deck.py). The table is the editor:
change a message, a position or a link, delete a row, or add one by pasting a link."""

from __future__ import annotations

import polars as pl
import streamlit as st

from ssw_core import deck as decks
from ui import present, shell
from ui.components import md_escape
from ui.i18n import t

shell.start_page()
_REV = "_deck_editor_rev"
_ERROR = "_deck_error"
_FLASH = "_deck_flash"


def _editor_key(deck: decks.Deck) -> str:
    return f"deck_editor_{deck.slug}_{st.session_state.get(_REV, 0)}"


def _fail(exc: decks.DeckError) -> None:
    st.session_state[_ERROR] = present.error_text(exc)


def _renew_editor() -> None:
    st.session_state[_REV] = st.session_state.get(_REV, 0) + 1


def _apply_edits(deck: decks.Deck, key: str) -> None:
    """Callback of the slides table: apply its edits to the saved presentation at once."""
    try:
        present.save(decks.apply_edits(deck, st.session_state.get(key) or {}, present.page_names()))
    except decks.DeckError as exc:
        _fail(exc)
    _renew_editor()


def _title_of(name: str) -> str:
    try:
        return present.store().load(name, present.page_names()).title
    except decks.DeckError:
        return name


st.title(t("present.title"))
st.markdown(t("present.lede"))
if flash := st.session_state.pop(_FLASH, None):
    st.success(flash, icon=":material/check:")

store = present.store()
names = store.names()
current = present.editing()

# The chooser always names the presentation edited below (also after a load or a new one).
st.session_state["deck_choice"] = current.slug if current and current.slug in names else None
with st.container(horizontal=True, vertical_alignment="bottom"):
    if names:
        st.selectbox(
            t("present.choose"), names, format_func=_title_of, key="deck_choice",
            placeholder=t("present.choose_placeholder"),
            on_change=lambda: present.edit(st.session_state["deck_choice"]),
        )  # fmt: skip
    if st.button(t("present.new"), icon=":material/add:"):
        import datetime as dt

        title = present.free_title(t("present.default_title", date=dt.date.today().isoformat()))
        current = present.save(decks.Deck(title=title))
        st.rerun()


with st.expander(t("present.upload"), icon=":material/upload_file:"):
    upload = st.file_uploader(
        t("present.upload_label"), type=["json"], key=f"deck_upload_{st.session_state.get(_REV, 0)}"
    )
    if upload is not None and st.button(t("present.upload_use"), key="deck_upload_use"):
        try:
            loaded = decks.from_json(upload.getvalue(), present.page_names(), where=upload.name)
            loaded = decks.Deck(present.free_title(loaded.title), loaded.slides)
            current = present.save(loaded)
            _renew_editor()
            st.session_state[_FLASH] = t(
                "present.upload_done", title=md_escape(current.title), n=len(current.slides)
            )
            st.rerun()
        except decks.DeckError as exc:
            st.error(t("present.upload_failed", reason=present.error_text(exc)),
                     icon=":material/error:")  # fmt: skip

if current is None:
    st.info(t("present.none_yet"), icon=":material/info:")
    st.stop()

error = st.session_state.pop(_ERROR, None)
if error:
    st.error(t("present.edit_failed", reason=error), icon=":material/error:")

title = st.text_input(
    t("present.title_label"), value=current.title, max_chars=decks.MAX_TITLE,
    key=f"deck_title_{current.slug}",
)  # fmt: skip
if " ".join(title.split()) != current.title:
    try:
        renamed = decks.Deck(title, current.slides)
        if renamed.slug != current.slug and renamed.slug in names:
            st.error(t("present.edit_failed", reason=t("present.title_taken")),
                     icon=":material/error:")  # fmt: skip
        else:
            current = present.save(renamed, replacing=current)
            st.rerun()
    except decks.DeckError as exc:
        st.error(t("present.edit_failed", reason=present.error_text(exc)), icon=":material/error:")

st.subheader(t("present.slides", n=len(current.slides)))
st.caption(t("present.slides_help"))
key = _editor_key(current)
rows = pl.DataFrame(
    [
        {"position": i, "page": t(f"nav.{s.page}"), "message": s.message, "link": s.link()}
        for i, s in enumerate(current.slides, start=1)
    ],
    schema={"position": pl.Int64, "page": pl.String, "message": pl.String, "link": pl.String},
)
st.data_editor(
    rows,
    key=key,
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_order=("position", "page", "message", "link"),
    column_config={
        "position": st.column_config.NumberColumn(
            t("present.col.position"),
            min_value=1,
            max_value=rows.height + 1,
            step=1,
            width="small",
            help=t("present.col.position_help"),
        ),
        "page": st.column_config.TextColumn(t("present.col.page"), disabled=True),
        "message": st.column_config.TextColumn(
            t("present.col.message"),
            max_chars=decks.MAX_MESSAGE,
            width="large",
            help=t("present.col.message_help"),
        ),
        "link": st.column_config.TextColumn(
            t("present.col.link"),
            help=t("present.col.link_help"),
            width="large",
        ),
    },
    on_change=_apply_edits,
    args=(current, key),
)

with (
    st.form("deck_add_link", clear_on_submit=True, border=False),
    st.container(horizontal=True, vertical_alignment="bottom"),
):
    link = st.text_input(t("present.add_link"), placeholder=t("present.add_link_hint"))
    added = st.form_submit_button(t("present.add"), icon=":material/add_link:")
if added and link.strip():
    try:
        slide = decks.slide_from_link(link, present.page_names())
        current = present.save(decks.Deck(current.title, (*current.slides, slide)))
        _renew_editor()
        st.rerun()
    except decks.DeckError as exc:
        st.error(t("present.edit_failed", reason=present.error_text(exc)), icon=":material/error:")

with st.container(horizontal=True):
    st.button(
        t("present.start"), type="primary", icon=":material/slideshow:",
        disabled=not current.slides, key="deck_start", on_click=present.go_to,
        args=(current, 0),
    )  # fmt: skip
    st.download_button(
        t("present.download"), decks.to_json(current), file_name=f"{current.slug}.json",
        mime="application/json", icon=":material/download:", on_click="ignore",
    )  # fmt: skip
    with st.popover(t("present.delete"), icon=":material/delete:"):
        st.markdown(t("present.delete_confirm", title=md_escape(current.title)))
        if st.button(t("present.delete_yes"), key="deck_delete", type="primary"):
            store.delete(current.slug)
            st.session_state.pop("_deck_editing", None)
            st.rerun()

st.caption(t("present.keys"))
present.participants_note()
