"""Golden documents built at test time: binaries (DOCX) and pages whose bytes matter (GBK, BOM).

GENERATED maps a case name to a function returning the document's bytes; the case's expected file
sits beside it as `<case>.expected.json` like any other. Nothing here is committed as a binary:
DOCX files are made with python-docx (filling the official template or from scratch) and the
GBK/BOM pages are encoded from readable UTF-8 sources in src/.

The numbers below are the documents' content; the expected files were written from them.
"""

from __future__ import annotations

import io
import itertools
import sys
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SRC = HERE / "src"
TEMPLATE_2021 = HERE / ".." / ".." / "reference" / "samples" / "template-2021.docx"

ROWS_2021 = [
    "new_received", "carried_in", "granted", "partial",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability", "withheld_third_party",
    "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file", "withheld_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication", "not_processed_excessive",
    "not_processed_reconfirm", "other_no_correction", "other_fee_unpaid", "other_misc", "total", "carried_out",
]
ROWS_2019 = [r for r in ROWS_2021 if not r.startswith("other_")]
ROWS_2019.insert(ROWS_2019.index("total"), "other_single")


# --- pages whose encoding is the point ------------------------------------------------------------

def _gbk(name: str) -> Callable[[], bytes]:
    return lambda: (SRC / f"{name}.html").read_text(encoding="utf-8").encode("gbk")


def _encoded(name: str, encoding: str) -> Callable[[], bytes]:
    return lambda: (SRC / name).read_bytes().decode("utf-8").encode(encoding)


def _bom(name: str) -> Callable[[], bytes]:
    return lambda: b"\xef\xbb\xbf" + (SRC / f"{name}.html").read_bytes()


# --- DOCX: the official 2021 template filled with numbers -----------------------------------------

# Each document: title paragraphs, the three "（文字描述）" texts, table 二 (10 cells in template
# order), table 三 (row -> 7 cells, 自然人…总计) and table 四 (15 cells). A cell given as "" is left
# blank in the document (the template's own blank).
DocData = dict[str, object]

