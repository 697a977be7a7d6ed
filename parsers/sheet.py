"""Spreadsheet reports (XLSX, XLS, ODS) as positional tables.

Each worksheet is cut into runs of rows separated by empty rows. A run whose rows each hold one text
(a title, a heading, a paragraph typed into column A) becomes Paragraphs; any other run is a Table,
with merged ranges expanded by `model.expand_spans` so the mapper sees the same grid a DOCX or HTML
copy of the form gives. Leading one-text rows of a table run (a title above the table) become
Paragraphs too, except the official table 二 captions ("第二十条第（一）项"), which belong to the table.

XLSX is read with openpyxl; XLS with xlrd (pure Python, reads merged ranges with formatting_info,
no LibreOffice start per file); ODS is converted to XLSX by LibreOffice, whose merges survive.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from . import limits
from .errors import UnreadableDocument
from .model import Extracted, Paragraph, SpanCell, Table, expand_spans
from .normalize import tidy
from .registry import Context

MAX_ROWS = limits.SHEET_ROWS  # a huge sheet is a data dump: its top is read, with a warning
MAX_COLS = limits.SHEET_COLS

# One-text rows starting so are captions inside a table, not headings above it.
TABLE_CAPTION_PREFIXES = ("第二十条",)


@dataclass(slots=True)
class Sheet:
    """A worksheet reduced to cell texts and merged ranges (0-based, end-exclusive)."""

    name: str
    cells: dict[tuple[int, int], str] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1
    truncated: bool = False
    hidden: bool = False


def cell_text(value: object) -> str:
    """Text of a cell value as a person reads it: 5.0 -> "5", 4166.241619 stays, None -> ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(sep=" ")
    if isinstance(value, date | time):
        return value.isoformat()
    return tidy(str(value))


def sheet_blocks(sheet: Sheet) -> list[Paragraph | Table]:
    """Cut one worksheet into Paragraph and Table blocks in reading order."""
    covered: dict[tuple[int, int], tuple[int, int, int, int]] = {}
    for m in sheet.merges:
        r0, c0, r1, c1 = m
        for r in range(r0, min(r1, r0 + 500)):
            for c in range(c0, min(c1, c0 + 200)):
                covered[(r, c)] = m
    # Positions showing text: the cell's own, or that of the merged range covering it.
    shown = set(sheet.cells) | {pos for pos, m in covered.items() if sheet.cells.get((m[0], m[1]))}
    height = max((r for r, _ in shown), default=-1) + 1
    blocks: list[Paragraph | Table] = []
    run: list[int] = []
    for r in range(height + 1):
        if r < height and any((r, c) in shown for c in range(MAX_COLS)):
            run.append(r)
        elif run:
            blocks.extend(_run_blocks(sheet, run, shown, covered))
            run = []
    return blocks


def _texts(sheet: Sheet, r: int, width: int) -> list[str]:
    return [t for c in range(width) if (t := sheet.cells.get((r, c), ""))]


def _width(shown: set[tuple[int, int]], rows: list[int]) -> int:
    return max((c for r, c in shown if rows[0] <= r <= rows[-1]), default=-1) + 1


def _run_blocks(
    sheet: Sheet,
    rows: list[int],
    shown: set[tuple[int, int]],
    covered: dict[tuple[int, int], tuple[int, int, int, int]],
) -> list[Paragraph | Table]:
    width = _width(shown, rows)

    def one_text(r: int) -> bool:
        return len(_texts(sheet, r, width)) == 1

    if all(len(_texts(sheet, r, width)) <= 1 for r in rows):
        return [Paragraph(t[0]) for r in rows if (t := _texts(sheet, r, width))]
    lead = 0
    while one_text(rows[lead]) and not _texts(sheet, rows[lead], width)[0].startswith(TABLE_CAPTION_PREFIXES):
        lead += 1
    out: list[Paragraph | Table] = [Paragraph(_texts(sheet, r, width)[0]) for r in rows[:lead]]
    out.append(_table(sheet, rows[lead:], _width(shown, rows[lead:]), covered))
    return out


