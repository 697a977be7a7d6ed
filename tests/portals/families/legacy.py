"""A legacy ASP.NET portal in GBK: per-department and per-year lists chosen with `<select>` filters.

Evidence: PORTALS.md (`GovOpenShow.aspx?id=`, `InfoPublic.aspx?cid=&page=`, `year_details.aspx?dept=&year=`,
query-string pages, often GBK) and issue 8 (the lists `?dept=…&year=…` come from select lists, and the
first page links only some years). No saved page of such a portal exists: the markup is only described.
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
    return Site("legacy", [("古城县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected([d for _, d in docs]))


SITE = build()
