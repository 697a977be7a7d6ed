"""Held-out 开普云 (ucap) county portal: the county's 年报 channel and each department's and township's own,
channel URLs `/<site>/c<id>/list.shtml` with articles `/<site>/c<id>/YYYYMM/<32 hex>.shtml`, reached from the
政府信息公开 platform's directory pages (部门信息公开, 乡镇（街道）信息公开); one department publishes its report as
a Word attachment only.

Evidence: article URLs `/klmys/c100186/202609/<32 hex>.shtml` and the detail page's `<meta name="ArticleTitle">`,
`<meta name="PubDate" content="YYYY-MM-DD hh:mm">`, `<meta name="ContentSource">`, `<UCAPTITLE>`, `<UCAPCONTENT>`
of www.klmy.gov.cn (a 开普云 site): GitHub monitor and its test (find_string "<ucapcontent>", ids 70820405223,
70124143643); `<UCAPCONTENT>` in `div.article_content` (Heilongjiang), `div.xxgkcont` with a metadata table
(Suqian): ids 53951335493, 61149729261. The 开普云 row of PORTALS.md (meta table 索引号/分类/发布机构/公开日期/
文号, `index_N.shtml` or `?page=N`, 尾页 link). The list markup and the `list_N.shtml` page names are ours (no
capture of a 开普云 list page was found); the directory pages are described in issue 8, not captured.
"""

from __future__ import annotations

import hashlib

from report import report_docx
from sites import Resource

from .common import Portal, interpretation_body, news_body, picture_body, report_body, seed

HOST = "http://www.kaixi.gov.cn"
SITE = "开溪县人民政府"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _article(title: str, date: str, source: str, body: str, index: str) -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="utf-8">
<meta name="SiteName" content="{SITE}"/>
<meta name="ArticleTitle" content="{title}"/>
<meta name="PubDate" content="{date} 10:30">
<meta name="ContentSource" content="{source}"/>
<title>{title}</title></head>
<body>
<!-- [held-out note] header and breadcrumbs omitted -->
<div class="xxgkcont">
<table class="xxgk_table">
<tr><td>索引号：</td><td>{index}</td><td>分类：</td><td>政府信息公开年报</td></tr>
<tr><td>发布机构：</td><td>{source}</td><td>公开日期：</td><td>{date}</td></tr>
<tr><td>名称：</td><td colspan="3">{title}</td></tr>
<tr><td>文号：</td><td colspan="3"></td></tr>
</table>
<div class="article_content"><h1><UCAPTITLE>{title}</UCAPTITLE></h1>
<div id="zoomcon"><UCAPCONTENT>{body}</UCAPCONTENT></div></div>
</div>
<!-- [held-out note] footer omitted -->
</body></html>
"""


class Channel:
    def __init__(self, portal: Portal, site: str, cid: int, source: str, size: int = 6) -> None:
        self.portal, self.site, self.cid, self.source, self.size = portal, site, cid, source, size
        self.items: list[tuple[str, str, str]] = []
        self.url = f"{HOST}/{site}/c{cid}/list.shtml"

    def add(self, title: str, date: str, kind: str, agency: str = "", year: int = 0, attachment: bool = False) -> None:
        key = hashlib.md5(f"{self.site}{title}".encode()).hexdigest()
        url = f"{HOST}/{self.site}/c{self.cid}/{date[:7].replace('-', '')}/{key}.shtml"
        index = f"11{self.cid}MB0{len(self.items):02d}/{date[:4]}-{len(self.items) + 1:05d}"
        if attachment:
            doc = f"{HOST}/{self.site}/c{self.cid}/{date[:7].replace('-', '')}/P0{key[:20]}.docx"
            self.portal.routes[doc] = Resource(report_docx(agency, year, seed(agency, year)), DOCX)
            body = f'<p>附件：<a href="{doc}" target="_blank">{title}.docx</a></p>'
        else:
            body = {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
                    "picture": lambda: picture_body(title), "news": lambda: news_body(title)}[kind]()
        self.portal.page(url, _article(title, date, self.source, body, index))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(url)
        self.items.append((url, title, date))

    def build(self, nav: str) -> None:
        pages = [self.items[i:i + self.size] for i in range(0, len(self.items), self.size)] or [[]]
        n = len(pages)
        for k, items in enumerate(pages, 1):
            lis = "".join(f'<li><a href="{u}" target="_blank" title="{t}">{t}</a><span class="date">{d}</span></li>\n'
                          for u, t, d in items)
            def name(j: int) -> str:
                return "list.shtml" if j == 1 else f"list_{j}.shtml"
            pager = (f'<a href="{name(1)}">首页</a>' + (f'<a href="{name(k - 1)}">上一页</a>' if k > 1 else "")
                     + (f'<a href="{name(k + 1)}">下一页</a>' if k < n else "") + f'<a href="{name(n)}">尾页</a>'
                     + f"<span>共{len(self.items)}条 {k}/{n}页</span>")
            html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="{SITE}"><meta name="ColumnName" content="政府信息公开年报">
<title>政府信息公开年报-{SITE}</title></head>
<body><!-- [held-out note] header omitted -->
<div class="left">{nav}</div>
<div class="right"><div class="list-title">政府信息公开年报</div>
<ul class="list">
{lis}</ul>
<div class="page">{pager}</div></div>
<!-- [held-out note] footer omitted --></body></html>
"""
            self.portal.page(f"{HOST}/{self.site}/c{self.cid}/{name(k)}", html)


