"""Write the qa-* golden documents (HTML and text) and their expected files.

    .venv/bin/python tests/documents/src/qa_build.py          # (re)write the files
    .venv/bin/python tests/documents/src/qa_build.py --check  # also parse each one and print the diff

Each case is a small realistic document built from the balanced numbers in qa_data.py, in one of
the layouts real portals publish (FORMAT.md §6, PORTALS.md). The expected values are those numbers;
the title/agency/year expectations are what the page prints. DOCX variants are in qa_docx.py.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
sys.path.insert(0, str(HERE))

import qa_data as D  # noqa: E402
import qa_html as H  # noqa: E402

Case = tuple[str, str, dict[str, Any]]  # (extension, text, expected)
CASES: dict[str, Callable[[], Case]] = {}
ENCODINGS: dict[str, str] = {}


def case(name: str, encoding: str = "utf-8") -> Callable[[Callable[[], Case]], Callable[[], Case]]:
    def deco(fn: Callable[[], Case]) -> Callable[[], Case]:
        CASES[name] = fn
        ENCODINGS[name] = encoding
        return fn
    return deco


def full(title: str | None, agency: str | None, year: int | None, note: str, fmt: str = "2021",
         values: dict[str, Any] | None = None, balanced: bool = True, **extra: Any) -> dict[str, Any]:
    exp: dict[str, Any] = {"title": title}
    exp["agency"] = agency
    exp["year"] = year
    exp["format"] = fmt
    exp["values"] = D.expected_values() if values is None else values
    if balanced:
        exp["checks_failing"] = []
    exp.update(extra)
    exp["note"] = note
    return exp


STD_TITLE = "青山县民政局2023年政府信息公开工作年度报告"


def std_page(body: str, title: str = STD_TITLE, **kw: Any) -> str:
    return H.page(f'<div class="article"><h1>{title}</h1>\n<div id="zoom">\n{body}\n</div></div>',
                  f"{title}_政府信息公开年报_青山县人民政府", **kw)


# --- HTML table markup --------------------------------------------------------------------------

@case("qa-word-paste-2021")
def _word_paste() -> Case:
    """Word "save as HTML" pasted into the CMS editor: MsoNormal soup, &nbsp; blanks, width attrs."""
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    for r, v in req.items():  # Word users leave zero cells empty (&nbsp;)
        req[r] = ["&nbsp;" if x == "0" else x for x in v]
    body = H.report_body(H.mso, t3=H.table(H.t3_header(H.mso) + H.t3_body(H.mso, requests=req),
                                           'class="MsoNormalTable" border="1" cellspacing="0" cellpadding="0" '
                                           'width="568" style="width:426.0pt;border-collapse:collapse;border:none"'),
                         t2=H.t2_one_table(H.mso), t4=H.t4_table(H.mso))
    word_row = ("<![if !supportMisalignedColumns]>\n<tr height=0>{}</tr>\n<![endif]>\n</tbody>")
    body = body.replace("</tr>\n</tbody></table>\n<p style=\"text-indent:2em\">五、",
                        "</tr>\n" + word_row.format("<td width=48 style='border:none'></td>" * 15)
                        + "</table>\n<p style=\"text-indent:2em\">五、")
    body = body.replace('<p style="text-indent:2em">', '<p class="MsoNormal" style="text-indent:21.0pt">'
                        '<span style="font-family:仿宋_GB2312">').replace("</p>\n", "</span></p>\n")
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Word-pasted HTML: every cell is <p class=MsoNormal><span><span lang=EN-US>…</span></span><o:p>; zero "
        "cells of table 三 are left empty (<o:p>&nbsp;</o:p>), which the form reads as 0; table 四 ends with Word's "
        "<![if !supportMisalignedColumns]> row of empty width cells.")


@case("qa-th-thead")
def _th_thead() -> Case:
    """Header rows as <th> inside <thead>, data in <tbody>: CMS table editors (UEditor) emit this."""
    head = [r.replace("<td", "<th").replace("</td>", "</th>") for r in H.t3_header(H.plain)]
    t3 = ('<table class="table" border="1"><thead>\n' + "\n".join(head) + "\n</thead><tbody>\n"
          + "\n".join(H.t3_body(H.plain)) + "\n</tbody></table>")
    h4 = [r.replace("<td", "<th").replace("</td>", "</th>") for r in H.t4_header(H.plain)]
    data = H.tr([H.plain(x) for g in D.RED_GROUPS for x in D.REDRESS[g]])
    t4 = '<table border="1"><thead>' + "".join(h4) + "</thead><tbody>" + data + "</tbody></table>"
    body = H.report_body(H.plain, t3=t3, t4=t4)
    return "html", std_page(body), full(STD_TITLE, "青山县民政局", 2023,
                                        "Header rows of tables 三 and 四 are <th> cells inside <thead>.")


@case("qa-layout-table-body", encoding="gbk")
def _layout_table() -> Case:
    """An old ASP portal: the whole detail page sits in <td>s of nested layout tables (GBK)."""
    body = H.report_body(H.plain)
    title = "青山县水利局2023年政府信息公开工作年度报告"
    html = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>{title}</title></head>
<body topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td height="120" background="/images/top.jpg">&nbsp;</td></tr>
<tr><td><table width="100%" border="0" cellspacing="0" cellpadding="0"><tr>
<td width="200" valign="top"><table width="100%"><tr><td><a href="/zwgk/">政务公开</a></td></tr>
<tr><td><a href="/zwgk/nb/">政府信息公开年报</a></td></tr><tr><td><a href="/zwgk/zn/">政府信息公开指南</a></td></tr></table></td>
<td valign="top"><table width="100%" border="0" cellpadding="8">
<tr><td align="center" class="biaoti"><b>{title}</b></td></tr>
<tr><td align="center">发布时间：2024-01-29　　点击：<span id="hits">352</span></td></tr>
<tr><td class="zhengwen">
{body}
</td></tr></table></td>
</tr></table></td></tr>
<tr><td align="center">版权所有：青山县水利局</td></tr>
</table></body></html>
"""
    return "html", html, full(title, "青山县水利局", 2023,
                              "GBK page of a legacy ASP portal: the report body is a <td> of a layout table nested "
                              "in another; the data tables are nested tables inside it.")


