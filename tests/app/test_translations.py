"""Russian and Romanian are complete: every English key, with the same placeholders, and
every text of the data translated (data/raw/i18n/<lang>.csv)."""

from __future__ import annotations

import re
import string

import polars as pl
import pytest
from babel import Locale

from ssw_build import data as build
from ssw_core import paths
from ui.base import i18n

OTHERS = [lang for lang in i18n.LANGUAGES if lang != i18n.DEFAULT_LANG]
# Keys only a translation needs: country names where the UN's usage differs from CLDR's.
EXTRA_PREFIXES = ("countries.",)
ICON = re.compile(r":material/[a-z_]+:")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _plural_form_of_a_plural_key(key: str, en: dict[str, str]) -> bool:
    base, _, form = key.rpartition(".")
    return form in i18n.PLURAL_FORMS and f"{base}.other" in en


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_plural_keys_have_exactly_the_cldr_forms_of_their_language(lang):
    """'1 problems' cannot happen: every plural key has each form CLDR defines for the
    language (Russian one/few/many/other, Romanian one/few/other, English one/other), and
    each form is the right one for sample counts."""
    cat = i18n.catalogue(lang)
    bases = {k.rpartition(".")[0] for k in cat if k.endswith(".other")}
    bases = {b for b in bases if f"{b}.one" in cat}
    assert {"upload.has_errors", "map.n_figures", "scenario.student_years"} <= bases
    rules = Locale.parse(lang).plural_form
    expected = set(rules.tags) | {"other"}
    for base in bases:
        forms = {k.rpartition(".")[2] for k in cat if k.rpartition(".")[0] == base}
        assert forms == expected, f"{lang} {base}: {sorted(forms)} != {sorted(expected)}"
    with i18n.language(lang):
        one, many = i18n.tn("map.n_figures", 1), i18n.tn("map.n_figures", 5)
    assert one.startswith("1 ") and many.startswith("5 ") and one[2:] != many[2:]
    if lang == "ru":  # 2 and 5 take different forms; 21 takes the form of 1
        with i18n.language(lang):
            assert i18n.tn("map.n_figures", 2) == "2 значения"
            assert i18n.tn("map.n_figures", 5) == "5 значений"
            assert i18n.tn("map.n_figures", 21) == "21 значение"


@pytest.mark.parametrize("lang", OTHERS)
def test_every_key_is_translated(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    missing = sorted(set(en) - set(other))
    extra = sorted(
        k
        for k in set(other) - set(en)
        if not k.startswith(EXTRA_PREFIXES) and not _plural_form_of_a_plural_key(k, en)
    )
    empty = sorted(k for k, v in other.items() if not v.strip())
    assert not missing, f"{lang}: {len(missing)} keys missing, e.g. {missing[:10]}"
    assert not extra, f"{lang}: keys that English does not have: {extra[:10]}"
    assert not empty, f"{lang}: empty texts: {empty[:10]}"


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_icons_and_paragraphs_match_english(lang):
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    wrong = []
    for key, text in en.items():
        if key not in other:
            continue
        mine = other[key]
        if _fields(mine) != _fields(text):
            wrong.append(f"{key}: fields {sorted(_fields(mine))} != {sorted(_fields(text))}")
        if sorted(ICON.findall(mine)) != sorted(ICON.findall(text)):
            wrong.append(f"{key}: icons differ")
        if mine.count("\n\n") != text.count("\n\n"):
            wrong.append(
                f"{key}: {mine.count(chr(10) * 2)} paragraph breaks, English has "
                f"{text.count(chr(10) * 2)}"
            )
    assert not wrong, "\n".join(wrong[:20])


@pytest.mark.parametrize("lang", OTHERS)
def test_every_text_is_different_from_english_where_it_should_be(lang):
    # A copied English sentence is a translation forgotten. Short codes and names may stay.
    en, other = i18n.catalogue("en"), i18n.catalogue(lang)
    same = sorted(
        k for k, v in en.items() if other.get(k) == v and len(v) > 24 and " " in v.strip()
    )
    assert not same, f"{lang}: left in English: {same[:10]}"


@pytest.mark.parametrize("lang", OTHERS)
def test_every_data_text_is_translated(lang):
    tables = build.build_all()
    texts = build.data_texts(tables["indicators"], tables["observations"])
    done = set(tables["texts"].filter(pl.col("lang") == lang)["en"].to_list())
    missing = sorted(texts - done)
    assert not missing, f"{lang}: {len(missing)} data texts untranslated, e.g. {missing[:5]}"
    # The shipped Parquet holds them (python -m ssw_build was run after editing).
    shipped = pl.read_parquet(paths.DEFAULT_DATA_DIR / "texts.parquet")
    assert shipped.equals(tables["texts"])


@pytest.mark.parametrize("lang", OTHERS)
def test_un_names_for_kosovo_and_myanmar(lang):
    names = i18n.catalogue(lang)
    assert "1244" in names["countries.XKX"]
    assert names.get("countries.MMR")


@pytest.mark.parametrize("lang", OTHERS)
def test_the_language_is_named_and_numbers_follow_it(lang):
    with i18n.language(lang):
        assert (
            i18n.fmt_num(1234567.5, 1) == {"ru": "1\u00a0234\u00a0567,5", "ro": "1.234.567,5"}[lang]
        )
        assert (
            i18n.country_name("DEU", "DE", "Germany") == {"ru": "Германия", "ro": "Germania"}[lang]
        )
