"""The `nianbao` spider: from portal entry points to every annual report, incrementally.

    scrapy crawl nianbao                                   # the portal list (NIANBAO_PORTALS)
    scrapy crawl nianbao -a urls="https://www.x.gov.cn/"   # given entry points, space separated
    scrapy crawl nianbao -a full=1                         # walk every listing page, revalidate everything

Roles of a request (`nianbao_role`): entry (find the 年报 column, via the 政府信息公开 page if need
be) -> listing (a column page: report links, sub-columns, the next page — a static pager, or the JSON
endpoint its scripts name) -> detail (a report page: the page itself plus its attachments; a
page-flip e-book is read page by page into one document) -> document (an attachment or image).

Every fetch leaves a row in the archive's fetches table: ok (pages, documents, e-book pages),
not_modified, not_found, blocked (challenge, maintenance page, login wall, robots.txt at the entry),
error (HTTP errors, timeouts, connection failures after retries). An entry point that cannot be read
at all is named in the run summary (`failed_portals`).

Settings read:

    NIANBAO_PORTALS              portal list CSV (default data/portals.csv) when no urls are given
    NIANBAO_FULL                 walk every listing page and revalidate known documents (default False)
    NIANBAO_MAX_DISCOVERY_HOPS   pages between the entry point and a 年报 column (default 2)
    NIANBAO_MAX_SUBCOLUMN_DEPTH  nesting of department/township/year sub-columns (default 3)
    NIANBAO_MAX_LISTING_PAGES    listing pages walked per column (default 300)
    NIANBAO_MAX_PAGES_PER_PORTAL requests per portal and run, a bound against traps (default 20000)
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit

import scrapy
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from .. import adapters, ebook
from ..adapters import endpoint
from ..adapters.base import Entry, iso_date, url_date
from ..items import DocumentItem, FetchItem, PortalItem
from ..pipelines import now
from ..portals import Portal, load, portal_for_url
from ..store import gateway, walk_state
from ..titles import (
    COLUMN_TEXTS,
    YEAR_FOLDER_RE,
    TitleInfo,
    clean,
    is_column_link,
    is_disclosure_link,
    is_subcolumn_link,
    report_title,
)
from ..urls import (
    DOCUMENT_EXTENSIONS,
    META_REFRESH_RE,
    SCRIPT_URL_RE,
    canonical_url,
    disposition_file_name,
    file_name_of_url,
    is_document_url,
    is_download_url,
)

logger = logging.getLogger(__name__)

HANDLED_STATUSES = [304, 400, 401, 403, 404, 410, 412, 429, 500, 502, 503, 504, 521]
ONCLICK_DOC_RE = re.compile(r"""['"]([^'"]+\.(?:pdf|docx?|wps|xlsx?|ofd|et|rtf|zip)(?:\?[^'"]*)?)['"]""", re.I)
PUBDATE_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "ArticlePubDate")
SHELL_MAX_BYTES = 3000
IMAGE_EXTENSIONS = (".png", ".jpg", ".jpeg", ".gif")
ARTICLE_SCOPES = ("//div[contains(@class,'TRS_Editor')]", "//*[@id='zoomcon']", "//ucapcontent",
                  "//div[contains(@class,'article')]", "//div[contains(@class,'content')]")


def media_type_of(response: Response, encoding: str = "") -> str | None:
    """The Content-Type as sent (its charset helps the parsers with pages that declare none), or with the
    portal's encoding override as the charset."""
    ct = response.headers.get(b"Content-Type")
    value = ct.decode("latin-1").strip() if ct else ""
    if encoding:
        value = f"{value.split(';')[0].strip() or 'text/html'}; charset={encoding}"
    return value or None


def header(response: Response, name: str) -> str | None:
    v = response.headers.get(name.encode())
    return v.decode("latin-1") if v else None


