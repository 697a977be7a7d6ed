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

from parsers.labels import NON_REPORT_WORDS, SECTION_TITLES

from .. import adapters, bodies, ebook
from ..adapters import endpoint
from ..adapters.base import Entry, iso_date, url_date
from ..items import DocumentItem, FetchItem, PortalItem
from ..middlewares import failed_fetch
from ..pipelines import now
from ..portals import Portal, load, portal_for_url
from ..store import gateway, walk_state
from ..titles import (
    ARTICLE_URL_RE,
    COLUMN_TEXTS,
    FOLDER_LIKE_RE,
    LOOKALIKE_RE,
    PAGER_TEXTS,
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
from ..walk import Walk

logger = logging.getLogger(__name__)

HANDLED_STATUSES = [304, 400, 401, 403, 404, 410, 412, 429, 500, 502, 503, 504, 521]
ONCLICK_DOC_RE = re.compile(r"""['"]([^'"]+\.(?:pdf|docx?|wps|xlsx?|ofd|et|rtf|zip)(?:\?[^'"]*)?)['"]""", re.I)
PUBDATE_META = ("PubDate", "pubdate", "publishdate", "firstpublishedtime", "ArticlePubDate")
SHELL_MAX_BYTES = 3000
MAX_DIRECTORY_DEPTH = 2  # a platform's directory of bodies, and its 部门 / 乡镇 tabs
# Companions of a report that are not the report (issue 8): infographics, explainers, H5 and video versions.
RELATED_RE = re.compile("|".join([w for w in NON_REPORT_WORDS if w in ("图解", "一图读懂", "解读")]
                                 + ["一图看懂", "H5", "h5", "动漫", "视频", "长图", "漫画", "图文版"]))
# Table labels of the standard form: a page that prints them is a report whatever its title.
TABLE_LABELS = ("本年新收政府信息公开申请数量", "本年制发件数", "上年结转政府信息公开申请数量", "行政复议")
MIN_SECTIONS = 3  # distinct standard section headings that make a page a report
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
        self.walk = Walk()  # columns, their pages, what settled them, report links seen
        self.sighted: set[str] = set()  # known reports seen listed this run (report ids)
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
        spider.walk.on_finish = walk_state(crawler).finish
        return spider

    @property
    def report_links(self) -> Counter[str]:
        """Report links seen per portal this run, known or new (the pipeline's silent-portal check)."""
        return self.walk.listed

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
        self.walk.sent(full_meta.get("nianbao_column"), portal)
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
        self.walk.answered(column)

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
        """A portal's entry point, its 政府信息公开 platform, or a body's section: find the 年报 columns,
        and (not inside a body) the platform's directories of bodies."""
        if (not response.meta["nianbao_hops"] and ebook.base_of(response.url) and response.status in (200, 304)
                and not response.meta.get("nianbao_blocked") and not response.meta.get("nianbao_body")):
            yield from self._ebook_entry(response)
            return
        yield from self._preamble(response)
        text = self._text(response)
        if not response.meta.get("nianbao_ok") or text is None:
            return
        portal = self.portals_by_entry[response.meta["nianbao_portal"]]
        body = response.meta.get("nianbao_body", "")
        hops = response.meta["nianbao_hops"]
        if hops == 0 and not body:
            name = clean(text.xpath("//meta[@name='SiteName']/@content").get() or "")
            if name and portal.name in ("", portal.host):
                yield PortalItem(entry_url=portal.entry_url, name=name)
        adapter = adapters.choose(text, portal.platform)
        entries = [e for e in adapter.entries(text) if e.url.startswith("http")]
        columns = [e for e in entries if is_column_link(e.title, urlsplit(e.url).path)]
        has_reports = any(self._candidate(e) for e in entries)
        path = urlsplit(response.url).path
        in_column = (is_column_link("", path if path.endswith("/") else path.rsplit("/", 1)[0] + "/")
                     or (not hops and self._names_column(text)))
        if has_reports or in_column:
            yield from self._listing(text, column=response.url, page=0, subdepth=0, in_column=in_column)
        for col in columns:
            if col.url.split("#")[0] != response.url:
                req = self._request(response, col.url, "listing", self.parse_listing, nianbao_column=col.url,
                                    nianbao_page=0, nianbao_subdepth=0, nianbao_in_column=True, nianbao_body=body)
                if req:
                    yield req
        if not has_reports and not in_column:  # per-department / per-year lists offered before any list is shown
            for lst in self._adapter_lists(adapter, text):
                req = self._request(response, lst, "listing", self.parse_listing, nianbao_column=lst, nianbao_page=0,
                                    nianbao_subdepth=1, nianbao_in_column=True, nianbao_body=body)
                if req:
                    yield req
        if not body:
            yield from self._directories(response, entries, depth=0)
            yield from self._body_requests(text, portal, bodies.embedded(text))
        if hops >= self.max_hops or in_column or ((columns or has_reports) and (body or hops > 0)):
            return  # a column entered directly is that column; a home page goes on to its platform
        for e in entries:
            if (is_disclosure_link(e.title, urlsplit(e.url).path) and self._own_page(portal, e.url)
                    and not self._self_variant(e, response.url)):
                req = self._request(response, e.url, "entry", self.parse_entry, nianbao_hops=hops + 1, nianbao_body=body)
                if req:
                    yield req

    # --- directories of bodies: 部门 / 乡镇街道 lists of the 政府信息公开 platform ------------------

    def _own_page(self, portal: Portal, url: str) -> bool:
        return bodies.own_host(bodies.host_of(url), portal.host, portal.allowed_hosts())

    def _directories(self, response: Response, entries: list[Entry], depth: int) -> Iterator[Any]:
        """Requests for the directories of bodies a platform page links (部门信息公开, 乡镇街道, 地方部门平台链接)."""
        portal = self.portals_by_entry[response.meta["nianbao_portal"]]
        if depth >= MAX_DIRECTORY_DEPTH:
            return
        for e in entries:
            path = urlsplit(e.url).path
            if (e.url != response.url and bodies.is_directory_link(e.title, path) and self._own_page(portal, e.url)
                    and not is_column_link(e.title, path)):
                req = self._request(response, e.url, "directory", self.parse_directory, nianbao_dirdepth=depth + 1)
                if req:
                    yield req

    def parse_directory(self, response: Response) -> Iterator[Any]:
        """A list of bodies: each body's section is read as an entry point of its own (to its 年报 column);
        a body linked straight to its 年报 column is walked as a column."""
        yield from self._preamble(response)
        text = self._text(response)
        if not response.meta.get("nianbao_ok") or text is None:
            return
        portal = self.portals_by_entry[response.meta["nianbao_portal"]]
        adapter = adapters.choose(text, portal.platform)
        entries = [e for e in adapter.entries(text) if e.url.startswith("http")]
        yield from self._directories(text, entries, depth=response.meta.get("nianbao_dirdepth", 1))
        yield from self._body_requests(text, portal, bodies.bodies(text))

    def _body_requests(self, text: TextResponse, portal: Portal, listed: list[bodies.Body]) -> Iterator[Any]:
        """Each listed body's section, read as an entry point of its own (a body linked straight to its 年报
        column is walked as a column)."""
        found = 0
        for b in listed:
            if not self._own_page(portal, b.url) or not self.walk.body(portal.entry_url, b.url, b.name):
                continue
            found += 1
            path = urlsplit(b.url).path
            if is_column_link(b.name, path):
                req = self._request(text, b.url, "listing", self.parse_listing, nianbao_column=b.url, nianbao_page=0,
                                    nianbao_subdepth=0, nianbao_in_column=True, nianbao_body=b.name)
            else:
                req = self._request(text, b.url, "entry", self.parse_entry, nianbao_hops=0, nianbao_body=b.name)
            if req:
                yield req
        if listed:
            logger.info("directory %s: %d bodies", text.url, found)

    @staticmethod
    def _names_column(response: TextResponse) -> bool:
        """A page whose own name (its ColumnName meta, or the first part of its <title>) is a 年报 column: a column
        entered directly whose path and first links do not say so (a legacy `nianbao.aspx` that links only
        its years and offers the rest in department/year selectors)."""
        title = response.xpath("//title/text()").get() or ""
        names = (response.xpath("//meta[@name='ColumnName']/@content").get() or "", re.split(r"[-_|—–]", title)[0])
        return any(is_column_link(n, "") for n in names if clean(n))

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

        A bare column name ("政府信息公开年报") is a column, not a report; an infographic, explainer or H5
        version of a report (图解, 一图读懂, 解读) is not the report. A file linked as "下载" is read by its
        file name (UTF-8 or GBK percent-encoded).
        """
        if RELATED_RE.search(e.title):
            return None
        info = report_title(e.title)
        if info is None and is_document_url(e.url):
            info = report_title(file_name_of_url(e.url).rsplit(".", 1)[0])
        if info is None or info.year is not None:
            return info
        path = urlsplit(e.url).path
        if is_document_url(e.url) or (info.strong and not is_column_link(e.title, path) and not path.endswith("/")):
            return info
        return None

    @staticmethod
    def _column_item(e: Entry, column_path: str) -> bool:
        """Inside a 年报 column, an item of its list whose title names no report ("2023年度", an agency name):
        an article URL of a CMS family, or a dated page below the column's folder. The page decides."""
        t = e.title
        if not t or t in PAGER_TEXTS or t.isdigit() or RELATED_RE.search(t) or LOOKALIKE_RE.search(t):
            return False
        path = urlsplit(e.url).path
        if ARTICLE_URL_RE.search(path):
            return True
        return bool(e.date) and path.lower().startswith(column_path.lower()) and not FOLDER_LIKE_RE.search(path.lower())

    def _listing(self, response: TextResponse, *, column: str, page: int, subdepth: int,
                 in_column: bool = False) -> Iterator[Any]:
        """One listing page: report links, sub-columns, and the next page unless the walk may stop here."""
        portal_url = response.meta["nianbao_portal"]
        adapter = self._adapter(response)
        entries = [e for e in adapter.entries(response) if e.url.startswith("http")]
        walks = walk_state(self.crawler)
        in_column = in_column or bool(response.meta.get("nianbao_in_column"))
        if page == 0:
            walk_all = self.full or walks.was_unfinished(column)
            walks.start(column)
            self.walk.open(column, portal_url, response.meta.get("nianbao_body", ""))
        else:
            walk_all = response.meta.get("nianbao_walk_all", False)
        column_path = urlsplit(column).path
        column_path = column_path if column_path.endswith("/") else column_path.rsplit("/", 1)[0] + "/"
        candidates: dict[str, tuple[Entry, TitleInfo | None]] = {}
        for e in entries:
            info = self._candidate(e)
            if info is not None:
                candidates.setdefault(e.url.split("#")[0], (e, info))
        if in_column:  # every item of a 年报 column is a candidate; its page decides
            for e in entries:
                if e.url.split("#")[0] not in candidates and self._column_item(e, column_path):
                    candidates[e.url.split("#")[0]] = (e, None)
        known = gateway(self.crawler).known_urls(candidates) if candidates else set()
        self.walk.page(column, portal_url, list(candidates), known)
        if known:
            self._sight(portal_url, known)
        for url, (e, info) in candidates.items():
            if url in known and not walk_all:
                continue
            body = response.meta.get("nianbao_body") or None  # the directory's name of the column's body
            hints = ({"title": info.title, "agency": info.agency or body, "year": info.year, "page_url": url} if info
                     else {"page_url": url, "agency": body})
            role = "document" if is_document_url(url) else "detail"
            req = self._request(response, url, role, self.parse_detail if role == "detail" else self.parse_document,
                                nianbao_hints=hints, nianbao_published=e.date, nianbao_column=column,
                                nianbao_conditional=url in known, nianbao_need_body=role == "detail",
                                nianbao_confirm=info is None)
            if req:
                yield req
        for lst in self._adapter_lists(adapter, response):  # per-department / per-year lists (<select> options)
            req = self._request(response, lst, "listing", self.parse_listing, nianbao_column=lst, nianbao_page=0,
                                nianbao_subdepth=subdepth + 1, nianbao_in_column=in_column)
            if req:
                yield req
        if subdepth < self.max_subdepth:
            for e in entries:
                if e.url in candidates or is_document_url(e.url) or (not e.column and self._self_variant(e, response.url)):
                    continue
                # e.column: the adapter knows the link is a sub-list (a department/year selector's value).
                if e.column or is_subcolumn_link(e.title, urlsplit(e.url).path, column_path) or (
                        page == 0 and is_column_link(e.title, urlsplit(e.url).path)):
                    req = self._request(response, e.url, "listing", self.parse_listing, nianbao_column=e.url,
                                        nianbao_page=0, nianbao_subdepth=subdepth + 1, nianbao_in_column=True)
                    if req:
                        yield req
        all_known = bool(candidates) and all(url in known for url in candidates)
        nxt = None
        reason = "known reports" if all_known and not walk_all else "last page"
        if walk_all or not all_known:
            if page + 1 < self.max_listing_pages:
                nxt = adapter.next_page(response, page)
                if nxt is None and page == 0 and adapter is not endpoint.ADAPTER:
                    nxt = endpoint.first_request(response, page)  # static first screen, JSON for the rest
            else:
                reason = "page bound"
        if nxt is None:
            self.walk.settle(column, reason)
            return
        nxt.meta.update(nianbao_walk_all=walk_all, nianbao_column=column, nianbao_subdepth=subdepth,
                        nianbao_portal=portal_url, nianbao_role="listing", nianbao_in_column=in_column)
        follow = self._request(response, nxt.url, "listing", self.parse_listing, **{
            k: v for k, v in nxt.meta.items() if k.startswith("nianbao_") and k not in ("nianbao_portal", "nianbao_role", "nianbao_settled")})
        if follow:
            yield follow.replace(method=nxt.method, body=nxt.body, headers=nxt.headers)
        else:
            self.walk.settle(column, "request cap" if nxt.url not in self.requested else "last page")

    @staticmethod
    def _adapter_lists(adapter: Any, response: TextResponse) -> list[str]:
        """The list URLs an adapter reads from the page beside its links — a legacy portal's department and
        year `<select>` options — each walked as a list of its own (adapters without lists give none)."""
        lists = getattr(adapter, "lists", None)
        if lists is None:
            return []
        return [x if isinstance(x, str) else x.url for x in lists(response)]

    def _sight(self, portal: str, urls: set[str]) -> None:
        """Known reports seen listed: a sighting in this run, so a portal that shows only known reports is
        not silent; the run summary counts them."""
        gw = gateway(self.crawler)
        if gw.run_id is None:
            return
        self.sighted.update(gw.record_sightings(urls, portal=portal, run_id=gw.run_id))
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("nianbao/known_reports_seen", len(self.sighted))

    @staticmethod
    def _report_page(response: TextResponse) -> dict | None:
        """Whether a page listed in a 年报 column without a report title is a report, and what its own title
        says: report words in the page's title, or the standard section headings or table labels in its
        text, or an attachment named as a report. An infographic or explainer page is not the report."""
        # <title> often appends the column and site names ("局党组会议_政府信息公开年报_某县"): its first part only
        page_title = re.split(r"[_|]|\s[-—–]\s", response.xpath("//title/text()").get() or "")[0]
        titles = [clean(t) for t in (response.xpath("//meta[@name='ArticleTitle']/@content").get(),
                                     " ".join(response.xpath("//h1//text()").getall()), page_title) if t and clean(t)]
        if any(RELATED_RE.search(t) for t in titles):
            return None
        for t in titles:
            info = report_title(t)
            if info is not None and (info.year is not None or not is_column_link(t, "")):
                return {"title": info.title, "year": info.year, "agency": info.agency}
        words = clean(" ".join(response.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]").getall()))
        if sum(1 for h in SECTION_TITLES if h in words) >= MIN_SECTIONS or any(lbl in words for lbl in TABLE_LABELS[:3]):
            return {"title": titles[0] if titles else None}
        for a in response.xpath("//a[@href]"):
            name = clean(" ".join(a.xpath(".//text()").getall()))
            if is_document_url(response.urljoin(a.attrib["href"])) and report_title(name.rsplit(".", 1)[0]):
                return {"title": titles[0] if titles else None}
        return None

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
        if response.meta.get("nianbao_confirm") and not response.meta.get("nianbao_unchanged"):
            verdict = self._report_page(text)
            if verdict is None:  # fetched, so known next time, but not archived as a report
                yield FetchItem(url=response.url, portal=response.meta["nianbao_portal"], outcome="ok",
                                status=response.status, error="not a report: no report title, section headings "
                                "or standard tables", fetched_at=now())
                return
            hints.update({k: v for k, v in verdict.items() if v})
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
        self.walk.seen(response.meta["nianbao_portal"])
        if response.status == 304:
            self._sight(response.meta["nianbao_portal"], {response.url})
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
        elif failure.check(scrapy.exceptions.IgnoreRequest) and not failed_fetch(failure.value):
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

    def closed(self, reason: str) -> None:
        """Log what the walk saw per portal: columns (of bodies), listing pages, report links, unfinished walks."""
        for portal in self.portals:
            cols = self.walk.portal_columns(portal.entry_url)
            if not cols:
                continue
            settled = Counter(c.settled or "unfinished" for c in cols)
            logger.info("%s: %d columns (%d of %d bodies), %d listing pages, %d report links (%d known); %s",
                        portal.entry_url, len(cols), sum(1 for c in cols if c.body),
                        len(self.walk.bodies.get(portal.entry_url, {})), sum(c.pages for c in cols),
                        sum(c.items for c in cols), sum(c.known for c in cols),
                        ", ".join(f"{n} {why}" for why, n in sorted(settled.items())))

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
