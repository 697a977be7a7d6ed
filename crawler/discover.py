"""`nianbao portals discover URL…`: the government portals a province, city or county portal links to.

Government portals publish their own link lists: a 县区政府 / 部门网站 / 政府网站 list in the footer or on a
page of its own, often as `<select onchange="window.open(this.value)">` drop-downs (real markup: the Zhejiang
and Zhongshan footers found by the search tool, `<option value="http://www.zj.gov.cn">浙江省人民政府</option>`
under a first option "省级机关" / "政府网站"), as tabbed `<ul class="tablist"><li><a title=… href=…>` lists
(public template BGCX067/family51888-svn-to-git trunk/JX_DW/gov5_blur/e/zdytag/module/166.ascx, tabs 政府网站 /
县区网站) or as lists written by a script (mhxqwer/zyjhenan.gov.cn static/js/link.js). Discovery reads the
page, follows its links to such list pages and site maps (one hop, same site), and keeps every linked site
whose name is a body *under* the page's own region: its region code (archive/agencies.py, the project's
region table) starts with the portal's. Central ministries, other provinces and neighbours are left out.

The result is a portal list CSV to review (crawler/portals.py columns plus `region_code` and `found_on`);
`nianbao crawl --portals FILE --region CODE` then crawls the portals of one region.
"""

from __future__ import annotations

import logging
import re
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from urllib.error import URLError
from urllib.parse import urlsplit, urlunsplit

from scrapy.http import HtmlResponse

from archive.agencies import classify

from .bodies import Body, bodies, host_of, is_body_name
from .titles import clean
from .urls import canonical_url

logger = logging.getLogger(__name__)

# Link texts of the pages that list a portal's subordinate sites.
LIST_PAGE_RE = re.compile(r"(?:县区|区县|县市区|县（市、区）|县\(市、区\)|市县|各县|各区|部门|政府|机关)(?:政府)?(?:网站|门户)"
                          r"|网站群|站群导航|网站导航|网站地图|政府网站|县区政府|区县政府|县区链接|部门链接")
# The region code's significant digits by tier: a province is 2, a city 4, a county 6.
TIER_DIGITS = {"province": 2, "city": 4, "county": 6}
LEVEL_TIER = {"省级": "province", "地级": "city", "县级": "county"}
MAX_LIST_PAGES = 10  # list pages followed from one portal page
USER_AGENT = "nianbao/0.1 (+https://github.com/nianbao/nianbao; annual-report archive crawler, portal discovery)"


class DiscoveryError(RuntimeError):
    """A page could not be read (named with the reason)."""


@dataclass(frozen=True, slots=True)
class Found:
    """A portal found under another: its body, level and region as the region table places them."""

    name: str
    entry_url: str
    level: str
    region: str
    region_code: str
    found_on: str


def fetch(url: str, timeout: float = 30.0) -> HtmlResponse:
    """One page, decoded by its declared or detected charset (many portals are GBK)."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:  # an opener per call: it reads the proxy settings of the environment as they are now
        with urllib.request.build_opener().open(request, timeout=timeout) as answer:
            body = answer.read(5_000_000)
            headers = {"Content-Type": answer.headers.get("Content-Type", "text/html")}
            return HtmlResponse(answer.geturl(), body=body, headers=headers)
    except (URLError, OSError, ValueError) as exc:
        raise DiscoveryError(f"{url}: {getattr(exc, 'reason', exc)}") from exc


def site_name(page: HtmlResponse) -> str:
    """The portal's own name: the SiteName meta every government site carries, else its title's last part."""
    name = clean(page.xpath("//meta[@name='SiteName']/@content").get() or "")
    if name:
        return name
    title = clean(page.xpath("//title/text()").get() or "")
    return re.split(r"[-_|—–]", title)[-1] if title else ""


def region_prefix(code: str | None, level: str | None) -> str:
    """The digits every region under `code` starts with (320800 at 地级 -> 3208)."""
    if not code:
        return ""
    tier = next((t for k, t in LEVEL_TIER.items() if level and level.startswith(k)), None)
    if tier is None:
        tier = "county" if code[4:] != "00" else "city" if code[2:4] != "00" else "province"
    return code[: TIER_DIGITS[tier]]


def _above(name: str, level: str | None) -> bool:
    """A name relative to a higher tier than the portal's ("省国资委" on a city portal): not the portal's own."""
    own = next((i for i, t in enumerate(("省级", "地级", "县级")) if level and level.startswith(t)), 3)
    return any(name.startswith(t) and i < own for i, t in enumerate(("省", "市", "县")))


def _site_root(url: str) -> str:
    """A linked site as an entry point: its home page (a link deep into a site names the site, not the page)."""
    parts = urlsplit(url)
    path = parts.path if parts.path.count("/") <= 2 else "/"
    return urlunsplit((parts.scheme, parts.netloc, path or "/", "", ""))


def _candidates(page: HtmlResponse) -> list[Body]:
    """Links to other sites named like bodies: lists of links, `<select>` drop-downs, lists in scripts."""
    own = host_of(page.url)
    out: dict[str, Body] = {}
    for b in bodies(page, min_group=1):
        if b.url.startswith("http") and host_of(b.url) != own:
            out.setdefault(_site_root(b.url), Body(_site_root(b.url), b.name))
    return list(out.values())


def _list_pages(page: HtmlResponse) -> list[str]:
    """Pages of the same site that list its subordinate sites (县区政府, 政府网站, 网站地图 …)."""
    own = host_of(page.url)
    found: list[str] = []
    for a in page.xpath("//a[@href]"):
        text = clean(" ".join(a.xpath(".//text()").getall()) or a.attrib.get("title", ""))
        url = canonical_url(page.urljoin(a.attrib["href"].strip()))
        if (LIST_PAGE_RE.search(text) and len(text) <= 12 and url.startswith("http") and host_of(url) == own
                and url not in found and url != page.url):
            found.append(url)
    return found[:MAX_LIST_PAGES]


def discover(urls: Iterable[str], *, region: str = "", fetcher: Callable[[str], HtmlResponse] = fetch) -> Iterator[Found | DiscoveryError]:
    """The portals under each given portal (or under `region`, a region code, when given), each once.
    A page that cannot be read is yielded as its DiscoveryError and discovery goes on."""
    seen: set[str] = set()
    for url in urls:
        try:
            page = fetcher(url)
        except DiscoveryError as exc:
            yield exc
            continue
        own = classify(site_name(page))
        prefix = region[:6].rstrip("0") if region else region_prefix(own.region_code, own.level)
        if len(prefix) % 2:
            prefix += "0"
        pages = [page]
        for lst in _list_pages(page):
            try:
                pages.append(fetcher(lst))
            except DiscoveryError as exc:
                yield exc
        for p in pages:
            for b in _candidates(p):
                if b.url in seen or host_of(b.url) in {host_of(x) for x in seen}:
                    continue
                info = classify(b.name)  # the portal's own name only settles names shared by several places
                if info.region_code is None and own.name and not _above(b.name, own.level):
                    info = classify(b.name, region_hint=own.name)
                code = info.region_code or ""
                if not code or not prefix or not code.startswith(prefix) or not is_body_name(b.name):
                    continue
                if info.name == own.name:
                    continue  # the portal itself
                seen.add(b.url)
                yield Found(name=info.name, entry_url=b.url, level=info.level or "",
                            region=info.county or info.city or info.province or "", region_code=code, found_on=p.url)
