"""A site of no known family: the general pager (下一页 links, 共N页, `list_N.html`).

Evidence: PORTALS.md ("A general pager detector covers most of the rest: 下一页/尾页/末页 links, `index_N`,
`?page=|pageNo=|…`, `/N.html`, script variables `countPage|totalPage|pageCount`"). Only a description.
"""

from __future__ import annotations

import html

from . import Site, detail, distractors, expected, home, page, report, res

HOST = "http://www.gen-fam.gov.cn"


def build() -> Site:
    routes: dict[str, object] = {}
    docs = [report(a, y, f"{y + 1}-02-0{i + 1}", f"7{i}{y}") for i, a in enumerate(("通用县人民政府", "通用县农业农村局")) for y in (2024, 2023, 2022)]
    docs[1] = report("通用县人民政府", 2023, "2024-02-01", "702023", "通用县人民政府二○二三年政府信息公开工作年度报告")
    col = docs[:2] + distractors("通用县人民政府", 2024, "79")[2:5] + docs[2:]
    pages = [col[i:i + 3] for i in range(0, len(col), 3)]
    for n, chunk in enumerate(pages, start=1):
        lis = "".join(f'<p><a href="/nianbao/{d.published[:4]}/{d.ident}.html">{html.escape(d.title)}</a> ({d.published})</p>'
                      for d in chunk)
        nxt = f'<a href="list_{n + 1}.html">下一页</a>' if n < len(pages) else ""
        routes[f"/nianbao/list_{n}.html"] = res(page("信息公开年报", f"<div>{lis}</div><div>共{len(pages)}页 {nxt}</div>"))
    for d in col:
        routes[f"/nianbao/{d.published[:4]}/{d.ident}.html"] = detail(d)
    routes["/"] = home("通用县人民政府", [("/nianbao/list_1.html", "信息公开年报")])
    return Site("generic", [("通用县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col))


SITE = build()
