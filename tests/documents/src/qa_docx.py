"""DOCX variants for the qa-* golden documents, built with python-docx at test time (nothing binary is
committed). One 2021-format report with the balanced numbers of qa_data.py, then the XML shapes
real Word/WPS files have: a table nested in a frame table's cell, content controls (w:sdt) around
rows and cells, a title in a text box (mc:AlternateContent with a VML fallback), a vertical merge
whose first cell lacks w:val="restart", rows shifted by w:gridBefore / w:gridAfter.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from typing import Any

import qa_data as D

TITLE = "青山县市场监督管理局2023年政府信息公开工作年度报告"
INTRO = "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _t2(doc: Any) -> Any:
    t = doc.add_table(rows=0, cols=4)
    t.style = "Table Grid"
    vals = dict(D.ACTIVE_2021)
    for caption, heads, rows in (
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["rules", "normative_docs"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["penalty", "coercion"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"]),
    ):
        r = t.add_row()
        r.cells[0].merge(r.cells[3]).text = caption
        r = t.add_row()
        r.cells[0].text = "信息内容"
        if len(heads) == 3:
            for i, h in enumerate(heads):
                r.cells[1 + i].text = h
        else:
            r.cells[1].merge(r.cells[3]).text = heads[0]
        for row in rows:
            r = t.add_row()
            r.cells[0].text = {"rules": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可",
                               "penalty": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}[row]
            v = vals[row]
            if len(v) == 3:
                for i, x in enumerate(v):
                    r.cells[1 + i].text = x
            else:
                r.cells[1].merge(r.cells[3]).text = v[0]
    return t


def _t3(doc: Any) -> Any:
    rows = D.ROWS_2021
    t = doc.add_table(rows=3 + len(rows), cols=10)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for i, text in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        t.cell(2, 4 + i).text = text
    first = {r: 3 + i for i, r in enumerate(rows)}
    outcome = rows[rows.index("granted"):rows.index("carried_out")]
    t.cell(first[outcome[0]], 0).merge(t.cell(first[outcome[-1]], 0)).text = "三、本年度办理结果"
    for g, label in D.GROUPS.items():
        members = [r for r in rows if D.group_of(r) == g]
        t.cell(first[members[0]], 1).merge(t.cell(first[members[-1]], 1)).text = label
        for r in members:
            t.cell(first[r], 2).text = D.LABELS[r]
    for r in ("new_received", "carried_in", "carried_out"):
        t.cell(first[r], 0).merge(t.cell(first[r], 2)).text = D.LABELS[r]
    for r in ("granted", "partial", "total"):
        t.cell(first[r], 1).merge(t.cell(first[r], 2)).text = D.LABELS[r]
    for r in rows:
        for j, text in enumerate(D.REQUESTS[r]):
            t.cell(first[r], 3 + j).text = text
    return t


def _t4(doc: Any) -> Any:
    t = doc.add_table(rows=4, cols=15)
    t.style = "Table Grid"
    t.cell(0, 0).merge(t.cell(0, 4)).text = "行政复议"
    t.cell(0, 5).merge(t.cell(0, 14)).text = "行政诉讼"
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for i, text in enumerate(heads):
        t.cell(1, i).merge(t.cell(2, i)).text = text
        t.cell(2, 5 + i).text = text
        t.cell(2, 10 + i).text = text
    t.cell(1, 5).merge(t.cell(1, 9)).text = "未经复议直接起诉"
    t.cell(1, 10).merge(t.cell(1, 14)).text = "复议后起诉"
    for j, text in enumerate(x for g in D.RED_GROUPS for x in D.REDRESS[g]):
        t.cell(3, j).text = text
    return t


def build(title_lines: tuple[str, ...] = (TITLE,)) -> Any:
    import docx

    doc = docx.Document()
    for line in title_lines:
        doc.add_paragraph(line)
    doc.add_paragraph(INTRO)
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("全年主动公开政府信息1260条，依法办理政府信息公开申请。")
    doc.add_paragraph("二、主动公开政府信息情况")
    _t2(doc)
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    _t3(doc)
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    _t4(doc)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("政策解读形式单一，下一步将丰富解读形式。")
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    return doc


def save(doc: Any) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _el(tag: str, **attrs: str) -> Any:
    from docx.oxml import OxmlElement

    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(q(k), v)
    return e


# --- variants -------------------------------------------------------------------------------------

def nested_in_frame() -> bytes:
    """Tables 三 and 四 each sit inside the single cell of a 1x1 frame table (HTML→Word conversions,
    WPS "文本框表格"): w:tbl inside w:tc."""
    doc = build()
    body = doc.element.body
    for tbl in list(body.iterchildren(q("tbl")))[1:]:
        frame = copy.deepcopy(tbl)  # reuse a table's properties for the frame
        for tr in list(frame.iterchildren(q("tr"))):
            frame.remove(tr)
        grid = frame.find(q("tblGrid"))
        for gc in list(grid)[1:]:
            grid.remove(gc)
        tr, tc = _el("w:tr"), _el("w:tc")
        tbl.addprevious(frame)
        tc.append(tbl)  # moves the table into the frame's cell
        tc.append(_el("w:p"))  # a cell must end with a paragraph
        tr.append(tc)
        frame.append(tr)
    return save(doc)


def _wrap_in_sdt(el: Any) -> None:
    sdt, content = _el("w:sdt"), _el("w:sdtContent")
    sdt.append(_el("w:sdtPr"))
    el.addprevious(sdt)
    content.append(el)
    sdt.append(content)


def sdt_rows() -> bytes:
    """Every data row of table 三 wrapped in a row-level content control (w:sdt > w:sdtContent > w:tr),
    as templates with repeating sections have."""
    doc = build()
    for tr in list(doc.tables[1]._tbl.iterchildren(q("tr")))[3:]:
        _wrap_in_sdt(tr)
    return save(doc)


def sdt_cells() -> bytes:
    """Table 四's fifteen data cells each wrapped in a cell-level content control (w:sdt > w:tc), as
    form templates with fill-in fields have."""
    doc = build()
    data_row = list(doc.tables[2]._tbl.iterchildren(q("tr")))[3]
    for tc in list(data_row.iterchildren(q("tc"))):
        _wrap_in_sdt(tc)
    return save(doc)


def textbox_title() -> bytes:
    """The title typed in a text box anchored to the first paragraph: Word writes it twice, once in
    wps:txbx (DrawingML) and once in the v:textbox fallback, inside mc:AlternateContent."""
    from docx.oxml import parse_xml

    doc = build(title_lines=("",))
    first = doc.paragraphs[0]._p
    ns = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
          'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
    box = f"<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>{TITLE}</w:t></w:r></w:p>"
    run = parse_xml(f"""<w:r {ns}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0" locked="0"
 layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>0</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV><wp:extent cx="5400000" cy="600000"/>
