"""A country's own figures: the template, reading an uploaded file, validating it row by row,
and turning the validated figures into observations the rest of `ssw_core` reads.

The vocabulary (`MEASURES`) is generated from the indicator catalogue's needs: one measure per
thing a ministry counts, each with its indicator, unit, allowed categories and breakdowns, and
the role it plays in computed values and in the scenario baseline. Problems are returned as
codes with arguments (`Problem`), never as text: the app words them in the user's language.

Nothing here writes files; `ssw_core.userstore` keeps the versions.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from ssw_core.schema import (
    AREAS,
    CLIENT_GROUPS,
    OBSERVATIONS,
    SEXES,
    SOURCES,
    Column,
    TableSchema,
)

Kind = Literal["count", "percent", "money", "yesno", "steps"]
Severity = Literal["error", "warning"]

MAX_BYTES = 5 * 1024 * 1024
"""Largest file accepted [bytes]: a template for all 34 countries is about 150 KB."""
MAX_ROWS = 20_000
FIRST_YEAR = 1990


@dataclass(frozen=True)
class Measure:
    id: str
    indicator_id: str | None
    """The indicator it measures; None for context (shown on `pillar`'s page as `topic`)."""
    kind: Kind
    unit: str
    """Canonical unit; for money, the currency code given in the row comes first."""
    label_en: str
    categories: tuple[int, ...] = ()
    """Categories a row may name (empty: none)."""
    category_required: bool = False
    breakdowns: tuple[str, ...] = ()
    """Which of sex, area, client_group a row may split by."""
    role: str | None = None
    """std_measure role of a total row (no breakdown): pairs in computed values and feeds
    the scenario baseline (see derive.py, baseline.py)."""
    warn_above: float | None = None
    """A value above this is accepted with a warning (probably a typo or another unit)."""
    topic: str | None = None
    pillar: int | None = None


_WORKFORCE = ("sex", "area", "client_group")
MEASURES: tuple[Measure, ...] = (
    Measure("staff", "core3", "count", "persons",
            "Staff in post (head count)", (1, 2, 3, 4, 5, 6), True, _WORKFORCE,
            "staff_in_post", 1_000_000),
    Measure("caseholding_staff", "other2a", "count", "persons",
            "Staff holding the open cases (categories 1, 2 and 6)", (1, 2, 6), False,
            ("area", "client_group"), "caseholding_staff", 1_000_000),
    Measure("open_cases", "other2a", "count", "cases",
            "Open cases held by those staff", (), False, ("area", "client_group"),
            "open_cases", 100_000_000),
    Measure("posts_total", "other4a", "count", "posts", "Posts (filled and vacant)",
            (1, 2, 3, 6), False, ("area",), "posts_total", 1_000_000),
    Measure("posts_vacant", "other4a", "count", "posts", "Vacant posts",
            (1, 2, 3, 6), False, ("area",), "posts_vacant", 1_000_000),
    Measure("leavers", "other4a", "count", "persons per year",
            "Staff who left during the year", (1, 2, 3, 6), False, ("sex", "area"),
            "leavers", 1_000_000),
    Measure("required_posts", None, "count", "posts",
            "Posts needed, national estimate", (1, 2, 3, 6), False, (),
            "required_posts", 1_000_000, "workforce_need", 2),
    Measure("graduates", "other2b", "count", "persons per year",
            "Social-work graduates in the year", (1, 2), False, ("sex",), "graduates", 1_000_000),
    Measure("graduates_entering", "other2b", "percent", "%",
            "Share of graduates who took up a post in the workforce", (1, 2), False, (),
            "graduate_entry_share"),
    Measure("graduates_retained", "other2b", "percent", "%",
            "Share of graduates still in the workforce after three years", (1, 2)),
    Measure("cat6_qualified", "other3a", "count", "persons per year",
            "Category 6 practitioners who gained a social-work qualification", (6,), False,
            ("sex",), None, 100_000),
    Measure("cat6_redundant", "other3a", "count", "persons per year",
            "Category 6 practitioners made redundant", (6,), False, (), None, 100_000),
    Measure("pay_sw", "core7", "money", "per year",
            "Average gross pay per person (statutory social workers, or the category named)",
            (1, 2, 3, 6), False, ("sex",), "pay_sw", 1e9),
    Measure("pay_teachers", "core7", "money", "per year", "Average gross pay of teachers",
            (), False, (), "pay_teachers", 1e9),
    Measure("pay_health", "core7", "money", "per year", "Average gross pay of health workers",
            (), False, (), "pay_health", 1e9),
    Measure("plan_steps", "core2", "steps", "steps completed (0-5)",
            "Steps of the workforce planning cycle completed (0-5)"),
    Measure("def_categories", "core1", "yesno", "yes/no",
            "Agreed national definition of the six workforce categories"),
    Measure("curriculum_review", "core4", "yesno", "yes/no",
            "Social-work curricula reviewed against international standards in the last 10 years"),
    Measure("cpd_standards", "core5", "yesno", "yes/no",
            "Standards for continuing professional development in place"),
    Measure("competency_education", "core6", "yesno", "yes/no",
            "Competency-based pre-service education standards in place"),
    Measure("ethics_supervision", "other4b", "yesno", "yes/no",
            "Ethics and supervision standards in place and enforced"),
    Measure("safe_outreach", "other4c", "yesno", "yes/no",
            "Safe outreach at no cost to workers"),
    Measure("allied_competencies", "core8", "yesno", "yes/no",
            "Core competencies in the job descriptions of categories 4 and 5"),
)  # fmt: skip
BY_ID = {m.id: m for m in MEASURES}
BREAKDOWNS: dict[str, tuple[str, ...]] = {
    "sex": SEXES,
    "area": AREAS,
    "client_group": CLIENT_GROUPS,
}
RELIABILITIES = ("standard", "low")

REQUIRED_COLUMNS = ("country", "measure", "year", "value", "source_title", "source_publisher")
OPTIONAL_COLUMNS = (
    "category", "sex", "area", "client_group", "unit", "source_year", "locator",
    "reliability", "notes",
)  # fmt: skip
REFERENCE_COLUMNS = ("country_name", "measure_label", "current_value", "current_year",
                     "current_source")  # fmt: skip
"""Columns the template fills for the reader; ignored on upload."""
TEMPLATE_COLUMNS = (
    "country", "country_name", "measure", "measure_label", "category", "sex", "area",
    "client_group", "year", "value", "unit", "source_title", "source_publisher", "source_year",
    "locator", "reliability", "notes", "current_value", "current_year", "current_source",
)  # fmt: skip

S, I32, F64 = pl.String, pl.Int32, pl.Float64
FIGURES = TableSchema(
    "figures",
    (
        Column("row", I32, False, doc="line (CSV) or row (Excel) in the uploaded file"),
        Column("country", S, False),
        Column("measure", S, False, tuple(BY_ID)),
        Column("category", I32, True),
        Column("sex", S, True, SEXES),
        Column("area", S, True, AREAS),
        Column("client_group", S, True, CLIENT_GROUPS),
        Column("year", I32, False),
        Column("value", F64, False),
        Column("value_text", S, True),
        Column("unit", S, False),
        Column("source_title", S, False),
        Column("source_publisher", S, False),
        Column("source_year", I32, True),
        Column("locator", S, True),
        Column("reliability", S, False, RELIABILITIES),
        Column("notes", S, True),
    ),
    key=("country", "measure", "category", "sex", "area", "client_group", "year"),
    doc="Validated uploaded figures, as stored in a version (userstore.py).",
)
KEY = FIGURES.key


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error: blocks the upload) or odd (warning) in an uploaded file.
    `code` is a message key (upload.problem.<code>); `row` is the line or sheet row the user
    sees, counting the header as 1; `column` is the column's name."""

    severity: Severity
    code: str
    row: int | None = None
    column: str | None = None
    args: Mapping[str, Any] = field(default_factory=dict)


