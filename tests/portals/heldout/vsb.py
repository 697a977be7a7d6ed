"""Held-out 博达 VSB county portal: a 年报 column whose list anchors wrap the title (cut short with "..." as VSB
prints long titles), the date and a summary, and whose pages count *down* (`zfxxgknb.htm`, then
`zfxxgknb/3.htm`, `2.htm`, `1.htm` = the last page).

Evidence: a real VSB list page kept in a public repository (find_string "p_next p_fun", id 67592798815, a
lntdxy.com column `zbgg`): `<li id="line_u5_0"><a href="../info/1039/3201.htm"><img …><h4>title…</h4><p
class="date">…</p><p>summary…</p></a></li>`, the pager `<div class="pb_sys_common pb_sys_normal
pb_sys_style1"><span class="p_t">共52条</span> <span class="p_pages">… <span class="p_no"><a
href="zbgg/10.htm">2</a></span> … <span class="p_next p_fun"><a href="zbgg/10.htm">下页</a></span><span
class="p_last p_fun"><a href="zbgg/1.htm">尾页</a></span></span> <span class="p_t">1/11</span></div>` and
`_showDynClickBatch([...])` — replayed verbatim in structure; a Shaanxi government site on VSB (shangluo.gov.cn)
with ArticleTitle/PubDate/ContentSource metas and the body in `#vsb_content .v_news_content`: GitHub spider
www_shangluo_gov_cn (id 52432114558) and id 51806925410. Titles truncated with "...": the same real page.
"""

from __future__ import annotations

from .common import Portal, interpretation_body, news_body, picture_body, report_body

HOST = "http://www.fengxi.gov.cn"
SITE = "丰溪县人民政府"
COL, SIZE, CUT = 1039, 5, 22


def _article(title: str, date: str, source: str, body: str, nid: int) -> str:
    return f"""<!DOCTYPE html>
<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>{title}-{SITE}</title>
<meta name="SiteName" content="{SITE}">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 16:20">
<meta name="ContentSource" content="{source}">
<script type="text/javascript" src="/system/resource/js/counter.js"></script>
</head>
<body>
<!-- [held-out note] header and navigation omitted -->
<form name="_newscontent_fromname">
<div class="title"><h1>{title}</h1></div>
<div class="label"><span>发布时间：{date}</span><span>来源：{source}</span><span>点击数：<script>_showDynClicks("wbnews", 1632666717, {nid})</script></span></div>
<div id="vsb_content"><div class="v_news_content">
{body}
</div></div>
</form>
<!-- [held-out note] footer omitted -->
</body></html>
"""


