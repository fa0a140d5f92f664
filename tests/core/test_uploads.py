"""Uploads: reading, row-by-row checks, and a corpus of bad files that must each give a clear
error and leave the shipped data and the user's versions byte for byte as they were."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from ssw_core import paths, queries, uploads
from ssw_core.access import LOCAL
from ssw_core.store import Store
from ssw_core.userstore import UserStore

YEAR = 2026
HEADER = "country,measure,category,year,value,unit,source_title,source_publisher"
GOOD_ROW = "MDA,staff,1,2025,640,persons,Admin data,Ministry"


def codes(v: uploads.Validation | uploads.Table) -> list[str]:
    return [p.code for p in v.problems]


def check(content: bytes, name: str = "f.csv", countries=("MDA", "XKX", "KAZ")):
    return uploads.validate(uploads.read_table(content, name), countries, YEAR)


def csv(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def xlsx(rows: list[list[object]], *, sheet: str = "data", extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    if extra_sheet:
        book.active.title = "notes"
        book.active.append(["just some notes"])
        ws = book.create_sheet(sheet)
    else:
        ws = book.active
        ws.title = sheet
    for r in rows:
        ws.append(r)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# --- good files -----------------------------------------------------------------------------


def test_a_good_csv_gives_typed_figures():
    v = check(
        csv(
            GOOD_ROW,
            'MDA,pay_sw,1,2025,"102 000",mdl,Wage survey,NBS',
            "MDA,def_categories,,2024,да,,Order 12,Ministry",
        )
    )
    assert v.ok, v.problems
    rows = v.figures.to_dicts()
    assert (rows[0]["value"], rows[0]["unit"], rows[0]["category"]) == (640.0, "persons", 1)
    assert (rows[1]["value"], rows[1]["unit"]) == (102_000.0, "MDL per year")
    assert (rows[2]["value"], rows[2]["value_text"]) == (1.0, "yes")


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ","), ("cp1251", ";"), ("utf-16", "\t")]
)
def test_encodings_and_delimiters_of_the_region(encoding, delimiter):
    text = "\n".join(
        [
            HEADER.replace(",", delimiter) + delimiter + "notes",
            delimiter.join(
                [
                    "MDA",
                    "caseholding_staff",
                    "",
                    "2025",
                    "640,5" if delimiter == ";" else "640.5",
                    "persons",
                    "Date administrative",
                    "Ministerul Muncii",
                    "Социальные работники",
                ]
            ),
        ]
    )
    v = check(text.encode(encoding))
    assert v.ok, v.problems
    assert v.figures["value"].to_list() == [640.5]
    assert v.figures["notes"].to_list() == ["Социальные работники"]


def test_excel_with_several_sheets_and_a_formula_with_its_value():
    # openpyxl writes formulas without a computed value; a file saved by Excel has one.
    # Here: the data sheet is second, and its values are plain.
    content = xlsx(
        [HEADER.split(","), ["MDA", "staff", 6, 2025, 410, "persons", "Admin", "Ministry"]],
        sheet="figures",
        extra_sheet=True,
    )
    v = check(content, "f.xlsx")
    assert v.ok, v.problems
    assert v.figures["value"].to_list() == [410.0]


def test_rows_without_a_value_are_skipped_not_errors():
    v = check(csv(GOOD_ROW, "MDA,staff,6,,,persons,,"))
    assert v.ok and v.skipped_empty == 1 and v.figures.height == 1


def test_duplicate_rows_are_kept_once_with_a_warning():
    v = check(csv(GOOD_ROW, GOOD_ROW))
    assert v.ok and v.figures.height == 1
    assert codes(v) == ["duplicate"]


# --- the corpus of bad files ----------------------------------------------------------------

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
GOOD_XLSX = xlsx([HEADER.split(","), GOOD_ROW.split(",")])
FORMULA_XLSX = xlsx(
    [HEADER.split(","), ["MDA", "staff", 1, 2025, "=600+40", "persons", "Admin", "Ministry"]]
)
BAD_FILES: dict[str, tuple[bytes, str, str, int | None, str | None]] = {
    # name: (content, file name, problem code, row, column)
    "empty": (b"", "f.csv", "empty", None, None),
    "whitespace": (b"  \n\n ", "f.csv", "empty", None, None),
    "headers only": (csv(), "f.csv", "no_rows", None, None),
    "binary": (PNG, "f.csv", "binary", None, None),
    "old excel": (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "f.xls",
        "old_excel",
        None,
        None,
    ),
    "renamed text as xlsx": (csv(GOOD_ROW), "f.xlsx", "not_xlsx", None, None),
    "truncated excel": (GOOD_XLSX[: len(GOOD_XLSX) // 2], "f.xlsx", "bad_xlsx", None, None),
    "truncated csv": (csv(GOOD_ROW)[:-3] + b'"Minis', "f.csv", "bad_csv", None, None),
    "wrong delimiter": (csv(GOOD_ROW).replace(b",", b"|"), "f.csv", "one_column", 1, None),
    "utf-16 without bom": (
        csv(GOOD_ROW).decode().encode("utf-16-le"),
        "f.csv",
        "binary",
        None,
        None,
    ),
    "huge": (b"x" * (uploads.MAX_BYTES + 1), "f.csv", "too_large", None, None),
    "formula without value": (FORMULA_XLSX, "f.xlsx", "formula_no_value", 2, "value"),
    "formula in csv": (
        csv("MDA,staff,1,2025,=600+40,persons,Admin,Ministry"),
        "f.csv",
        "not_a_number",
        2,
        "value",
    ),
    "negative": (
        csv("MDA,staff,1,2025,-5,persons,Admin,Ministry"),
        "f.csv",
        "negative",
        2,
        "value",
    ),
    "text in number": (
        csv("MDA,staff,1,2025,about 600,persons,Admin,Ministry"),
        "f.csv",
        "not_a_number",
        2,
        "value",
    ),
    "unknown country": (
        csv("MLD,staff,1,2025,600,persons,Admin,Ministry"),
        "f.csv",
        "unknown_country",
        2,
        "country",
    ),
    "unknown measure": (
        csv("MDA,social_workers,1,2025,600,persons,Admin,Ministry"),
        "f.csv",
        "unknown_measure",
        2,
        "measure",
    ),
    "conflicting duplicates": (
        csv(GOOD_ROW, "MDA,staff,1,2025,650,persons,Admin,Ministry"),
        "f.csv",
        "conflict",
        3,
        "value",
    ),
    "mixed units": (
        csv(GOOD_ROW, "MDA,staff,6,2025,40,%,Admin,Ministry"),
        "f.csv",
        "unit_mismatch",
        3,
        "unit",
    ),
    "percent over 100": (
        csv("MDA,graduates_entering,,2025,140,%,Survey,University"),
        "f.csv",
        "percent_over_100",
        2,
        "value",
    ),
    "future year": (
        csv("MDA,staff,1,2031,600,persons,Admin,Ministry"),
        "f.csv",
        "year_out_of_range",
        2,
        "year",
    ),
    "missing source": (
        csv("MDA,staff,1,2025,600,persons,,"),
        "f.csv",
        "required",
        2,
        "source_title",
    ),
    "category missing": (
        csv("MDA,staff,,2025,600,persons,Admin,Ministry"),
        "f.csv",
        "category_required",
        2,
        "category",
    ),
    "pay without currency": (
        csv("MDA,pay_sw,1,2025,9000,,Survey,NBS"),
        "f.csv",
        "currency_required",
        2,
        "unit",
    ),
    "vacant over total": (
        csv(
            "MDA,posts_total,,2025,100,posts,Admin,Ministry",
            "MDA,posts_vacant,,2025,120,posts,Admin,Ministry",
        ),
        "f.csv",
        "vacant_over_total",
        3,
        "value",
    ),
    "missing columns": (b"country;value\nMDA;5\n", "f.csv", "missing_columns", 1, None),
    "shifted cells": (
        csv("MDA,staff,1,2025,1,234,persons,Admin,Ministry"),
        "f.csv",
        "extra_cells",
        2,
        None,
    ),
    "percent sign on a count": (
        csv("MDA,staff,1,2025,50%,,Admin,Ministry"),
        "f.csv",
        "percent_sign",
        2,
        "value",
    ),
    "a fraction of a person": (
        csv("MDA;staff;1;2025;1 234,5;persons;Admin;Ministry", header=HEADER.replace(",", ";")),
        "f.csv",
        "not_whole",
        2,
        "value",
    ),
    "utf-8 with a stray byte": (
        csv(
            "MDA,staff,1,2025,640,persons,Отчёт,Министерство",
            "MDA,staff,6,2025,410,persons,Отчёт caf\xe9,М",
        ).replace("caf\xe9".encode(), b"caf\xe9"),
        "f.csv",
        "mixed_encoding",
        None,
        None,
    ),
    "control character": (
        csv("MDA,staff,1,2025,640,persons,Admin,Minis\x0btry"),
        "f.csv",
        "control_character",
        2,
        "source_publisher",
    ),
    "duplicate column": (
        csv(GOOD_ROW + ",7", header=HEADER + ",value"),
        "f.csv",
        "duplicate_column",
        1,
        "value",
    ),
}


def _snapshot(*folders: Path) -> dict[str, str]:
    out = {}
    for folder in folders:
        for f in sorted(folder.rglob("*")):
            if f.is_file():
                out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def _attempt(content: bytes, name: str, user: UserStore) -> uploads.Validation:
    """What the page does with a file: read, check, and commit only if there is no error."""
    v = uploads.validate(uploads.read_table(content, name), ("MDA", "XKX", "KAZ"), YEAR)
    if v.ok:
        user.commit(v.figures, content, name, actor=LOCAL)
    return v


@pytest.fixture
def user_with_a_version(tmp_path) -> UserStore:
    user = UserStore(tmp_path / "user")
    v = check(csv(GOOD_ROW))
    user.commit(v.figures, csv(GOOD_ROW), "first.csv", actor=LOCAL)
    return user


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_bad_file_gives_a_clear_error_and_changes_nothing(name, user_with_a_version):
    content, filename, code, row, column = BAD_FILES[name]
    before = _snapshot(paths.DEFAULT_DATA_DIR, user_with_a_version.root)
    v = _attempt(content, filename, user_with_a_version)
    assert not v.ok
    match = [p for p in v.errors if p.code == code]
    assert match, [(p.code, p.row, p.column) for p in v.errors]
    assert (match[0].row, match[0].column) == (row, column)
    assert v.figures.is_empty()
    assert _snapshot(paths.DEFAULT_DATA_DIR, user_with_a_version.root) == before


def test_every_row_with_an_error_is_reported_not_just_the_first():
    v = check(
        csv(
            "MLD,staff,1,2025,600,persons,A,B",
            "MDA,staff,9,2025,600,persons,A,B",
            "MDA,staff,1,1890,600,persons,A,B",
        )
    )
    assert [(p.row, p.code) for p in v.errors] == [
        (2, "unknown_country"),
        (3, "bad_category"),
        (4, "year_out_of_range"),
    ]


@pytest.mark.parametrize(
    ("cell", "number"),
    [
        ("1 234", 1234.0),
        ("1\u00a0234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("12,5", 12.5),
        ("45%", 45.0),
        (7, 7.0),
        ("abc", None),
        ("", None),
        (True, None),
        ("1e400", None),
    ],
)
def test_numbers_as_written_in_the_region(cell, number):
    assert uploads.parse_number(cell) == number


def test_caseload_and_currency_checks_across_rows_warn():
    v = check(
        csv(
            "MDA,caseholding_staff,,2025,10,persons,A,B",
            "MDA,open_cases,,2025,5000,cases,A,B",
            "MDA,pay_sw,1,2025,9000,EUR,A,B",
            "MDA,pay_teachers,,2025,100000,MDL,A,B",
        )
    )
    assert v.ok
    assert {p.code for p in v.warnings} == {"caseload_implausible", "mixed_currencies"}


# --- figures to observations, merge, preview --------------------------------------------------


def test_figures_become_observations_with_their_declared_source(store: Store):
    v = check(csv(GOOD_ROW))
    ind = queries.indicators(store)
    pillar_of = dict(zip(ind["indicator_id"], ind["pillar"], strict=True))
    obs, sources = uploads.to_tables(v.figures, pillar_of)
    r = obs.row(0, named=True)
    assert (r["origin"], r["indicator_id"], r["std_measure"], r["pillar"]) == (
        "uploaded",
        "core3",
        "staff_in_post",
        2,
    )
    assert sources.row(0, named=True)["title"] == "Admin data"
    assert sources["source_type"].to_list() == ["user_declared"]


def test_an_upload_replaces_only_the_countries_it_names():
    first = check(csv(GOOD_ROW, "XKX,staff,1,2025,12,persons,KOMF,KOMF")).figures
    second = check(csv("MDA,staff,1,2025,700,persons,Admin,Ministry")).figures
    merged = uploads.merge(first, second)
    assert sorted(zip(merged["country"], merged["value"], strict=True)) == [
        ("MDA", 700.0),
        ("XKX", 12.0),
    ]


def test_preview_says_new_replaces_same_and_removed(store: Store):
    known = uploads.known_figures(queries.observations(store, geo="MDA"))
    caseholding = known.filter(pl.col("measure") == "caseholding_staff").row(0, named=True)
    previous = check(csv(GOOD_ROW, "MDA,staff,6,2025,410,persons,A,B")).figures
    upload = check(
        csv(
            f"MDA,caseholding_staff,,{caseholding['current_year']},{caseholding['current_value']},"
            "persons,A,B",
            "MDA,caseholding_staff,,2026,1100,persons,A,B",
            "MDA,staff,1,2025,640,persons,A,B",
        )
    ).figures
    change = uploads.preview(upload, known, previous)
    assert change["change"].to_list() == ["same", "replaces", "new", "removed"]
    assert change["measure"][-1] == "staff" and change["category"][-1] == 6


def test_template_lists_every_measure_with_what_is_shown_today(store: Store):
    known = uploads.known_figures(queries.observations(store, geo="MDA"))
    frame = uploads.template([("MDA", "Moldova")], known)
    assert frame.columns == list(uploads.TEMPLATE_COLUMNS)
    assert frame.height == len(uploads.TEMPLATE_ROWS)
    para = frame.filter((pl.col("measure") == "staff") & (pl.col("category") == 3))
    assert para["current_value"].to_list() == ["1648"]  # home-care workers, MOLDPRES 2025
    assert frame["value"].null_count() == frame.height  # the user fills the values


def test_numbers_in_a_semicolon_file_use_the_decimal_comma():
    header = HEADER.replace(",", ";")
    rows = (
        "MDA;graduates_entering;;2025;12,5;%;Survey;University",
        "MDA;staff;1;2025;1.234;persons;Admin;Ministry",
        "MDA;caseholding_staff;;2025;0,5;persons;Admin;Ministry",
    )
    v = check(csv(*rows, header=header))
    assert v.ok, v.problems
    assert v.figures["value"].to_list() == [12.5, 1234.0, 0.5]
    # '1.234' could be 1.234 or 1,234: read as the region writes it, and said
    assert [(p.row, p.code) for p in v.warnings] == [(3, "ambiguous_number")]


def test_leading_zero_is_never_a_thousands_group():
    assert uploads.parse_number("0,125") == 0.125
    assert uploads.parse_number("1,250") == 1250.0


def test_an_excel_percent_cell_is_a_percentage():
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "data"
    ws.append(HEADER.split(","))
    ws.append(["MDA", "graduates_entering", None, 2025, 0.45, "%", "Survey", "University"])
    ws["E2"].number_format = "0%"
    out = io.BytesIO()
    book.save(out)
    v = check(out.getvalue(), "f.xlsx")
    assert v.ok, v.problems
    assert v.figures["value"].to_list() == [45.0]  # not 0.45 %
    small = check(csv("MDA,graduates_entering,,2025,0.45,%,Survey,University"))
    assert [p.code for p in small.warnings] == ["percent_small"]


def test_a_sheet_with_a_far_away_cell_is_read_quickly(tmp_path):
    # One formatted cell at the last row and column of a sheet: read-only openpyxl would
    # yield a million rows of 16,384 cells. Run apart, with a time limit, so a hang fails.
    import subprocess
    import sys

    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "data"
    ws.append(HEADER.split(","))
    ws.append(GOOD_ROW.split(","))
    ws.cell(1_048_576, 16_384, "x")
    path = tmp_path / "far.xlsx"
    book.save(path)
    code = (
        "import sys; from ssw_core import uploads;"
        "t = uploads.read_table(open(sys.argv[1], 'rb').read(), 'far.xlsx');"
        "print(len(t.rows))"
    )
    repo = Path(__file__).resolve().parents[2]
    args = [sys.executable, "-c", code, str(path)]
    out = subprocess.run(args, capture_output=True, text=True, timeout=60, cwd=repo)
    assert out.stdout.strip() == "1", out.stderr[-2000:]


def test_row_errors_do_not_hide_each_other():
    content = xlsx(
        [
            HEADER.split(","),
            ["MDA", "staff", 1, 2025, "=600+40", "persons", "Admin", "Ministry"],
            ["MLD", "staff", 6, 2025, 400, "persons", "Admin", "Ministry"],
        ]
    )
    v = check(content, "f.xlsx")
    assert [(p.row, p.code) for p in v.errors] == [(2, "formula_no_value"), (3, "unknown_country")]


def test_excel_hint_line_names_the_delimiter():
    v = check(b"sep=;\n" + csv(GOOD_ROW.replace(",", ";"), header=HEADER.replace(",", ";")))
    assert v.ok, v.problems
    assert v.figures["row"].to_list() == [3]  # the line number the user sees


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_row_limit_is_the_same_for_csv_and_excel(monkeypatch, kind):
    # Found by review: a CSV took one row more than the limit, Excel did not.
    monkeypatch.setattr(uploads.read, "MAX_ROWS", 3)  # where it is read
    row = ["MDA", "staff", "1", "2025", "640", "persons", "Admin data", "Ministry"]

    def file(n: int, blanks: int = 0) -> bytes:
        if kind == "csv":
            return csv(*[",".join(row)] * n, *[""] * blanks)
        return xlsx([HEADER.split(","), *[row] * n, *[[None] * len(row)] * blanks])

    # Exactly the limit is read, trailing empty lines do not count; one more row is refused.
    assert "too_many_rows" not in codes(uploads.read_table(file(3, blanks=2), f"f.{kind}"))
    assert codes(uploads.read_table(file(4), f"f.{kind}")) == ["too_many_rows"]


def _with_sheet(content: bytes, change) -> bytes:  # type: ignore[no-untyped-def]
    """The workbook with its first sheet's XML changed by `change` (as a damaged file has it)."""
    src = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in src.infolist():
            raw = src.read(item.filename)
            z.writestr(item.filename, change(raw) if item.filename.endswith("sheet1.xml") else raw)
    return out.getvalue()


