"""Third QA round: binary formats as portals publish them (PDF, DOC, WPS, XLSX, XLS, ZIP).

Every document is the official 2021 template filled with make_filled_template.BALANCED, then dressed the
way agencies publish it: a two-line title in a big font, a signature and date, page numbers "— N —",
table 四 on its own page, exported to PDF/DOC by LibreOffice; or the three tables as a 统计表 workbook.
The expected values are the numbers we wrote (make_filled_template.expected), not parser output.

LibreOffice is started once per target format for all documents of that format, and its outputs are
cached for the test session (`_converted`).

    python tests/documents/src/qa3_build.py   # writes the qa3-*.expected.json files
"""

from __future__ import annotations

import functools
import io
import json
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOCUMENTS = HERE.parent
sys.path.insert(0, str(DOCUMENTS))
import make_filled_template as template  # noqa: E402

AGENCY = "青山县自然资源局"
YEAR = 2023
SIGNED = "2024年1月18日"


def _footer_page_number(section: Any) -> None:
    """A centred footer '— N —' with a PAGE field, as most exported reports print."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    para = section.footer.paragraphs[0]
    para.alignment = 1
    para.add_run("— ")
    para._p.append(parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr="PAGE"><w:r><w:t>1</w:t></w:r></w:fldSimple>'))
    para.add_run(" —")


def _page_break_before(para: Any) -> None:
    para.paragraph_format.page_break_before = True


PREAMBLE = ("根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室关于印发"
            "〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求，结合本局工作实际，"
            "编制本报告。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、"
            "存在的主要问题及改进情况、其他需要报告的事项。本报告电子版可在青山县人民政府门户网站下载。如对本报告有疑问，"
            "请与青山县自然资源局办公室联系（地址：青山县人民路8号，邮编：000000，电话：0000-00000000）。")


def report_docx(*, two_line_title: bool = True, table4_new_page: bool = True, landscape4: bool = False,
                preamble: int = 0) -> bytes:
    """The filled template dressed as a published report (DOCX bytes)."""
    import docx
    from docx.enum.section import WD_ORIENT, WD_SECTION
    from docx.shared import Pt

    doc = docx.Document(io.BytesIO(template.fill(template.BALANCED, agency=AGENCY, year=YEAR)))
    title = next(p for p in doc.paragraphs if p.text == template.title(AGENCY, YEAR))
    if two_line_title:
        for run in list(title.runs):
            run._r.getparent().remove(run._r)
        title.add_run(f"{YEAR}年政府信息公开工作年度报告").font.size = Pt(22)
        first = title.insert_paragraph_before("")
        first.add_run(AGENCY).font.size = Pt(22)
        first.alignment = title.alignment = 1
    heading1 = next(p for p in doc.paragraphs if p.text.strip().startswith("一、"))
    for _ in range(preamble):
        heading1.insert_paragraph_before(PREAMBLE)
    for section in doc.sections:
        _footer_page_number(section)
    heading4 = next(p for p in doc.paragraphs if p.text.strip().startswith("四、"))
    if landscape4:
        prev = heading4._p.getprevious()
        while prev is not None and prev.tag.endswith("}tbl"):
            prev = prev.getprevious()
        new = doc.add_section(WD_SECTION.NEW_PAGE)
        new.orientation = WD_ORIENT.LANDSCAPE
        new.page_width, new.page_height = new.page_height, new.page_width
        _footer_page_number(new)
        # Move the section break (kept in the last paragraph's sectPr) just before heading 四.
        body = doc.element.body
        sect_p = body.makeelement(heading4._p.tag, {})
        ppr = sect_p.makeelement("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}pPr", {})
        sect_p.append(ppr)
        import copy

        ppr.append(copy.deepcopy(doc.sections[0]._sectPr))
        heading4._p.addprevious(sect_p)
    elif table4_new_page:
        _page_break_before(heading4)
    doc.add_paragraph(AGENCY).alignment = 2
    doc.add_paragraph(SIGNED).alignment = 2
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _sheet_rows(table: Any) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    return template._grid(table)


def workbook(*, sheets: bool = True, text_numbers: bool = True, hidden_column: bool = False) -> bytes:
    """The 统计表 attachment: 表二/表三/表四 on three sheets (or all on one), numbers typed as text.

    hidden_column: 表三 keeps a hidden helper column right of 总计 (last year's totals), which the sheet
    does not show or print."""
    import docx
    import openpyxl

    doc = docx.Document(io.BytesIO(template.fill(template.BALANCED, agency=AGENCY, year=YEAR)))
    wb = openpyxl.Workbook()
    names = ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]
    captions = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    ws = wb.active
    ws.title = names[0] if sheets else "统计表"
    row = 1
    if not sheets:
        ws.cell(1, 1, f"{AGENCY}{YEAR}年政府信息公开工作年度报告统计表")
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=10)
        row = 3
    for i, table in enumerate(doc.tables[:3]):
        if sheets and i:
            ws = wb.create_sheet(names[i])
            row = 1
        if sheets:
            ws.cell(row, 1, f"{AGENCY}{YEAR}年政府信息公开工作年度报告")
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=10)
            row += 1
        ws.cell(row, 1, captions[i])
        row += 1
        texts, merges = _sheet_rows(table)
        for r, cells in enumerate(texts):
            for c, text in enumerate(cells):
                if any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, c0, r1, c1 in merges):
                    continue
                if not text:
                    continue
                value: str | int | float = text
                if not text_numbers:
                    try:
                        value = float(text) if "." in text else int(text)
                    except ValueError:
                        pass
                ws.cell(row + r, c + 1, value)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
        if hidden_column and i == 1:
            helper = len(texts[0]) + 1
            ws.cell(row + 1, helper, "上年总计")
            for r in range(3, len(texts)):
                ws.cell(row + r, helper, 7 + r)
            ws.column_dimensions[openpyxl.utils.get_column_letter(helper)].hidden = True
        row += len(texts) + 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


Grid = tuple[list[list[str]], list[tuple[int, int, int, int]]]
GOUJI = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def _grids() -> list[Grid]:
    """The filled template's three tables as texts + merged ranges."""
    import docx

    doc = docx.Document(io.BytesIO(template.fill(template.BALANCED, agency=AGENCY, year=YEAR)))
    return [template._grid(t) for t in doc.tables[:3]]


def _with_subtotal(grid: Grid) -> Grid:
    """Table 三 with a 法人或其他组织 小计 column before 总计 (columns 4..8 summed), as many counties print it."""
    texts, merges = grid
    out = []
    for r, row in enumerate(texts):
        if r < 2:
            extra = row[8]  # under 申请人情况 / 法人或其他组织
        elif r == 2:
            extra = "小计"
        else:
            extra = str(sum(int(v) for v in row[4:9] if v.isdigit()))
        out.append(row[:9] + [extra] + row[9:])
    # Columns from 总计 on move right; a header merge reaching 其他 (column 8) now reaches 小计 too.
    moved = [(r0, c0 + (c0 >= 9), r1, c1 + (c1 >= 9 or (c0 >= 3 and c1 == 8))) for r0, c0, r1, c1 in merges]
    return out, moved


def _table_docx(grids: list[Grid]) -> bytes:
    """A report typed from scratch: title, headings and the three tables rebuilt cell by cell (vMerge/gridSpan)."""
    import docx
    from docx.shared import Pt

    doc = docx.Document()
    for line in (AGENCY, f"{YEAR}年政府信息公开工作年度报告"):
        p = doc.add_paragraph()
        p.alignment = 1
        p.add_run(line).font.size = Pt(20)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph(f"本报告中所列数据的统计期限为{YEAR}年1月1日至12月31日。")
    headings = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    for heading, (texts, merges) in zip(headings, grids, strict=True):
        doc.add_paragraph(heading)
        table = doc.add_table(rows=len(texts), cols=len(texts[0]))
        table.style = "Table Grid"
        covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}
        for r, row in enumerate(texts):
            for c, text in enumerate(row):
                if (r, c) not in covered:
                    table.cell(r, c).text = text
        for r0, c0, r1, c1 in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1)).text = texts[r0][c0]
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("一是公开内容还不够全面；二是解读形式较为单一。")
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    doc.add_paragraph(AGENCY)
    doc.add_paragraph(SIGNED)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _subtotal_docx() -> bytes:
    t2, t3, t4 = _grids()
    return _table_docx([t2, _with_subtotal(t3), t4])


