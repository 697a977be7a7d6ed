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
    www.waf-demo.gov.cn      a 521 JS-cookie challenge on every page
    www.spam-mirror.com      a foreign mirror of reports (must never be requested)
"""

from __future__ import annotations

import hashlib
import html
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from report import TINY_PNG, report_docx, report_text, tables_html, tiny_pdf

HTML = "text/html; charset=utf-8"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
LAST_MODIFIED = "Mon, 13 Jan 2025 08:00:00 GMT"
ROBOTS = b"User-agent: *\nDisallow: /trap/\n"
DROP = 0  # Resource.status: close the connection without an answer (a dead host)


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
        }
        self.flaky_failures = 1
        from hazards import MoreSites

        self.more = MoreSites()

    def expected(self) -> set[tuple[str, int]]:
        return {(r.agency, r.year) for rs in self.reports.values() for r in rs}

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

    def routes(self) -> dict[str, Route]:
        out: dict[str, Route] = {}
        for part in (self.trs, self.files, self.hanweb, self.ucap, self.gd, self.sx, self.vsb, self.asp):
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
防火墙县,http://www.waf-demo.gov.cn/zfxxgk/zfxxgknb/,县,示例省,,,,
"""
