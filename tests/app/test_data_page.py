"""Your data, through the app: a filled template goes in, the same values come out on every
page, marked as uploaded; rollback takes them away again."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from ssw_core import export, queries, uploads
from ssw_core.access import LOCAL
from ssw_core.store import Store
from ssw_core.userstore import UserStore
from tests.app.conftest import REPO, all_text, open_app, table

FILL = {  # (measure, category): value
    ("staff", 1): 640,
    ("staff", 6): 410,
    ("caseholding_staff", None): 1050,
    ("open_cases", None): 15750,
    ("leavers", 1): 64,
}


def _filled_template(fmt: str) -> bytes:
    store = Store(REPO / "data")
    known = uploads.known_figures(queries.observations(store, geo="MDA"))
    frame = uploads.template([("MDA", "Moldova")], known)
    values = [FILL.get((m, c)) for m, c in zip(frame["measure"], frame["category"], strict=True)]
    frame = frame.with_columns(
        pl.Series("value", [None if v is None else str(v) for v in values]),
        pl.when(pl.Series(values).is_not_null()).then(2025).alias("year").cast(pl.Int32),
        pl.lit("Administrative data 2025").alias("source_title"),
        pl.lit("Ministry of Labour and Social Protection").alias("source_publisher"),
    )
    if fmt == "csv":
        return export.csv_bytes(frame)
    content = export.xlsx_bytes({"data": frame})
    book = openpyxl.load_workbook(io.BytesIO(content))  # numbers as numbers, as Excel would
    ws = book["data"]
    col = frame.columns.index("value") + 1
    for r in range(2, ws.max_row + 1):
        if ws.cell(r, col).value is not None:
            ws.cell(r, col).value = float(ws.cell(r, col).value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture
def uploaded(tmp_path, monkeypatch, request):
    """A filled template committed as a user version; the app reads it."""
    monkeypatch.setenv("SSW_USER_DATA_DIR", str(tmp_path))
    content = _filled_template(request.param)
    v = uploads.validate(uploads.read_table(content, f"t.{request.param}"), ["MDA"], 2026)
    assert v.ok, v.problems
    assert v.skipped_empty == len(uploads.TEMPLATE_ROWS) - len(FILL)
    UserStore(tmp_path).commit(v.figures, content, f"t.{request.param}", actor=LOCAL)
    return UserStore(tmp_path)


@pytest.mark.parametrize("uploaded", ["csv", "xlsx"], indirect=True)
def test_template_to_upload_to_the_same_values_on_screen(uploaded):
    at = open_app("pages/country.py", country="MDA")
    workforce = next(
        table(at, i) for i in range(len(at.table)) if "Caveats" in table(at, i).columns
    )
    mine = workforce.filter(pl.col("Caveats").str.contains("your data"))
    assert sorted(mine["Figure"].to_list()) == ["410", "640"]
    assert set(mine["Source"]) == {"Administrative data 2025 · declared by the uploader"}
    # the starting point (S1, S6, open cases) and the flows (where S1's leavers are)
    groups_open = {"scenario_group_start": True, "scenario_group_flows": True}
    scenario = open_app("pages/scenario.py", state=groups_open, country="MDA")
    assert scenario.number_input(key="s1").value == 640
    assert scenario.number_input(key="s6").value == 410
    assert scenario.number_input(key="cases").value == 15750
    assert scenario.slider(key="leave_s1").value == 10  # 64 / 640 leave a year
    assert "your data" in all_text(scenario)  # in the provenance of S1 and S6


@pytest.mark.parametrize("uploaded", ["csv"], indirect=True)
def test_an_uploaded_s1_and_s6_stand_for_the_country_as_their_sum(uploaded):
    # Not the 640 in Category 1 alone (26.6 per 100,000): 640 + 410 = 1,050 staff in post,
    # labelled with both categories; 1,050 / 2,402,306 (WB 2024) x 100,000 = 43.7
    at = open_app("pages/overview.py", region="eca", country="MDA")
    countries = next(
        table(at, i)
        for i in range(len(at.table))
        if "Per 100,000 population" in table(at, i).columns
    )
    mda = countries.filter(pl.col("Country") == "Moldova").row(0, named=True)
    assert mda["Figure (year)"] == "1,050 (2025)"
    assert mda["What is counted"] == (
        "Staff in post (head count), 1 · Social workers + 6 · Practitioners without a social"
        " work degree"
    )
    assert mda["Per 100,000 population"] == "43.7"


@pytest.mark.parametrize("uploaded", ["csv"], indirect=True)
def test_the_data_page_shows_the_version_in_use_and_rolls_back(uploaded, facilitator):
    at = open_app("pages/data.py", country="MDA")
    assert any("In use: upload Version 1" in s.value for s in at.success)
    versions = next(table(at, i) for i in range(len(at.table)) if "Version" in table(at, i).columns)
    assert versions["Version"].to_list() == ["Version 1 (in use)"]
    shipped = next(b for b in at.button if b.label == "Use the shipped data only")
    shipped.click().run()
    assert uploaded.current_id() is None
    assert any("Now using the shipped data only" in s.value for s in at.success)
    at = open_app("pages/country.py", country="MDA")
    assert "your data" not in all_text(at)


def test_the_data_page_without_uploads():
    at = open_app("pages/data.py", country="MDA")
    assert any("the shipped data only" in i.value for i in at.info)
    assert "No upload yet." in all_text(at)


def test_the_excel_template_explains_its_columns_in_the_pages_language():
    """The column names are codes the upload reads (the same in every language); each carries
    a comment in the page's language, and the measures sheet has no Markdown in it; the
    upload reads it back."""
    from ui.base import i18n
    from ui.uploads import template

    with i18n.language("ru"):
        book = openpyxl.load_workbook(io.BytesIO(template.template_xlsx(("MDA",))))
        expected = i18n.t("upload.column.value")
    head = {c.value: c.comment for c in book["data"][1]}
    assert head["value"] is not None and head["value"].text == expected
    assert expected.startswith("значение")
    units = [row[3] for row in book["measures"].iter_rows(min_row=2, values_only=True)]
    assert "persons" in units and not any("`" in str(u) for u in units)
    sheet = book["data"]
    sheet.cell(2, 10).value = 120  # staff of category 1
    for col, value in ((9, 2025), (12, "Ministry report"), (13, "Ministry"), (14, 2025)):
        sheet.cell(2, col).value = value
    out = io.BytesIO()
    book.save(out)
    read = uploads.read_table(out.getvalue(), "template.xlsx")
    assert read.ok and read.file_format == "xlsx"
    filled = [cells for _, cells in read.rows if cells.get("value") not in (None, "")]
    assert len(filled) == 1 and float(filled[0]["value"]) == 120