def formula_workbook() -> bytes:
    """表三 with =SUM formulas in 小计 and 总计 and the 勾稽 note as a merged row below; LibreOffice caches the values."""
    import openpyxl

    texts, merges = _with_subtotal(_grids()[1])
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "表三"
    ws.cell(1, 1, f"{AGENCY}{YEAR}年政府信息公开工作年度报告")
    ws.merge_cells("A1:K1")
    ws.cell(2, 1, "三、收到和处理政府信息公开申请情况")
    top = 3
    covered = {(r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
               if (r, c) != (r0, c0)}
    for r, row in enumerate(texts):
        x = top + r
        for c, text in enumerate(row):
            if (r, c) in covered or not text:
                continue
            value: str | int = int(text) if text.isdigit() else text
            if r >= 3 and c == 9:
                value = f"=SUM(E{x}:I{x})"
            elif r >= 3 and c == 10:
                value = f"=D{x}+J{x}"
            ws.cell(x, c + 1, value)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=top + r0, start_column=c0 + 1, end_row=top + r1, end_column=c1 + 1)
    note = top + len(texts)
    ws.cell(note, 1, "注：" + GOUJI.strip("（）"))
    ws.merge_cells(start_row=note, start_column=1, end_row=note, end_column=11)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# name -> (source bytes builder, source extension, target format)