@case("qa-gouji-own-row")
def _gouji_row() -> Case:
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, header="gouji-row"))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 三's 勾稽 note is its own full-width first row; the header below it has 2 rows (自然人/法人或其他组织/总计 "
        "then the five organisation types) with an empty corner cell.")


@case("qa-table3-two-row-header")
def _two_row_header() -> Case:
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, header="2row"))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 三's header has 2 rows, not 3: no 申请人情况 row; the 勾稽 note fills the 2x3 corner.")


@case("qa-subtotal-first")
def _subtotal_first() -> Case:
    body = H.report_body(H.trs, t3=H.table(H.t3_header(H.trs, "subtotal-first")
                                           + H.t3_body(H.trs, subtotal_first=True)))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 三 with a 小计 column placed FIRST under 法人或其他组织 (software-generated); the 小计 values are not "
        "canonical keys and must not shift the five organisation columns.")


@case("qa-table2-four-tables")
def _four_tables() -> Case:
    body = H.report_body(H.trs, t2=H.t2_four_tables(H.trs))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 二 printed as four separate <table>s (one per 第二十条 item), each with its caption row and header.")


@case("qa-table2-caption-column")
def _caption_column() -> Case:
    """Table 二 as one 5-column table whose first column holds the 第二十条 captions (rowspan)."""
    c = H.trs
    vals = dict(D.ACTIVE_2021)
    rows = [H.tr([c("第二十条第（一）项", rs=3), c("信息内容"), c("本年制发件数"), c("本年废止件数"), c("现行有效件数")]),
            H.tr([c("规章")] + [c(x) for x in vals["rules"]]),
            H.tr([c("行政规范性文件")] + [c(x) for x in vals["normative_docs"]]),
            H.tr([c("第二十条第（五）项", rs=2), c("信息内容"), c("本年处理决定数量", cs=3)]),
            H.tr([c("行政许可"), c(vals["licensing"][0], cs=3)]),
            H.tr([c("第二十条第（六）项", rs=3), c("信息内容"), c("本年处理决定数量", cs=3)]),
            H.tr([c("行政处罚"), c(vals["penalty"][0], cs=3)]),
            H.tr([c("行政强制"), c(vals["coercion"][0], cs=3)]),
            H.tr([c("第二十条第（八）项", rs=2), c("信息内容"), c("本年收费金额（单位：万元）", cs=3)]),
            H.tr([c("行政事业性收费"), c(vals["fees"][0], cs=3)])]
    body = H.report_body(H.trs, t2=H.table(rows))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 二 as ONE table with a leading caption column: 第二十条第（一）项 etc. span their sub-table's rows "
        "(rowspan), so every row starts with the caption text before its own label.")


@case("qa-table4-label-column")
def _t4_label() -> Case:
    body = H.report_body(H.trs, t4=H.t4_table(H.trs, lead="", row_label="件数"))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 四 with a leading label column: an empty 3-row corner cell in the header and '件数' before the 15 values.")


@case("qa-table4-transposed")
def _t4_transposed() -> Case:
    body = H.report_body(H.trs, t4=H.t4_transposed(H.trs))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 四 transposed: a header row of the five result columns and one row per group "
        "(行政复议 / 行政诉讼（未经复议直接起诉） / 行政诉讼（复议后起诉）).")


@case("qa-table3-one-label-col")
def _one_label_col() -> Case:
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, header="2row", layout="one-col"))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 三 with the group columns omitted: one label column; the group names 三、本年度办理结果, （三）不予公开 … "
        "（六）其他处理 are rows of their own with blank cells (they are headings, not data rows: "
        "'（六）其他处理' alone must not become other_single).",
        not_values=[f"requests.other_single.{c}" for c in D.REQ_COLS])


# --- values and labels ----------------------------------------------------------------------------

@case("qa-cell-words")
def _cell_words() -> Case:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["withheld_state_secret"] = ["—", "—", "—", "—", "—", "—", "—"]
    req["withheld_law_prohibited"] = ["无", "无", "无", "无", "无", "无", "无"]
    req["withheld_security_stability"] = ["-", "-", "-", "-", "-", "-", "-"]
    req["withheld_third_party"] = ["1件", "0件", "0件", "0件", "0件", "0件", "1件"]
    req["not_processed_publication"] = ["0件"] * 7
    active = [("rules", ["/", "/", "/"]), ("normative_docs", ["6件", "2件", "31件"]), ("licensing", ["2417件"]),
              ("penalty", ["133"]), ("coercion", ["—"]), ("fees", ["86.45"])]
    red = {"review": ["2件", "1件", "0件", "1件", "4件"], "lit_direct": ["1", "—", "—", "1", "2"],
           "lit_after_review": ["无", "无", "1", "无", "1"]}
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active),
                         t3=H.t3_table(H.trs, requests=req), t4=H.t4_table(H.trs, redress=red))
    values = D.expected_values(req, active, red)
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Cells printed as '0件', '1件', '—', '-', '无' (all numbers or zero) and '/' (规章 not applicable: null). "
        "R4 holds with the dash cells as 0.", values=values)


@case("qa-label-marks")
def _label_marks() -> Case:
    labels = dict(D.LABELS)
    labels["new_received"] = "一、本年新收政府信息公开申请数量："
    labels["granted"] = "（一）予以公开*"
    labels["withheld_third_party"] = "4.保护第三方合法权益①"
    labels["unable_not_held"] = "1.本机关不掌握相关政府信息②"
    labels["total"] = "（七）总计："
    alabels = dict(H.ACTIVE_LABELS) | {"rules": "规章：", "normative_docs": "行政规范性文件①", "fees": "行政事业性收费*"}
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, labels=alabels), t3=H.t3_table(H.trs, labels=labels))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Row labels carrying footnote marks (①, ②, *) and trailing colons (规章：, （七）总计：).")


# --- titles, agencies, years ----------------------------------------------------------------------

def _simple_report(year: int = 2023, intro: str | None = None) -> str:
    return H.report_body(H.trs, year=year, intro=intro)


