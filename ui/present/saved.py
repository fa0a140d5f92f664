"""The saved presentations as the app sees them: where they are kept (`shelf()`: the shared
ones for an editor, a participant's own in their session), the pages a slide may show, their
errors in words, the address participants on the room's network open and the link that makes
them follow the facilitator (`join_link`), and the slide the room follows (`live`)."""

from __future__ import annotations

import streamlit as st

from ssw_core import paths, serving
from ssw_core.deck import MESSAGE_LANGUAGES, Deck, DeckError, DeckStore, from_json, to_json
from ssw_core.live import LiveStore, join_link
from ui.base import link, session
from ui.base.i18n import t
from ui.base.markdown import md_escape
from ui.parts import access, shell

_OWN = session.Key[dict[str, bytes]](
    "_own_decks",
    __name__,
    survives_slide=True,
    doc="a participant's own presentations (slug -> file), in this session only",
)


def store() -> DeckStore:
    """The shared presentations, on the server (saving and deleting take an editor)."""
    return DeckStore(paths.user_data_dir() / "presentations")


def live() -> LiveStore:
    """The slide the room follows (choosing it takes an editor: ssw_core.live); this process's
    store, which keeps its last reading."""
    return LiveStore.of(paths.user_data_dir())


class SharedShelf:
    """An editor's presentations: the shared ones, saved on the server for everyone."""

    shared = True

    def __init__(self) -> None:
        self.store = store()

    def names(self) -> list[str]:
        return self.store.names()

    def latest(self) -> str | None:
        return self.store.latest()

    def load(self, slug: str, pages: tuple[str, ...]) -> Deck:
        return self.store.load(slug, pages)

    def save(self, deck: Deck) -> None:
        self.store.save(deck, actor=access.actor())

    def delete(self, slug: str) -> None:
        self.store.delete(slug, actor=access.actor())

    def deletable(self, slug: str) -> bool:
        return True


class OwnShelf:
    """A participant's presentations: their own, kept in their session (downloaded to keep),
    beside the shared ones, which they may show and copy but not change: saving a shared one
    keeps the changed copy here."""

    shared = False

    def __init__(self) -> None:
        self.store = store()

    def _own(self) -> dict[str, bytes]:
        return dict(_OWN.get() or {})

    def names(self) -> list[str]:
        return sorted(set(self._own()) | set(self.store.names()))

    def latest(self) -> str | None:
        own = self._own()
        return next(reversed(own), None)  # the one saved last (dicts keep their order)

    def load(self, slug: str, pages: tuple[str, ...]) -> Deck:
        own = self._own()
        if slug in own:
            return from_json(own[slug], pages, where=slug)
        return self.store.load(slug, pages)

    def save(self, deck: Deck) -> None:
        own = self._own()
        own.pop(deck.slug, None)
        own[deck.slug] = to_json(deck)
        _OWN.set(own)

    def delete(self, slug: str) -> None:
        own = self._own()
        own.pop(slug, None)
        _OWN.set(own)

    def deletable(self, slug: str) -> bool:
        return slug in self._own()


def shelf() -> SharedShelf | OwnShelf:
    """Where this user's presentations are kept: shared if they may save shared ones."""
    return SharedShelf() if access.may("deck.save") else OwnShelf()


def page_names() -> tuple[str, ...]:
    """The pages a slide can show (not the Presentation page itself)."""
    return tuple(p.name for p in shell.PAGES if p.name != "present")


def error_text(exc: DeckError) -> str:
    """A DeckError in the current language, its values escaped (they may come from a file)."""
    values = {k: md_escape(v) for k, v in exc.values.items()}  # bounded in ssw_core.deck
    if exc.code == "not_saved":  # its reason is a code of ssw_core.storage
        values["reason"] = access.reason_text(str(exc.values.get("reason", "other")))
    text = t(f"present.error.{exc.code}", **values)
    place = ", ".join(
        t(f"present.where.{kind}", value=_place_value(kind, value)).strip()
        for kind, value in exc.where
    )
    return f"{place}: {text}" if place else text


def _place_value(kind: str, value: str) -> str:
    """A place's value in words: a message's language by its name, anything else escaped."""
    if kind == "message" and value in MESSAGE_LANGUAGES:
        return t(f"present.language.{value}")
    return md_escape(value)


def quote(value: str) -> str:
    """A name from a link or a file, cut short and escaped for Markdown."""
    return md_escape(value[: link.MAX_SHOWN])


def participant_address() -> serving.ParticipantAddress:
    """The address participants on the room's network open, or why there is none
    (ssw_core.serving decides; in a room of several processes, each listening on loopback, it
    is the room's address, not the process's)."""
    listen, port = serving.room_listen() or (
        str(st.get_option("server.address") or ""),
        int(st.get_option("server.port")),
    )
    try:
        return serving.participant_address(listen, port)
    except serving.SettingError as exc:
        st.warning(md_escape(str(exc)), icon=":material/warning:")
        return serving.ParticipantAddress(None, "container")


def join_address(address: serving.ParticipantAddress) -> str | None:
    """The link participants open at the room's `address` to follow the facilitator's slides
    (None: the room has no address participants can open)."""
    if address.url is None:
        return None
    try:
        return join_link(address.url)
    except ValueError:  # SSW_PUBLIC_URL is checked to be http(s): not expected
        return None


def participants_note() -> None:
    address = participant_address()
    if address.url is None:
        st.caption(t(f"present.participants_none.{address.why_none}"))
    else:
        st.caption(t("present.participants", url=join_address(address) or address.url))