<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapTopAndBottom/><wp:docPr id="1" name="文本框 1"/><wp:cNvGraphicFramePr/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp><wps:cNvSpPr txBox="1"/>
<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5400000" cy="600000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></wps:spPr>
<wps:txbx><w:txbxContent>{box}</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape id="文本框 1" o:spid="_x0000_s1026" type="#_x0000_t202" style="width:425pt;height:47pt">
<v:textbox><w:txbxContent>{box}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>""")
    first.append(run)
    return save(doc)


def vmerge_no_restart() -> bytes:
    """Vertical merges written by some converters: the first cell of each merged group carries a bare
    <w:vMerge/> (which means "continue") instead of w:val="restart"; Word shows the same table."""
    doc = build()
    t3 = doc.tables[1]._tbl
    for vm in t3.iter(q("vMerge")):
        if vm.get(q("val")) == "restart":
            del vm.attrib[q("val")]
    return save(doc)


def grid_before_after() -> bytes:
    """Table 四 drawn by hand in Word: the header rows are wider than the data row, which is pulled
    in by w:gridBefore=1 / w:gridAfter=1 on a 17-column grid (the outer columns empty)."""
    doc = build()
    t4 = doc.tables[2]._tbl
    grid = t4.find(q("tblGrid"))
    for _ in range(2):
        grid.append(_el("w:gridCol", w="300"))
    rows = list(t4.iterchildren(q("tr")))
    for tr in rows[:3]:  # header rows: one extra empty cell on each side
        for where in ("first", "last"):
            tc = _el("w:tc")
            tc.append(_el("w:p"))
            if where == "first":
                tr.find(q("tc")).addprevious(tc)
            else:
                tr.append(tc)
    data = rows[3]
    trpr = data.find(q("trPr"))
    if trpr is None:
        trpr = _el("w:trPr")
        data.insert(0, trpr)
    trpr.append(_el("w:gridBefore", val="1"))
    trpr.append(_el("w:gridAfter", val="1"))
    return save(doc)


def _numbering(doc: Any, fmt: str, text: str) -> int:
    """Add an abstractNum (one level: `fmt` e.g. chineseCounting, `text` e.g. "%1、") and its num; its id."""
    from docx.oxml import parse_xml

    numbering = doc.part.numbering_part.element
    nid = 90 + len(numbering.findall(q("num")))
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{W}" w:abstractNumId="{nid}"><w:multiLevelType w:val="singleLevel"/>'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
        f'<w:lvlJc w:val="left"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{W}" w:numId="{nid}"><w:abstractNumId w:val="{nid}"/></w:num>'))
    return nid


def _number(p: Any, num_id: int, restart: bool = False) -> None:
    """Attach automatic numbering to paragraph element `p` (w:pPr/w:numPr)."""
    ppr = p.get_or_add_pPr()
    numpr = _el("w:numPr")
    numpr.append(_el("w:ilvl", val="0"))
    numpr.append(_el("w:numId", val=str(num_id)))
    ppr.append(numpr)


def auto_numbered() -> bytes:
    """Word's automatic numbering: the section headings are numbered 一、…六、 by a chineseCounting list and
    table 三's item labels 1. 2. … by decimal lists (restarting in each group), so the printed numbers are
    not in the text runs: the headings' text is '总体情况', the items' '属于国家秘密', '其他'."""
    doc = build()
    heads = ("总体情况", "主动公开政府信息情况", "收到和处理政府信息公开申请情况", "政府信息公开行政复议、行政诉讼情况",
             "存在的主要问题及改进情况", "其他需要报告的事项")
    hid = _numbering(doc, "chineseCounting", "%1、")
    for para in doc.paragraphs:
        for h in heads:
            if para.text.endswith(h) and para.text[:2] in ("一、", "二、", "三、", "四、", "五、", "六、"):
                para.text = h
                _number(para._p, hid)
    t3 = doc.tables[1]
    current = None
    for tr in t3.rows[3:]:
        cell = tr.cells[2]
        text = cell.text
        if len(text) > 2 and text[0].isdigit() and text[1] == ".":
            group = tr.cells[1].text
            if group != current:
                current, gid = group, _numbering(doc, "decimal", "%1.")
            cell.paragraphs[0].text = text[2:]
            _number(cell.paragraphs[0]._p, gid)
    return save(doc)


def xlsx_sheet() -> bytes:
    """The three tables typed into one worksheet (Excel 统计表 attachments): merged ranges for the form's
    spans, numbers stored as numbers (one row as floats 5.0 …), zero cells of table 三 left empty."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报统计表"
    ws.append([TITLE])
    ws.merge_cells("A1:J1")
    ws.append([INTRO])
    ws.append(["二、主动公开政府信息情况"])
    vals = dict(D.ACTIVE_2021)
    for caption, heads, rows in (
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["rules", "normative_docs"]),
        ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
        ("第二十条第（六）项", ["本年处理决定数量"], ["penalty", "coercion"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"]),
    ):
        ws.append([caption])
        ws.merge_cells(start_row=ws.max_row, start_column=1, end_row=ws.max_row, end_column=4)
        ws.append(["信息内容", *heads])
        if len(heads) == 1:
            ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
        for r in rows:
            label = {"rules": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可", "penalty": "行政处罚",
                     "coercion": "行政强制", "fees": "行政事业性收费"}[r]
            ws.append([label, *[float(x) if "." in x else int(x) for x in vals[r]]])
            if len(vals[r]) == 1:
                ws.merge_cells(start_row=ws.max_row, start_column=2, end_row=ws.max_row, end_column=4)
    ws.append([])
    ws.append(["三、收到和处理政府信息公开申请情况"])
    r0 = ws.max_row + 1
    ws.append(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None, "申请人情况"])
    ws.append([None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"])
    ws.append([None] * 4 + ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"])
    for a, b, c, d in ((r0, 1, r0 + 2, 3), (r0, 4, r0, 10), (r0 + 1, 5, r0 + 1, 9), (r0 + 1, 4, r0 + 2, 4),
                       (r0 + 1, 10, r0 + 2, 10)):
        ws.merge_cells(start_row=a, start_column=b, end_row=c, end_column=d)
    for r in D.ROWS_2021:
        g = D.group_of(r)
        if r in ("new_received", "carried_in", "carried_out"):
            lab = [D.LABELS[r], None, None]
        elif g:
            lab = ["三、本年度办理结果", D.GROUPS[g], D.LABELS[r]]
        else:
            lab = ["三、本年度办理结果", D.LABELS[r], None]
        cells = [None if x == "0" else (float(x) if r == "granted" else int(x)) for x in D.REQUESTS[r]]
        ws.append(lab + cells)
        row = ws.max_row
        if r in ("new_received", "carried_in", "carried_out"):
            ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        elif not g:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
    ws.append([])
    ws.append(["四、政府信息公开行政复议、行政诉讼情况"])
    h = ws.max_row + 1
    ws.append(["行政复议", None, None, None, None, "行政诉讼"])
    ws.append(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", None, None, None, None,
               "复议后起诉"])
    ws.append([None] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2)
    ws.append([int(x) for g in D.RED_GROUPS for x in D.REDRESS[g]])
    ws.merge_cells(start_row=h, start_column=1, end_row=h, end_column=5)
    ws.merge_cells(start_row=h, start_column=6, end_row=h, end_column=15)
    ws.merge_cells(start_row=h + 1, start_column=6, end_row=h + 1, end_column=10)
    ws.merge_cells(start_row=h + 1, start_column=11, end_row=h + 1, end_column=15)
    for col in range(1, 6):
        ws.merge_cells(start_row=h + 1, start_column=col, end_row=h + 2, end_column=col)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


DOCX: dict[str, Callable[[], bytes]] = {
    "qa-docx-nested-frame": nested_in_frame,
    "qa-docx-sdt-rows": sdt_rows,
    "qa-docx-sdt-cells": sdt_cells,
    "qa-docx-textbox-title": textbox_title,
    "qa-docx-vmerge-no-restart": vmerge_no_restart,
    "qa-docx-grid-before-after": grid_before_after,
    "qa-docx-auto-numbering": auto_numbered,
}
XLSX: dict[str, Callable[[], bytes]] = {"qa-xlsx-sheet": xlsx_sheet}