@case("qa-title-div-class")
def _title_div() -> Case:
    title = "青山县交通运输局2023年政府信息公开工作年度报告"
    html = H.page(f'<div class="title">{title}</div>\n<div class="info">来源：青山县交通运输局 发布时间：2024-01-26</div>\n'
                  f'<div class="content">{_simple_report()}</div>',
                  f"{title}_青山县人民政府")
    return "html", html, full(title, "青山县交通运输局", 2023,
                              "Title only in <div class=title> (no <h1>, no ArticleTitle meta); <title> has a site suffix.")


@case("qa-title-tag-only")
def _title_tag_only() -> Case:
    title = "青山县教育局2023年政府信息公开工作年度报告"
    html = H.page(f'<div class="content">{_simple_report()}</div>',
                  f"{title}_信息公开年报_青山县人民政府")
    return "html", html, full(title, "青山县教育局", 2023,
                              "The body never prints the title: only <title> does, with column and site suffixes.")


@case("qa-title-office-guanyu")
def _title_office_guanyu() -> Case:
    body = H.paras("青山县人民政府办公室", "关于2023年政府信息公开工作年度报告", style='style="text-align:center"')
    html = H.page(f'<div class="content">{body}\n{_simple_report()}</div>', "政府信息公开年报_青山县人民政府")
    return "html", html, full(
        "青山县人民政府办公室关于2023年政府信息公开工作年度报告", "青山县人民政府办公室", 2023,
        "Two-line title: the agency on the first line, '关于2023年政府信息公开工作年度报告' on the second; the "
        "<title> is only the column name. CONTRACT: two lines are joined without a separator; agency drops 关于.")


@case("qa-title-niandu-first")
def _title_niandu() -> Case:
    title = "2023年度青山县统计局政府信息公开工作年度报告"
    html = std_page(_simple_report(), title=title)
    return "html", html, full(title, "青山县统计局", 2023, "Year first, with 年度: '2023年度{机关}政府信息公开工作年度报告'.")


@case("qa-title-cn-numeral-pubdate")
def _title_cn() -> Case:
    title = "青山县审计局二〇二三年政府信息公开工作年度报告"
    intro = "本报告根据《中华人民共和国政府信息公开条例》要求编制，全文包括总体情况、主动公开政府信息情况等六部分。"
    html = std_page(_simple_report(intro=intro), title=title,
                    before='<meta name="PubDate" content="2024-02-01 09:00">')
    return "html", html, full(title, "青山县审计局", 2023,
                              "Chinese-numeral year in the title (二〇二三年) and no statistics-period sentence: the year "
                              "comes from the title.")


@case("qa-publisher-meta-table")
def _publisher_table() -> Case:
    title = "2023年政府信息公开工作年度报告"
    meta = """<table class="xxgk-meta" width="100%">
<tr><th>索引号：</th><td>11430123MB1234567X/2024-00012</td><th>分类：</th><td>政府信息公开年报</td></tr>
<tr><th>发布机构：</th><td>青山县农业农村局</td><th>发文日期：</th><td>2024-01-22</td></tr>
<tr><th>名称：</th><td colspan="3">2023年政府信息公开工作年度报告</td></tr>
<tr><th>文号：</th><td></td><th>主题词：</th><td></td></tr>
</table>"""
    html = H.page(f'{meta}\n<div class="article"><h1>{title}</h1><div id="zoom">{_simple_report()}</div></div>',
                  f"{title}_青山县人民政府")
    return "html", html, full(
        title, "青山县农业农村局", 2023,
        "开普云-style page: a 信息公开目录 metadata table (索引号/发布机构/发文日期 in <th>/<td> pairs) and a title "
        "without the agency; CONTRACT: agency then comes from 发布机构.")


@case("qa-publisher-no-colon")
def _publisher_no_colon() -> Case:
    title = "2023年政府信息公开工作年度报告"
    meta = """<div class="xxgk_table"><table>
<tr><td class="t">索 引 号</td><td>11430123MB1234567X/2024-00013</td><td class="t">主题分类</td><td>其他</td></tr>
<tr><td class="t">发布机构</td><td>青山县林业局</td><td class="t">成文日期</td><td>2024年01月20日</td></tr>
<tr><td class="t">标　　题</td><td colspan="3">2023年政府信息公开工作年度报告</td></tr>
</table></div>"""
    html = H.page(f'{meta}\n<div class="article"><h1>{title}</h1><div id="zoom">{_simple_report()}</div></div>',
                  f"{title}_青山县人民政府")
    return "html", html, full(
        title, "青山县林业局", 2023,
        "Metadata table whose field names carry no colon ('发布机构' | '青山县林业局', a common 政府信息公开目录 "
        "layout); agency from 发布机构 as CONTRACT §2 says.")


def _period_case(name: str, sentence: str, note: str) -> None:
    @case(name)
    def _fn() -> Case:
        title = "青山县卫生健康局政府信息公开工作年度报告"
        intro = "本报告根据《中华人民共和国政府信息公开条例》要求编制。" + sentence
        html = std_page(_simple_report(intro=intro), title=title,
                        before='<div class="info">发布时间：2024-03-05 10:00</div>')
        return "html", html, full(title, "青山县卫生健康局", 2022,
                                  note + " The page is dated 2024-03-05 (a late report) and the title has no year: "
                                  "only the sentence gives 2022.")


_period_case("qa-period-shixian", "本报告中所列数据统计时限为2022年1月1日至12月31日。",
             "Statistics period worded '统计时限为2022年1月1日至12月31日' (end date without the year).")
_period_case("qa-period-ziqi", "本报告中所列数据的统计期限自2022年1月1日起至2022年12月31日止。",
             "Statistics period worded '统计期限自…起至…止'.")
_period_case("qa-period-shijian-month", "报告中所列数据统计时间为2022年1月至12月。",
             "Statistics period worded '统计时间为2022年1月至12月' (months, no days).")
_period_case("qa-period-niandu", "本报告所列数据统计期为2022年度。",
             "Statistics period worded '统计期为2022年度' (the whole year, no dates).")


# --- sections -------------------------------------------------------------------------------------

