"""Each CMS adapter on a few lines of its family's markup (PORTALS.md "CMS families")."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, XmlResponse

from crawler import adapters


def page(url: str, body: str, **meta) -> HtmlResponse:
    req = Request(url, meta={"nianbao_page": 0, **meta})
    return HtmlResponse(url=url, body=f"<html><body>{body}</body></html>".encode(), encoding="utf-8", request=req)


def test_trs_counts_pages_from_create_page_html():
    r = page("http://x.gov.cn/zfxxgknb/index.html", '<div class="TRS_Editor"></div>'
             '<a href="./202401/t20240120_1.html">a</a><script>createPageHTML(3, 0, "index", "html");</script>')
    a = adapters.choose(r)
    assert a.name == "trs"
    assert a.next_page(r, 0).url == "http://x.gov.cn/zfxxgknb/index_1.html"
    assert a.next_page(r, 1).url == "http://x.gov.cn/zfxxgknb/index_2.html"
    assert a.next_page(r, 2) is None


def test_hanweb_reads_datastore_and_posts_to_dataproxy():
    body = ('<script type="text/xml"><datastore><recordset>'
            '<record><![CDATA[<li><a href="/art/2024/1/2/art_7_1.html" title="甲2023年政府信息公开工作年度报告">x</a>'
            '<span>2024-01-02</span></li>]]></record></recordset><totalrecord>40</totalrecord></datastore></script>'
            "<script>$('#1').jpage({perPage: 15, ajaxParam: {col:1,appid:1,webid:2,path:'/',columnid:7,"
            "sourceContentType:1,unitid:9,webname:'甲',permissiontype:0}});</script>")
    r = page("http://h.gov.cn/col/col7/index.html", body)
    a = adapters.choose(r)
    assert a.name == "hanweb"
    [e] = a.entries(r)
    assert (e.url, e.date) == ("http://h.gov.cn/art/2024/1/2/art_7_1.html", "2024-01-02")
    nxt = a.next_page(r, 0)
    assert nxt.method == "POST"
    assert nxt.url == "http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=40&perpage=15"
    assert b"columnid=7" in nxt.body and b"unitid=9" in nxt.body
    xml = XmlResponse(url=nxt.url, body=b"<datastore><totalrecord>40</totalrecord><recordset></recordset></datastore>",
                      request=nxt)
    assert a.next_page(xml, 1) is None


def test_shaanxi_counts_from_parseint():
    r = page("http://s.gov.cn/zfxxgknb/1.html", '<div class="m-lst"><a href="/1880166773996171265.html">a</a></div>'
             "<script>var n = parseInt('3');</script>")
    a = adapters.choose(r)
    assert a.name == "shaanxi"
    assert a.next_page(r, 0).url == "http://s.gov.cn/zfxxgknb/2.html"
    assert a.next_page(r, 2) is None


def test_guangdong_second_page_is_index_2():
    r = page("http://g.gov.cn/xxgknb/index.html", '<a href="content/post_1.html">a</a><span>共3页</span>')
    a = adapters.choose(r)
    assert a.name == "guangdong"
    assert a.next_page(r, 0).url == "http://g.gov.cn/xxgknb/index_2.html"


def test_vsb_and_legacy_follow_the_pager():
    r = page("http://v.gov.cn/xxgk/gknb.htm", '<a href="/info/1050/1.htm">a</a><a href="gknb/9.htm">下页</a>')
    assert adapters.choose(r).name == "vsb"
    assert adapters.choose(r).next_page(r, 0).url == "http://v.gov.cn/xxgk/gknb/9.htm"
    r = page("http://l.gov.cn/InfoPublic.aspx?cid=3&page=1", "<a href='GovOpenShow.aspx?id=1'>a</a> 共2页")
    a = adapters.choose(r)
    assert a.name == "legacy"
    assert a.next_page(r, 0).url == "http://l.gov.cn/InfoPublic.aspx?cid=3&page=2"
    assert a.next_page(r, 1) is None


def test_ucap_uses_the_last_page_link():
    r = page("http://u.gov.cn/bm/gknb/index.shtml", "<ucaptitle></ucaptitle><a href='index_2.shtml'>尾页</a>")
    a = adapters.choose(r)
    assert a.name == "ucap"
    assert a.next_page(r, 0).url == "http://u.gov.cn/bm/gknb/index_1.shtml"
    assert a.next_page(r, 2) is None


def test_generic_pager_and_override():
    r = page("http://o.gov.cn/list?pageNo=1", '<a href="/list?pageNo=2">下一页</a>')
    assert adapters.choose(r).name == "generic"
    assert adapters.choose(r).next_page(r, 0).url == "http://o.gov.cn/list?pageNo=2"
    assert adapters.choose(r, "trs").name == "trs"
