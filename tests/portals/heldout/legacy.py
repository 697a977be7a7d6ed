"""Held-out legacy ASP.NET disclosure system (GBK): a county's 年报 page whose department and year lists are
`<select>` options of a GET form (`year_details.aspx?dept=<n>&year=<yyyy>`); the page links only the county's own
years, every other body and year is reached through the options. Items are `GovOpenShow.aspx?id=<n>`.

Evidence: PORTALS.md (`GovOpenShow.aspx?id=`, `InfoPublic.aspx?cid=&page=`, `year_details.aspx?dept=&year=`,
query-string pages, often GBK) and issue 8 ("per-department and per-year lists (`?dept=…&year=…` from select
lists) were walked only for the years linked on the first page"). No saved page of such a system was found with
the search tool: the markup is a description, not a capture.
"""

from __future__ import annotations

from sites import Resource

from .common import Portal, news_body, report_body

HOST = "http://xxgk.xichuan.gov.cn"
SITE = "西川县人民政府信息公开网"
DEPTS = ["西川县人民政府办公室", "西川县公安局", "西川县民政局", "西川县水利局", "西川县城关镇人民政府",
         "西川县河口乡人民政府"]
YEARS = [2024, 2023, 2022, 2021, 2020]
CT = "text/html; charset=gb2312"


def _page(title: str, body: str) -> bytes:
    return (f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312" /><title>{title}-{SITE}</title>
<link href="css/style.css" rel="stylesheet" type="text/css" /></head>
<body>
<!-- [held-out note] banner and top menu omitted -->
{body}
<div class="foot">主办：西川县人民政府办公室</div>
</body></html>
""").encode("gb18030")


def _form(dept: int, year: int) -> str:
    sel = ' selected="selected"'
    depts = "".join(f'<option value="{i}"{sel if i == dept else ""}>{d}</option>' for i, d in enumerate(DEPTS))
    years = "".join(f'<option value="{y}"{sel if y == year else ""}>{y}年</option>' for y in YEARS)
    return (f'<form name="form1" method="get" action="year_details.aspx" id="form1">'
            f'单位：<select name="dept" id="dept">{depts}</select> '
            f'年度：<select name="year" id="year">{years}</select> '
            f'<input type="submit" name="btnQuery" value="查询" id="btnQuery" /></form>')


def build() -> Portal:
    p = Portal("legacy", [("西川县", f"{HOST}/gk/nianbao.aspx")])
    lists: dict[tuple[int, int], list[tuple[int, str]]] = {}
    n = 1200
    for d, agency in enumerate(DEPTS):
        for year in YEARS:
            if d >= 4 and year < 2022:
                continue  # townships joined the system later
            n += 1
            title = f"{agency}{year}年度政府信息公开工作年度报告" if year >= 2021 else f"{agency}{year}年政府信息公开年报"
            url = f"{HOST}/gk/GovOpenShow.aspx?id={n}"
            p.routes[url] = Resource(_page(title, f'<div class="show"><h1>{title}</h1><div class="info">发布机构：{agency}'
                                                  f"　发布日期：{year + 1}-01-2{d}</div><div id=\"content\">"
                                                  f"{report_body(agency, year)}</div></div>"), CT)
            p.reports.add(url)
            lists.setdefault((d, year), []).append((n, title))
            if d == 1 and year == 2023:
                n += 1
                guide = f"{agency}政府信息公开指南（{year}年修订）"
                url = f"{HOST}/gk/GovOpenShow.aspx?id={n}"
                p.routes[url] = Resource(_page(guide, f"<h1>{guide}</h1>{news_body(guide)}"), CT)
                p.distractors.add(url)
                lists[(d, year)].append((n, guide))
    for (d, year), items in lists.items():
        rows = "".join(f'<tr><td class="t"><a href="GovOpenShow.aspx?id={i}" target="_blank">{t}</a></td>'
                       f'<td>{year + 1}-01-2{d}</td></tr>' for i, t in items)
        body = (f'<div class="nav">当前位置：<a href="nianbao.aspx">政府信息公开年报</a> &gt; {DEPTS[d]} &gt; {year}年</div>'
                + _form(d, year) + f'<table class="list" width="100%">{rows}</table>')
        p.routes[f"{HOST}/gk/year_details.aspx?dept={d}&year={year}"] = Resource(_page("政府信息公开年报", body), CT)

    def empty(query: str, headers: dict, body: bytes) -> Resource:
        return Resource(_page("政府信息公开年报", _form(0, YEARS[0]) + '<table class="list"><tr><td>暂无记录</td></tr></table>'), CT)

    p.routes[f"{HOST}/gk/year_details.aspx"] = empty  # a combination with nothing published
    own = "".join(f'<li><a href="year_details.aspx?dept=0&year={y}">{y}年度</a></li>' for y in YEARS[:2])
    p.routes[f"{HOST}/gk/nianbao.aspx"] = Resource(_page("政府信息公开年报", (
        '<div class="left"><ul><li><a href="InfoPublic.aspx?cid=1&page=1">政府信息公开指南</a></li>'
        '<li><a href="nianbao.aspx">政府信息公开年报</a></li></ul></div>'
        f'<div class="right"><h3>政府信息公开年报</h3>{_form(0, YEARS[0])}<ul class="years">{own}</ul></div>')), CT)
    p.routes[f"{HOST}/gk/InfoPublic.aspx?cid=1&page=1"] = Resource(_page("政府信息公开指南", "<p>政府信息公开指南</p>"), CT)
    return p
