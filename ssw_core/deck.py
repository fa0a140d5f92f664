"""A facilitator's presentation: an ordered list of views (page + URL parameters), each with
the one message it should carry, saved as small JSON files.

A slide is what a prepared link says: `/scenario?country=MDA&preset=ideal` becomes
`Slide(page="scenario", params={"country": "MDA", "preset": "ideal"})`. The parameters are
checked by the page that opens them, as for any link; here only their shape is checked
(known page, short plain keys and values, a bounded number of slides), so a file from
elsewhere can neither break the app nor grow without limit.

Storage: `<user data dir>/presentations/<slug>.json`, written to a temporary file and renamed
into place, so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

FORMAT = "ssw-presentation"
FORMAT_VERSION = 1
MAX_SLIDES = 60
MAX_MESSAGE = 280  # characters: one message a room can read, not a paragraph
MAX_TITLE = 80
MAX_PARAMS = 60
MAX_PARAM_VALUE = 2000  # the WISN table is the longest parameter
MAX_FILE_BYTES = 256 * 1024
# Parameters that belong to the presenter's session, not to a view.
SESSION_PARAMS = frozenset({"present", "deck", "slide", "lang"})
_PARAM_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


class DeckError(ValueError):
    """A presentation file or link that cannot be used; the message says what and where."""


@dataclass(frozen=True)
class Slide:
    page: str
    params: Mapping[str, str] = field(default_factory=dict)
    message: str = ""

    def link(self) -> str:
        """The slide as a relative link, e.g. 'scenario?country=MDA' (for display/export)."""
        from urllib.parse import urlencode

        query = urlencode(dict(self.params))
        return f"{self.page}?{query}" if query else self.page


@dataclass(frozen=True)
class Deck:
    title: str
    slides: tuple[Slide, ...] = ()

    @property
    def slug(self) -> str:
        return slugify(self.title)


def slugify(title: str) -> str:
    """A file-safe name: 'Atelier Chișinău 2026' -> 'atelier-chisinau-2026'."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:60].strip("-")
    if slug:
        return slug
    # A title in another script (Cyrillic) has no ASCII letters: name it by its code points.
    return "deck-" + "-".join(f"{ord(c):x}" for c in title.strip()[:8]) if title.strip() else ""


def check_param(key: str, value: str, where: str) -> None:
    if not _PARAM_KEY.match(key):
        raise DeckError(f"{where}: '{key[:40]}' is not a parameter of the dashboard")
    if len(value) > MAX_PARAM_VALUE or any(ord(c) < 32 for c in value):
        raise DeckError(f"{where}: the value of '{key}' is too long or has control characters")


def slide_from_link(link: str, pages: Iterable[str], where: str = "link") -> Slide:
    """A slide from a link copied from the address bar (full URL or path). Parameters of the
    presenter's session (language, presentation mode) are left out: a slide shows the view
    in whatever language the room uses."""
    text = link.strip()
    if not text:
        raise DeckError(f"{where}: the link is empty")
    parts = urlsplit(text if "://" in text or text.startswith("/") else "/" + text)
    page = parts.path.strip("/").split("/")[-1] or _default(pages)
    if page not in set(pages):
        raise DeckError(
            f"{where}: '{page[:40]}' is not a page of the dashboard (pages: {', '.join(pages)})"
        )
    params: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key in SESSION_PARAMS:
            continue
        check_param(key, value, where)
        params[key] = value
    if len(params) > MAX_PARAMS:
        raise DeckError(f"{where}: more than {MAX_PARAMS} parameters")
    return Slide(page=page, params=params)


def _default(pages: Iterable[str]) -> str:
    return next(iter(pages))


def make_deck(title: str, slides: Iterable[Slide], pages: Iterable[str]) -> Deck:
    """A checked deck: a title, at most MAX_SLIDES slides on known pages."""
    pages = tuple(pages)
    title = " ".join(str(title).split())
    if not title:
        raise DeckError("title: a presentation needs a title")
    if len(title) > MAX_TITLE:
        raise DeckError(f"title: at most {MAX_TITLE} characters")
    if not slugify(title):
        raise DeckError("title: use some letters or digits")
    out = []
    for i, s in enumerate(slides, start=1):
        where = f"slide {i}"
        if s.page not in pages:
            raise DeckError(f"{where}: '{str(s.page)[:40]}' is not a page of the dashboard")
        message = " ".join(str(s.message or "").split())
        if len(message) > MAX_MESSAGE:
            raise DeckError(f"{where}: the message has {len(message)} characters; at most "
                            f"{MAX_MESSAGE} (one message per screen)")  # fmt: skip
        params = {}
        for key, value in dict(s.params).items():
            if key in SESSION_PARAMS:
                continue
            check_param(str(key), str(value), where)
            params[str(key)] = str(value)
        if len(params) > MAX_PARAMS:
            raise DeckError(f"{where}: more than {MAX_PARAMS} parameters")
        out.append(Slide(page=s.page, params=params, message=message))
    if len(out) > MAX_SLIDES:
        raise DeckError(f"a presentation has at most {MAX_SLIDES} slides; this one has {len(out)}")
    return Deck(title=title, slides=tuple(out))