def _table(
    sheet: Sheet, rows: list[int], width: int, covered: dict[tuple[int, int], tuple[int, int, int, int]]
) -> Table:
    first, last = rows[0], rows[-1] + 1
    span_rows: list[list[SpanCell]] = []
    for r in rows:
        row: list[SpanCell] = []
        for c in range(width):
            m = covered.get((r, c))
            if m is None:
                row.append(SpanCell(sheet.cells.get((r, c), "")))
            elif (m[0] == r or r == first) and m[1] == c:
                # A merge that starts above this run is clipped to it.
                r0 = max(m[0], first)
                colspan = min(m[3], width) - m[1]
                row.append(SpanCell(sheet.cells.get((m[0], m[1]), ""), min(m[2], last) - r0, colspan))
        span_rows.append(row)
    return expand_spans(span_rows, where=f"sheet {sheet.name}")


def extract_sheets(sheets: list[Sheet], warnings: list[str] | None = None) -> Extracted:
    """Blocks of every worksheet, in workbook order."""
    ex = Extracted(warnings=list(warnings or []))
    for sheet in sheets:
        if sheet.hidden:
            # Hidden sheets hold scratch work or last year's copy, not what the agency published.
            if sheet.cells:
                ex.warnings.append(f"sheet {sheet.name}: hidden, not read")
            continue
        if sheet.truncated:
            ex.warnings.append(f"sheet {sheet.name}: only the first {MAX_ROWS} rows and {MAX_COLS} columns read")
        ex.blocks.extend(sheet_blocks(sheet))
    return ex


def read_xlsx(data: bytes) -> list[Sheet]:
    """Worksheets of an XLSX workbook: cached formula results, never a formula read as blank.

    A formula whose result was never cached (files written by scripts, not by Excel) keeps its
    formula text, so the mapper sees text it cannot read instead of a blank it would take for 0.
    openpyxl runs in read-only mode, which streams a sheet's rows: a million-row sheet costs its
    first SHEET_ROWS rows, not the million. Read-only mode does not read merged ranges; they are
    taken from the sheet's XML by `_merges`.
    """
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    limits.check_package(data, limits.PACKAGE, "XLSX")
    _skip_size_scan()
    damaged = (InvalidFileException, KeyError, ValueError, OSError, EOFError, zlib.error, NotImplementedError,
               zipfile.BadZipFile, SyntaxError)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except damaged as exc:
        raise UnreadableDocument(f"corrupt XLSX workbook ({type(exc).__name__}: {exc})") from exc
    try:
        with limits.open_zip(data, limits.PACKAGE, "XLSX") as zf:
            return [_worksheet(ws, wf, zf) for ws, wf in zip(wb.worksheets, formulas.worksheets, strict=True)]
    except damaged as exc:  # sheets are inflated and parsed as they stream
        raise UnreadableDocument(f"corrupt XLSX worksheet ({type(exc).__name__}: {exc})") from exc
    finally:
        wb.close()
        formulas.close()


@functools.cache
def _skip_size_scan() -> None:
    """Stop openpyxl's read-only worksheets from reading a whole sheet when they open it.

    A read-only worksheet looks for <dimension> at open, and when the element is missing its search
    runs to the END of sheetData: 3 s per 20,000 rows, minutes for a million, before a single row
    is read. `_worksheet` passes explicit bounds to iter_rows and never asks a sheet its size, so
    the search is dropped (openpyxl's reader creates its worksheets through this module name).
    """
    from openpyxl.reader import excel
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class UnsizedWorksheet(ReadOnlyWorksheet):
        def _get_size(self) -> None:
            return None

    excel.ReadOnlyWorksheet = UnsizedWorksheet


