"""Reading an uploaded file into cells: CSV in the encodings and delimiters of the region, or an
Excel workbook (several sheets, formulas, far-away cells and zip bombs handled). Nothing is
validated here beyond the header; `validate` checks the rows."""

from __future__ import annotations

import csv
import io
import re
import threading
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from ssw_core.uploads.vocabulary import (
    MAX_BYTES,
    MAX_ROWS,
    OPTIONAL_COLUMNS,
    REFERENCE_COLUMNS,
    REQUIRED_COLUMNS,
    Problem,
)


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
    table = Table(
        tuple(header), tuple(rows), "csv", detail, tuple(problems), decimal_comma=delimiter == ";"
    )
    return _with_header_check(table)


MAX_COLUMNS = 40
"""Columns of a sheet that are read: the template has 20; a few of one's own (notes) are fine,
a sheet of thousands is refused before it is read."""
MAX_CELLS = MAX_ROWS * 20
"""Cells of a workbook, all its sheets together: as many as a template of MAX_ROWS rows holds.
Counted in the XML before any is parsed (parsing costs ~10 us a cell, on a process the room
shares)."""
MAX_SHOWN = 5
"""Warnings of one kind shown one by one; the rest are counted in one more."""


_ONE_AT_A_TIME = threading.Lock()
"""Workbooks are opened one at a time in a process: the process serves a share of the room,
and a few large ones at once from one participant would hold its memory and its CPU."""


def _read_xlsx(data: bytes) -> Table:
    """An Excel workbook, one at a time (`_ONE_AT_A_TIME`); see `_open_xlsx`."""
    with _ONE_AT_A_TIME:
        return _open_xlsx(data)


def _open_xlsx(data: bytes) -> Table:
    """An Excel workbook: checked for size before it is opened, its data sheet's cells counted
    before they are parsed, and any fault of the file (a cut-off or damaged sheet, a text in a
    number cell, a bad date, an entity bomb) said as the file's problem, never raised."""
    import openpyxl  # only for Excel files

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            unzipped = sum(i.file_size for i in z.infolist())
            if unzipped > MAX_UNZIPPED:
                return _fail(
                    "too_large", size_mb=round(unzipped / 1e6, 1), limit_mb=MAX_UNZIPPED // 10**6
                )
            # Counted before openpyxl opens it: opening a sheet without a <dimension> parses
            # every cell of it to size it (a probe's 900,000 cells: 8 s). Every part counts,
            # whatever its name: a sheet is wherever the workbook's relations put it.
            cells, formulas = 0, False
            for item in z.infolist():
                n, f = _count(z, item.filename)
                cells, formulas = cells + n, formulas or f
            if cells > MAX_CELLS:
                return _fail("too_many_cells", cells=cells, limit=MAX_CELLS)
            values = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet_name = _data_sheet(values)
            if sheet_name is None:
                return _fail("no_data_sheet", sheets=", ".join(values.sheetnames))
        return _sheet(values, sheet_name, data if formulas else None)
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        TypeError,
        IndexError,
        AttributeError,
        SyntaxError,
        EOFError,
        zlib.error,
    ) as exc:
        # SyntaxError: XML ParseError (a sheet cut off, an entity bomb); ValueError: a cell's
        # content that is not of its type (a text in a number cell, a bad date)
        return _fail("bad_xlsx", detail=_fault(exc))


_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?c[\s/>]")
_FORMULA = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?f[\s/>]")
"""The start of a cell (`<c`) or formula (`<f`) element, with or without a namespace prefix
(`<x:c>` is a cell too: a sheet written with one must not pass uncounted)."""
_OVERLAP = 40  # longer than any match: one cut by a chunk's end is found in the next
_CHUNK = 1 << 20


