"""Politeness and robustness pieces on their own: scope, challenge detection, backoff, http fallback."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.test import get_crawler
from twisted.internet.error import ConnectionLost, TCPTimedOutError
from twisted.internet.error import ConnectionRefusedError as TxRefused

from crawler.middlewares import (
    BackoffMiddleware,
    ChallengeMiddleware,
    HttpFallbackMiddleware,
    PortalScopeMiddleware,
    site_of,
)
from crawler.portals import Portal
from crawler.spiders.nianbao import NianbaoSpider


def crawler(**settings):
    c = get_crawler(NianbaoSpider, settings_dict={"NIANBAO_PORTALS": "data/portals.csv", **settings})
    c.spider = NianbaoSpider.from_crawler(c, urls="http://www.a.gov.cn/")
    c.spider.portals_by_entry["http://www.a.gov.cn/"] = Portal("http://www.a.gov.cn/", hosts="cdn.example.net")
    return c


def req(url: str, **meta) -> Request:
    return Request(url, meta={"nianbao_portal": "http://www.a.gov.cn/", **meta})


def test_site_of():
    assert site_of("www.xx.gov.cn") == "xx.gov.cn"
    assert site_of("zwgk.changchun.gov.cn") == "changchun.gov.cn"
    assert site_of("www.example.com") == "example.com"
    assert site_of("61.150.65.235") == "61.150.65.235"


def test_scope_keeps_the_portal_site_and_declared_hosts():
    mw = PortalScopeMiddleware.from_crawler(crawler())
    for ok in ("http://www.a.gov.cn/x", "http://files.a.gov.cn/f.pdf", "http://cdn.example.net/f.pdf",
               "http://mirror.com/robots.txt"):
        assert mw.process_request(req(ok)) is None
    with pytest.raises(IgnoreRequest):
        mw.process_request(req("http://www.spam-mirror.com/zfxxgknb/t1.html"))
    with pytest.raises(IgnoreRequest):
        mw.process_request(req("http://www.b.gov.cn/"))


def test_challenges_and_maintenance_pages_block_the_portal():
    mw = ChallengeMiddleware.from_crawler(crawler())
    r = req("http://www.a.gov.cn/")
    mw.process_response(r, Response(r.url, status=521, request=r))
    assert r.meta["nianbao_blocked"] == "HTTP 521 challenge"
    with pytest.raises(IgnoreRequest):
        mw.process_request(req("http://www.a.gov.cn/next"))
    mw = ChallengeMiddleware.from_crawler(crawler())
    r = req("http://www.a.gov.cn/")
    page = HtmlResponse(r.url, body="<html><body>网站系统维护中，请稍后访问</body></html>".encode(), encoding="utf-8",
                        request=r)
    mw.process_response(r, page)
    assert "维护" in r.meta["nianbao_blocked"]
    r = req("http://www.a.gov.cn/report")
    report = HtmlResponse(r.url, body=("<html><body><table></table>" + "维护" + "x" * 100 + "</body></html>").encode(),
                          encoding="utf-8", request=r)
    mw.process_response(r, report)
    assert "nianbao_blocked" not in r.meta


def test_backoff_honours_retry_after():
    mw = BackoffMiddleware.from_crawler(crawler(NIANBAO_BACKOFF_BASE=2, NIANBAO_BACKOFF_MAX=60))
    r = req("http://www.a.gov.cn/")
    assert mw.delay(r, Response(r.url, status=503, headers={"Retry-After": "7"})) == 7
    assert mw.delay(r, Response(r.url, status=503, headers={"Retry-After": "86400"})) == 60
    assert mw.delay(r, Response(r.url, status=503)) == 2
    r.meta["retry_times"] = 3
    assert mw.delay(r, Response(r.url, status=503)) == 16


def test_https_failure_falls_back_to_http_once():
    mw = HttpFallbackMiddleware.from_crawler(crawler())
    r = req("https://www.a.gov.cn/zfxxgknb/")
    again = mw.process_exception(r, ConnectionRefusedError())
    assert again.url == "http://www.a.gov.cn/zfxxgknb/"
    assert mw.process_exception(again, ConnectionRefusedError()) is None


class FakeSlot:
    latercall = None


class FakeDownloader:
    """The two things BackoffMiddleware uses of Scrapy's downloader: slot keys and slots."""

    def __init__(self) -> None:
        self.slots = {"www.a.gov.cn": FakeSlot()}
        self.resumed: list[FakeSlot] = []

    def get_slot_key(self, request: Request) -> str:
        return urlsplit(request.url).hostname or ""

    def _latercall(self, slot: FakeSlot) -> None:
        self.resumed.append(slot)


def test_retry_after_pauses_the_host_not_one_response():
    c = crawler(NIANBAO_BACKOFF_BASE=2, NIANBAO_BACKOFF_MAX=600)
    downloader = FakeDownloader()
    c.engine = SimpleNamespace(downloader=downloader)
    mw = BackoffMiddleware.from_crawler(c)
    r = req("http://www.a.gov.cn/list.html")

    async def scenario() -> None:  # the pause is a timer of the running event loop, as in a crawl
        response = Response(r.url, status=503, headers={"Retry-After": "120"})
        assert mw.process_response(r, response) is response  # no sleep on this response: it goes on to the retry
        slot = downloader.slots["www.a.gov.cn"]
        assert slot.latercall is not None  # the host's slot is held; the downloader resumes it in 120 s
        first = slot.latercall
        mw.process_response(r, Response(r.url, status=503, headers={"Retry-After": "5"}))
        assert slot.latercall is first  # a shorter pause does not cut the longer one
        first.cancel()

    asyncio.run(scenario())
    assert downloader.resumed == []


@pytest.mark.parametrize("exc", [DownloadTimeoutError("took longer than 2.0 seconds"), TimeoutError(),
                                 TCPTimedOutError(), IgnoreRequest("offsite"), ConnectionLost()])
def test_no_http_fallback_after_a_timeout_or_an_ignored_request(exc):
    mw = HttpFallbackMiddleware.from_crawler(crawler())
    assert mw.process_exception(req("https://www.a.gov.cn/zfxxgknb/"), exc) is None


def test_fallback_document_keeps_its_https_url_and_the_host_goes_http_at_once():
    mw = HttpFallbackMiddleware.from_crawler(crawler())
    r = req("https://www.a.gov.cn/nb/2024.pdf")
    again = mw.process_exception(r, TxRefused())
    assert again.url == "http://www.a.gov.cn/nb/2024.pdf"
    response = mw.process_response(again, Response(again.url, body=b"%PDF-1.4"))
    assert response.url == "https://www.a.gov.cn/nb/2024.pdf"
    later = mw.process_request(req("https://www.a.gov.cn/nb/2023.pdf"))
    assert later is not None and later.url == "http://www.a.gov.cn/nb/2023.pdf"
    # meta travels to followed links: a plain http link is not renamed
    follow = Request("http://www.a.gov.cn/other.html", meta=dict(again.meta))
    assert mw.process_response(follow, Response(follow.url)).url == "http://www.a.gov.cn/other.html"
