"""Write the qa2-* golden documents (second QA round) and their expected files.

    .venv/bin/python tests/documents/src/qa2_build.py          # (re)write the files
    .venv/bin/python tests/documents/src/qa2_build.py --check  # also parse each one and print the diff

Variety the first round (qa_build.py) did not cover: 2019-format reports with the 武汉 2020 label
guidance, pre-2019 free-form reports with their own 统计表, non-reports that look like reports,
title/agency/year edge cases, odd cell values, table splits and orders, sloppy HTML, text layers
and encodings. Expected values are the numbers put into each document (what it prints), never the
parser's output. UTF-16 and GB18030 cases are encoded by generate.py from sources in src/.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import qa_build as B  # noqa: E402
import qa_data as D  # noqa: E402
import qa_html as H  # noqa: E402

CASES: dict[str, Any] = {}
ENCODINGS: dict[str, str] = {}


def case(name: str, encoding: str = "utf-8") -> Any:
    def deco(fn: Any) -> Any:
        CASES[name] = fn
        ENCODINGS[name] = encoding
        return fn
    return deco


full = B.full
TITLE = "青山县自然资源局2023年政府信息公开工作年度报告"
AG = "青山县自然资源局"


def page(body: str, title: str = TITLE, **kw: Any) -> str:
    return H.page(f'<div class="article"><h1>{title}</h1>\n<div id="zoom">\n{body}\n</div></div>',
                  f"{title}_青山县人民政府", **kw)


# --- 2019 format ----------------------------------------------------------------------------------

ROWS_2019 = [r for r in D.ROWS_2021 if not r.startswith("other_")]
ROWS_2019.insert(ROWS_2019.index("total"), "other_single")
REQ_2019 = {r: v for r, v in D.REQUESTS.items() if not r.startswith("other_")} | {
    "other_single": ["0", "0", "0", "0", "1", "0", "1"]}
LABELS_2019 = dict(D.LABELS) | {"other_single": "（六）其他处理"}

# (row, label, values) in the form's order; the 收费 row has two columns, 采购 two.
ACTIVE_2019: list[tuple[str, list[str]]] = [
    ("rules", ["0", "0", "0"]), ("normative_docs", ["4", "4", "33"]),
    ("licensing", ["1200", "+36", "5210"]), ("other_services", ["20", "-8", "315"]),
    ("penalty", ["45", "0", "41"]), ("coercion", ["4", "+1", "2"]),
    ("fees", ["3", "-1"]), ("procurement", ["5", "251000元"]),
]
COLS_2019 = {"rules": ["new_made", "new_published", "total_published"],
             "normative_docs": ["new_made", "new_published", "total_published"],
             "licensing": ["prev_items", "delta", "decisions"], "other_services": ["prev_items", "delta", "decisions"],
             "penalty": ["prev_items", "delta", "decisions"], "coercion": ["prev_items", "delta", "decisions"],
             "fees": ["prev_items", "delta"], "procurement": ["projects", "amount"]}
PLAIN_2019 = {"rules": "规章", "normative_docs": "规范性文件", "licensing": "行政许可",
              "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "coercion": "行政强制",
              "fees": "行政事业性收费", "procurement": "政府集中采购"}
WUHAN_2019 = PLAIN_2019 | {
    "normative_docs": "规范性文件(指本机关制发的涉及公民、法人和其他组织权利义务的规范性文件)",
    "other_services": "其他对外管理服务事项(指除行政许可、行政处罚、行政强制以外的行政确认、行政给付、行政奖励等事项)",
}
HEADS_2019 = {"plain": (["本年新制作数量", "本年新公开数量", "对外公开总数量"], ["上一年项目数量", "本年增/减", "处理决定数量"]),
              "wuhan": (["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                        ["上一年项目数量(指2022年事项数)", "本年增/减(指2023年比2022年增减数，减用负值表示，如-8)",
                         "处理决定数量(指2023年办件量)"])}


def num2019(raw: str) -> int | float | None:
    s = raw.strip().removesuffix("元").replace(",", "")
    if s.endswith("万"):
        s = s[:-1]
    return D.meaning(s.lstrip("+"))


def values_2019(active: list[tuple[str, list[str]]] = ACTIVE_2019, requests: dict[str, list[str]] | None = None,
                redress: dict[str, list[str]] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for row, vals in active:
        for col, v in zip(COLS_2019[row], vals, strict=True):
            out[f"active.{row}.{col}"] = num2019(v)
    req = requests if requests is not None else REQ_2019
    for row in ROWS_2019:
        for col, v in zip(D.REQ_COLS, req[row], strict=True):
            out[f"requests.{row}.{col}"] = D.meaning(v)
    for g in D.RED_GROUPS:
        for col, v in zip(D.RED_COLS, (redress or D.REDRESS)[g], strict=True):
            out[f"redress.{g}.{col}"] = D.meaning(v)
    return out


def t2_2019(cell: H.Cell = H.trs, active: list[tuple[str, list[str]]] = ACTIVE_2019,
            labels: dict[str, str] = PLAIN_2019, heads: str = "plain") -> str:
    vals = dict(active)
    h1, h5 = HEADS_2019[heads]
    rows = []
    for cap, head, items in [("第二十条第（一）项", h1, ["rules", "normative_docs"]),
                             ("第二十条第（五）项", h5, ["licensing", "other_services"]),
                             ("第二十条第（六）项", h5, ["penalty", "coercion"])]:
        rows.append(H.tr([cell(cap, cs=4)]))
        rows.append(H.tr([cell("信息内容")] + [cell(h) for h in head]))
        rows += [H.tr([cell(labels[r])] + [cell(x) for x in vals[r]]) for r in items]
    rows.append(H.tr([cell("第二十条第（八）项", cs=4)]))
    rows.append(H.tr([cell("信息内容"), cell(h5[0]), cell(h5[1], cs=2)]))
    rows.append(H.tr([cell(labels["fees"]), cell(vals["fees"][0]), cell(vals["fees"][1], cs=2)]))
    rows.append(H.tr([cell("第二十条第（九）项", cs=4)]))
    rows.append(H.tr([cell("信息内容"), cell("采购项目数量"), cell("采购总金额", cs=2)]))
    rows.append(H.tr([cell(labels["procurement"]), cell(vals["procurement"][0]), cell(vals["procurement"][1], cs=2)]))
    return H.table(rows)


def t3_2019(cell: H.Cell = H.trs, requests: dict[str, list[str]] | None = None) -> str:
    req = requests if requests is not None else REQ_2019
    return H.table(H.t3_header(cell) + H.t3_body(cell, requests=req, rows=ROWS_2019, labels=LABELS_2019))


INTRO_2019 = ("本年度报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2019〕60号要求编制。"
              "本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。")


def body_2019(year: int = 2023, t2: str | None = None, t3: str | None = None, t4: str | None = None) -> str:
    return H.report_body(H.trs, year=year, intro=INTRO_2019.format(year=year), t2=t2 or t2_2019(),
                         t3=t3 or t3_2019(), t4=t4)


@case("qa2-2019-wuhan-guidance")
def _wuhan() -> Any:
    title = "青山市生态环境局2020年政府信息公开工作年度报告"
    body = body_2019(2020, t2=t2_2019(labels=WUHAN_2019, heads="wuhan"))
    return "html", page(body, title), full(
        title, "青山市生态环境局", 2020,
        "2019 form with 武汉 2020-style guidance inside the labels: 上一年项目数量(指2022年事项数), 本年增/减(…减用负值表示，"
        "如-8), 处理决定数量(指2023年办件量); 规范性文件 and 其他对外管理服务事项 carry definitions, the latter naming 行政许可, "
        "行政处罚, 行政强制 (must not be read as those rows). Signed deltas '+36', '-8', '+1'; 采购总金额 '251000元' "
        "(value as printed, the unit stays in cells). Table 三 has the single （六）其他处理 row.",
        fmt="2019", values=values_2019(),
        checks_passing=[{"rule": "R5", "scope": "active.other_services.delta"}, {"rule": "R5", "scope": "active.fees.delta"}])


@case("qa2-2019-procurement-wan")
def _proc_wan() -> Any:
    active = [r if r[0] != "procurement" else ("procurement", ["3", "25.1万元"]) for r in ACTIVE_2019]
    title = "青山县教育局2019年政府信息公开工作年度报告"
    body = body_2019(2019, t2=t2_2019(active=active))
    return "html", page(body, title), full(
        title, "青山县教育局", 2019,
        "2019 form; 采购总金额 printed '25.1万元' (amount as printed: 25.1, unit in cells).", fmt="2019",
        values=values_2019(active))


@case("qa2-2019-table2-in-2022")
def _t2_2019_in_2022() -> Any:
    title = "青山县农业农村局2022年政府信息公开工作年度报告"
    body = H.report_body(H.trs, year=2022, t2=t2_2019())
    vals = values_2019()
    vals = {k: v for k, v in vals.items() if not k.startswith("requests.")} | {
        k: v for k, v in D.expected_values(active=None).items() if k.startswith("requests.")}
    return "html", page(body, title), full(
        title, "青山县农业农村局", 2022,
        "A 2022 report (cites 30号, 2021 table 三 with three （六） rows) whose table 二 is still the 2019 form "
        "(佳县螅镇 2022): blocks of both formats, so 'hybrid'; table 二 keeps the 2019 keys.", fmt="hybrid", values=vals)


@case("qa2-2019-whole-in-2022")
def _whole_2019_in_2022() -> Any:
    title = "青山县司法局2022年度政府信息公开工作年度报告"
    body = body_2019(2022)
    return "html", page(body, title), full(
        title, "青山县司法局", 2022,
        "A 2022 report printed entirely in the 2019 form (both tables 二 and 三, single （六）其他处理): format is what "
        "the tables are ('2019'), the year stays 2022.", fmt="2019", values=values_2019())


@case("qa2-2019-text-tabs")
def _2019_text() -> Any:
    """2019 report copied from Word to text: tab-separated rows."""
    lines = ["青山县统计局2019年政府信息公开工作年度报告", "",
             INTRO_2019.format(year=2019), "一、总体情况", "2019年，本局主动公开政府信息215条。",
             "二、主动公开政府信息情况"]
    vals = dict(ACTIVE_2019)
    for cap, head, items in [("第二十条第（一）项", HEADS_2019["plain"][0], ["rules", "normative_docs"]),
                             ("第二十条第（五）项", HEADS_2019["plain"][1], ["licensing", "other_services"]),
                             ("第二十条第（六）项", HEADS_2019["plain"][1], ["penalty", "coercion"]),
                             ("第二十条第（八）项", HEADS_2019["plain"][1][:2], ["fees"]),
                             ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["procurement"])]:
        lines += [cap, "\t".join(["信息内容"] + head)]
        lines += ["\t".join([PLAIN_2019[r]] + vals[r]) for r in items]
    lines += ["三、收到和处理政府信息公开申请情况", H.GOUJI + "\t申请人情况",
              "\t自然人\t法人或其他组织\t\t\t\t\t总计", "\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    for r in ROWS_2019:
        lab = LABELS_2019[r]
        pre = {"granted": "三、本年度办理结果\t", "withheld_state_secret": "（三）不予公开\t",
               "unable_not_held": "（四）无法提供\t", "not_processed_petition": "（五）不予处理\t"}.get(r, "")
        lines.append(pre + lab + "\t" + "\t".join(REQ_2019[r]))
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议\t行政诉讼",
              "\t".join(H.RED_HEAD) + "\t未经复议直接起诉\t复议后起诉", "\t".join(H.RED_HEAD * 2),
              "\t".join(x for g in D.RED_GROUPS for x in D.REDRESS[g]),
              "五、存在的主要问题及改进情况", "公开内容不够全面。", "六、其他需要报告的事项", "无。"]
    title = "青山县统计局2019年政府信息公开工作年度报告"
    return "txt", "\n".join(lines) + "\n", full(
        title, "青山县统计局", 2019, "2019 form as tab-separated text (Word copy): signed deltas, '251000元'.",
        fmt="2019", values=values_2019())


# --- pre-2019 -------------------------------------------------------------------------------------

@case("qa2-pre2019-2017-template")
def _pre2017() -> Any:
    title = "青山县人民政府2017年政府信息公开工作年度报告"
    stats = H.table([H.tr([H.plain(x) for x in r]) for r in [
        ["统计指标", "单位", "统计数"], ["一、主动公开情况", "", ""], ["（一）主动公开政府信息数", "条", "1356"],
        ["其中：主动公开规范性文件数", "条", "12"], ["二、回应解读情况", "", ""], ["（一）回应公众关注热点或重大舆情数", "次", "8"],
        ["三、依申请公开情况", "", ""], ["（一）收到申请数", "件", "23"], ["1.当面申请数", "件", "5"],
        ["2.网络申请数", "件", "18"], ["（二）申请办结数", "件", "23"], ["1.按时办结数", "件", "23"],
        ["（三）申请答复数", "件", "23"], ["1.属于已主动公开范围数", "件", "6"], ["2.同意公开答复数", "件", "9"],
        ["3.同意部分公开答复数", "件", "2"], ["4.不同意公开答复数", "件", "1"], ["5.不属于本行政机关公开数", "件", "3"],
        ["6.申请信息不存在数", "件", "2"], ["四、行政复议数量", "件", "1"], ["五、行政诉讼数量", "件", "0"],
        ["六、举报投诉数量", "件", "0"], ["七、依申请公开信息收取的费用", "万元", "0"],
        ["八、机构建设和保障经费情况", "", ""], ["（一）政府信息公开工作专门机构数", "个", "1"],
        ["（二）从事政府信息公开工作人员数", "人", "4"], ["（三）政府信息公开专项经费", "万元", "3.5"],
        ["九、政府信息公开会议和培训情况", "", ""], ["（一）召开政府信息公开工作会议或专题会议数", "次", "3"],
        ["（二）举办各类培训班数", "次", "2"], ["（三）接受培训人员数", "人次", "160"]]])
    body = H.paras(
        "本报告根据《中华人民共和国政府信息公开条例》编制。报告中所列数据的统计期限自2017年1月1日起至2017年12月31日止。",
        "一、基本工作情况", "2017年，我县认真贯彻落实国务院办公厅《2017年政务公开工作要点》。",
        "二、主动公开政府信息情况", "全年主动公开政府信息1356条，其中规范性文件12条。",
        "三、回应解读情况", "全年回应公众关注热点8次，发布政策解读稿件35篇。",
        "四、依申请公开政府信息情况", "全年共受理政府信息公开申请23件，均已按时答复。",
        "五、政府信息公开行政复议、行政诉讼情况", "全年发生政府信息公开行政复议1件，无行政诉讼。",
        "六、机构建设和保障经费情况", "县政府办公室设政务公开办，配备工作人员4名，专项经费3.5万元。",
        "七、政府信息公开会议和培训情况", "召开工作会议3次，举办培训班2期，培训160人次。",
        "八、存在的主要问题及改进措施", "存在的问题是部分单位更新不及时。",
        "附表：青山县2017年政府信息公开情况统计表") + "\n" + stats
    return "html", page(body, title), {
        "title": title, "agency": "青山县人民政府", "year": 2017, "format": "pre2019", "no_values": True,
        "sections_contain": {"overview": "政务公开工作要点", "active": "1356条", "requests": "23件",
                             "redress": "行政复议1件", "problems": "更新不及时"},
        "note": "2016–2018 common template (FORMAT.md §4.1) with its 统计表 附表 (收到申请数, 同意公开答复数, 行政复议数量 …): "
                "pre2019, no canonical values invented from the local table; 回应解读 / 机构建设 / 会议培训 are extra "
                "sections (not asserted where they go)."}


@case("qa2-pre2019-2010-text")
def _pre2010() -> Any:
    title = "青山市财政局2010年政府信息公开工作年度报告"
    text = "\n".join([
        title, "", "本报告根据《中华人民共和国政府信息公开条例》要求，由青山市财政局编制。本报告中所列数据的统计期限自2010年1月1日起至2010年12月31日止。",
        "一、概述", "2010年，我局进一步健全政府信息公开工作机制。",
        "二、主动公开政府信息情况", "（一）公开范围。全年主动公开政府信息412条。", "（二）公开途径。通过政府网站、公开栏等途径公开。",
        "三、依申请公开政府信息情况", "全年共收到政府信息公开申请7件，其中当面申请2件、网上申请5件；已答复7件。",
        "四、政府信息公开的收费及减免情况", "本年度未收取任何费用。",
        "五、因政府信息公开申请行政复议、提起行政诉讼和申诉的情况", "本年度未发生因政府信息公开申请行政复议、提起行政诉讼和申诉的情况。",
        "六、存在的主要问题和改进措施", "信息公开的及时性有待提高。",
        "七、其他需要报告的事项", "无。", "",
        "附表：2010年政府信息公开情况统计表", "指标名称\t单位\t数量", "主动公开信息数\t条\t412",
        "申请总数\t件\t7", "其中：当面申请数\t件\t2", "网上申请数\t件\t5", "对申请的答复总数\t件\t7",
        "同意公开答复数\t件\t5", "同意部分公开答复数\t件\t1", "否决公开答复总数\t件\t1", "行政复议数\t件\t0",
        "行政诉讼数\t件\t0", "申诉数\t件\t0", "依申请公开信息收取的费用\t元\t0", ""])
    return "txt", text, {
        "title": title, "agency": "青山市财政局", "year": 2010, "format": "pre2019", "no_values": True,
        "sections_contain": {"overview": "工作机制", "active": "412条", "requests": "收到政府信息公开申请7件",
                             "redress": "申诉", "problems": "及时性", "other": "未收取任何费用"},
        "note": "2008–2012 style (概述, 收费及减免, 申诉) as plain text with a tab 统计表 (申请总数, 同意公开答复数, 行政复议数): "
                "pre2019, no values; CONTRACT §2: 收费及减免 goes to 'other'."}


# --- non-reports ----------------------------------------------------------------------------------

def _noise(name: str, title: str, body: str, note: str) -> Any:
    @case(name)
    def _fn() -> Any:
        return "html", page(body, title), {"format": "unknown", "no_values": True, "note": note}
    return _fn


_noise("qa2-noise-zhidu", "青山县政府信息公开制度", H.paras(
    "第一条 为规范本县政府信息公开工作，根据《中华人民共和国政府信息公开条例》，制定本制度。",
    "第二条 主动公开政府信息情况应当每年统计，并于每年1月31日前向社会公布上一年度政府信息公开工作年度报告。",
    "第三条 依申请公开：收到和处理政府信息公开申请情况应当登记。申请人对答复不服的，可以依法申请行政复议、提起行政诉讼。",
    "第四条 政府信息公开工作年度报告应当包括：（一）总体情况；（二）主动公开政府信息情况；（三）收到和处理政府信息公开申请情况；"
    "（四）政府信息公开行政复议、行政诉讼情况；（五）存在的主要问题及改进情况；（六）其他需要报告的事项。",
    "第五条 本制度自2023年3月1日起施行。"),
    "政府信息公开制度: quotes every section title of the report; not a report → unknown, no values.")

_BUDGET_T = H.table([H.tr([H.plain(x) for x in r]) for r in [
    ["项目", "2023年预算数", "2022年预算数", "增减"], ["一、一般公共预算拨款收入", "1532.45", "1420.10", "112.35"],
    ["二、政府性基金预算拨款收入", "0", "0", "0"], ["行政事业性收费收入", "12.50", "10.00", "2.50"],
    ["收入总计", "1544.95", "1430.10", "114.85"]]])
_noise("qa2-noise-budget", "青山县自然资源局2023年度部门预算公开",
       H.paras("一、部门基本情况", "（一）主要职能。", "二、收支预算情况说明", "2023年收入预算1544.95万元。") + _BUDGET_T,
       "部门预算公开 with a numeric 收支 table and a 行政事业性收费 row: not a report.")

_noise("qa2-noise-work-points", "青山县2024年政务公开工作要点", H.paras(
    "一、加强政策解读。", "二、做好依申请公开工作。规范办理政府信息公开申请，降低行政复议纠错率。",
    "三、按时发布政府信息公开工作年度报告。各单位于2024年1月31日前发布2023年政府信息公开工作年度报告，"
    "严格按照国办公开办函〔2021〕30号格式编制，如实填报主动公开政府信息情况、收到和处理政府信息公开申请情况。"),
    "政务公开工作要点 naming the report, its format notice and its sections: not a report.")

_FZ_T = H.table([H.tr([H.plain(x) for x in r]) for r in [
    ["类别", "收案数", "审结数", "维持", "纠正"], ["行政复议", "45", "40", "31", "6"], ["行政诉讼", "12", "10", "8", "1"]]])
_noise("qa2-noise-fazhi", "青山县2023年法治政府建设年度报告", H.paras(
    "2023年，我县深入学习贯彻习近平法治思想。", "一、主要举措和成效", "（一）推进政务公开。全年主动公开政府信息3200余条。",
    "（二）行政复议和行政应诉情况。") + _FZ_T + H.paras("二、存在的不足和原因", "三、2024年工作安排"),
    "法治政府建设年度报告 (a 年度报告 with a 行政复议/行政诉讼 table of 维持/纠正): not a disclosure report.")

_TJ_T = H.table([H.tr([H.plain(x) for x in r]) for r in [
    ["指标", "单位", "2023年", "比上年增长%"], ["地区生产总值", "亿元", "312.5", "5.6"], ["一般公共预算收入", "亿元", "18.3", "3.1"]]])
_noise("qa2-noise-tongji-nianbao", "青山县2023年统计年报", H.paras("统计年报说明：本年报数据统计期限为2023年1月1日至2023年12月31日。")
       + _TJ_T, "统计年报 (statistics period sentence, 年报 in the title): not a disclosure report.")


@case("qa2-noise-list-page")
def _list_page() -> Any:
    items = "\n".join(f'<li><a href="/zfxxgk/nb/{y}/t{y + 1}0125_{y}.html">青山县{ag}{y}年政府信息公开工作年度报告</a>'
                      f'<span>{y + 1}-01-25</span></li>'
                      for y in (2023, 2022, 2021) for ag in ("人民政府", "教育局", "民政局"))
    html = H.page(f'<div class="list"><h2>政府信息公开年报</h2><ul>{items}</ul><div class="page">共9条 1/1页</div></div>',
                  "政府信息公开年报_青山县人民政府")
    return "html", html, {"format": "unknown", "no_values": True,
                          "note": "A 年报 column list page: links to nine reports; not a report."}


# --- title, agency, year --------------------------------------------------------------------------

def _meta(name: str, title: str | None, agency: str | None, year: int | None, note: str, h1: str | None = None,
          title_tag: str | None = None, intro: str | None = None, after: str = "", before: str = "") -> None:
    @case(name)
    def _fn() -> Any:
        body = H.report_body(H.trs, year=2023, intro=intro)
        head = f"<h1>{h1}</h1>\n" if h1 else ""
        html = H.page(f'<div class="article">{before}{head}<div id="zoom">\n{body}\n{after}</div></div>',
                      title_tag if title_tag is not None else f"{h1 or ''}_青山县人民政府")
        return "html", html, full(title, agency, year, note)


_meta("qa2-title-gonggao", "关于青山县财政局2023年政府信息公开工作年度报告的公告", "青山县财政局", 2023,
      "Title '关于{机关}{YYYY}年…年度报告的公告' (the report published as a 公告): agency is the body inside 关于…的.",
      h1="关于青山县财政局2023年政府信息公开工作年度报告的公告")
_meta("qa2-title-quanwen", "青山县2023年政府信息公开工作年度报告（全文）", "青山县", 2023,
      "Title with the suffix （全文）; the agency is printed as '青山县' only (no expansion).",
      h1="青山县2023年政府信息公开工作年度报告（全文）")
_meta("qa2-title-gengzheng", "青山县卫生健康局2023年度政府信息公开年报（更正版）", "青山县卫生健康局", 2023,
      "Title '…年度政府信息公开年报（更正版）' (a corrected re-publication).",
      h1="青山县卫生健康局2023年度政府信息公开年报（更正版）")
_meta("qa2-title-docnum", "青山县人民政府办公室2023年政府信息公开工作年度报告", "青山县人民政府办公室", 2023,
      "A 文号 line '青政办〔2024〕3号' above the title (and 〔2021〕30号 in the intro): the document number is neither "
      "title nor year.", h1="青山县人民政府办公室2023年政府信息公开工作年度报告",
      before='<p class="wh" style="text-align:center">青政办〔2024〕3号</p>\n')
_meta("qa2-agency-jiedao", "青山县城关街道办事处2023年政府信息公开工作年度报告", "青山县城关街道办事处", 2023,
      "A 街道办事处 report.", h1="青山县城关街道办事处2023年政府信息公开工作年度报告")
_meta("qa2-agency-guanweihui", "青山高新技术产业开发区管理委员会2023年政府信息公开工作年度报告",
      "青山高新技术产业开发区管理委员会", 2023, "A 管委会 report (派出机构).",
      h1="青山高新技术产业开发区管理委员会2023年政府信息公开工作年度报告")
_meta("qa2-agency-parens-bureau", "青山县发展和改革局（青山县粮食和物资储备局）2023年政府信息公开工作年度报告",
      "青山县发展和改革局（青山县粮食和物资储备局）", 2023,
      "Agency with a bracketed second name of a 合署 office (half-width brackets in the <title> tag only).",
      h1="青山县发展和改革局（青山县粮食和物资储备局）2023年政府信息公开工作年度报告",
      title_tag="青山县发展和改革局(青山县粮食和物资储备局)2023年政府信息公开工作年度报告-青山县人民政府")
_meta("qa2-title-tag-pipe-suffix", "青山县林业局2023年政府信息公开工作年度报告", "青山县林业局", 2023,
      "Title only in <title>, with the site suffix after '｜' (full-width bar); no <h1> in the page.",
      title_tag="青山县林业局2023年政府信息公开工作年度报告｜青山县人民政府门户网站")
_meta("qa2-period-differs", "青山县审计局2023年政府信息公开工作年度报告", "青山县审计局", 2022,
      "The title says 2023 but the statistics-period sentence says 2022年1月1日至2022年12月31日 (a mislabelled title): "
      "CONTRACT §2 — the statistics sentence wins.", h1="青山县审计局2023年政府信息公开工作年度报告",
      intro="本报告所列数据的统计期限为2022年1月1日至2022年12月31日。")
_meta("qa2-year-from-signature", "青山县人民政府办公室政府信息公开工作年度报告", "青山县人民政府办公室", 2023,
      "No year in the title and no statistics sentence: the only date is the signature '青山县人民政府办公室 2024年1月20日' "
      "at the end → 2023 (a publication date the document shows, minus one).",
      h1="青山县人民政府办公室政府信息公开工作年度报告", intro="现将本机关政府信息公开工作年度报告公布如下。",
      after='<p style="text-align:right">青山县人民政府办公室</p>\n<p style="text-align:right">2024年1月20日</p>\n')


# --- values ---------------------------------------------------------------------------------------

@case("qa2-values-separators-fullwidth")
def _vals_fmt() -> Any:
    active = [("rules", ["0", "0", "0"]), ("normative_docs", ["６", "２", "３１"]), ("licensing", ["1,234"]),
              ("penalty", ["１３３"]), ("coercion", ["0"]), ("fees", ["0.00"])]
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["new_received"] = ["１２", "３", "１", "０", "２", "１", "１９"]
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active), t3=H.t3_table(H.trs, requests=req))
    vals = D.expected_values(active=None) | {
        "active.normative_docs.issued": 6, "active.normative_docs.repealed": 2, "active.normative_docs.in_force": 31,
        "active.licensing.decisions": 1234, "active.penalty.decisions": 133, "active.coercion.decisions": 0,
        "active.fees.amount_wan_yuan": 0}
    return "html", page(body), full(TITLE, AG, 2023,
                                    "Thousands separator '1,234', full-width digits '６' '１３３' '１２' and fees '0.00'.",
                                    values=vals)


@case("qa2-values-approx")
def _vals_approx() -> Any:
    active = [("rules", ["0", "0", "0"]), ("normative_docs", ["6", "2", "31"]), ("licensing", ["约2400"]),
              ("penalty", ["20余"]), ("coercion", ["7"]), ("fees", ["86.45"])]
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active))
    vals = D.expected_values(active=None) | {"active.coercion.decisions": 7, "active.fees.amount_wan_yuan": 86.45,
                                             "active.normative_docs.in_force": 31}
    return "html", page(body), full(
        TITLE, AG, 2023, "Approximate cells '约2400' (行政许可) and '20余' (行政处罚): not exact numbers, so not values "
        "(a wrong number is worse than a gap).", values=vals,
        not_values=["active.licensing.decisions", "active.penalty.decisions"])


@case("qa2-values-fee-units")
def _vals_fee() -> Any:
    active = [("rules", ["0", "0", "0"]), ("normative_docs", ["6", "2", "31"]), ("licensing", ["2417"]),
              ("penalty", ["133"]), ("coercion", ["7"]), ("fees", ["12.50万元"])]
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active))
    vals = D.expected_values(active=None) | {"active.fees.amount_wan_yuan": 12.5, "active.licensing.decisions": 2417}
    return "html", page(body), full(TITLE, AG, 2023, "收费 cell '12.50万元' (unit printed in the 万元 column): 12.5.",
                                    values=vals)


@case("qa2-values-fee-decimal-small")
def _vals_fee_small() -> Any:
    active = [("rules", ["0", "0", "0"]), ("normative_docs", ["6", "2", "31"]), ("licensing", ["2417"]),
              ("penalty", ["133"]), ("coercion", ["7"]), ("fees", ["0.35"])]
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active))
    vals = D.expected_values(active=None) | {"active.fees.amount_wan_yuan": 0.35}
    return "html", page(body), full(TITLE, AG, 2023, "收费 '0.35' 万元: a decimal below 1.", values=vals)


@case("qa2-values-dash-variants")
def _vals_dash() -> Any:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["withheld_state_secret"] = ["－"] * 7
    req["withheld_law_prohibited"] = ["——"] * 7
    req["not_processed_excessive"] = ["0件"] * 7
    red = {"review": ["2", "1", "－", "1", "4"], "lit_direct": ["1", "无", "无", "1", "2"],
           "lit_after_review": ["/", "/", "1", "/", "1"]}
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req), t4=H.t4_table(H.trs, redress=red))
    vals = D.expected_values(req, redress=None) | {
        "redress.review.other": 0, "redress.lit_direct.corrected": 0, "redress.lit_after_review.upheld": None,
        "redress.lit_after_review.other": 1, "redress.lit_after_review.total": 1}
    return "html", page(body), full(
        TITLE, AG, 2023, "Full-width '－', double dash '——', '0件' in table 三; '/' in 复议后起诉 cells (null). R4 on "
        "lit_after_review cannot be computed from nulls: not a failure.", values=vals)


@case("qa2-values-slash-total")
def _vals_slash_total() -> Any:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["granted"] = req["granted"][:6] + ["/"]
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req))
    vals = D.expected_values(req)
    return "html", page(body), full(
        TITLE, AG, 2023, "'/' in the 总计 cell of （一）予以公开 while its parts are filled: null (not applicable), so R3 for "
        "the row and R2 for the total column cannot be computed — uncertain, not fail, and no repair.", values=vals)


@case("qa2-values-negative-count")
def _vals_neg() -> Any:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["carried_out"] = ["-2", "1", "0", "0", "0", "0", "-1"]
    req["total"] = ["16", "3", "1", "0", "2", "1", "23"]
    req["not_processed_repeat"] = ["4", "0", "0", "0", "0", "0", "4"]
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req))
    return "html", page(body), full(
        TITLE, AG, 2023, "Negative counts in 结转下年度 (自然人 '-2', 总计 '-1'): R5 fails for those cells; R1 and R3 hold as "
        "printed (14 = 16 + -2).", values=D.expected_values(req), balanced=False,
        checks_failing=[{"rule": "R5", "scope": "requests.carried_out.natural_person"},
                        {"rule": "R5", "scope": "requests.carried_out.total"}])


# --- tables ---------------------------------------------------------------------------------------

def _reorder(v: list[str], order: list[int]) -> list[str]:
    return [v[i] for i in order]


@case("qa2-t3-total-first")
def _t3_total_first() -> Any:
    c = H.trs
    order = [6, 0, 1, 2, 3, 4, 5]
    req = {r: _reorder(v, order) for r, v in D.REQUESTS.items()}
    head = [H.tr([c(H.GOUJI, rs=3, cs=3), c("申请人情况", cs=7)]),
            H.tr([c("总计", rs=2), c("自然人", rs=2), c("法人或其他组织", cs=5)]),
            H.tr([c(h) for h in H.HEAD_SUB])]
    body = H.report_body(c, t3=H.table(head + H.t3_body(c, requests=req)))
    return "html", page(body), full(TITLE, AG, 2023, "Table 三 with the 总计 column FIRST (before 自然人): columns are "
                                    "placed by header, not by position.")


@case("qa2-t3-rows-reordered")
def _t3_reordered() -> Any:
    rows = list(D.ROWS_2021)
    rows.remove("carried_in")
    rows.insert(0, "carried_in")
    rows.remove("carried_out")
    rows.insert(rows.index("total"), "carried_out")
    c = H.trs
    out = []
    for r in rows:
        out.append(H.tr([c(D.LABELS[r])] + [c(x) for x in D.REQUESTS[r]]))
    head = H.t3_header(c, "2row", 1)
    body = H.report_body(c, t3=H.table(head + out))
    return "html", page(body), full(TITLE, AG, 2023, "Table 三 (one label column) with rows out of the form's order: "
                                    "二、上年结转 before 一、本年新收, 四、结转下年度 before （七）总计. Rows are placed by label.")


@case("qa2-t3-split-repeated-header")
def _t3_split() -> Any:
    c = H.trs
    rows = H.t3_body(c, layout="one-col")
    cut = next(i for i, r in enumerate(rows) if "（四）无法提供" in r)
    t1 = H.table(H.t3_header(c, "2row", 1) + rows[:cut])
    t2 = H.table(H.t3_header(c, "2row", 1) + rows[cut:])
    body = H.report_body(c, t3=t1 + '\n<p style="text-align:center">（续表）</p>\n' + t2)
    return "html", page(body), full(
        TITLE, AG, 2023, "Table 三 split into two <table>s at （四）无法提供 (page break in the Word source), the 2-row "
        "header repeated in the second, '（续表）' between them.",
        not_values=[f"requests.other_single.{k}" for k in D.REQ_COLS])


@case("qa2-t4-two-tables")
def _t4_two() -> Any:
    c = H.trs
    t_rev = H.table([H.tr([c("行政复议", cs=5)]), H.tr([c(h) for h in H.RED_HEAD]),
                     H.tr([c(x) for x in D.REDRESS["review"]])])
    t_lit = H.table([H.tr([c("行政诉讼", cs=10)]),
                     H.tr([c("未经复议直接起诉", cs=5), c("复议后起诉", cs=5)]),
                     H.tr([c(h) for h in H.RED_HEAD * 2]),
                     H.tr([c(x) for g in ("lit_direct", "lit_after_review") for x in D.REDRESS[g]])])
    body = H.report_body(c, t4=t_rev + "\n<p>&nbsp;</p>\n" + t_lit)
    return "html", page(body), full(TITLE, AG, 2023, "Table 四 printed as two tables: 行政复议 (5 columns) and 行政诉讼 "
                                    "(10 columns).")


@case("qa2-t3-summary-and-official")
def _t3_two_copies() -> Any:
    c = H.trs
    summary = H.table([H.tr([c("事项"), c("件数")]), H.tr([c("本年新收政府信息公开申请"), c("19")]),
                       H.tr([c("上年结转政府信息公开申请"), c("3")]), H.tr([c("予以公开"), c("7")]),
                       H.tr([c("部分公开"), c("3")]), H.tr([c("无法提供"), c("6")]),
                       H.tr([c("结转下年度继续办理"), c("2")])])
    intro = H.INTRO.format(year=2023)
    body = H.report_body(c, intro=intro).replace(
        "<p style=\"text-indent:2em\">（二）依申请公开。严格依法办理政府信息公开申请，按时答复率100%。</p>",
        "<p style=\"text-indent:2em\">（二）依申请公开。全年办理情况如下表：</p>\n" + summary)
    return "html", page(body), full(
        TITLE, AG, 2023, "A 2-column summary of requests (事项/件数) in 一、总体情况 before the official table 三: the "
        "summary must not fill table 三's keys (its 19, 7, 6 … are totals, not 自然人).")


@case("qa2-t2-caption-left-rowspan-2019")
def _t2_caption_col_2019() -> Any:
    c = H.trs
    v = dict(ACTIVE_2019)
    rows = [H.tr([c("第二十条第（一）项", rs=3), c("信息内容"), c("本年新制作数量"), c("本年新公开数量"), c("对外公开总数量")]),
            H.tr([c("规章")] + [c(x) for x in v["rules"]]),
            H.tr([c("规范性文件")] + [c(x) for x in v["normative_docs"]]),
            H.tr([c("第二十条第（五）项", rs=3), c("信息内容"), c("上一年项目数量"), c("本年增/减"), c("处理决定数量")]),
            H.tr([c("行政许可")] + [c(x) for x in v["licensing"]]),
            H.tr([c("其他对外管理服务事项")] + [c(x) for x in v["other_services"]]),
            H.tr([c("第二十条第（六）项", rs=3), c("信息内容"), c("上一年项目数量"), c("本年增/减"), c("处理决定数量")]),
            H.tr([c("行政处罚")] + [c(x) for x in v["penalty"]]),
            H.tr([c("行政强制")] + [c(x) for x in v["coercion"]]),
            H.tr([c("第二十条第（八）项", rs=2), c("信息内容"), c("上一年项目数量"), c("本年增/减", cs=2)]),
            H.tr([c("行政事业性收费"), c(v["fees"][0]), c(v["fees"][1], cs=2)]),
            H.tr([c("第二十条第（九）项", rs=2), c("信息内容"), c("采购项目数量"), c("采购总金额", cs=2)]),
            H.tr([c("政府集中采购"), c(v["procurement"][0]), c(v["procurement"][1], cs=2)])]
    title = "青山县住房和城乡建设局2020年政府信息公开工作年度报告"
    body = body_2019(2020, t2=H.table(rows))
    return "html", page(body, title), full(
        title, "青山县住房和城乡建设局", 2020, "2019 table 二 as one table with the 第二十条 captions in a left column "
        "(rowspan over each sub-table).", fmt="2019", values=values_2019())


# --- HTML markup ----------------------------------------------------------------------------------

def font_cell(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
    a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f'<{tag.upper()}{a} ALIGN=center><FONT face=宋体 size=2><!-- cell -->{text}</FONT></{tag.upper()}>'


@case("qa2-html-font-soup")
def _font_soup() -> Any:
    req = {r: list(v) for r, v in D.REQUESTS.items()}
    req["new_received"] = ["1<B>2</B>", "3", "1", "0", "2", "1", "<b>1</b>9"]
    req["granted"] = ["<span>5</span><!-- 5 -->", "1", "0", "0", "1", "0", "7"]
    body = H.report_body(font_cell, t3=H.table([r.replace("<tr>", "<TR>").replace("</tr>", "</TR>")
                                                for r in H.t3_header(font_cell) + H.t3_body(font_cell, requests=req)]))
    body = body.replace("<p ", "<P ").replace("</p>", "</P>").replace("一、总体情况", "一、总体情况&#x3000;")
    return "html", page(body), full(
        TITLE, AG, 2023, "Old-CMS markup: uppercase tags, <FONT face=宋体 size=2>, an HTML comment inside every cell, "
        "bold inside numbers ('1<B>2</B>' is 12, '<b>1</b>9' is 19), '&#x3000;' after a heading.")


@case("qa2-html-unclosed-cells")
def _unclosed() -> Any:
    def cell(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
        a = (f" rowspan={rs}" if rs > 1 else "") + (f" colspan={cs}" if cs > 1 else "")
        return f"<td{a}>{text}"
    body = H.report_body(cell, t2=H.t2_one_table(cell), t3=H.t3_table(cell), t4=H.t4_table(cell))
    body = body.replace("</tr>", "")
    return "html", page(body), full(TITLE, AG, 2023, "Sloppy HTML: no </td> and no </tr> anywhere in the tables "
                                    "(unquoted rowspan/colspan); lxml/html5 repair must keep the grid.")


@case("qa2-html-trs-editor-nested")
def _trs_nested() -> Any:
    body = H.report_body(H.trs)
    html = H.page(f"""<table width="1000" align="center"><tr><td>
