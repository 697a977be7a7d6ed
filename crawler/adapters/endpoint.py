"""Listings served by a JSON search endpoint: the page shows its first links statically, a script fetches the rest.

Older TRS sites page through `was5/web/search`, answering `{"docs": [{"title", "chnldocurl", "time"}], …}`;
other CMSes do the same with `getList`/`queryList` endpoints or paged `.json` files. (The Fujian platform
has its own adapter, fujian.py, which reads its JSON with the record readers of this module.)

The endpoint is found generically: a quoted URL in an inline script or a `data-*` attribute that ends
in `.json` or names a search/list service and carries (or can carry) a page parameter. Records are
read from any JSON list of objects holding a URL and a title, whatever the field names.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

from scrapy import Request
from scrapy.http import TextResponse

from ..titles import clean
from .base import Adapter, Entry, iso_date, page_meta, url_date, with_query

CANDIDATE_RE = re.compile(
    r"""['"]((?:https?://[^'"\s<>]+|/?[\w\-./]*)(?:\.json|search|getList|queryList|getlist|querylist|list\.do|"""
    r"""getData|dataList|listData)[^'"\s<>]*)['"]""")
PAGE_KEYS = ("page", "pageNo", "pageNum", "pageIndex", "curPage", "currPage", "currpage", "pageindex", "pn",
             "current", "p")
JSON_PAGE_RE = re.compile(r"_(\d+)\.json$")
# A script or attribute in a page that pages through an endpoint: avalon/TRS list models, page parameters.
PAGING_CONTEXT = ("ms-controller", "el.chnldocurl", "chnldocurl", "channelid", "classsql", "pageSize", "pagesize",
                  "pageNo", "pageCount")
URL_KEYS = ("chnldocurl", "docpuburl", "puburl", "docurl", "url", "link", "linkurl", "href", "fileurl", "filepath")
TITLE_KEYS = ("doctitle", "_doctitle", "title", "title2", "docname", "name", "filename", "fileName", "subject")
DATE_KEYS = ("docreltime", "pubdate", "docpubtime", "publishtime", "pubDate", "publishTime", "time", "date",
             "releasetime", "crtime")
TOTAL_KEYS = ("pageCount", "pagecount", "totalPage", "totalpage", "totalPages", "pages", "pageTotal")
TAG_RE = re.compile(r"<[^>]+>")
OBJECT_RE = re.compile(r"\{[^{}]*\}")
STATIC_EXTENSIONS = (".js", ".css", ".png", ".jpg", ".gif", ".svg", ".ico", ".woff", ".ttf")


def _page_key(url: str) -> str | None:
    keys = {k for k, _ in parse_qsl(urlsplit(url).query, keep_blank_values=True)}
    return next((k for k in PAGE_KEYS if k in keys), None)


def find_endpoint(response: TextResponse) -> str | None:
    """The listing's JSON endpoint named in an inline script or data attribute, as an absolute URL for page 1."""
    text = response.text
    if not any(marker in text for marker in PAGING_CONTEXT):
        return None
    sources = response.xpath("//script[not(@src)]/text()").getall()
    sources += [f'"{v}"' for v in response.xpath("//@*[starts-with(name(), 'data-')]").getall()]
    for source in sources:
        for m in CANDIDATE_RE.finditer(source):
            raw = html.unescape(m.group(1))
            path = urlsplit(raw).path.lower()
            if path.endswith(STATIC_EXTENSIONS) or "{{" in raw:
                continue
            url = response.urljoin(raw)
            key = _page_key(url)
            if key:
                return with_query(url, **{key: 1})
            if JSON_PAGE_RE.search(path) or path.endswith(".json"):
                return url
            if "?" in raw:
                return with_query(url, page=1)
    return None


def _records(data: Any) -> list[dict]:
    """Every object in the JSON that has a URL and a title field: the list, wherever it nests."""
    found: list[dict] = []
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if any(isinstance(node.get(k), str) for k in URL_KEYS) and any(isinstance(node.get(k), str) for k in TITLE_KEYS):
                found.append(node)
            else:
                stack.extend(reversed(list(node.values())))
        elif isinstance(node, list):
            stack.extend(reversed(node))
    return found


def _load(text: str) -> tuple[Any, list[dict]]:
    """The parsed body and its records; was5 answers are not strict JSON, but their records are."""
    try:
        data = json.loads(text.strip().lstrip("\ufeff"))
    except ValueError:
        data = {}
        records = []
        for obj in OBJECT_RE.findall(text):
            try:
                records.append(json.loads(obj))
            except ValueError:
                continue
        for key in TOTAL_KEYS:
            m = re.search(rf"""['"]{key}['"]\s*:\s*['"]?(\d+)""", text)
            if m:
                data[key] = int(m.group(1))
        return data, _records(records)
    return data, _records(data)


def _first(record: dict, keys: tuple[str, ...]) -> str:
    return next((str(record[k]) for k in keys if isinstance(record.get(k), str | int) and str(record[k]).strip()), "")


class EndpointAdapter(Adapter):
    """Reads the JSON pages of an endpoint walk (chosen by the spider for requests it made, never by fingerprint)."""

    name = "endpoint"

    def fingerprint(self, response: TextResponse) -> tuple[int, int]:
        return 0, 0

    def entries(self, response: TextResponse) -> list[Entry]:
        base = response.meta.get("nianbao_endpoint_base") or response.url
        _, records = _load(response.text)
        out = []
        for rec in records:
            href = _first(rec, URL_KEYS)
            title = clean(TAG_RE.sub("", html.unescape(_first(rec, TITLE_KEYS))))
            if not href or href.startswith(("javascript:", "#")):
                continue
            url = urljoin(base, href)
            out.append(Entry(url=url, title=title, date=iso_date(_first(rec, DATE_KEYS)) or url_date(url)))
        return out

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        data, records = _load(response.text)
        if not records:
            return None
        total = next((int(data[k]) for k in TOTAL_KEYS if isinstance(data, dict) and str(data.get(k, "")).isdigit()), None)
        number = int(response.meta.get("nianbao_endpoint_page", 1))
        if total is not None and number >= total:
            return None
        url = response.url
        key = _page_key(url)
        if key:
            nxt = with_query(url, **{key: number + 1})
        elif m := JSON_PAGE_RE.search(urlsplit(url).path):
            nxt = url.replace(m.group(0), f"_{int(m.group(1)) + 1}.json")
        else:
            return None
        meta = page_meta(response, page + 1)
        meta["nianbao_endpoint_page"] = number + 1
        return Request(nxt, meta=meta)


def first_request(response: TextResponse, page: int) -> Request | None:
    """The request for page 1 of the listing's endpoint, if the page names one."""
    url = find_endpoint(response)
    if url is None or url == response.url:
        return None
    meta = page_meta(response, page + 1)
    meta.update(nianbao_endpoint=True, nianbao_endpoint_page=1, nianbao_endpoint_base=response.url)
    return Request(url, meta=meta, headers={"Accept": "application/json, text/javascript, */*; q=0.01",
                                            "X-Requested-With": "XMLHttpRequest"})


ADAPTER = EndpointAdapter()