@case("qa-section-variants")
def _section_variants() -> Case:
    heads = {"overview": "一、概述", "problems": "五、存在的主要问题和改进措施"}
    body = H.report_body(H.trs, headings=heads, other="无。")
    body = body.replace('<p style="text-indent:2em">二、主动公开政府信息情况</p>',
                        '<p style="text-indent:2em"><strong>二、主动公开政府信息情况</strong></p>')
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Old heading names: 一、概述 and 五、存在的主要问题和改进措施; 六 holds only '无。'.",
        sections_contain={"overview": "主动公开", "problems": "政策解读形式单一", "other": "无"})


@case("qa-section-inline-text")
def _section_inline() -> Case:
    heads = {"overview": "", "problems": "", "other": ""}
    body = H.report_body(H.trs, headings=heads)
    body = body.replace(H.paras(H.INTRO.format(year=2023)), H.paras(
        H.INTRO.format(year=2023),
        "一、总体情况：2023年，我局坚持以公开为常态、不公开为例外，全年主动公开政府信息1260条。"))
    body += "\n" + H.paras("五、政府信息公开工作存在的主要问题及改进情况：一是政策解读形式单一；二是更新不够及时。",
                           "六、其他需要报告的事项：本年度未收取信息处理费。")
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Headings with their text on the same line after a colon ('一、总体情况：2023年，…'), and the long heading "
        "'五、政府信息公开工作存在的主要问题及改进情况：…'.",
        sections_contain={"overview": "全年主动公开政府信息1260条", "problems": "政策解读形式单一",
                          "other": "未收取信息处理费"})


@case("qa-missing-section4-heading")
def _missing_s4() -> Case:
    body = H.report_body(H.trs, headings={"redress": ""})
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Heading 四 is missing: table 四 follows table 三 directly. Its values must still be read.")


# --- text layouts ---------------------------------------------------------------------------------

def _layout_line(label: str, values: list[str], width: int = 56) -> str:
    pad = max(2, width - sum(2 if ord(ch) > 0x2e7f else 1 for ch in label))
    return "   " + label + " " * pad + "   ".join(f"{v:>4}" for v in values)


@case("qa-pdftotext-layout")
def _pdftotext_layout() -> Case:
    R = D.REQUESTS
    lines = [
        "               青山县民政局2023年政府信息公开工作年度报告",
        "",
        "    本报告所列数据的统计期限为 2023 年 1 月 1 日至 2023 年 12 月 31 日。",
        "",
        "    一、总体情况",
        "    全年主动公开政府信息 1260 条。",
        "",
        "    三、收到和处理政府信息公开申请情况",
        "",
        "                                                              申请人情况",
        "    （本列数据的勾稽关系为：第一项加第二                      法人或其他组织",
        "    项之和，等于第三项加第四项之和）               自然人   商业   科研   社会公   法律服   其他   总计",
        "                                                            企业   机构   益组织   务机构",
    ]
    wrapped = {
        "partial": ("（二）部分公开（区分处理的，只计这一情", "形，不计其他情形）"),
        "other_no_correction": ("1.申请人无正当理由逾期不补正、行政", "机关不再处理其政府信息公开申请"),
        "other_fee_unpaid": ("2.申请人逾期未按收费通知要求缴纳费", "用、行政机关不再处理其政府信息公开申请"),
        "not_processed_reconfirm": ("5.要求行政机关确认或重新出具已获", "取信息"),
    }
    group_at = {"withheld_state_secret": "（三）不予", "withheld_law_prohibited": "公开",
                "unable_not_held": "（四）无法", "unable_needs_creation": "提供",
                "not_processed_petition": "（五）不予", "not_processed_repeat": "处理",
                "other_no_correction": "（六）其他", "other_fee_unpaid": "处理",
                "granted": "三、本年", "partial": "度办理结果"}
    for r in D.ROWS_2021:
        g = group_at.get(r, "")
        if r in wrapped:
            a, b = wrapped[r]
            lines.append(_layout_line(f"{g:<6}{a}" if g else f"      {a}", R[r]))
            lines.append(f"         {b}")
        else:
            label = D.LABELS[r]
            lines.append(_layout_line(f"{g:<6}{label}" if g else (label if r in ("new_received", "carried_in", "carried_out") else f"      {label}"), R[r]))
    lines += ["", "    四、政府信息公开行政复议、行政诉讼情况", "",
              "                      行政复议                                       行政诉讼",
              "                                                未经复议直接起诉                  复议后起诉",
              "    结果   结果   其他   尚未          结果   结果   其他   尚未          结果   结果   其他   尚未",
              "                               总计                               总计                              总计",
              "    维持   纠正   结果   审结          维持   纠正   结果   审结          维持   纠正   结果   审结",
              "     " + "      ".join(x for g in D.RED_GROUPS for x in D.REDRESS[g]),
              "", "    五、存在的主要问题及改进情况", "    政策解读形式单一。", "", "    六、其他需要报告的事项", "    无。", ""]
    values = D.expected_values(active=None)
    return "txt", "\n".join(lines), full(
        "青山县民政局2023年政府信息公开工作年度报告", "青山县民政局", 2023,
        "pdftotext -layout of a PDF report (tables 三 and 四 only): numbers aligned in columns after the label; "
        "vertical group labels split over two lines ('（三）不予' / '公开'); long labels wrap and the second half "
        "('形，不计其他情形）') is its own line after the numbers; table 四's header words stacked.",
        values=values)


# --- more pages found failing in probes ----------------------------------------------------------

@case("qa-breadcrumb-in-body")
def _breadcrumb() -> Case:
    """A generic #content wrapper holding the breadcrumb, the <h1> title and the article."""
    html = H.page(f'<div id="content"><div class="position">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a>'
                  f' &gt; <a href="/zwgk/nb/">政府信息公开年报</a></div>\n<div class="detail"><h1>{STD_TITLE}</h1>'
                  f'<div class="info">发布时间：2024-01-22</div>\n<div class="detail-body">{_simple_report()}</div></div></div>',
                  f"{STD_TITLE}_青山县人民政府")
    return "html", html, full(
        STD_TITLE, "青山县民政局", 2023,
        "The body container (#content) also holds the breadcrumb '当前位置：首页 > 政务公开 > 政府信息公开年报', "
        "which ends in the column name: it is not a title (the <h1> and <title> print the real one).")


