"""Share (issue 23): the view on screen as a link and a QR code for someone else in the room
(ssw_core.share makes both, offline).

The address is the room's (`ParticipantAddress`, which the caller gives: it is
ui.present's, a layer above); when there is none (the server listens on this computer only,
a container, no network), the address this browser used, with a caption saying it may work
on this computer only, and why.

The popover draws its content only while open (`on_change="rerun"`): a QR code costs ~10 ms
to make, and a room's phones rerun the page at every move. Each link's image is made once
per process (`memo.shared`), however many phones ask.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from ssw_core import share
from ssw_core.serving import ParticipantAddress
from ui.base import link, memo, session
from ui.base.i18n import t
from ui.parts.presenting import presenting
from ui.parts.shell import PAGES, ROOT_TWIN

OPEN = session.Key[bool](
    "share_open", __name__, doc="the Share popover is open (its content is drawn only then)"
)
POPOVER_WIDTH = 240
"""Pixels of the QR code in the popover, at least: a phone held up to another scans it."""
BIG = 720
"""Pixels of a QR code shown large (a projector's): CSS scales it to the screen."""


@dataclass(frozen=True)
class Shared:
    """A view's link, and the i18n key of why it may work on this computer only (or None)."""

    link: str
    local_only: str | None = None


def view_link(page: str, room: ParticipantAddress) -> Shared:
    """The view on screen (`page` and the parameters in the address) as a link for someone
    else: at the room's address, else at the one this browser used."""
    params = link.in_address()
    if room.url is not None:
        try:
            return Shared(share.share_link(room.url, page, params))
        except ValueError:
            pass  # an address no phone can open: the browser's, as when there is none
    browser = st.context.url
    names = [*(spec.name for spec in PAGES), ROOT_TWIN]
    base = (
        share.site_root(browser, names)
        if browser
        else f"http://localhost:{st.get_option('server.port')}"  # no browser: a test
    )
    why = room.why_none or "this_computer_only"
    try:
        made = share.share_link(base, page, params)
    except ValueError:  # an address that is not http(s): this computer's, by its port
        made = share.share_link(f"http://localhost:{st.get_option('server.port')}", page, params)
    return Shared(made, f"present.participants_none.{why}")


@memo.shared(maxsize=128)
def qr_image(text: str, size: int) -> bytes:
    """The QR code of `text` as a PNG at least `size` pixels wide, made once per process."""
    return share.qr_png(text, size)


def code(text: str, size: int, alt: str | None = None) -> None:
    """The QR code of `text`, as it was made: PNG, never JPEG, never resized (st.image turns a
    PNG without alpha into a JPEG unless told, and resizes one wider than its width with a
    blur); a link too long for a code that scans says so (the link is shown all the same).
    `alt`: what the code is, for a screen reader (default: a view's link)."""
    try:
        png = qr_image(text, size)
    except ValueError:
        st.caption(t("share.too_long"))
        return
    st.image(png, width="content", output_format="PNG", alt=alt or t("share.qr_alt"))


def popover(page: str, room: Callable[[], ParticipantAddress]) -> None:
    """Not while presenting: the Share popover, in the container of the caller (app.py's top
    bar). `room` is asked only when the popover is open."""
    if presenting():
        return
    box = st.popover(
        t("share.label"),
        icon=":material/share:",
        help=t("share.help"),
        key=OPEN.name,
        on_change="rerun",
    )
    if not box.open:
        return
    shared = view_link(page, room())
    with box, st.container(key="share_box"):
        code(shared.link, POPOVER_WIDTH)
        st.code(shared.link, language=None, wrap_lines=True)
        st.caption(t("share.hint"))
        if shared.local_only is not None:
            st.caption(t("share.local_only"))
            st.caption(t(shared.local_only))
