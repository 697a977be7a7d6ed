"""Grid builder for Word DOCX: body paragraphs and tables in document order.

python-docx opens the package; the body is then walked as XML because python-docx's table API
neither resolves horizontal (gridSpan) and vertical (vMerge) merges into one grid, nor keeps
paragraphs and tables in reading order, nor renders automatic list numbers ("一、", "3.") that
Word draws in front of headings and table items.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections import defaultdict
from typing import Any

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from lxml import etree

from . import limits
from .errors import UnreadableDocument
from .model import Cell, Extracted, Paragraph, Table
from .normalize import tidy
from .registry import Context

_P, _TBL, _TR, _TC, _SDT = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt")
_VAL = qn("w:val")
# Elements that only wrap rows, cells or paragraphs (content controls, custom XML, smart tags).
_WRAPPERS = {qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml"), qn("w:smartTag")}
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
       "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# Text of a paragraph; a text box's alternate content is read once (mc:Choice, not mc:Fallback).
_RUN_TEXT = etree.XPath(".//w:t[not(ancestor::mc:Fallback)] | .//w:tab[not(ancestor::mc:Fallback)]"
                        " | .//w:br[not(ancestor::mc:Fallback)] | .//w:cr[not(ancestor::mc:Fallback)]",
                        namespaces=_NS)
_T = qn("w:t")

_CN_NUMERALS = "〇一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN_NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_NUMERALS[tens]) + "十" + (_CN_NUMERALS[ones] if ones else "")


def _roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + sym, n - value
    return out


# w:numFmt values -> how a counter is written.
NUMBER_FORMATS: dict[str, Any] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: "".join(chr(ord(c) + 0xFEE0) for c in str(n)),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "ideographTraditional": lambda n: "甲乙丙丁戊己庚辛壬癸"[(n - 1) % 10],
    "japaneseCounting": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "none": lambda n: "",
    "bullet": lambda n: "",
}


class _Numbering:
    """Word's automatic list numbers, counted in document order."""

    def __init__(self, document: Any) -> None:
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # numId -> ilvl -> (fmt, text, start)
        self.style_num: dict[str, tuple[str, int]] = {}
        self.counters: dict[str, dict[int, int]] = defaultdict(dict)
        try:
            root = document.part.numbering_part.element
        except (NotImplementedError, KeyError, AttributeError):
            return
        abstract = {}
        for an in root.iterchildren(qn("w:abstractNum")):
            lvls = {}
            for lvl in an.iterchildren(qn("w:lvl")):
                fmt, text, start = lvl.find(qn("w:numFmt")), lvl.find(qn("w:lvlText")), lvl.find(qn("w:start"))
                lvls[int(lvl.get(qn("w:ilvl"), 0))] = (
                    fmt.get(_VAL) if fmt is not None else "decimal",
                    text.get(_VAL) if text is not None else "",
                    int(start.get(_VAL)) if start is not None else 1,
                )
            abstract[an.get(qn("w:abstractNumId"))] = lvls
        for num in root.iterchildren(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is not None and ref.get(_VAL) in abstract:
                self.levels[num.get(qn("w:numId"))] = abstract[ref.get(_VAL)]
        for style in document.styles.element.iterchildren(qn("w:style")):
            num_pr = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}")
            if num_pr is not None:
                num_id, ilvl = num_pr.find(qn("w:numId")), num_pr.find(qn("w:ilvl"))
                if num_id is not None:
                    self.style_num[style.get(qn("w:styleId"))] = (
                        num_id.get(_VAL), int(ilvl.get(_VAL)) if ilvl is not None else 0)

    def label(self, p: Any) -> str:
        """The number Word shows in front of paragraph `p`, advancing its list's counter."""
        if not self.levels:
            return ""
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            return ""
        num_pr, style = ppr.find(qn("w:numPr")), ppr.find(qn("w:pStyle"))
        if num_pr is not None and num_pr.find(qn("w:numId")) is not None:
            ilvl_el = num_pr.find(qn("w:ilvl"))
            num_id, ilvl = num_pr.find(qn("w:numId")).get(_VAL), int(ilvl_el.get(_VAL)) if ilvl_el is not None else 0
        elif style is not None and style.get(_VAL) in self.style_num:
            num_id, ilvl = self.style_num[style.get(_VAL)]
        else:
            return ""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters[num_id]
        counters[ilvl] = counters.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl][1]
        for k in range(ilvl + 1):
            fmt = levels.get(k, ("decimal", "", 1))[0]
            value = counters.get(k, levels.get(k, ("", "", 1))[2])
            text = text.replace(f"%{k + 1}", NUMBER_FORMATS.get(fmt, str)(value))
        return text


