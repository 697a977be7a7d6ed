"""Report bodies for the sample portals: the 2021 format (国办公开办函〔2021〕30号), small and balanced.

Table markup follows the real TRS page in ../../reference/samples/pages/pingtan-2025-detail.html
(rowspan/colspan as published, styles dropped). Numbers come from a seed so that a "corrected"
republication differs from the original.
"""

from __future__ import annotations

import functools
import io
import random
import struct
import zlib

REQUEST_ROWS = [  # (group label, group rowspan, row label) of table 三, rows (一)…(六)
    ("（一）予以公开", 0, None), ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 0, None),
    ("（三）不予公开", 8, "1.属于国家秘密"), (None, 0, "2.其他法律行政法规禁止公开"), (None, 0, "3.危及“三安全一稳定”"),
    (None, 0, "4.保护第三方合法权益"), (None, 0, "5.属于三类内部事务信息"), (None, 0, "6.属于四类过程性信息"),
    (None, 0, "7.属于行政执法案卷"), (None, 0, "8.属于行政查询事项"),
    ("（四）无法提供", 3, "1.本机关不掌握相关政府信息"), (None, 0, "2.没有现成信息需要另行制作"), (None, 0, "3.补正后申请内容仍不明确"),
    ("（五）不予处理", 5, "1.信访举报投诉类申请"), (None, 0, "2.重复申请"), (None, 0, "3.要求提供公开出版物"),
    (None, 0, "4.无正当理由大量反复申请"), (None, 0, "5.要求行政机关确认或重新出具已获取信息"),
    ("（六）其他处理", 3, "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    (None, 0, "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"), (None, 0, "3.其他"),
]


def numbers(seed: int) -> dict:
    """Balanced table values: per applicant column 一 + 二 = 三(七) + 四."""
    rnd = random.Random(seed)
    rows = [[rnd.choice([0, 0, 1, 2, 3, 5]) if c == 0 else rnd.choice([0, 0, 0, 1]) for c in range(6)] for _ in REQUEST_ROWS]
    carried_in = [rnd.choice([0, 1]) for _ in range(6)]
    carried_out = [rnd.choice([0, 1]) for _ in range(6)]
    totals = [sum(r[c] for r in rows) for c in range(6)]
    new = [totals[c] + carried_out[c] - carried_in[c] for c in range(6)]
    return {"rows": rows, "in": carried_in, "out": carried_out, "total": totals, "new": new,
            "normative": [rnd.randint(0, 9), rnd.randint(0, 3), rnd.randint(10, 60)],
            "licensing": rnd.randint(0, 900), "penalty": rnd.randint(0, 300), "coercion": rnd.randint(0, 20),
            "fees": round(rnd.uniform(0, 500), 2),
            "redress": [rnd.randint(0, 3) for _ in range(4)]}


def _tds(values: list) -> str:
    return "".join(f"<td>{v}</td>" for v in [*values, sum(values)])


