"""Downloaded charts are what the screen shows: every chart the app draws renders to a PNG that
is not blank, at least as wide as the page draws it, with its title and source line wrapped
(issue 13: line, area and heat-map downloads had a zero-width plot, long subtitles were cut).
And they stand alone (issue 23): each file names the sources of its figures with their years,
the data it was made from and the assumptions that matter, and asks nothing of its reader
that only a screen can do.

Each page is opened with AppTest; the specs the pages hand to their download menus are caught
on the way (`place.downloads`) and rendered offline as the menu would (ssw_core.export)."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
import vl_convert as vlc
from PIL import Image

from ssw_core import export
from tests.app.conftest import open_app
from ui.base import i18n
from ui.parts import place
from ui.parts.credits import MAX_LISTED

VIEWS: list[tuple[str, dict[str, str]]] = [
    ("pages/overview.py", {}),
    ("pages/overview.py", {"map": "rate_children_0_14", "region": "eca"}),
    ("pages/overview.py", {"map": "core3", "region": "asean"}),
    ("pages/country.py", {"country": "MDA"}),
    ("pages/plan.py", {"region": "eca"}),
    ("pages/support.py", {}),
    *[
        ("pages/scenario.py", {"country": "MDA", "view": v})
        for v in ("workforce", "caseload", "cost", "lenses", "sensitivity", "compare", "why")
    ],
    ("pages/scenario.py", {"country": "MDA", "view": "compare", "compare": "ideal"}),
]
OTHER_LANGUAGES: list[tuple[str, dict[str, str]]] = [
    ("pages/overview.py", {"region": "eca"}),
    ("pages/scenario.py", {"country": "MDA", "view": "workforce"}),
]
"""Opened in Russian and Romanian too: a map, the coverage and a scenario's files."""
KINDS = {"geoshape", "rect", "bar", "line", "area", "rule", "point", "tick", "text"}


@pytest.fixture(scope="module")
def exported() -> Iterator[dict[str, dict[str, Any]]]:
    """name -> the file spec of every chart the views above draw (English and Russian)."""
    caught: dict[str, dict[str, Any]] = {}
    real = place.downloads

    def spy(name: str, **kw: Any) -> None:
        if kw.get("chart") is not None:
            lang = i18n.current_lang()
            caught[f"{name}:{lang}"] = place.chart_file(
                kw["chart"],
                title=kw.get("title", ""),
                caption=kw.get("caption", ""),
                notes=kw.get("notes", ()),
            )
        real(name, **kw)

    place.downloads = spy  # type: ignore[assignment]
    try:
        for page, params in VIEWS:
            open_app(page, **params)
        for lang in ("ru", "ro"):
            with i18n.language(lang):  # AppTest formats select options in the test's thread
                for page, params in OTHER_LANGUAGES:
                    open_app(page, lang=lang, **params)
    finally:
        place.downloads = real  # type: ignore[assignment]
    yield caught


def _marks(spec: dict[str, Any]) -> set[str]:
    """The marks of a spec, its layers and (a file with notes) its one concatenated view."""
    mark = spec.get("mark")
    out = set() if mark is None else {mark if isinstance(mark, str) else mark["type"]}
    for part in [*spec.get("layer", []), *spec.get("vconcat", [])]:
        out |= _marks(part)
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
    title = spec["vconcat"][0]["title"]  # the file's own title stays above the chart
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


# --- issue 23: a file stands alone ---------------------------------------------------------

SOURCE_LINE = re.compile(
    r"^(Figures|Population|Starting point|Pay|Countries of the benchmark): .*\b(19|20)\d\d\b"
)
DATA_LINE = re.compile(r"^Data: the data shipped with the dashboard; file made \d{4}-\d\d-\d\d\.$")


def _footer(spec: dict[str, Any]) -> list[str]:
    """The lines under a file's chart (the footer `export.standalone` adds)."""
    assert spec["title"]["orient"] == "bottom", "no footer"
    return list(spec["title"]["text"])


def _joined(lines: list[str]) -> str:
    """Wrapped lines as the text they were made from (a wrap breaks at a space)."""
    return " ".join(lines)


def test_every_file_names_its_sources_with_a_year_and_the_data(exported):
    problems = []
    for name, spec in sorted(exported.items()):
        if not name.endswith(":en"):
            continue
        footer = _footer(spec)
        if not any(SOURCE_LINE.match(line) for line in footer):
            problems.append(f"{name}: no source with a year in {footer}")
        if not DATA_LINE.match(footer[-1]):
            problems.append(f"{name}: the last line is not the data's: {footer[-1]!r}")
    assert not problems, "\n".join(problems)


def test_a_scenario_file_names_its_starting_figure_and_the_assumed_split(exported):
    footer = _joined(_footer(exported["scenario-workforce:en"]))
    # Moldova starts from MOLDPRES's 1,007 community social workers (2025); no source splits
    # them, so half are taken as Category 6 (ssw_core.baseline, the assumed share)
    assert "Starting point: 1,007, Community social workers" in footer
    assert "source: MOLDPRES" in footer and "2025" in footer
    assert "Category 6: 50% of the workforce figure, an assumption" in footer
    # pay rules are said under the cost only
    assert "pay is not entered" not in footer
    cost = _joined(_footer(exported["scenario-cost:en"]))
    assert "Category 6 pay is not entered: taken as social workers' pay" in cost
    # Moldova's social workers' pay, from the minister's interview (undated, said so)
    assert "Pay: europesays.com (relaying IPN), interview of Minister Alexei Buzu" in cost


