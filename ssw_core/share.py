"""A view's link for someone else, and its QR code, both made on this computer (issue 23: a
room of 120-150 officials follows a facilitator's projector on their phones, often offline).

`share_link(base, page, params)` is the link a participant opens: the room's address, the
page's path and the view's parameters, less the presenter's own (`PRESENTER_PARAMS`: present,
deck, slide, follow), which would start someone else's presentation, put their phone in
presentation mode or make it follow the facilitator. The language (`lang`) stays, unlike in
a slide (ssw_core.deck): a shared link shows what the room sees, in the room's language; each
participant can change it.

How a link is written, so that one view has one link, and so one QR code:
- the base's own query and fragment are dropped, and so is a trailing '/'; the page's path
  follows it ('' for the root);
- parameters in the order of their names, empty values left out (the app drops them too);
- names and values percent-encoded as UTF-8 with RFC 3986's unreserved characters kept
  (`A-Z a-z 0-9 - . _ ~`), everything else encoded, a space as %20, never '+', so that any
  reader decodes it alike.

`qr_png(link)` draws the QR code with segno (pure Python, no service, no font): whole pixels
per module, the standard's quiet zone of four modules, the lowest error correction that fits
raised as far as the size allows (segno's `boost_error`): fewer, larger modules scan better
from the back of a room.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

import segno

from ssw_core.deck import SESSION_PARAMS, DeckError, check_param

PRESENTER_PARAMS = SESSION_PARAMS - {"lang"}
"""The presenter's own parameters: left out of a shared link."""
MAX_QR_TEXT = 1200
"""[characters] The longest link drawn as a QR code: a longer one makes modules too small to
scan from a phone held up to a screen (a 20-row WISN table gives over 3,000)."""
QUIET_ZONE = 4
"""Modules of white around the code (ISO/IEC 18004's minimum for a QR code)."""


def share_link(base: str, page: str, params: Mapping[str, str]) -> str:
    """The link to `page` with `params` at the address `base` (e.g. 'http://10.0.0.5:8501'),
    without the presenter's parameters. ValueError if `base` is not an http(s) address."""
    parts = urlsplit(base.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"not an http(s) address: {base!r}")
    path = parts.path.rstrip("/")
    page = page.strip("/")
    if page:
        path = f"{path}/{quote(page, safe='/')}"
    query = "&".join(
        f"{quote(name, safe='')}={quote(value, safe='')}"
        for name, value in sorted(params.items())
        if name not in PRESENTER_PARAMS and value != "" and _view_param(name, value)
    )
    if query and not path:
        path = "/"  # 'http://h:8501/?lang=ru', as a browser writes the root with a query
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def _view_param(name: str, value: str) -> bool:
    """A parameter shaped as a view's (ssw_core.deck's rule): a crafted or foreign one (a
    name with capitals or symbols, a value of kilobytes) is not passed on."""
    try:
        check_param(name, value, ())
    except DeckError:
        return False
    return True


def site_root(url: str, pages: Iterable[str]) -> str:
    """The app's root address from an address a browser shows ('http://h:8501/scenario?x=1'
    -> 'http://h:8501'): the query and fragment dropped, and the last path segment when it
    names one of `pages` (a page's path follows the root, which may have a path of its own
    behind a proxy)."""
    parts = urlsplit(url.strip())
    path = parts.path.rstrip("/")
    head, _, last = path.rpartition("/")
    if last in set(pages):
        path = head
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def qr_png(text: str, size: int = 720) -> bytes:
    """A PNG of the QR code of `text`, at least `size` pixels wide (whole pixels per module,
    quiet zone included), black on white. ValueError for a text over MAX_QR_TEXT characters
    (or over what a QR code holds)."""
    if len(text) > MAX_QR_TEXT:
        raise ValueError(f"{len(text)} characters; a QR code here holds at most {MAX_QR_TEXT}")
    code = segno.make(text, micro=False)
    modules = code.symbol_size(scale=1, border=QUIET_ZONE)[0]
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(1, math.ceil(size / modules)), border=QUIET_ZONE)
    return out.getvalue()