def _count(z: zipfile.ZipFile, part: str) -> tuple[int, bool]:
    """(cells in a sheet's XML, whether it has a formula), read in pieces without parsing."""
    cells, formulas, tail = 0, False, b""
    with z.open(part.lstrip("/")) as raw:
        while chunk := raw.read(_CHUNK):
            text = tail + chunk
            # the matches inside the tail were counted with the chunk before
            cells += len(_CELL.findall(text)) - len(_CELL.findall(tail))
            formulas = formulas or _FORMULA.search(text) is not None
            tail = text[-_OVERLAP:]
    return cells, formulas


def _fault(exc: BaseException) -> str:
    """What is wrong with the file, in a few words (not Python's exception type alone)."""
    text = " ".join(str(exc).split())[:120]
    return text or type(exc).__name__


def _sheet(values: Any, sheet_name: str, data_for_formulas: bytes | None) -> Table:
    """The data sheet's header and rows; formulas looked at only if the sheet has any."""
    import openpyxl

    problems: list[Problem] = []
    header_cells = next(values[sheet_name].iter_rows(max_row=1, values_only=True), ())
    header = [str(h).strip().lower() if h is not None else "" for h in header_cells]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        values.close()
        return _fail("too_many_columns", n=len(header), limit=MAX_COLUMNS)
    width = max(len(header), 1)
    formulas = None
    if data_for_formulas is not None:
        formulas = openpyxl.load_workbook(
            io.BytesIO(data_for_formulas), read_only=True, data_only=False
        )
    value_rows = values[sheet_name].iter_rows(min_row=2, max_col=width)
    formula_rows = (
        formulas[sheet_name].iter_rows(min_row=2, max_col=width, values_only=True)
        if formulas is not None
        else iter(lambda: (), None)
    )
    rows: list[tuple[int, dict[str, Any]]] = []
    empty_run = 0
    try:
        for number, (cells_in, forms) in enumerate(zip(value_rows, formula_rows, strict=False), 2):
            vals = [c.value for c in cells_in]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in vals):
                empty_run += 1
                if empty_run >= MAX_EMPTY_RUN:
                    break
                continue
            empty_run = 0
            if len(rows) >= MAX_ROWS:
                return _fail("too_many_rows", limit=MAX_ROWS)
            cells: dict[str, Any] = {}
            for i, (name, cell, v) in enumerate(zip(header, cells_in, vals, strict=False)):
                if not name:
                    continue
                if isinstance(v, int | float) and "%" in str(getattr(cell, "number_format", "")):
                    v = v * 100  # a cell shown as 45 % holds 0.45; shares here are 0-100
                f = forms[i] if i < len(forms) else None
                if isinstance(f, str) and f.startswith("="):
                    code = "formula_no_value" if v is None else "formula_value"
                    problems.append(
                        Problem(
                            "error" if v is None else "warning",
                            code,
                            number,
                            name,
                            {"formula": f[:40]},
                        )
                    )
                cells[name] = v
            rows.append((number, cells))
    except SyntaxError as exc:  # XML that does not parse: a damaged sheet, an entity bomb
        return _fail("bad_xlsx", detail=_fault(exc))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        row = len(rows) + 2 + empty_run  # a cell whose content is not of its type
        return _fail("bad_xlsx_row", row=row, detail=_fault(exc))
    finally:
        values.close()
        if formulas is not None:
            formulas.close()
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
    unknown = [c for c in table.columns if c and c not in known]
    for c in unknown[:MAX_SHOWN]:
        problems.append(Problem("warning", "unknown_column", 1, c))
    if len(unknown) > MAX_SHOWN:
        problems.append(
            Problem("warning", "unknown_columns_more", 1, None, {"n": len(unknown) - MAX_SHOWN})
        )
    for c in sorted({c for c in table.columns if c and table.columns.count(c) > 1}):
        problems.append(Problem("error", "duplicate_column", 1, c))
    if not missing and not table.rows:
        problems.append(Problem("error", "no_rows"))
    return Table(
        table.columns,
        table.rows,
        table.file_format,
        table.detail,
        tuple(problems),
        table.decimal_comma,
    )
