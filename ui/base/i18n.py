"""The one translation lookup, and locale-aware number formatting (Babel).

- `t(key, **values)`: user-visible strings from `ui/locales/<lang>.toml`; `tn(key, count)`
  the same in the plural form CLDR gives the count in the language (Babel).
- `tc(row, field)` / `td(text)`: the data's own texts (indicator names, figure labels,
  caveats, units), translated from `data/raw/i18n/<lang>.csv` through the `texts` table;
  a text without a translation is shown in English.
- `fmt_*`: numbers, percentages, years and days in the conventions of the current language;
- `geo_name` / `country_names`: countries and regions named in the current language.

The language is the `lang` parameter of the link (`LANG`), chosen in the sidebar.

A missing key renders as `[key]` so it is visible on screen and caught by the tests.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st
from babel import Locale
from babel.dates import format_date
from babel.numbers import format_compact_decimal, format_decimal, format_percent

from ssw_core.figures import is_region
from ui.base import data, link, session
from ui.base.link import BadValue

T = TypeVar("T")
LOCALES_DIR = Path(__file__).resolve().parents[1] / "locales"
LANGUAGES = ("en", "ru", "ro")
DEFAULT_LANG = "en"
LANGUAGE_NAMES = {"en": "English", "ru": "Русский", "ro": "Română"}
"""Each language named in itself, as language pickers do."""
LANG = link.Param[str](
    "lang",
    __name__,
    DEFAULT_LANG,
    case="lower",
    survives_slide=True,
    doc="the language of every text (the sidebar's picker)",
)


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All strings of one language as a flat {dotted.key: text} dict."""
    with (LOCALES_DIR / f"{lang}.toml").open("rb") as fh:
        return _flatten(tomllib.load(fh))


