"""The pieces behind the second set of sample portals, each on a few lines of real-looking markup."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from scrapy.http import HtmlResponse, Request, Response, TextResponse
from scrapy.utils.test import get_crawler

from crawler import adapters, ebook
from crawler.adapters import endpoint
from crawler.adapters.base import Entry, links
from crawler.adapters.hanweb import HanwebAdapter
from crawler.middlewares import ChallengeMiddleware
from crawler.spiders.nianbao import NianbaoSpider
from crawler.urls import (
    canonical_url,
    disposition_file_name,
    document_in_scope,
    file_name_of_url,
    in_scope,
    is_login_url,
    page_in_scope,
    registrable_domain,
    script_link,
)

PAGES = Path(__file__).resolve().parents[2] / "reference" / "samples" / "pages"
NAME = "某县2023年政府信息公开工作年度报告.pdf"


def html(url: str, body: str, **meta) -> HtmlResponse:
    req = Request(url, meta={"nianbao_page": 0, "nianbao_portal": "http://a.gov.cn/", **meta})
    return HtmlResponse(url=url, body=f"<html>{body}</html>".encode(), encoding="utf-8", request=req)


def test_session_ids_and_fragments_dropped():
    assert canonical_url("http://a.gov.cn/x/t1.html;jsessionid=0A1B2C?lang=zh#top") == "http://a.gov.cn/x/t1.html?lang=zh"
    assert canonical_url("http://a.gov.cn/(S(abcdef123))/list.aspx?id=3") == "http://a.gov.cn/list.aspx?id=3"
    assert canonical_url("http://a.gov.cn/l.jsp?cid=3&JSESSIONID=77&page=2") == "http://a.gov.cn/l.jsp?cid=3&page=2"
    assert canonical_url("http://a.gov.cn/l.jsp?sid=3") == "http://a.gov.cn/l.jsp?sid=3"  # a site id, not a session


def test_file_names_in_utf8_gbk_and_content_disposition():
    assert file_name_of_url("http://a.gov.cn/f/" + quote(NAME, encoding="utf-8")) == NAME
    assert file_name_of_url("http://a.gov.cn/f/" + quote(NAME, encoding="gbk")) == NAME
    gbk_raw = f'attachment; filename="{NAME}"'.encode("gbk")
    assert disposition_file_name(gbk_raw) == NAME
    assert disposition_file_name(f'attachment; filename="{NAME}"'.encode()) == NAME
    assert disposition_file_name(f"attachment; filename*=UTF-8''{quote(NAME)}".encode()) == NAME
    assert disposition_file_name(f"attachment;filename={quote(NAME, encoding='gbk')}".encode()) == NAME
    assert disposition_file_name(b"attachment; filename==?UTF-8?B?5bm05oqlLnBkZg==?=") == "年报.pdf"
    assert disposition_file_name(b"inline") is None


def test_script_links_and_login_urls():
    assert script_link("window.open('./202401/t20240110_1.html','_blank')") == "./202401/t20240110_1.html"
    assert script_link('location.href = "/art/2024/1/2/art_7_1.html"') == "/art/2024/1/2/art_7_1.html"
    assert script_link("openwin('202401/t20240110_1.html')") == "202401/t20240110_1.html"
    assert script_link("return false;") is None
    assert is_login_url("http://a.gov.cn/sso/login.jsp?goto=x") and is_login_url("http://a.gov.cn/cas/login")
    assert not is_login_url("http://a.gov.cn/zfxxgk/zfxxgknb/index.html")


def test_links_read_onclick_base_href_and_dots_beyond_root():
    r = html("http://a.gov.cn/channel/list.jsp?cid=5", '<head><base href="/zfxxgknb/nb/"></head><body><ul>'
             '<li onclick="window.open(\'202401/t20240110_1.html\')">甲2023年政府信息公开工作年度报告</li>'
             '<li><a href="javascript:openDoc(\'202401/t20240110_2.html\')">乙2023年年报</a></li>'
             '<li><a href="../../../../zfxxgknb/nb/202401/t20240110_3.html;jsessionid=AB12">丙2023年年报</a></li>'
             "</ul></body>")
    assert [e.url for e in links(r)] == ["http://a.gov.cn/zfxxgknb/nb/202401/t20240110_1.html",
                                         "http://a.gov.cn/zfxxgknb/nb/202401/t20240110_2.html",
                                         "http://a.gov.cn/zfxxgknb/nb/202401/t20240110_3.html"]
    assert links(r)[0].title == "甲2023年政府信息公开工作年度报告"


def test_calendar_self_links_are_not_subcolumns():
    page = "http://a.gov.cn/zfxxgk/list.jsp?cid=5"
    assert NianbaoSpider._self_variant(Entry("http://a.gov.cn/zfxxgk/list.jsp?cid=5&day=2", "1月2日", None), page)
    assert not NianbaoSpider._self_variant(Entry("http://a.gov.cn/zfxxgk/list.jsp?cid=6", "部门信息公开年报", None), page)
    assert not NianbaoSpider._self_variant(Entry("http://a.gov.cn/zfxxgk/list.jsp?year=2023", "2023年", None), page)


def test_meta_refresh_with_odd_quoting():
    for content in ("0; URL='/a/t1.html'", '0;url="/a/t1.html"', "0.5; Url = /a/t1.html ", "0;URL=&#39;/a/t1.html&#39;"):
        attr = f"content='{content}'" if '"' in content else f'content="{content}"'
        r = html("http://a.gov.cn/go/1.html", f'<head><meta http-equiv="REFRESH" {attr}></head><body></body>')
        assert NianbaoSpider._shell_target(r) == "http://a.gov.cn/a/t1.html", content


def challenge() -> ChallengeMiddleware:
    return ChallengeMiddleware.from_crawler(get_crawler(NianbaoSpider))


def test_login_wall_blocks_the_page_not_the_portal():
    mw = challenge()
    r = html("http://a.gov.cn/nb/t1.html", '<body><script>window.location.href="/sso/login.jsp?goto=x";</script></body>',
             nianbao_role="detail")
    mw.process_response(r.request, r)
    assert r.request.meta["nianbao_blocked"].startswith("login page")
    assert "http://a.gov.cn/" not in mw.blocked
    form = html("http://a.gov.cn/nb/t2.html", '<body><form><input type="PASSWORD" name="p"></form></body>')
    mw.process_response(form.request, form)
    assert form.request.meta["nianbao_blocked"] == "login page (password form)"
    moved = html("http://a.gov.cn/login.jsp", "<body>请登录</body>", redirect_urls=["http://a.gov.cn/nb/t3.html"])
    mw.process_response(moved.request, moved)
    assert moved.request.meta["nianbao_blocked"].startswith("redirected to a login page")
    report = html("http://a.gov.cn/nb/t4.html", "<body><table><tr><td>1</td></tr></table><a href='/login.jsp'>登录</a></body>")
    mw.process_response(report.request, report)
    assert "nianbao_blocked" not in report.request.meta
    data = TextResponse("http://a.gov.cn/search?page=1", body=b'{"data": []}', encoding="utf-8",
                        request=Request("http://a.gov.cn/search?page=1", meta={"nianbao_portal": "http://a.gov.cn/"}))
    mw.process_response(data.request, data)  # JSON is never read as a page
    assert "nianbao_blocked" not in data.request.meta


def test_pingtan_list_leads_to_the_fujian_search_endpoint():
    url = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
    r = HtmlResponse(url=url, body=(PAGES / "pingtan-nianbao-list.html").read_bytes(), encoding="utf-8",
                     request=Request(url, meta={"nianbao_page": 0, "nianbao_portal": url}))
    req = adapters.choose(r).next_page(r, 0)  # the Fujian adapter: SiteInfo.searchId filtered by ChnlId
    parts = urlsplit(req.url)
    q = parse_qs(parts.query)
    assert (parts.netloc, parts.path) == ("www.pingtan.gov.cn", "/fjdzapp/search")
    assert (q["channelid"], q["classsql"], q["page"]) == (["200210"], ["chnlid=1813"], ["1"])
    assert req.meta["nianbao_adapter"] == "fujian" and req.meta["nianbao_page"] == 1


def test_endpoint_in_a_script_and_was5_answers():
    r = html("http://f.gov.cn/zfxxgknb/", "<body><div ms-controller='list'></div><script>"
             "var opts = {url: '/was5/web/search?channelid=203116&templet=docs.jsp&classsql=chnlid%3D54&prepage=2&page=1'};"
             "</script></body>")
    req = endpoint.first_request(r, 0)
    assert req.url.startswith("http://f.gov.cn/was5/web/search?") and "page=1" in req.url
    body = ('{"count":"3","pagenum":"1","py":\'###pypy###\',"docs":[{"title":"<em>甲</em>2023年政府信息公开工作年度报告",'
            '"chnldocurl":"/zfxxgknb/202401/t20240120_1.htm","time":"2024-01-20"},{"title":"乙2023年年报",'
            '"url":"http://f.gov.cn/zfxxgknb/202401/t20240121_2.htm","time":"2024-01-21"}],"pageCount":"2"}')
    resp = TextResponse(req.url, body=body.encode(), encoding="utf-8", request=req)
    entries = endpoint.ADAPTER.entries(resp)
    assert [(e.url, e.title, e.date) for e in entries] == [
        ("http://f.gov.cn/zfxxgknb/202401/t20240120_1.htm", "甲2023年政府信息公开工作年度报告", "2024-01-20"),
        ("http://f.gov.cn/zfxxgknb/202401/t20240121_2.htm", "乙2023年年报", "2024-01-21")]
    nxt = endpoint.ADAPTER.next_page(resp, 1)
    assert "page=2" in nxt.url
    last = TextResponse(nxt.url, body=body.encode(), encoding="utf-8", request=nxt)
    assert endpoint.ADAPTER.next_page(last, 2) is None  # pageCount reached


def test_no_endpoint_on_an_ordinary_page():
    r = html("http://a.gov.cn/zfxxgknb/", "<body><form action='/search/index.jsp'></form>"
             "<script>var s = '/search/index.jsp';</script></body>")
    assert endpoint.first_request(r, 0) is None


def test_ebook_detection_and_page_text():
    book = html("http://e.gov.cn/ebook/1/index.html", '<body><script src="javascript/config.js"></script>'
                "<script>bookConfig.totalPageCount=12;</script></body>")
    assert ebook.detect(book) == ("http://e.gov.cn/ebook/1/files/basic-html/", 12)
    mobile = html("http://e.gov.cn/ebook/2/index.html", '<body><script src="mobile/javascript/config.js"></script></body>')
    assert ebook.detect(mobile) == ("http://e.gov.cn/ebook/2/files/basic-html/", None)
    p = html("http://e.gov.cn/ebook/1/files/basic-html/page2.html",
             "<body><p>四、政府信息公开行政复议、行政诉讼情况</p><table><tr><td>结果</td><td>维持</td></tr>"
             "<tr><td>0</td><td>1</td></tr></table><p>第 <span>2</span> 页</p>"
             '<a href="page1.html">Previous Page</a><a href="page3.html">Next Page</a><script>var x=1;</script></body>')
    assert ebook.detect(p)[0] == "http://e.gov.cn/ebook/1/files/basic-html/"
    assert ebook.page_lines(p) == ["四、政府信息公开行政复议、行政诉讼情况", "结果 维持", "0 1", "第 2 页"]
    assert ebook.document([["a", "b"], ["c"]]) == b"a\nb\n\nc\n"
    assert ebook.detect(html("http://e.gov.cn/nb/t1.html", "<body><p>年报</p></body>")) is None


def test_hanweb_nextgroup_form_and_page_num():
    body = ('<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/jpage/dataproxy.jsp?page=1'
            '&webid=3&path=/&columnid=2001&unitid=6001&permissiontype=0"></a>]]></nextgroup><recordset>'
            '<record><![CDATA[<li><a href="/art/2024/1/2/art_2001_1.html">甲2023年年报</a></li>]]></record>'
            "</recordset><totalrecord>9</totalrecord></datastore></script>"
            "<script>$('#6001').jpage({perpage: '4', proxyUrl: '/module/jpage/dataproxy.jsp'});</script>")
    r = html("http://h.gov.cn/col/col2001/index.html", f"<body>{body}</body>")
    nxt = HanwebAdapter().next_page(r, 0)
    assert nxt.method == "POST" and nxt.url == "http://h.gov.cn/module/jpage/dataproxy.jsp?startrecord=2&endrecord=9&perpage=4"
    assert parse_qs(nxt.body.decode()) == {"webid": ["3"], "path": ["/"], "columnid": ["2001"], "unitid": ["6001"],
                                           "permissiontype": ["0"]}
    plain = body.split("<nextgroup>")[0] + "<recordset>" + body.split("<recordset>")[1].replace(
        "proxyUrl: '/module/jpage/dataproxy.jsp'", "dataStore: dataStore")
    r = html("http://h.gov.cn/col/col2002/index.html", f"<body>{plain}</body>")
    nxt = HanwebAdapter().next_page(r, 0)
    assert nxt.url == "http://h.gov.cn/col/col2002/index.html?uid=6001&pageNum=2"


def test_timeouts_and_unhandled_statuses_become_fetch_rows():
    from scrapy.spidermiddlewares.httperror import HttpError
    from twisted.internet.error import TimeoutError as TwistedTimeout
    from twisted.python.failure import Failure

    crawler = get_crawler(NianbaoSpider, settings_dict={"NIANBAO_PORTALS": "data/portals.csv"})
    spider = NianbaoSpider.from_crawler(crawler, urls="http://a.gov.cn/")
    entry = Request("http://a.gov.cn/", meta={"nianbao_portal": "http://a.gov.cn/", "nianbao_role": "entry", "nianbao_hops": 0})
    failure = Failure(TwistedTimeout("took longer than 60.0 seconds"))
    failure.request = entry  # type: ignore[attr-defined]
    [row] = list(spider.on_error(failure))
    assert (row.outcome, row.url) == ("error", "http://a.gov.cn/") and "TimeoutError" in row.error
    assert "TimeoutError" in spider.failed_portals["http://a.gov.cn/"]
    page = Request("http://a.gov.cn/nb/t1.html", meta={"nianbao_portal": "http://a.gov.cn/", "nianbao_role": "detail"})
    failure = Failure(HttpError(Response(page.url, status=451, request=page)))
    failure.request = page  # type: ignore[attr-defined]
    [row] = list(spider.on_error(failure))
    assert (row.outcome, row.status, row.error) == ("error", 451, "HTTP 451")


@pytest.mark.parametrize("host, entry, page, document", [
    ("www.x.gov.cn", "www.x.gov.cn", True, True),
    ("x.gov.cn", "www.x.gov.cn", True, True),  # the bare twin
    ("zwgk.x.gov.cn", "www.x.gov.cn", True, True),  # a sub-host of the entry host
    ("files.mof.hainan.gov.cn", "mof.hainan.gov.cn", True, True),
    ("www.hainan.gov.cn", "mof.hainan.gov.cn", False, True),  # the province portal: attachments only
    ("edu.hainan.gov.cn", "mof.hainan.gov.cn", False, True),  # another portal of the same province
    ("www.haikou.gov.cn", "mof.hainan.gov.cn", False, False),
    ("a.gov.cn", "www.gov.cn", False, False),  # gov.cn is a public suffix: no sub-hosts of its own
    ("www.spam-mirror.com", "www.x.gov.cn", False, False),
    ("61.150.65.235", "61.150.65.235", True, True),
    ("61.150.65.236", "61.150.65.235", False, False),
])
def test_scope_per_host(host, entry, page, document):
    assert page_in_scope(host, entry) is page
    assert document_in_scope(host, entry) is document


def test_scope_declared_hosts_and_roles():
    assert in_scope("http://cdn.example.net/a.html", "http://www.x.gov.cn/", ["cdn.example.net"])
    assert in_scope("http://static.example.net/a.pdf", "http://www.x.gov.cn/", ["cdn.example.net"], document=True)
    assert not in_scope("http://static.example.net/a.html", "http://www.x.gov.cn/", ["cdn.example.net"])
    assert registrable_domain("zwgk.changchun.gov.cn") == "changchun.gov.cn"
