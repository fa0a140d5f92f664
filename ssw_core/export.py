"""Files for download: tables as CSV and Excel, charts as PNG and SVG, the board's commitments
as a page to print. Pure functions, bytes out; nothing here touches the network (vl-convert
renders Vega-Lite in-process; the printable page has no script, font or image to fetch).

Formula injection: a spreadsheet runs a cell that starts with '=', '+', '-' or '@' (and, in
some programs, a tab or carriage return) as a formula. Every text cell written here that
starts so is prefixed with an apostrophe, which spreadsheets show as text and never run.
Numbers stay numbers (a negative number is not text).
"""

from __future__ import annotations

import csv
import html
import io
import re
import textwrap
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

_DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
"""Control characters an Excel file cannot hold (openpyxl refuses them)."""


def safe_text(value: str) -> str:
    """Text that no spreadsheet runs as a formula."""
    return "'" + value if value.startswith(_DANGEROUS) else value


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return safe_text(_ILLEGAL.sub("", value))
    if isinstance(value, float) and value != value:
        return None
    return value


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads Cyrillic and Romanian letters), comma
    separated, every text cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_text(c) for c in frame.columns])
    for row in frame.iter_rows():
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    sheets: Mapping[str, pl.DataFrame],
    *,
    notes: Mapping[str, Sequence[str]] | None = None,
    lists: Mapping[str, tuple[str, Sequence[str]]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> bytes:
    """An Excel workbook: one sheet per frame (sheet names cut to Excel's 31 characters),
    every text cell neutralised and stored as text. `notes` adds sheets of plain lines
    (instructions). `lists` adds drop-down validation to columns of the first sheet:
    {column: (sheet holding the allowed values, values)}. `headers`: {column: what it means}
    for the first sheet's column names (codes a program reads), as a comment on each."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import TYPE_STRING
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    book.remove(book.active)
    for name, frame in sheets.items():
        ws = book.create_sheet(_sheet_name(name))
        ws.append([safe_text(c) for c in frame.columns])
        for row in frame.iter_rows():
            ws.append([_cell(v) for v in row])
        for cells in ws.iter_rows(min_row=1):
            for c in cells:
                if isinstance(c.value, str):
                    c.data_type = TYPE_STRING
        for i, col in enumerate(frame.columns, start=1):
            width = max([len(str(col)), *(len(str(v)) for v in frame[col].head(200) if v)])
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 60)
        ws.freeze_panes = "A2"
        if headers and name == next(iter(sheets)):
            for i, col in enumerate(frame.columns, start=1):
                if col in headers:
                    ws.cell(1, i).comment = Comment(safe_text(headers[col]), "", 120, 320)
    for name, lines in (notes or {}).items():
        ws = book.create_sheet(_sheet_name(name))
        for line in lines:
            ws.append([safe_text(line)])
            ws.cell(ws.max_row, 1).data_type = TYPE_STRING
        ws.column_dimensions["A"].width = 120
    if lists and sheets:
        first_name, first = next(iter(sheets.items()))
        ws = book[_sheet_name(first_name)]
        rows = max(first.height + 500, 1000)
        for column, (list_sheet, values) in lists.items():
            if column not in first.columns or not values:
                continue
            name = _sheet_name(list_sheet)
            target = book[name] if name in book.sheetnames else book.create_sheet(name)
            at = target.max_column + 1 if target.max_row > 1 or target["A1"].value else 1
            target.cell(1, at, column)
            for r, v in enumerate(values, start=2):
                target.cell(r, at, safe_text(str(v))).data_type = TYPE_STRING
            letter = get_column_letter(at)
            ref = f"'{target.title}'!${letter}$2:${letter}${len(values) + 1}"
            dv = DataValidation(type="list", formula1=ref, allow_blank=True)
            idx = first.columns.index(column) + 1
            dv.add(f"{get_column_letter(idx)}2:{get_column_letter(idx)}{rows}")
            ws.add_data_validation(dv)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", " ", name)[:31] or "Sheet"


def _vl_version(spec: Mapping[str, Any]) -> str:
    match = re.search(r"/v(\d+)\.(\d+)", str(spec.get("$schema", "")))
    return f"{match.group(1)}.{match.group(2)}" if match else "6.4"


EXPORT_WIDTH = 1000
"""[px] The plot width of a downloaded chart: at least the widest the page draws it (the main
column at 1440 x 900 with the sidebar open is about 900 px)."""
TITLE_CHARS, SUBTITLE_CHARS, NOTE_CHARS = 95, 140, 150
"""Characters per line of a downloaded chart's title (16 px), subtitle (12 px) and notes under
it (11 px) at EXPORT_WIDTH, with room for wide Cyrillic letters: longer texts wrap, never run
off."""
_TOP_LEVEL = ("$schema", "config", "datasets", "autosize", "padding", "background", "usermeta")
"""Properties Vega-Lite takes only at the top of a spec (the rest describe the chart itself)."""


def wrap_lines(text: str, width: int) -> list[str]:
    """`text` as lines of at most `width` characters, broken between words (a word longer
    than a line is left whole: a file may be wider, a word is never cut)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += textwrap.wrap(paragraph, width, break_long_words=False) or [""]
    return lines


def standalone(
    spec: Mapping[str, Any],
    *,
    title: str = "",
    subtitle: str = "",
    notes: Sequence[str] = (),
    width: int = EXPORT_WIDTH,
) -> dict[str, Any]:
    """A page chart made to stand on its own in a file: the title and source line the page
    shows around it, wrapped to the chart's width, a plot `width` wide, and `notes` under
    everything (its legend too) as a footer: where the figures come from, the data's date,
    the assumptions that matter, each wrapped.

    On the page a chart fits its column ('fit-x'): Vega shrinks the plot until axes, legend
    and title fit the width. In a file that made a long subtitle squeeze line, area and
    heat-map plots to nothing. So a file's chart is sized by its plot ('pad'): the plot is
    `width` wide and axes, legend and title are laid around it.

    With notes, the chart becomes the one view of a vertical concatenation whose own title,
    at its bottom, is the footer (a spec has one title; the concatenation's bounds hold the
    legend, so the footer comes after it)."""
    out = dict(spec)
    if out.get("width") in (None, "container"):
        out["width"] = width
    out["autosize"] = {"type": "pad"}
    if title:
        out["title"] = {
            "text": wrap_lines(title, TITLE_CHARS),
            "subtitle": wrap_lines(subtitle, SUBTITLE_CHARS) if subtitle else "",
            "anchor": "start",
            "fontSize": 16,
            "subtitleFontSize": 12,
            "subtitleColor": "#444444",
            "offset": 12,
        }
    lines = [line for note in notes if note for line in wrap_lines(note, NOTE_CHARS)]
    if not lines:
        return out
    chart = {k: v for k, v in out.items() if k not in _TOP_LEVEL}
    return {
        **{k: v for k, v in out.items() if k in _TOP_LEVEL},
        "vconcat": [chart],
        "title": {
            "text": lines,
            "orient": "bottom",
            "anchor": "start",
            "fontSize": 11,
            "fontWeight": "normal",
            "color": "#444444",
            "offset": 18,
        },
    }


def file_texts(spec: Mapping[str, Any]) -> list[str]:
    """Every line of text a `standalone` spec puts around its chart: title, subtitle and
    footer, in reading order (for checks on what a file says)."""
    out: list[str] = []
    footer = spec.get("title")
    footed = isinstance(footer, Mapping) and footer.get("orient") == "bottom"
    parts = [spec["vconcat"][0], spec] if footed else [spec]
    for part in parts:
        title = part.get("title")
        if isinstance(title, Mapping):
            for key in ("text", "subtitle"):
                value = title.get(key) or []
                out += [value] if isinstance(value, str) else list(value)
        elif isinstance(title, str):
            out.append(title)
    return out


def chart_svg(spec: Mapping[str, Any], *, locale: dict[str, Any] | None = None) -> str:
    """A Vega-Lite spec as SVG, rendered in-process (offline)."""
    import vl_convert as vlc

    return str(vlc.vegalite_to_svg(dict(spec), vl_version=_vl_version(spec), format_locale=locale))


def chart_png(
    spec: Mapping[str, Any], *, scale: float = 2.0, locale: dict[str, Any] | None = None
) -> bytes:
    """A Vega-Lite spec as PNG (twice the screen resolution, for slides and print)."""
    import vl_convert as vlc

    return bytes(
        vlc.vegalite_to_png(
            dict(spec), vl_version=_vl_version(spec), scale=scale, format_locale=locale
        )
    )


# --- the commitments page -------------------------------------------------------------------


@dataclass(frozen=True)
class TeamBlock:
    """One country team on the commitments page. Every text is already in the page's language
    except the team's own words (`team`, `commitment`), which are printed as typed."""

    country: str
    team: str
    commitment: str
    """As the team typed it; empty: the page's `no_commitment` in its place."""
    status: str
    """Where the plan leaves Category 6 in words (or why it cannot be computed)."""
    figures: tuple[tuple[str, str], ...] = ()
    """(what, value) of the plan's figures, a missing value as the language says it."""
    sources: tuple[str, ...] = ()
    """Where the plan's starting point and money come from."""


@dataclass(frozen=True)
class CommitmentsPage:
    """The texts of a printable commitments page, all in one language (`lang`, the page's
    `lang` attribute): the board's title (the facilitator's words) and when, the totals first
    with their note, then one block per team, then what the figures mean."""

    lang: str
    heading: str
    title: str
    when: str
    hint: str
    """On screen only: how to print it."""
    totals_heading: str
    totals: tuple[tuple[str, str], ...]
    totals_note: str
    teams_heading: str
    teams_note: str
    teams: tuple[TeamBlock, ...]
    no_teams: str
    no_commitment: str
    sources_heading: str
    notes_heading: str
    notes: tuple[str, ...]
    footer: str


PRINT_CSS = """
@page { size: A4; margin: 14mm 15mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font: 9pt Arial, sans-serif; } }
* { box-sizing: border-box; }
html { background: #fff; color: #000; }
body { font-family: "Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial,
  sans-serif; font-size: 11pt; line-height: 1.35; max-width: 186mm; margin: 10mm auto;
  padding: 0 5mm; }
p { margin: 0 0 4pt; }
header { border-bottom: 2pt solid #000; padding-bottom: 5pt; margin-bottom: 8pt; }
.kicker { font-size: 11pt; font-weight: 700; letter-spacing: .04em; text-transform: uppercase; }
h1 { font-size: 22pt; line-height: 1.15; margin: 2pt 0 4pt; overflow-wrap: anywhere; }
h2 { font-size: 15pt; margin: 12pt 0 5pt; break-after: avoid; page-break-after: avoid; }
h3 { font-size: 13pt; margin: 0 0 2pt; overflow-wrap: anywhere; }
.hint { border: 1pt dashed #000; padding: 4pt 8pt; margin: 0 0 8pt; }
.grid { display: grid; grid-template-columns: repeat(5, 1fr); gap: 4pt; margin: 0 0 6pt;
  break-inside: avoid; page-break-inside: avoid; }
.grid div { border: 1pt solid #000; padding: 4pt 6pt; }
.grid b { display: block; font-size: 18pt; line-height: 1.15; white-space: nowrap; }
.grid span { display: block; font-size: 10pt; line-height: 1.2; margin-top: 2pt; }
.team .grid { grid-template-columns: repeat(4, 1fr); margin: 0 0 5pt; }
.team .grid div { border: none; border-top: 1pt solid #000; padding: 2pt 0 0; }
.team .grid b { font-size: 12.5pt; white-space: normal; }
.note { font-size: 10.5pt; }
.team { border: 1pt solid #000; padding: 7pt 9pt 6pt; margin: 0 0 7pt; break-inside: avoid;
  page-break-inside: avoid; }
.who { font-weight: 400; }
blockquote { font-size: 12.5pt; margin: 4pt 0 5pt; padding: 0 0 0 8pt;
  border-left: 3pt solid #000; overflow-wrap: anywhere; }
blockquote.none { font-style: italic; }
.status { font-weight: 700; margin: 0 0 5pt; }
.sources { font-size: 10pt; line-height: 1.3; }
.sources ul, .notes ul { margin: 1pt 0 0; padding-left: 12pt; }
.sources li { overflow-wrap: anywhere; }
.notes { font-size: 10.5pt; }
.notes li { margin: 0 0 3pt; break-inside: avoid; page-break-inside: avoid; }
footer { font-size: 10pt; border-top: 1pt solid #000; margin-top: 10pt; padding-top: 4pt; }
@media (max-width: 150mm) { .grid, .team .grid { grid-template-columns: repeat(2, 1fr); }
  body { padding: 0 3mm; } }
@media print { body { max-width: none; margin: 0; padding: 0; } .hint { display: none; } }
"""
"""The page's look: black on white, 10-13 pt text (22 pt title), a team's block never cut
across pages (`break-inside: avoid`), the totals kept together, a heading kept with what follows
it; page numbers at the foot; only local fonts (no request anywhere)."""


def commitments_html(page: CommitmentsPage) -> bytes:
    """The commitments page as one self-contained HTML file (UTF-8): no script, no link to
    anything, every text escaped, so a team's words can never add markup."""
    e = html.escape

    def items(lines: Sequence[str]) -> str:
        return "".join(f"<li>{e(line)}</li>" for line in lines)

    def grid(figures: Sequence[tuple[str, str]]) -> str:
        cells = "".join(
            f"<div><b>{e(value)}</b><span>{e(label)}</span></div>" for label, value in figures
        )
        return f"<div class='grid'>{cells}</div>" if cells else ""

    blocks = []
    for team in page.teams:
        said = (
            f"<blockquote>{e(team.commitment)}</blockquote>"
            if team.commitment
            else f"<blockquote class='none'>{e(page.no_commitment)}</blockquote>"
        )
        sources = (
            f"<div class='sources'><b>{e(page.sources_heading)}</b><ul>{items(team.sources)}"
            "</ul></div>"
            if team.sources
            else ""
        )
        blocks.append(
            f"<article class='team'><h3>{e(team.country)} · <span class='who'>{e(team.team)}"
            f"</span></h3>{said}<p class='status'>{e(team.status)}</p>"
            + grid(team.figures)
            + sources
            + "</article>"
        )
    teams = "".join(blocks) or f"<p>{e(page.no_teams)}</p>"
    return (
        "<!doctype html>\n"
        f"<html lang='{e(page.lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{e(page.heading)}: {e(page.title)}</title><style>{PRINT_CSS}</style></head>"
        "<body><header>"
        f"<p class='kicker'>{e(page.heading)}</p><h1>{e(page.title)}</h1>"
        f"<p>{e(page.when)}</p></header>"
        f"<p class='hint'>{e(page.hint)}</p>"
        f"<section><h2>{e(page.totals_heading)}</h2>{grid(page.totals)}"
        f"<p class='note'>{e(page.totals_note)}</p></section>"
        f"<section><h2>{e(page.teams_heading)}</h2><p class='note'>{e(page.teams_note)}</p>"
        f"{teams}</section>"
        f"<section class='notes'><h2>{e(page.notes_heading)}</h2><ul>{items(page.notes)}</ul>"
        f"</section><footer>{e(page.footer)}</footer></body></html>\n"
    ).encode()
