"""The sample portals: one small site per CMS family, plus the hazards the crawler must survive.

Every page is rendered from `SampleState`, so tests can add a report or correct an old one and crawl
again. Hosts (all served by server.py on 127.0.0.1, reached through it as an HTTP proxy):

    www.trs-demo.gov.cn      TRS: home -> 政府信息公开 -> 年报 column (index.html, index_1.html, …
                             count in createPageHTML), department and township sub-columns, a DOCX
                             attachment, a pdf.js viewer link to files.trs-demo.gov.cn, a shell page
                             that redirects by script, a page that fails with 500 once, noise
                             (指南, 预决算, 工作要点), a link to a spam mirror, a robots.txt trap
    www.hanweb-demo.gov.cn   Hanweb JCMS: a moved column (301), <datastore> records + dataproxy.jsp
                             POST for the rest, one report whose tables are images
    www.ucap-demo.gov.cn     开普云: index.shtml, index_1.shtml with a 尾页 link
    www.gd-demo.gov.cn       Guangdong 集约化: index.html, index_2.html; entered over https (the
                             proxy refuses it), so the crawler must fall back to http
    www.sx-demo.gov.cn       Shaanxi 集约化: 1.html, 2.html, count in parseInt('2')
    www.vsb-demo.gov.cn      博达 VSB: gknb.htm, then gknb/1.htm via the 下页 link
    www.asp-demo.gov.cn      legacy ASP.NET, GBK: InfoPublic.aspx?cid=10&page=N, 共2页
    www.county-demo.gov.cn   开普云 county portal: home -> 政府信息公开 platform -> its own 公开年报 column, a
                             部门信息公开 directory (a list, a <select> drop-down) and a 乡镇（街道） directory
                             written into a script; each body's section -> its own /<dept>/gknb/ column
                             (townships via their 政府信息公开 page); one report titled only "2024年度"
                             (its content decides), a 图解 page and a news item in a 年报 column
    www.huaian-demo.gov.cn   real documents of reference/samples (served verbatim under demo hosts, never the
    www.hongze-demo.gov.cn   real ones): 淮安市 2024 PDF listed as a file; 洪泽区 2023 and 2024 PDFs as
    www.pingtan-demo.gov.cn  attachments of report pages (2023 fails check R4); the real Pingtan column and
    www.qhd-demo.gov.cn      report pages (Fujian TRS + avalon); the 秦皇岛 开发区 2024 text as an attachment
                             (its check R1 fails)
    www.waf-demo.gov.cn      a 521 JS-cookie challenge on every page
    www.spam-mirror.com      a foreign mirror of reports (must never be requested)
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from report import TINY_PNG, report_docx, report_text, tables_html, tiny_pdf

HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LAST_MODIFIED = "Mon, 13 Jan 2025 08:00:00 GMT"
ROBOTS = b"User-agent: *\nDisallow: /trap/\n"
DROP = 0  # Resource.status: close the connection without an answer (a dead host)


SAMPLES = Path(__file__).resolve().parents[2] / "reference" / "samples"
# The real reports the sample portals serve: (agency, year) as the archive files them.
REAL_REPORTS: set[tuple[str, int]] = {("淮安市人民政府", 2024), ("淮安市洪泽区人民政府", 2024), ("淮安市洪泽区人民政府", 2023),
                                       ("平潭综合实验区", 2025), ("秦皇岛经济技术开发区管理委员会", 2024)}


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


# The county governments the city portal lists (the demo 洪泽区 portal among them).
CITY_COUNTIES: list[tuple[str, str]] = [
    ("http://www.qjp-demo.gov.cn/", "清江浦区"), ("http://www.haq-demo.gov.cn/", "淮安区人民政府"),
    ("http://www.hy-demo.gov.cn/", "淮阴区人民政府"), ("http://www.hongze-demo.gov.cn/", "洪泽区人民政府"),
    ("http://www.ls-demo.gov.cn/index.html", "涟水县人民政府"), ("http://www.xy-demo.gov.cn/", "盱眙县"),
    ("http://www.jh-demo.gov.cn/", "金湖县人民政府"),
]

# The bodies of the county portal: section slug, name, kinds of their reports by year.
COUNTY_BODIES: list[tuple[str, str, dict[str, str]]] = [
    ("jyj", "开普县教育局", {}),
    ("czj", "开普县财政局", {"2024": "untitled", "2023": "extras"}),
    ("wjw", "开普县卫生健康委员会", {}),
    ("zrzyj", "开普县自然资源局", {}),
    ("cgz", "开普县城关镇人民政府", {}),
    ("dfx", "开普县东风乡人民政府", {}),
]


@dataclass
class Resource:
    body: bytes
    content_type: str = HTML
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    last_modified: str = LAST_MODIFIED
    delay: float = 0.0  # seconds before answering (a very slow portal)

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha1(self.body).hexdigest()[:16] + '"'


Route = Resource | Callable[[str, dict, bytes], Resource]


@dataclass
class Report:
    agency: str
    year: int
    published: str  # YYYY-MM-DD
    ident: str  # the id in the URL
    kind: str = "html"  # html | docx | viewer | shell | flaky | images | pdf
    seed: int = 0

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    @property
    def ym(self) -> str:
        return self.published[:7].replace("-", "")

    @property
    def ymd(self) -> str:
        return self.published.replace("-", "")


def page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>{head}</head>'
            f"<body>{body}</body></html>")


def res(text: str, **kw) -> Resource:
    return Resource(text.encode("utf-8"), **kw)


def li(url: str, title: str, date: str) -> str:
    return f'<li><a href="{url}" title="{html.escape(title)}">{html.escape(title)}</a><span>{date}</span></li>'


def article(r: Report, meta: str = "", wrapper: str = 'div class="TRS_Editor"', extra: str = "") -> str:
    tag = wrapper.split()[0]
    return page(r.title, f'<div class="article"><h1>{r.title}</h1><span>发布日期：{r.published}</span>'
                f'<{wrapper}>{tables_html(r.agency, r.year, r.year + r.seed)}{extra}</{tag}></div>',
                head=meta)


def chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


class SampleState:
    """What the sample portals publish right now (newest report first in every list)."""

    def __init__(self) -> None:
        def yearly(agency: str, years: range, month: str = "01-20", **kinds: str) -> list[Report]:
            return [Report(agency, y, f"{y + 1}-{month}", f"{y}{zlib.crc32(agency.encode()) % 900 + 100}",
                           kind=kinds.get(str(y), "html")) for y in sorted(years, reverse=True)]

        self.reports: dict[str, list[Report]] = {
            "trs": yearly("示例县人民政府", range(2020, 2025)),
            "trs-bm": [Report("示例县教育局", 2024, "2025-01-15", "501", "docx"),
                       Report("示例县卫生健康局", 2024, "2025-01-14", "502", "viewer"),
                       Report("示例县财政局", 2024, "2025-01-13", "503", "shell"),
                       Report("示例县水利局", 2024, "2025-01-12", "504", "flaky")],
            "trs-xz": [Report("示例镇人民政府", 2024, "2025-01-10", "601", "pdf")],
            "hanweb": yearly("汉威市人民政府", range(2020, 2025), **{"2022": "images"}),
            "ucap": yearly("开普区司法局", range(2023, 2025)),
            "gd": yearly("广东示例区人力资源局", range(2023, 2025)),
            "sx": yearly("陕西示例县交通运输局", range(2023, 2025)),
            "vsb": yearly("博达镇人民政府", range(2023, 2025)),
            "asp": yearly("旧城区民政局", range(2023, 2025)),
            "county": yearly("开普县人民政府", range(2023, 2025), month="03-20"),
            **{f"county-{slug}": yearly(name, range(2023, 2025), **kinds) for slug, name, kinds in COUNTY_BODIES},
        }
        self.flaky_failures = 1
        self._real: dict[str, Route] | None = None
        from hazards import MoreSites

        self.more = MoreSites()

    def expected(self) -> set[tuple[str, int]]:
        return {(r.agency, r.year) for rs in self.reports.values() for r in rs} | REAL_REPORTS

    def add_report(self, key: str, agency: str, year: int, published: str) -> Report:
        r = Report(agency, year, published, f"{year}9{len(self.reports[key])}")
        self.reports[key].insert(0, r)
        return r

    def correct_report(self, key: str, year: int) -> Report:
        r = next(r for r in self.reports[key] if r.year == year)
        r.seed += 1
        return r

    # --- TRS --------------------------------------------------------------------------------------

    def trs(self) -> dict[str, Route]:
        host = "http://www.trs-demo.gov.cn"
        routes: dict[str, Route] = {
            "/": res(page("示例县人民政府", '<meta name="SiteName" content="示例县人民政府">'
                          '<a href="/xwzx/">新闻中心</a><a href="/zfxxgk/">政府信息公开</a>'
                          '<a href="http://www.spam-mirror.com/">友情链接</a>')),
            "/xwzx/": res(page("新闻中心", li("/xwzx/202501/t20250101_1.html", "县长调研", "2025-01-01"))),
            "/zfxxgk/": res(page("政府信息公开", "<ul>"
                                 '<li><a href="/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>'
                                 '<li><a href="/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>'
                                 '<li><a href="/zfxxgk/fdzdgknr/">法定主动公开内容</a></li>'
                                 '<li><a href="/zfxxgk/zfxxgknb/">政府信息公开年报</a></li>'
                                 '<li><a href="/trap/zfxxgknb/">信息公开年报</a></li>'
                                 '<li><a href="http://www.spam-mirror.com/zfxxgknb/">信息公开年报</a></li></ul>')),
            "/trap/zfxxgknb/": res(page("trap", li("/trap/zfxxgknb/1.html", "示例县2019年政府信息公开工作年度报告", ""))),
        }
        pages = chunks(self.reports["trs"], 2)
        sub = ('<div class="sub"><a href="/zfxxgk/zfxxgknb/bmnb/">部门信息公开年报</a>'
               '<a href="/zfxxgk/zfxxgknb/xzjd/">乡镇街道信息公开年报</a></div>')
        for i, items in enumerate(pages):
            body = sub + "<ul>" + "".join(li(f"./{r.ym}/t{r.ymd}_{r.ident}.html", r.title, r.published) for r in items)
            if i == 0:
                body += (li("./202402/t20240201_9001.html", "示例县政府信息公开指南", "2024-02-01")
                         + li("./202402/t20240202_9002.html", "示例县2024年度部门预算公开", "2024-02-02")
                         + li("./202402/t20240203_9003.html", "示例县2024年政务公开工作要点", "2024-02-03")
                         + li("http://www.spam-mirror.com/zfxxgknb/t1.html", "示例县2019年政府信息公开工作年度报告", "2020-01-01"))
            body += f'</ul><script>createPageHTML({len(pages)}, {i}, "index", "html");</script>'
            r = res(page("政府信息公开年报", body))
            routes["/zfxxgk/zfxxgknb/" + ("index.html" if i == 0 else f"index_{i}.html")] = r
            if i == 0:
                routes["/zfxxgk/zfxxgknb/"] = r
        for r in self.reports["trs"]:
            routes[f"/zfxxgk/zfxxgknb/{r.ym}/t{r.ymd}_{r.ident}.html"] = res(article(
                r, f'<meta name="ArticleTitle" content="{r.title}"><meta name="PubDate" content="{r.published} 09:00">'))
        for key, folder in (("trs-bm", "bmnb"), ("trs-xz", "xzjd")):
            items = self.reports[key]
            lis = "".join(li(f"./{r.ym}/t{r.ymd}_{r.ident}.html" if r.kind != "pdf" else f"./{r.ym}/P0{r.ident}.pdf",
                             r.title, r.published) for r in items)
            routes[f"/zfxxgk/zfxxgknb/{folder}/"] = res(page(folder, f'<ul>{lis}</ul><script>createPageHTML(1, 0, "index", "html");</script>'))
            for r in items:
                path = f"/zfxxgk/zfxxgknb/{folder}/{r.ym}/t{r.ymd}_{r.ident}.html"
                if r.kind == "docx":
                    routes[path] = res(page(r.title, f'<div class="TRS_Editor"><h1>{r.title}</h1><p>{r.agency}年报全文见附件。</p>'
                                                     f'<p>附件：<a href="./P0{r.ident}.docx">{r.title}.docx</a></p>'
                                                     f'<p>附件2：<a href="./P0{r.ident}.txt">文字版.txt</a></p></div>'))
                    routes[f"/zfxxgk/zfxxgknb/{folder}/{r.ym}/P0{r.ident}.docx"] = Resource(
                        report_docx(r.agency, r.year, r.year + r.seed), DOCX)
                    routes[f"/zfxxgk/zfxxgknb/{folder}/{r.ym}/P0{r.ident}.txt"] = Resource(
                        report_text(r.agency, r.year).encode("gb18030"), "text/plain")
                elif r.kind == "viewer":
                    routes[path] = res(article(r, extra=f'<iframe src="/pdfjs/web/viewer.html?file=http%3A%2F%2Ffiles.trs-demo.gov.cn%2Ffj%2FP0{r.ident}.docx"></iframe>'))
                elif r.kind == "shell":
                    real = f"/zfxxgk/zfxxgknb/{folder}/{r.ym}/real_{r.ident}.html"
                    routes[path] = res(page("", f'<script>window.location.replace("{real}");</script>'))
                    routes[real] = res(article(r))
                elif r.kind == "flaky":
                    routes[path] = self._flaky(res(article(r)))
                elif r.kind == "pdf":
                    routes[f"/zfxxgk/zfxxgknb/{folder}/{r.ym}/P0{r.ident}.pdf"] = Resource(tiny_pdf(f"report {r.year}"), "application/pdf")
        return {host + p: v for p, v in routes.items()}

    def _flaky(self, good: Resource) -> Route:
        def serve(query: str, headers: dict, body: bytes) -> Resource:
            if self.flaky_failures > 0:
                self.flaky_failures -= 1
                return Resource(b"<html><body>Internal Server Error</body></html>", status=500)
            return good
        return serve

    def files(self) -> dict[str, Route]:
        r = next(r for r in self.reports["trs-bm"] if r.kind == "viewer")
        return {f"http://files.trs-demo.gov.cn/fj/P0{r.ident}.docx": Resource(report_docx(r.agency, r.year, r.year), DOCX)}

    # --- Hanweb -----------------------------------------------------------------------------------

    def hanweb(self) -> dict[str, Route]:
        host = "http://www.hanweb-demo.gov.cn"
        items = self.reports["hanweb"]
        first = 3

        def record(r: Report) -> str:
            return (f"<record><![CDATA[<li><a href=\"/art/{r.published[:4]}/{int(r.published[5:7])}/{int(r.published[8:])}/"
                    f"art_1001_{r.ident}.html\" title=\"{r.title}\">{r.title}</a><span>{r.published}</span></li>]]></record>")

        datastore = (f'<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1'
                     f'&webid=1&path=/&columnid=1001&unitid=5001&webname=%E6%B1%89%E5%A8%81&permissiontype=0"></a>]]>'
                     f"</nextgroup><recordset>{''.join(record(r) for r in items[:first])}</recordset>"
                     "</datastore></script>")  # no <totalrecord> here: real column pages carry the count in the jpage call
        jpage = (f"<script>$('#5001').jpage({{totalRecord: {len(items)}, dataStore: dataStore, perPage: 3, "
                 "proxyUrl: '/module/web/jpage/dataproxy.jsp', "
                 "ajaxParam: {col:1,appid:1,webid:1,path:'/',columnid:1001,sourceContentType:1,unitid:5001,webname:'汉威市',permissiontype:0}});</script>")
        routes: dict[str, Route] = {
            "/col/col999/index.html": Resource(b"", status=301, headers={"Location": "/col/col1001/index.html"}),
            "/col/col1001/index.html": res(page("政府信息公开年报", '<div id="5001"></div>' + datastore + jpage)),
        }

        def proxy(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
            if form.get("columnid") != "1001":
                return Resource(b"<datastore><totalrecord>0</totalrecord></datastore>", "text/xml")
            start, end = int(q["startrecord"]), int(q["endrecord"])
            recs = "".join(record(r) for r in items[start - 1:end])
            return Resource(f"<?xml version=\"1.0\" encoding=\"UTF-8\"?><datastore><totalrecord>{len(items)}</totalrecord>"
                            f"<totalpage>{(len(items) + 2) // 3}</totalpage><recordset>{recs}</recordset></datastore>".encode(),
                            "text/xml; charset=utf-8")

        routes["/module/web/jpage/dataproxy.jsp"] = proxy
        for r in items:
            path = f"/art/{r.published[:4]}/{int(r.published[5:7])}/{int(r.published[8:])}/art_1001_{r.ident}.html"
            if r.kind == "images":
                routes[path] = res(page(r.title, f'<div class="article"><h1>{r.title}</h1><div id="zoom">'
                                       f"<p>本报告所列数据的统计期限自{r.year}年1月1日起至{r.year}年12月31日止。</p>"
                                       f'<img src="/picture/0/t{r.ident}_1.png"><img src="/picture/0/t{r.ident}_2.png"></div></div>'))
                routes[f"/picture/0/t{r.ident}_1.png"] = Resource(TINY_PNG, "image/png")
                routes[f"/picture/0/t{r.ident}_2.png"] = Resource(TINY_PNG, "image/png")
            else:
                routes[path] = res(article(r, wrapper='div id="zoom"'))
        return {host + p: v for p, v in routes.items()}

    # --- 开普云, Guangdong, Shaanxi, VSB -----------------------------------------------------------

    def ucap(self) -> dict[str, Route]:
        host = "http://www.ucap-demo.gov.cn"
        items = chunks(self.reports["ucap"], 1)
        routes: dict[str, Route] = {}
        for i, group in enumerate(items):
            name = "index.shtml" if i == 0 else f"index_{i}.shtml"
            nav = f'<div class="page"><a href="index.shtml">首页</a><a href="index_{len(items) - 1}.shtml">尾页</a></div>'
            routes[f"/bm/gknb/{name}"] = res(page("公开年报", "<ul>" + "".join(
                li(f"/bm/gknb/{r.ym}/{hashlib.md5(r.ident.encode()).hexdigest()}.shtml", r.title, r.published) for r in group) + "</ul>" + nav))
        for r in self.reports["ucap"]:
            routes[f"/bm/gknb/{r.ym}/{hashlib.md5(r.ident.encode()).hexdigest()}.shtml"] = res(page(
                r.title, f"<ucaptitle>{r.title}</ucaptitle><publishtime>{r.published}</publishtime>"
                         f'<div id="zoomcon"><ucapcontent>{tables_html(r.agency, r.year, r.year + r.seed)}</ucapcontent></div>'))
        return {host + p: v for p, v in routes.items()}

    def gd(self) -> dict[str, Route]:
        host = "http://www.gd-demo.gov.cn"
        groups = chunks(self.reports["gd"], 1)
        routes: dict[str, Route] = {}
        for i, group in enumerate(groups):
            nxt = f'<a href="index_{i + 2}.html">下一页</a>' if i + 1 < len(groups) else ""
            r = res(page("信息公开年报", "<ul>" + "".join(li(f"./content/post_{x.ident}.html", x.title, x.published)
                                                     for x in group) + f"</ul><div class='pager'>{nxt}</div>"))
            routes["/xxgk/xxgknb/" + ("index.html" if i == 0 else f"index_{i + 1}.html")] = r
            if i == 0:
                routes["/xxgk/xxgknb/"] = r
        for x in self.reports["gd"]:
            routes[f"/xxgk/xxgknb/content/post_{x.ident}.html"] = res(article(x, wrapper='div class="article-content"'))
        return {host + p: v for p, v in routes.items()}

    def sx(self) -> dict[str, Route]:
        host = "http://www.sx-demo.gov.cn"
        groups = chunks(self.reports["sx"], 1)
        routes: dict[str, Route] = {}
        for i, group in enumerate(groups):
            r = res(page("政府信息公开年报", '<div class="m-lst"><ul>' + "".join(
                li(f"./{1880166773996171000 + int(x.ident)}.html", x.title, x.published) for x in group)
                + f"</ul></div><script>var total = parseInt('{len(groups)}');</script>"))
            routes[f"/zfxxgk/zfxxgknb/{i + 1}.html"] = r
            if i == 0:
                routes["/zfxxgk/zfxxgknb/"] = r
        for x in self.reports["sx"]:
            routes[f"/zfxxgk/zfxxgknb/{1880166773996171000 + int(x.ident)}.html"] = res(article(x, wrapper='div class="m-txt-article"'))
        return {host + p: v for p, v in routes.items()}

    def vsb(self) -> dict[str, Route]:
        host = "http://www.vsb-demo.gov.cn"
        groups = chunks(self.reports["vsb"], 1)
        routes: dict[str, Route] = {}
        n = len(groups)
        for i, group in enumerate(groups):
            path = "/xxgk/gknb.htm" if i == 0 else f"/xxgk/gknb/{n - i}.htm"
            nxt = f'<span class="p_next p_fun"><a href="/xxgk/gknb/{n - i - 1}.htm">下页</a></span>' if i + 1 < n else ""
            routes[path] = res(page("公开年报", "<ul>" + "".join(
                li(f"/info/1050/{x.ident}.htm", x.title, x.published) for x in group) + f"</ul>{nxt}"))
        for x in self.reports["vsb"]:
            routes[f"/info/1050/{x.ident}.htm"] = res(article(x, wrapper='div class="v_news_content"'))
        return {host + p: v for p, v in routes.items()}

    # --- legacy GBK, WAF ---------------------------------------------------------------------------

    def asp(self) -> dict[str, Route]:
        host = "http://www.asp-demo.gov.cn"
        groups = chunks(self.reports["asp"], 1)
        routes: dict[str, Route] = {}
        gbk = "text/html"  # charset only in the page's meta, as on many old portals

        def enc(text: str) -> bytes:
            return text.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030")

        for i, group in enumerate(groups):
            body = "<table>" + "".join(f'<tr><td><a href="GovOpenShow.aspx?id={x.ident}">{x.title}</a></td><td>{x.published}</td></tr>'
                                       for x in group) + f"</table><div>共{len(groups)}页 当前第{i + 1}页</div>"
            routes[f"/InfoPublic.aspx?cid=10&page={i + 1}"] = Resource(enc(page("信息公开年报", body)), gbk)
        for x in self.reports["asp"]:
            routes[f"/GovOpenShow.aspx?id={x.ident}"] = Resource(enc(article(x, wrapper='div id="content"')), gbk)
        return {host + p: v for p, v in routes.items()}

    # --- a county portal and its bodies ---------------------------------------------------------------

    def county(self) -> dict[str, Route]:
        """Evidence: the 开普云 row of PORTALS.md (`/<dept>/gknb/YYYYMM/<32 hex>.shtml`, 尾页 pager) and issue 8
        (department columns reached from the platform's list of bodies); department-section URL shapes of
        reference/spec/portals-seed.csv (`/zwgk/bmxxgkml/<dept>/xxgknb_N/`, `/wjw/zfxxgknb/`). The markup of
        the directory pages is only described there (a list of body names; Fujian's 地方部门平台链接 and
        script-built lists), not copied from a saved page."""
        host = "http://www.county-demo.gov.cn"
        nav = '<div class="nav"><a href="/">首页</a><a href="/xwzx/">新闻中心</a><a href="/zwgk/">政府信息公开</a></div>'
        routes: dict[str, Route] = {
            "/": res(page("开普县人民政府", nav, head='<meta name="SiteName" content="开普县人民政府">')),
            "/zwgk/": res(page("政府信息公开", nav + '<ul class="gk-nav">'
                               '<li><a href="/zwgk/zn/">政府信息公开指南</a></li>'
                               '<li><a href="/zwgk/gknb/index.shtml">政府信息公开年报</a></li>'
                               '<li><a href="/zwgk/bmys/">部门预算</a></li>'
                               '<li><a href="/zwgk/bmxxgk/">部门信息公开</a></li>'
                               '<li><a href="/zwgk/xzjd/">乡镇（街道）信息公开</a></li></ul>')),
        }
        depts = [(slug, name) for slug, name, _ in COUNTY_BODIES if not name.endswith("人民政府")]
        towns = [(slug, name) for slug, name, _ in COUNTY_BODIES if name.endswith("人民政府")]
        listed, dropdown = depts[:-1], depts[-1:]
        routes["/zwgk/bmxxgk/"] = res(page("部门信息公开", nav + '<ul class="bm-list">' + "".join(
            f'<li><a href="/{slug}/" target="_blank">{name}</a></li>' for slug, name in listed) + "</ul>"
            '<select onchange="window.open(this.value)"><option value="">其他部门</option>' + "".join(
            f'<option value="/{slug}/">{name}</option>' for slug, name in dropdown) + "</select>"))
        towns_js = json.dumps([{"name": name, "url": f"/{slug}/"} for slug, name in towns], ensure_ascii=False)
        routes["/zwgk/xzjd/"] = res(page("乡镇（街道）信息公开", nav + '<ul id="towns"></ul>'
                                     f"<script>var townList = {towns_js};"
                                     "townList.forEach(function (t) { $('#towns').append('<li><a href=\"' + t.url + '\">'"
                                     " + t.name + '</a></li>'); });</script>"))
        routes.update(self._ucap_column("/zwgk/gknb/", self.reports["county"]))
        for slug, name in depts:
            routes[f"/{slug}/"] = res(page(name, nav + f'<ul class="bm-nav"><li><a href="/{slug}/jgzn/">机构职能</a></li>'
                                                  f'<li><a href="/{slug}/zcwj/">政策文件</a></li>'
                                                  f'<li><a href="/{slug}/gknb/index.shtml">公开年报</a></li></ul>'))
            routes.update(self._ucap_column(f"/{slug}/gknb/", self.reports[f"county-{slug}"]))
        for slug, name in towns:
            routes[f"/{slug}/"] = res(page(name, nav + f'<a href="/{slug}/zfxxgk/">政府信息公开</a>'))
            routes[f"/{slug}/zfxxgk/"] = res(page(name, f'<a href="/{slug}/zfxxgk/gknb/index.shtml">政府信息公开年报</a>'))
            routes.update(self._ucap_column(f"/{slug}/zfxxgk/gknb/", self.reports[f"county-{slug}"]))
        return {host + p: v for p, v in routes.items()}

    @staticmethod
    def _ucap_column(folder: str, items: list[Report]) -> dict[str, Route]:
        """A 开普云 年报 column: one report per page, a 尾页 link; report pages in <ucaptitle>/<ucapcontent>. A
        report of kind "untitled" is listed and titled only by its year; kind "extras" adds a 图解 page and a
        news item to the list (neither is a report)."""
        routes: dict[str, Route] = {}
        groups = chunks(items, 1)

        def href(r: Report, suffix: str = "") -> str:
            return f"{folder}{r.ym}/{hashlib.md5((folder + r.ident + suffix).encode()).hexdigest()}.shtml"

        for i, group in enumerate(groups):
            name = "index.shtml" if i == 0 else f"index_{i}.shtml"
            rows = ""
            for r in group:
                rows += li(href(r), f"{r.year}年度" if r.kind == "untitled" else r.title, r.published)
                if r.kind == "extras":
                    rows += li(href(r, "tj"), f"图解：{r.title}", r.published)
                    rows += li(href(r, "news"), "县财政局赴乡镇开展调研", r.published)  # no report words: its page decides
            nav = f'<div class="page"><a href="index.shtml">首页</a><a href="index_{len(groups) - 1}.shtml">尾页</a></div>'
            routes[folder + name] = res(page("公开年报", f"<ul>{rows}</ul>{nav}"))
        for r in items:
            title = f"{r.year}年度" if r.kind == "untitled" else r.title
            routes[href(r)] = res(page(title, f"<ucaptitle>{title}</ucaptitle><publishtime>{r.published}</publishtime>"
                                       f'<div id="zoomcon"><ucapcontent>{tables_html(r.agency, r.year, r.year + r.seed)}'
                                       "</ucapcontent></div>"))
            if r.kind == "extras":
                routes[href(r, "tj")] = res(page(f"图解：{r.title}", f'<div id="zoomcon"><img src="/tj/{r.ident}.png"></div>'))
                routes[href(r, "news")] = res(page("县财政局赴乡镇开展调研", '<div id="zoomcon"><p>会议学习了有关文件精神。</p></div>'))
        return routes

    # --- real documents ---------------------------------------------------------------------------------

    def real(self) -> dict[str, Route]:
        """Built once: the routes are rebuilt on every request, these files are static and large."""
        if self._real is None:
            self._real = self._real_routes()
        return self._real

    def _real_routes(self) -> dict[str, Route]:
        """The real reports of reference/samples, so that the demo archive holds real reports and real failing
        checks. The column and article pages around the PDFs and the text are written here (the PDFs' own
        portals are not saved); the Pingtan pages are the saved ones, the list cut to the one report whose page
        was saved (its other items would be 404s)."""
        routes: dict[str, Route] = {}
        pdf = "application/pdf"
        huaian = "http://www.huaian-demo.gov.cn/zfxxgk/zfxxgknb/"
        routes[huaian] = res(page("政府信息公开年报", "<ul>" + li("./202503/P020250318512345678901.pdf",
                                                               "淮安市人民政府2024年政府信息公开工作年度报告", "2025-03-18") + "</ul>"))
        routes[huaian + "202503/P020250318512345678901.pdf"] = Resource(_sample("huaian-2024.pdf"), pdf)
        hongze = "http://www.hongze-demo.gov.cn/zfxxgk/zfxxgknb/"
        items = [(2024, "2025-01-22", "t20250122_7702"), (2023, "2024-01-26", "t20240126_6601")]
        routes[hongze] = res(page("政府信息公开年报", "<ul>" + "".join(
            li(f"./{d[:7].replace('-', '')}/{ident}.html", f"淮安市洪泽区人民政府{y}年政府信息公开工作年度报告", d)
            for y, d, ident in items) + "</ul>"))
        for y, d, ident in items:
            folder = hongze + d[:7].replace("-", "") + "/"
            title = f"淮安市洪泽区人民政府{y}年政府信息公开工作年度报告"
            routes[folder + ident + ".html"] = res(page(title, f'<div class="article"><h1>{title}</h1><span>发布日期：{d}</span>'
                                                          f'<div class="TRS_Editor"><p>附件：<a href="./P0{ident[1:]}.pdf">{title}.pdf</a>'
                                                          "</p></div></div>"))
            routes[folder + f"P0{ident[1:]}.pdf"] = Resource(_sample(f"hongze-{y}.pdf"), pdf)
        pingtan = "http://www.pingtan-demo.gov.cn/zwgk/zfxxgk/zfxxgknb/"
        listing = (SAMPLES / "pages" / "pingtan-nianbao-list.html").read_text(encoding="utf-8")
        listing = re.sub(r"<dl>(?:(?!</dl>).)*?\./20(?!2603/t20260313_105587)\d{4}/t\d+_\d+\.htm(?:(?!</dl>).)*</dl>", "",
                         listing, flags=re.S)
        routes[pingtan] = res(listing)
        doc = {"doctitle": "平潭综合实验区2025年度政府信息公开工作年度报告", "docreltime": "2026.03.10 12:56:00",
               "chnldocurl": pingtan + "202603/t20260313_105587.htm"}
        routes["http://www.pingtan-demo.gov.cn/fjdzapp/search"] = Resource(
            json.dumps({"error": "", "page": 1, "pageCount": 1, "recordCount": 1, "data": [doc]}, ensure_ascii=False).encode(),
            "application/json;charset=UTF-8")
        routes[pingtan + "202603/t20260313_105587.htm"] = res(page(
            doc["doctitle"], (SAMPLES / "pages" / "pingtan-2025-detail.html").read_text(encoding="utf-8"),
            head='<meta name="PubDate" content="2026-03-10 12:56">'))
        qhd = "http://www.qhd-demo.gov.cn/xxgk/xxgknb/"
        title = "秦皇岛经济技术开发区管理委员会2024年政府信息公开工作年度报告"
        routes[qhd] = res(page("信息公开年报", "<ul>" + li("./202501/t20250120_3301.html", title, "2025-01-20") + "</ul>"))
        routes[qhd + "202501/t20250120_3301.html"] = res(page(title, f'<div class="article"><h1>{title}</h1>'
                                                               '<div class="TRS_Editor"><p>附件：'
                                                               f'<a href="./P020250120330101.txt">{title}.txt</a></p></div></div>'))
        routes[qhd + "202501/P020250120330101.txt"] = Resource(_sample("qinhuangdao-etdz-2024.txt"), "text/plain; charset=utf-8")
        return routes

    # --- a city portal's link lists, for portal discovery ------------------------------------------------

    def city(self) -> dict[str, Route]:
        """Footer drop-downs in the markup of real government footers (Zhejiang's `<select onchange="if(this.value
        !='1'){…window.location.href=this.value;}"><option value="1">省级机关</option><option value=
        "http://www.zj.gov.cn">浙江省人民政府</option>…`, found with the search tool), and a 县区政府 page with the
        tabbed `<ul class="tablist"><li><a title=… href=…>` lists of a public portal template
        (BGCX067/family51888-svn-to-git trunk/JX_DW/gov5_blur/e/zdytag/module/166.ascx). Names and codes are
        the real 淮安市 and its counties (archive/data/regions.csv); the hosts are demo hosts."""
        host = "http://www.city-demo.gov.cn"
        nav = ('<div class="nav"><a href="/">首页</a><a href="/zwgk/">政务公开</a><a href="/xqzf/">县区政府</a>'
               '<a href="/wzdt/">网站地图</a></div>')
        onchange = "if(this.value!='1'){window.location.target='_blank'; window.location.href=this.value;}"

        def select(label: str, options: list[tuple[str, str]]) -> str:
            return (f'<select onchange="{onchange}"><option value="1">{label}</option>'
                    + "".join(f'<option value="{u}">{n}</option>' for u, n in options) + "</select>")

        footer = ('<div class="footer">' + select("政府网站", [
            ("http://www.gov.cn/", "中国政府网"), ("http://www.js.gov.cn/", "江苏省人民政府"),
            ("http://www.suqian-demo.gov.cn/", "宿迁市人民政府")]) + select("市级部门", [
            ("http://jyj.city-demo.gov.cn/", "淮安市教育局"), ("http://czj.city-demo.gov.cn/sy/index.html", "淮安市财政局")])
            + "</div>")
        counties = [(u, n) for u, n in CITY_COUNTIES]
        tabs = ('<div class="tab"><div class="tabheader"><dl class="tab_t"><dd>县区网站</dd><dd>开发园区</dd></dl></div>'
                '<div class="tabcontent"><dl class="tab_c"><dd><ul class="tablist">' + "".join(
                    f'<li><a title="{n}" target="_blank" href="{u}">{n}</a></li>' for u, n in counties)
                + '</ul></dd><dd><ul class="tablist"><li><a title="淮安经济技术开发区" target="_blank" '
                  'href="http://kfq.city-demo.gov.cn/">淮安经济技术开发区</a></li></ul></dd></dl></div></div>')
        routes: dict[str, Route] = {
            "/": res(page("淮安市人民政府", nav + "<p>要闻</p>" + footer, head='<meta name="SiteName" content="淮安市人民政府">')),
            "/xqzf/": res(page("县区政府_淮安市人民政府", nav + tabs + footer)),
            "/wzdt/": res(page("网站地图", nav + '<ul><li><a href="/zwgk/">政务公开</a></li><li><a href="/xqzf/">县区政府</a>'
                                        "</li></ul>" + footer)),
        }
        return {host + p: v for p, v in routes.items()}

    def routes(self) -> dict[str, Route]:
        out: dict[str, Route] = {}
        for part in (self.trs, self.files, self.hanweb, self.ucap, self.gd, self.sx, self.vsb, self.asp, self.county,
                     self.real, self.city):
            out.update(part())
        out["http://www.spam-mirror.com/zfxxgknb/t1.html"] = res(page("镜像", "<p>示例县2019年政府信息公开工作年度报告</p>"))
        out.update(self.more.routes())
        return out


WAF_HOSTS = {"www.waf-demo.gov.cn"}
WAF_PAGE = (b"<html><script>document.cookie='__jsluid_h=1f2e3d; max-age=3600; path=/';"
            b"location.href=location.pathname+location.search</script></html>")

PORTALS_CSV = """name,entry_url,level,region,platform,encoding,tls_ciphers,hosts
示例县,http://www.trs-demo.gov.cn/,县,示例省,,,,files.trs-demo.gov.cn
汉威市,http://www.hanweb-demo.gov.cn/col/col999/index.html,市,示例省,,,,
开普区司法局,http://www.ucap-demo.gov.cn/bm/gknb/index.shtml,县,示例省,ucap,,,
广东示例区,https://www.gd-demo.gov.cn/xxgk/xxgknb/,县,广东省,,,,
陕西示例县,http://www.sx-demo.gov.cn/zfxxgk/zfxxgknb/,县,陕西省,,,,
博达镇,http://www.vsb-demo.gov.cn/xxgk/gknb.htm,乡,示例省,vsb,,,
旧城区,http://www.asp-demo.gov.cn/InfoPublic.aspx?cid=10&page=1,县,示例省,legacy,gb18030,,
开普县,http://www.county-demo.gov.cn/,县,示例省,,,,
淮安市,http://www.huaian-demo.gov.cn/zfxxgk/zfxxgknb/,市,江苏省,,,,
淮安市洪泽区,http://www.hongze-demo.gov.cn/zfxxgk/zfxxgknb/,县,江苏省,,,,
平潭综合实验区,http://www.pingtan-demo.gov.cn/zwgk/zfxxgk/zfxxgknb/,县,福建省,,,,
秦皇岛经济技术开发区,http://www.qhd-demo.gov.cn/xxgk/xxgknb/,县,河北省,,,,
防火墙县,http://www.waf-demo.gov.cn/zfxxgk/zfxxgknb/,县,示例省,,,,
"""
