"""TRS WCM static publishing, the three pager scripts.

Evidence:
- 4 arguments, `createPageHTML(N, cur, "index", "html")` (cur from 0, pages index_1 …): PORTALS.md and
  public crawlers (`createPageHTML(3, 1, 'index', 'shtml')` in a public test of a pager parser).
- 6 arguments, `createPageHTML('page_div', N, cur, 'list', 'shtml', records)` (cur from 1, the second page
  `list_2.shtml`): public crawlers of www.csrc.gov.cn (`createPageHTML('page_div', 5, 1, 'fg', 'shtml', 89)`),
  www.gfex.com.cn (`list_yw_%d.shtml`) and 昆山 (`common_list.shtml`, `common_list_${page}.shtml`).
- `var countPage = 2` with a pager written by document.write("…index"+"_"+n+"."+"html…"): the real
  鄂尔多斯 page reference/real-pages/ordos-egb-xxgknb-list-index.html (items `./YYYYMM/tYYYYMMDD_<id>.html`,
  the date in a `<span>`), whose pager script is reproduced here.
"""

from __future__ import annotations

import html

from . import Doc, Site, detail, distractors, expected, home, page, report, res

HOST = "http://www.trs-fam.gov.cn"


def item(doc: Doc, prefix: str = "./") -> str:
    ym, ymd = doc.published[:7].replace("-", ""), doc.published.replace("-", "")
    t = html.escape(doc.title)
    return f'<li><a href="{prefix}{ym}/t{ymd}_{doc.ident}.html" title="{t}" target="_blank">{t}</a><span>{doc.published}</span></li>'


def path(folder: str, doc: Doc) -> str:
    return f"{folder}{doc.published[:7].replace('-', '')}/t{doc.published.replace('-', '')}_{doc.ident}.html"


COUNT_PAGE_PAGER = """<script>
var currentPage = {cur};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {count}//共多少页
if(countPage>1&&currentPage!=(countPage-1))
{{document.write("&nbsp;<a href=\\"index"+"_" + nextPage + "."+"html\\">下一页</a>");}}
if(countPage!=1)
document.write("&nbsp;<a href=\\"index"+"_" + (countPage-1)  + "."+"html\\">尾页</a>&nbsp;");
</script>"""


def build() -> Site:
    routes: dict[str, object] = {}
    # Column A: 4-argument createPageHTML, 3 pages of 4.
    gov = [report("拓县人民政府", y, f"{y + 1}-01-2{y % 8}", f"41{y}") for y in range(2024, 2015, -1)]
    gov[2] = report("拓县人民政府", 2022, "2023-01-22", "412022", "拓县人民政府2022年度政府信息公开工作报告")
    gov[5] = report("拓县人民政府", 2019, "2020-01-25", "412019", "二〇一九年拓县人民政府政府信息公开工作年度报告")
    col_a = gov[:2] + distractors("拓县人民政府", 2023, "4190")[:2] + gov[2:6] + distractors("拓县人民政府", 2020, "4191")[2:] + gov[6:]
    pages = [col_a[i:i + 4] for i in range(0, len(col_a), 4)]
    for n, chunk in enumerate(pages):
        name = "index.html" if n == 0 else f"index_{n}.html"
        body = (f'<div class="list"><ul>{"".join(item(d) for d in chunk)}</ul></div><div class="page">'
                f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script></div>')
        routes[f"/zwgk/zfxxgknb/{name}"] = res(page("政府信息公开年报", body))
    # Column B: 6-argument createPageHTML, list.shtml then list_2.shtml.
    depts = [report(a, y, f"{y + 1}-01-1{i}", f"42{i}{y}") for i, a in enumerate(("拓县财政局", "拓县交通运输局")) for y in (2024, 2023)]
    depts.append(report("拓县卫生健康局", 2024, "2025-01-19", "4292024", "拓县卫生健康局政府信息公开报告（2024年度）"))
    col_b = depts[:3] + [distractors("拓县财政局", 2024, "4290")[1]] + depts[3:]
    for n, chunk in enumerate([col_b[:3], col_b[3:]], start=1):
        name = "list.shtml" if n == 1 else f"list_{n}.shtml"
        body = (f'<div class="list"><ul>{"".join(item(d) for d in chunk)}</ul></div><div id="page_div"></div>'
                f"<script>createPageHTML('page_div', 2, {n}, 'list', 'shtml', {len(col_b)});</script>")
        routes[f"/zwgk/bmxxgknb/{name}"] = res(page("部门信息公开年报", body))
    # Column C: countPage script, as on the 鄂尔多斯 page.
    towns = [report(a, 2023, f"2024-01-0{i + 2}", f"43{i}") for i, a in enumerate(("拓县城关镇人民政府", "拓县北镇人民政府", "拓县南乡人民政府"))]
    col_c = towns[:2] + [distractors("拓县城关镇人民政府", 2023, "4390")[4]] + towns[2:]
    for n, chunk in enumerate([col_c[:2], col_c[2:]]):
        name = "index.html" if n == 0 else f"index_{n}.html"
        body = f'<div class="list"><ul>{"".join(item(d) for d in chunk)}</ul></div>{COUNT_PAGE_PAGER.format(cur=n, count=2)}'
        routes[f"/zwgk/xzjdnb/{name}"] = res(page("乡镇街道信息公开年报", body))
    routes["/zwgk/xzjdnb/"] = routes["/zwgk/xzjdnb/index.html"]
    for folder, docs in (("/zwgk/zfxxgknb/", col_a), ("/zwgk/bmxxgknb/", col_b), ("/zwgk/xzjdnb/", col_c)):
        for d in docs:
            routes[path(folder, d)] = detail(d, 'div class="TRS_Editor"',
                                             head=f'<meta name="ArticleTitle" content="{html.escape(d.title)}">')
    routes["/"] = home("拓县人民政府门户网站", [("/zwgk/", "政务公开")])
    routes["/zwgk/"] = res(page("政务公开", '<ul><li><a href="./zfxxgkzn/">政府信息公开指南</a></li>'
                                      '<li><a href="./zfxxgknb/index.html">政府信息公开年报</a></li>'
                                      '<li><a href="./bmxxgknb/list.shtml">部门信息公开年报</a></li>'
                                      '<li><a href="./xzjdnb/">乡镇街道信息公开年报</a></li></ul>'))
    return Site("trs", [("拓县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col_a + col_b + col_c))


SITE = build()
