"""The Presentation page's editor, piece by piece in the order the page shows them: choose or
start a presentation, load one from a file, its title, its slides (the table is the editor:
change a message, a position or a link, delete a row), a pasted link, and start / download /
delete. Every change is saved at once (`compose.save`)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from ssw_core import deck as decks
from ui.base import session
from ui.base.i18n import current_lang, fmt_num, t, tn
from ui.base.markdown import md_escape
from ui.parts import access
from ui.present.compose import edit, editing, free_title, save, stop_editing
from ui.present.saved import error_text, live, page_names, shelf, store
from ui.present.slides import go_to, stop_live

_REV = session.Key[int](
    "_deck_editor_rev",
    __name__,
    survives_slide=True,
    doc="renews the slides table and the file uploader after a change",
)
_ERROR = session.Key[str]("_deck_error", __name__, doc="an edit that failed, shown once")
_FLASH = session.Key[str]("_deck_flash", __name__, doc="a file loaded, shown once")
_CHOICE = session.Key[str | None]("deck_choice", __name__, doc="the presentation chosen to edit")
_EDITOR = session.Key[dict[str, object]](
    "deck_editor_", __name__, family=True, doc="the slides table, per presentation and change"
)
_TITLE = session.Key[str]("deck_title_", __name__, family=True, doc="the title, per presentation")
_UPLOAD = session.Key[object]("deck_upload_", __name__, family=True, doc="the file uploader")
_BUTTON = {
    name: session.Key[bool](f"deck_{name}", __name__, doc="a button of the Presentation page")
    for name in ("upload_use", "start", "delete", "stop_live")
}


def _rev() -> int:
    return _REV.get(0) or 0


def _renew_editor() -> None:
    _REV.set(_rev() + 1)


def _fail(exc: decks.DeckError) -> None:
    _ERROR.set(error_text(exc))


def _apply_edits(deck: decks.Deck, suffix: str) -> None:
    """Callback of the slides table: apply its edits to the saved presentation at once."""
    edits = _EDITOR.get_item(suffix) or {}
    try:
        save(decks.apply_edits(deck, edits, page_names()))
    except decks.DeckError as exc:
        _fail(exc)
    _renew_editor()


def _title_of(name: str) -> str:
    try:
        return shelf().load(name, page_names()).title
    except decks.DeckError:
        return name


def flash() -> None:
    """The outcome of the last load from a file (set before the rerun that shows it)."""
    if done := _FLASH.pop():
        st.success(done, icon=":material/check:")


def live_panel() -> None:
    """For whoever may choose the slide the room follows, while one is live: which it is, and
    Stop (the presenting tab may have been closed without Exit)."""
    if not access.may("live.publish"):
        return
    now = live().current()
    if now is None:
        return
    try:
        deck = store().load(now.deck, page_names())
        title, total = deck.title, fmt_num(len(deck.slides))
    except decks.DeckError:  # deleted or renamed since: its name, and no count
        title, total = now.deck, t("common.missing")
    with st.container(horizontal=True, vertical_alignment="center", key="live_panel"):
        st.info(
            t("present.live_now", title=md_escape(title), n=fmt_num(now.slide + 1), total=total),
            icon=":material/cast:",
        )
        st.button(
            t("present.live_stop"),
            key=_BUTTON["stop_live"].name,
            icon=":material/cancel_presentation:",
            help=t("present.live_stop_help"),
            on_click=stop_live,
        )


def chooser() -> decks.Deck | None:
    """Choose a saved presentation, or start a new one; returns the one edited."""
    names = shelf().names()
    current = editing()
    # The chooser always names the presentation edited below (also after a load or a new one).
    _CHOICE.set(current.slug if current and current.slug in names else None)
    with st.container(horizontal=True, vertical_alignment="bottom"):
        if names:
            st.selectbox(
                t("present.choose"),
                names,
                format_func=_title_of,
                key=_CHOICE.name,
                placeholder=t("present.choose_placeholder"),
                on_change=lambda: edit(_CHOICE.get()),
            )
        if st.button(t("present.new"), icon=":material/add:"):
            title = free_title(t("present.default_title", date=dt.date.today().isoformat()))
            current = save(decks.Deck(title=title))
            st.rerun()
    return current


def load_from_file() -> None:
    """Load a presentation from a `.json` file (a colleague's, or one kept on a USB stick)."""
    with st.expander(t("present.upload"), icon=":material/upload_file:"):
        upload = st.file_uploader(
            t("present.upload_label"), type=["json"], key=_UPLOAD.item(_rev())
        )
        if upload is not None and st.button(
            t("present.upload_use"), key=_BUTTON["upload_use"].name
        ):
            try:
                loaded = decks.from_json(upload.getvalue(), page_names(), where=upload.name)
                loaded = decks.Deck(free_title(loaded.title), loaded.slides)
                current = save(loaded)
                _renew_editor()
                _FLASH.set(
                    tn("present.upload_done", len(current.slides), title=md_escape(current.title))
                )
                st.rerun()
            except decks.DeckError as exc:
                st.error(
                    t("present.upload_failed", reason=error_text(exc)), icon=":material/error:"
                )


def title_field(current: decks.Deck) -> decks.Deck:
    """The title; a new one renames the presentation (and its file)."""
    if error := _ERROR.pop():
        st.error(t("present.edit_failed", reason=error), icon=":material/error:")
    title = st.text_input(
        t("present.title_label"),
        value=current.title,
        max_chars=decks.MAX_TITLE,
        key=_TITLE.item(current.slug),
    )
    if " ".join(title.split()) == current.title:
        return current
    try:
        renamed = decks.Deck(title, current.slides)
        if renamed.slug != current.slug and renamed.slug in shelf().names():
            st.error(
                t("present.edit_failed", reason=t("present.title_taken")), icon=":material/error:"
            )
            return current
        current = save(renamed, replacing=current)
        st.rerun()
    except decks.DeckError as exc:
        st.error(t("present.edit_failed", reason=error_text(exc)), icon=":material/error:")
    return current


def message_languages() -> tuple[str, ...]:
    """The languages of the message columns: the page's first, then the others in order."""
    lang = current_lang()
    return (lang, *(x for x in decks.MESSAGE_LANGUAGES if x != lang))


def slides_table(current: decks.Deck) -> None:
    """The slides as an editable table: position, the message in each language (the page's
    language first), link; rows deleted or added."""
    st.subheader(t("present.slides", n=len(current.slides)))
    st.caption(t("present.slides_help"))
    suffix = f"{current.slug}_{_rev()}"
    languages = message_languages()
    columns = {lang: decks.message_column(lang) for lang in languages}
    rows = pl.DataFrame(
        [
            {
                "position": i,
                "page": t(f"nav.{s.page}"),
                **{column: s.messages.get(lang, "") for lang, column in columns.items()},
                "link": s.link(),
            }
            for i, s in enumerate(current.slides, start=1)
        ],
        schema={
            "position": pl.Int64,
            "page": pl.String,
            **dict.fromkeys(columns.values(), pl.String),
            "link": pl.String,
        },
    )
    messages = {
        column: st.column_config.TextColumn(
            t("present.col.message", language=t(f"present.language.{lang}")),
            max_chars=decks.MAX_MESSAGE,
            width="large" if lang == languages[0] else "medium",
            help=t("present.col.message_help"),
        )
        for lang, column in columns.items()
    }
    st.data_editor(
        rows,
        key=_EDITOR.item(suffix),
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_order=("position", "page", *columns.values(), "link"),
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
            **messages,
            "link": st.column_config.TextColumn(
                t("present.col.link"),
                help=t("present.col.link_help"),
                width="large",
            ),
        },
        on_change=_apply_edits,
        args=(current, suffix),
    )


