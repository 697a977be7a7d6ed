"""博达 VSB: `gknb.htm`, then `gknb/<N-1>.htm` down to `gknb/1.htm`; articles `/info/<col>/<id>.htm`.

Evidence: the pager markup of a real VSB list page stored in a public repository (`<div class="pb_sys_common
pb_sys_normal pb_sys_style1"><span class="p_t">共52条</span> <span class="p_pages"><span class="p_first_d
p_fun_d">首页</span>… <span class="p_next p_fun"><a href="zbgg/10.htm">下页</a></span><span class="p_last
p_fun"><a href="zbgg/1.htm">尾页</a></span></span> <span class="p_t">1/11</span></div>` and
`_showDynClickBatch(…)`), public crawlers that follow `//span[@class="p_next p_fun"]/a/@href` (pages
after the first link `9.htm` relative to the list folder), portals-seed.csv (www.hhjp.gov.cn
`/info/52571/225511.htm`, www.xjwq.gov.cn `/info/1050/64208.htm`).
"""

from __future__ import annotations

import html

from . import Doc, Site, detail, distractors, expected, home, page, report, res

HOST = "http://www.vsb-fam.gov.cn"


def pager(n: int, total: int, records: int) -> str:
    """VSB's pager on page n of total (1-based); page 1 is gknb.htm, page k>1 is gknb/<total-k+1>.htm."""
    def href(k: int) -> str:
        return ("gknb.htm" if n > 1 else "") if k == 1 else (f"{total - k + 1}.htm" if n > 1 else f"gknb/{total - k + 1}.htm")
    nxt = (f'<span class="p_next p_fun"><a href="{href(n + 1)}">下页</a></span><span class="p_last p_fun">'
           f'<a href="{href(total)}">尾页</a></span>') if n < total else '<span class="p_next_d p_fun_d">下页</span>'
    return (f'<div class="pb_sys_common pb_sys_normal pb_sys_style1"><span class="p_t">共{records}条</span> <span class="p_pages">'
            f'<span class="p_first_d p_fun_d">首页</span>{nxt}</span> <span class="p_t">{n}/{total}</span></div>')


def build() -> Site:
    routes: dict[str, object] = {}
    docs = [report(a, y, f"{y + 1}-01-0{i + 2}", f"6{i}{y}") for i, a in enumerate(("博县人民政府", "博县审计局")) for y in (2024, 2023, 2022, 2021)]
    col = docs[:3] + distractors("博县人民政府", 2024, "69")[:3] + docs[3:]
    pages = [col[i:i + 4] for i in range(0, len(col), 4)]
    for n, chunk in enumerate(pages, start=1):
        lis = "".join(f'<li id="line_u5_{i}"><a href="{"" if n == 1 else "../"}info/1050/{d.ident}.htm" title="{html.escape(d.title)}">'
                      f"{html.escape(d.title)}</a><span>{d.published}</span></li>" for i, d in enumerate(chunk))
        body = (f"<ul class='list-gl'>{lis}</ul>{pager(n, len(pages), len(col))}"
                "<script>_showDynClickBatch(['dynclicks_u5_1'],[1],\"wbnews\", 1632666717)</script>")
        routes["/xxgk/gknb.htm" if n == 1 else f"/xxgk/gknb/{len(pages) - n + 1}.htm"] = res(page("政府信息公开年报", body))
    for d in col:
        routes[f"/xxgk/info/1050/{d.ident}.htm"] = detail(d, 'div id="vsb_content"')
    routes["/"] = home("博县人民政府", [("/xxgk/gknb.htm", "政府信息公开年报")])
    return Site("vsb", [("博县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col))


SITE = build()