# --- reading a file -------------------------------------------------------------------------


@dataclass(frozen=True)
class Table:
    """The cells of an uploaded file, before validation."""

    columns: tuple[str, ...]
    rows: tuple[tuple[int, dict[str, Any]], ...]
    """(row number as the user sees it, {column: cell})."""
    file_format: str  # 'csv' or 'xlsx'
    detail: str = ""  # encoding and delimiter, or sheet name
    problems: tuple[Problem, ...] = ()
    decimal_comma: bool = False
    """Text numbers use a decimal comma (a semicolon-separated CSV, as in the region)."""

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)

    @property
    def readable(self) -> bool:
        """No error about the file as a whole (row errors still let the other rows be
        checked, so that the user sees every problem at once)."""
        return not any(p.severity == "error" and (p.row or 1) == 1 for p in self.problems)


MAX_EMPTY_RUN = 1000
"""Reading an Excel sheet stops after this many empty rows in a row: a stray formatted cell
at row 1,048,576 would otherwise mean a million empty rows to read."""
MAX_UNZIPPED = 50 * 1024 * 1024
"""Largest total size of an Excel file's parts once unzipped [bytes] (a zip bomb is refused)."""


def _fail(code: str, **args: Any) -> Table:
    return Table((), (), "", "", (Problem("error", code, args=args),))