def build() -> Portal:
    p = Portal("ucap", [("开溪县", f"{HOST}/zwgk/")])
    nav = ('<ul><li><a href="/zwgk/zn/">政府信息公开指南</a></li>'
           '<li><a href="/kxx/c100231/list.shtml">政府信息公开年报</a></li>'
           '<li><a href="/zwgk/bmxxgk/">部门信息公开</a></li>'
           '<li><a href="/zwgk/xzxxgk/">乡镇（街道）信息公开</a></li></ul>')
    county = Channel(p, "kxx", 100231, "开溪县人民政府办公室")
    for year in range(2024, 2012, -1):
        county.add(f"开溪县人民政府{year}年政府信息公开工作年度报告", f"{year + 1}-03-1{year % 10}", "report",
                   "开溪县人民政府", year)
        if year == 2024:
            county.add("一图读懂开溪县人民政府2024年政府信息公开工作年度报告", "2025-03-15", "picture")
        if year == 2021:
            county.add("开溪县2021年政府信息公开工作年度报告政策解读", "2022-03-12", "jiedu", "开溪县人民政府", 2021)
    county.build(nav)
    bodies = [("jyj", 100412, "开溪县教育局", "县教育局"), ("mzj", 100433, "开溪县民政局", "县民政局"),
              ("sthjj", 100455, "开溪县生态环境局", "县生态环境局"), ("slj", 100471, "开溪县水利局", "县水利局")]
    towns = [("sqz", 100511, "开溪县双桥镇人民政府", "双桥镇"), ("hpx", 100522, "开溪县和平乡人民政府", "和平乡"),
             ("cdjd", 100533, "开溪县城东街道办事处", "城东街道")]
    for group, path, title in ((bodies, "/zwgk/bmxxgk/", "部门信息公开"), (towns, "/zwgk/xzxxgk/", "乡镇（街道）信息公开")):
        lis = "".join(f'<li><a href="/{site}/" target="_blank">{short}</a></li>' for site, _, _, short in group)
        p.page(f"{HOST}{path}", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}-{SITE}</title></head>
<body><div class="left">{nav}</div><div class="right"><h3>{title}</h3><ul class="bm-list">{lis}</ul></div></body></html>
""")
        for i, (site, cid, agency, short) in enumerate(group):
            sub = (f'<ul><li><a href="/{site}/c{cid - 1}/list.shtml">机构概况</a></li>'
                   f'<li><a href="/{site}/c{cid}/list.shtml">政府信息公开年报</a></li></ul>')
            ch = Channel(p, site, cid, agency)
            for year in (2024, 2023, 2022):
                ch.add(f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-2{i}", "report", agency, year,
                       attachment=(site == "mzj" and year == 2023))
            if site == "sthjj":
                ch.add(f"{short}开展政务公开日活动", "2024-05-15", "news")
            ch.build(sub)
            p.page(f"{HOST}/{site}/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{agency}-{SITE}</title></head>
<body><div class="left"><h2>{agency}</h2>{sub}</div></body></html>
""")
            p.page(f"{HOST}/{site}/c{cid - 1}/list.shtml",
                   f'<html><head><meta charset="utf-8"><title>机构概况</title></head><body>{sub}<p>{agency}</p></body></html>')
    p.page(f"{HOST}/zwgk/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开-{SITE}</title></head>
<body><!-- [held-out note] header omitted --><div class="left">{nav}</div></body></html>
""")
    p.page(f"{HOST}/zwgk/zn/", f'<html><head><meta charset="utf-8"><title>政府信息公开指南</title></head><body>{nav}</body></html>')
    return p
