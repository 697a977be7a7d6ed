"""The run's walk state (crawler/walk.py) and the directories of bodies (crawler/bodies.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse

from crawler import bodies
from crawler.walk import Walk

ROOT = Path(__file__).resolve().parents[2]
PORTAL = "http://www.a.gov.cn/"
COLUMN = "http://www.a.gov.cn/jyj/gknb/index.shtml"


def html(url: str, body: str, encoding: str = "utf-8") -> HtmlResponse:
    return HtmlResponse(url, body=f"<html><body>{body}</body></html>".encode(encoding), encoding=encoding)


# --- Walk -----------------------------------------------------------------------------------------------

def test_column_finishes_when_pager_ended_and_last_request_answered():
    done: list[str] = []
    walk = Walk(on_finish=done.append)
    walk.sent(COLUMN, PORTAL)  # its first page
    walk.open(COLUMN, PORTAL, body="县教育局")
    walk.page(COLUMN, PORTAL, ["r1", "r2"], known={"r2"})
    walk.sent(COLUMN, PORTAL)  # report r1
    walk.settle(COLUMN, "last page")
    assert done == []  # the first page and r1 are still in flight
    walk.answered(COLUMN)
    walk.answered(COLUMN)
    assert done == [COLUMN]
    col = walk.columns[COLUMN]
    assert (col.pages, col.items, col.known, col.body, col.settled) == (1, 2, 1, "县教育局", "last page")
    assert walk.unfinished() == []


def test_unsettled_column_stays_unfinished():
    walk = Walk()
    walk.sent(COLUMN, PORTAL)
    walk.answered(COLUMN)
    assert walk.unfinished() == [COLUMN]  # answered, but the pager never said it ended


def test_first_reason_wins_and_unknown_reasons_are_refused():
    walk = Walk()
    walk.open(COLUMN, PORTAL)
    walk.settle(COLUMN, "known reports")
    walk.settle(COLUMN, "last page")
    assert walk.columns[COLUMN].settled == "known reports"
    with pytest.raises(ValueError, match="unknown reason"):
        walk.settle(COLUMN, "bored")


def test_known_reports_seen_count_per_portal():
    walk = Walk()
    walk.page(COLUMN, PORTAL, ["r1", "r2"], known={"r1", "r2"})
    walk.page("http://www.a.gov.cn/czj/gknb/", PORTAL, ["r1", "r3"], known={"r1"})
    walk.seen("http://www.b.gov.cn/")
    assert walk.listed == {PORTAL: 4, "http://www.b.gov.cn/": 1}
    assert walk.known_seen() == 2  # r1 counted once


def test_a_body_is_walked_once():
    walk = Walk()
    assert walk.body(PORTAL, "http://www.a.gov.cn/jyj/", "县教育局")
    assert not walk.body(PORTAL, "http://www.a.gov.cn/jyj/", "教育局")


# --- directories of bodies ---------------------------------------------------------------------------

@pytest.mark.parametrize("text,path", [
    ("部门信息公开", "/zwgk/x/"), ("乡镇（街道）信息公开", "/zwgk/x/"), ("地方部门平台链接", "/zwgk/x/"),
    ("乡镇街道", "/x/"), ("县直部门", "/x/"), ("信息公开部门目录", "/x/"), ("部门", "/x/"),
    # the platform's link to its departments' sites, as on the real Pingtan column page (地方部门<br>平台链接)
    ("", "/zwgk/zfxxgk/dfbmptlj/"), ("xx", "/zwgk/bmxxgkml/"),
])
def test_directory_links(text, path):
    assert bodies.is_directory_link(text, path)


@pytest.mark.parametrize("text,path", [
    ("部门预算", "/zwgk/bmys/"), ("部门决算", "/x/"), ("部门文件", "/x/"), ("政府信息公开年报", "/zwgk/gknb/"),
    ("新闻中心", "/xwzx/"), ("政府信息公开指南", "/zwgk/zn/"), ("部门信息公开年报", "/zwgk/bmnb/"),
])
def test_not_directory_links(text, path):
    assert not bodies.is_directory_link(text, path)


def test_directory_page_lists_bodies_from_links_options_and_scripts():
    page = html("http://www.a.gov.cn/zwgk/bmxxgk/", """
        <div class="nav"><a href="/">首页</a><a href="/xwzx/">新闻中心</a><a href="/zwgk/">政府信息公开</a></div>
        <ul class="bm"><li><a href="/jyj/">县教育局</a></li><li><a href="/czj/">县财政局</a></li>
          <li><a href="http://wjw.a.gov.cn/">县卫生健康委员会</a></li></ul>
        <select onchange="window.open(this.value)"><option value="">其他部门</option>
          <option value="/zrzyj/">县自然资源局</option></select>
        <script>var townList = [{"name":"城关镇人民政府","url":"\\/cgz\\/"},{name: '东风乡', url: '/dfx/'}];</script>""")
    found = {b.name: b.url for b in bodies.bodies(page)}
    assert found == {"县教育局": "http://www.a.gov.cn/jyj/", "县财政局": "http://www.a.gov.cn/czj/",
                     "县卫生健康委员会": "http://wjw.a.gov.cn/", "县自然资源局": "http://www.a.gov.cn/zrzyj/",
                     "城关镇人民政府": "http://www.a.gov.cn/cgz/", "东风乡": "http://www.a.gov.cn/dfx/"}


def test_a_lone_body_name_in_a_navigation_bar_is_no_directory():
    page = html("http://www.a.gov.cn/", '<div><a href="/">首页</a><a href="/bgs/">县政府办公室</a><a href="/hd/">互动交流</a></div>')
    assert bodies.bodies(page) == []


def test_real_pingtan_column_links_its_department_platforms():
    """The real Pingtan 年报 column page (reference/samples/pages) links 地方部门平台链接 in its side menu."""
    raw = (ROOT / "reference/samples/pages/pingtan-nianbao-list.html").read_bytes()
    page = HtmlResponse("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/", body=raw, encoding="utf-8")
    links = [(" ".join(a.xpath(".//text()").getall()), a.attrib["href"]) for a in page.xpath("//a[@href]")]
    from urllib.parse import urlsplit
    dirs = [h for t, h in links if bodies.is_directory_link(t, urlsplit(page.urljoin(h)).path)]
    assert dirs == ["https://www.pingtan.gov.cn/zwgk/zfxxgk/dfbmptlj/"]


def test_own_hosts():
    allowed = {"www.a.gov.cn", "a.gov.cn"}
    assert bodies.own_host("jyj.a.gov.cn", "www.a.gov.cn", allowed)
    assert not bodies.own_host("www.b.gov.cn", "www.a.gov.cn", allowed)
    assert not bodies.own_host("mof.hainan.gov.cn", "www.sanya.hainan.gov.cn", {"www.sanya.hainan.gov.cn"})


# --- the page decides, inside a 年报 column ---------------------------------------------------------

def test_real_report_page_is_a_report_by_its_content():
    """The real Pingtan report page, its titles stripped: its section headings and tables decide."""
    from crawler.spiders.nianbao import NianbaoSpider

    raw = (ROOT / "reference/samples/pages/pingtan-2025-detail.html").read_text(encoding="utf-8")
    page = HtmlResponse("https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/202603/t20260313_105587.htm",
                        body=raw.encode("utf-8"), encoding="utf-8")
    assert NianbaoSpider._report_page(page)["year"] == 2025
    untitled = HtmlResponse(page.url, body=raw.replace("年度报告", "").replace("年报", "").encode("utf-8"), encoding="utf-8")
    assert NianbaoSpider._report_page(untitled) is not None


@pytest.mark.parametrize("body", [
    "<h1>局党组召开专题会议</h1><p>会议学习了有关文件精神。</p>",
    "<h1>一图读懂：某县2024年政府信息公开工作年度报告</h1><img src='a.png'>",
    "<h1>2024年政府信息公开工作年度报告解读</h1><p>一、总体情况 二、主动公开政府信息情况 五、存在的主要问题及改进情况</p>",
])
def test_news_and_companions_are_not_reports(body):
    from crawler.spiders.nianbao import NianbaoSpider

    assert NianbaoSpider._report_page(html("http://www.a.gov.cn/jyj/gknb/202501/a.shtml", body)) is None


def test_adapter_lists_are_walked_as_lists():
    """A legacy adapter reads per-department / per-year `<select>` options as list URLs; the spider walks each."""
    from crawler.adapters.base import Entry
    from crawler.spiders.nianbao import NianbaoSpider

    class Selects:
        def lists(self, response):
            return ["http://www.a.gov.cn/year_details.aspx?dept=3&year=2023",
                    Entry("http://www.a.gov.cn/year_details.aspx?dept=4&year=2023", "民政局", None)]

    page = html("http://www.a.gov.cn/year_details.aspx?dept=3&year=2024", "")
    assert NianbaoSpider._adapter_lists(Selects(), page) == [
        "http://www.a.gov.cn/year_details.aspx?dept=3&year=2023", "http://www.a.gov.cn/year_details.aspx?dept=4&year=2023"]
    assert NianbaoSpider._adapter_lists(object(), page) == []


def test_column_name_in_the_page_title_does_not_make_a_report():
    from crawler.spiders.nianbao import NianbaoSpider

    page = html("http://www.a.gov.cn/jyj/gknb/202501/a.shtml", "<p>会议学习了有关文件精神。</p>")
    page = page.replace(body=b"<html><head><title>\xe5\xb1\x80\xe5\x85\x9a\xe7\xbb\x84\xe4\xbc\x9a\xe8\xae\xae_"
                        + "政府信息公开年报_某县人民政府".encode() + b"</title></head><body><p>x</p></body></html>")
    assert NianbaoSpider._report_page(page) is None


def test_department_links_that_differ_only_by_query():
    """苏州虎丘's directory (dfbmptlj/gxqxxgkml_ptlink.shtml) links each department as
    bmxxgk_list.shtml?deptid=…&coltype=… (as a public crawler of that page reads it; see crawler/bodies.py)."""
    page = html("http://www.snd.gov.cn/hqqrmzf/dfbmptlj/gxqxxgkml_ptlink.shtml", "<ul>" + "".join(
        f'<li><a href="/hqqrmzf/bmxxgk_list.shtml?deptid={i}&coltype=1">{n}</a></li>'
        for i, n in enumerate(["区发展和改革局", "区教育局", "区财政局"])) + "</ul>")
    assert [b.url.rsplit("?", 1)[1] for b in bodies.bodies(page)] == ["deptid=0&coltype=1", "deptid=1&coltype=1",
                                                                        "deptid=2&coltype=1"]


def test_links_written_by_a_script():
    """A footer written by document.writeln, as in mhxqwer/zyjhenan.gov.cn static/js/link.js."""
    script = ("document.writeln('<div class=\"navLink\">\\n' +\n"
              "    '<dl><a href=\"http://www.kf-demo.gov.cn/\" target=\"_blank\">开封市人民政府</a></dl>\\n' +\n"
              "    '<dl><a href=\"http://www.ly-demo.gov.cn/\" target=\"_blank\">洛阳市人民政府</a></dl>\\n' +\n"
              "    '<dl><a href=\"http://www.gov.cn/\" target=\"_blank\">中国政府网</a></dl>');")
    page = html("http://www.henan-demo.gov.cn/", f"<script>{script}</script>")
    assert {b.name: b.url for b in bodies.bodies(page)} == {"开封市人民政府": "http://www.kf-demo.gov.cn/",
                                                            "洛阳市人民政府": "http://www.ly-demo.gov.cn/"}