def extract(data: bytes, ctx: Context) -> Extracted:
    # python-docx inflates every part of the package into memory: check the directory first.
    limits.check_package(data, limits.PACKAGE, "DOCX")
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, KeyError, NotImplementedError, EOFError, PackageNotFoundError) as exc:
        # python-docx inflates every part at open: a damaged package fails here, and only here
        raise UnreadableDocument(f"corrupt DOCX package ({type(exc).__name__}: {exc})") from exc
    ex = Extracted()
    ex.title = (document.core_properties.title or "").strip() or None
    _Walker(ex, _Numbering(document)).walk(document.element.body)
    return ex


def _children(el: Any, tag: str) -> list[Any]:
    """Children with `tag`, looking through content controls and other wrappers."""
    out = []
    for child in el.iterchildren():
        if child.tag == tag:
            out.append(child)
        elif child.tag in _WRAPPERS:
            out.extend(_children(child, tag))
    return out


def _int_attr(el: Any, default: int) -> int:
    if el is None:
        return default
    try:
        return int(el.get(_VAL))
    except (TypeError, ValueError):
        return default


class _Walker:
    def __init__(self, ex: Extracted, numbering: _Numbering) -> None:
        self.ex = ex
        self.numbering = numbering
        self.tables = 0

    def walk(self, container: Any) -> None:
        for child in container.iterchildren():
            limits.check_time("DOCX body")
            if child.tag == _P:
                text = tidy(self.para_text(child))
                if text:
                    self.ex.blocks.append(Paragraph(text))
            elif child.tag == _TBL:
                if child.find(f".//{_TC}//{_TBL}") is not None:
                    # A frame table holding tables: its cells are containers, not data.
                    for tr in _children(child, _TR):
                        for tc in _children(tr, _TC):
                            self.walk(tc)
                    continue
                table = self.table(child)
                if table.rows:
                    self.ex.blocks.append(table)
            elif child.tag in _WRAPPERS:
                self.walk(child)

    def para_text(self, p: Any) -> str:
        parts = [self.numbering.label(p)]
        for node in _RUN_TEXT(p):
            parts.append(node.text or "" if node.tag == _T else " ")
        return "".join(parts)

    def cell_text(self, tc: Any) -> str:
        # Paragraphs of one cell are joined without separator: Chinese headers wrap inside cells.
        return tidy("".join(self.para_text(p) for p in tc.iter(_P)))

    def table(self, tbl: Any) -> Table:
        """Expand gridSpan and vMerge into a positional grid (a continued vMerge repeats its origin)."""
        self.tables += 1
        tid = (id(self), self.tables)
        rows: list[list[Cell]] = []
        for r, tr in enumerate(_children(tbl, _TR)):
            row: list[Cell] = []
            trpr = tr.find(qn("w:trPr"))
            before = _int_attr(trpr.find(qn("w:gridBefore")) if trpr is not None else None, 0)
            row.extend(Cell("", (hash(tid), r, -1 - k)) for k in range(min(before, limits.TABLE_COLS)))
            for i, tc in enumerate(_children(tr, _TC)):
                tcpr = tc.find(qn("w:tcPr"))
                span = _int_attr(tcpr.find(qn("w:gridSpan")) if tcpr is not None else None, 1)
                vmerge = tcpr.find(qn("w:vMerge")) if tcpr is not None else None
                col = len(row)
                if vmerge is not None and vmerge.get(_VAL) != "restart" and rows and col < len(rows[-1]):
                    cell = rows[-1][col]
                else:
                    cell = Cell(self.cell_text(tc), (hash(tid), r, i))
                row.extend([cell] * max(1, min(span, limits.TABLE_COLS - len(row))))
            rows.append(row[: limits.TABLE_COLS])
        width = max((len(r) for r in rows), default=0)
        for r, row in enumerate(rows):
            row.extend(Cell("", (hash(tid), r, -100 - k)) for k in range(width - len(row)))
        return Table(rows, positional=True, where="docx table")