@case("qa-sidebar-column-name")
def _sidebar() -> Case:
    side = ('<div class="left"><h3>信息公开年报</h3><ul>' + "".join(
        f'<li><a href="/nb/{y}.html">青山县民政局{y}年政府信息公开工作年度报告</a></li>' for y in (2022, 2021))
        + "</ul></div>")
    html = H.page(f'<div class="content">{side}\n<div class="detail"><h2>{STD_TITLE}</h2>\n{_simple_report()}</div></div>',
                  "青山县人民政府")
    return "html", html, full(
        STD_TITLE, "青山县民政局", 2023,
        "A generic div.content wrapper holds a left column list headed '信息公开年报' (the column name) and links "
        "to other years' reports, then the article with its title in <h2>; <title> is only the site name.")


@case("qa-title-tag-dash-suffix")
def _title_dash() -> Case:
    title = "青山县文化旅游广电体育局2023年政府信息公开工作年度报告"
    html = H.page(f'<div class="content">{_simple_report()}</div>', f"{title}-青山县人民政府")
    return "html", html, full(
        title, "青山县文化旅游广电体育局", 2023,
        "The title is printed only in <title>, with the site name after a bare hyphen ('…年度报告-青山县人民政府').")


@case("qa-inline-bold-heading")
def _inline_bold() -> Case:
    body = H.report_body(H.trs, headings={"overview": ""})
    body = body.replace(H.paras(H.INTRO.format(year=2023)), H.paras(H.INTRO.format(year=2023)) + "\n"
                        '<p style="text-indent:2em"><strong>一、总体情况</strong>2023年，我局坚持以公开为常态、不公开为'
                        "例外，认真贯彻落实《条例》和上级政务公开工作要点，全年主动公开政府信息1260条。</p>")
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Heading 一 in <strong> at the start of its first paragraph, no colon, followed by a long sentence.",
        sections_contain={"overview": "全年主动公开政府信息1260条"})


@case("qa-table4-transposed-blank")
def _t4_transposed_blank() -> Case:
    red = {"review": [""] * 5, "lit_direct": ["1", "0", "0", "1", "2"], "lit_after_review": ["0", "0", "1", "0", "1"]}
    body = H.report_body(H.trs, t4=H.t4_transposed(H.trs, redress=red))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 四 transposed (one row per group) with the 行政复议 row left blank (no 复议 cases): its five cells are 0, "
        "the row is a data row, not a header.", values=D.expected_values(redress=red))


@case("qa-pdftotext-wrapped-before")
def _pdftotext_before() -> Case:
    """pdftotext -layout where a two-line label cell puts both label lines BEFORE its numbers."""
    R = D.REQUESTS
    lines = ["青山县民政局2023年政府信息公开工作年度报告", "",
             "  本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "",
             "  三、收到和处理政府信息公开申请情况", "",
             "                                                          申请人情况",
             "  (本列数据的勾稽关系为：第一项加第二项之          自然人       法人或其他组织              总计",
             "  和，等于第三项加第四项之和)                              商业  科研  社会公  法律服  其他",
             "                                                           企业  机构  益组织  务机构"]
    wrapped = {"partial": ("(二)部分公开(区分处理的，只计这一情", "形，不计其他情形)"),
               "other_no_correction": ("1.申请人无正当理由逾期不补正、行政机", "关不再处理其政府信息公开申请"),
               "other_fee_unpaid": ("2.申请人逾期未按收费通知要求缴纳费用、", "行政机关不再处理其政府信息公开申请"),
               "not_processed_reconfirm": ("5.要求行政机关确认或重新出具已获取", "信息")}
    nums = lambda r: "  ".join(f"{x:>4}" for x in R[r])  # noqa: E731
    for r in D.ROWS_2021:
        if r in wrapped:
            a, b = wrapped[r]
            lines += [f"        {a}", f"        {b}", " " * 50 + nums(r)]
        else:
            label = D.LABELS[r].replace("（", "(").replace("）", ")")
            lines.append(f"  {label}" + " " * max(2, 48 - 2 * len(label)) + nums(r))
    lines += ["", "  五、存在的主要问题及改进情况", "  政策解读形式单一。", ""]
    return "txt", "\n".join(lines), full(
        "青山县民政局2023年政府信息公开工作年度报告", "青山县民政局", 2023,
        "pdftotext -layout where a wrapped label's two lines both come before its numbers, which stand alone on "
        "the next line ('(二)部分公开(区分处理的，只计这一情' / '形，不计其他情形)' / '2 0 1 0 0 0 3'). Table 三 only.",
        values=D.expected_values(active=None, redress=None))


@case("qa-title-nianbao-short")
def _title_nianbao() -> Case:
    title = "青山县民政局2023年报"
    body = H.report_body(H.trs, intro="本报告根据《中华人民共和国政府信息公开条例》要求编制。")
    html = H.page(f'<div class="article"><h1>{title}</h1><div id="zoom">{body}</div></div>', title)
    return "html", html, full(
        title, "青山县民政局", 2023,
        "Short title '{机关}{YYYY}年报' (FORMAT.md §7.1 lists …年报): 年 belongs to both the year and 年报. No "
        "statistics sentence and no date: the year comes from the title; the agency is 青山县民政局, not '青山县民政局2023'.")