def _flatten(tree: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    out: dict[str, str] = {}
    for k, v in tree.items():
        key = f"{prefix}{k}"
        if isinstance(v, Mapping):
            out.update(_flatten(v, key + "."))
        else:
            out[key] = str(v)
    return out


_FORCED: ContextVar[str | None] = ContextVar("forced_language", default=None)


_DRAWN = session.Key[str](
    "lang_drawn", __name__, survives_slide=True, doc="the language the last run drew in"
)


def adopt_language() -> BadValue | None:
    """Before anything is drawn: take `?lang=` from the link (en, ru, ro); if the language
    changed (the picker or a link), the choices shown translated are set again
    (`session.relabel`). Returns a bad value to report once the page is drawn."""
    LANG.key.setdefault(LANG.default)
    bad = LANG.adopt(LANGUAGES)
    now = current_lang()
    if _DRAWN.get() not in (None, now):
        session.relabel()
    _DRAWN.set(now)
    return bad


def publish_language() -> None:
    """The language in the link (left out when English)."""
    LANG.publish(current_lang())


def current_lang() -> str:
    forced = _FORCED.get()
    if forced is not None:
        return forced
    lang = LANG.value()
    return lang if lang in LANGUAGES else DEFAULT_LANG


@contextmanager
def language(lang: str) -> Iterator[None]:
    """Use `lang` within the block, whatever the session says. For work done outside the
    script run (a download made when its button is pressed runs on another thread, with no
    session), which must still be in the language the user saw."""
    token = _FORCED.set(lang)
    try:
        yield
    finally:
        _FORCED.reset(token)


def in_language(fn: Callable[[], T]) -> Callable[[], T]:
    """`fn`, to be called later, in the language of now."""
    lang = current_lang()

    def call() -> T:
        with language(lang):
            return fn()

    return call


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the current language, with `{name}` fields filled from values."""
    text = catalogue(current_lang()).get(key) or catalogue(DEFAULT_LANG).get(key)
    if text is None:
        return f"[{key}]"
    return text.format(**values) if values else text


PLURAL_FORMS = ("zero", "one", "two", "few", "many", "other")


def tn(key: str, count: float, /, **values: object) -> str:
    """The text for `key` in the CLDR plural form of `count` in the current language (Babel:
    English one/other, Romanian one/few/other, Russian one/few/many/other), with `{n}` the
    count formatted for that language. A plural key is a table of forms in the TOML."""
    lang = current_lang()
    # The form of the number as shown ({n} is whole): 1,575.3 student-years are shown as
    # '1 575', which Russian declines as 'many' ('студенто-лет'), not as a fraction ('года').
    form = Locale.parse(lang).plural_form(round(count))
    cat = catalogue(lang)
    text = cat.get(f"{key}.{form}") or cat.get(f"{key}.other")
    if text is None:
        text = catalogue(DEFAULT_LANG).get(f"{key}.other")
    if text is None:
        return f"[{key}]"
    return text.format(n=fmt_num(count), **values)


def td(text: str | None) -> str:
    """A text of the data (a unit, a worded value, a label) in the current language."""
    if not text:
        return ""
    lang = current_lang()
    if lang == DEFAULT_LANG:
        return text
    return data.texts(data.version(), lang).get(text, text)


def tc(row: Mapping[str, Any], field: str) -> str:
    """A data text column (`<field>_en`) of a row in the current language."""
    value = row.get(f"{field}_en")
    return "" if value is None else td(str(value))


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_num(value: float | None, digits: int = 0) -> str:
    """A number with grouping and `digits` decimals; missing values say so."""
    if value is None or _missing(value):
        return t("common.missing")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=current_lang())


def fmt_compact(value: float | None) -> str:
    """A large number in short form for narrow columns: '2.38M' (English), '2,38 млн' (Russian)."""
    if value is None or _missing(value):
        return t("common.missing")
    return format_compact_decimal(value, fraction_digits=2, locale=current_lang())


def fmt_pct(fraction: float | None, digits: int = 1) -> str:
    """A fraction (0-1) as a percentage."""
    if fraction is None or _missing(fraction):
        return t("common.missing")
    return format_percent(
        fraction, format=_percent_pattern(current_lang(), digits), locale=current_lang()
    )


@cache
def _percent_pattern(lang: str, digits: int) -> str:
    """The language's own percent pattern ('26%' in English, '26 %' in Russian and
    Romanian, with a no-break space) with `digits` decimals."""
    pattern = Locale.parse(lang).percent_formats[None].pattern.split(";")[0]
    decimals = "." + "0" * digits if digits > 0 else ""
    return re.sub(r"0(?=[^0#]*%)", "0" + decimals, pattern, count=1)


def fmt_day(day: str | None) -> str:
    """A day ('2026-12-07', or a record's stamp '2026-12-07T10:15:00Z') as the language writes
    it: '7 December 2026', '7 декабря 2026', '7 decembrie 2026'; missing when it is no day."""
    try:
        when = date.fromisoformat(str(day or "")[:10])
    except ValueError:
        return t("common.missing")
    return format_date(when, "d MMMM y", locale=current_lang())


def fmt_auto(value: float | None) -> str:
    """A number with as many decimals as it needs to be read: 14,000 / 64.4 / 0.77."""
    if _missing(value):
        return t("common.missing")
    assert value is not None
    magnitude = abs(value)
    if magnitude >= 1000 or float(value).is_integer():
        return fmt_num(value, 0)
    return fmt_num(value, 1 if magnitude >= 10 else 2)


def country_name(iso3: str, iso2: str, name_en: str, lang: str | None = None) -> str:
    """A country's name in the current language: a catalogue entry `countries.<ISO3>` where
    the United Nations' usage differs from CLDR's (Kosovo's UNSCR 1244 reference, Myanmar),
    else CLDR's name from Babel; in English, the curated name of the data."""
    lang = lang or current_lang()
    override = catalogue(lang).get(f"countries.{iso3}")
    if override:
        return override
    if lang == DEFAULT_LANG:
        return name_en
    return _territories(lang).get(iso2, name_en)


@cache
def _territories(lang: str) -> dict[str, str]:
    return dict(Locale.parse(lang).territories)


def compact_units() -> tuple[str, str, str]:
    """Thousand, million, billion suffixes for chart axes ('k', 'M', 'B' in English)."""
    return (t("charts.units.k"), t("charts.units.m"), t("charts.units.b"))


_D3_LOCALES: dict[str, dict[str, Any]] = {
    "en": {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", ""]},
    "ru": {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", ""]},
    "ro": {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", ""]},
}


def chart_locale() -> dict[str, Any]:
    """The number format of charts (Vega-Lite's config.locale) for the current language, the
    same separators Babel uses for the page's numbers."""
    return {"number": _D3_LOCALES[current_lang()]}


def fmt_qualified(value: float | None, qualifier: str | None) -> str:
    """A figure with its source's qualifier: '≈ 14,000', '> 60,000', '350 (estimate)'."""
    text = fmt_auto(value)
    if _missing(value) or qualifier is None:
        return text
    return t(f"qualifier.{qualifier}", value=text)


def country_names() -> dict[str, str]:
    """ISO3 -> the country's name in the current language (`country_name`)."""
    return _country_names(data.version(), current_lang())


@st.cache_resource(max_entries=8, show_spinner=False)  # shared, read-only
def _country_names(version: str, lang: str) -> dict[str, str]:
    frame = data.countries(version)
    return {
        r["iso3"]: country_name(r["iso3"], r["iso2"], r["name_en"], lang)
        for r in frame.iter_rows(named=True)
    }


def geo_name(geo: str) -> str:
    """A country's or a region's name (figures of a whole region have a geo of their own)."""
    if is_region(geo):
        return t(f"regions.geo.{geo}")
    return country_names().get(geo, geo)
