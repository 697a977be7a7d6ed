"""Each CMS adapter on a few lines of its family's markup (PORTALS.md "CMS families"; the real markup each
variant comes from is named in tests/portals/families/<family>.py)."""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request, TextResponse, XmlResponse

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


def test_hanweb_reads_the_jpage_call_not_a_totalrecord_in_the_page():
    """A real column page: datastore without <totalrecord>; count, page size and form in the jpage call."""
    body = ('<div id="212860"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
            'dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=33718&unitid=212860&webname=x&permissiontype=0"></a>]]>'
            "</nextgroup><recordset><record><![CDATA[<li><a href='/art/2024/1/2/art_33718_1.html' title='甲2023年政府信息"
            "公开工作年度报告'>x</a><span>2024-01-02</span></li>]]></record></recordset></datastore></script></div>"
            "<script>var param_212860={columnid:33718,unitid:'212860'}; $('#212860').jpage({totalRecord:40,perPage:19});</script>")
    r = page("http://h.gov.cn/col/col33718/index.html", body)
    a = adapters.choose(r)
    assert a.name == "hanweb"
    [e] = a.entries(r)
    assert (e.url, e.date) == ("http://h.gov.cn/art/2024/1/2/art_33718_1.html", "2024-01-02")
    nxt = a.next_page(r, 0)
    assert nxt.method == "POST"
    assert nxt.url == "http://h.gov.cn/module/web/jpage/dataproxy.jsp?startrecord=2&endrecord=40&perpage=19"
    assert b"columnid=33718" in nxt.body and b"unitid=212860" in nxt.body
    xml = XmlResponse(url=nxt.url, body=b"<datastore><totalrecord>40</totalrecord><recordset><record><![CDATA[<li>"
                      b"<a href='/art/2024/art_0123456789abcdef0123456789abcdef.html'>y</a></li>]]></record></recordset>"
                      b"</datastore>", request=nxt)
    assert adapters.choose(xml).name == "hanweb"  # pinned: the proxy's XML has no fingerprint of its own
    assert a.entries(xml)[0].url == "http://h.gov.cn/art/2024/art_0123456789abcdef0123456789abcdef.html"
    assert a.next_page(xml, 1) is None


def test_hanweb_old_jpage_with_init_data_and_inline_ajax_param():
    body = ("<div id='49468'></div><script>var InitData49468 = ['<li><a href=\\'/art/2014/5/13/art_30067_1.html\\'>"
            "乙2013年政府信息公开工作年度报告</a></li>','<li><a href=\"/art/2014/5/8/art_30067_2.html\">新闻</a></li>'];"
            "$(function(){$('#49468').jpage({themeName:'default',totalRecord:9,dataStore:InitData49468,groupSize:3,"
            "proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',perPage:2,ajaxParam:{col:1,appid:'1',webid:60,path:'/',"
            "columnid:30067,unitid:'49468',webname:'乙',permissiontype:0}});});</script>")
    r = page("http://n.gov.cn/col/col30067/index.html", body)
    a = adapters.choose(r)
    assert a.name == "hanweb"
    assert [e.url for e in a.entries(r)] == ["http://n.gov.cn/art/2014/5/13/art_30067_1.html",
                                             "http://n.gov.cn/art/2014/5/8/art_30067_2.html"]
    nxt = a.next_page(r, 0)
    assert nxt.url == "http://n.gov.cn/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=3&endrecord=8&perpage=2"
    assert b"columnid=30067" in nxt.body and b"webid=60" in nxt.body


def test_hanweb_more_column_proxy_is_paged():
    body = ("<div id='6412'><script type='text/xml'><datastore><recordset><record><![CDATA[<li><a href='/art/2024/1/1/"
            "art_3_1.html'>a</a></li>]]></record></recordset></datastore></script></div><script>$('#6412').jpage("
            "{totalRecord:3,perPage:1,proxyUrl:'/module/web/jpage/morecolumndataproxy.jsp',ajaxParam:{appid:1,webid:1,"
            "columnid:3,unitid:6412}});</script>")
    r = page("http://m.gov.cn/col/col3/index.html", body)
    nxt = adapters.choose(r).next_page(r, 0)
    assert nxt.method == "GET"
    assert nxt.url.startswith("http://m.gov.cn/module/web/jpage/morecolumndataproxy.jsp?page=2&")
    assert "columnid=3" in nxt.url


def test_trs_six_argument_create_page_html_counts_from_one():
    r = page("http://c.gov.cn/csrc/c106256/fg.shtml", "<a href='./c1/content.shtml'>a</a>"
             "<div id='page_div'></div><script>createPageHTML('page_div', 3, 1, 'fg', 'shtml', 55);</script>")
    a = adapters.choose(r)
    assert a.name == "trs"
    assert a.next_page(r, 0).url == "http://c.gov.cn/csrc/c106256/fg_2.shtml"
    assert a.next_page(r, 1).url == "http://c.gov.cn/csrc/c106256/fg_3.shtml"
    assert a.next_page(r, 2) is None


