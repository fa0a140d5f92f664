"""Placing tables: on a phone each cell is named by its column, through a style built from the
column names. No name can end the CSS string, the rule or the style element."""

from __future__ import annotations

import re

from ui.parts.place import card_labels, css_string


def test_a_css_string_escapes_everything_but_ascii_letters_and_digits():
    assert css_string("Per 100,000") == '"Per\\000020100\\00002c000"'
    assert css_string("Источник") == '"' + "".join(f"\\{ord(c):06x}" for c in "Источник") + '"'
    hostile = css_string('x"; } </style><script>alert(1)</script> \\')
    inner = hostile[1:-1]
    assert re.fullmatch(r"(?:[A-Za-z0-9]|\\[0-9a-f]{6})*", inner), inner


def test_card_labels_name_each_column_in_order_on_narrow_screens_only():
    css = card_labels("tbl-GEO-workforce", ["What is counted", "Source"])
    assert css.startswith("<style>@media (max-width: 640px) {")
    assert css.count("<style>") == 1 and css.endswith("</style>")
    assert ".st-key-tbl-GEO-workforce td:nth-child(1)::before" in css
    assert f"td:nth-child(2)::before {{ content: {css_string('Source')}; }}" in css
