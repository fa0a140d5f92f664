"""Files for download: formula injection neutralised, Excel cells typed, charts rendered
offline."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from ssw_core import export

HOSTILE = pl.DataFrame(
    {
        "name": ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "plain"],
        "value": [1.5, -2.0, None, 0.0, 3.0, 4.0],
    }
)


def test_csv_neutralises_formulas_and_keeps_numbers():
    text = export.csv_bytes(HOSTILE).decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads UTF-8 (Cyrillic, Romanian) with the mark
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
        "'\tx",
        "plain",
    ]
    assert [r[1] for r in rows[1:]] == ["1.5", "-2.0", "", "0.0", "3.0", "4.0"]


def test_excel_cells_are_text_never_formulas():
    content = export.xlsx_bytes({"t": HOSTILE}, notes={"read me": ["=1+1", "line"]})
    book = openpyxl.load_workbook(io.BytesIO(content))
    ws = book["t"]
    names = [ws.cell(r, 1) for r in range(2, 8)]
    assert all(c.data_type == "s" for c in names)
    assert [c.value for c in names][:4] == [
        '\'=HYPERLINK("http://x","y")',
        "'+1+1",
        "'-2+3",
        "'@SUM(A1)",
    ]
    assert ws.cell(3, 2).value == -2.0  # a negative number stays a number
    assert book["read me"]["A1"].value == "'=1+1"


def test_excel_drop_downs_list_the_allowed_values():
    frame = pl.DataFrame({"measure": ["staff"], "value": [1]})
    content = export.xlsx_bytes({"data": frame}, lists={"measure": ("lists", ["staff", "leavers"])})
    book = openpyxl.load_workbook(io.BytesIO(content))
    rules = book["data"].data_validations.dataValidation
    assert len(rules) == 1 and "lists" in rules[0].formula1
    assert [c.value for c in book["lists"]["A"]] == ["measure", "staff", "leavers"]


SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
    "data": {"values": [{"year": 2026, "n": 10}, {"year": 2027, "n": 14}]},
    "mark": "line",
    "encoding": {
        "x": {"field": "year", "type": "ordinal"},
        "y": {"field": "n", "type": "quantitative"},
    },
    "width": "container",
}


def test_charts_render_to_svg_and_png_offline():
    spec = export.standalone(SPEC, title="Workforce", subtitle="Source: test")
    assert spec["width"] == export.EXPORT_WIDTH and SPEC["width"] == "container"  # untouched
    assert spec["autosize"] == {"type": "pad"}  # the plot keeps its width in a file
    svg = export.chart_svg(spec)
    assert svg.lstrip().startswith("<svg") and "Workforce" in svg and "Source: test" in svg
    png = export.chart_png(spec)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000


@pytest.mark.parametrize("text", ["=", "+", "-", "@", "\t", "\r"])
def test_every_dangerous_start_is_neutralised(text):
    assert export.safe_text(text + "x") == "'" + text + "x"
    assert export.safe_text("x" + text) == "x" + text


def test_control_characters_do_not_break_an_excel_file():
    frame = pl.DataFrame({"publisher": ["Minis\x0btry", "ok"]})
    book = openpyxl.load_workbook(io.BytesIO(export.xlsx_bytes({"t": frame})))
    assert book["t"]["A2"].value == "Ministry"


def _page(**changes: object) -> export.CommitmentsPage:
    bad = '<img src="http://x/y.png"> & "q"'
    team = export.TeamBlock(
        country=f"Moldova {bad}",
        team=f"<b>x</b> {bad}",
        commitment=f"<script>alert(1)</script> {bad}",
        status=f"Category 6 at zero in 2029 {bad}",
        figures=((f"Study places {bad}", f"120 {bad}"),),
        sources=(f"Starting point: 1,007 {bad}",),
    )
    texts = {
        f: f"{f} {bad}"
        for f in export.CommitmentsPage.__dataclass_fields__
        if f not in ("lang", "teams", "totals", "notes")
    }
    values: dict[str, object] = {
        **texts,
        "lang": "ro",
        "teams": (team, export.TeamBlock("Georgia", "Team", "", "no plan")),
        "totals": (("Countries", "2"),),
        "notes": (f"note {bad}",),
    }
    return export.CommitmentsPage(**{**values, **changes})  # type: ignore[arg-type]


def test_the_commitments_page_escapes_every_text_and_fetches_nothing():
    page = export.commitments_html(_page()).decode("utf-8")
    assert "<html lang='ro'>" in page
    assert "<img" not in page and "<script>" not in page and "<b>x" not in page
    assert page.count("&lt;img src=&quot;http://x/y.png&quot;&gt; &amp; &quot;q&quot;") >= 20
    markup = page.replace("&lt;img src=&quot;http://x/y.png&quot;&gt;", "")
    for fetching in ("http", "src=", "url(", "@import", "<link", "@font-face"):
        assert fetching not in markup
    # a team without a commitment gets the page's words for it, in its language
    assert "<blockquote class='none'>no_commitment &lt;img" in page


def test_the_commitments_page_is_made_for_a4_and_keeps_a_team_on_one_page():
    css = export.PRINT_CSS
    assert "size: A4" in css
    assert ".team {" in css and "break-inside: avoid" in css.split(".team {")[1].split("}")[0]
    assert "color: #000" in css and "background: #fff" in css
    body_size = float(css.split("font-size: ")[1].split("pt")[0])  # the body's, first
    assert 10.5 <= body_size <= 12
    page = export.commitments_html(_page()).decode("utf-8")
    # the board's title and day, the totals first, then each team, then what figures mean
    marks = ("<h1>title", "<p>when", "class='grid'", "Moldova", "Georgia", "class='notes'")
    order = [page.index(x) for x in marks]
    assert order == sorted(order)
    empty = export.commitments_html(_page(teams=())).decode("utf-8")
    assert "<p>no_teams &lt;img" in empty  # no team yet: said, not an empty page
