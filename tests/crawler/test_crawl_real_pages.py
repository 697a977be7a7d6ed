"""The adapters and the spider on real portal pages and list answers (reference/samples/pages, reference/real-pages)."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request, TextResponse

from crawler import adapters
from crawler.spiders.nianbao import NianbaoSpider

PAGES = Path(__file__).resolve().parents[2] / "reference" / "samples" / "pages"
REAL = Path(__file__).resolve().parents[2] / "reference" / "real-pages"
LIST_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
DETAIL_URL = LIST_URL + "202603/t20260313_105587.htm"


def response(url: str, name: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=(PAGES / name).read_bytes(), encoding="utf-8",
                        request=Request(url, meta={"nianbao_page": 0}))


def test_pingtan_list_page_yields_every_report_with_its_date():
    r = response(LIST_URL, "pingtan-nianbao-list.html")
    adapter = adapters.choose(r)
    assert adapter.name == "fujian"  # TRS-published, but the list beyond the first screen comes from the platform API
    found = {}
    for e in adapter.entries(r):
        info = NianbaoSpider._candidate(e)
        if info:
            found[info.year] = (info.agency, e.date, e.url)
    assert sorted(found) == list(range(2016, 2026))
    assert found[2025] == ("平潭综合实验区", "2026-03-10", DETAIL_URL)
    assert found[2016][1] == "2017-01-18"
    nxt = adapter.next_page(r, 0)  # the rest of this list is the site search (SiteInfo.searchId) of column 1813
    assert nxt.url.startswith("https://www.pingtan.gov.cn/fjdzapp/search?")
    assert "channelid=200210" in nxt.url and "classsql=chnlid%3D1813" in nxt.url and "page=1" in nxt.url


def test_pingtan_detail_page():
    r = response(DETAIL_URL, "pingtan-2025-detail.html")
    assert NianbaoSpider._shell_target(r) is None
    assert NianbaoSpider._page_date(r) == "2026-03-10"
    assert list(NianbaoSpider._attachments(r)) == []  # the viewer's file is filled in by script at run time
    assert list(NianbaoSpider._table_images(r)) == []  # its tables are real tables


def test_ordos_trs_list_pages_through_count_page():
    """鄂尔多斯 恩格贝: TRS static list, `var countPage = 2` and a pager written by document.write."""
    url = "http://www.ordos.gov.cn/egb/xxgk/xxgknb/index.html"
    r = HtmlResponse(url=url, body=(REAL / "ordos-egb-xxgknb-list-index.html").read_bytes(), encoding="utf-8",
                     request=Request(url, meta={"nianbao_page": 0}))
    adapter = adapters.choose(r)
    assert adapter.name == "trs"
    assert adapter.next_page(r, 0).url == "http://www.ordos.gov.cn/egb/xxgk/xxgknb/index_1.html"
    assert adapter.next_page(r, 1) is None
    reports = {e.url for e in adapter.entries(r) if NianbaoSpider._candidate(e)}
    assert reports and all("/t20" in u for u in reports)


def test_sanming_fujian_api_answer():
    """三明: the platform API's JSON, read as the list of a column walk (13 reports, one page)."""
    api = "https://www.sm.gov.cn/fjdzapp/data?channelid=100000&classsql=chnlid%3D1377&prepage=100&page=1"
    state = {"method": "GET", "url": "https://www.sm.gov.cn/fjdzapp/data", "base": "https://www.sm.gov.cn/x/",
             "fields": {"channelid": "100000", "classsql": "chnlid=1377", "prepage": "100", "page": "1"}}
    req = Request(api, meta={"nianbao_page": 1, "nianbao_adapter": "fujian", "nianbao_fujian": state})
    r = TextResponse(url=api, body=(REAL / "sanming-zfxxgkndbg-index-api_p001.json").read_bytes(), encoding="utf-8",
                     request=req)
    adapter = adapters.choose(r)
    assert adapter.name == "fujian"
    found = {NianbaoSpider._candidate(e).year: e for e in adapter.entries(r) if NianbaoSpider._candidate(e)}
    assert sorted(found) == list(range(2013, 2026))
    assert found[2025].date == "2026-03-05"
    assert adapter.next_page(r, 1) is None  # pageCount 1
