"""Held-out Hanweb (大汉 JCMS) county portal: 政府信息公开 platform → 年报 columns of the county, its departments and
its townships, each a jpage column.

Evidence (markup replayed; names, ids and counts are ours):
- the jpage call with `totalRecord`, `perPage`, `proxyUrl` and `ajaxParam` (col, appid, webid, path, columnid,
  sourceContentType, unitid, webname, permissiontype), and *no* <totalrecord> in the page's inline datastore:
  issue 8 (a real column page); the same form fields posted by public crawlers of real columns:
  `http://www.hangzhou.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=140&perpage=140` (POST form
  col=1&appid=1&webid=149&path=%2F&columnid=…&sourceContentType=1&unitid=…&webname=…&permissiontype=0),
  `http://www.sxyc.gov.cn/module/jpage/dataproxy.jsp?startrecord=1&endrecord=45&perpage=15` (3 pages a group),
  `http://www.gansu.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp?...` (GET with the form in the query)
  — GitHub code found with find_string "dataproxy.jsp?startrecord" (ids 4868857585, 35908218688, 14515761791).
- the inline datastore with <nextgroup> holding the proxy link and <record><![CDATA[<li><a href='/art/Y/M/D/
  art_<col>_<id>.html' title=…>…</a><span>date</span></li>]]></record>: a test page of jiangsu.gov.cn column
  col33718 kept in a public repository (find_string "/module/web/jpage/dataproxy.jsp", id 66748398891);
  the proxy's answer `<datastore><totalrecord>1928</totalrecord><totalpage>20</totalpage><recordset><record>
  <![CDATA[<li class="cf"><a target="_blank" href="/art/…">` from notes of a probe of jshrss.jiangsu.gov.cn
  (id 71005724080).
- a real 年报 column mixes reports with 图解/解读 and the 政府网站工作年度报表 (PORTALS.md; issue 8).
- the article page: the meta tags every government site must carry (SiteName, SiteDomain, ColumnName,
  ArticleTitle, PubDate, ContentSource; 政府网站发展指引) and Zhejiang Hanweb's `<!--ZJEG_RSS.content.begin-->`
  markers — from memory of real Hanweb pages, no saved copy found: a description, not a capture.
"""

from __future__ import annotations

from urllib.parse import parse_qs, quote

from sites import Resource

from .common import Portal, interpretation_body, news_body, picture_body, report_body

HOST = "http://www.qingxi.gov.cn"
SITE = "清溪县人民政府"
WEBID = 3143