def _worksheet(ws: Any, wf: Any, zf: zipfile.ZipFile) -> Sheet:
    """One read-only worksheet (values, and formulas where no value was cached) as a Sheet."""
    sheet = Sheet(ws.title, hidden=ws.sheet_state != "visible")
    # One row and column past the limits tells whether the sheet goes on.
    bounds = {"min_row": 1, "max_row": MAX_ROWS + 1, "min_col": 1, "max_col": MAX_COLS + 1, "values_only": True}
    for r, (values, texts) in enumerate(zip(ws.iter_rows(**bounds), wf.iter_rows(**bounds), strict=False)):
        if r % 200 == 0:
            limits.check_time(f"sheet {ws.title}")
        for c, (value, formula) in enumerate(zip(values, texts, strict=False)):
            text = cell_text(formula if value is None else value)
            if not text:
                continue
            if r >= MAX_ROWS or c >= MAX_COLS:
                sheet.truncated = True
            else:
                sheet.cells[(r, c)] = text
    path = getattr(ws, "_worksheet_path", None)  # openpyxl's name of the sheet's part
    if path:
        sheet.merges = _merges(zf, path, sheet)
    return sheet


_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*[\"']([A-Za-z]{1,3}\d{1,7})(?::([A-Za-z]{1,3}\d{1,7}))?")


def _merges(zf: zipfile.ZipFile, path: str, sheet: Sheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges of a sheet part starting within the rows read, from its <mergeCell ref="A1:B2"/>."""
    from openpyxl.utils.cell import coordinate_to_tuple

    try:
        info = zf.getinfo(path.lstrip("/"))
    except KeyError:
        return []
    xml = limits.read_part(zf, info, limits.PACKAGE, "XLSX")
    out = []
    for m in _MERGE.finditer(xml):
        (r0, c0) = coordinate_to_tuple(m.group(1).decode())
        (r1, c1) = coordinate_to_tuple((m.group(2) or m.group(1)).decode())
        if r0 > MAX_ROWS or c0 > MAX_COLS:
            sheet.truncated = True
            continue
        out.append((r0 - 1, c0 - 1, r1, c1))
        if len(out) >= limits.SHEET_MERGES:
            break
    return out


def read_xls(data: bytes) -> list[Sheet]:
    """Worksheets of a binary Excel 97–2003 workbook."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except (xlrd.XLRDError, AssertionError, ValueError, IndexError, KeyError, EOFError) as exc:
        raise UnreadableDocument(f"corrupt XLS workbook: {exc}") from exc
    sheets = []
    for idx in range(book.nsheets):
        sh = book.sheet_by_index(idx)
        sheet = Sheet(sh.name, truncated=sh.nrows > MAX_ROWS or sh.ncols > MAX_COLS, hidden=sh.visibility != 0)
        for r in range(min(sh.nrows, MAX_ROWS)):
            for c in range(min(sh.ncols, MAX_COLS)):
                cell = sh.cell(r, c)
                value = cell.value
                if cell.ctype == xlrd.XL_CELL_DATE:
                    value = xlrd.xldate.xldate_as_datetime(value, book.datemode)
                elif cell.ctype in (xlrd.XL_CELL_ERROR, xlrd.XL_CELL_BOOLEAN):
                    value = None if cell.ctype == xlrd.XL_CELL_ERROR else bool(value)
                text = cell_text(value)
                if text:
                    sheet.cells[(r, c)] = text
        # xlrd orders a range (rlo, rhi, clo, chi).
        sheet.merges = [(rlo, clo, rhi, chi) for rlo, rhi, clo, chi in sh.merged_cells]
        sheets.append(sheet)
        book.unload_sheet(idx)
    return sheets


def extract_xlsx(data: bytes, ctx: Context) -> Extracted:
    """Builder for XLSX workbooks."""
    return extract_sheets(read_xlsx(data))


def extract_xls(data: bytes, ctx: Context) -> Extracted:
    """Builder for XLS workbooks (dispatched from the OLE builder)."""
    ex = extract_sheets(read_xls(data))
    ex.meta.setdefault("media_type", "application/vnd.ms-excel")
    return ex


def extract_ods(data: bytes, ctx: Context) -> Extracted:
    """Builder for OpenDocument spreadsheets: converted to XLSX by LibreOffice, then read as XLSX."""
    from .office import convert

    limits.check_package(data, limits.PACKAGE, "ODS")  # LibreOffice inflates it: check first
    conv = convert(data, "xlsx", suffix=".ods")
    ex = extract_sheets(read_xlsx(conv.data))
    ex.meta["converted_from"] = "ODS"
    ex.meta["conversion_seconds"] = f"{conv.seconds:.2f}"
    return ex