def test_a_price_of_a_study_place_is_not_called_a_pay():
    """Cambodia's data gives a tuition fee and no pay: the printed plan listed the fee as its
    'Pay' and then said that neither the data nor the plan gives a pay (the trial)."""
    from ui.base.i18n import language
    from ui.scenario.board import plan_notes

    with language("en"):
        notes = plan_notes("scenario?country=KHM")
    assert not [n for n in notes if n.startswith("Pay:")]
    assert notes[-2:] == (
        "Price of a study place: The Cambodia Daily, 'University Begins New Social Work Program"
        " for Professionals' (2015).",
        "Cost: missing; neither the data nor the plan gives the pay of"
        " 1 · Qualified social workers (S1).",
    )


def test_many_sources_are_counted_with_their_years(exported):
    footer = _footer(exported["map-eca-rate_pop:en"])
    figures = next(line for line in footer if line.startswith("Figures:"))
    n = int(re.search(r"Figures: (\d+) sources", figures).group(1))  # type: ignore[union-attr]
    assert n > MAX_LISTED
    assert re.search(r"of 20\d\d-20\d\d, listed on the Sources page", figures), figures
    assert "(Social service workforce dashboard)" in figures
    population = next(line for line in footer if line.startswith("Population:"))
    assert "World Bank WDI SP.POP.TOTL" in population and "(2026)" in population


ON_SCREEN = {
    "en": ("hover", "click", "sidebar"),
    "ru": ("наведите", "нажмите", "боковой панели", "курсор"),
    "ro": ("mouse", "apăsați", "bara laterală", "treceți"),
}
"""Words that ask for a screen: what a file (printed, on a slide) cannot do."""


def test_the_on_screen_words_are_the_catalogues_own():
    # the words checked are those the pages use: a change of wording fails here first
    for lang, words in ON_SCREEN.items():
        catalogue = " ".join(str(v) for v in i18n.catalogue(lang).values()).lower()
        assert [w for w in words if w not in catalogue] == [], lang


def test_no_file_asks_for_a_screen(exported):
    problems = []
    for name, spec in sorted(exported.items()):
        lang = name.rsplit(":", 1)[1]
        text = " ".join(export.file_texts(spec)).lower()
        problems += [f"{name}: {w!r}" for w in ON_SCREEN[lang] if w in text]
    assert not problems, problems
    assert {n.rsplit(":", 1)[1] for n in exported} == {"en", "ru", "ro"}


def test_a_file_in_russian_and_romanian_says_its_sources_in_that_language(exported):
    ru = _joined(_footer(exported["scenario-workforce:ru"]))
    ro = _joined(_footer(exported["scenario-workforce:ro"]))
    assert "Исходная точка: 1\xa0007" in ru and "MOLDPRES" in ru and "допущение" in ru
    assert "Punct de pornire: 1.007" in ro and "MOLDPRES" in ro and "ipoteză" in ro
    assert _footer(exported["coverage:ru"])[-1].startswith("Данные: встроенные данные панели")


def test_the_footer_is_drawn_in_the_file(exported):
    spec = exported["scenario-workforce:en"]
    bare = export.standalone(
        spec["vconcat"][0] | {k: spec[k] for k in ("$schema", "config", "datasets")}
    )
    with_notes = Image.open(io.BytesIO(export.chart_png(spec, scale=1.0)))
    without = Image.open(io.BytesIO(export.chart_png(bare, scale=1.0)))
    assert with_notes.format == "PNG"
    # five lines of 11 px type and the gap above them: about 80 px more
    assert with_notes.size[1] - without.size[1] > 60, (with_notes.size, without.size)
    svg = export.chart_svg(spec)
    assert "Category 6: 50% of the workforce figure, an assumption" in svg
    assert "source: MOLDPRES" in svg


def test_a_scenario_file_does_not_claim_a_preset_it_left():
    caught: dict[str, str] = {}
    real = place.downloads

    def spy(name: str, **kw: Any) -> None:
        caught[name] = kw.get("title", "")
        real(name, **kw)

    place.downloads = spy  # type: ignore[assignment]
    try:
        open_app("pages/scenario.py", country="MDA", view="workforce")
        as_preset = caught["scenario-workforce"]
        open_app("pages/scenario.py", country="MDA", view="workforce", places="30")
        moved = caught["scenario-workforce"]
        open_app("pages/scenario.py", country="MDA", view="workforce", preset="ideal")
        ideal = caught["scenario-workforce"]
    finally:
        place.downloads = real  # type: ignore[assignment]
    assert as_preset == "Workforce: Moldova · Current"
    assert moved == "Workforce: Moldova · Current, changed"
    assert ideal == "Workforce: Moldova · Ideal"