def to_json(deck: Deck) -> bytes:
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "title": deck.title,
        "slides": [
            {"page": s.page, "params": dict(s.params), "message": s.message} for s in deck.slides
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def from_json(raw: bytes, pages: Iterable[str], where: str = "file") -> Deck:
    """A deck from a presentation file; DeckError says what is wrong and where."""
    if len(raw) > MAX_FILE_BYTES:
        raise DeckError(f"{where}: {len(raw) // 1024} KB; a presentation file is at most "
                        f"{MAX_FILE_BYTES // 1024} KB")  # fmt: skip
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DeckError(f"{where}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise DeckError(f"{where}: not JSON (line {exc.lineno}, column {exc.colno}: "
                        f"{exc.msg})") from exc  # fmt: skip
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DeckError(f"{where}: not a presentation of this dashboard (no \"format\": "
                        f"\"{FORMAT}\")")  # fmt: skip
    if doc.get("version") != FORMAT_VERSION:
        raise DeckError(f"{where}: format version {str(doc.get('version'))[:10]}; this "
                        f"dashboard reads version {FORMAT_VERSION}")  # fmt: skip
    slides_doc = doc.get("slides")
    if not isinstance(slides_doc, list):
        raise DeckError(f'{where}: "slides" must be a list')
    if len(slides_doc) > MAX_SLIDES:
        raise DeckError(f"{where}: {len(slides_doc)} slides; at most {MAX_SLIDES}")
    slides = []
    for i, s in enumerate(slides_doc, start=1):
        at = f"{where}, slide {i}"
        if not isinstance(s, dict):
            raise DeckError(f"{at}: not an object")
        page, params, message = s.get("page"), s.get("params", {}), s.get("message", "")
        if not isinstance(page, str) or not isinstance(message, str):
            raise DeckError(f'{at}: "page" and "message" must be text')
        if not isinstance(params, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in params.items()
        ):
            raise DeckError(f'{at}: "params" must map names to text values')
        slides.append(Slide(page=page, params=params, message=message))
    title = doc.get("title")
    if not isinstance(title, str):
        raise DeckError(f'{where}: "title" must be text')
    try:
        return make_deck(title, slides, pages)
    except DeckError as exc:
        raise DeckError(f"{where}, {exc}") from exc


class DeckStore:
    """Saved presentations in one directory, one JSON file each, named by the title's slug."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path(self, slug: str) -> Path:
        if not slug or slug != slugify(slug):
            raise DeckError(f"'{slug[:40]}' is not the name of a saved presentation")
        return self.root / f"{slug}.json"

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json") if p.stem == slugify(p.stem))

    def latest(self) -> str | None:
        """The name of the presentation changed last (None: none saved)."""
        names = self.names()
        if not names:
            return None
        return max(names, key=lambda n: ((self.root / f"{n}.json").stat().st_mtime_ns, n))

    def load(self, slug: str, pages: Iterable[str]) -> Deck:
        path = self.path(slug)
        if not path.is_file():
            raise DeckError(f"no saved presentation named '{slug}'")
        return from_json(path.read_bytes(), pages, where=path.name)

    def save(self, deck: Deck) -> Path:
        target = self.path(deck.slug)
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, prefix=f".{deck.slug}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(to_json(deck))
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def delete(self, slug: str) -> None:
        self.path(slug).unlink(missing_ok=True)


def apply_edits(deck: Deck, edits: Mapping[str, Any], pages: Iterable[str]) -> Deck:
    """The deck after the edits of a slides table (Streamlit's data_editor state:
    `edited_rows` {row: {column: value}}, `added_rows` [{column: value}], `deleted_rows`
    [row]); columns `position`, `message`, `link`. A new position moves a slide before the
    one now there ('5 -> 2' makes it second); a changed link replaces the view and keeps
    the message; an added row needs a link. Raises DeckError naming the row."""
    pages = tuple(pages)
    rows: list[tuple[float, int, Slide]] = []
    deleted = {int(i) for i in edits.get("deleted_rows", [])}
    edited = {int(k): v for k, v in dict(edits.get("edited_rows", {})).items()}
    for i, slide in enumerate(deck.slides):
        if i in deleted:
            continue
        change = edited.get(i, {})
        order = float(i + 1)
        if change.get("link"):
            new = slide_from_link(str(change["link"]), pages, where=f"row {i + 1}")
            slide = Slide(new.page, new.params, slide.message)
        if "message" in change:
            slide = Slide(slide.page, slide.params, str(change["message"] or ""))
        if change.get("position") is not None:
            order = float(change["position"]) - 0.5
        rows.append((order, i, slide))
    for j, added in enumerate(edits.get("added_rows", [])):
        if not added.get("link"):
            continue  # a new row not filled in yet
        n = len(deck.slides) + j
        new = slide_from_link(str(added["link"]), pages, where=f"row {n + 1}")
        order = float(added["position"]) - 0.5 if added.get("position") else float(n + 1)
        rows.append((order, n, Slide(new.page, new.params, str(added.get("message") or ""))))
    rows.sort(key=lambda r: (r[0], r[1]))
    return make_deck(deck.title, (s for _, _, s in rows), pages)


def as_records(deck: Deck) -> list[dict[str, Any]]:
    """Slides as rows for an editable table: position, page, message, link."""
    return [
        {"position": i, "page": s.page, "message": s.message, "link": s.link()}
        for i, s in enumerate(deck.slides, start=1)
    ]
