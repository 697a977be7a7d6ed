"""Variants of the filled official form as real PDFs: Word layouts that real portals publish.

Each builder takes the filled template (DOCX bytes, tests/documents/make_filled_template.py) and
changes only its layout — borders, repeated header rows, running headers and footers, character
spacing — so that the expected record stays the template's. `convert` turns them all into PDFs
with one LibreOffice start.
"""

from __future__ import annotations

import io
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _borders(doc: Any, drawn: tuple[str, ...]) -> None:
    """Every table cell gets exactly the borders in `drawn` (the others are none)."""
    for table in doc.tables:
        for tc in table._tbl.iter(qn("w:tc")):
            pr = tc.get_or_add_tcPr()
            for old in pr.findall(qn("w:tcBorders")):
                pr.remove(old)
            borders = OxmlElement("w:tcBorders")
            for side in ("top", "left", "bottom", "right"):
                el = OxmlElement(f"w:{side}")
                el.set(qn("w:val"), "single" if side in drawn else "nil")
                if side in drawn:
                    el.set(qn("w:sz"), "4")
                    el.set(qn("w:color"), "000000")
                borders.append(el)
            pr.append(borders)
        tbl_pr = table._tbl.tblPr
        for old in tbl_pr.findall(qn("w:tblBorders")):
            tbl_pr.remove(old)


def _save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def borderless(data: bytes) -> bytes:
    """Word's "no borders": not one stroke in any table."""
    doc = docx.Document(io.BytesIO(data))
    _borders(doc, ())
    return _save(doc)


def rows_ruled(data: bytes) -> bytes:
    """Only horizontal rules between rows (a common "three-line" or WPS style)."""
    doc = docx.Document(io.BytesIO(data))
    _borders(doc, ("top", "bottom"))
    return _save(doc)


def shaded(data: bytes) -> bytes:
    """No borders, cells told apart by fill only: header rows grey, data rows banded."""
    doc = docx.Document(io.BytesIO(data))
    _borders(doc, ())
    for table in doc.tables:
        for r, row in enumerate(table.rows):
            for tc in row._tr.iter(qn("w:tc")):
                shd = OxmlElement("w:shd")
                shd.set(qn("w:val"), "clear")
                shd.set(qn("w:fill"), "D9D9D9" if r < 3 else ("EEF3FA" if r % 2 else "FFFFFF"))
                tc.get_or_add_tcPr().append(shd)
    return _save(doc)


def repeated_header(data: bytes, *, ruled: bool = True) -> bytes:
    """Table 三 starts low on a page and breaks; its three header rows repeat on the next page."""
    doc = docx.Document(io.BytesIO(data))
    if not ruled:
        _borders(doc, ())
    requests = doc.tables[1]
    for row in requests.rows[:3]:
        tr_pr = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        tr_pr.append(header)
    anchor = requests._tbl
    for i in range(14):
        p = OxmlElement("w:p")
        r = OxmlElement("w:r")
        t = OxmlElement("w:t")
        t.text = f"依申请公开工作稳步推进，答复规范及时，第{i + 1}项工作情况说明如下，各项工作均按期完成。" * 2
        r.append(t)
        p.append(r)
        anchor.addprevious(p)
    return _save(doc)


def running_header(data: bytes) -> bytes:
    """A web page printed to PDF: date/time and page title above, URL and "n/m" below, every page."""
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    section.header_distance = Pt(14)
    section.footer_distance = Pt(14)
    head = section.header.paragraphs[0]
    head.text = "2025/3/18 09:41\t\t某某市人民政府门户网站-政府信息公开年报"
    foot = section.footer.paragraphs[0]
    foot.text = "https://www.example.gov.cn/art/2025/1/20/art_1234_567.html\t\t1/5"
    for p in (head, foot):
        for run in p.runs:
            run.font.size = Pt(8)
    return _save(doc)


def spaced(data: bytes) -> bytes:
    """Justified Chinese: every table character drawn apart (expanded spacing), full-width
    digits in table 二 and a thousands separator."""
    doc = docx.Document(io.BytesIO(data))
    for table in doc.tables:
        for r in table._tbl.iter(qn("w:r")):
            pr = r.get_or_add_rPr()
            spacing = OxmlElement("w:spacing")
            spacing.set(qn("w:val"), "60")  # 3 pt between characters
            pr.append(spacing)
    active = doc.tables[0]
    for row in active.rows:
        for cell in row.cells:
            for t in cell._tc.iter(qn("w:t")):
                if t.text == "1234":
                    t.text = "1,234"
                elif t.text and t.text.isdigit():
                    t.text = t.text.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    return _save(doc)


def convert(docs: dict[str, bytes], out: Path) -> dict[str, Path]:
    """Write the DOCX files and convert them to PDF in one LibreOffice run: name -> PDF path."""
    paths = []
    for name, data in docs.items():
        (out / f"{name}.docx").write_bytes(data)
        paths.append(str(out / f"{name}.docx"))
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{out}/lo-profile", "--headless",
         "--convert-to", "pdf", "--outdir", str(out), *paths],
        check=True, capture_output=True, timeout=240,
    )
    return {name: out / f"{name}.pdf" for name in docs}


VARIANTS: dict[str, Callable[[bytes], bytes]] = {
    "borderless": borderless,
    "rows_ruled": rows_ruled,
    "shaded": shaded,
    "repeated_header": repeated_header,
    "running_header": running_header,
    "spaced": spaced,
}


def report_html(data: bytes, *, ruled: bool) -> str:
    """The filled form as a portal's article page: title, sections, the three tables with merges."""
    from html import escape

    from tests.parsers.office_fixtures import template

    doc = docx.Document(io.BytesIO(data))
    body = []
    tables = iter(doc.tables[:3])
    for p in doc.paragraphs:
        text = p.text.strip()
        if not text:
            continue
        body.append(f"<p>{escape(text)}</p>")
        if text.startswith(("二、", "三、", "四、")):
            texts, merges = template._grid(next(tables))
            rows = []
            for r, cells in enumerate(texts):
                tds = []
                for c, text_ in enumerate(cells):
                    span = next((m for m in merges if m[0] <= r <= m[2] and m[1] <= c <= m[3]), None)
                    if span and (r, c) != (span[0], span[1]):
                        continue
                    rs, cs = (span[2] - span[0] + 1, span[3] - span[1] + 1) if span else (1, 1)
                    tds.append(f'<td rowspan="{rs}" colspan="{cs}">{escape(text_)}</td>')
                rows.append(f"<tr>{''.join(tds)}</tr>")
            style = "border-collapse:collapse" if not ruled else ""
            body.append(f'<table border="{int(ruled)}" style="{style}">{"".join(rows)}</table>')
    title = doc.paragraphs[0].text if doc.paragraphs else ""
    return (f'<html><head><meta charset="utf-8"><title>{escape(title)}_某某区人民政府门户网站</title>'
            '<style>body{font-family:"Noto Sans CJK SC",sans-serif;font-size:14px}</style></head>'
            f"<body>{''.join(body)}</body></html>")


def print_page(html: str, out: Path, name: str) -> Path:
    """Chromium's "print to PDF" of a page: its header (date, title) and footer (URL, "n/m") included."""
    (out / f"{name}.html").write_text(html, encoding="utf-8")
    pdf = out / f"{name}.pdf"
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={out}/chromium-{name}",
         f"--print-to-pdf={pdf}", (out / f"{name}.html").as_uri()],
        check=True, capture_output=True, timeout=120,
    )
    return pdf
