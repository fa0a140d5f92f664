"""A facilitator's presentation: an ordered list of views (page + URL parameters), each with
the one message it should carry, written in each of the room's languages, saved as small JSON
files.

A slide is what a prepared link says: `/scenario?country=MDA&preset=ideal` becomes
`Slide(page="scenario", params={"country": "MDA", "preset": "ideal"})`. The parameters are
checked by the page that opens them, as for any link; here only their shape is checked
(known page, short plain keys and values, a bounded number of slides), so a file from
elsewhere can neither break the app nor grow without limit.

A slide's message is written per language (`Slide.messages`, {"en": ..., "ru": ...}); the room
sees `Slide.message_in(its language)`: that language's if written, else English, else the first
written. The file format's version 2 keeps them as "messages"; a version 1 file's single
"message" is read as the English one, so it shows in every language until a translation is
written.

Storage: `<user data dir>/presentations/<slug>.json`, written to a temporary file and renamed
into place, so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from ssw_core import storage
from ssw_core.access import Actor, require
from ssw_core.audit import FILE as AUDIT_FILE
from ssw_core.audit import AuditLog
from ssw_core.storage import NotSaved, reason

FORMAT = "ssw-presentation"
FORMAT_VERSION = 2  # 2: "messages" per language; 1 (still read): one "message", in English
MESSAGE_LANGUAGES = ("en", "ru", "ro")  # the app's languages (ui.base.i18n.LANGUAGES), in order
MAX_SLIDES = 60
MAX_MESSAGE = 280  # characters per language: one message a room can read, not a paragraph
MAX_TITLE = 80
MAX_PARAMS = 60
MAX_PARAM_VALUE = 2000  # the WISN table is the longest parameter
MAX_FILE_BYTES = 256 * 1024
# Parameters that belong to the presenter's session, not to a view ("follow": a participant's
# browser follows the facilitator's slides, ssw_core.live).
SESSION_PARAMS = frozenset({"present", "deck", "slide", "lang", "follow"})
_PARAM_KEY = re.compile(r"[a-z][a-z0-9_]{0,39}")
# Messages of DeckError in English (the app shows them in the user's language from
# `present.error.<code>`, with the same fields).
MESSAGES = {
    "empty_link": "the link is empty",
    "not_a_page": "'{page}' is not a page of the dashboard (pages: {pages})",
    "not_a_param": "'{key}' is not a parameter of the dashboard",
    "bad_value": "the value of '{key}' is too long or has control characters",
    "too_many_params": "more than {max} parameters",
    "no_title": "a presentation needs a title",
    "title_too_long": "at most {max} characters",
    "title_no_letters": "use some letters or digits",
    "message_too_long": "the message has {n} characters; at most {max} (one message per screen)",
    "too_many_slides": "{n} slides; a presentation has at most {max}",
    "file_too_large": "{kb} KB; a presentation file is at most {max_kb} KB",
    "not_utf8": "not UTF-8 text (byte {byte})",
    "not_json": "not JSON (line {line}, column {column})",
    "not_ours": 'not a presentation of this dashboard (no "format": "ssw-presentation")',
    "version": "format version {version}; this dashboard reads versions 1 to {expected}",
    "slides_not_list": '"slides" must be a list',
    "slide_not_object": "not an object",
    "not_text": '"page", "message" and "title" must be text',
    "messages_not_object": '"messages" must map languages ({languages}) to text',
    "not_a_language": "'{lang}' is not a language of the dashboard (languages: {languages})",
    "params_not_text": '"params" must map names to text values',
    "no_such_deck": "no saved presentation named '{name}'",
    "bad_name": "'{name}' is not the name of a saved presentation",
    "not_saved": "the server could not save it ({reason}); nothing was changed",
}


class DeckError(ValueError):
    """A presentation file or link that cannot be used: `code` (a key of MESSAGES) with its
    `values`, and `where`, the place from the outside in, as (kind, value) pairs with kind
    'file', 'slide', 'row', 'link', 'title' or 'message' (its value a language code)."""

    def __init__(
        self, code: str, where: tuple[tuple[str, str], ...] = (), **values: object
    ) -> None:
        self.code, self.where, self.values = code, where, values
        place = ", ".join(f"{kind} {value}".strip() for kind, value in where)
        text = MESSAGES[code].format(**values)
        super().__init__(f"{place}: {text}" if place else text)

    def inside(self, *outer: tuple[str, str]) -> DeckError:
        """The same error, placed inside `outer` (e.g. the file it was read from)."""
        return DeckError(self.code, (*outer, *self.where), **self.values)


Where = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Slide:
    """A view (`page` and its `params`) and its message in each language written
    (`messages`: language code -> text; make_deck keeps only those written)."""

    page: str
    params: Mapping[str, str] = field(default_factory=dict)
    messages: Mapping[str, str] = field(default_factory=dict)

    def message_in(self, lang: str) -> str:
        """The message to show a room in `lang`: in that language if written, else in
        English, else the first written (en, ru, ro), else ''."""
        for candidate in (lang, *MESSAGE_LANGUAGES):
            if text := self.messages.get(candidate):
                return text
        return ""

    def link(self) -> str:
        """The slide as a relative link, e.g. 'scenario?country=MDA' (for display/export)."""
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
    """A file-safe name: 'Atelier Chișinău 2026' -> 'atelier-chisinau-2026'. A title with
    letters that have no ASCII form (Cyrillic) keeps what has one and adds a short hash of
    the whole title, so 'Семинар в Кишинёве' and 'Семинар в Бишкеке' get different names."""
    title = " ".join(title.split())
    if not title:
        return ""
    decomposed = unicodedata.normalize("NFKD", title)
    ascii_text = decomposed.encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:50].strip("-")
    lost = any(c.isalpha() and not c.isascii() and not unicodedata.combining(c) for c in decomposed)
    if lost or not slug:
        digest = hashlib.sha256(title.casefold().encode("utf-8")).hexdigest()[:8]
        slug = f"{slug}-{digest}" if slug else f"deck-{digest}"
    return slug


def check_param(key: str, value: str, where: Where) -> None:
    if not _PARAM_KEY.fullmatch(key):
        raise DeckError("not_a_param", where, key=key[:40])
    if len(value) > MAX_PARAM_VALUE or any(ord(c) < 32 for c in value):
        raise DeckError("bad_value", where, key=key)


def slide_from_link(link: str, pages: Iterable[str], where: Where = (("link", ""),)) -> Slide:
    """A slide from a link copied from the address bar (full URL or path). Parameters of the
    presenter's session (language, presentation mode) are left out: a slide shows the view
    in whatever language the room uses."""
    pages = tuple(pages)
    text = link.strip()
    if not text:
        raise DeckError("empty_link", where)
    parts = urlsplit(text if "://" in text or text.startswith("/") else "/" + text)
    page = parts.path.strip("/").split("/")[-1] or pages[0]
    if page not in pages:
        raise DeckError("not_a_page", where, page=page[:40], pages=", ".join(pages))
    params: dict[str, str] = {}
    for key, value in parse_qsl(parts.query, keep_blank_values=False):
        if key in SESSION_PARAMS:
            continue
        check_param(key, value, where)
        params[key] = value
    if len(params) > MAX_PARAMS:
        raise DeckError("too_many_params", where, max=MAX_PARAMS)
    return Slide(page=page, params=params)


def check_messages(messages: Mapping[str, str], where: Where) -> dict[str, str]:
    """A slide's messages, checked: known languages, each at most MAX_MESSAGE characters once
    its spaces are collapsed; only those written are kept, in the order of the languages."""
    for lang in messages:
        if lang not in MESSAGE_LANGUAGES:
            raise DeckError(
                "not_a_language", where, lang=str(lang)[:10], languages=", ".join(MESSAGE_LANGUAGES)
            )
    out = {}
    for lang in MESSAGE_LANGUAGES:
        text = " ".join(str(messages.get(lang) or "").split())
        if len(text) > MAX_MESSAGE:
            raise DeckError(
                "message_too_long", (*where, ("message", lang)), n=len(text), max=MAX_MESSAGE
            )
        if text:
            out[lang] = text
    return out


def make_deck(title: str, slides: Iterable[Slide], pages: Iterable[str]) -> Deck:
    """A checked deck: a title, at most MAX_SLIDES slides on known pages."""
    pages = tuple(pages)
    title = " ".join(str(title).split())
    if not title:
        raise DeckError("no_title", (("title", ""),))
    if len(title) > MAX_TITLE:
        raise DeckError("title_too_long", (("title", ""),), max=MAX_TITLE)
    if not re.search(r"\w", title):
        raise DeckError("title_no_letters", (("title", ""),))
    out = []
    for i, s in enumerate(slides, start=1):
        where: Where = (("slide", str(i)),)
        if s.page not in pages:
            raise DeckError("not_a_page", where, page=str(s.page)[:40], pages=", ".join(pages))
        messages = check_messages(s.messages, where)
        params = {}
        for key, value in dict(s.params).items():
            if key in SESSION_PARAMS:
                continue
            check_param(str(key), str(value), where)
            params[str(key)] = str(value)
        if len(params) > MAX_PARAMS:
            raise DeckError("too_many_params", where, max=MAX_PARAMS)
        out.append(Slide(page=s.page, params=params, messages=messages))
    if len(out) > MAX_SLIDES:
        raise DeckError("too_many_slides", n=len(out), max=MAX_SLIDES)
    return Deck(title=title, slides=tuple(out))


def to_json(deck: Deck) -> bytes:
    doc = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "title": deck.title,
        "slides": [
            {"page": s.page, "params": dict(s.params), "messages": dict(s.messages)}
            for s in deck.slides
        ],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"


def from_json(raw: bytes, pages: Iterable[str], where: str = "") -> Deck:
    """A deck from a presentation file (`where`: its name); DeckError says what and where."""
    at: Where = (("file", where),)
    if len(raw) > MAX_FILE_BYTES:
        raise DeckError("file_too_large", at, kb=len(raw) // 1024, max_kb=MAX_FILE_BYTES // 1024)
    try:
        doc = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise DeckError("not_utf8", at, byte=exc.start) from exc
    except json.JSONDecodeError as exc:
        raise DeckError("not_json", at, line=exc.lineno, column=exc.colno) from exc
    except (RecursionError, ValueError) as exc:  # nested too deep, numbers too long
        raise DeckError("not_ours", at) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise DeckError("not_ours", at)
    version = doc.get("version")
    if not (type(version) is int and 1 <= version <= FORMAT_VERSION):
        raise DeckError("version", at, version=str(version)[:10], expected=FORMAT_VERSION)
    slides_doc = doc.get("slides")
    if not isinstance(slides_doc, list):
        raise DeckError("slides_not_list", at)
    if len(slides_doc) > MAX_SLIDES:
        raise DeckError("too_many_slides", at, n=len(slides_doc), max=MAX_SLIDES)
    slides = []
    for i, s in enumerate(slides_doc, start=1):
        here: Where = (*at, ("slide", str(i)))
        if not isinstance(s, dict):
            raise DeckError("slide_not_object", here)
        page, params, message = s.get("page"), s.get("params", {}), s.get("message", "")
        if not isinstance(page, str) or not isinstance(message, str):
            raise DeckError("not_text", here)
        if not isinstance(params, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in params.items()
        ):
            raise DeckError("params_not_text", here)
        messages = s.get("messages", {})
        if not isinstance(messages, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
        ):
            raise DeckError("messages_not_object", here, languages=", ".join(MESSAGE_LANGUAGES))
        if message and not messages.get("en"):
            messages = {**messages, "en": message}  # version 1's one message: the English one
        slides.append(Slide(page=page, params=params, messages=messages))
    title = doc.get("title")
    if not isinstance(title, str):
        raise DeckError("not_text", at)
    try:
        return make_deck(title, slides, pages)
    except DeckError as exc:
        raise exc.inside(*at) from exc


_NAME = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class DeckStore:
    """Shared presentations in one directory, one JSON file each, named by the title's slug.
    Saving and deleting take the acting user (`actor=`): an editor (access.require, before
    anything else); each change is recorded in the audit log (by default the one beside the
    directory, as the user data's) before it takes effect."""

    def __init__(self, root: Path, audit: AuditLog | None = None) -> None:
        self.root = Path(root)
        self.audit = audit or AuditLog(self.root.parent / AUDIT_FILE)

    def path(self, slug: str) -> Path:
        if not _NAME.fullmatch(slug or ""):
            raise DeckError("bad_name", name=slug[:40])
        return self.root / f"{slug}.json"

    def names(self) -> list[str]:
        if not self.root.is_dir():
            return []
        return sorted(p.stem for p in self.root.glob("*.json") if _NAME.fullmatch(p.stem))

    def latest(self) -> str | None:
        """The name of the presentation changed last (None: none saved)."""
        names = self.names()
        if not names:
            return None
        return max(names, key=lambda n: ((self.root / f"{n}.json").stat().st_mtime_ns, n))

    def load(self, slug: str, pages: Iterable[str]) -> Deck:
        path = self.path(slug)
        if not path.is_file():
            raise DeckError("no_such_deck", name=slug)
        return from_json(path.read_bytes(), pages, where=path.name)

    def save(self, deck: Deck, *, actor: Actor) -> Path:
        """Write the presentation, recorded first; a write that fails (a full disk) changes
        nothing and raises DeckError 'not_saved' (its `reason`: storage.Reason)."""
        require(actor, "deck.save")
        target = self.path(deck.slug)
        text = to_json(deck)
        size = len(text)
        if size > MAX_FILE_BYTES:  # it would save, and then not load: refused, nothing changed
            raise DeckError("file_too_large", kb=size // 1024, max_kb=MAX_FILE_BYTES // 1024)
        tmp: Path | None = None
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = storage.prepare(target, text)  # the space is taken before the record
            self.audit.record(
                actor,
                "deck.save",
                deck.title,
                version=deck.slug,
                detail=f"{len(deck.slides)} slides",
                facts={"slides": len(deck.slides)},
            )
        except (OSError, NotSaved) as exc:
            if tmp is not None:
                tmp.unlink(missing_ok=True)
            raise _not_saved(exc) from exc
        storage.put(tmp, target)
        return target

    def delete(self, slug: str, *, actor: Actor) -> None:
        require(actor, "deck.delete")
        path = self.path(slug)
        if path.is_file():
            try:
                self.audit.record(actor, "deck.delete", slug, version=slug)
            except NotSaved as exc:
                raise _not_saved(exc) from exc
            path.unlink(missing_ok=True)


def _not_saved(exc: BaseException) -> DeckError:
    return DeckError("not_saved", reason=exc.code if isinstance(exc, NotSaved) else reason(exc))


def message_column(lang: str) -> str:
    """The slides table's column of the messages in `lang` (see apply_edits)."""
    return f"message_{lang}"


def _edited_messages(messages: Mapping[str, str], change: Mapping[str, Any]) -> dict[str, str]:
    out = dict(messages)
    for lang in MESSAGE_LANGUAGES:
        if message_column(lang) in change:  # an emptied cell removes that language's message
            out[lang] = str(change[message_column(lang)] or "")
    return out


def apply_edits(deck: Deck, edits: Mapping[str, Any], pages: Iterable[str]) -> Deck:
    """The deck after the edits of a slides table (Streamlit's data_editor state:
    `edited_rows` {row: {column: value}}, `added_rows` [{column: value}], `deleted_rows`
    [row]); columns `position`, `link` and one per language, `message_en`, `message_ru`,
    `message_ro` (message_column). A new position moves a slide before the one now there
    ('5 -> 2' makes it second); a changed link replaces the view and keeps the messages; an
    emptied message cell removes the message in that language; an added row needs a link.
    Raises DeckError naming the row."""
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
            new = slide_from_link(str(change["link"]), pages, where=(("row", str(i + 1)),))
            slide = Slide(new.page, new.params, slide.messages)
        slide = Slide(slide.page, slide.params, _edited_messages(slide.messages, change))
        if change.get("position") is not None:
            order = float(change["position"]) - 0.5
        rows.append((order, i, slide))
    for j, added in enumerate(edits.get("added_rows", [])):
        if not added.get("link"):
            continue  # a new row not filled in yet
        n = len(deck.slides) + j
        new = slide_from_link(str(added["link"]), pages, where=(("row", str(n + 1)),))
        order = float(added["position"]) - 0.5 if added.get("position") else float(n + 1)
        rows.append((order, n, Slide(new.page, new.params, _edited_messages({}, added))))
    rows.sort(key=lambda r: (r[0], r[1]))
    return make_deck(deck.title, (s for _, _, s in rows), pages)
