"""The one translation lookup, and locale-aware number formatting (Babel).

- `t(key, **values)`: user-visible strings from `ui/locales/<lang>.toml`.
- `tc(row, field)`: a text column of a data row (`<field>_<lang>`, falling back to English),
  for catalogue texts kept with the data (indicator names, figure labels).
- `fmt_*`: numbers, percentages and years in the conventions of the current language.

A missing key renders as `[key]` so it is visible on screen and caught by the tests.
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit as st
from babel.numbers import format_compact_decimal, format_decimal, format_percent

LOCALES_DIR = Path(__file__).parent / "locales"
LANGUAGES = ("en",)
DEFAULT_LANG = "en"


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


def current_lang() -> str:
    lang = st.session_state.get("lang", DEFAULT_LANG)
    return lang if lang in LANGUAGES else DEFAULT_LANG


def t(key: str, /, **values: object) -> str:
    """The text for `key` in the current language, with `{name}` fields filled from values."""
    text = catalogue(current_lang()).get(key) or catalogue(DEFAULT_LANG).get(key)
    if text is None:
        return f"[{key}]"
    return text.format(**values) if values else text


def tc(row: Mapping[str, Any], field: str) -> str:
    """A data text column in the current language: row['<field>_<lang>'] or the English one."""
    value = row.get(f"{field}_{current_lang()}") or row.get(f"{field}_en")
    return "" if value is None else str(value)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_num(value: float | None, digits: int = 0) -> str:
    """A number with grouping and `digits` decimals; missing values say so."""
    if _missing(value):
        return t("common.missing")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=current_lang())


def fmt_compact(value: float | None) -> str:
    """A large number in short form for narrow columns: '2.38M' (English), '2,38 млн' (Russian)."""
    if _missing(value):
        return t("common.missing")
    return format_compact_decimal(value, fraction_digits=2, locale=current_lang())


def fmt_pct(fraction: float | None, digits: int = 1) -> str:
    """A fraction (0-1) as a percentage."""
    if _missing(fraction):
        return t("common.missing")
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "") + "%"
    return format_percent(fraction, format=pattern, locale=current_lang())


def fmt_auto(value: float | None) -> str:
    """A number with as many decimals as it needs to be read: 14,000 / 64.4 / 0.77."""
    if _missing(value):
        return t("common.missing")
    assert value is not None
    magnitude = abs(value)
    if magnitude >= 1000 or float(value).is_integer():
        return fmt_num(value, 0)
    return fmt_num(value, 1 if magnitude >= 10 else 2)


def fmt_qualified(value: float | None, qualifier: str | None) -> str:
    """A figure with its source's qualifier: '≈ 14,000', '> 60,000', '350 (estimate)'."""
    text = fmt_auto(value)
    if _missing(value) or qualifier is None:
        return text
    return t(f"qualifier.{qualifier}", value=text)
