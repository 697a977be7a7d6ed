"""Grid builder for Word DOCX: body paragraphs and tables in document order.

python-docx opens the package; the body is then walked as XML because python-docx's table API
neither resolves horizontal (gridSpan) and vertical (vMerge) merges into one grid nor keeps
paragraphs and tables in reading order.
"""

from __future__ import annotations

import io
from typing import Any

import docx
from docx.oxml.ns import qn

from .model import Cell, Extracted, Paragraph, Table
from .normalize import tidy
from .registry import Context

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_T, _TAB, _BR, _CR = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
_VAL = qn("w:val")
_counter = 0


def extract(data: bytes, ctx: Context) -> Extracted:
    document = docx.Document(io.BytesIO(data))
    ex = Extracted()
    title = (document.core_properties.title or "").strip()
    ex.title = title or None
    _walk(document.element.body, ex)
    return ex


def _walk(container: Any, ex: Extracted) -> None:
    for child in container.iterchildren():
        if child.tag == _P:
            text = tidy(_para_text(child))
            if text:
                ex.blocks.append(Paragraph(text))
        elif child.tag == _TBL:
            table = _table(child)
            if table.rows:
                ex.blocks.append(table)
        elif child.tag == _SDT:
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                _walk(content, ex)


def _para_text(p: Any) -> str:
    parts = []
    for node in p.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            parts.append(node.text or "")
        else:
            parts.append(" ")
    return "".join(parts)


def _cell_text(tc: Any) -> str:
    # Paragraphs of one cell are joined without separator: Chinese headers wrap inside cells.
    return tidy("".join(_para_text(p) for p in tc.iter(_P)))


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return default


def _table(tbl: Any) -> Table:
    """Expand gridSpan and vMerge into a positional grid (a continued vMerge repeats its origin)."""
    global _counter
    _counter += 1
    rows: list[list[Cell]] = []
    for r, tr in enumerate(tbl.iterchildren(_TR)):
        row: list[Cell] = []
        trpr = tr.find(qn("w:trPr"))
        before = _int_attr(trpr.find(qn("w:gridBefore")) if trpr is not None else None, 0)
        row.extend(Cell("", (_counter, r, -1 - k)) for k in range(before))
        for i, tc in enumerate(tr.iterchildren(_TC)):
            tcpr = tc.find(qn("w:tcPr"))
            span = _int_attr(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1)
            vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
            col = len(row)
            if vmerge is not None and vmerge.get(_VAL) != "restart" and rows and col < len(rows[-1]):
                cell = rows[-1][col]
            else:
                cell = Cell(_cell_text(tc), (_counter, r, i))
            row.extend([cell] * max(1, span))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r, row in enumerate(rows):
        row.extend(Cell("", (_counter, r, -100 - k)) for k in range(width - len(row)))
    return Table(rows, positional=True, where="docx table")