CONVERSIONS: dict[str, tuple[Callable[[], bytes], str, str]] = {
    "qa3-pdf-2021-report": (report_docx, "docx", "pdf"),
    "qa3-pdf-2021-break-in-withheld": (lambda: report_docx(preamble=2), "docx", "pdf"),
    "qa3-pdf-2021-landscape4": (lambda: report_docx(landscape4=True), "docx", "pdf"),
    "qa3-doc-2021-report": (report_docx, "docx", "doc"),
    "qa3-xls-three-sheets": (workbook, "xlsx", "xls"),
    "qa3-pdf-2021-subtotal-col": (_subtotal_docx, "docx", "pdf"),
    "qa3-doc-2021-subtotal-col": (_subtotal_docx, "docx", "doc"),
    "qa3-xlsx-formulas-subtotal": (formula_workbook, "xlsx", "xlsx"),
}


@functools.cache
def _converted(target: str) -> dict[str, bytes]:
    """Every document converting to `target`, from one LibreOffice run; cached for the session."""
    jobs = {name: (build, ext) for name, (build, ext, fmt) in CONVERSIONS.items() if fmt == target}
    with tempfile.TemporaryDirectory(prefix="qa3-") as tmp:
        out = Path(tmp)
        paths = []
        for name, (build, ext) in jobs.items():
            path = out / "in" / f"{name}.{ext}"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(build())
            paths.append(str(path))
        subprocess.run(
            ["soffice", f"-env:UserInstallation=file://{out}/lo-profile", "--headless",
             "--convert-to", target, "--outdir", str(out), *paths],
            check=True, capture_output=True, timeout=240,
        )
        return {name: (out / f"{name}.{target}").read_bytes() for name in jobs}


def _conversion(name: str) -> Callable[[], bytes]:
    return lambda: _converted(CONVERSIONS[name][2])[name]