class NianbaoSpider(scrapy.Spider):
    name = "nianbao"
    handle_httpstatus_list = HANDLED_STATUSES

    def __init__(self, urls: str | Iterable[str] = "", portals: str = "", full: str | bool = False, **kwargs: Any):
        super().__init__(**kwargs)
        self._urls = urls.split() if isinstance(urls, str) else list(urls)
        self._portals_file = portals
        self._full_arg = full
        self.portals: list[Portal] = []
        self.portals_by_entry: dict[str, Portal] = {}
        self.blocked_portals: dict[str, str] = {}
        self.failed_portals: dict[str, str] = {}  # entry URL -> why it could not be read at all
        self.requests_per_portal: Counter[str] = Counter()
        self.report_links: Counter[str] = Counter()  # report links seen per portal this run, known or new
        self.outstanding: Counter[str] = Counter()  # requests in flight per column (its pages, reports, attachments)
        self.walk_ended: set[str] = set()
        self.requested: set[str] = set()  # our own duplicate filter: a dropped duplicate would never settle
        self.full = False
        self.max_hops = self.max_subdepth = self.max_listing_pages = self.max_portal_requests = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NianbaoSpider:
        spider: NianbaoSpider = super().from_crawler(crawler, *args, **kwargs)
        s = crawler.settings
        spider.full = str(spider._full_arg).lower() in ("1", "true", "yes") or s.getbool("NIANBAO_FULL")
        spider.max_hops = s.getint("NIANBAO_MAX_DISCOVERY_HOPS", 2)
        spider.max_subdepth = s.getint("NIANBAO_MAX_SUBCOLUMN_DEPTH", 3)
        spider.max_listing_pages = s.getint("NIANBAO_MAX_LISTING_PAGES", 300)
        spider.max_portal_requests = s.getint("NIANBAO_MAX_PAGES_PER_PORTAL", 20000)
        if spider._urls:
            spider.portals = [portal_for_url(u) for u in spider._urls]
        else:
            spider.portals = load(spider._portals_file or s.get("NIANBAO_PORTALS") or "data/portals.csv")
        spider.portals_by_entry = {p.entry_url: p for p in spider.portals}
        return spider

    # --- requests -------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for portal in self.portals:
            self.requested.add(portal.entry_url)
            meta = {"nianbao_portal": portal.entry_url, "nianbao_role": "entry", "nianbao_hops": 0,
                    "nianbao_conditional": bool(ebook.base_of(portal.entry_url))}
            yield Request(portal.entry_url, callback=self.parse_entry, errback=self.on_error, meta=meta,
                          dont_filter=True)

    def _request(self, response: Response, url: str, role: str, callback: Any, **meta: Any) -> Request | None:
        """A follow-up request of the same portal, within the per-portal bound (session ids dropped)."""
        portal = response.meta["nianbao_portal"]
        url = canonical_url(url)
        if url in self.requested:
            return None
        if self.requests_per_portal[portal] >= self.max_portal_requests:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("nianbao/portal_request_cap")
            return None
        self.requests_per_portal[portal] += 1
        self.requested.add(url)
        full_meta = {"nianbao_portal": portal, "nianbao_role": role, **meta}
        if full_meta.get("nianbao_column"):
            self.outstanding[full_meta["nianbao_column"]] += 1
        return Request(url, callback=callback, errback=self.on_error, meta=full_meta)

    def _settle(self, meta: dict) -> None:
        """A request of a column is done; the column's walk is finished once its last request is.

        Until then the column stays open in the walk state, so a crawl killed half-way walks it to
        the end next time instead of stopping at the first page of known reports.
        """
        column = meta.get("nianbao_column")
        if not column or meta.get("nianbao_settled"):
            return
        meta["nianbao_settled"] = True
        self.outstanding[column] -= 1
        self._maybe_finish(column)

    def _maybe_finish(self, column: str) -> None:
        if column in self.walk_ended and self.outstanding[column] <= 0:
            walk_state(self.crawler).finish(column)

    # --- callbacks ------------------------------------------------------------------------------

    def _preamble(self, response: Response) -> Iterator[Any]:
        """Record the fetch of a navigation page; yields the FetchItem and sets `ok` on the response."""
        portal = response.meta["nianbao_portal"]
        if response.meta.get("nianbao_blocked"):
            self.blocked_portals[portal] = response.meta["nianbao_blocked"]
            yield FetchItem(url=response.url, portal=portal, outcome="blocked", status=response.status,
                            error=response.meta["nianbao_blocked"], fetched_at=now())
            return
        if response.status >= 400:
            outcome = "not_found" if response.status in (404, 410) else "error"
            yield FetchItem(url=response.url, portal=portal, outcome=outcome, status=response.status,
                            error=f"HTTP {response.status}", fetched_at=now())
            self._entry_failed(response.meta, f"HTTP {response.status}")
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("nianbao/pages")
        response.meta["nianbao_ok"] = True
        text = self._text(response) if response.meta.get("nianbao_role") in ("listing", "entry") else None
        yield FetchItem(url=response.url, portal=portal, outcome="ok", status=response.status, fetched_at=now(),
                        adapter=self._adapter(text).name if text is not None else None)

    def _encoding(self, response: Response) -> str:
        """The portal's encoding override for its pages (not for binary attachments)."""
        portal = self.portals_by_entry.get(response.meta["nianbao_portal"])
        return portal.encoding if portal and isinstance(response, TextResponse) else ""

    def _text(self, response: Response) -> TextResponse | None:
        if not isinstance(response, TextResponse):
            return None
        portal = self.portals_by_entry.get(response.meta["nianbao_portal"])
        if portal and portal.encoding:
            return response.replace(encoding=portal.encoding)
        return response

    def parse_entry(self, response: Response) -> Iterator[Any]:
        if (not response.meta["nianbao_hops"] and ebook.base_of(response.url) and response.status in (200, 304)
                and not response.meta.get("nianbao_blocked")):
            yield from self._ebook_entry(response)
            return
        yield from self._preamble(response)
        text = self._text(response)
        if not response.meta.get("nianbao_ok") or text is None:
            return
        portal = self.portals_by_entry[response.meta["nianbao_portal"]]
        if response.meta["nianbao_hops"] == 0:
            name = clean(text.xpath("//meta[@name='SiteName']/@content").get() or "")
            if name and portal.name in ("", portal.host):
                yield PortalItem(entry_url=portal.entry_url, name=name)
        adapter = adapters.choose(text, portal.platform)
        entries = [e for e in adapter.entries(text) if e.url.startswith("http")]
        columns = [e for e in entries if is_column_link(e.title, urlsplit(e.url).path)]
        has_reports = any(self._candidate(e) for e in entries)
        path = urlsplit(response.url).path
        if has_reports or is_column_link("", path if path.endswith("/") else path.rsplit("/", 1)[0] + "/"):
            yield from self._listing(text, column=response.url, page=0, subdepth=0)
        for col in columns:
            if col.url.split("#")[0] != response.url:
                req = self._request(response, col.url, "listing", self.parse_listing,
                                    nianbao_column=col.url, nianbao_page=0, nianbao_subdepth=0)
                if req:
                    yield req
        if columns or has_reports or response.meta["nianbao_hops"] >= self.max_hops:
            return
        for e in entries:
            if is_disclosure_link(e.title, urlsplit(e.url).path):
                req = self._request(response, e.url, "entry", self.parse_entry,
                                    nianbao_hops=response.meta["nianbao_hops"] + 1)
                if req:
                    yield req

    def parse_listing(self, response: Response) -> Iterator[Any]:
        try:
            yield from self._parse_listing(response)
        finally:
            self._settle(response.meta)

    def _parse_listing(self, response: Response) -> Iterator[Any]:
        yield from self._preamble(response)
        text = self._text(response)
        if not response.meta.get("nianbao_ok") or text is None:
            return
        yield from self._listing(text, column=response.meta["nianbao_column"], page=response.meta["nianbao_page"],
                                 subdepth=response.meta.get("nianbao_subdepth", 0))

    @staticmethod
    def _candidate(e: Entry) -> TitleInfo | None:
        """A listing link that may be a report: report words, and a year or the 信息公开 words (or a file).

        A bare column name ("政府信息公开年报") is a column, not a report. A file linked as "下载" is read
        by its file name (UTF-8 or GBK percent-encoded).
        """
        info = report_title(e.title)
        if info is None and is_document_url(e.url):
            info = report_title(file_name_of_url(e.url).rsplit(".", 1)[0])
        if info is None or info.year is not None:
            return info
        path = urlsplit(e.url).path
        if is_document_url(e.url) or (info.strong and not is_column_link(e.title, path) and not path.endswith("/")):
            return info
        return None

    def _listing(self, response: TextResponse, *, column: str, page: int, subdepth: int) -> Iterator[Any]:
        """One listing page: report links, sub-columns, and the next page unless the walk may stop here."""
        adapter = self._adapter(response)
        entries = [e for e in adapter.entries(response) if e.url.startswith("http")]
        walks = walk_state(self.crawler)
        if page == 0:
            walk_all = self.full or walks.was_unfinished(column)
            walks.start(column)
        else:
            walk_all = response.meta.get("nianbao_walk_all", False)
        candidates: dict[str, tuple[Entry, TitleInfo]] = {}
        for e in entries:
            info = self._candidate(e)
            if info is not None:
                candidates.setdefault(e.url.split("#")[0], (e, info))
        known = gateway(self.crawler).known_urls(candidates) if candidates else set()
        self.report_links[response.meta["nianbao_portal"]] += len(candidates)
        for url, (e, info) in candidates.items():
            if url in known and not walk_all:
                continue
            hints = {"title": info.title, "agency": info.agency, "year": info.year, "page_url": url}
            role = "document" if is_document_url(url) else "detail"
            req = self._request(response, url, role, self.parse_detail if role == "detail" else self.parse_document,
                                nianbao_hints=hints, nianbao_published=e.date, nianbao_column=column,
                                nianbao_conditional=url in known, nianbao_need_body=role == "detail")
            if req:
                yield req
        if subdepth < self.max_subdepth:
            column_path = urlsplit(column).path
            column_path = column_path if column_path.endswith("/") else column_path.rsplit("/", 1)[0] + "/"
            for e in entries:
                if e.url in candidates or is_document_url(e.url) or (not e.column and self._self_variant(e, response.url)):
                    continue
                # e.column: the adapter knows the link is a sub-list (a department/year selector's value).
                if e.column or is_subcolumn_link(e.title, urlsplit(e.url).path, column_path) or (
                        page == 0 and is_column_link(e.title, urlsplit(e.url).path)):
                    req = self._request(response, e.url, "listing", self.parse_listing, nianbao_column=e.url,
                                        nianbao_page=0, nianbao_subdepth=subdepth + 1)
                    if req:
                        yield req
        all_known = bool(candidates) and all(url in known for url in candidates)
        nxt = None
        if walk_all or not all_known:
            if page + 1 < self.max_listing_pages:
                nxt = adapter.next_page(response, page)
                if nxt is None and page == 0 and adapter is not endpoint.ADAPTER:
                    nxt = endpoint.first_request(response, page)  # static first screen, JSON for the rest
        if nxt is None:
            self.walk_ended.add(column)
            self._maybe_finish(column)
            return
        nxt.meta.update(nianbao_walk_all=walk_all, nianbao_column=column, nianbao_subdepth=subdepth,
                        nianbao_portal=response.meta["nianbao_portal"], nianbao_role="listing")
        follow = self._request(response, nxt.url, "listing", self.parse_listing, **{
            k: v for k, v in nxt.meta.items() if k.startswith("nianbao_") and k not in ("nianbao_portal", "nianbao_role", "nianbao_settled")})
        if follow:
            yield follow.replace(method=nxt.method, body=nxt.body, headers=nxt.headers)
        else:
            self.walk_ended.add(column)
            self._maybe_finish(column)

    def _adapter(self, response: TextResponse) -> adapters.Adapter:
        """The adapter that reads this listing page (recorded with its fetch, so a mis-fingerprint shows)."""
        if response.meta.get("nianbao_endpoint"):
            return endpoint.ADAPTER
        return adapters.choose(response, self.portals_by_entry[response.meta["nianbao_portal"]].platform)

    @staticmethod
    def _self_variant(e: Entry, page_url: str) -> bool:
        """A link from a listing to itself with another query string (calendars, sort orders, filters):
        a trap, not a sub-column — unless its text names a 年报 column or a year folder."""
        a, b = urlsplit(e.url), urlsplit(page_url)
        if (a.netloc, a.path) != (b.netloc, b.path) or a.query == b.query:
            return False
        return not (any(c in e.title for c in COLUMN_TEXTS) or YEAR_FOLDER_RE.match(e.title))

    def parse_detail(self, response: Response) -> Iterator[Any]:
        """A report page: archive the page itself, then its attachments (or its table images)."""
        try:
            yield from self._parse_detail(response)
        finally:
            self._settle(response.meta)

    def _parse_detail(self, response: Response) -> Iterator[Any]:
        if response.status == 304:
            yield self._not_modified(response)
            return
        text = self._text(response)
        if text is None or response.status >= 400 or response.meta.get("nianbao_blocked"):
            yield from self._parse_document(response)
            return
        shell = self._shell_target(text)
        if shell:
            # Remember the shell as fetched, or every run would walk through it to the page again.
            yield FetchItem(url=response.url, portal=response.meta["nianbao_portal"], outcome="ok",
                            status=response.status, error=f"shell page for {shell}", fetched_at=now())
            req = self._request(response, shell, "detail", self.parse_detail,
                                **{k: v for k, v in response.meta.items() if k.startswith("nianbao_")
                                   and k not in ("nianbao_portal", "nianbao_role", "nianbao_validators", "nianbao_settled")})
            if req:
                yield req
            return
        hints = dict(response.meta.get("nianbao_hints") or {})
        hints["page_url"] = response.url
        published = response.meta.get("nianbao_published") or self._page_date(text)
        book = None if response.meta.get("nianbao_unchanged") else ebook.detect(text)
        if book and book[0] in (ebook.base_of(response.url), urljoin(response.url, "files/basic-html/")):
            yield from self._ebook_start(text, hints, published, *book)  # the page is the book or its root
        elif not response.meta.get("nianbao_unchanged"):
            yield from self._document(response, hints, published)
        else:
            yield self._not_modified(response)
        if book and book[0] not in (ebook.base_of(response.url), urljoin(response.url, "files/basic-html/")):
            yield from self._ebook_start(text, hints, published, *book, url=ebook.page_url(book[0], 1))  # linked
        attachments = list(self._attachments(text))
        if not attachments:
            attachments = list(self._table_images(text))
        known = gateway(self.crawler).known_urls(attachments) if attachments else set()
        for url in attachments:
            if url in known and not self.full:
                continue
            req = self._request(response, url, "document", self.parse_document, nianbao_hints=hints,
                                nianbao_published=published, nianbao_conditional=url in known,
                                nianbao_column=response.meta.get("nianbao_column"))
            if req:
                yield req

    # --- page-flip e-books: page1..pageN read in order, archived as one document under the book's URL ---

    def _ebook_entry(self, response: Response) -> Iterator[Any]:
        """A portal whose entry point is one e-book (the seed list has such): its page 1 is asked for with the
        validators of the book, so an unchanged book costs one 304."""
        self.report_links[response.meta["nianbao_portal"]] += 1
        if response.status == 304:
            yield self._not_modified(response)
            return
        yield from self._parse_detail(response)

    def _ebook_start(self, response: TextResponse, hints: dict, published: str | None, base: str,
                     count: int | None, url: str | None = None) -> Iterator[Any]:
        """Start reading a book; it is archived under `url` (default: this page, the book's own page)."""
        state = {"url": url or response.url, "base": base, "total": count, "next": 1, "pages": [], "hints": hints,
                 "published": published, "status": response.status, "etag": header(response, "ETag"),
                 "last_modified": header(response, "Last-Modified"), "own": {}, "entry_body": None if url else response.body,
                 "entry_media_type": media_type_of(response, self._encoding(response)),
                 "portal": response.meta["nianbao_portal"]}
        if ebook.base_of(response.url) == base:
            state["own"] = {canonical_url(response.url): ebook.page_lines(response)}
        yield from self._ebook_next(response, state)

    def _ebook_next(self, response: Response, state: dict) -> Iterator[Any]:
        """Request the next page of the book, or hand the book over when it is complete."""
        while True:
            n = state["next"]
            if (state["total"] and n > state["total"]) or n > ebook.MAX_PAGES:
                yield from self._ebook_done({"nianbao_ebook": state})
                return
            url = canonical_url(ebook.page_url(state["base"], n))
            if url not in state["own"]:
                break
            state["pages"].append(state["own"][url])
            state["next"] += 1
        req = self._request(response, url, "detail", self.parse_ebook_page, nianbao_ebook=state,
                            nianbao_column=response.meta.get("nianbao_column"))
        if req is None:
            yield from self._ebook_done({"nianbao_ebook": state})
        else:
            yield req

    def parse_ebook_page(self, response: Response) -> Iterator[Any]:
        try:
            state = response.meta["nianbao_ebook"]
            text = self._text(response)
            if response.status != 200 or text is None or response.meta.get("nianbao_blocked"):
                yield from self._parse_document(response)  # the fetch row of the page that ends the book
                yield from self._ebook_done(response.meta)
                return
            yield FetchItem(url=response.url, portal=response.meta["nianbao_portal"], outcome="ok", status=200,
                            error=f"e-book page {state['next']} of {state['url']}", fetched_at=now())
            if state["total"] is None:
                found = ebook.detect(text)
                state["total"] = found[1] if found else None
            state["pages"].append(ebook.page_lines(text))
            state["next"] += 1
            yield from self._ebook_next(response, state)
        finally:
            self._settle(response.meta)

    def _ebook_done(self, meta: dict) -> Iterator[Any]:
        """The book as one document (or, when not one page could be read, the book's own entry page)."""
        state = meta["nianbao_ebook"]
        if state.get("done"):
            return
        state["done"] = True
        pages = [p for p in state["pages"] if p]
        if not pages and state["entry_body"] is None:
            return  # a linked book that could not be read: the page that links it is archived already
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("nianbao/documents")
        body, media_type = (ebook.document(pages), "text/plain; charset=utf-8") if pages else (
            state["entry_body"], state["entry_media_type"])
        if pages:
            self.crawler.stats.inc_value("nianbao/ebooks")
            logger.info("e-book %s: %d pages", state["url"], len(pages))
        yield DocumentItem(url=state["url"], body=body, portal=state["portal"], status=state["status"],
                           media_type=media_type, etag=state["etag"], last_modified=state["last_modified"],
                           published_at=state["published"], fetched_at=now(),
                           hints={k: v for k, v in state["hints"].items() if v is not None})

    def parse_document(self, response: Response) -> Iterator[Any]:
        try:
            yield from self._parse_document(response)
        finally:
            self._settle(response.meta)

    def _parse_document(self, response: Response) -> Iterator[Any]:
        portal = response.meta["nianbao_portal"]
        if response.status == 304:
            yield self._not_modified(response)
            return
        if response.status >= 400 or response.meta.get("nianbao_blocked"):
            outcome = "blocked" if response.meta.get("nianbao_blocked") else (
                "not_found" if response.status in (404, 410) else "error")
            yield FetchItem(url=response.url, portal=portal, outcome=outcome, status=response.status,
                            error=response.meta.get("nianbao_blocked") or f"HTTP {response.status}", fetched_at=now())
            return
        yield from self._document(response, response.meta.get("nianbao_hints") or {}, response.meta.get("nianbao_published"))

    def _entry_failed(self, meta: dict, reason: str) -> None:
        """The portal's entry point could not be read: the run summary names it (it yields nothing else)."""
        if meta.get("nianbao_role") == "entry" and not meta.get("nianbao_hops"):
            self.failed_portals[meta["nianbao_portal"]] = reason

    def on_error(self, failure: Failure) -> Iterator[Any]:
        """Every failed fetch is a fetch row: HTTP errors outside the handled statuses, timeouts, DNS and
        connection failures (after retries). Requests dropped on purpose (offsite, a blocked portal) are not
        fetches — except an entry point robots.txt forbids, which is how the portal's run ends."""
        request = failure.request  # type: ignore[attr-defined]
        self._settle(request.meta)
        portal = request.meta.get("nianbao_portal", "")
        status = None
        if failure.check(HttpError):
            status = failure.value.response.status
            outcome, error = ("not_found" if status in (404, 410) else "error"), f"HTTP {status}"
        elif failure.check(scrapy.exceptions.IgnoreRequest):
            if request.meta.get("nianbao_role") != "entry" or "robots.txt" not in str(failure.value):
                return
            outcome, error = "blocked", "forbidden by robots.txt"
        else:
            outcome, error = "error", f"{failure.type.__name__}: {failure.getErrorMessage()}"[:500]
            logger.warning("fetch failed: %s: %s", request.url, error)
        self._entry_failed(request.meta, error)
        yield FetchItem(url=request.url, portal=portal, outcome=outcome, status=status, error=error, fetched_at=now())
        if request.meta.get("nianbao_ebook"):
            yield from self._ebook_done(request.meta)

    # --- helpers --------------------------------------------------------------------------------

    def _document(self, response: Response, hints: dict, published: str | None) -> Iterator[Any]:
        """The document, plus an ok fetch for each URL that redirected to it (so they count as known)."""
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("nianbao/documents")
        hints = self._file_name_hints(response, hints)
        for url in response.meta.get("redirect_urls", []):
            yield FetchItem(url=url, portal=response.meta["nianbao_portal"], outcome="ok",
                            status=response.meta.get("redirect_reasons", [None])[0], error=f"redirects to {response.url}",
                            fetched_at=now())
        yield DocumentItem(url=response.url, body=response.body, portal=response.meta["nianbao_portal"],
                            status=response.status, media_type=media_type_of(response, self._encoding(response)),
                            etag=header(response, "ETag"),
                            last_modified=header(response, "Last-Modified"), published_at=published,
                            fetched_at=now(), hints={k: v for k, v in hints.items() if v is not None})

    @staticmethod
    def _file_name_hints(response: Response, hints: dict) -> dict:
        """Title, year and agency from the attachment's file name (Content-Disposition, else the URL's last
        segment in UTF-8 or GBK percent-encoding) when the link text gave no year."""
        if hints.get("year"):
            return hints
        name = disposition_file_name(response.headers.get(b"Content-Disposition"))
        if not name and is_document_url(response.url):
            name = file_name_of_url(response.url)
        info = report_title(name.rsplit(".", 1)[0]) if name else None
        if info is None or info.year is None:
            return hints
        return {**hints, "title": info.title, "year": info.year, "agency": hints.get("agency") or info.agency}

    def _not_modified(self, response: Response) -> FetchItem:
        sha = (response.meta.get("nianbao_validators") or {}).get("sha256")
        return FetchItem(url=response.url, portal=response.meta["nianbao_portal"], outcome="not_modified",
                         status=304, sha256=sha, fetched_at=now())

    @staticmethod
    def _shell_target(response: TextResponse) -> str | None:
        """The real URL of a shell page: tiny, no article, only a script or meta-refresh redirect."""
        if len(response.body) > SHELL_MAX_BYTES or response.xpath("//table|//p[string-length(normalize-space())>40]"):
            return None
        refresh = response.xpath("//meta[translate(@http-equiv,'REFSH','refsh')='refresh']/@content").get()
        m = META_REFRESH_RE.search(refresh or "")
        if m:
            return response.urljoin(m.group(1))
        for script in response.xpath("//script/text()").getall():
            m = SCRIPT_URL_RE.search(script)
            if m:
                return response.urljoin(m.group(1))
        return None

    @staticmethod
    def _page_date(response: TextResponse) -> str | None:
        for name in PUBDATE_META:
            v = response.xpath(f"//meta[@name='{name}']/@content").get()
            if v and iso_date(v):
                return iso_date(v)
        head = " ".join(response.xpath("//body//text()").getall()[:200])
        m = re.search(r"(?:发布(?:日期|时间)|时间|日期)[:：]\s*([0-9年月日\-/. ]{8,12})", head)
        return iso_date(m.group(1)) if m else url_date(response.url)

    @staticmethod
    def _attachments(response: TextResponse) -> Iterator[str]:
        """Attachment URLs: a[href] and onclick/window.open scripts of the article, iframe/embed/object
        sources and pdf.js viewer links anywhere on the page.

        Links are read from the article area when the page has one: a site-wide footer PDF must not be
        filed as a version of every report that shows the footer.
        """
        seen: set[str] = set()
        area = next((a for a in (response.xpath(s) for s in ARTICLE_SCOPES) if a), None) or response.xpath("//body")
        raw: list[str] = []
        raw += area.xpath(".//a/@href").getall()
        # Download scripts (`download.jsp?id=`) named by their link text: "附件：2023年年报.pdf".
        downloads = {canonical_url(response.urljoin(a.attrib["href"].strip())) for a in area.xpath(".//a[@href]")
                     if clean(" ".join(a.xpath(".//text()").getall())).lower().endswith(DOCUMENT_EXTENSIONS)
                     or is_download_url(response.urljoin(a.attrib["href"].strip()))}
        raw += response.xpath("//iframe/@src|//embed/@src|//object/@data").getall()
        raw += [h for h in response.xpath("//a/@href").getall() if "viewer" in h and "file=" in h]
        for attr in area.xpath(".//@onclick").getall() + response.xpath("//script/text()").getall():
            raw += ONCLICK_DOC_RE.findall(attr)
        for href in raw:
            href = href.strip()
            if not href or href.startswith(("javascript:", "#", "mailto:")):
                continue
            url = canonical_url(response.urljoin(href))
            parts = urlsplit(url)
            if "viewer" in parts.path.lower() and "file=" in parts.query:
                target = parse_qs(parts.query).get("file", [""])[0]
                if not target or "{{" in target:
                    continue
                url = urljoin(url, unquote(target))
            wanted = is_document_url(url) or url in downloads
            if wanted and not url.lower().endswith(IMAGE_EXTENSIONS) and url not in seen:
                seen.add(url)
                yield url

    @staticmethod
    def _table_images(response: TextResponse) -> Iterator[str]:
        """Images of an article whose tables are pictures: fetched for the OCR path."""
        area = next((a for a in (response.xpath(s) for s in ARTICLE_SCOPES) if a), None)
        if area is None or area.xpath(".//table"):
            return
        for src in area.xpath(".//img/@src").getall():
            url = response.urljoin(src.strip())
            if url.lower().split("?")[0].endswith(IMAGE_EXTENSIONS):
                yield url