def _article(title: str, column: str, date: str, source: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{SITE}">
<meta name="SiteDomain" content="www.qingxi.gov.cn">
<meta name="SiteIDCode" content="3304230001">
<meta name="ColumnName" content="{column}">
<meta name="ColumnType" content="政府信息公开年报">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 09:30">
<meta name="ContentSource" content="{source}">
<title>{title}</title>
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
</head>
<body>
<!-- [held-out note] site header and navigation omitted -->
<div class="main-txt">
<table width="100%" border="0" cellspacing="0" cellpadding="0">
<tr><td class="title">{title}</td></tr>
<tr><td class="info">发布日期：{date}　信息来源：{source}　浏览次数：<script>document.write(1)</script></td></tr>
<tr><td id="zoom">
<!--ZJEG_RSS.content.begin--><meta name="ContentStart">{body}<meta name="ContentEnd"><!--ZJEG_RSS.content.end-->
</td></tr>
</table>
</div>
<!-- [held-out note] footer omitted -->
</body>
</html>
"""


def _record(href: str, title: str, date: str) -> str:
    return (f"<record><![CDATA[\n<li><a href='{href}' target='_blank' title='{title}'>{title}</a>"
            f"<span>{date}</span></li>\n]]></record>\n")


class Column:
    """One jpage column: its items (href, title, date), page size and proxy path."""

    def __init__(self, portal: Portal, colid: int, unitid: int, name: str, per_page: int, proxy: str,
                 ajax_param: bool = True) -> None:
        self.portal, self.colid, self.unitid, self.name = portal, colid, unitid, name
        self.per_page, self.proxy, self.ajax_param = per_page, proxy, ajax_param
        self.items: list[tuple[str, str, str]] = []
        self.url = f"{HOST}/col/col{colid}/index.html"

    def add(self, title: str, date: str, source: str, kind: str, agency: str = "", year: int = 0,
            host: str = HOST) -> None:
        y, m, d = (int(x) for x in date.split("-"))
        n = len(self.items) + 1
        href = f"{host}/art/{y}/{m}/{d}/art_{self.colid}_{58000000 + self.colid % 1000 * 100 + n}.html"
        body = {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
                "picture": lambda: picture_body(title), "news": lambda: news_body(title)}[kind]()
        self.portal.page(href, _article(title, self.name, date, source, body))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(href)
        shown = href[len(HOST):] if href.startswith(HOST) else href
        self.items.append((shown, title, date))

    def build(self, nav: str) -> None:
        group = self.per_page * 3  # the page carries one group of three pages; the proxy serves the rest
        first = "".join(_record(*it) for it in self.items[:group])
        webname = quote(SITE)
        nextgroup = (f'<a href="{self.proxy}?page=1&webid={WEBID}&path=/&columnid={self.colid}&unitid={self.unitid}'
                     f'&webname={webname}&permissiontype=0"></a>')
        if self.ajax_param:
            call = (f"$('#{self.unitid}').jpage({{\n\tdataBefore:'<ul class=\"list\">',\n\tdataAfter:'</ul>',\n"
                    f"\ttotalRecord:{len(self.items)},\n\tperPage:{self.per_page},\n\tgroupSize:3,\n"
                    f"\tproxyUrl:'{self.proxy}',\n\tthemeName:'default',\n\tshowMode:'full',\n"
                    f"\tajaxParam:{{col:1,appid:1,webid:{WEBID},path:'/',columnid:{self.colid},sourceContentType:1,"
                    f"unitid:'{self.unitid}',webname:'{SITE}',permissiontype:0}}\n}});")
        else:  # the older form: the page size and count only; the form travels in the nextgroup link
            call = f"$('#{self.unitid}').jpage({{totalRecord:{len(self.items)},perPage:{self.per_page}}});"
        html = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="{SITE}">
<meta name="SiteDomain" content="www.qingxi.gov.cn">
<meta name="SiteIDCode" content="3304230001">
<meta name="ColumnName" content="{self.name}">
<meta name="ColumnType" content="信息公开">
<title>{SITE} {self.name}</title>
<script language="javascript" src="/module/jslib/jquery/jquery.js"></script>
<script language="javascript" src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>
</head>
<body>
<!-- [held-out note] site header omitted -->
<div class="xxgk-left">{nav}</div>
<div class="xxgk-right">
<div class="bt-position">当前位置：<a href="/">首页</a> &gt; <a href="/col/col1229001/index.html">政府信息公开</a> &gt; {self.name}</div>
<div id="{self.unitid}"><script type="text/xml"><datastore>
<nextgroup><![CDATA[{nextgroup}]]></nextgroup>
<recordset>
{first}</recordset>
</datastore>
</script></div>
<script>
{call}
</script>
</div>
<!-- [held-out note] footer omitted -->
</body>
</html>
"""
        self.portal.page(self.url, html)
        self.portal.routes[HOST + self.proxy] = self._proxy_route(self.portal.routes.get(HOST + self.proxy))

    def _proxy_route(self, previous: object):
        """dataproxy.jsp: the records startrecord…endrecord of the column named in the form (POST) or query (GET)."""
        def route(query: str, headers: dict, body: bytes) -> Resource:
            args = {**parse_qs(query), **parse_qs(body.decode("utf-8", "replace"))}
            if args.get("columnid", [""])[0] != str(self.colid):
                return previous(query, headers, body) if callable(previous) else _datastore([], 0, self.per_page)
            start = int(args.get("startrecord", ["1"])[0])
            end = int(args.get("endrecord", [str(start + self.per_page * 3 - 1)])[0])
            return _datastore(self.items[start - 1:end], len(self.items), self.per_page)
        return route


def _datastore(items: list[tuple[str, str, str]], total: int, per_page: int) -> Resource:
    pages = -(-total // per_page) if total else 0
    xml = ('<?xml version="1.0" encoding="UTF-8"?>\n<datastore>\n'
           f"<totalrecord>{total}</totalrecord>\n<totalpage>{pages}</totalpage>\n<recordset>\n"
           + "".join(_record(*it) for it in items) + "</recordset>\n</datastore>\n")
    return Resource(xml.encode(), "text/xml;charset=UTF-8")


def build() -> Portal:
    p = Portal("hanweb", [("清溪县", f"{HOST}/col/col1229001/index.html")])
    county = Column(p, 1229005, 4223171, "政府信息公开年报", 5, "/module/web/jpage/dataproxy.jsp")
    depts = Column(p, 1229006, 4223172, "部门政府信息公开年报", 15, "/module/web/jpage/dataproxy.jsp")
    towns = Column(p, 1229007, 4223173, "乡镇（街道）政府信息公开年报", 2, "/module/jpage/dataproxy.jsp",
                   ajax_param=False)
    c = county.add
    c("清溪县2024年政府信息公开工作年度报告", "2025-01-22", "县政府办", "report", "清溪县人民政府", 2024)
    c("图解：清溪县2024年政府信息公开工作年度报告", "2025-01-22", "县政府办", "picture")
    c("清溪县2024年政府网站工作年度报表", "2025-01-20", "县政府办", "news")
    c("清溪县2023年政府信息公开工作年度报告", "2024-01-25", "县政府办", "report", "清溪县人民政府", 2023)
    c("一图读懂清溪县2023年政府信息公开工作年度报告", "2024-01-25", "县政府办", "picture")
    c("《清溪县2023年政府信息公开工作年度报告》解读", "2024-01-26", "县政府办", "jiedu", "清溪县人民政府", 2023)
    c("清溪县2022年度政府信息公开工作报告", "2023-01-30", "县政府办", "report", "清溪县人民政府", 2022)
    c("清溪县召开2022年度政务公开工作推进会", "2022-06-14", "县政府办", "news")
    c("清溪县2021年度政府信息公开工作年度报告", "2022-01-28", "县政府办", "report", "清溪县人民政府", 2021)
    c("清溪县人民政府2020年政府信息公开工作年度报告", "2021-01-29", "县政府办", "report", "清溪县人民政府", 2020)
    c("图解：2020年清溪县政府信息公开年报", "2021-01-29", "县政府办", "picture")
    c("清溪县人民政府2019年政府信息公开年度报告", "2020-01-21", "县政府办", "report", "清溪县人民政府", 2019)
    c("清溪县2018年政府信息公开工作年度报告", "2019-03-18", "县政府办", "report", "清溪县人民政府", 2018)
    c("清溪县2017年政府信息公开年报", "2018-03-26", "县政府办", "report", "清溪县人民政府", 2017)
    c("关于《清溪县2017年政府信息公开年报》的解读", "2018-03-27", "县政府办", "jiedu", "清溪县人民政府", 2017)
    c("清溪县2016年政府信息公开工作年度报告", "2017-03-20", "县政府办", "report", "清溪县人民政府", 2016)
    c("清溪县2015年政府信息公开工作年度报告", "2016-03-25", "县政府办", "report", "清溪县人民政府", 2015)
    c("清溪县2014年政府信息公开工作年度报告", "2015-03-27", "县政府办", "report", "清溪县人民政府", 2014)
    c("清溪县2013年政府信息公开工作年度报告", "2014-03-28", "县政府办", "report", "清溪县人民政府", 2013)
    c("清溪县2012年政府信息公开工作年度报告", "2013-03-29", "县政府办", "report", "清溪县人民政府", 2012)
    c("清溪县2011年政府信息公开工作年度报告", "2012-03-30", "县政府办", "report", "清溪县人民政府", 2011)
    c("清溪县2010年政府信息公开工作年度报告", "2011-03-31", "县政府办", "report", "清溪县人民政府", 2010)
    c("清溪县2013年政府网站工作年度报表", "2014-01-15", "县政府办", "news")
    d = depts.add
    for agency in ("清溪县发展和改革局", "清溪县教育局", "清溪县财政局", "清溪县自然资源和规划局"):
        d(f"{agency}2024年政府信息公开工作年度报告", "2025-01-16", agency, "report", agency, 2024)
    d("关于报送《清溪县司法局2024年政府信息公开工作情况》的函", "2025-01-15", "县司法局", "report", "清溪县司法局", 2024)
    d("清溪县人民政府办公室关于报送2024年度政府信息公开工作年度报告的通知", "2024-12-20", "县政府办", "news")
    d("清溪县卫生健康局2024年度政府信息公开工作报告", "2025-01-15", "县卫生健康局", "report", "清溪县卫生健康局", 2024)
    d("清溪县发展和改革局2023年政府信息公开工作年度报告", "2024-01-18", "县发改局", "report", "清溪县发展和改革局", 2023)
    d("清溪县教育局2023年政府信息公开工作年度报告", "2024-01-17", "县教育局", "report", "清溪县教育局", 2023)
    d("图解：清溪县教育局2023年政府信息公开工作年度报告", "2024-01-17", "县教育局", "picture")
    d("清溪县市场监督管理局2023年政府信息公开工作年度报告", "2024-01-19", "县市场监管局", "report",
      "清溪县市场监督管理局", 2023, host="http://scjg.qingxi.gov.cn")
    t = towns.add
    for town in ("清溪县城关镇人民政府", "清溪县白云乡人民政府", "清溪县东山街道办事处"):
        t(f"{town}2024年政府信息公开工作年度报告", "2025-01-20", town[3:], "report", town, 2024)
    t("城关镇2023年政府信息公开工作年度报告", "2024-01-22", "城关镇", "report", "清溪县城关镇人民政府", 2023)
    t("白云乡2023年政府信息公开工作年度报告", "2024-01-23", "白云乡", "report", "清溪县白云乡人民政府", 2023)
    t("东山街道2023年度政府信息公开年报", "2024-01-24", "东山街道", "report", "清溪县东山街道办事处", 2023)
    t("白云乡开展政务公开进村居活动", "2023-09-02", "白云乡", "news")
    nav = ('<ul class="xxgk-nav">'
           '<li><a href="/col/col1229002/index.html">政府信息公开指南</a></li>'
           '<li><a href="/col/col1229003/index.html">政府信息公开制度</a></li>'
           '<li><a href="/col/col1229004/index.html">法定主动公开内容</a></li>'
           '<li><a href="/col/col1229005/index.html">政府信息公开年报</a>'
           '<ul><li><a href="/col/col1229006/index.html">部门年报</a></li>'
           '<li><a href="/col/col1229007/index.html">乡镇（街道）年报</a></li></ul></li>'
           '<li><a href="/col/col1229008/index.html">政府信息公开申请</a></li></ul>')
    for col in (county, depts, towns):
        col.build(nav)
    p.page(f"{HOST}/col/col1229001/index.html", f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="{SITE}"><meta name="ColumnName" content="政府信息公开">
<title>{SITE} 政府信息公开</title></head>
<body>
<!-- [held-out note] site header omitted -->
<div class="xxgk-left">{nav}</div>
<div class="xxgk-right"><div class="xxgk-box"><h3>最新公开</h3><ul>
<li><a href="/art/2025/1/22/art_1229005_58000501.html" title="清溪县2024年政府信息公开工作年度报告">清溪县2024年政府信息公开工作年度报告</a></li>
<li><a href="/col/col1229004/index.html">更多&gt;&gt;</a></li></ul></div></div>
</body></html>
""")
    for colid, name in ((1229002, "政府信息公开指南"), (1229003, "政府信息公开制度"), (1229004, "法定主动公开内容"),
                        (1229008, "政府信息公开申请")):
        p.page(f"{HOST}/col/col{colid}/index.html",
               f'<html><head><meta charset="utf-8"><title>{name}</title></head><body>{nav}<p>{name}</p></body></html>')
    return p
