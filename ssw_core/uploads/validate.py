"""Checking an uploaded table row by row: every error names its row and column; warnings
inform. The valid rows become figures in the `FIGURES` schema."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import polars as pl

from ssw_core.uploads.read import Table
from ssw_core.uploads.vocabulary import (
    BREAKDOWNS,
    BY_ID,
    FIGURES,
    FIRST_YEAR,
    KEY,
    RELIABILITIES,
    Measure,
    Problem,
    plain_number,
)

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
                err(
                    "category_not_allowed",
                    "category",
                    value=category,
                    measure=m.id,
                    allowed=", ".join(map(str, m.categories)) or "-",
                )
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
        warn("ambiguous_number", "value", value=text, read=plain_number(value))
    if value < 0:
        err("negative", "value", value=plain_number(value))
        return None, None
    if m.kind == "percent" and value > 100:
        err("percent_over_100", "value", value=plain_number(value))
        return None, None
    if m.kind == "steps" and (not value.is_integer() or value > 5):
        err("bad_steps", "value", value=plain_number(value))
        return None, None
    if m.kind == "count" and m.id not in WHOLE_EXCEPT and not value.is_integer():
        err("not_whole", "value", value=plain_number(value), unit=m.unit)
        return None, None
    if m.kind == "percent" and 0 < value <= 1:
        warn("percent_small", "value", value=plain_number(value), times=plain_number(value * 100))
    if m.warn_above is not None and value > m.warn_above:
        warn("implausible", "value", value=plain_number(value), limit=plain_number(m.warn_above))
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
                out.append(
                    Problem(
                        "error", "vacant_over_total", r["row"], "value", {"total_row": total["row"]}
                    )
                )
        if measure == "open_cases":
            staff = index.get((country, year, "caseholding_staff", None))
            if staff is not None and staff["value"] > 0 and r["value"] / staff["value"] > 100:
                out.append(
                    Problem(
                        "warning",
                        "caseload_implausible",
                        r["row"],
                        "value",
                        {"caseload": round(r["value"] / staff["value"]), "staff_row": staff["row"]},
                    )
                )
    currencies: dict[tuple[str, int], set[str]] = {}
    for r in totals:
        if BY_ID[r["measure"]].kind == "money":
            currencies.setdefault((r["country"], r["year"]), set()).add(r["unit"].split(" ")[0])
    for (country, year), units in sorted(currencies.items()):
        if len(units) > 1:
            out.append(
                Problem(
                    "warning",
                    "mixed_currencies",
                    None,
                    "unit",
                    {"country": country, "year": year, "units": ", ".join(sorted(units))},
                )
            )
