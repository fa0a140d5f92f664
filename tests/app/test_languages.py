"""Every page in every language: it renders, every key is found, and no English text of the
catalogue or of the data reaches a Russian or Romanian page (a string that bypassed the
lookup, or a data text without its translation)."""

from __future__ import annotations

import re

import pytest

from tests.app.conftest import MISSING_KEY, PAGES, all_text, open_app
from ui.base import i18n

OTHERS = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANG]
# English words that a translated page legitimately shows: codes, names and the source's own
# words (titles and publishers are cited as published; the upload format's column names).
_WORD = re.compile(r"[A-Za-z]{4,}")


def _open(page: str, lang: str, **params: str):
    # AppTest formats the options of select widgets in the test's own thread, outside the
    # session: the forced language makes that match the page's language.
    with i18n.language(lang):
        return open_app(page, lang=lang, **params)


def _english_only(lang: str) -> list[str]:
    """English catalogue texts that the other language translates differently: whole
    sentences, long enough that seeing one on the page means it was not translated."""
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    out = []
    for key, text in en.items():
        if other.get(key) == text or "{" in text or key.startswith("countries."):
            continue
        plain = text.replace("**", "").replace("*", "").strip()
        if len(plain) >= 30 and len(_WORD.findall(plain)) >= 4 and "\n" not in plain:
            out.append(plain)
    return out


@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("params", [{}, {"country": "MDA"}, {"region": "asean", "country": "KHM"}])
def test_every_page_in_every_language(page, lang, params):
    at = _open(page, lang, **params)
    text = all_text(at)
    assert at.title, "every page has a title"
    assert not MISSING_KEY.search(text), MISSING_KEY.search(text)
    leaked = [s for s in _english_only(lang) if s in text]
    assert not leaked, f"{page} in {lang}: English text on the page: {leaked[:3]}"


@pytest.mark.parametrize("lang", OTHERS)
def test_data_texts_are_shown_translated(lang):
    # Moldova's workforce figure carries a label and a caveat from the data.
    at = _open("pages/country.py", lang, country="MDA")
    text = all_text(at)
    assert "Community social workers (eligible for a one-off payment)" not in text
    assert "Counted as the staff eligible for a one-off payment" not in text
    with i18n.language(lang):
        label = i18n.td("Community social workers (eligible for a one-off payment)")
    assert label != "Community social workers (eligible for a one-off payment)"
    assert label in text


@pytest.mark.parametrize(
    ("lang", "title", "number"),
    [("ru", "Молдова", "2\u00a0402\u00a0306"), ("ro", "Republica Moldova", "2.402.306")],
)
def test_country_names_and_numbers_follow_the_language(lang, title, number):
    at = _open("pages/country.py", lang, country="MDA")
    assert at.title[0].value == title
    assert number in [m.value for m in at.metric]


@pytest.mark.parametrize("lang", OTHERS)
def test_chart_axes_and_number_format_follow_the_language(lang):
    import json

    at = _open("pages/overview.py", lang)
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert specs
    separators = {"ru": ",", "ro": ","}[lang]
    assert all(s["config"]["locale"]["number"]["decimal"] == separators for s in specs)
    dumped = json.dumps(specs, ensure_ascii=False)
    assert "Per 100,000 population" not in dumped


_ST_TEXT_CALLS = {
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "write",
    "text",
    "info",
    "warning",
    "error",
    "success",
    "toast",
    "button",
    "download_button",
    "link_button",
    "page_link",
    "popover",
    "expander",
    "tabs",
    "metric",
    "selectbox",
    "radio",
    "segmented_control",
    "toggle",
    "checkbox",
    "slider",
    "number_input",
    "text_input",
    "file_uploader",
    "form_submit_button",
    "multiselect",
    "text_area",
    "pills",
}


def _literal_texts(node) -> list[str]:
    """Literal strings with words in a call's text arguments (first argument, label=, help=,
    placeholder=)."""
    import ast

    args = list(node.args[:1]) + [
        k.value for k in node.keywords if k.arg in ("label", "help", "placeholder", "body")
    ]
    out = []
    for a in args:
        parts = [a] if isinstance(a, ast.Constant) else []
        if isinstance(a, ast.JoinedStr):
            parts = [v for v in a.values if isinstance(v, ast.Constant)]
        out += [
            p.value
            for p in parts
            if isinstance(p.value, str) and re.search(r"[A-Za-z]{2}", p.value)
        ]
    return out


def test_no_text_in_code_bypasses_the_lookup():
    import ast

    from tests.app.test_i18n import SOURCES

    found = []
    for path in SOURCES:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in _ST_TEXT_CALLS
                # a logger's lines go to the server's log, never to a screen
                and not (isinstance(node.func.value, ast.Name) and node.func.value.id == "_LOG")
            ):
                # Markdown headings written around a translated text ("### " + t(...)) are fine.
                texts = [s for s in _literal_texts(node) if s.strip("#* \n")]
                found += [f"{path.name}:{node.lineno}: {s!r}" for s in texts]
    assert not found, "\n".join(found)
