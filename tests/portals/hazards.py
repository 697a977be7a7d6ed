"""The second set of sample portals: the listing and document shapes that a plain link walk misses, and
the hazards a crawl must survive without an error storm. Served by server.py beside the first set.

    www.avalon-demo.gov.cn   Fujian TRS + avalon.js, modelled on the real Pingtan list page
                             (../../reference/samples/pages/pingtan-nianbao-list.html): a static first
                             screen, the rest from the site search (/fjdzapp/search, JSON, chnldocurl)
                             found from the ChnlId meta and SiteInfo.searchId
    www.json-demo.gov.cn     a list whose `data-url` names a getList endpoint (pageNo, nested JSON)
    www.ebook-demo.gov.cn    page-flip e-books: a book root whose config states totalPageCount, a
                             list link straight to files/basic-html/page1.html (walked until a 404),
                             and a portal whose entry point is page 1 of a book
    www.hanweb2-demo.gov.cn  Hanweb: dataproxy form from the <nextgroup> link and another proxy path
                             (col2001), server-rendered `index.html?uid=&pageNum=` pages (col2002), a
                             /module/xxgk/ directory module with currpage= pages
    www.files-demo.gov.cn    reports listed only as attachment links: a PDF, file names percent-encoded
                             in UTF-8 and in GBK with a link text "下载", a download script named only
                             by its Content-Disposition (raw GBK bytes)
    www.hazard-demo.gov.cn   <base href>, a calendar linking the list to itself, ;jsessionid= links,
                             ../ beyond the root, onclick="window.open(…)", a meta refresh with odd
                             quoting, a JS redirect to a login page, a very slow page, an HTTP 451
    www.gone-demo.gov.cn     the entry point answers 404
    www.dead-demo.gov.cn     the entry point closes the connection without an answer
"""

from __future__ import annotations

import functools
import html
import json
import zlib
from collections.abc import Callable
from urllib.parse import parse_qs, quote

import lxml.html
from report import report_docx, tables_html, tiny_pdf
from sites import DOCX, DROP, Report, Resource, article, li, page, res

Route = Resource | Callable[[str, dict, bytes], Resource]


def _reports(agency: str, years: range, month: str = "01-20") -> list[Report]:
    return [Report(agency, y, f"{y + 1}-{month}", f"{y}{zlib.crc32(agency.encode()) % 900 + 100}")
            for y in sorted(years, reverse=True)]


@functools.cache  # deterministic, and the server builds its routes on every request: keep them cheap
def report_lines(agency: str, year: int, seed: int) -> list[str]:
    """The report as an e-book text layer: a line per paragraph, a row's cells on one line."""
    root = lxml.html.fromstring(f"<div>{tables_html(agency, year, seed)}</div>")
    lines = [f"{agency}{year}年政府信息公开工作年度报告"]
    for el in root:
        if el.tag == "table":
            lines += [" ".join(c.text_content().strip() or "0" for c in tr.xpath("./td")) for tr in el.xpath(".//tr")]
        else:
            lines.append(el.text_content().strip())
    return lines


def ebook_page(lines: list[str], n: int, total: int) -> str:
    nav = (f'<a href="page{n - 1}.html">Previous Page</a>' if n > 1 else "") + (
        f'<a href="page{n + 1}.html">Next Page</a>' if n < total else "")
    return page(f"page {n}", "".join(f"<p>{html.escape(x)}</p>" for x in lines) + f"<div>{nav}</div>")