<table width="100%"><tr><td class="title"><h2>{TITLE}</h2></td></tr>
<tr><td class="info">发布时间：2024-01-22 来源：青山县自然资源局</td></tr>
<tr><td><div class="TRS_Editor"><div class="TRS_Editor">
<style type="text/css">.TRS_Editor P{{line-height:2;}}</style>
{body}
</div></div></td></tr></table></td></tr></table>""", f"{TITLE}_青山县人民政府")
    return "html", html, full(TITLE, AG, 2023, "Report inside two nested <div class=TRS_Editor> (with a <style> block) "
                              "inside a layout table cell; the title is an <h2> in the layout table.")


@case("qa2-html-cdata-script")
def _cdata() -> Any:
    body = H.report_body(H.trs)
    script = ('<script type="text/javascript">//<![CDATA[\nvar title="青山县自然资源局2022年政府信息公开工作年度报告";'
              'var t="<table><tr><td>规章</td><td>9</td></tr></table>";\n//]]></script>')
    return "html", page(script + "\n" + body), full(
        TITLE, AG, 2023, "A <script> with a CDATA section holding another title and a table string before the body: "
        "script text is not content.")


# --- text -----------------------------------------------------------------------------------------

def _text_report(year: int = 2023, t3_lines: list[str] | None = None, sep: str = "\t") -> list[str]:
    lines = [TITLE, "", H.INTRO.format(year=year), "一、总体情况", "全年主动公开政府信息1260条。", "二、主动公开政府信息情况"]
    for caption, heads, rows in H.ACTIVE_CAPTIONS:
        lines += [caption, sep.join(["信息内容"] + heads)]
        lines += [sep.join([H.ACTIVE_LABELS[r]] + dict(D.ACTIVE_2021)[r]) for r in rows]
    lines += ["三、收到和处理政府信息公开申请情况"]
    if t3_lines is None:
        t3_lines = [H.GOUJI + sep + "申请人情况", sep.join(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]),
                    sep.join(["", ""] + H.HEAD_SUB)]
        t3_lines += [sep.join([D.LABELS[r]] + D.REQUESTS[r]) for r in D.ROWS_2021]
    lines += t3_lines
    lines += ["四、政府信息公开行政复议、行政诉讼情况", sep.join(["行政复议", "行政诉讼"]),
              sep.join(H.RED_HEAD + ["未经复议直接起诉", "复议后起诉"]), sep.join(H.RED_HEAD * 2),
              sep.join(x for g in D.RED_GROUPS for x in D.REDRESS[g]),
              "五、存在的主要问题及改进情况", "政策解读形式单一。", "六、其他需要报告的事项", "本年度未收取信息处理费。"]
    return lines


@case("qa2-text-tabs-blank-lines")
def _tabs_blank() -> Any:
    t3 = [H.GOUJI, "申请人情况", "自然人\t法人或其他组织\t总计", "商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他"]
    for i, r in enumerate(D.ROWS_2021):
        if i % 3 == 0:  # every third row: one cell per line, blank cells as empty lines
            t3 += [D.LABELS[r]] + [("" if x == "0" else x) for x in D.REQUESTS[r]]
        else:
            t3.append("\t".join([D.LABELS[r]] + D.REQUESTS[r]))
    text = "\n".join(_text_report(t3_lines=t3)) + "\n"
    return "txt", text, full(TITLE, AG, 2023, "Word-to-text with tab rows for most of table 三 but every third row "
                             "one cell per line, zero cells as empty lines (mixed in one table).")


@case("qa2-text-pdf-footer-split")
def _pdf_footer() -> Any:
    t3 = [H.GOUJI + " 申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    for r in D.ROWS_2021:
        t3.append(D.LABELS[r] + " " + " ".join(D.REQUESTS[r]))
        if r == "withheld_process_info":
            t3 += ["", "— 3 —", "\f青山县自然资源局2023年政府信息公开工作年度报告", ""]
    text = "\n".join(_text_report(t3_lines=t3, sep=" ")) + "\n\n— 4 —\n"
    return "txt", text, full(TITLE, AG, 2023, "PDF text layer: table 三 split by a page footer '— 3 —', a form feed "
                             "and a running header repeating the title, in the middle of the （三）不予公开 rows.")


@case("qa2-text-utf16-bom", encoding="utf-16")
def _utf16() -> Any:
    return "txt", "\r\n".join(_text_report()) + "\r\n", full(
        TITLE, AG, 2023, "UTF-16 (LE, BOM) text file with CRLF lines: what Windows Notepad 'Unicode' saves.")


@case("qa2-text-gb18030-crlf-tabs", encoding="gb18030")
def _gb18030() -> Any:
    return "txt", "\r\n".join(_text_report()) + "\r\n", full(
        TITLE, AG, 2023, "GB18030 text with CRLF and tab-separated rows, no charset hint.")


# --- minimal reductions of failures seen above ----------------------------------------------------

def _comment_cell(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
    a = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
    return f"<{tag}{a}><!-- x -->{text}</{tag}>"


@case("qa2-html-cell-comment")
def _cell_comment() -> Any:
    body = H.report_body(H.plain, t3=H.t3_table(_comment_cell))
    return "html", page(body), full(TITLE, AG, 2023, "Reduction of qa2-html-font-soup: only an HTML comment "
                                    "'<!-- x -->' at the start of every cell of table 三; comments are not text.")


@case("qa2-text-group-label-first-cell")
def _text_group_first() -> Any:
    lines = [ln.replace("（一）予以公开", "三、本年度办理结果\t（一）予以公开", 1) if ln.startswith("（一）予以公开") else
             ("（三）不予公开\t" + ln if ln.startswith("1.属于国家秘密") else ln) for ln in _text_report()]
    return "txt", "\n".join(lines) + "\n", full(
        TITLE, AG, 2023, "Reduction of qa2-2019-text-tabs: Word-to-text table 三 where the group labels "
        "'三、本年度办理结果' and '（三）不予公开' are the first tab cell of their first item row (FORMAT.md §6.7).")


@case("qa2-text-amount-unit-2019")
def _text_amount() -> Any:
    title = "青山县统计局2019年政府信息公开工作年度报告"
    lines = [title, INTRO_2019.format(year=2019), "二、主动公开政府信息情况", "第二十条第（八）项",
             "信息内容\t上一年项目数量\t本年增/减", "行政事业性收费\t3\t-1", "第二十条第（九）项",
             "信息内容\t采购项目数量\t采购总金额", "政府集中采购\t5\t251000元", "三、收到和处理政府信息公开申请情况"]
    return "txt", "\n".join(lines) + "\n", {
        "title": title, "agency": "青山县统计局", "year": 2019, "format": "2019",
        "values": {"active.fees.prev_items": 3, "active.fees.delta": -1, "active.procurement.projects": 5,
                   "active.procurement.amount": 251000},
        "note": "Reduction of qa2-2019-text-tabs: a tab row '政府集中采购 5 251000元' in text; the unit-bearing amount "
                "must be read as 251000 (HTML reads it), not turned into inferred zeros."}


# --- round 2b: further probes ---------------------------------------------------------------------

@case("qa2-t3-two-copies-prev-year")
def _t3_prev_year_copy() -> Any:
    prev = {r: list(v) for r, v in D.REQUESTS.items()} | {  # last year's balanced table
        "new_received": ["9", "3", "1", "0", "2", "1", "16"], "granted": ["2", "1", "0", "0", "1", "0", "4"],
        "total": ["10", "3", "1", "0", "2", "1", "17"]}
    copy = ('<p style="text-indent:2em">2022年度收到和处理政府信息公开申请情况如下（供对比）：</p>\n'
            + H.t3_table(H.trs, requests=prev))
    body = H.report_body(H.trs).replace('<p style="text-indent:2em">二、主动公开政府信息情况</p>',
                                        copy + '\n<p style="text-indent:2em">二、主动公开政府信息情况</p>')
    return "html", page(body), full(
        TITLE, AG, 2023, "Two full copies of table 三: last year's (captioned 2022年度…（供对比）) in 一、总体情况, then "
        "this year's official one under 三、收到和处理政府信息公开申请情况. The table under heading 三 is the report's; "
        "taking the first copy gives wrong numbers (自然人 9 instead of 12).")


@case("qa2-year-signature-cn-numerals")
def _sig_cn() -> Any:
    title = "青山县民政局政府信息公开工作年度报告"
    body = H.report_body(H.trs, intro="现将本机关政府信息公开工作年度报告公布如下。")
    html = page(body + '\n<p style="text-align:right">青山县民政局</p>\n<p style="text-align:right">二〇二四年一月二十日</p>',
                title)
    return "html", html, full(title, "青山县民政局", 2023, "Only date: the signature '二〇二四年一月二十日' → 2023.")


@case("qa2-year-law-2019-mention")
def _law_2019() -> Any:
    title = "青山县民政局政府信息公开工作年度报告"
    body = H.report_body(H.trs, intro="根据2019年5月15日起施行的新修订《中华人民共和国政府信息公开条例》要求，"
                                       "现公布本机关政府信息公开工作年度报告。")
    html = H.page(f'<h1>{title}</h1><div class="info">发布时间：2024-01-18</div>\n{body}', f"{title}_青山县人民政府")
    return "html", html, full(title, "青山县民政局", 2023, "No year in the title, no statistics sentence; the intro "
                              "mentions '2019年5月15日' (the revised Regulations) — not a publication date; 发布时间 "
                              "2024-01-18 gives 2023.")


@case("qa2-2019-delta-unicode-minus")
def _delta_minus() -> Any:
    active = [("coercion", ["4", "\u22121", "2"]) if r == "coercion" else
              ("other_services", ["20", "－8", "315"]) if r == "other_services" else
              ("licensing", ["1200", "＋36", "5210"]) if r == "licensing" else (r, v) for r, v in ACTIVE_2019]
    title = "青山市生态环境局2020年政府信息公开工作年度报告"
    vals = values_2019() | {"active.coercion.delta": -1, "active.other_services.delta": -8, "active.licensing.delta": 36}
    return "html", page(body_2019(2020, t2=t2_2019(active=active)), title), full(
        title, "青山市生态环境局", 2020, "Signed deltas typeset by Word/PDF: U+2212 '−1', full-width '－8' and '＋36' "
        "(NFKC turns the full-width ones into ASCII, not U+2212).", fmt="2019", values=vals)


@case("qa2-values-unit-variants")
def _unit_variants() -> Any:
    req = {k: list(v) for k, v in D.REQUESTS.items()}
    req["new_received"] = [x + "（件）" for x in req["new_received"]]
    req["granted"] = [x + " 件" for x in req["granted"]]
    body = H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req))
    return "html", page(body), full(TITLE, AG, 2023, "Cells '12（件）' and '5 件' in table 三.")


@case("qa2-2019-amount-thousands")
def _amount_thousands() -> Any:
    active = [r if r[0] != "procurement" else ("procurement", ["5", "251,000.00元"]) for r in ACTIVE_2019]
    title = "青山县教育局2019年政府信息公开工作年度报告"
    vals = values_2019(active) | {"active.procurement.amount": 251000}
    return "html", page(body_2019(2019, t2=t2_2019(active=active)), title), full(
        title, "青山县教育局", 2019, "采购总金额 '251,000.00元' (separator, decimals and unit).", fmt="2019", values=vals)


@case("qa2-t4-lit-columns-swapped")
def _t4_swapped() -> Any:
    c = H.trs
    hdr = [H.tr([c("行政复议", cs=5), c("行政诉讼", cs=10)]),
           H.tr([c(h, rs=2) for h in H.RED_HEAD] + [c("复议后起诉", cs=5), c("未经复议直接起诉", cs=5)]),
           H.tr([c(h) for h in H.RED_HEAD * 2])]
    data = [c(x) for g in ("review", "lit_after_review", "lit_direct") for x in D.REDRESS[g]]
    body = H.report_body(c, t4=H.table(hdr + [H.tr(data)]))
    return "html", page(body), full(TITLE, AG, 2023, "Table 四 with 复议后起诉 before 未经复议直接起诉: groups placed by header.")


def _old_tables() -> tuple[str, str]:
    p = H.plain
    apps = H.table([H.tr([p(x) for x in row]) for row in [
        ["申请事项", "当面", "传真", "电子邮件", "网上", "信函", "其他", "合计"],
        ["收到申请数", "2", "0", "1", "5", "1", "0", "9"], ["同意公开", "1", "0", "1", "3", "0", "0", "5"],
        ["同意部分公开", "0", "0", "0", "1", "0", "0", "1"], ["不同意公开", "0", "0", "0", "0", "1", "0", "1"],
        ["信息不存在", "1", "0", "0", "1", "0", "0", "2"]]])
    red = H.table([H.tr([p(x) for x in row]) for row in [
        ["类别", "维持具体行政行为数", "被依法纠错数", "其他情形数", "尚未审结", "总数"],
        ["行政复议", "1", "0", "0", "0", "1"], ["行政诉讼", "0", "0", "0", "0", "0"]]])
    return apps, red


def _old_body(year: int) -> str:
    apps, red = _old_tables()
    return (H.paras(f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。", "一、概述", "我局进一步规范信息公开工作。",
                    "二、主动公开政府信息情况", "全年主动公开信息620条。", "三、依申请公开政府信息情况",
                    "全年受理申请9件，按申请方式统计如下：") + apps
            + H.paras("四、政府信息公开的收费及减免情况", "未收取费用。", "五、因政府信息公开申请提起行政复议、行政诉讼的情况")
            + red + H.paras("六、存在的主要问题和改进措施", "有待加强。"))


@case("qa2-pre2019-channel-table")
def _pre_channel() -> Any:
    title = "青山县住房和城乡建设局2016年政府信息公开工作年度报告"
    return "html", page(_old_body(2016), title), {
        "title": title, "agency": "青山县住房和城乡建设局", "year": 2016, "format": "pre2019", "no_values": True,
        "sections_contain": {"other": "未收取费用"},
        "note": "2016 free-form report whose 依申请 table has 7 numeric columns by channel (当面…其他, 合计) and rows "
                "同意部分公开 …, and a redress table 维持/纠错/其他/尚未审结/总数: looks like tables 三/四, but no canonical values."}


@case("qa2-free-form-2019-old-tables")
def _free_2019() -> Any:
    title = "青山县住房和城乡建设局2019年政府信息公开工作年度报告"
    return "html", page(_old_body(2019), title), {
        "title": title, "agency": "青山县住房和城乡建设局", "year": 2019, "format": "pre2019", "no_values": True,
        "note": "A 2019 report written on the OLD free-form template (概述, 收费及减免; FORMAT.md §5: no 第二十条 captions + "
                "those headings ⇒ pre-2019 format) with the channel table (当面/传真/电子邮件/网上/信函/其他/合计) and an old "
                "redress table. Channels are not applicant types: '同意部分公开' must not become requests.partial.*, "
                "'行政复议' row must not become redress.review.*."}


# --- round 2c -------------------------------------------------------------------------------------

@case("qa2-values-fee-in-yuan")
def _fee_yuan() -> Any:
    active = [(r, v) if r != "fees" else ("fees", ["864500元"]) for r, v in D.ACTIVE_2021]
    body = H.report_body(H.trs, t2=H.t2_one_table(H.trs, active=active))
    return "html", page(body), full(
        TITLE, AG, 2023, "收费 cell '864500元' under the header 本年收费金额（单位：万元）: the cell's own unit is 元, so the "
        "amount is 86.45 万元 (a certain conversion, CONTRACT key amount_wan_yuan); 864500 would be 10 000 times too "
        "big. Leaving it out (uncertain) would also be acceptable; 864500 is not.",
        values=D.expected_values() | {"active.fees.amount_wan_yuan": 86.45})


def _t3_extra(lead: str | None, tail: str | None) -> str:
    c = H.trs
    head = H.t3_header(c, "2row", 1)
    if lead:
        head[0] = head[0].replace("<tr>", "<tr>" + c(lead, rs=2), 1)
    if tail:
        head[0] = head[0].replace("</tr>", c(tail, rs=2) + "</tr>")
    rows = []
    for i, r in enumerate(D.ROWS_2021):
        cells = ([c(str(i + 1))] if lead else []) + [c(D.LABELS[r])] + [c(x) for x in D.REQUESTS[r]]
        if tail:
            cells.append(c("含转办1件" if r == "granted" else ""))
        rows.append(H.tr(cells))
    return H.table(head + rows)


@case("qa2-t3-seq-column")
def _t3_seq() -> Any:
    body = H.report_body(H.trs, t3=_t3_extra("序号", None))
    return "html", page(body), full(TITLE, AG, 2023, "Table 三 with a leading 序号 column (1…25): its numbers are not values.")


@case("qa2-t3-remark-column")
def _t3_remark() -> Any:
    body = H.report_body(H.trs, t3=_t3_extra(None, "备注"))
    return "html", page(body), full(TITLE, AG, 2023, "Table 三 with a trailing 备注 column ('含转办1件' on （一）).")


@case("qa2-t4-remark-column")
def _t4_remark() -> Any:
    c = H.trs
    t4 = H.t4_table(c).replace("</tr>", c("备注", rs=3) + "</tr>", 1)
    last = c(D.REDRESS["lit_after_review"][4]) + "</tr>"
    t4 = t4.replace(last, c(D.REDRESS["lit_after_review"][4]) + c("无") + "</tr>")
    return "html", page(H.report_body(c, t4=t4)), full(TITLE, AG, 2023, "Table 四 with a trailing 备注 column ('无').")


@case("qa2-values-wide-spaces")
def _wide_spaces() -> Any:
    req = {k: list(v) for k, v in D.REQUESTS.items()}
    req["granted"] = ["\u30005", "1\u200b", "&#x3000;0", "0&nbsp;", "\ufeff1", "0", "7\u3000"]
    return "html", page(H.report_body(H.trs, t3=H.t3_table(H.trs, requests=req))), full(
        TITLE, AG, 2023, "Cells padded with U+3000, '&#x3000;', a zero-width space, a stray BOM and &nbsp;.")


@case("qa2-agency-laonian-daxue")
def _agency_nian() -> Any:
    title = "青山县老年大学2023年政府信息公开工作年度报告"
    return "html", page(H.report_body(H.trs), title), full(
        title, "青山县老年大学", 2023, "Agency name containing 年 (老年大学) before the year.")


@case("qa2-noise-notice-with-template")
def _notice_template() -> Any:
    c = H.trs
    blank = {r: [""] * 7 for r in D.ROWS_2021}
    act = [(r, [""] * len(v)) for r, v in D.ACTIVE_2021]
    red = {g: [""] * 5 for g in D.RED_GROUPS}
    title = "关于做好2023年度政府信息公开工作年度报告编制发布工作的通知"
    body = (H.paras("各乡镇人民政府，县政府各部门：",
                    "根据《中华人民共和国政府信息公开条例》规定，现就做好2023年度政府信息公开工作年度报告编制发布工作通知如下：",
                    "一、各单位于2024年1月31日前在门户网站发布本单位2023年度报告。",
                    "二、严格按照国办公开办函〔2021〕30号规定的格式编制。", "附件：政府信息公开工作年度报告格式",
                    "XX（行政机关名称）2023年政府信息公开工作年度报告", "一、总体情况", "（文字描述）", "二、主动公开政府信息情况")
            + H.t2_one_table(c, active=act) + H.paras("三、收到和处理政府信息公开申请情况") + H.t3_table(c, requests=blank)
            + H.paras("四、政府信息公开行政复议、行政诉讼情况") + H.t4_table(c, redress=red)
            + H.paras("五、存在的主要问题及改进情况", "（文字描述）", "六、其他需要报告的事项", "（文字描述）",
                      "青山县人民政府办公室", "2024年1月5日"))
    return "html", page(body, title), {
        "format": "unknown", "no_values": True,
        "note": "A 通知 about compiling the 2023 reports, with the blank format attached (placeholder title "
                "'XX（行政机关名称）2023年…年度报告', empty tables). Not a report: archiving it as agency "
                "'XX（行政机关名称）' 2023 with 200 zeros pollutes the archive. (The standalone blank template, "
                "template-2021-blank, is a different case.)"}


# --- round 2d: units in text-layer rows -----------------------------------------------------------

@case("qa2-text-fee-wan-yuan")
def _text_fee_unit() -> Any:
    lines = [ln.replace("行政事业性收费\t86.45", "行政事业性收费\t86.45万元") for ln in _text_report()]
    return "txt", "\n".join(lines) + "\n", full(
        TITLE, AG, 2023, "Word-to-text 2021 report whose 收费 row reads '行政事业性收费<TAB>86.45万元' (unit in the cell, as "
        "HTML cases print it): 86.45, not an inferred 0.")


@case("qa2-text-spaced-units-table2")
def _text_units_t2() -> Any:
    lines = [" ".join(ln.replace("\t1\t0\t4", "\t1件\t0件\t4件").split("\t")) for ln in _text_report()]
    return "txt", "\n".join(lines) + "\n", full(
        TITLE, AG, 2023, "Space-separated text (pdftotext) whose 规章 row prints '规章 1件 0件 4件': 1/0/4, not inferred zeros.")


@case("qa2-2019-pdftotext")
def _2019_pdftext() -> Any:
    hdr = [H.GOUJI + " 申请人情况", "自然人 法人或其他组织 总计", "商业企业 科研机构 社会公益组织 法律服务机构 其他"]
    title = "青山县统计局2019年政府信息公开工作年度报告"
    lines = [title, INTRO_2019.format(year=2019), "一、总体情况", "本年度主动公开信息215条。", "二、主动公开政府信息情况"]
    vals = dict(ACTIVE_2019)
    for cap, head, items in [("第二十条第（一）项", HEADS_2019["plain"][0], ["rules", "normative_docs"]),
                             ("第二十条第（五）项", HEADS_2019["plain"][1], ["licensing", "other_services"]),
                             ("第二十条第（六）项", HEADS_2019["plain"][1], ["penalty", "coercion"]),
                             ("第二十条第（八）项", HEADS_2019["plain"][1][:2], ["fees"]),
                             ("第二十条第（九）项", ["采购项目数量", "采购总金额"], ["procurement"])]:
        lines += [cap, " ".join(["信息内容"] + head)] + [" ".join([PLAIN_2019[r]] + vals[r]) for r in items]
    lines += ["三、收到和处理政府信息公开申请情况"] + hdr
    lines += [LABELS_2019[r] + " " + " ".join(REQ_2019[r]) for r in ROWS_2019]
    lines += ["四、政府信息公开行政复议、行政诉讼情况", "行政复议 行政诉讼", " ".join(H.RED_HEAD) + " 未经复议直接起诉 复议后起诉",
              " ".join(H.RED_HEAD * 2), " ".join(x for g in D.RED_GROUPS for x in D.REDRESS[g]),
              "五、存在的主要问题及改进情况", "无。", "六、其他需要报告的事项", "无。"]
    return "txt", "\n".join(lines) + "\n", full(
        title, "青山县统计局", 2019, "2019 report as a pdftotext layer (space-separated rows): signed deltas, the single "
        "（六）其他处理 row, and '政府集中采购 5 251000元' (must be 5 and 251000, not inferred zeros).",
        fmt="2019", values=values_2019())


# --- round 2e -------------------------------------------------------------------------------------

@case("qa2-noise-tujie")
def _tujie() -> Any:
    title = "图解：青山县民政局2023年政府信息公开工作年度报告"
    body = ('<p><img src="/tj/2024/nb.jpg" alt="图解"></p>\n'
            + H.paras("一图读懂青山县民政局2023年政府信息公开工作年度报告", "全年主动公开政府信息1260条，收到申请19件。",
                      "相关链接：青山县民政局2023年政府信息公开工作年度报告"))
    return "html", page(body, title), {
        "format": "unknown", "no_values": True,
        "note": "An infographic page (图解 / 一图读懂) about a report, common beside the report in the 年报 column: not "
                "the report (no sections, no tables). Read as a 2021 report of agency '一图读懂青山县民政局' it pollutes "
                "the archive."}


@case("qa2-t3-column-heji")
def _col_heji() -> Any:
    t3 = H.t3_table(H.trs).replace(">总计<", ">合计<", 1)
    return "html", page(H.report_body(H.trs, t3=t3)), full(TITLE, AG, 2023, "Table 三's 总计 column headed '合计'.")


@case("qa2-t4-short-heads")
def _t4_short() -> Any:
    c = H.trs
    heads = ["维持", "纠正", "其他", "尚未审结", "合计"]
    hdr = [H.tr([c("行政复议", cs=5), c("行政诉讼", cs=10)]),
           H.tr([c(h, rs=2) for h in heads] + [c("未经复议直接起诉", cs=5), c("复议后起诉", cs=5)]),
           H.tr([c(h) for h in heads * 2])]
    data = [c(x) for g in D.RED_GROUPS for x in D.REDRESS[g]]
    return "html", page(H.report_body(c, t4=H.table(hdr + [H.tr(data)]))), full(
        TITLE, AG, 2023, "Table 四 with short column heads 维持/纠正/其他/尚未审结/合计.")


def write(check: bool = False) -> int:
    import json

    bad = 0
    for name, fn in CASES.items():
        ext, text, expected = fn()
        if ENCODINGS[name] == "utf-8":
            (B.DOCS / f"{name}.{ext}").write_text(text, encoding="utf-8")
            data = text.encode("utf-8")
        else:  # encoded by generate.py from the readable source here
            (HERE / f"{name}.{ext}").write_text(text, encoding="utf-8", newline="")
            data = text.encode(ENCODINGS[name])
        (B.DOCS / f"{name}.expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n",
                                                      encoding="utf-8")
        if check:
            try:
                bad += B._check(name, expected, data, ext)
            except Exception as exc:  # noqa: BLE001 - report and go on with the other cases
                print(f"FAIL {name}\n      {type(exc).__name__}: {exc}")
                bad += 1
    return bad


if __name__ == "__main__":
    sys.path.insert(0, str(B.DOCS))
    only = [a for a in sys.argv[1:] if not a.startswith("--")]
    for k in list(CASES):
        if only and k not in only:
            del CASES[k]
    sys.exit(1 if write("--check" in sys.argv) else 0)