def _bomb(raw: bytes) -> bytes:
    """Nine levels of ten references: a billion 'lol's if expanded."""
    levels = [b'<!ENTITY l0 "lol">'] + [
        b'<!ENTITY l%d "%s">' % (i, b"".join(b"&l%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    ]
    body = raw[raw.index(b"<worksheet") :].replace(b"<t>Admin</t>", b"<t>&l9;</t>")
    return b'<?xml version="1.0"?><!DOCTYPE worksheet [' + b"".join(levels) + b"]>" + body


@pytest.mark.parametrize(
    ("change", "code", "says"),
    [
        (
            lambda b: b.replace(b"<v>640</v>", b"<v>six hundred</v>"),
            "bad_xlsx_row",
            "could not convert string to float: 'six hundred'",
        ),
        (
            lambda b: b.replace(b'<c r="D2" t="n"><v>2025</v>', b'<c r="D2" t="d"><v>soon</v>'),
            "bad_xlsx_row",
            "Invalid datetime value soon",
        ),
        (lambda b: b[: len(b) // 2], "bad_xlsx", "unclosed token"),
        (_bomb, "bad_xlsx", "amplification"),
    ],
    ids=["text in a number cell", "a bad date", "a sheet cut off", "an entity bomb"],
)
def test_a_damaged_workbook_is_said_as_a_problem_of_the_file(change, code, says):
    good = xlsx([HEADER.split(","), ["MDA", "staff", 1, 2025, 640, "persons", "Admin", "Ministry"]])
    damaged = _with_sheet(good, change)
    assert damaged != good
    table = uploads.read_table(damaged, "figures.xlsx")  # never raises
    (problem,) = table.problems
    assert (problem.severity, problem.code) == ("error", code), problem
    assert says in problem.args["detail"]


def test_a_sheet_of_thousands_of_columns_is_refused_before_it_is_read():
    wide = xlsx(
        [HEADER.split(",") + [f"mine{i}" for i in range(2000)], GOOD_ROW.split(",") + [1.5] * 2000]
    )
    (problem,) = uploads.read_table(wide, "wide.xlsx").problems
    assert (problem.code, problem.args) == ("too_many_columns", {"n": 2008, "limit": 40})


def test_a_sheet_of_more_cells_than_a_template_holds_is_refused_before_it_is_parsed(monkeypatch):
    from ssw_core.uploads import read

    monkeypatch.setattr(read, "MAX_CELLS", 100)  # a template's 400,000, made small to test
    rows = [HEADER.split(","), *([GOOD_ROW.split(",")] * 12)]  # 13 rows of 8: 104 cells
    (problem,) = uploads.read_table(xlsx(rows), "big.xlsx").problems
    assert (problem.code, problem.args) == ("too_many_cells", {"cells": 104, "limit": 100})
    assert uploads.read_table(xlsx(rows[:12]), "ok.xlsx").ok


def _prefixed(raw: bytes) -> bytes:
    """The sheet written with a namespace prefix on every element (`<x:c>`): valid XML that
    openpyxl reads as the same sheet."""
    ns = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    assert ns in raw
    raw = raw.replace(ns, ns.replace(b"xmlns=", b"xmlns:x="))
    return re.sub(rb"<(/?)(?!\?|x:)([A-Za-z])", rb"<\1x:\2", raw)


def test_cells_are_counted_with_a_namespace_prefix_and_across_chunks(monkeypatch):
    # A probe's 136 KB workbook wrote 900,000 header cells as <x:c>: uncounted, it took 15 s
    # and 800 MB of the room's process before being refused. Counted, it is refused at once.
    from ssw_core.uploads import read

    monkeypatch.setattr(read, "MAX_CELLS", 100)
    rows = [HEADER.split(","), *([GOOD_ROW.split(",")] * 12)]  # 104 cells
    prefixed = _with_sheet(xlsx(rows), _prefixed)
    (problem,) = uploads.read_table(prefixed, "prefixed.xlsx").problems
    assert (problem.code, problem.args) == ("too_many_cells", {"cells": 104, "limit": 100})
    assert uploads.read_table(_with_sheet(xlsx(rows[:12]), _prefixed), "ok.xlsx").ok
    # the count is the same however the sheet's bytes fall into the pieces it is read in
    sheet = zipfile.ZipFile(io.BytesIO(prefixed))
    part = next(n for n in sheet.namelist() if n.endswith("sheet1.xml"))
    for size in (7, 64, 1 << 20):
        monkeypatch.setattr(read, "_CHUNK", size)
        assert read._count(sheet, part) == (104, False)


def test_many_unknown_columns_give_a_few_warnings_and_a_count():
    extra = [f"mine{i}" for i in range(12)]
    table = uploads.read_table(
        xlsx([HEADER.split(",") + extra, GOOD_ROW.split(",") + [1] * 12]), "f.xlsx"
    )
    codes = [(p.code, p.column) for p in table.problems]
    assert codes == [("unknown_column", f"mine{i}") for i in range(5)] + [
        ("unknown_columns_more", None)
    ]
    assert table.problems[-1].args == {"n": 7}