@case("qa-ebook-page-html")
def _ebook() -> Case:
    """One page of a page-flip e-book (…/files/basic-html/page3.html): one <p> per printed line."""
    lines = ["三、收到和处理政府信息公开申请情况", "(本列数据的勾稽关系为:第一项加第二项之和,等于第三项加第四项之和)",
             "申请人情况", "法人或其他组织", "自然人 商业 科研 社会公益 法律服务 其他 总计", "企业 机构 组织 机构"]
    for r in D.ROWS_2021:
        lab = D.LABELS[r]
        if r == "granted":
            lab = "三、本年度办理结果 " + lab
        g = D.group_of(r)
        if g and r.endswith(("state_secret", "not_held", "petition", "no_correction")):
            lab = D.GROUPS[g] + " " + lab
        lines.append(lab + " " + " ".join(D.REQUESTS[r]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", "未经复议直接起诉 复议后起诉",
              "结 结 其 尚", "结 结 其 尚 结 结 其 尚", "果 果 他 未", "总计 果 果 他 未 总 果 果 他 未 总",
              "维 纠 结 审", "维 纠 结 审 计 维 纠 结 审 计", "持 正 果 结", "持 正 果 结 持 正 果 结",
              " ".join(x for g in D.RED_GROUPS for x in D.REDRESS[g]), "五、存在的主要问题及改进情况",
              "政策解读形式单一,下一步将丰富解读形式。"]
    html = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Page 3 - 2023年报_民政局</title></head><body>\n"
            "<div class=\"nav\"><a href=\"page2.html\">Previous Page</a> <a href=\"page4.html\">Next Page</a> "
            "<a href=\"../../index.html\">Home</a></div>\n<div class=\"content\">\n<p>Page 3 - 2023年报_民政局</p>\n<p>P. 3</p>\n"
            + "\n".join(f"<p>{x}</p>" for x in lines) + "\n</div></body></html>\n")
    exp = {"values": D.expected_values(active=None), "checks_failing": [],
           "note": "Page 3 of a page-flip e-book as served (files/basic-html/page3.html): the PDF page's text, one <p> "
                   "per printed line, rows as 'label n n n n n n n' and table 四's header one character per line "
                   "(like excerpt-019, which is the same kind of page saved as text and parses). Title/agency/year not "
                   "asserted (only the e-book name '2023年报_民政局' and a page header)."}
    return "html", html, exp


@case("qa-text-tab-rows")
def _tab_rows() -> Case:
    """A table copied out of a browser or Excel into a .txt: one row per line, cells joined by tabs, blank
    cells kept as empty fields between tabs (so positions are known)."""
    req = {r: ["" if x == "0" else x for x in v] for r, v in D.REQUESTS.items()}
    starts = ("withheld_state_secret", "unable_not_held", "not_processed_petition", "other_no_correction")
    lines = ["青山县民政局2023年政府信息公开工作年度报告", "",
             "本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "", "三、收到和处理政府信息公开申请情况",
             "\t".join([H.GOUJI, "", "", "申请人情况", "", "", "", "", "", ""]),
             "\t".join(["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
             "\t".join(["", "", "", ""] + H.HEAD_SUB + [""])]
    for r in D.ROWS_2021:
        g = D.group_of(r)
        top = "三、本年度办理结果" if r == "granted" else ""
        if r in ("new_received", "carried_in", "carried_out"):
            lab = [D.LABELS[r], "", ""]
        elif g:
            lab = [top, D.GROUPS[g] if r in starts else "", D.LABELS[r]]
        else:
            lab = [top, D.LABELS[r], ""]
        lines.append("\t".join(lab + req[r]))
    lines += ["", "五、存在的主要问题及改进情况", "政策解读形式单一。", ""]
    return "txt", "\n".join(lines), full(
        "青山县民政局2023年政府信息公开工作年度报告", "青山县民政局", 2023,
        "Table 三 pasted into a text file as tab-delimited rows (one line per row, merged cells as empty fields, "
        "zero cells left empty between tabs): the positions are all there, so every cell is known (blank = 0).",
        values=D.expected_values(req, None, None))


@case("qa-one-big-table")
def _one_big_table() -> Case:
    import re

    c = H.trs
    rows = [H.tr([c("二、主动公开政府信息情况", cs=15)])]
    rows += [r.replace('colspan="4"', 'colspan="15"').replace('colspan="3"', 'colspan="14"')
             for r in re.findall(r"<tr>.*?</tr>", H.t2_one_table(c), re.S)]
    rows.append(H.tr([c("三、收到和处理政府信息公开申请情况", cs=15)]))
    rows += re.findall(r"<tr>.*?</tr>", H.t3_table(c), re.S)
    rows.append(H.tr([c("四、政府信息公开行政复议、行政诉讼情况", cs=15)]))
    rows += re.findall(r"<tr>.*?</tr>", H.t4_table(c), re.S)
    body = H.report_body(c, headings={"active": "", "requests": "", "redress": ""}, t2=H.table(rows), t3="", t4="")
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "All three tables in ONE 15-column <table>, separated by full-width rows carrying the section headings "
        "二、三、四 (no headings outside the table).")


@case("qa-table3-two-label-cols")
def _two_label_cols() -> Case:
    c = H.trs
    rows = []
    for r in D.ROWS_2021:
        g = D.group_of(r)
        lab = [c(D.GROUPS[g]), c(D.LABELS[r])] if g else [c(D.LABELS[r], cs=2)]
        rows.append(H.tr(lab + [c(x) for x in D.REQUESTS[r]]))
    body = H.report_body(c, t3=H.table(H.t3_header(c, "3row", 2) + rows))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 三 with two label columns: no 三、本年度办理结果 column; group names repeated in every row of their group.")


@case("qa-title-guanyu-inline")
def _title_guanyu_inline() -> Case:
    title = "青山县民政局关于2023年度政府信息公开工作年度报告"
    html = std_page(_simple_report(), title=title)
    return "html", html, full(
        title, "青山县民政局", 2023,
        "One-line title '{机关}关于{YYYY}年度…年度报告' (as official documents are titled): the agency is the part "
        "before 关于.")


@case("qa-table4-transposed-rowspan")
def _t4_transposed_rowspan() -> Case:
    c = H.trs
    rows = [H.tr([c("", cs=2)] + [c(h) for h in H.RED_HEAD]),
            H.tr([c("行政复议", cs=2)] + [c(x) for x in D.REDRESS["review"]]),
            H.tr([c("行政诉讼", rs=2), c("未经复议直接起诉")] + [c(x) for x in D.REDRESS["lit_direct"]]),
            H.tr([c("复议后起诉")] + [c(x) for x in D.REDRESS["lit_after_review"]])]
    return "html", std_page(H.report_body(c, t4=H.table(rows))), full(
        STD_TITLE, "青山县民政局", 2023,
        "Table 四 transposed with two label columns: 行政诉讼 spans its two rows (rowspan 2) beside 未经复议直接起诉 and "
        "复议后起诉; 行政复议 spans both label columns.")


@case("qa-value-footnote-mark")
def _value_footnote() -> Case:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["withheld_third_party"] = ["1①", "0", "0", "0", "0", "0", "1①"]
    req["carried_in"] = ["2<sup>1</sup>", "1", "0", "0", "0", "0", "3"]
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req))
    body = body.replace(H.paras("四、政府信息公开行政复议、行政诉讼情况"), H.paras(
        "注：①该申请涉及他人个人隐私，经征求第三方意见后不予公开。<sup>1</sup>含2022年12月底收到、跨年办理的申请。")
        + "\n" + H.paras("四、政府信息公开行政复议、行政诉讼情况"))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Number cells carrying footnote marks: '1①' (NFKC turns ① into 1, giving 11) and '2<sup>1</sup>' (a "
        "superscript note number, text '21'); the notes are printed under the table. The cells say 1 and 2: "
        "reading 11 or 21 is a wrong number (uncertain would be acceptable; then change this file).")