@functools.cache  # deterministic, and the server builds its routes on every request: keep them cheap
def tables_html(agency: str, year: int, seed: int) -> str:
    n = numbers(seed)
    active = (
        '<table border="1" cellspacing="0"><tbody>'
        '<tr><td colspan="4">第二十条第（一）项</td></tr>'
        "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr>"
        "<tr><td>行政规范性文件</td>" + "".join(f"<td>{v}</td>" for v in n["normative"]) + "</tr>"
        '<tr><td colspan="4">第二十条第（五）项</td></tr>'
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
        f'<tr><td>行政许可</td><td colspan="3">{n["licensing"]}</td></tr>'
        '<tr><td colspan="4">第二十条第（六）项</td></tr>'
        '<tr><td>信息内容</td><td colspan="3">本年处理决定数量</td></tr>'
        f'<tr><td>行政处罚</td><td colspan="3">{n["penalty"]}</td></tr>'
        f'<tr><td>行政强制</td><td colspan="3">{n["coercion"]}</td></tr>'
        '<tr><td colspan="4">第二十条第（八）项</td></tr>'
        '<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>'
        f'<tr><td>行政事业性收费</td><td colspan="3">{n["fees"]}</td></tr>'
        "</tbody></table>")
    rows = []
    for i, ((group, span, label), vals) in enumerate(zip(REQUEST_ROWS, n["rows"], strict=True)):
        lead = '<td rowspan="22">三、本年度办理结果</td>' if i == 0 else ""
        if label is None:
            rows.append(f'<tr>{lead}<td colspan="2">{group}</td>{_tds(vals)}</tr>')
        elif group:
            rows.append(f'<tr><td rowspan="{span}">{group}</td><td>{label}</td>{_tds(vals)}</tr>')
        else:
            rows.append(f"<tr><td>{label}</td>{_tds(vals)}</tr>")
    requests = (
        '<table border="1" cellspacing="0"><tbody>'
        '<tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td>'
        '<td colspan="7">申请人情况</td></tr>'
        '<tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>'
        "<tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>"
        f'<tr><td colspan="3">一、本年新收政府信息公开申请数量</td>{_tds(n["new"])}</tr>'
        f'<tr><td colspan="3">二、上年结转政府信息公开申请数量</td>{_tds(n["in"])}</tr>'
        + "".join(rows)
        + f'<tr><td colspan="2">（七）总计</td>{_tds(n["total"])}</tr>'
        f'<tr><td colspan="3">四、结转下年度继续办理</td>{_tds(n["out"])}</tr>'
        "</tbody></table>")
    r = n["redress"]
    redress = (
        '<table border="1" cellspacing="0"><tbody>'
        '<tr><td colspan="5">行政复议</td><td colspan="10">行政诉讼</td></tr>'
        '<tr><td rowspan="2">结果维持</td><td rowspan="2">结果<br/>纠正</td><td rowspan="2">其他<br/>结果</td>'
        '<td rowspan="2">尚未<br/>审结</td><td rowspan="2">总计</td><td colspan="5">未经复议直接起诉</td>'
        '<td colspan="5">复议后起诉</td></tr>'
        "<tr>" + "<td>结果<br/>维持</td><td>结果<br/>纠正</td><td>其他<br/>结果</td><td>尚未<br/>审结</td><td>总计</td>" * 2
        + "</tr><tr>" + _tds(r) + _tds([0, 0, 0, 0]) + _tds([0, 0, 0, 0]) + "</tr>"
        "</tbody></table>")
    return (
        f"<p>本报告根据《中华人民共和国政府信息公开条例》编制。本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。</p>"
        "<p>一、总体情况</p>"
        f"<p>{year}年，{agency}认真贯彻落实政府信息公开工作要求，持续深化政务公开。</p>"
        "<p>二、主动公开政府信息情况</p>" + active
        + "<p>三、收到和处理政府信息公开申请情况</p>" + requests
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + redress
        + f"<p>五、存在的主要问题及改进情况</p><p>{year}年，我单位政府信息公开工作仍存在一些不足。</p>"
        f"<p>六、其他需要报告的事项</p><p>{year}年，无收取信息处理费情况。</p>")


@functools.cache
def report_docx(agency: str, year: int, seed: int) -> bytes:
    """The same report as a tiny Word file (an attachment "附件：….docx"); cached, as a zip of the same
    content still differs byte-wise between two saves (timestamps) and would look like a correction."""
    from docx import Document

    n = numbers(seed)
    doc = Document()
    doc.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    doc.add_paragraph(f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("二、主动公开政府信息情况")
    t = doc.add_table(rows=4, cols=4)
    for r, row in enumerate([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"],
                             ["行政规范性文件", *map(str, n["normative"])], ["行政许可", str(n["licensing"]), "", ""]]):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = doc.add_table(rows=3, cols=8)
    header = ["", "自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    for r, (label, vals) in enumerate([(None, header), ("一、本年新收政府信息公开申请数量", n["new"]),
                                       ("二、上年结转政府信息公开申请数量", n["in"])]):
        row = header if label is None else [label, *map(str, vals), str(sum(vals))]
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("六、其他需要报告的事项")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_text(agency: str, year: int) -> str:
    """A plain-text version (some portals attach one): title, statistics period, the six headings."""
    return (f"{agency}{year}年政府信息公开工作年度报告\n\n"
            f"本报告所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。\n\n"
            "一、总体情况\n\n二、主动公开政府信息情况\n\n三、收到和处理政府信息公开申请情况\n\n"
            "四、政府信息公开行政复议、行政诉讼情况\n\n五、存在的主要问题及改进情况\n\n六、其他需要报告的事项\n")


def _png(width: int, height: int) -> bytes:
    """A valid white greyscale PNG (a stand-in for a scanned table; the OCR path gets real image bytes)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


TINY_PNG = _png(8, 8)


def tiny_pdf(text: str) -> bytes:
    """A one-page PDF with an ASCII text layer (enough for the attachment path, not for parsing)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    return out.getvalue()
