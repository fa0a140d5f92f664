"""Data text made safe for Streamlit's Markdown. Every text that comes from data or from a user
(a figure's label, an uploaded publisher, a bad link value) goes through `md_escape` before it
reaches a Markdown element or table cell; nothing is ever passed to `unsafe_allow_html`."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")
# The Markdown renderer turns bare addresses into links even when their punctuation is
# escaped, so an invisible word joiner goes where the address would be recognised.
_AUTOLINK = re.compile(r"(?i)(\b(?:https?|ftp|mailto|www)|@)")
_JOINER = "\u2060"
_MD_LINK = re.compile(r"(?<!\\)\[(.*?)(?<!\\)\]\((\S+?)\)")
_MD_ESCAPED = re.compile(r"\\(.)")


def md_escape(text: object) -> str:
    """Data text made inert for Markdown cells: no formatting, links, linked bare addresses
    or LaTeX from data."""
    return _AUTOLINK.sub(_JOINER + r"\1" + _JOINER, _MD_SPECIAL.sub(r"\\\1", str(text)))


def md_plain(cell: object) -> str:
    """A Markdown cell as plain text, for files: links reduced to their text, unescaped."""
    text = _MD_ESCAPED.sub(r"\1", _MD_LINK.sub(r"\1", str(cell)))
    return text.replace(_JOINER, "")


def md_link(text: str, url: str | None) -> str:
    """A Markdown link whose text is escaped; a URL's parentheses and spaces are encoded."""
    label = md_escape(text)
    if not url:
        return label
    safe = url.replace(" ", "%20").replace("(", "%28").replace(")", "%29")
    return f"[{label}]({safe})"