def add_link(current: decks.Deck) -> None:
    """Add a slide by pasting a link (from this dashboard)."""
    with (
        st.form("deck_add_link", clear_on_submit=True, border=False),
        st.container(horizontal=True, vertical_alignment="bottom"),
    ):
        link = st.text_input(t("present.add_link"), placeholder=t("present.add_link_hint"))
        added = st.form_submit_button(t("present.add"), icon=":material/add_link:")
    if added and link.strip():
        try:
            slide = decks.slide_from_link(link, page_names())
            save(decks.Deck(current.title, (*current.slides, slide)))
            _renew_editor()
            st.rerun()
        except decks.DeckError as exc:
            st.error(t("present.edit_failed", reason=error_text(exc)), icon=":material/error:")


def actions(current: decks.Deck) -> None:
    """Start presenting, download as a file, delete (after a confirmation)."""
    with st.container(horizontal=True):
        st.button(
            t("present.start"),
            type="primary",
            icon=":material/slideshow:",
            disabled=not current.slides,
            key=_BUTTON["start"].name,
            on_click=go_to,
            args=(current, 0),
        )
        st.download_button(
            t("present.download"),
            decks.to_json(current),
            file_name=f"{current.slug}.json",
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
        )
        where = shelf()
        if not where.deletable(current.slug):
            return  # a shared presentation, shown to a participant: theirs to copy, not delete
        with st.popover(t("present.delete"), icon=":material/delete:"):
            st.markdown(
                t(
                    "present.delete_confirm" if where.shared else "present.delete_own",
                    title=md_escape(current.title),
                )
            )
            if st.button(t("present.delete_yes"), key=_BUTTON["delete"].name, type="primary"):
                where.delete(current.slug)
                stop_editing()
                st.rerun()