def build() -> Portal:
    p = Portal("vsb", [("丰溪县", f"{HOST}/xxgk.htm")])
    items: list[tuple[int, str, str]] = []

    def add(title: str, date: str, kind: str, agency: str = "", year: int = 0, source: str = "县政府办") -> None:
        nid = 3300 - len(items) * 3
        url = f"{HOST}/info/{COL}/{nid}.htm"
        body = {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
                "picture": lambda: picture_body(title), "news": lambda: news_body(title)}[kind]()
        p.page(url, _article(title, date, source, body, nid))
        (p.reports if kind == "report" else p.distractors).add(url)
        items.append((nid, title, date))

    for year in range(2024, 2015, -1):
        add(f"丰溪县人民政府{year}年政府信息公开工作年度报告", f"{year + 1}-01-2{year % 10}", "report", "丰溪县人民政府", year)
        if year == 2024:
            add("图解丰溪县人民政府2024年政府信息公开工作年度报告", "2025-01-25", "picture")
    for agency in ("丰溪县林业局", "丰溪县文化和旅游局", "丰溪县医疗保障局", "丰溪县退役军人事务局"):
        add(f"{agency}2024年政府信息公开工作年度报告", "2025-01-18", "report", agency, 2024, source=agency[3:])
    for town in ("丰溪县石门镇人民政府", "丰溪县高桥镇人民政府"):
        add(f"{town}2024年度政府信息公开工作年度报告", "2025-01-16", "report", town, 2024, source=town[3:-4])
    add("丰溪县召开政务公开暨政府网站工作推进会", "2024-04-12", "news")
    add("丰溪县2023年政府信息公开工作年度报告解读", "2024-01-29", "jiedu", "丰溪县人民政府", 2023)
    pages = [items[i:i + SIZE] for i in range(0, len(items), SIZE)]
    n = len(pages)

    def name(k: int) -> str:  # page k (1-based): the first is zfxxgknb.htm, then zfxxgknb/{n-1}.htm … 1.htm
        return "zfxxgknb.htm" if k == 1 else f"zfxxgknb/{n + 1 - k}.htm"

    for k, page in enumerate(pages, 1):
        up = "../" if k == 1 else "../../"
        here = "" if k == 1 else "../"
        lis = "".join(f"""
<li id="line_u5_{i}">
                                    <a href="{up}info/{COL}/{nid}.htm">
                                        <h4>{title if len(title) <= CUT else title[:CUT] + "..."}</h4>
                                        <p class="date"><i class="fa fa-calendar"></i>{date}</p>
                                        <p>{title}。根据《中华人民共和国政府信息公开条例》规定，现公布...</p>
                                    </a>
                                </li>
    <span id="section_u5_{i}" style="display:none;"><hr style="height:1px;border:none;border-top:1px dashed #CCCCCC;"></span>"""
                      for i, (nid, title, date) in enumerate(page))

        def link(j: int, text: str, here: str = here) -> str:
            return f'<a href="{here}{name(j)}">{text}</a>'
        nums = "".join(f'<span class="p_no_d">{j}</span>' if j == k else f'<span class="p_no">{link(j, str(j))}</span>'
                       for j in range(1, n + 1))
        first = ('<span class="p_first_d p_fun_d">首页</span><span class="p_prev_d p_fun_d">上页</span>' if k == 1 else
                 f'<span class="p_first p_fun">{link(1, "首页")}</span><span class="p_prev p_fun">{link(k - 1, "上页")}</span>')
        last = (f'<span class="p_next p_fun">{link(k + 1, "下页")}</span><span class="p_last p_fun">{link(n, "尾页")}</span>'
                if k < n else '<span class="p_next_d p_fun_d">下页</span><span class="p_last_d p_fun_d">尾页</span>')
        ids = ",".join(f"'dynclicks_u5_{nid}'" for nid, _, _ in page)
        html = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>政府信息公开年报-{SITE}</title>
<script type="text/javascript" src="/system/resource/js/dynclicks.js"></script>
<script type="text/javascript" src="/system/resource/js/news/statpagedown.js"></script></head>
<body>
<!-- [held-out note] header and left navigation omitted -->
<div class="list fr"><h3>政府信息公开年报</h3><ul>{lis}

   <div class="pages"><link rel="stylesheet" content-type="text/css" href="/system/resource/css/pagedown/sys.css"><div class="pb_sys_common pb_sys_normal pb_sys_style1" style="margin-top:10px;text-align:center;"><span class="p_t">共{len(items)}条</span> <span class="p_pages">{first}{nums}{last}</span> <span class="p_t">{k}/{n}</span></div>
              </div><script>_showDynClickBatch([{ids}],[{",".join(str(nid) for nid, _, _ in page)}],"wbnews", 1632666717)</script></ul></div>
<!-- [held-out note] footer omitted -->
</body></html>
"""
        p.page(f"{HOST}/xxgk/{name(k)}", html)
    nav = ('<ul class="xxgk-nav"><li><a href="xxgk/xxgkzn.htm">政府信息公开指南</a></li>'
           '<li><a href="xxgk/fdzdgknr.htm">法定主动公开内容</a></li>'
           '<li><a href="xxgk/zfxxgknb.htm">政府信息公开年报</a></li></ul>')
    p.page(f"{HOST}/xxgk.htm", f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8">
<title>政府信息公开-{SITE}</title></head><body><!-- [held-out note] header omitted -->{nav}</body></html>
""")
    for key, title in (("xxgkzn", "政府信息公开指南"), ("fdzdgknr", "法定主动公开内容")):
        p.page(f"{HOST}/xxgk/{key}.htm", f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><p>{title}</p></body></html>')
    return p