class MoreSites:
    """What the second set of sample portals publishes."""

    def __init__(self) -> None:
        self.reports: dict[str, list[Report]] = {
            "avalon": _reports("福建示例区", range(2013, 2025), "03-10"),  # 12: two JSON pages of 10
            "json": _reports("接口县农业农村局", range(2021, 2025)),
            "ebook": [Report("文登示例区信访局", 2022, "2023-01-15", "901"),
                      Report("示例市审计局", 2020, "2021-01-20", "902"),
                      Report("示例县统计局", 2021, "2022-01-20", "903")],  # a portal that is one e-book
            "hanweb-proxy": _reports("汉威二区人民政府", range(2019, 2024)),
            "hanweb-pagenum": _reports("汉威二区教育局", range(2020, 2024)),
            "hanweb-xxgk": _reports("汉威二区民政局", range(2021, 2024)),
            "files": [Report("文件县人民政府", 2024, "2025-01-20", "pdf"),
                      Report("文件县教育局", 2023, "2024-01-20", "utf8"),
                      Report("文件县卫生健康局", 2023, "2024-01-21", "gbk"),
                      Report("文件县司法局", 2022, "2023-01-20", "disposition")],
            "hazard": _reports("险境县人民政府", range(2020, 2025)),
        }

    def expected(self) -> set[tuple[str, int]]:
        return {(r.agency, r.year) for rs in self.reports.values() for r in rs}

    def routes(self) -> dict[str, Route]:
        out: dict[str, Route] = {}
        for part in (self.avalon, self.json_api, self.ebook, self.hanweb, self.files, self.hazard):
            out.update(part())
        out["http://www.gone-demo.gov.cn/zfxxgk/zfxxgknb/"] = Resource(b"<html><body>gone</body></html>", status=404)
        out["http://www.dead-demo.gov.cn/"] = Resource(b"", status=DROP)
        return out

    # --- Fujian TRS + avalon.js ------------------------------------------------------------------------

    def avalon(self) -> dict[str, Route]:
        host = "http://www.avalon-demo.gov.cn"
        items = self.reports["avalon"]
        column = "/zwgk/zfxxgk/zfxxgknb/"
        static = "".join(
            f'<dl><dd class="trt-col-sm-24 text_align_left"><a href="./{r.ym}/t{r.ymd}_{r.ident}.htm" target="_blank" '
            f'title="{r.title}">{r.title}</a></dd><dd class="trt-col-4 text_align_left">{r.published}</dd></dl>'
            for r in items[:2])
        body = (
            '<div class="info_public"><div class="tabs info_tabs" ms-controller="list">'
            f'<div class="rules_tabs_01" ms-visible="showStatic">{static}</div>'
            '<div class="rules_tabs_01" ms-visible="!showStatic" style="display: none">'
            '<dl ms-if="list.length>0" ms-repeat="list" ms-if-loop="$index<10"><dd>'
            '<a ms-attr-href="el.chnldocurl" ms-attr-title="el.doctitle" ms-text="el.doctitle|html" target="_blank"></a>'
            '</dd><dd ms-text="el.docreltime|date(\'yyyy-MM-dd\')"></dd></dl></div>'
            '<div class="page_base" ms-controller="list_pagebar" ms-include-src="pgTemp" ms-if="pageCount>0"></div>'
            "</div></div>"
            '<script>var SiteInfo = { itpSiteId: 21, searchId: 200210, defaultPgTemp: "pgBar_pt.html",'
            ' siteMsgType: "govSite", initWindowRoot: false };</script>'
            '<script src="/images/model.min.js"></script>')
        head = '<meta name="SiteName" content="福建示例区"><meta name="ChnlId" content="1813">'
        listing = page("政府信息公开年报", body, head=head).replace("<html>", '<html ms-controller="windowRoot">', 1)
        routes: dict[str, Route] = {column: res(listing)}

        def search(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            if q.get("channelid") != "200210" or q.get("classsql") != "chnlid=1813":
                return Resource(b'{"data":[],"pageCount":0}', "application/json")
            size, number = int(q.get("prepage", 10)), int(q.get("page", 1))
            docs = [{"doctitle": f"<em>{r.title}</em>", "chnldocurl": f"{host}{column}{r.ym}/t{r.ymd}_{r.ident}.htm",
                     "docreltime": f"{r.published} 09:00:00"} for r in items[(number - 1) * size:number * size]]
            data = {"data": docs, "pageCount": (len(items) + size - 1) // size, "pagenum": number}
            return Resource(json.dumps(data, ensure_ascii=False).encode(), "application/json;charset=UTF-8")

        routes["/fjdzapp/search"] = search
        for r in items:
            routes[f"{column}{r.ym}/t{r.ymd}_{r.ident}.htm"] = res(article(r, f'<meta name="PubDate" content="{r.published}">'))
        return {host + p: v for p, v in routes.items()}

    def json_api(self) -> dict[str, Route]:
        host = "http://www.json-demo.gov.cn"
        items = self.reports["json"]
        routes: dict[str, Route] = {
            "/xxgk/xxgknb/": res(page("信息公开年报", '<div id="list" data-url="/api/content/getList?columnId=77&pageNo=1&pageSize=2">'
                                      "</div><script>var pageSize = 2;</script>")),
        }

        def api(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            size, number = int(q["pageSize"]), int(q["pageNo"])
            rows = [{"id": r.ident, "title": r.title, "url": f"/xxgk/xxgknb/art/{r.ident}.html", "publishTime": r.published}
                    for r in items[(number - 1) * size:number * size]]
            data = {"code": 0, "data": {"list": rows, "totalPage": (len(items) + size - 1) // size}}
            return Resource(json.dumps(data, ensure_ascii=False).encode(), "application/json")

        routes["/api/content/getList"] = api
        for r in items:
            routes[f"/xxgk/xxgknb/art/{r.ident}.html"] = res(article(r, wrapper='div class="article-content"'))
        return {host + p: v for p, v in routes.items()}

    # --- page-flip e-books -----------------------------------------------------------------------------

    def ebook(self) -> dict[str, Route]:
        host = "http://www.ebook-demo.gov.cn"
        with_config, bare, alone = self.reports["ebook"]
        routes: dict[str, Route] = {
            "/zfxxgk/zfxxgknb/": res(page("政府信息公开年报", "<ul>"
                                         + li(f"/ebook/{with_config.ident}/index.html", f"{with_config.year}年报_信访局", with_config.published)
                                         + li(f"/ebook/{bare.ident}/files/basic-html/page1.html", f"{bare.year}年报_审计局", bare.published)
                                         + li("/zfxxgk/zfxxgknb/202301/t20230116_904.html", with_config.title, with_config.published)
                                         + "</ul>")),
            # An HTML report that also links its e-book edition: both are documents of the report.
            "/zfxxgk/zfxxgknb/202301/t20230116_904.html": res(article(
                with_config, extra='<p><a href="/ebook/904/files/basic-html/page1.html">电子书版</a></p>')),
            f"/ebook/{with_config.ident}/index.html": res(page(
                with_config.title, '<div id="flipbook"></div><script src="javascript/config.js"></script>'
                '<script>var bookConfig = {totalPageCount: 3, pageWidth: 595};</script>'
                '<a href="files/basic-html/index.html">Basic HTML version</a>')),
        }
        for ident, r, seed in (("901", with_config, 0), ("902", bare, 0), ("903", alone, 0), ("904", with_config, 1)):
            lines = report_lines(r.agency, r.year, r.year + r.seed + seed)
            third = (len(lines) + 2) // 3
            parts = [lines[:third], lines[third:2 * third], lines[2 * third:]]
            for n, part in enumerate(parts, 1):
                routes[f"/ebook/{ident}/files/basic-html/page{n}.html"] = res(ebook_page(part, n, 3))
        return {host + p: v for p, v in routes.items()}

    # --- Hanweb variants ---------------------------------------------------------------------------------

    def hanweb(self) -> dict[str, Route]:
        host = "http://www.hanweb2-demo.gov.cn"
        routes: dict[str, Route] = {}

        def record(r: Report, col: int) -> str:
            return (f"<record><![CDATA[<li><a href=\"/art/{r.published[:4]}/{int(r.published[5:7])}/{int(r.published[8:])}/"
                    f"art_{col}_{r.ident}.html\" title=\"{r.title}\">{r.title}</a><span>{r.published}</span></li>]]></record>")

        def datastore(items: list[Report], col: int, extra: str = "") -> str:
            return (f'<script type="text/xml"><datastore>{extra}<recordset>{"".join(record(r, col) for r in items)}'
                    "</recordset></datastore></script>")  # the count is in the jpage call, as on real column pages

        # col2001: the form only in the <nextgroup> link, another proxy path, perpage named in the jpage call.
        proxy_items = self.reports["hanweb-proxy"]
        nextgroup = ('<nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1&appid=1&webid=3&amp;path=/'
                     '&columnid=2001&unitid=6001&webname=%E6%B1%89%E5%A8%81&permissiontype=0"></a>]]></nextgroup>')
        routes["/col/col2001/index.html"] = res(page("政府信息公开年报", '<div id="6001"></div>'
            + datastore(proxy_items[:2], 2001, nextgroup)
            + f"<script>$('#6001').jpage({{totalRecord: {len(proxy_items)}, dataStore: dataStore, perpage: '2', "
            "proxyUrl: '/module/jpage/dataproxy.jsp'});</script>"))

        def proxy(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("columnid") != "2001" or form.get("unitid") != "6001" or q.get("perpage") != "2":
                return Resource(b"<datastore><totalrecord>0</totalrecord></datastore>", "text/xml")
            start, end = int(q["startrecord"]), int(q["endrecord"])
            recs = "".join(record(r, 2001) for r in proxy_items[start - 1:end])
            return Resource(f"<datastore><totalpage>{(len(proxy_items) + 1) // 2}</totalpage><recordset>{recs}"
                            "</recordset></datastore>".encode(), "text/xml; charset=utf-8")

        routes["/module/jpage/dataproxy.jsp"] = proxy

        # col2002: no form at all; the server renders each page at index.html?uid=6002&pageNum=N.
        num_items = self.reports["hanweb-pagenum"]

        def pagenum(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            n = int(q.get("pageNum", 1)) if q.get("uid", "6002") == "6002" else 99
            chunk = num_items[(n - 1) * 2:n * 2]
            return res(page("信息公开年报", '<div id="6002"></div>' + datastore(chunk, 2002)
                            + f"<script>$('#6002').jpage({{totalRecord: {len(num_items)}, dataStore: dataStore, perPage: 2}});"
                            "</script>"))

        routes["/col/col2002/index.html"] = pagenum

        # /module/xxgk/: a directory module, a table of links, 共2页 and currpage= pages.
        xxgk_items = self.reports["hanweb-xxgk"]

        def xxgk(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            n = int(q.get("currpage", 1))
            rows = "".join(f'<tr><td><a href="/art/{r.published[:4]}/1/20/art_2003_{r.ident}.html" target="_blank">{r.title}</a>'
                           f"</td><td>{r.published}</td></tr>" for r in xxgk_items[(n - 1) * 2:n * 2])
            nxt = f'<a href="search.jsp?infotypeId=NB&amp;area=11330000&amp;currpage={n + 1}">下一页</a>' if n < 2 else ""
            return res(page("信息公开年报", f"<table>{rows}</table><div>共2页 {nxt}</div>"))

        routes["/module/xxgk/search.jsp"] = xxgk
        for col, items in ((2001, proxy_items), (2002, num_items)):
            for r in items:
                path = f"/art/{r.published[:4]}/{int(r.published[5:7])}/{int(r.published[8:])}/art_{col}_{r.ident}.html"
                routes[path] = res(article(r, wrapper='div id="zoom"'))
        for r in xxgk_items:
            routes[f"/art/{r.published[:4]}/1/20/art_2003_{r.ident}.html"] = res(article(r, wrapper='div id="zoom"'))
        return {host + p: v for p, v in routes.items()}

    # --- reports listed as attachments ---------------------------------------------------------------

    def files(self) -> dict[str, Route]:
        host = "http://www.files-demo.gov.cn"
        pdf, utf8, gbk, disposition = self.reports["files"]
        utf8_path = "/uploadfiles/" + quote(f"{utf8.title}.docx", encoding="utf-8")
        gbk_path = "/uploadfiles/" + quote(f"{gbk.title}.wps", encoding="gbk")
        routes: dict[str, Route] = {
            "/xxgk/gknb/": res(page("公开年报", "<ul>"
                                   + li(f"/uploadfiles/P0{pdf.year}.pdf", pdf.title, pdf.published)
                                   + li(utf8_path, "下载", utf8.published)
                                   + li(gbk_path, "下载", gbk.published)
                                   + li("/xxgk/gknb/sfj.html", disposition.title, disposition.published)
                                   + "</ul>")),
            f"/uploadfiles/P0{pdf.year}.pdf": Resource(tiny_pdf(f"report {pdf.year}"), "application/pdf"),
            utf8_path: Resource(report_docx(utf8.agency, utf8.year, utf8.year), DOCX),
            gbk_path: Resource(report_docx(gbk.agency, gbk.year, gbk.year), "application/octet-stream"),
            "/xxgk/gknb/sfj.html": res(page(disposition.agency, '<div class="article"><h1>政府信息公开工作年度报告</h1>'
                                            '<p>附件：<a href="/attach/download.jsp?fileid=77">点击下载</a></p></div>')),
        }
        name = f"{disposition.title}.docx".encode("gbk").decode("latin-1")
        routes["/attach/download.jsp?fileid=77"] = Resource(
            report_docx(disposition.agency, disposition.year, disposition.year), "application/octet-stream",
            headers={"Content-Disposition": f'attachment; filename="{name}"'})
        return {host + p: v for p, v in routes.items()}

    # --- robustness hazards --------------------------------------------------------------------------

    def hazard(self) -> dict[str, Route]:
        host = "http://www.hazard-demo.gov.cn"
        base_href, jsession, beyond_root, onclick, refresh = self.reports["hazard"]
        folder = "/zfxxgk/zfxxgknb/nb/"

        def calendar(query: str, headers: dict, body: bytes) -> Resource:
            day = int(parse_qs(query).get("day", ["1"])[0])
            days = "".join(f'<td><a href="/zfxxgk/list.jsp?cid=5&amp;day={d}">1月{d}日</a></td>' for d in range(day + 1, day + 4))
            items = (li(f"{base_href.ym}/t{base_href.ymd}_{base_href.ident}.html", base_href.title, base_href.published)
                     + li(f"{jsession.ym}/t{jsession.ymd}_{jsession.ident}.html;jsessionid=0A1B2C3D4E?lang=zh",
                          jsession.title, jsession.published)
                     + li(f"../../../../../zfxxgk/zfxxgknb/nb/{beyond_root.ym}/t{beyond_root.ymd}_{beyond_root.ident}.html",
                          beyond_root.title, beyond_root.published)
                     + f'<li onclick="window.open(\'{onclick.ym}/t{onclick.ymd}_{onclick.ident}.html\')" title="{onclick.title}">'
                       f"{onclick.title}<span>{onclick.published}</span></li>"
                     + li(f"/go/{refresh.ident}.html", refresh.title, refresh.published)
                     + li("/zfxxgk/zfxxgknb/nb/202501/t20250110_login.html", "险境县统计局2024年政府信息公开工作年度报告", "2025-01-10")
                     + li("/zfxxgk/zfxxgknb/nb/202501/t20250111_slow.html", "险境县审计局2024年政府信息公开工作年度报告", "2025-01-11")
                     + li("/zfxxgk/zfxxgknb/nb/202501/t20250112_451.html", "险境县林业局2024年政府信息公开工作年度报告", "2025-01-12"))
            return res(page("政府信息公开年报", f"<table><tr>{days}</tr></table><ul>{items}</ul>",
                            head=f'<base href="{folder}">'))

        routes: dict[str, Route] = {
            "/zfxxgk/list.jsp": calendar,
            f"/go/{refresh.ident}.html": res(page("", "", head=f'<meta http-equiv="Refresh" content="0; URL=\'{folder}'
                                                  f'{refresh.ym}/t{refresh.ymd}_{refresh.ident}.html\'">')),
            f"{folder}202501/t20250110_login.html": res(page("", '<script>window.location.href="/sso/login.jsp?goto='
                                                               'http%3A%2F%2Fwww.hazard-demo.gov.cn%2F";</script>')),
            "/sso/login.jsp": res(page("登录", '<form><input name="u"><input type="password" name="p"></form>')),
            f"{folder}202501/t20250111_slow.html": Resource(b"<html><body>slow</body></html>", delay=4.0),
            f"{folder}202501/t20250112_451.html": Resource(b"<html><body>unavailable</body></html>", status=451),
        }
        for r in (base_href, jsession, beyond_root, onclick, refresh):
            routes[f"{folder}{r.ym}/t{r.ymd}_{r.ident}.html"] = res(article(r))
        return {host + p: v for p, v in routes.items()}


MORE_PORTALS_CSV = """name,entry_url,level,region,platform,encoding,tls_ciphers,hosts
福建示例区,http://www.avalon-demo.gov.cn/zwgk/zfxxgk/zfxxgknb/,县,福建省,,,,
接口县,http://www.json-demo.gov.cn/xxgk/xxgknb/,县,示例省,,,,
文登示例区,http://www.ebook-demo.gov.cn/zfxxgk/zfxxgknb/,县,示例省,,,,
示例县统计局,http://www.ebook-demo.gov.cn/ebook/903/files/basic-html/page1.html,县,示例省,,,,
汉威二区,http://www.hanweb2-demo.gov.cn/col/col2001/index.html,县,示例省,,,,
汉威二区教育局,http://www.hanweb2-demo.gov.cn/col/col2002/index.html,县,示例省,,,,
汉威二区民政局,http://www.hanweb2-demo.gov.cn/module/xxgk/search.jsp?infotypeId=NB&area=11330000&currpage=1,县,示例省,hanweb,,,
文件县,http://www.files-demo.gov.cn/xxgk/gknb/,县,示例省,,,,
险境县,http://www.hazard-demo.gov.cn/zfxxgk/list.jsp?cid=5,县,示例省,,,,
消失县,http://www.gone-demo.gov.cn/zfxxgk/zfxxgknb/,县,示例省,,,,
断线县,http://www.dead-demo.gov.cn/,县,示例省,,,,
"""
