"""What every CMS-family adapter does: tell its family, list a listing page's links, find the next page.

An adapter is stateless; everything it needs travels in the response and `request.meta`
(`nianbao_page`: 0-based index of the listing page being read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import ClassVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy import Request
from scrapy.http import Response, TextResponse

from ..titles import clean
from ..urls import canonical_url, script_link

DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
URL_DATE_RE = re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_|/art/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
# Links whose target is named only in the fragment, rewritten to the URL that serves the list: Guangdong's
# 政府信息公开目录 `…/gkmlpt/index#2846` is a Vue page reading `…/gkmlpt/api/all/2846?page=1` (public crawlers
# of gd.gov.cn, dg.gov.cn and gdee.gd.gov.cn call that endpoint; see crawler/adapters/guangdong.py).
FRAGMENT_ROUTES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(?P<base>.*/gkmlpt/)(?:m?index)?#(?P<id>\d+)$"), "{base}api/all/{id}?page=1"),
)
NEXT_TEXTS = ("下一页", "下页", "后一页", ">", "»", "Next", "next")
COUNT_RE = re.compile(r"(?:countPage|totalPage|pageCount|totalPages|page_count|pageTotal)\s*[=:]\s*['\"]?(\d+)")
TOTAL_TEXT_RE = re.compile(r"共\s*(\d+)\s*页")
PAGE_PARAMS = ("page", "pageNo", "pageNum", "currPage", "PageIndex", "cur_page", "pageIndex", "p")


@dataclass(frozen=True, slots=True)
class Entry:
    """One link of a listing page: a report candidate, a sub-column or noise."""

    url: str
    title: str
    date: str | None  # ISO date shown next to the link or in its URL
    column: bool = False  # the adapter knows it is a sub-list of this column (a department/year selector value)


def iso_date(text: str) -> str | None:
    m = DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def url_date(url: str) -> str | None:
    m = URL_DATE_RE.search(url)
    if not m:
        return None
    g = [x for x in m.groups() if x]
    return f"{int(g[0]):04d}-{int(g[1]):02d}-{int(g[2]):02d}"


def links(response: TextResponse, scope: str = "//body") -> list[Entry]:
    """Every link under `scope` with its title (title attribute or text) and the date printed beside it.

    Links are a[href], and elements whose onclick (or a `javascript:` href) opens a URL by script —
    `window.open('./202401/t…html')` — as some portals write their lists.
    """
    out: list[Entry] = []
    for a in response.xpath(f"{scope}//a[@href]|{scope}//*[@onclick and not(self::a[@href])]"):
        href = (a.attrib.get("href") or "").strip()
        if href.startswith("#") and routed(response.urljoin(href)) != response.urljoin(href):
            href = routed(response.urljoin(href))
        if not href or href.startswith(("javascript:", "#")):
            script = a.attrib.get("onclick", "") + " " + (href[len("javascript:"):] if href.startswith("javascript:") else "")
            href = script_link(script) or ""
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        title = clean(a.attrib.get("title") or " ".join(a.xpath(".//text()").getall()))
        row = a.xpath("ancestor-or-self::*[self::li or self::tr or self::dl or self::p][1]")
        row_text = " ".join(row.xpath(".//text()").getall()) if row else ""
        url = canonical_url(routed(response.urljoin(href)))
        out.append(Entry(url=url, title=title, date=iso_date(row_text) or url_date(url)))
    return out


def routed(url: str) -> str:
    """The list URL behind a fragment-only link (FRAGMENT_ROUTES), else the URL itself."""
    for rx, template in FRAGMENT_ROUTES:
        m = rx.match(url)
        if m:
            return template.format(**m.groupdict())
    return url


def with_query(url: str, **params: str | int) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update({k: str(v) for k, v in params.items()})
    return urlunsplit(parts._replace(query=urlencode(query)))


def directory(url: str) -> str:
    """The listing's folder: `…/zfxxgknb/index_3.html` -> `…/zfxxgknb/`."""
    return urljoin(url, "./")


def next_link(response: TextResponse) -> str | None:
    """The pager's 下一页 link, when it points somewhere other than this page."""
    for a in response.xpath("//a[@href]"):
        text = clean(" ".join(a.xpath(".//text()").getall()) or a.attrib.get("title", ""))
        if text in NEXT_TEXTS:
            href = a.attrib["href"].strip()
            if href.startswith(("javascript:", "#")):
                continue
            url = response.urljoin(href)
            if url != response.url:
                return url
    return None


def page_count(text: str) -> int | None:
    m = COUNT_RE.search(text) or TOTAL_TEXT_RE.search(text)
    return int(m.group(1)) if m else None


def linked_next(response: TextResponse, page: int) -> Request | None:
    """The pager's 下一页 link as the request for listing page `page + 1`."""
    url = next_link(response)
    return Request(url, meta=page_meta(response, page + 1)) if url else None


def past_last(response: TextResponse, page: int) -> bool:
    """The page count printed on the page says `page` was the last one, or no count is printed."""
    total = page_count(response.text)
    return total is None or page + 1 >= total


class Adapter:
    """Base adapter: generic link extraction, no pagination. Families override what differs.

    Fingerprints are artefacts only one CMS writes (its pager script, its list markup, its URL shapes);
    never the `ArticleTitle`/`ContentSource` meta tags every government site must carry.
    """

    name: ClassVar[str] = "base"
    url_markers: ClassVar[tuple[str, ...]] = ()  # regexes over the page URL and the links in its body
    body_markers: ClassVar[tuple[str, ...]] = ()  # regexes over the page body

    def fingerprint(self, response: TextResponse) -> tuple[int, int]:
        """How strongly the page shows this family: 3 its own script or markup, 2 its URL shape, 1 links of its
        shape (with their count), 0 nothing. A page links other CMSes' sites (a county TRS site links the
        province's Hanweb columns), so its own artefacts outrank the shapes of its links."""
        body = response.text[:300_000]
        if any(re.search(rx, body) for rx in self.body_markers):
            return 3, 0
        if any(re.search(rx, response.url) for rx in self.url_markers):
            return 2, 0
        found = sum(len(re.findall(rx, body)) for rx in self.url_markers)
        return (1, found) if found else (0, 0)

    def entries(self, response: TextResponse) -> list[Entry]:
        return links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        """The request for listing page `page + 1`, or None at the end."""
        return None


def page_meta(response: Response, page: int, adapter: str = "") -> dict:
    """Meta for the next listing page of the same walk; `adapter` pins the family that reads it (a JSON or
    XML answer carries no fingerprint of its own)."""
    meta = {k: v for k, v in response.meta.items() if k.startswith("nianbao_") and k != "nianbao_settled"}
    meta["nianbao_page"] = page
    if adapter:
        meta["nianbao_adapter"] = adapter
    return meta