def test_gkmlpt_category_links_and_api_pages():
    r = page("http://g.gov.cn/", '<a href="/gdgz/gkmlpt/index#2846">政府信息公开年报</a>')
    [e] = adapters.choose(r).entries(r)
    assert e.url == "http://g.gov.cn/gdgz/gkmlpt/api/all/2846?page=1"
    api = "http://g.gov.cn/gdgz/gkmlpt/api/all/2846?page=1&sid=755031"
    body = ('{"classify": {"id": 2846}, "total": 150, "offset": 0, "articles": [{"id": 9, "title": "丙2023年政府信息公开'
            '工作年度报告", "url": "http://g.gov.cn/gdgz/gkmlpt/content/0/9/post_9.html", "create_time": 1706000000}]}')
    j = TextResponse(url=api, body=body.encode(), encoding="utf-8", request=Request(api, meta={"nianbao_page": 0}))
    a = adapters.choose(j)
    assert a.name == "guangdong"
    [e] = a.entries(j)
    assert (e.url, e.date) == ("http://g.gov.cn/gdgz/gkmlpt/content/0/9/post_9.html", "2024-01-23")
    assert a.next_page(j, 0).url == "http://g.gov.cn/gdgz/gkmlpt/api/all/2846?page=2&sid=755031"


def test_fingerprints_ignore_meta_tags_every_site_carries():
    r = page("http://x.gov.cn/list/", '<a href="/a/1.html">a</a>')
    r = r.replace(body=r.body.replace(b"<html>", b'<html><head><meta name="ArticleTitle" content="t">'
                                      b'<meta name="ContentSource" content="s"></head>'))
    assert adapters.choose(r).name == "generic"


def test_legacy_selectors_become_sub_lists():
    r = page("http://l.gov.cn/gk/year_details.aspx?dept=0&year=2024",
             '<form method="get" action="year_details.aspx"><select name="dept"><option value="0">全部</option>'
             '<option value="11">教育局</option></select><select name="year"><option value="2024" selected>2024</option>'
             '<option value="2023">2023</option></select></form><select onchange="location=this.value">'
             '<option value="http://other.gov.cn/">兄弟网站</option></select>'
             '<form action="/search.aspx" method="get"><select name="scope"><option value="1">标题</option></select></form>')
    a = adapters.choose(r)
    assert a.name == "legacy"
    subs = {e.url for e in a.entries(r) if e.column}
    assert subs == {"http://l.gov.cn/gk/year_details.aspx?dept=0&year=2024", "http://l.gov.cn/gk/year_details.aspx?dept=11&year=2024",
                    "http://l.gov.cn/gk/year_details.aspx?dept=0&year=2023"}


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


def test_legacy_selector_navigating_by_script():
    r = page("http://l.gov.cn/gk/list.asp?dept=3", '<a href="GovOpenShow.aspx?id=1">a</a>'
             """<select name="ddlYear" onchange="location.href='list.asp?dept=3&year='+this.value">"""
             '<option value="">请选择</option><option value="2022">2022年</option><option value="2021">2021年</option></select>')
    subs = {e.url for e in adapters.choose(r).entries(r) if e.column}
    assert subs == {"http://l.gov.cn/gk/list.asp?dept=3&year=2022", "http://l.gov.cn/gk/list.asp?dept=3&year=2021"}


def test_own_scripts_outrank_the_shapes_of_links_to_other_sites():
    """A county TRS site linking the province's Hanweb columns is read as TRS."""
    r = page("http://county.gov.cn/zfxxgknb/index.html",
             '<a href="http://www.js.gov.cn/col/col1/index.html">省政府</a><a href="http://www.js.gov.cn/art/2024/1/2/art_1_2.html">x</a>'
             '<a href="./202401/t20240120_1.html">a</a><script>createPageHTML(2, 0, "index", "html");</script>')
    assert adapters.choose(r).name == "trs"


def test_aspnet_postback_pager():
    r = page("http://l.gov.cn/InfoPublic.aspx?cid=3",
             '<form method="post" action="./InfoPublic.aspx?cid=3" id="form1"><input type="hidden" name="__VIEWSTATE" value="vs1">'
             '<input type="hidden" name="__EVENTVALIDATION" value="ev1"><a href="GovOpenShow.aspx?id=1">a</a>'
             "<a href=\"javascript:__doPostBack('ctl00$pager','2')\">下一页</a></form>")
    nxt = adapters.choose(r).next_page(r, 0)
    assert nxt.method == "POST"
    assert nxt.url == "http://l.gov.cn/InfoPublic.aspx?cid=3&__EVENTARGUMENT=2"
    assert b"__VIEWSTATE=vs1" in nxt.body and b"__EVENTTARGET=ctl00%24pager" in nxt.body and b"__EVENTARGUMENT=2" in nxt.body
