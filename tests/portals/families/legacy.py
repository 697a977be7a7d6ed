"""A legacy ASP.NET portal in GBK: per-department and per-year lists chosen with `<select>` filters.

Evidence: PORTALS.md (`GovOpenShow.aspx?id=`, `InfoPublic.aspx?cid=&page=`, `year_details.aspx?dept=&year=`,
query-string pages, often GBK) and issue 8 (the lists `?dept=…&year=…` come from select lists, and the
first page links only some years). No saved page of such a portal exists: the markup is only described.
www.aspx-fam.gov.cn pages its list the ASP.NET WebForms way, by posting its form back
(`javascript:__doPostBack('ctl00$Main$Pager','Page$2')` with __VIEWSTATE/__EVENTVALIDATION) — the standard
WebForms pager markup, also only described here.
"""

from __future__ import annotations

import html
from urllib.parse import parse_qs

from sites import Resource

from . import Doc, Site, detail, distractors, expected, home, page, report, res

HOST = "http://www.asp-fam.gov.cn"
DEPTS = {"11": "古城县教育局", "12": "古城县民政局", "13": "古城县人民政府办公室"}
YEARS = ("2024", "2023", "2022", "2021")
PER_PAGE = 3


def build() -> Site:
    routes: dict[str, object] = {}
    docs: list[tuple[str, Doc]] = []
    n = 100
    for code, agency in DEPTS.items():
        for y in YEARS:
            n += 1
            docs.append((code, report(agency, int(y), f"{int(y) + 1}-01-1{n % 10}", str(n))))
        for d in distractors(agency, 2024, f"9{code}")[:2]:
            n += 1
            docs.append((code, Doc(d.title, d.published, ident=str(n))))

    def listing(query: str, headers: dict, body: bytes) -> Resource:
        q = {k: v[0] for k, v in parse_qs(query).items()}
        dept, year, num = q.get("dept", "0"), q.get("year", YEARS[0]), int(q.get("page", 1))
        rows = [d for c, d in docs if dept in ("0", c) and d.published[:4] == str(int(year) + 1)]
        pages = max(1, -(-len(rows) // PER_PAGE))
        chunk = rows[(num - 1) * PER_PAGE:num * PER_PAGE]
        trs = "".join(f'<tr><td><a href="GovOpenShow.aspx?id={d.ident}" target="_blank">{html.escape(d.title)}</a></td>'
                      f"<td>{d.published}</td></tr>" for d in chunk)
        opts = '<option value="0">全部单位</option>' + "".join(
            f'<option value="{c}"{" selected" if c == dept else ""}>{a}</option>' for c, a in DEPTS.items())
        yopts = "".join(f'<option value="{y}"{" selected" if y == year else ""}>{y}年</option>' for y in YEARS)
        nxt = (f'<a href="year_details.aspx?dept={dept}&amp;year={year}&amp;page={num + 1}">下一页</a>' if num < pages else "")
        text = page("政府信息公开年报", f'<form method="get" action="year_details.aspx"><select name="dept">{opts}</select>'
                    f'<select name="year">{yopts}</select><input type="submit" value="查询"></form>'
                    f"<table>{trs}</table><div>共{pages}页 第{num}页 {nxt}</div>", charset="gbk")
        return res(text, charset="gbk")

    routes["/gk/year_details.aspx"] = listing
    for _, d in docs:
        routes[f"/gk/GovOpenShow.aspx?id={d.ident}"] = detail(d, 'div id="content"', charset="gbk")
    routes["/"] = home("古城县人民政府", [("/gk/year_details.aspx?dept=0&year=2024", "政府信息公开年报")])
    postback, pb_docs = _postback()
    return Site("legacy", [("古城县人民政府", HOST + "/"), ("古城县文化馆", HOST2 + "/")],
                {**{HOST + p: v for p, v in routes.items()}, **postback},  # type: ignore[misc]
                expected([d for _, d in docs] + pb_docs))


HOST2 = "http://www.aspx-fam.gov.cn"


def _postback() -> tuple[dict, list[Doc]]:
    docs = [report("古城县文化馆", y, f"{y + 1}-01-2{y % 10}", str(500 + y % 100)) for y in range(2024, 2017, -1)]
    docs.insert(1, Doc(f"一图读懂古城县文化馆{2024}年政府信息公开工作年度报告", "2025-01-30", ident="599"))

    def listing(query: str, headers: dict, body: bytes) -> Resource:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        n = int(form.get("__EVENTARGUMENT", "Page$1").split("$")[-1]) if form.get("__VIEWSTATE") == "dDwtMTM4" else 1
        pages = -(-len(docs) // PER_PAGE)
        rows = "".join(f'<tr><td><a href="GovOpenShow.aspx?id={d.ident}">{html.escape(d.title)}</a></td><td>{d.published}</td></tr>'
                       for d in docs[(n - 1) * PER_PAGE:n * PER_PAGE])
        nxt = (f"<a href=\"javascript:__doPostBack('ctl00$Main$Pager','Page${n + 1}')\">下一页</a>" if n < pages else "")
        text = page("信息公开年报", '<form method="post" action="./InfoPublic.aspx?cid=8" id="aspnetForm">'
                    '<input type="hidden" name="__EVENTTARGET" id="__EVENTTARGET" value="" />'
                    '<input type="hidden" name="__EVENTARGUMENT" id="__EVENTARGUMENT" value="" />'
                    '<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="dDwtMTM4" />'
                    '<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="wEWAgK" />'
                    f"<table>{rows}</table><div>第{n}页 共{pages}页 {nxt}</div></form>", charset="gbk")
        return res(text, charset="gbk")

    routes: dict[str, object] = {"/gk/InfoPublic.aspx": listing,
                                 "/": home("古城县文化馆", [("/gk/InfoPublic.aspx?cid=8", "信息公开年报")])}
    for d in docs:
        routes[f"/gk/GovOpenShow.aspx?id={d.ident}"] = detail(d, 'div id="content"', charset="gbk")
    return {HOST2 + p: v for p, v in routes.items()}, docs


SITE = build()
