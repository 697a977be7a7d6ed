"""Shaanxi 集约化, the three URL schemes of reference/spec/portals-seed.csv.

Evidence: the seed rows (jyj.yanan.gov.cn `…/zfxxgknb/1.html`, xixianxinqu `…/xxgknb/1880166773996171265.html`,
www.yaozhou.gov.cn `/resources/site/153/html/yzgk/zfxxgknb/nbqzfgzbm/202101/459854.html`,
www.ningshan.gov.cn and www.langao.gov.cn `/Content-2790280.html`) and PORTALS.md (`div.m-lst`, pages
`1.html`, `2.html` with the count in `parseInt('N')`). The list markup of the second and third scheme is
only described (article URLs alone are in the seed list): their lists page with a 下一页 link here.
"""

from __future__ import annotations

import html

from . import Doc, Site, detail, distractors, expected, home, page, report, res

HOST = "http://www.sx-fam.gov.cn"


def lis(docs: list[Doc], href) -> str:
    return "".join(f'<li><a href="{href(d)}" title="{html.escape(d.title)}" target="_blank">{html.escape(d.title)}</a>'
                   f"<span>{d.published}</span></li>" for d in docs)


def build() -> Site:
    routes: dict[str, object] = {}
    # Scheme 1: 19-digit ids, div.m-lst, 1.html/2.html, parseInt('2').
    gov = [report("秦岭县人民政府", y, f"{y + 1}-01-1{y % 10}", f"18801667739961{y}1") for y in range(2024, 2019, -1)]
    col1 = gov[:2] + distractors("秦岭县人民政府", 2024, "1880166773996100")[:2] + gov[2:]
    for n, chunk in enumerate([col1[:4], col1[4:]], start=1):
        body = (f'<div class="m-lst"><ul>{lis(chunk, lambda d: f"/zfxxgk/zfxxgknb/{d.ident}.html")}</ul></div>'
                f"<div class='m-page'></div><script>var total = parseInt('2'); var cur = parseInt('{n}');</script>")
        routes[f"/zfxxgk/zfxxgknb/{n}.html"] = res(page("政府信息公开年报", body))
    routes["/zfxxgk/zfxxgknb/"] = routes["/zfxxgk/zfxxgknb/1.html"]
    for d in col1:
        routes[f"/zfxxgk/zfxxgknb/{d.ident}.html"] = detail(d, 'div class="m-txt-article"')
    # Scheme 2: /resources/site/<n>/html/…/YYYYMM/<id>.html, paged by 下一页.
    depts = [report(a, y, f"{y + 1}-01-2{i}", f"45{i}{y}") for i, a in enumerate(("秦岭县林业局", "秦岭县应急管理局")) for y in (2024, 2023)]
    col2 = depts[:2] + [distractors("秦岭县林业局", 2024, "4590")[5]] + depts[2:]
    base2 = "/resources/site/153/html/zwgk/zfxxgknb/nbqzfgzbm/"
    for n, chunk in enumerate([col2[:3], col2[3:]], start=1):
        nxt = '<a href="index_2.html">下一页</a>' if n == 1 else ""
        body = f"<ul class='list'>{lis(chunk, lambda d: d.published[:7].replace('-', '') + '/' + d.ident + '.html')}</ul><div>{nxt}</div>"
        routes[f"{base2}{'index.html' if n == 1 else 'index_2.html'}"] = res(page("部门信息公开年报", body))
    for d in col2:
        routes[f"{base2}{d.published[:7].replace('-', '')}/{d.ident}.html"] = detail(d)
    # Scheme 3: /Content-<n>.html articles listed on /List-<col>-<page>.html with a 下一页 link.
    towns = [report(a, 2024, f"2025-01-0{i + 1}", f"27902{i}") for i, a in enumerate(("秦岭县城关镇人民政府", "秦岭县汉王镇人民政府", "秦岭县江口镇人民政府"))]
    col3 = towns[:2] + [distractors("秦岭县城关镇人民政府", 2024, "27909")[0]] + towns[2:]
    for n, chunk in enumerate([col3[:2], col3[2:]], start=1):
        nxt = '<a href="/List-3301-2.html">下一页</a>' if n == 1 else ""
        body = f"<ul class='list'>{lis(chunk, lambda d: f'/Content-{d.ident}.html')}</ul><div>{nxt}</div>"
        routes[f"/List-3301-{n}.html"] = res(page("镇办政府信息公开年报", body))
    for d in col3:
        routes[f"/Content-{d.ident}.html"] = detail(d)
    routes["/"] = home("秦岭县人民政府", [("/zfxxgk/zfxxgknb/1.html", "政府信息公开年报"), (base2 + "index.html", "部门信息公开年报"),
                                      ("/List-3301-1.html", "镇办政府信息公开年报")])
    return Site("shaanxi", [("秦岭县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col1 + col2 + col3))


SITE = build()
