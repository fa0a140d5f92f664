"""Downloaded charts are what the screen shows: every chart the app draws renders to a PNG that
is not blank, at least as wide as the page draws it, with its title and source line wrapped
(issue 13: line, area and heat-map downloads had a zero-width plot, long subtitles were cut).

Each page is opened with AppTest; the specs the pages hand to their download menus are caught
on the way (`place.downloads`) and rendered offline as the menu would (ssw_core.export)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

import pytest
import vl_convert as vlc
from PIL import Image

from ssw_core import export
from tests.app.conftest import open_app
from ui.base import i18n
from ui.parts import place

VIEWS: list[tuple[str, dict[str, str]]] = [
    ("pages/overview.py", {}),
    ("pages/overview.py", {"map": "rate_children_0_14", "region": "eca"}),
    ("pages/overview.py", {"map": "core3", "region": "asean"}),
    ("pages/country.py", {"country": "MDA"}),
    ("pages/plan.py", {"region": "eca"}),
    ("pages/support.py", {}),
    *[
        ("pages/scenario.py", {"country": "MDA", "view": v})
        for v in ("workforce", "caseload", "cost", "lenses", "sensitivity", "compare")
    ],
]
KINDS = {"geoshape", "rect", "bar", "line", "area", "rule", "point", "tick", "text"}


@pytest.fixture(scope="module")
def exported() -> Iterator[dict[str, dict[str, Any]]]:
    """name -> the file spec of every chart the views above draw (English and Russian)."""
    caught: dict[str, dict[str, Any]] = {}
    real = place.downloads

    def spy(name: str, **kw: Any) -> None:
        if kw.get("chart") is not None:
            lang = i18n.current_lang()
            caught[f"{name}:{lang}"] = export.standalone(
                kw["chart"], title=kw.get("title", ""), subtitle=kw.get("caption", "")
            )
        real(name, **kw)

    place.downloads = spy  # type: ignore[assignment]
    try:
        for page, params in VIEWS:
            open_app(page, **params)
        with i18n.language("ru"):  # AppTest formats select options in the test's thread
            open_app("pages/scenario.py", lang="ru", country="MDA", view="workforce")
    finally:
        place.downloads = real  # type: ignore[assignment]
    yield caught


def _marks(spec: dict[str, Any]) -> set[str]:
    out = set()
    for part in [spec, *spec.get("layer", [])]:
        mark = part.get("mark")
        if mark is not None:
            out.add(mark if isinstance(mark, str) else mark["type"])
    return out


def _plot_width(scenegraph: dict[str, Any]) -> float:
    """The widest group of the rendered scene: the plot (a layer's cell, or the view)."""
    widths = []

    def walk(node: dict[str, Any]) -> None:
        for item in node.get("items", []):
            if node.get("marktype") == "group" and "width" in item:
                widths.append(item["width"])
            walk(item)

    walk(scenegraph["scenegraph"])
    return max(widths, default=0.0)


def _coloured_share(png: bytes) -> float:
    """Share of pixels in colour (not white, grey or black text): the data marks."""
    img = Image.open(io.BytesIO(png)).convert("HSV")
    pixels = list(img.getdata())
    return sum(1 for _, s, v in pixels if s > 60 and v > 60) / len(pixels)


def test_every_kind_of_chart_is_caught(exported):
    kinds = set().union(*(_marks(s) for s in exported.values()))
    # maps, heat-map, bars, lines, areas: every chart builder in ui/base/charts.py
    assert {"geoshape", "rect", "bar", "line", "area"} <= kinds, kinds
    assert len(exported) >= 12, sorted(exported)


def test_no_download_is_blank_or_narrower_than_the_page(exported):
    problems = []
    for name, spec in sorted(exported.items()):
        png = export.chart_png(spec, scale=1.0)
        width = Image.open(io.BytesIO(png)).size[0]
        plot = _plot_width(vlc.vegalite_to_scenegraph(spec, vl_version="5.20"))
        colour = _coloured_share(png)
        if width < export.EXPORT_WIDTH or plot < export.EXPORT_WIDTH - 1:
            problems.append(f"{name}: {width} px wide, plot {plot:.0f} px")
        # A blank chart has no coloured pixel at all; ASEAN's rate map, mostly sea and
        # neighbours in grey under a four-line legend, has about 1 %.
        if colour < 0.005:
            problems.append(f"{name}: {colour:.2%} of its pixels in colour (blank?)")
    assert not problems, "\n".join(problems)


def test_titles_and_subtitles_wrap_within_the_chart(exported):
    spec = exported["scenario-workforce:en"]
    title = spec["title"]
    assert title["text"][0].startswith("Workforce: Moldova")
    assert len(title["subtitle"]) >= 2  # the summary sentence, wrapped, none of it cut
    assert all(len(line) <= export.SUBTITLE_CHARS for line in title["subtitle"])
    assert " ".join(title["subtitle"]).endswith(").")


def test_a_download_is_in_the_pages_language(exported):
    ru = json.dumps(exported["scenario-workforce:ru"], ensure_ascii=False)
    assert "Молдова" in ru and "Workforce" not in ru


def test_wrap_never_cuts_a_word():
    assert export.wrap_lines("a " * 3 + "supercalifragilistic", 5) == [
        "a a a",
        "supercalifragilistic",
    ]