TEMPLATE_FILLED: dict[str, DocData] = {
    "docx-template-2021": {
        "title": ["青山县财政局2023年政府信息公开工作年度报告"],
        "overview": "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。（一）主动公开方面。全年主动公开财政预决算、政府采购等信息326条。",
        "problems": "存在的主要问题：政策解读形式较为单一。改进情况：丰富图解、视频等解读形式。",
        "other": "本年度未收取信息处理费。",
        "active": ["0", "0", "0", "2", "1", "14", "0", "3", "", "58.6"],
        "requests": {
            "new_received": ["18", "4", "", "", "1", "", "23"],
            "carried_in": ["2", "", "", "", "", "", "2"],
            "granted": ["7", "2", "", "", "", "", "9"],
            "partial": ["3", "", "", "", "", "", "3"],
            "withheld_third_party": ["1", "", "", "", "", "", "1"],
            "unable_not_held": ["5", "1", "", "", "1", "", "7"],
            "not_processed_repeat": ["1", "", "", "", "", "", "1"],
            "other_misc": ["1", "", "", "", "", "", "1"],
            "total": ["18", "3", "", "", "1", "", "22"],
            "carried_out": ["2", "1", "", "", "", "", "3"],
        },
        "redress": ["1", "", "", "", "1", "", "", "", "", "", "", "", "", "", ""],
    },
    "docx-template-two-line-title": {
        "title": ["青山县人民政府办公室", "2023年政府信息公开工作年度报告"],
        "overview": "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。",
        "problems": "无。",
        "other": "无。",
        "active": ["0", "0", "0", "3", "0", "27", "0", "0", "0", "0"],
        "requests": {r: ["0"] * 7 for r in ROWS_2021}
        | {"new_received": ["4", "1", "0", "0", "0", "0", "5"], "granted": ["2", "1", "0", "0", "0", "0", "3"],
           "unable_not_held": ["2", "0", "0", "0", "0", "0", "2"], "total": ["4", "1", "0", "0", "0", "0", "5"]},
        "redress": ["0"] * 15,
    },
    "docx-template-r4-fail": {
        "title": ["白沙镇人民政府2022年政府信息公开工作年度报告"],
        "overview": "本报告所列数据的统计期限为2022年1月1日至2022年12月31日。",
        "problems": "信息更新不够及时。",
        "other": "无。",
        "active": ["/", "/", "/", "0", "0", "1", "12", "0", "0", "0"],
        "requests": {r: ["0"] * 7 for r in ROWS_2021}
        | {"new_received": ["1", "0", "0", "0", "0", "0", "1"], "granted": ["1", "0", "0", "0", "0", "0", "1"],
           "total": ["1", "0", "0", "0", "0", "0", "1"]},
        "redress": ["2", "0", "0", "1", "2", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
    },
}

# Positions of table 二's ten value cells in the template: (row, column).
_ACTIVE_CELLS = [(2, 1), (2, 2), (2, 3), (3, 1), (3, 2), (3, 3), (6, 1), (9, 1), (10, 1), (13, 1)]


def _set(cell: object, text: str) -> None:
    if text != "":
        cell.text = text  # type: ignore[attr-defined]


def _fill_template(data: DocData) -> bytes:
    import docx

    doc = docx.Document(str(TEMPLATE_2021))
    paras = doc.paragraphs
    at = next(i for i, p in enumerate(paras) if p.text == "政府信息公开工作年度报告格式模板")
    title = data["title"]
    assert isinstance(title, list)
    paras[at].text = title[0]
    for line in title[1:]:  # a title set on two lines: the second is its own paragraph
        paras[at + 1].insert_paragraph_before(line, style=paras[at].style)
    blanks = [p for p in doc.paragraphs if p.text.startswith("（文字描述")]
    for p, key in zip(blanks, ("overview", "problems", "other"), strict=True):
        p.text = str(data[key])
    t2, t3, t4 = doc.tables
    for (r, c), text in zip(_ACTIVE_CELLS, data["active"], strict=True):  # type: ignore[call-overload]
        _set(t2.cell(r, c), text)
    requests = data["requests"]
    assert isinstance(requests, dict)
    for i, row in enumerate(ROWS_2021):
        for j, text in enumerate(requests.get(row, [""] * 7)):
            _set(t3.cell(3 + i, 3 + j), text)
    for j, text in enumerate(data["redress"]):  # type: ignore[call-overload]
        _set(t4.cell(3, j), text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- DOCX from scratch: 2019 format, real merges, split runs, nested paragraphs --------------------

SCRATCH_2019 = {
    "active": [["0", "0", "0"], ["2", "2", "15"], ["31", "+3", "402"], ["6", "-2", "18"], ["14", "0", "37"],
               ["1", "0", "0"], ["2", "-1"], ["3", "86.5万元"]],
    "requests": {r: ["0"] * 7 for r in ROWS_2019}
    | {"new_received": ["7", "1", "0", "0", "0", "0", "8"], "carried_in": ["1", "0", "0", "0", "0", "0", "1"],
       "granted": ["4", "1", "0", "0", "0", "0", "5"], "partial": ["1", "0", "0", "0", "0", "0", "1"],
       "unable_not_held": ["2", "0", "0", "0", "0", "0", "2"], "other_single": ["1", "0", "0", "0", "0", "0", "1"],
       "total": ["8", "1", "0", "0", "0", "0", "9"]},
    "redress": ["1", "0", "0", "0", "1", "0", "0", "0", "0", "0", "0", "0", "0", "0", "0"],
}

_LABELS_2019 = {
    "withheld_state_secret": "1.属于国家秘密", "withheld_law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”", "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息", "withheld_process_info": "6.属于四类过程性信息",
    "withheld_enforcement_file": "7.属于行政执法案卷", "withheld_admin_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息", "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确", "not_processed_petition": "1.信访举报投诉类申请",
    "not_processed_repeat": "2.重复申请", "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请", "not_processed_reconfirm": "5.要求行政机关确认或重新出具已获取信息",
}


def _runs(cell: object, *parts: str) -> None:
    """Write text into a cell as several runs, the way Word splits edited text."""
    para = cell.paragraphs[0]  # type: ignore[attr-defined]
    for part in parts:
        para.add_run(part)


def _number(cell: object, text: str) -> None:
    _runs(cell, *([text[:1], text[1:]] if len(text) > 1 else [text]))


def _scratch_2019() -> bytes:
    import docx

    doc = docx.Document()
    title = doc.add_paragraph()
    for part in ("北岭县", "林业局", "2019年政府信息公开", "工作年度报告"):
        title.add_run(part).bold = True
    doc.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号要求编制。"
                      "本报告中所列数据统计期限自2019年1月1日起至2019年12月31日止。")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("2019年，我局严格落实新修订的《条例》，主动公开林业政策、行政许可办理结果等信息。")
    doc.add_paragraph("二、主动公开政府信息情况")
    a = SCRATCH_2019["active"]
    t2 = doc.add_table(rows=0, cols=4)
    t2.style = "Table Grid"

    def caption(text: str) -> None:
        row = t2.add_row()
        merged = row.cells[0].merge(row.cells[3])
        merged.text = text

    def header(*texts: str) -> None:
        row = t2.add_row()
        for i, text in enumerate(texts):
            row.cells[i].text = text
        if len(texts) < 4:
            row.cells[len(texts) - 1].merge(row.cells[3]).text = texts[-1]

    def data(label: str, values: list[str]) -> None:
        row = t2.add_row()
        row.cells[0].text = label
        if len(values) < 3:
            row.cells[len(values)].merge(row.cells[3])
        for i, v in enumerate(values):
            _number(row.cells[1 + i], v)

    caption("第二十条第（一）项")
    header("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")
    data("规章", a[0])
    data("规范性文件", a[1])
    caption("第二十条第（五）项")
    header("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
    data("行政许可", a[2])
    data("其他对外管理服务事项", a[3])
    caption("第二十条第（六）项")
    header("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
    data("行政处罚", a[4])
    data("行政强制", a[5])
    caption("第二十条第（八）项")
    header("信息内容", "上一年项目数量", "本年增/减")
    data("行政事业性收费", a[6])
    caption("第二十条第（九）项")
    header("信息内容", "采购项目数量", "采购总金额")
    data("政府集中采购", a[7])

    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    rows = ROWS_2019
    t3 = doc.add_table(rows=3 + len(rows), cols=10)
    t3.style = "Table Grid"
    t3.cell(0, 0).merge(t3.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t3.cell(0, 3).merge(t3.cell(0, 9)).text = "申请人情况"
    t3.cell(1, 3).merge(t3.cell(2, 3)).text = "自然人"
    t3.cell(1, 4).merge(t3.cell(1, 8)).text = "法人或其他组织"
    t3.cell(1, 9).merge(t3.cell(2, 9)).text = "总计"
    for i, text in enumerate(("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        t3.cell(2, 4 + i).text = text
    first = {r: 3 + i for i, r in enumerate(rows)}
    outcome = rows[rows.index("granted"):rows.index("carried_out")]
    t3.cell(first[outcome[0]], 0).merge(t3.cell(first[outcome[-1]], 0)).text = "三、本年度办理结果"
    groups = {"withheld": "（三）不予公开", "unable": "（四）无法提供", "not": "（五）不予处理"}
    for prefix, label in groups.items():
        members = [r for r in rows if r.split("_")[0] == prefix]
        t3.cell(first[members[0]], 1).merge(t3.cell(first[members[-1]], 1)).text = label
        for r in members:
            t3.cell(first[r], 2).text = _LABELS_2019[r]
    wide = {"new_received": "一、本年新收政府信息公开申请数量", "carried_in": "二、上年结转政府信息公开申请数量",
            "carried_out": "四、结转下年度继续办理"}
    for r, label in wide.items():
        t3.cell(first[r], 0).merge(t3.cell(first[r], 2)).text = label
    for r, label in (("granted", "（一）予以公开"), ("other_single", "（六）其他处理"), ("total", "（七）总计")):
        t3.cell(first[r], 1).merge(t3.cell(first[r], 2)).text = label
    partial = t3.cell(first["partial"], 1).merge(t3.cell(first["partial"], 2))
    partial.text = "（二）部分公开"
    partial.add_paragraph("（区分处理的，只计这一情形，不计其他情形）")
    for r in rows:
        for j, text in enumerate(SCRATCH_2019["requests"][r]):  # type: ignore[index]
            _number(t3.cell(first[r], 3 + j), text)

    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = doc.add_table(rows=4, cols=15)
    t4.style = "Table Grid"
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    heads = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    for i, text in enumerate(heads):
        t4.cell(1, i).merge(t4.cell(2, i)).text = text
        t4.cell(2, 5 + i).text = text
        t4.cell(2, 10 + i).text = text
    t4.cell(1, 5).merge(t4.cell(1, 9)).text = "未经复议直接起诉"
    t4.cell(1, 10).merge(t4.cell(1, 14)).text = "复议后起诉"
    for j, text in enumerate(SCRATCH_2019["redress"]):
        _number(t4.cell(3, j), text)
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("政务公开专栏内容更新不够及时，下一步将落实专人负责。")
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取任何费用。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# --- DOCX with tracked changes left in: deleted text must not be read, inserted text must --------

_CHANGE_IDS = itertools.count(100)


def _tracked(run_text: str, deleted: str, inserted: str) -> list[object]:
    """w:r, w:del and w:ins elements that read `run_text` + `inserted` once changes are accepted."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    author = 'w:id="{}" w:author="办公室" w:date="2024-01-10T09:00:00Z"'
    ids = next(_CHANGE_IDS), next(_CHANGE_IDS)
    out: list[object] = []
    if run_text:
        out.append(parse_xml(f'<w:r {nsdecls("w")}><w:t xml:space="preserve">{run_text}</w:t></w:r>'))
    out.append(parse_xml(f'<w:del {nsdecls("w")} {author.format(ids[0])}><w:r><w:delText>{deleted}</w:delText></w:r></w:del>'))
    out.append(parse_xml(f'<w:ins {nsdecls("w")} {author.format(ids[1])}><w:r><w:t>{inserted}</w:t></w:r></w:ins>'))
    return out


def _docx_tracked_changes() -> bytes:
    """docx-template-2021's numbers, with three edits left as tracked changes (a draft published as is)."""
    import docx

    doc = docx.Document(io.BytesIO(_fill_template(TEMPLATE_FILLED["docx-template-2021"])))
    title = next(p for p in doc.paragraphs if p.text.startswith("青山县财政局"))
    edits = [
        (title, "青山县财政局", "2022", "2023年政府信息公开工作年度报告"),
        (doc.tables[1].cell(5, 3).paragraphs[0], "", "5", "7"),  # （一）予以公开 · 自然人
        (doc.tables[0].cell(13, 1).paragraphs[0], "", "60.1", "58.6"),  # 行政事业性收费
    ]
    for para, keep, deleted, inserted in edits:
        for r in list(para._p.r_lst):
            para._p.remove(r)
        for element in _tracked(keep, deleted, inserted):
            para._p.append(element)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


GENERATED: dict[str, Callable[[], bytes]] = {
    "hanweb-2021-gbk": _gbk("hanweb-2021-gbk"),
    "gbk-nocharset": _gbk("gbk-nocharset"),
    "bom-utf8": _bom("bom-utf8"),
    "xhtml-gb2312-xmldecl": _gbk("xhtml-gb2312-xmldecl"),
    "text-gb18030-crlf": _encoded("text-gb18030-crlf.txt", "gb18030"),
    **{name: (lambda d=data: _fill_template(d)) for name, data in TEMPLATE_FILLED.items()},
    "docx-scratch-2019": _scratch_2019,
    "docx-tracked-changes": _docx_tracked_changes,
}

# The qa-* cases (src/qa_build.py writes their pages and expected files; src/qa_docx.py builds the DOCX ones).
sys.path.insert(0, str(SRC))
import qa_docx  # noqa: E402

GENERATED |= qa_docx.DOCX | qa_docx.XLSX | {"qa-layout-table-body": _gbk("qa-layout-table-body")}
# Second QA round (src/qa2_build.py): text files in other encodings.
GENERATED |= {"qa2-text-utf16-bom": _encoded("qa2-text-utf16-bom.txt", "utf-16"),
              "qa2-text-gb18030-crlf-tabs": _encoded("qa2-text-gb18030-crlf-tabs.txt", "gb18030")}
# Third QA round (src/qa3_build.py): PDF/DOC/WPS/XLS via one LibreOffice run per format, XLSX, ZIP.
import qa3_build  # noqa: E402

qa3_build.add_copies(GENERATED)
GENERATED |= qa3_build.generated()
# Accuracy round (src/acc_build.py): texts as converters, crawlers and mirror sites hand them over.
import acc_build  # noqa: E402

GENERATED |= acc_build.generated()

EXTENSIONS: dict[str, str] = {name: "docx" for name in GENERATED if name.startswith(("docx-", "qa-docx-"))} | {
    "qa-layout-table-body": "html", "qa-xlsx-sheet": "xlsx",
    "hanweb-2021-gbk": "html", "gbk-nocharset": "html", "bom-utf8": "html", "xhtml-gb2312-xmldecl": "html",
    "text-gb18030-crlf": "txt", "qa2-text-utf16-bom": "txt", "qa2-text-gb18030-crlf-tabs": "txt",
} | qa3_build.EXTENSIONS | acc_build.EXTENSIONS


def truncated_docx() -> bytes:
    """A DOCX cut in half (for the CLI's bad-input tests)."""
    whole = _fill_template(TEMPLATE_FILLED["docx-template-2021"])
    return whole[: len(whole) // 2]