@case("qa-text-single-value-rows")
def _text_single_value() -> Case:
    """pdftotext -layout of table 二: the rows of items (五)(六)(八) hold ONE number each."""
    lines = ["青山县民政局2023年政府信息公开工作年度报告", "",
             "  本报告所列数据的统计期限为2023年1月1日至2023年12月31日。", "", "  二、主动公开政府信息情况", "",
             "                              第二十条第（一）项",
             "       信息内容           本年制发件数      本年废止件数      现行有效件数",
             "         规章                  1                 0                 4",
             "   行政规范性文件              6                 2                31",
             "                              第二十条第（五）项",
             "       信息内容                       本年处理决定数量",
             "       行政许可                             2417",
             "                              第二十条第（六）项",
             "       信息内容                       本年处理决定数量",
             "       行政处罚                              133",
             "       行政强制                                7",
             "                              第二十条第（八）项",
             "       信息内容                       本年收费金额（单位：万元）",
             "    行政事业性收费                          86.45", "",
             "  五、存在的主要问题及改进情况", "  政策解读形式单一。", ""]
    return "txt", "\n".join(lines), full(
        "青山县民政局2023年政府信息公开工作年度报告", "青山县民政局", 2023,
        "pdftotext -layout of table 二 (only): 行政许可 2417, 行政处罚 133, 行政强制 7, 收费 86.45 — one number per "
        "row. Reading them as blank (inferred 0) would be wrong numbers.",
        values=D.expected_values(requests=None, redress=None))


@case("qa-overview-category-table")
def _overview_table() -> Case:
    c = H.trs
    extra = H.paras("全年主动公开政府信息1260条，分类情况如下：") + "\n" + H.table(
        [H.tr([c("公开类别"), c("数量（条）")]), H.tr([c("规范性文件"), c("52")]), H.tr([c("行政许可"), c("317")]),
         H.tr([c("行政处罚"), c("86")]), H.tr([c("财政预决算"), c("40")])])
    body = H.report_body(c).replace('<p style="text-indent:2em">（二）依申请公开。',
                                    extra + '\n<p style="text-indent:2em">（二）依申请公开。')
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Section 一 holds a small table of what was published by category (规范性文件 52, 行政许可 317, 行政处罚 86 "
        "items published — not table 二). Table 二 comes later under heading 二 with 6/2/31, 2417, 133: those are "
        "the table-二 values.")


@case("qa-request-channel-table")
def _channel_table() -> Case:
    c = H.trs
    extra = H.paras("本年度共收到政府信息公开申请19件，申请方式如下：") + "\n" + H.table(
        [H.tr([c("申请方式"), c("件数")]), H.tr([c("当面申请"), c("5")]), H.tr([c("网络申请"), c("12")]),
         H.tr([c("信函申请"), c("2")]), H.tr([c("合计"), c("19")])])
    head = H.paras("三、收到和处理政府信息公开申请情况")
    body = H.report_body(c).replace(head, head + "\n" + extra)
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Under heading 三, before table 三, a small table of application channels (当面/网络/信函, 合计 19). Its "
        "'合计' row is not table 三's （七）总计, whose seven cells (13 3 1 0 2 1 20) the form prints below.")


@case("qa-title-line-above")
def _title_line_above() -> Case:
    title = "2023年政府信息公开工作年度报告"
    html = H.page(f'<div id="zoom"><p style="text-align:right">青民〔2024〕3号</p>\n'
                  f'<p align="center"><strong>{title}</strong></p>\n{_simple_report()}</div>', "青山县人民政府")
    return "html", html, full(
        title, None, 2023,
        "A document-number line '青民〔2024〕3号' above a title that prints no agency: the line is not the first line "
        "of a two-line title (it names no agency), so the title stays '2023年…年度报告' and the agency null (the page "
        "shows no 发布机构). Same with a date line '2024-01-22' or a tools line '分享到 打印 关闭' above the title.")


@case("qa-word-list-headings")
def _word_list_headings() -> Case:
    import re

    def wordlist(m: re.Match[str]) -> str:
        return ("<p class=MsoListParagraph style='margin-left:32.0pt;text-indent:-32.0pt;mso-list:l0 level1 lfo1'>"
                "<![if !supportLists]><span lang=EN-US style='font-family:黑体'><span style='mso-list:Ignore'>"
                + m.group(1) + "<span style='font:7.0pt \"Times New Roman\"'>&nbsp;&nbsp; </span></span></span>"
                "<![endif]><span style='font-family:黑体'>" + m.group(2) + "<span lang=EN-US><o:p></o:p></span></span></p>")

    body = re.sub(r'<p style="text-indent:2em">([一二三四五六]、)([^<]{2,30})</p>', wordlist, H.report_body(H.trs))
    return "html", std_page(body), full(
        STD_TITLE, "青山县民政局", 2023,
        "Word HTML of automatically numbered headings: the number '一、' sits in <![if !supportLists]><span "
        "style='mso-list:Ignore'>…<![endif]> before the heading text (DOCX keeps it in numbering.xml instead).",
        sections_contain={"overview": "1260条", "problems": "政策解读形式单一", "other": "信息处理费"})


