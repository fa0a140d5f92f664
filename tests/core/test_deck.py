"""Presentations: links to slides, the file format, bad files, the table's edits, storage."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ssw_core import deck as d
from ssw_core.access import LOCAL

PAGES = ("overview", "country", "scenario", "plan")  # as the app passes them: no "present"


def _deck(*links: str, title: str = "Atelier") -> d.Deck:
    return d.make_deck(title, [d.slide_from_link(x, PAGES) for x in links], PAGES)


@pytest.mark.parametrize(
    ("link", "page", "params"),
    [
        (
            "http://10.0.0.5:8501/scenario?country=MDA&preset=ideal&lang=ro&present=1&deck=x&slide=2",
            "scenario",
            {"country": "MDA", "preset": "ideal"},
        ),
        ("/country?country=MDA", "country", {"country": "MDA"}),
        ("country?country=MDA", "country", {"country": "MDA"}),
        ("http://localhost:8501/?region=eca", "overview", {"region": "eca"}),  # the default page
        ("https://host/app/plan", "plan", {}),
        ("/scenario?wisn=a%3D1%3Bb%3D2&empty=", "scenario", {"wisn": "a=1;b=2"}),
    ],
)
def test_a_link_becomes_a_slide_without_the_presenters_settings(link, page, params):
    slide = d.slide_from_link(link, PAGES)
    assert (slide.page, dict(slide.params)) == (page, params)


@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("", "the link is empty"),
        ("/nowhere?country=MDA", "'nowhere' is not a page of the dashboard"),
        ("/country?Country=MDA", "'Country' is not a parameter"),
        ("/country?x=" + "a" * 3000, "too long"),
        ("/country?x=%0Aevil", "control characters"),
        ("/country?<script>=1", "is not a parameter"),
        ("/country?country%0A=MDA", "is not a parameter"),  # a name ending in a newline
        ("/present", "'present' is not a page"),  # the Presentation page is not a view
    ],
)
def test_a_bad_link_says_what_is_wrong(link, message):
    with pytest.raises(d.DeckError, match=message):
        d.slide_from_link(link, PAGES, where=(("row", "3"),))


def test_file_round_trip_keeps_order_messages_and_unicode():
    deck = _deck("/?region=eca", "/scenario?country=MDA&preset=ideal", title="Atelier Chișinău")
    messages = {"en": "Only 10 of 22", "ru": "Только 10 из 22", "ro": "Doar 10 din 22 de țări"}
    deck = d.Deck(deck.title, (d.Slide("overview", {"region": "eca"}, messages), deck.slides[1]))
    raw = d.to_json(deck)
    doc = json.loads(raw)
    assert (doc["format"], doc["version"]) == ("ssw-presentation", 2)
    assert doc["slides"][0]["messages"] == messages
    assert doc["slides"][1]["messages"] == {}
    again = d.from_json(raw, PAGES)
    assert again == deck
    assert again.slides[0].message_in("ro") == "Doar 10 din 22 de țări"
    assert again.slug == "atelier-chisinau"


def test_a_version_1_file_reads_its_one_message_as_the_english_one():
    raw = json.dumps(
        {
            "format": "ssw-presentation",
            "version": 1,
            "title": "Atelier",
            "slides": [
                {
                    "page": "country",
                    "params": {"country": "MDA"},
                    "message": "  What  the sources say",
                },
                {"page": "plan", "params": {}, "message": ""},
                {"page": "overview"},
            ],
        }
    ).encode()
    deck = d.from_json(raw, PAGES)
    assert [dict(s.messages) for s in deck.slides] == [{"en": "What the sources say"}, {}, {}]
    assert deck.slides[0].message_in("ru") == "What the sources say"  # until translated
    again = d.from_json(d.to_json(deck), PAGES)  # saved again: version 2, the same deck
    assert json.loads(d.to_json(deck))["version"] == 2
    assert again == deck


def test_a_version_2_file_may_still_give_a_plain_message_as_the_english_one():
    raw = json.dumps(
        {
            "format": "ssw-presentation",
            "version": 2,
            "title": "Atelier",
            "slides": [
                {"page": "plan", "message": "Plain", "messages": {"ru": "Русский"}},
                {"page": "plan", "message": "Ignored", "messages": {"en": "English"}},
            ],
        }
    ).encode()
    deck = d.from_json(raw, PAGES)
    assert [dict(s.messages) for s in deck.slides] == [
        {"en": "Plain", "ru": "Русский"},
        {"en": "English"},
    ]


@pytest.mark.parametrize(
    ("messages", "lang", "shown"),
    [
        ({"en": "E", "ru": "R", "ro": "O"}, "ru", "R"),  # the room's language
        ({"en": "E", "ro": "O"}, "ru", "E"),  # else English
        ({"ro": "O", "ru": "R"}, "en", "R"),  # else the first written, in (en, ru, ro) order
        ({"ro": "O"}, "ru", "O"),
        ({"ru": "", "ro": "O"}, "ru", "O"),  # an empty message is not written
        ({}, "ro", ""),
        ({"en": "E"}, "xx", "E"),  # a language without messages: as any other
    ],
)
def test_a_slide_shows_the_message_in_the_rooms_language_or_falls_back(messages, lang, shown):
    assert d.Slide("plan", {}, messages).message_in(lang) == shown


def test_only_written_messages_are_kept_in_the_order_of_the_languages():
    deck = d.make_deck("x", [d.Slide("plan", {}, {"ro": " O\n ", "ru": "  ", "en": "E"})], PAGES)
    assert list(deck.slides[0].messages.items()) == [("en", "E"), ("ro", "O")]


@pytest.mark.parametrize(
    ("messages", "code", "where", "text"),
    [
        ("Ce spun sursele", "messages_not_object", (), '"messages" must map languages'),
        (["en", "x"], "messages_not_object", (), "(en, ru, ro) to text"),
        ({"ru": 5}, "messages_not_object", (), '"messages" must map'),
        ({"de": "Hallo"}, "not_a_language", (), "'de' is not a language of the dashboard"),
        (
            {"ru": "м" * 281},
            "message_too_long",
            (("message", "ru"),),
            "281 characters; at most 280",
        ),
    ],
)
def test_bad_messages_in_a_file_say_what_and_where(messages, code, where, text):
    slides = [{"page": "plan", "messages": {"en": "fine"}}, {"page": "plan", "messages": messages}]
    raw = json.dumps({"format": d.FORMAT, "version": 2, "title": "x", "slides": slides})
    with pytest.raises(d.DeckError, match=re.escape(text)) as info:
        d.from_json(raw.encode(), PAGES, where="atelier.json")
    assert info.value.code == code
    assert info.value.where == (("file", "atelier.json"), ("slide", "2"), *where)
    assert str(info.value).startswith(
        "file atelier.json, slide 2" + "".join(f", {k} {v}" for k, v in where) + ": "
    )


def test_a_message_of_the_longest_length_in_each_language_is_kept():
    messages = {lang: "a" * d.MAX_MESSAGE for lang in d.MESSAGE_LANGUAGES}
    deck = d.make_deck("x", [d.Slide("plan", {}, messages)], PAGES)
    assert d.from_json(d.to_json(deck), PAGES).slides[0].messages == messages


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "not JSON"),
        (b"\xff\xfe\x00", "not UTF-8"),
        (b"[1, 2]", "not a presentation of this dashboard"),
        (
            b'{"format": "ssw-presentation", "version": 3, "title": "x", "slides": []}',
            "format version 3; this dashboard reads versions 1 to 2",
        ),
        (
            b'{"format": "ssw-presentation", "version": true, "title": "x", "slides": []}',
            "format version True",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "x", "slides": {}}',
            "must be a list",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "x", "slides": [1]}',
            "slide 1: not an object",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "x", '
            b'"slides": [{"page": "country", "params": {"country": 5}}]}',
            "text values",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "x", '
            b'"slides": [{"page": "country"}, {"page": "../../etc"}]}',
            "slide 2: '../../etc'",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "", "slides": []}',
            "needs a title",
        ),
        (
            b'{"format": "ssw-presentation", "version": 1, "title": "x", '
            b'"slides": [{"page": "country", "message": "' + b"m" * 300 + b'"}]}',
            "at most 280",
        ),
        (b" " * (d.MAX_FILE_BYTES + 1), "a presentation file is at most"),
        (b"[" * 100_000 + b"]" * 100_000, "not a presentation"),  # too deep for the parser
    ],
)
def test_a_bad_file_says_what_and_where(raw, message):
    with pytest.raises(d.DeckError, match=message):
        d.from_json(raw, PAGES, where="atelier.json")


def test_an_error_carries_its_code_values_and_place_for_translation():
    raw = json.dumps(
        {
            "format": d.FORMAT,
            "version": 1,
            "title": "x",
            "slides": [{"page": "country"}, {"page": "nowhere"}],
        }
    ).encode()
    with pytest.raises(d.DeckError) as info:
        d.from_json(raw, PAGES, where="atelier.json")
    err = info.value
    assert err.code == "not_a_page"
    assert err.where == (("file", "atelier.json"), ("slide", "2"))
    assert err.values["page"] == "nowhere"
    assert str(err).startswith("file atelier.json, slide 2: 'nowhere' is not a page")


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Atelier Chișinău 2026", "atelier-chisinau-2026"),
        ("  Workshop   Almaty ", "workshop-almaty"),
        ("Семинар 2026", "2026-"),  # digits kept, a hash of the Cyrillic title added
        ("Семинар в Кишинёве", "deck-"),
    ],
)
def test_file_names_from_titles(title, slug):
    assert d.slugify(title).startswith(slug)


def test_titles_in_another_script_get_different_names():
    names = {
        d.slugify(t)
        for t in (
            "Семинар в Кишинёве",
            "Семинар в Бишкеке",
            "Семинар 2026",
            "Семинар 2025",
            "Семінар 2026",
        )
    }
    assert len(names) == 5
    assert all(d.DeckStore(Path("/tmp")).path(n) for n in names)  # each a valid name


def test_too_many_slides_is_refused():
    slides = [{"page": "country", "params": {}, "message": ""}] * (d.MAX_SLIDES + 1)
    raw = json.dumps({"format": d.FORMAT, "version": 1, "title": "x", "slides": slides})
    with pytest.raises(d.DeckError, match=f"at most {d.MAX_SLIDES}"):
        d.from_json(raw.encode(), PAGES)


def test_edits_reorder_rename_relink_delete_and_add():
    deck = _deck("/?region=eca", "/country?country=MDA", "/scenario?country=MDA", "/plan")
    edits = {
        "edited_rows": {
            2: {"position": 1},  # the scenario goes first
            1: {"message_en": "What the sources say", "message_ru": "Что говорят источники"},
            0: {"link": "/?region=asean"},  # replaces the view, keeps its (empty) message
        },
        "deleted_rows": [3],
        "added_rows": [{"link": "/country?country=KAZ", "message_ro": "Kazahstan"}, {}],
    }
    out = d.apply_edits(deck, edits, PAGES)
    assert [(s.page, dict(s.params), dict(s.messages)) for s in out.slides] == [
        ("scenario", {"country": "MDA"}, {}),
        ("overview", {"region": "asean"}, {}),
        (
            "country",
            {"country": "MDA"},
            {"en": "What the sources say", "ru": "Что говорят источники"},
        ),
        ("country", {"country": "KAZ"}, {"ro": "Kazahstan"}),
    ]
    assert len(out.slides) == len(deck.slides) - 1 + 1  # one deleted, one added
    assert d.apply_edits(deck, {}, PAGES) == deck  # no edit, no change


def test_edits_change_one_language_and_keep_the_others():
    deck = d.make_deck(
        "x",
        [
            d.Slide("plan", {}, {"en": "The plan", "ru": "План", "ro": "Planul"}),
            d.Slide("country", {"country": "MDA"}, {"en": "Moldova"}),
        ],
        PAGES,
    )
    edits = {
        "edited_rows": {
            0: {"message_ru": "План до 2030 года", "message_ro": ""},  # Romanian removed
            1: {"link": "/country?country=GEO", "message_ru": "Грузия"},
        }
    }
    out = d.apply_edits(deck, edits, PAGES)
    assert [dict(s.messages) for s in out.slides] == [
        {"en": "The plan", "ru": "План до 2030 года"},
        {"en": "Moldova", "ru": "Грузия"},
    ]
    assert out.slides[0].message_in("ro") == "The plan"
    too_long = {"edited_rows": {1: {"message_ro": "x" * 281}}}
    with pytest.raises(d.DeckError, match="slide 2, message ro: the message has 281") as info:
        d.apply_edits(deck, too_long, PAGES)
    assert info.value.where == (("slide", "2"), ("message", "ro"))


def test_moving_a_slide_down_and_a_bad_edit_names_its_row():
    deck = _deck("/?region=eca", "/country?country=MDA", "/plan")
    out = d.apply_edits(deck, {"edited_rows": {0: {"position": 4}}}, PAGES)
    assert [s.page for s in out.slides] == ["country", "plan", "overview"]
    with pytest.raises(d.DeckError, match="row 2: 'elsewhere' is not a page"):
        d.apply_edits(deck, {"edited_rows": {1: {"link": "/elsewhere"}}}, PAGES)


def test_store_saves_lists_loads_and_deletes(tmp_path):
    store = d.DeckStore(tmp_path / "presentations")
    assert store.names() == [] and store.latest() is None
    first = store.save(_deck("/?region=eca", title="Atelier Chișinău"), actor=LOCAL)
    assert first.name == "atelier-chisinau.json"
    os.utime(first, ns=(1, 1))
    store.save(_deck("/plan", title="Семинар Алматы"), actor=LOCAL)
    names = store.names()
    assert len(names) == 2 and "atelier-chisinau" in names
    cyrillic = next(n for n in names if n != "atelier-chisinau")
    assert cyrillic.startswith("deck-")  # a Cyrillic title still gets a file-safe name
    assert store.latest() == cyrillic
    assert store.load(cyrillic, PAGES).title == "Семинар Алматы"
    assert not list((tmp_path / "presentations").glob("*.tmp"))
    store.delete("atelier-chisinau", actor=LOCAL)
    assert store.names() == [cyrillic]


@pytest.mark.parametrize("name", ["../secret", "a/b", "", "UPPER", "x.json"])
def test_store_refuses_names_that_are_not_its_own(tmp_path, name):
    with pytest.raises(d.DeckError):
        d.DeckStore(tmp_path).path(name)


def test_a_crash_while_saving_leaves_the_old_file(tmp_path):
    store = d.DeckStore(tmp_path)
    store.save(_deck("/?region=eca", title="Atelier"), actor=LOCAL)
    before = (tmp_path / "atelier.json").read_bytes()
    script = textwrap.dedent(f"""
        import os
        from ssw_core import deck as d
        from ssw_core.access import LOCAL
        real = os.replace
        def crash(*a, **k):
            os._exit(9)  # the process dies between writing and renaming
        os.replace = crash
        store = d.DeckStore({str(tmp_path)!r})
        pages = ("overview", "country")
        deck = d.make_deck("Atelier", [d.Slide("country", {{"country": "MDA"}})], pages)
        store.save(deck, actor=LOCAL)
    """)
    proc = subprocess.run([sys.executable, "-c", script], cwd=os.getcwd(), check=False)
    assert proc.returncode == 9
    assert (tmp_path / "atelier.json").read_bytes() == before
    assert d.DeckStore(tmp_path).names() == ["atelier"]


def test_processes_saving_at_once_never_leave_a_broken_file(tmp_path):
    # A room of several processes: each saves the same presentation and one of its own many
    # times at once. Every file is whole (one writer's version), never a mix or half of one.
    script = textwrap.dedent(f"""
        import sys
        from ssw_core import deck as d
        from ssw_core.access import LOCAL
        store = d.DeckStore({str(tmp_path)!r})
        pages = ("overview", "country")
        who = sys.argv[1]
        for i in range(40):
            slides = [d.Slide("country", {{"country": c}}) for c in ("MDA", "GEO")[: 1 + i % 2]]
            store.save(d.make_deck("Shared", slides, pages), actor=LOCAL)
            store.save(d.make_deck(f"Own {{who}}", slides, pages), actor=LOCAL)
    """)
    procs = [
        subprocess.Popen([sys.executable, "-c", script, str(n)], cwd=os.getcwd()) for n in range(3)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    store = d.DeckStore(tmp_path)
    assert store.names() == ["own-0", "own-1", "own-2", "shared"]
    for name in store.names():
        deck = store.load(name, ("overview", "country"))
        assert len(deck.slides) in (1, 2)
    assert not list(tmp_path.glob("*.tmp"))


def test_a_presentation_too_large_to_load_again_is_not_saved(tmp_path):
    """Found by review: three long messages on 60 slides with long parameters could be saved
    and then refused when read back; it is refused when saved, and the file is unchanged."""
    store = d.DeckStore(tmp_path)
    actor = LOCAL
    small = d.Deck("Big", (d.Slide("overview", {}, {"en": "one"}),))
    store.save(small, actor=actor)
    before = store.path(small.slug).read_bytes()
    long = "я" * d.MAX_MESSAGE
    slides = tuple(
        d.Slide(
            "scenario",
            {f"p{i}": "x" * 1900 for i in range(3)},
            {"en": long, "ru": long, "ro": long},
        )
        for _ in range(d.MAX_SLIDES)
    )
    with pytest.raises(d.DeckError) as err:
        store.save(d.Deck("Big", slides), actor=actor)
    assert err.value.code == "file_too_large"
    assert store.path(small.slug).read_bytes() == before