def read_table(data: bytes, filename: str = "") -> Table:
    """The header and rows of a CSV (UTF-8, UTF-8 with BOM, UTF-16 or Windows-1251; comma,
    semicolon or tab) or an Excel workbook (.xlsx). Problems that stop reading are errors."""
    if len(data) > MAX_BYTES:
        return _fail("too_large", size_mb=round(len(data) / 1e6, 1), limit_mb=MAX_BYTES // 10**6)
    if not data.strip():
        return _fail("empty")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _fail("old_excel")
    if filename.lower().endswith((".xlsx", ".xlsm")):
        return _fail("not_xlsx")
    text, encoding = _decode(data)
    if text is None:
        return _fail("binary")
    if text.startswith("mixed:"):
        return _fail("mixed_encoding", line=int(text.split(":")[1]))
    return _read_csv(text, encoding)


def _decode(data: bytes) -> tuple[str | None, str]:
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            return None, ""
    if b"\x00" in data[:8192]:
        return None, ""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if _mostly_utf8(data):
            # Mostly UTF-8 with a few stray bytes (a file edited in two programs): reading it
            # as Windows-1251 would turn every Cyrillic letter into two wrong ones, silently.
            line = data[: exc.start].count(b"\n") + 1
            return f"mixed:{line}", ""
        text = data.decode("cp1251", errors="replace")
        name = "Windows-1251"
    else:
        name = "UTF-8"
    if not _looks_like_text(text):
        return None, ""
    return text, name


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")


def _mostly_utf8(data: bytes) -> bool:
    valid = len(_UTF8_MULTIBYTE.findall(data))
    invalid = len(data.decode("utf-8", errors="replace").split("\ufffd")) - 1
    return valid >= 3 * invalid and valid > 0


def _looks_like_text(text: str) -> bool:
    sample = text[:8192]
    bad = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\t\r\n")
    return bad <= len(sample) // 100


def _read_csv(text: str, encoding: str) -> Table:
    if text.count('"') % 2:
        # Quotes come in pairs in a whole file (a quote inside a value is doubled): an odd
        # count means the file was cut off inside a quoted value, or a quote is unclosed.
        line = text[: text.rindex('"')].count("\n") + 1
        return _fail("bad_csv", line=line, detail='"')
    text = text.lstrip("\ufeff")
    first = text.splitlines()[0] if text.strip() else ""
    skip = 0
    if first.lower().startswith("sep=") and len(first) >= 5:
        # Excel's hint line ('sep=;') names the delimiter
        delimiter, skip = first[4], 1
        text = text.split("\n", 1)[1] if "\n" in text else ""
    else:
        delimiter = max((",", ";", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[tuple[int, dict[str, Any]]] = []
    problems: list[Problem] = []
    try:
        header = [h.strip().lower() for h in next(reader, [])]
        for record in reader:
            line = reader.line_num + skip
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS:  # as for Excel: at most MAX_ROWS rows of figures
                return _fail("too_many_rows", limit=MAX_ROWS)
            if any(c.strip() for c in record[len(header) :]):
                args = {"n": len(record), "expected": len(header)}
                problems.append(Problem("error", "extra_cells", line, None, args))
                continue
            rows.append((line, dict(zip(header, record, strict=False))))
    except csv.Error as exc:
        return _fail("bad_csv", line=reader.line_num, detail=str(exc))
    detail = f"{encoding}, '{'tab' if delimiter == chr(9) else delimiter}'"
    table = Table(tuple(header), tuple(rows), "csv", detail, tuple(problems),
                  decimal_comma=delimiter == ";")  # fmt: skip
    return _with_header_check(table)


def _read_xlsx(data: bytes) -> Table:
    import openpyxl  # only for Excel files

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(i.file_size for i in z.infolist())
        if unzipped > MAX_UNZIPPED:
            return _fail("too_large", size_mb=round(unzipped / 1e6, 1),
                         limit_mb=MAX_UNZIPPED // 10**6)  # fmt: skip
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        return _fail("bad_xlsx", detail=type(exc).__name__)
    sheet_name = _data_sheet(values)
    if sheet_name is None:
        return _fail("no_data_sheet", sheets=", ".join(values.sheetnames))
    problems: list[Problem] = []
    header_cells = next(values[sheet_name].iter_rows(max_row=1, values_only=True), ())
    header = [str(h).strip().lower() if h is not None else "" for h in header_cells]
    while header and not header[-1]:
        header.pop()
    width = max(len(header), 1)
    value_rows = values[sheet_name].iter_rows(min_row=2, max_col=width)
    formula_rows = formulas[sheet_name].iter_rows(min_row=2, max_col=width, values_only=True)
    rows: list[tuple[int, dict[str, Any]]] = []
    empty_run = 0
    for number, (cells_in, forms) in enumerate(zip(value_rows, formula_rows, strict=False), 2):
        vals = [c.value for c in cells_in]
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
            empty_run += 1
            if empty_run >= MAX_EMPTY_RUN:
                break
            continue
        empty_run = 0
        if len(rows) >= MAX_ROWS:
            formulas.close()
            values.close()
            return _fail("too_many_rows", limit=MAX_ROWS)
        cells: dict[str, Any] = {}
        for name, cell, v, f in zip(header, cells_in, vals, forms, strict=False):
            if not name:
                continue
            if isinstance(v, int | float) and "%" in str(getattr(cell, "number_format", "")):
                v = v * 100  # a cell shown as 45 % holds 0.45; shares here are 0-100
            if isinstance(f, str) and f.startswith("="):
                if v is None:
                    problems.append(Problem("error", "formula_no_value", number, name,
                                            {"formula": f[:40]}))  # fmt: skip
                else:
                    problems.append(Problem("warning", "formula_value", number, name,
                                            {"formula": f[:40]}))  # fmt: skip
            cells[name] = v
        rows.append((number, cells))
    formulas.close()
    values.close()
    table = Table(tuple(header), tuple(rows), "xlsx", sheet_name, tuple(problems))
    return _with_header_check(table)


def _data_sheet(book: Any) -> str | None:
    """The template's 'data' sheet, else the first sheet whose header names the columns."""
    if "data" in book.sheetnames:
        return "data"
    for name in book.sheetnames:
        first = next(book[name].iter_rows(max_row=1, values_only=True), ())
        cells = {str(c).strip().lower() for c in first if c is not None}
        if {"country", "measure"} <= cells:
            return str(name)
    return None


def _with_header_check(table: Table) -> Table:
    problems = list(table.problems)
    missing = [c for c in REQUIRED_COLUMNS if c not in table.columns]
    if missing:
        code = "one_column" if len([c for c in table.columns if c]) <= 1 else "missing_columns"
        args = {"missing": ", ".join(missing), "found": ", ".join(table.columns)[:200]}
        problems.append(Problem("error", code, 1, None, args))
    known = set(REQUIRED_COLUMNS) | set(OPTIONAL_COLUMNS) | set(REFERENCE_COLUMNS)
    for c in table.columns:
        if c and c not in known:
            problems.append(Problem("warning", "unknown_column", 1, c))
    for c in sorted({c for c in table.columns if c and table.columns.count(c) > 1}):
        problems.append(Problem("error", "duplicate_column", 1, c))
    if not missing and not table.rows:
        problems.append(Problem("error", "no_rows"))
    return Table(table.columns, table.rows, table.file_format, table.detail, tuple(problems),
                 table.decimal_comma)  # fmt: skip


# --- validating rows ------------------------------------------------------------------------

_YES = {"yes", "y", "true", "1", "да", "da"}
_NO = {"no", "n", "false", "0", "нет", "nu"}
_THOUSANDS = re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")
_THOUSANDS_DOT = re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_AMBIGUOUS = re.compile(r"^-?[1-9]\d{0,2}[.,]\d{3}$")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(cell: Any, *, decimal_comma: bool = False) -> float | None:
    """A number from a cell: Excel numbers as they are; text with spaces or apostrophes as
    thousands separators. With `decimal_comma` (a semicolon-separated file, as written in
    the region) '1.234,5' and '1234,5'; otherwise '1,234.5', and '12,5' as a decimal comma.
    A trailing '%' is allowed (the caller decides if it may be). None if not a number."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        return float(cell) if cell == cell else None
    text = _SPACES.sub("", str(cell).strip()).removesuffix("%")
    if decimal_comma:
        if _THOUSANDS_DOT.match(text):
            text = text.replace(".", "")
        text = text.replace(",", ".") if text.count(",") == 1 and "." not in text else text
    elif _THOUSANDS.match(text):
        text = text.replace(",", "")
    elif _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        value = float(text)
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@dataclass(frozen=True)
class Validation:
    figures: pl.DataFrame
    """The valid rows (FIGURES schema); empty when there are errors."""
    problems: tuple[Problem, ...]
    skipped_empty: int
    """Rows with no value (the template's reference rows left blank)."""
    rows_read: int = 0
    detail: str = ""
    """How the file was read: encoding and delimiter, or the sheet."""

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors


def validate(table: Table, countries: Iterable[str], this_year: int) -> Validation:
    """Check every row; errors name row and column. Rows without a value are skipped."""
    problems = list(table.problems)
    empty = pl.DataFrame(schema=FIGURES.polars_schema())
    if not table.readable:
        return Validation(empty, tuple(problems), 0, len(table.rows), table.detail)
    known = set(countries)
    good: list[dict[str, Any]] = []
    skipped = 0
    for number, cells in table.rows:
        if _text(cells.get("value")) == "":
            skipped += 1
            continue
        row = _check_row(number, cells, known, this_year, problems, table.decimal_comma)
        if row is not None:
            good.append(row)
    _check_duplicates(good, problems)
    _check_together(good, problems)
    if not good and not any(p.severity == "error" for p in problems):
        problems.append(Problem("error", "no_values", args={"skipped": skipped}))
    if any(p.severity == "error" for p in problems):
        return Validation(empty, tuple(problems), skipped, len(table.rows), table.detail)
    frame = pl.DataFrame(good, schema=FIGURES.polars_schema(), orient="row")
    return Validation(frame.sort("row"), tuple(problems), skipped, len(table.rows), table.detail)


TEXT_COLUMNS = ("source_title", "source_publisher", "locator", "notes")


def _check_row(
    n: int,
    cells: dict[str, Any],
    countries: set[str],
    this_year: int,
    out: list[Problem],
    decimal_comma: bool = False,
) -> dict[str, Any] | None:
    before = len(out)

    def err(code: str, column: str | None, **args: Any) -> None:
        out.append(Problem("error", code, n, column, args))

    def warn(code: str, column: str | None, **args: Any) -> None:
        out.append(Problem("warning", code, n, column, args))

    country = _text(cells.get("country")).upper()
    if not country:
        err("required", "country")
    elif country not in countries:
        err("unknown_country", "country", value=country[:20])
    measure_id = _text(cells.get("measure")).lower()
    m = BY_ID.get(measure_id)
    if not measure_id:
        err("required", "measure")
    elif m is None:
        err("unknown_measure", "measure", value=measure_id[:40])

    category: int | None = None
    raw_cat = _text(cells.get("category"))
    if raw_cat:
        number = parse_number(raw_cat)
        if number is None or not number.is_integer() or not 1 <= number <= 6:
            err("bad_category", "category", value=raw_cat[:20])
        else:
            category = int(number)
            if m is not None and category not in m.categories:
                err("category_not_allowed", "category", value=category, measure=m.id,
                    allowed=", ".join(map(str, m.categories)) or "-")  # fmt: skip
    elif m is not None and m.category_required:
        err("category_required", "category", measure=m.id)

    splits: dict[str, str | None] = {}
    for name, allowed in BREAKDOWNS.items():
        raw = _text(cells.get(name)).lower()
        if raw in ("", "total", "all", "both"):
            splits[name] = None
            continue
        if raw not in allowed:
            err("bad_breakdown", name, value=raw[:20], allowed=", ".join(allowed))
        elif m is not None and name not in m.breakdowns:
            err("breakdown_not_allowed", name, measure=m.id)
        splits[name] = raw

    year: int | None = None
    raw_year = _text(cells.get("year"))
    number = parse_number(raw_year) if raw_year else None
    if not raw_year:
        err("required", "year")
    elif number is None or not number.is_integer():
        err("bad_year", "year", value=raw_year[:20])
    elif not FIRST_YEAR <= number <= this_year:
        err("year_out_of_range", "year", value=int(number), low=FIRST_YEAR, high=this_year)
    else:
        year = int(number)
        if year < this_year - 10:
            warn("old_year", "year", value=year)

    value: float | None = None
    value_text: str | None = None
    raw_value = cells.get("value")
    if m is not None:
        value, value_text = _check_value(m, raw_value, err, warn, decimal_comma)
    for name in TEXT_COLUMNS:
        if _CONTROL.search(str(cells.get(name) or "")):
            err("control_character", name)

    unit = m.unit if m is not None else ""
    raw_unit = _text(cells.get("unit"))
    if m is not None and m.kind == "money":
        if not re.fullmatch(r"[A-Za-z]{3}", raw_unit):
            err("currency_required", "unit", value=raw_unit[:20])
        else:
            unit = f"{raw_unit.upper()} {m.unit}"
    elif m is not None and raw_unit and raw_unit.lower() != m.unit.lower():
        err("unit_mismatch", "unit", value=raw_unit[:30], expected=m.unit, measure=m.id)

    title = _text(cells.get("source_title"))
    publisher = _text(cells.get("source_publisher"))
    for name, text in (("source_title", title), ("source_publisher", publisher)):
        if not text:
            err("required", name)
        elif text.startswith(("=", "+", "@")):
            warn("formula_text", name)
    source_year: int | None = None
    raw_sy = _text(cells.get("source_year"))
    if raw_sy:
        number = parse_number(raw_sy)
        if number is None or not number.is_integer() or not FIRST_YEAR <= number <= this_year:
            err("bad_source_year", "source_year", value=raw_sy[:20], high=this_year)
        else:
            source_year = int(number)
    reliability = _text(cells.get("reliability")).lower() or "standard"
    if reliability not in RELIABILITIES:
        err("bad_reliability", "reliability", value=reliability[:20])

    if len(out) > before and any(p.severity == "error" for p in out[before:]):
        return None
    return {
        "row": n,
        "country": country,
        "measure": measure_id,
        "category": category,
        **splits,
        "year": year,
        "value": value,
        "value_text": value_text,
        "unit": unit,
        "source_title": title[:300],
        "source_publisher": publisher[:200],
        "source_year": source_year,
        "locator": _text(cells.get("locator"))[:500] or None,
        "reliability": reliability,
        "notes": _text(cells.get("notes"))[:1000] or None,
    }


WHOLE_EXCEPT = ("caseholding_staff",)
"""Counts that may be full-time equivalents (12.5 workers); every other count is whole."""


def _check_value(
    m: Measure, raw: Any, err: Any, warn: Any, decimal_comma: bool = False
) -> tuple[float | None, str | None]:
    if m.kind == "yesno":
        text = _text(raw).lower()
        if text in _YES:
            return 1.0, "yes"
        if text in _NO:
            return 0.0, "no"
        err("bad_yesno", "value", value=_text(raw)[:20])
        return None, None
    text = _text(raw)
    if isinstance(raw, str) and text.endswith("%") and m.kind != "percent":
        err("percent_sign", "value", value=text[:30], unit=m.unit)
        return None, None
    value = parse_number(raw, decimal_comma=decimal_comma)
    if value is None:
        err("not_a_number", "value", value=text[:30])
        return None, None
    if isinstance(raw, str) and _AMBIGUOUS.match(_SPACES.sub("", text)):
        warn("ambiguous_number", "value", value=text, read=_plain(value))
    if value < 0:
        err("negative", "value", value=_plain(value))
        return None, None
    if m.kind == "percent" and value > 100:
        err("percent_over_100", "value", value=_plain(value))
        return None, None
    if m.kind == "steps" and (not value.is_integer() or value > 5):
        err("bad_steps", "value", value=_plain(value))
        return None, None
    if m.kind == "count" and m.id not in WHOLE_EXCEPT and not value.is_integer():
        err("not_whole", "value", value=_plain(value), unit=m.unit)
        return None, None
    if m.kind == "percent" and 0 < value <= 1:
        warn("percent_small", "value", value=_plain(value), times=_plain(value * 100))
    if m.warn_above is not None and value > m.warn_above:
        warn("implausible", "value", value=_plain(value), limit=_plain(m.warn_above))
    return value, None


def _check_duplicates(rows: list[dict[str, Any]], out: list[Problem]) -> None:
    seen: dict[tuple[Any, ...], dict[str, Any]] = {}
    keep = []
    for r in rows:
        key = tuple(r[k] for k in KEY)
        first = seen.get(key)
        if first is None:
            seen[key] = r
            keep.append(r)
        elif first["value"] == r["value"] and first["unit"] == r["unit"]:
            out.append(Problem("warning", "duplicate", r["row"], "value", {"first": first["row"]}))
        else:
            out.append(Problem("error", "conflict", r["row"], "value", {"first": first["row"]}))
    rows[:] = keep


def _check_together(rows: list[dict[str, Any]], out: list[Problem]) -> None:
    """Checks across rows of one country and year: vacant posts within posts, a plausible
    caseload, pay in one currency."""
    totals = [r for r in rows if all(r[b] is None for b in BREAKDOWNS)]
    index: dict[tuple[str, int, str, int | None], dict[str, Any]] = {
        (r["country"], r["year"], r["measure"], r["category"]): r for r in totals
    }
    for (country, year, measure, category), r in index.items():
        if measure == "posts_vacant":
            total = index.get((country, year, "posts_total", category))
            if total is not None and r["value"] > total["value"]:
                out.append(Problem("error", "vacant_over_total", r["row"], "value",
                                   {"total_row": total["row"]}))  # fmt: skip
        if measure == "open_cases":
            staff = index.get((country, year, "caseholding_staff", None))
            if staff is not None and staff["value"] > 0 and r["value"] / staff["value"] > 100:
                out.append(Problem("warning", "caseload_implausible", r["row"], "value",
                                   {"caseload": round(r["value"] / staff["value"]),
                                    "staff_row": staff["row"]}))  # fmt: skip
    currencies: dict[tuple[str, int], set[str]] = {}
    for r in totals:
        if BY_ID[r["measure"]].kind == "money":
            currencies.setdefault((r["country"], r["year"]), set()).add(r["unit"].split(" ")[0])
    for (country, year), units in sorted(currencies.items()):
        if len(units) > 1:
            out.append(Problem("warning", "mixed_currencies", None, "unit",
                               {"country": country, "year": year,
                                "units": ", ".join(sorted(units))}))  # fmt: skip


# --- figures to observations ----------------------------------------------------------------


def label_en(r: Mapping[str, Any]) -> str:
    """'Staff in post (head count), category 1, women, rural' from a figure row."""
    parts = [BY_ID[r["measure"]].label_en]
    if r.get("category") is not None:
        parts.append(f"category {r['category']}")
    parts += [str(r[b]) for b in BREAKDOWNS if r.get(b)]
    return ", ".join(parts)


def source_id(r: Mapping[str, Any]) -> str:
    """A stable id for a declared source: the same title, publisher and year, the same id."""
    key = "|".join(str(r.get(k) or "") for k in ("source_title", "source_publisher",
                                                 "source_year"))  # fmt: skip
    return "u_" + hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:10]


def to_tables(figures: pl.DataFrame, pillar_of: Mapping[str, int]) -> tuple[pl.DataFrame, ...]:
    """Observations and sources (their schemas) from validated figures."""
    obs: list[dict[str, Any]] = []
    sources: dict[str, dict[str, Any]] = {}
    ordered = figures.sort(["country", "measure", "category", "sex", "area", "client_group",
                            "year"], nulls_last=False)  # fmt: skip
    for i, r in enumerate(ordered.iter_rows(named=True), start=1):
        m = BY_ID[r["measure"]]
        total = all(r[b] is None for b in BREAKDOWNS)
        sid = source_id(r)
        entry = sources.setdefault(
            sid,
            {
                "source_id": sid,
                "title": r["source_title"],
                "publisher": r["source_publisher"],
                "pub_year": r["source_year"],
                "source_type": "user_declared",
                "licence": None,
                "locator": r["locator"] or "",
                "n_figures": 0,
                "origin": "uploaded",
            },
        )
        entry["n_figures"] += 1
        obs.append(
            {
                "obs_id": f"u{i:05d}",
                "source_row": r["row"],
                "geo": r["country"],
                "measure": m.id,
                "link": "indicator" if m.indicator_id else "context",
                "indicator_id": m.indicator_id,
                "category": r["category"],
                "coverage": None
                if m.indicator_id is None
                else "reported"
                if r["reliability"] == "standard"
                else "partial",
                "std_measure": m.role if total else None,
                "topic": m.topic,
                "pillar": pillar_of[m.indicator_id] if m.indicator_id else m.pillar,
                "scope": None,
                "label_en": label_en(r),
                "source_label": None,
                "comparability_en": None,
                "reliability": r["reliability"],
                "value": r["value"],
                "value_low": None,
                "value_high": None,
                "value_text": r["value_text"],
                "unit": r["unit"],
                "qualifier": None,
                "year": r["year"],
                "period": None,
                "source_id": sid,
                "locator": r["locator"] or "",
                "notes": r["notes"],
                "sex": r["sex"],
                "area": r["area"],
                "client_group": r["client_group"],
                "origin": "uploaded",
            }
        )
    return (
        pl.DataFrame(obs, schema=OBSERVATIONS.polars_schema(), orient="row"),
        pl.DataFrame(list(sources.values()), schema=SOURCES.polars_schema(), orient="row"),
    )


def merge(previous: pl.DataFrame | None, upload: pl.DataFrame) -> pl.DataFrame:
    """The next version's figures: the upload replaces every earlier uploaded figure of the
    countries it names; other countries keep theirs."""
    if previous is None or previous.is_empty():
        return upload
    named = upload["country"].unique().to_list()
    kept = previous.filter(~pl.col("country").is_in(named))
    return pl.concat([kept, upload])


# --- what the dashboard knows, for the template and the preview -----------------------------

_ROLE_TO_MEASURE = {
    "sw_qualified": ("staff", 1),
    "paraprofessionals": ("staff", 3),
    "caseholding_staff": ("caseholding_staff", None),
    "open_cases": ("open_cases", None),
    "posts_total": ("posts_total", None),
    "posts_vacant": ("posts_vacant", None),
    "pay_teachers": ("pay_teachers", None),
    "pay_health": ("pay_health", None),
    "required_posts": ("required_posts", None),
    "leavers": ("leavers", None),
    "graduates": ("graduates", None),
    "graduate_entry_share": ("graduates_entering", None),
}


_BY_INDICATOR = {
    m.indicator_id: m.id for m in MEASURES if m.kind in ("yesno", "steps") and m.indicator_id
}
"""Indicators measured by one yes/no (or steps) measure: a shipped figure of the indicator
is what the template shows beside it."""


def known_figures(observations: pl.DataFrame) -> pl.DataFrame:
    """For each (country, measure, category) the template and the preview use, the latest
    figure on screen today: value, year, source, origin. Uploaded figures come first."""
    rows = []
    for r in observations.iter_rows(named=True):
        if any(r.get(b) for b in BREAKDOWNS):
            continue
        role = r["std_measure"]
        if r["origin"] == "uploaded" and r["measure"] in BY_ID:
            measure, category = r["measure"], r["category"]
        elif role in ("staff_in_post", "pay_sw"):
            measure, category = ("staff" if role == "staff_in_post" else "pay_sw"), r["category"]
        elif role in _ROLE_TO_MEASURE:
            measure, category = _ROLE_TO_MEASURE[role]
            category = category if category is not None else r["category"]
        elif r["link"] == "indicator" and r["indicator_id"] in _BY_INDICATOR:
            measure, category = _BY_INDICATOR[r["indicator_id"]], None
        else:
            continue
        if measure == "staff" and category is None:
            continue
        shown = r["value_text"] if r["value"] is None else r["value"]
        if shown is None:
            continue
        rows.append({
            "country": r["geo"], "measure": measure, "category": category,
            "current_value": str(shown) if r["value_text"] else _plain(r["value"]),
            "current_year": r["year"],
            "current_source": f"{r['source_publisher']}, {r['source_year'] or ''}".strip(", "),
            "current_unit": r["unit"], "origin": r["origin"],
        })  # fmt: skip
    schema = {
        "country": pl.String, "measure": pl.String, "category": pl.Int32,
        "current_value": pl.String, "current_year": pl.Int32, "current_source": pl.String,
        "current_unit": pl.String, "origin": pl.String,
    }  # fmt: skip
    frame = pl.DataFrame(rows, schema=schema, orient="row")
    return (
        frame.sort(
            [pl.col("origin") != "uploaded", pl.col("current_year")],
            descending=[False, True],
            nulls_last=True,
        )
        .unique(["country", "measure", "category"], keep="first", maintain_order=True)
        .sort(["country", "measure", "category"], nulls_last=False)
    )


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


TEMPLATE_ROWS: tuple[tuple[str, int | None], ...] = (
    *(("staff", c) for c in (1, 2, 3, 4, 5, 6)),
    ("caseholding_staff", None), ("open_cases", None),
    ("posts_total", None), ("posts_vacant", None),
    ("leavers", 1), ("leavers", 6),
    ("required_posts", None),
    ("graduates", None), ("graduates_entering", None), ("graduates_retained", None),
    ("cat6_qualified", 6), ("cat6_redundant", 6),
    ("pay_sw", None), ("pay_sw", 3), ("pay_teachers", None), ("pay_health", None),
    ("plan_steps", None),
    *((m.id, None) for m in MEASURES if m.kind == "yesno"),
)  # fmt: skip
"""One template row per (measure, category) for each country; more rows (other years,
breakdowns) can be added by the user."""


def _filled(r: Mapping[str, Any]) -> dict[str, Any]:
    """The template cells of an uploaded figure (so that it goes back in unchanged)."""
    m = BY_ID[r["measure"]]
    return {
        "sex": r["sex"], "area": r["area"], "client_group": r["client_group"],
        "year": r["year"], "value": r["value_text"] or _plain(r["value"]),
        "unit": r["unit"].split(" ")[0] if m.kind == "money" else r["unit"],
        "source_title": r["source_title"], "source_publisher": r["source_publisher"],
        "source_year": r["source_year"], "locator": r["locator"],
        "reliability": None if r["reliability"] == "standard" else r["reliability"],
        "notes": r["notes"],
    }  # fmt: skip


def template(
    countries: Sequence[tuple[str, str]],
    known: pl.DataFrame,
    labels: Mapping[str, str] | None = None,
    uploaded: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The template's rows for (iso3, name) pairs: every measure with its unit and, as
    reference, the figure the dashboard shows today; `value` and the source left to fill.
    `labels` translates measure labels (English by default).

    `uploaded`: the figures of the version in use. An upload replaces every uploaded figure
    of its countries, so they are filled in (the latest on its measure's row, any others,
    earlier years and breakdowns, as rows of their own): download, change, upload back, and
    nothing is lost that was not meant to be."""
    by_key = {(r["country"], r["measure"], r["category"]): r for r in known.iter_rows(named=True)}
    mine: dict[str, list[dict[str, Any]]] = {}
    if uploaded is not None:
        for r in uploaded.sort(["year", "row"], descending=[True, False]).iter_rows(named=True):
            mine.setdefault(r["country"], []).append(r)
    label = (labels or {}).get
    rows = []
    for iso3, name in countries:
        extra = list(mine.get(iso3, []))
        for measure_id, category in TEMPLATE_ROWS:
            m = BY_ID[measure_id]
            k = by_key.get((iso3, measure_id, category), {})
            unit = m.unit
            if m.kind == "money":
                current_unit = str(k.get("current_unit") or "")
                unit = current_unit.split(" ")[0] if current_unit else ""
            row = {
                "country": iso3, "country_name": name, "measure": measure_id,
                "measure_label": label(measure_id, m.label_en),
                "category": category, "sex": None, "area": None, "client_group": None,
                "year": None, "value": None, "unit": unit,
                "source_title": None, "source_publisher": None, "source_year": None,
                "locator": None, "reliability": None, "notes": None,
                "current_value": k.get("current_value"), "current_year": k.get("current_year"),
                "current_source": k.get("current_source"),
            }  # fmt: skip
            own = next(
                (r for r in extra if (r["measure"], r["category"]) == (measure_id, category)
                 and all(r[b] is None for b in BREAKDOWNS)), None,
            )  # fmt: skip
            if own is not None:
                extra.remove(own)
                row |= _filled(own)
            rows.append(row)
        for r in sorted(extra, key=lambda r: (r["measure"], r["category"] or 0, -r["year"])):
            rows.append({
                "country": iso3, "country_name": name, "measure": r["measure"],
                "measure_label": label(r["measure"], BY_ID[r["measure"]].label_en),
                "category": r["category"], **_filled(r),
                "current_value": None, "current_year": None, "current_source": None,
            })  # fmt: skip
    schema = {c: pl.String for c in TEMPLATE_COLUMNS} | {
        "category": pl.Int32, "year": pl.Int32, "source_year": pl.Int32,
        "current_year": pl.Int32,
    }  # fmt: skip
    return pl.DataFrame(rows, schema=schema, orient="row")


def preview(
    upload: pl.DataFrame, known: pl.DataFrame, previous: pl.DataFrame | None
) -> pl.DataFrame:
    """What committing `upload` changes, row by row: 'new' (nothing on screen for that
    measure), 'replaces' (a different figure is shown today), 'same' (the value shown today),
    plus 'removed' for earlier uploaded figures of these countries the upload no longer has."""
    by_key = {(r["country"], r["measure"], r["category"]): r for r in known.iter_rows(named=True)}
    out = []
    for r in upload.sort("row").iter_rows(named=True):
        k = by_key.get((r["country"], r["measure"], r["category"]))
        total = all(r[b] is None for b in BREAKDOWNS)
        new_value = r["value_text"] or _plain(r["value"])
        if k is None or not total:
            change = "new"
        elif k["current_value"] == new_value and k["current_year"] == r["year"]:
            change = "same"
        else:
            change = "replaces"
        out.append({
            "change": change, "row": r["row"], "country": r["country"],
            "measure": r["measure"], "category": r["category"], "breakdown": _breakdown(r),
            "year": r["year"], "value": new_value, "unit": r["unit"],
            "now": None if k is None or not total else
            f"{k['current_value']} ({k['current_year'] or '-'}, {k['current_source']})",
        })  # fmt: skip
    if previous is not None and not previous.is_empty():
        named = set(upload["country"].unique().to_list())
        fresh = {tuple(r[k] for k in KEY) for r in upload.iter_rows(named=True)}
        for r in previous.iter_rows(named=True):
            if r["country"] in named and tuple(r[k] for k in KEY) not in fresh:
                out.append({
                    "change": "removed", "row": None, "country": r["country"],
                    "measure": r["measure"], "category": r["category"],
                    "breakdown": _breakdown(r), "year": r["year"],
                    "value": r["value_text"] or _plain(r["value"]), "unit": r["unit"],
                    "now": None,
                })  # fmt: skip
    schema = {
        "change": pl.String, "row": pl.Int32, "country": pl.String, "measure": pl.String,
        "category": pl.Int32, "breakdown": pl.String, "year": pl.Int32, "value": pl.String,
        "unit": pl.String, "now": pl.String,
    }  # fmt: skip
    return pl.DataFrame(out, schema=schema, orient="row")


def _breakdown(r: Mapping[str, Any]) -> str | None:
    parts = [str(r[b]) for b in BREAKDOWNS if r.get(b)]
    return ", ".join(parts) or None