@case("qa-input-value-cells")
def _input_cells() -> Case:
    import re

    t4 = re.sub(r"<td>(\d+)</td>", r'<td><input type="text" class="inp" readonly="readonly" value="\1"></td>',
                H.t4_table(H.plain))
    return "html", std_page(H.report_body(H.plain, t4=t4)), full(
        STD_TITLE, "青山县民政局", 2023,
        "A report rendered by a 年报 filling system's preview page: table 四's numbers are read-only <input value=…> "
        "fields. The page shows 2 1 0 1 4 / 1 0 0 1 2 / 0 0 1 0 1; reading the cells as blank gives fifteen wrong zeros.")


@case("qa-section-part-headings")
def _part_headings() -> Case:
    heads = {"overview": "第一部分 总体情况", "active": "第二部分 主动公开政府信息情况",
             "requests": "第三部分 收到和处理政府信息公开申请情况", "redress": "第四部分 政府信息公开行政复议、行政诉讼情况",
             "problems": "第五部分 存在的主要问题及改进情况", "other": "第六部分 其他需要报告的事项"}
    return "html", std_page(H.report_body(H.trs, headings=heads)), full(
        STD_TITLE, "青山县民政局", 2023, "Parts headed '第一部分 总体情况' … '第六部分 其他需要报告的事项'.",
        sections_contain={"overview": "1260条", "problems": "政策解读形式单一", "other": "信息处理费"})


@case("qa-title-h1-date-span")
def _title_h1_date() -> Case:
    html = H.page(f'<div class="detail"><h1>{STD_TITLE}<span class="date">2024-01-22</span></h1>\n'
                  f'<div class="zw">{_simple_report()}</div></div>', f"{STD_TITLE}_青山县人民政府")
    return "html", html, full(
        STD_TITLE, "青山县民政局", 2023,
        "The <h1> holds the title and a date span ('…年度报告2024-01-22'), so it is no clean title; <title> has "
        "the title with a '_' site suffix. The body does not repeat the title.")


DOCX_NOTES = {
    "qa-docx-nested-frame": "Tables 三 and 四 each sit inside the one cell of a 1x1 frame table (w:tbl inside w:tc), "
                            "as Word files made from web pages or WPS frames have.",
    "qa-docx-sdt-rows": "Every data row of table 三 is wrapped in a row-level content control (w:tbl > w:sdt > "
                        "w:sdtContent > w:tr), as templates with repeating sections have.",
    "qa-docx-sdt-cells": "Table 四's fifteen data cells are each wrapped in a cell-level content control (w:tr > "
                         "w:sdt > w:sdtContent > w:tc): the numbers are 2 1 0 1 4 / 1 0 0 1 2 / 0 0 1 0 1, not zeros.",
    "qa-docx-textbox-title": "The title is in a text box: Word stores it twice (wps:txbx and the VML v:textbox "
                             "fallback inside mc:AlternateContent); the title is printed once.",
    "qa-docx-vmerge-no-restart": "Vertical merges of table 三 whose first cell has a bare <w:vMerge/> (no "
                                 "w:val=\"restart\"), as some converters write them.",
    "qa-docx-auto-numbering": "Word automatic numbering (w:numPr): headings numbered 一、…六、 by a chineseCounting list "
                              "and table 三's items 1. 2. … by decimal lists, so the runs hold '总体情况', '属于国家秘密', "
                              "'其他' without the printed numbers.",
    "qa-docx-grid-before-after": "Table 四's data row is indented by w:gridBefore=1 and w:gridAfter=1 on a grid one "
                                 "column wider on each side than its header rows' cells.",
}


def write_docx_expected() -> None:
    import qa_docx as X

    for name in X.DOCX:
        extra = {"sections_contain": {"overview": "1260条", "problems": "政策解读形式单一", "other": "信息处理费"}}
        exp = full(X.TITLE, "青山县市场监督管理局", 2023, DOCX_NOTES[name], **extra)
        (DOCS / f"{name}.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
    req = {r: ["" if x == "0" else x for x in v] for r, v in D.REQUESTS.items()}
    exp = full(X.TITLE, "青山县市场监督管理局", 2023,
               "XLSX 统计表: title, statistics sentence and the three tables typed into one worksheet with merged "
               "ranges for the form's spans; numbers stored as numbers (（一）予以公开 as floats 5.0 …), zero cells of "
               "table 三 left empty.", values=D.expected_values(req))
    (DOCS / "qa-xlsx-sheet.expected.json").write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")


def write(check: bool = False) -> int:
    bad = 0
    for name, fn in CASES.items():
        ext, text, expected = fn()
        if ENCODINGS[name] == "utf-8":
            (DOCS / f"{name}.{ext}").write_text(text, encoding="utf-8")
            data = text.encode("utf-8")
        else:  # like the other GBK cases: a readable source here, encoded by generate.py
            (HERE / f"{name}.{ext}").write_text(text, encoding="utf-8")
            data = text.encode(ENCODINGS[name])
        (DOCS / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                    encoding="utf-8")
        if check:
            bad += _check(name, expected, data, ext)
    return bad


def _check(name: str, expected: dict[str, Any], data: bytes, ext: str) -> int:
    sys.path.insert(0, str(DOCS.parents[1]))
    import golden  # type: ignore[import-not-found]

    import parsers
    record = parsers.parse(data, path=f"{name}.{ext}")
    problems = golden.contract_problems(record, name) + golden.compare(expected, record)
    print(f"{'FAIL' if problems else 'ok  '} {name}")
    for p in problems[:12]:
        print("      " + p)
    if len(problems) > 12:
        print(f"      … {len(problems) - 12} more")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.path.insert(0, str(DOCS))
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    if only:
        for k in list(CASES):
            if k not in only:
                del CASES[k]
    if not only:
        write_docx_expected()
    sys.exit(1 if write("--check" in sys.argv) else 0)