def _jiedu_docx() -> bytes:
    """A 解读 (explainer) of the report: mentions the report by name and quotes a few of its numbers."""
    import docx

    doc = docx.Document()
    doc.add_paragraph(f"一图读懂《{template.title(AGENCY, YEAR)}》")
    doc.add_paragraph(f"{YEAR}年，{AGENCY}新收政府信息公开申请48件，上年结转5件，全部按时办结。")
    doc.add_paragraph("行政复议4件，行政诉讼2件，均未被纠错。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


CONVERSIONS["qa3-jiedu"] = (_jiedu_docx, "docx", "pdf")  # a ZIP member, not a case


def _zip_jiedu_first() -> bytes:
    """A ZIP whose first member is the report's 解读 (PDF) and second the report itself (DOCX)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("1.政策解读.pdf", _converted("pdf")["qa3-jiedu"])
        z.writestr("2.年度报告.docx", report_docx())
    return buf.getvalue()


def _zip_pdf_docx() -> bytes:
    """An attachment ZIP holding the report as PDF and as DOCX (same numbers)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("青山县自然资源局2023年政府信息公开工作年度报告.pdf", _converted("pdf")["qa3-pdf-2021-report"])
        z.writestr("青山县自然资源局2023年政府信息公开工作年度报告.docx", report_docx())
    return buf.getvalue()


def generated() -> dict[str, Callable[[], bytes]]:
    """The round's documents; call after add_copies."""
    return {name: _conversion(name) for name in CONVERSIONS if name != "qa3-jiedu"} | {
        "qa3-zip-jiedu-first": _zip_jiedu_first,
        "qa3-wps-2021-report": _conversion("qa3-doc-2021-report"),
        "qa3-xlsx-three-sheets-text": workbook,
        "qa3-xlsx-one-sheet-text": lambda: workbook(sheets=False),
        "qa3-xlsx-hidden-column": lambda: workbook(text_numbers=False, hidden_column=True),
        "qa3-zip-pdf-and-docx": _zip_pdf_docx,
    }

EXTENSIONS: dict[str, str] = {
    "qa3-pdf-2021-report": "pdf", "qa3-pdf-2021-landscape4": "pdf", "qa3-doc-2021-report": "doc",
    "qa3-wps-2021-report": "wps", "qa3-xls-three-sheets": "xls", "qa3-xlsx-three-sheets-text": "xlsx",
    "qa3-xlsx-one-sheet-text": "xlsx", "qa3-xlsx-hidden-column": "xlsx", "qa3-zip-jiedu-first": "zip",
    "qa3-zip-pdf-and-docx": "zip", "qa3-pdf-2021-break-in-withheld": "pdf",
    "qa3-pdf-2021-subtotal-col": "pdf", "qa3-doc-2021-subtotal-col": "doc", "qa3-xlsx-formulas-subtotal": "xlsx",
}

NOTES = {
    "qa3-zip-jiedu-first": "ZIP attachment: '1.政策解读.pdf' (an explainer quoting a few numbers) before '2.年度报告.docx' (the report): the report's record wins.",
    "qa3-xlsx-hidden-column": "Three-sheet 统计表, numbers as numbers; 表三 keeps a hidden helper column '上年总计' right of 总计 (not shown, not printed).",
    "qa3-pdf-2021-subtotal-col": "Report typed from scratch (tables rebuilt cell by cell), table 三 with a 法人或其他组织 小计 column; LibreOffice PDF.",
    "qa3-doc-2021-subtotal-col": "The same from-scratch report with the 小计 column saved as Word 97 DOC.",
    "qa3-xlsx-formulas-subtotal": "表三 only: 小计/总计 as =SUM formulas (values cached by LibreOffice), 勾稽 note as a merged row below.",
    "qa3-pdf-2021-break-in-withheld": "As qa3-pdf-2021-report with a two-paragraph preamble, so table 三 breaks across pages inside （三）不予公开.",
    "qa3-pdf-2021-report": "Template filled, title on two lines (22pt), page numbers '— N —', table 四 after a page break, signature + date; LibreOffice PDF.",
    "qa3-pdf-2021-landscape4": "As qa3-pdf-2021-report, table 四 in a landscape section of its own.",
    "qa3-doc-2021-report": "qa3-pdf-2021-report's DOCX saved as Word 97 DOC by LibreOffice.",
    "qa3-wps-2021-report": "The same DOC bytes published as .wps (WPS-era attachment name).",
    "qa3-xls-three-sheets": "统计表 attachment: 表二/表三/表四 on three sheets, merged cells, numbers typed as text; XLS via LibreOffice.",
    "qa3-xlsx-three-sheets-text": "统计表 attachment: 表二/表三/表四 on three sheets, merged cells, numbers typed as text ('12').",
    "qa3-xlsx-one-sheet-text": "统计表 attachment: the three tables on one sheet under a merged title, numbers typed as text.",
    "qa3-zip-pdf-and-docx": "ZIP attachment holding the same report as PDF and DOCX: both give the same values.",
}


# Earlier golden DOCX cases converted by LibreOffice: name -> (source case, target format, note). Their
# expected file is the source case's, since the document prints the same.
COPIES: dict[str, tuple[str, str, str]] = {
    "qa3-pdf-2019-scratch": ("docx-scratch-2019", "pdf",
                             "docx-scratch-2019 (2019 format, built with python-docx) exported to PDF by LibreOffice."),
    "qa3-doc-2019-scratch": ("docx-scratch-2019", "doc",
                             "docx-scratch-2019 (2019 format, vMerge'd label column) saved as Word 97 DOC by LibreOffice."),
    "qa3-doc-auto-numbering": ("qa-docx-auto-numbering", "doc",
                               "qa-docx-auto-numbering (headings 一、… and items 1. by Word numbering) saved as DOC."),
    "qa3-pdf-auto-numbering": ("qa-docx-auto-numbering", "pdf",
                               "qa-docx-auto-numbering (headings 一、… and items 1. by Word numbering) exported to PDF."),
    "qa3-doc-vmerge-no-restart": ("qa-docx-vmerge-no-restart", "doc",
                                  "qa-docx-vmerge-no-restart (vMerge continuations without a restart) saved as DOC."),
    "qa3-pdf-textbox-title": ("qa-docx-textbox-title", "pdf", "qa-docx-textbox-title (title in a text box) exported to PDF."),
    "qa3-pdf-grid-before-after": ("qa-docx-grid-before-after", "pdf",
                                  "qa-docx-grid-before-after (rows with gridBefore/gridAfter) exported to PDF."),
    "qa3-doc-grid-before-after": ("qa-docx-grid-before-after", "doc",
                                  "qa-docx-grid-before-after (rows with gridBefore/gridAfter) saved as DOC."),
    "qa3-doc-sdt-cells": ("qa-docx-sdt-cells", "doc", "qa-docx-sdt-cells (values in content controls) saved as DOC."),
    "qa3-pdf-r4-fail": ("docx-template-r4-fail", "pdf", "docx-template-r4-fail (R4 fails as printed) exported to PDF."),
}


def add_copies(builders: dict[str, Callable[[], bytes]]) -> None:
    """Register COPIES for conversion, given the earlier cases' builders (generate.GENERATED)."""
    for name, (source, target, _) in COPIES.items():
        CONVERSIONS[name] = (builders[source], "docx", target)
        EXTENSIONS[name] = target


def main() -> None:
    for name, (source, _, note) in COPIES.items():
        exp = json.loads((DOCUMENTS / f"{source}.expected.json").read_text(encoding="utf-8"))
        exp["note"] = note
        (DOCUMENTS / f"{name}.expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for name, note in NOTES.items():
        exp = template.expected(template.BALANCED, agency=AGENCY, year=YEAR, note=note)
        if name == "qa3-xlsx-formulas-subtotal":
            exp["values"] = {k: v for k, v in exp["values"].items() if k.startswith("requests.")}
            exp.pop("checks_failing")
        if name == "qa3-xlsx-one-sheet-text":
            exp.pop("title")  # it prints "…年度报告统计表"; what the title should be is not the point here
        (DOCUMENTS / f"{name}.expected.json").write_text(
            json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
