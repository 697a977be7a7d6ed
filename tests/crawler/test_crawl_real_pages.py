"""The spider's reading of real portal pages (reference/samples/pages, Pingtan, a TRS site)."""

from __future__ import annotations

from pathlib import Path

from scrapy.http import HtmlResponse, Request

from crawler import adapters
from crawler.spiders.nianbao import NianbaoSpider

PAGES = Path(__file__).resolve().parents[2] / "reference" / "samples" / "pages"
LIST_URL = "https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/"
DETAIL_URL = LIST_URL + "202603/t20260313_105587.htm"


def response(url: str, name: str) -> HtmlResponse:
    return HtmlResponse(url=url, body=(PAGES / name).read_bytes(), encoding="utf-8",
                        request=Request(url, meta={"nianbao_page": 0}))


def test_pingtan_list_page_yields_every_report_with_its_date():
    r = response(LIST_URL, "pingtan-nianbao-list.html")
    adapter = adapters.choose(r)
    assert adapter.name == "trs"
    found = {}
    for e in adapter.entries(r):
        info = NianbaoSpider._candidate(e)
        if info:
            found[info.year] = (info.agency, e.date, e.url)
    assert sorted(found) == list(range(2016, 2026))
    assert found[2025] == ("平潭综合实验区", "2026-03-10", DETAIL_URL)
    assert found[2016][1] == "2017-01-18"
    assert adapter.next_page(r, 0) is None  # the rest of this list is a JS pager (avalon JSON), not static pages


def test_pingtan_detail_page():
    r = response(DETAIL_URL, "pingtan-2025-detail.html")
    assert NianbaoSpider._shell_target(r) is None
    assert NianbaoSpider._page_date(r) == "2026-03-10"
    assert list(NianbaoSpider._attachments(r)) == []  # the viewer's file is filled in by script at run time
    assert list(NianbaoSpider._table_images(r)) == []  # its tables are real tables
