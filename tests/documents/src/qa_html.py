"""HTML renderers for the qa-* golden documents: the markup real CMSs and Word-paste produce.

Each renderer takes a `cell` function (how one <td> is written: plain, TRS <p>, Word MsoNormal soup)
so one table layout can be tried with every cell markup.
"""

from __future__ import annotations

from collections.abc import Callable

from qa_data import ACTIVE_2021, GROUPS, LABELS, REDRESS, REQUESTS, ROWS_2021, group_of

Cell = Callable[..., str]


def _attrs(rs: int, cs: int, extra: str = "") -> str:
    a = extra
    if rs > 1:
        a += f' rowspan="{rs}"'
    if cs > 1:
        a += f' colspan="{cs}"'
    return a


def plain(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
    return f"<{tag}{_attrs(rs, cs)}>{text}</{tag}>"


def trs(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
    return (f'<{tag}{_attrs(rs, cs)} style="border:1px solid windowtext;padding:0 7px" valign="center">'
            f'<p style="text-align:center;text-indent:0">{text}</p></{tag}>')


def mso(text: str, rs: int = 1, cs: int = 1, tag: str = "td") -> str:
    """Word "Save as web page" / paste: width attributes, MsoNormal, nested spans, <o:p> blanks."""
    width = 48 * cs
    if text in ("", "&nbsp;"):
        inner = '<span lang="EN-US" style="font-size:10.5pt"><o:p>&nbsp;</o:p></span>'
    else:
        inner = (f'<span style="font-size:10.5pt;font-family:宋体;mso-bidi-font-family:宋体">'
                 f'<span lang="EN-US">{text}</span></span><span lang="EN-US" style="font-size:10.5pt"><o:p></o:p></span>')
    return (f'<{tag} width="{width}"{_attrs(rs, cs)} valign="middle" style="width:{width / 1.33:.1f}pt;'
            f'border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt;padding:0cm 5.4pt 0cm 5.4pt">'
            f'<p class="MsoNormal" align="center" style="text-align:center;mso-line-height-alt:12pt">{inner}</p></{tag}>')


def tr(cells: list[str]) -> str:
    return "<tr>" + "".join(cells) + "</tr>"


def table(rows: list[str], attrs: str = 'border="1" cellspacing="0" cellpadding="0"') -> str:
    return f"<table {attrs}><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"


# --- Table 二 -------------------------------------------------------------------------------------

ACTIVE_CAPTIONS = [
    ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"], ["rules", "normative_docs"]),
    ("第二十条第（五）项", ["本年处理决定数量"], ["licensing"]),
    ("第二十条第（六）项", ["本年处理决定数量"], ["penalty", "coercion"]),
    ("第二十条第（八）项", ["本年收费金额（单位：万元）"], ["fees"]),
]
ACTIVE_LABELS = {"rules": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可",
                 "penalty": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}


def t2_rows(cell: Cell, active: list[tuple[str, list[str]]] = ACTIVE_2021,
            labels: dict[str, str] = ACTIVE_LABELS) -> list[list[str]]:
    """The four sub-tables of table 二 as row groups (caption, header, data rows) in a 4-column grid."""
    vals = dict(active)
    groups = []
    for caption, heads, rows in ACTIVE_CAPTIONS:
        g = [tr([cell(caption, cs=4)])]
        if len(heads) == 3:
            g.append(tr([cell("信息内容")] + [cell(h) for h in heads]))
        else:
            g.append(tr([cell("信息内容"), cell(heads[0], cs=3)]))
        for r in rows:
            v = vals[r]
            if len(v) == 3:
                g.append(tr([cell(labels[r])] + [cell(x) for x in v]))
            else:
                g.append(tr([cell(labels[r]), cell(v[0], cs=3)]))
        groups.append(g)
    return groups


def t2_one_table(cell: Cell, **kw: object) -> str:
    return table([r for g in t2_rows(cell, **kw) for r in g])  # type: ignore[arg-type]


def t2_four_tables(cell: Cell, **kw: object) -> str:
    return "\n<p>&nbsp;</p>\n".join(table(g) for g in t2_rows(cell, **kw))  # type: ignore[arg-type]


# --- Table 三 -------------------------------------------------------------------------------------

HEAD_SUB = ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
GOUJI = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


def t3_header(cell: Cell, style: str = "3row", label_cols: int = 3) -> list[str]:
    lc = label_cols
    if style == "3row":
        return [
            tr([cell(GOUJI, rs=3, cs=lc), cell("申请人情况", cs=7)]),
            tr([cell("自然人", rs=2), cell("法人或其他组织", cs=5), cell("总计", rs=2)]),
            tr([cell(h) for h in HEAD_SUB]),
        ]
    if style == "2row":  # no 申请人情况 row; the note sits in the corner
        return [
            tr([cell(GOUJI, rs=2, cs=lc), cell("自然人", rs=2), cell("法人或其他组织", cs=5), cell("总计", rs=2)]),
            tr([cell(h) for h in HEAD_SUB]),
        ]
    if style == "gouji-row":  # the note is its own full-width row above a 2-row header
        return [
            tr([cell(GOUJI, cs=lc + 7)]),
            tr([cell("", rs=2, cs=lc), cell("自然人", rs=2), cell("法人或其他组织", cs=5), cell("总计", rs=2)]),
            tr([cell(h) for h in HEAD_SUB]),
        ]
    if style == "subtotal-first":  # 法人或其他组织 with its 小计 first
        return [
            tr([cell(GOUJI, rs=3, cs=lc), cell("申请人情况", cs=8)]),
            tr([cell("自然人", rs=2), cell("法人或其他组织", cs=6), cell("总计", rs=2)]),
            tr([cell("小计")] + [cell(h) for h in HEAD_SUB]),
        ]
    raise ValueError(style)


def t3_body(cell: Cell, requests: dict[str, list[str]] = REQUESTS, rows: list[str] = ROWS_2021,
            labels: dict[str, str] = LABELS, layout: str = "groups", subtotal_first: bool = False) -> list[str]:
    """Data rows. layout "groups": the form's 3 label columns with rowspans; "one-col": one label
    column, group names folded into the item labels' rows as separate rows of blank cells."""
    out = []

    def vals(r: str) -> list[str]:
        v = requests[r]
        if subtotal_first:
            sub = sum(int(x or 0) for x in v[1:6])
            return [v[0], str(sub)] + v[1:]
        return v

    if layout == "one-col":
        seen: set[str] = set()
        for r in rows:
            g = group_of(r)
            if r == "granted":
                out.append(tr([cell("三、本年度办理结果")] + [cell("") for _ in vals(r)]))
            if g and g not in seen:
                seen.add(g)
                out.append(tr([cell(GROUPS[g])] + [cell("") for _ in vals(r)]))
            out.append(tr([cell(labels[r])] + [cell(x) for x in vals(r)]))
        return out
    outcome = rows[rows.index("granted"):rows.index("carried_out")]
    counts: dict[str, int] = {}
    for r in rows:
        g = group_of(r)
        if g:
            counts[g] = counts.get(g, 0) + 1
    started: set[str] = set()
    for r in rows:
        cells = []
        if r == "granted":
            cells.append(cell("三、本年度办理结果", rs=len(outcome)))
        g = group_of(r)
        if r in ("new_received", "carried_in", "carried_out"):
            cells.append(cell(labels[r], cs=3))
        elif g:
            if g not in started:
                started.add(g)
                cells.append(cell(GROUPS[g], rs=counts[g]))
            cells.append(cell(labels[r]))
        else:
            cells.append(cell(labels[r], cs=2))
        out.append(tr(cells + [cell(x) for x in vals(r)]))
    return out


def t3_table(cell: Cell, header: str = "3row", **kw: object) -> str:
    lc = 1 if kw.get("layout") == "one-col" else 3
    return table(t3_header(cell, header, lc) + t3_body(cell, **kw))  # type: ignore[arg-type]


# --- Table 四 -------------------------------------------------------------------------------------

RED_HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def t4_header(cell: Cell, lead: str | None = None) -> list[str]:
    first = [cell(lead, rs=3)] if lead is not None else []
    return [
        tr(first + [cell("行政复议", cs=5), cell("行政诉讼", cs=10)]),
        tr([cell(h, rs=2) for h in RED_HEAD] + [cell("未经复议直接起诉", cs=5), cell("复议后起诉", cs=5)]),
        tr([cell(h) for h in RED_HEAD * 2]),
    ]


def t4_table(cell: Cell, redress: dict[str, list[str]] = REDRESS, lead: str | None = None,
             row_label: str | None = None) -> str:
    data = [cell(x) for g in ("review", "lit_direct", "lit_after_review") for x in redress[g]]
    if row_label is not None:
        data.insert(0, cell(row_label))
    return table(t4_header(cell, lead) + [tr(data)])


def t4_transposed(cell: Cell, redress: dict[str, list[str]] = REDRESS, names: tuple[str, str, str] = (
        "行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）")) -> str:
    rows = [tr([cell("类别")] + [cell(h) for h in RED_HEAD])]
    for name, g in zip(names, ("review", "lit_direct", "lit_after_review"), strict=True):
        rows.append(tr([cell(name)] + [cell(x) for x in redress[g]]))
    return table(rows)


# --- Pages ----------------------------------------------------------------------------------------

INTRO = ("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国办公开办函〔2021〕30号要求编制。"
         "本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。")


def paras(*texts: str, style: str = 'style="text-indent:2em"') -> str:
    return "\n".join(f"<p {style}>{t}</p>" for t in texts)


def report_body(cell: Cell, year: int = 2023, t2: str | None = None, t3: str | None = None,
                t4: str | None = None, headings: dict[str, str] | None = None, intro: str | None = None,
                other: str = "本年度未收取信息处理费。") -> str:
    h = {"overview": "一、总体情况", "active": "二、主动公开政府信息情况",
         "requests": "三、收到和处理政府信息公开申请情况", "redress": "四、政府信息公开行政复议、行政诉讼情况",
         "problems": "五、存在的主要问题及改进情况", "other": "六、其他需要报告的事项"} | (headings or {})
    parts = [paras(intro if intro is not None else INTRO.format(year=year))]
    if h["overview"]:
        parts.append(paras(h["overview"], "（一）主动公开。全年主动公开政府信息1260条，其中政策文件52件。",
                           "（二）依申请公开。严格依法办理政府信息公开申请，按时答复率100%。"))
    if h["active"]:
        parts.append(paras(h["active"]))
    parts.append(t2 if t2 is not None else t2_one_table(cell))
    if h["requests"]:
        parts.append(paras(h["requests"]))
    parts.append(t3 if t3 is not None else t3_table(cell))
    if h["redress"]:
        parts.append(paras(h["redress"]))
    parts.append(t4 if t4 is not None else t4_table(cell))
    if h["problems"]:
        parts.append(paras(h["problems"], "存在的主要问题是政策解读形式单一。下一步将丰富图解、视频等解读形式。"))
    if h["other"]:
        parts.append(paras(h["other"], other))
    return "\n".join(parts)


def page(body: str, title_tag: str, head: str = "", before: str = "", after: str = "",
         charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>{title_tag}</title>
{head}
</head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk/">政务公开</a> | <a href="/hdjl/">互动交流</a></div>
{before}
{body}
{after}
<div class="footer">主办：青山县人民政府办公室 网站标识码：4301000021 湘ICP备05001234号</div>
</body>
</html>
"""
