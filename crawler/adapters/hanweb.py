"""Hanweb 大汉 JCMS: the first records sit in a `<datastore>` script, the rest come from dataproxy.jsp.

The column page embeds `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]>`;
later pages are a POST to `/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=` with the
form fields of the page's jpage call (whatever fields that version names; or the query of the
datastore's `<nextgroup>` link), answered with the same XML plus `<totalrecord>`/`<totalpage>`. Without
a form, the server-rendered pages `index.html?uid=<unit>&pageNum=N` are walked. A static
`index_1.html` does not exist there. `/module/xxgk/` directory modules page like ordinary listings.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qsl, urlsplit

from scrapy import FormRequest, Request
from scrapy.http import HtmlResponse, TextResponse

from .base import Adapter, Entry, links, page_meta, with_query
from .generic import GenericAdapter

RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
TOTAL_PAGES_RE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
PERPAGE_RE = re.compile(r"(?:perpage|pagesize)\s*[:=]\s*['\"]?(\d+)", re.I)
PROXY_URL_RE = re.compile(r"proxyUrl\s*:\s*['\"]([^'\"]+)['\"]", re.I)
NEXTGROUP_RE = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.S)
UNIT_RE = re.compile(r"\$\(\s*['\"]#(\d+)['\"]\s*\)\.jpage|unitid\s*[:=]\s*['\"]?(\d+)", re.I)
PARAM_RE = re.compile(r"(\w+)\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./-]+))")
# Paging parameters of the proxy itself, never form fields.
PAGING_FIELDS = frozenset({"page", "startrecord", "endrecord", "perpage", "pagesize"})
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
DEFAULT_PERPAGE = 15
BATCH_PAGES = 3  # JCMS pages ask for three screens of records per call


def _records(text: str, base: TextResponse) -> list[Entry]:
    entries: list[Entry] = []
    for fragment in RECORD_RE.findall(text):
        frag = HtmlResponse(url=base.url, body=f"<html><body><ul>{fragment}</ul></body></html>".encode(), encoding="utf-8")
        entries.extend(links(frag))
    return entries


def _form(text: str) -> dict[str, str] | None:
    """The jpage ajax parameters: a `{…columnid:…}` object literal in the page scripts (every field it names,
    as versions differ), else the query of the datastore's `<nextgroup>` link."""
    for obj in re.findall(r"\{[^{}]*columnid[^{}]*\}", text, re.I):
        params = {k: next(v for v in vals if v is not None) for k, *vals in
                  ((m.group(1), m.group(2), m.group(3), m.group(4)) for m in PARAM_RE.finditer(obj))}
        params = {k: v for k, v in params.items() if k.lower() not in PAGING_FIELDS}
        if any(k.lower() == "columnid" for k in params):
            return params
    m = NEXTGROUP_RE.search(text)
    if m:
        query = dict(parse_qsl(urlsplit(html.unescape(m.group(1))).query, keep_blank_values=True))
        params = {k: v for k, v in query.items() if k.lower() not in PAGING_FIELDS}
        if any(k.lower() == "columnid" for k in params):
            return params
    return None


def _proxy_path(text: str) -> str:
    m = PROXY_URL_RE.search(text)
    if m:
        return m.group(1)
    m = NEXTGROUP_RE.search(text)
    return urlsplit(html.unescape(m.group(1))).path if m else PROXY_PATH


class HanwebAdapter(Adapter):
    name = "hanweb"
    url_markers = (r"/col/col\d+/", r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html", r"/module/xxgk/")
    body_markers = ("<datastore>", "jpage", "dataproxy.jsp")

    def entries(self, response: TextResponse) -> list[Entry]:
        found = _records(response.text, response)
        return found or links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        """dataproxy.jsp when the page names its form, else `index.html?uid=&pageNum=`, else the general pager
        (the /module/xxgk/ directory modules page with ordinary links)."""
        text = response.text
        meta = response.meta
        total_m = TOTAL_RE.search(text)
        pages_m = TOTAL_PAGES_RE.search(text)
        if not total_m and not pages_m:
            return GENERIC.next_page(response, page)
        perpage = int(meta.get("nianbao_hanweb_perpage") or (PERPAGE_RE.search(text) or [0, DEFAULT_PERPAGE])[1])
        total = int(total_m.group(1)) if total_m else int(pages_m.group(1)) * perpage  # type: ignore[union-attr]
        if meta.get("nianbao_hanweb_pagenum") or (_form(text) is None and not meta.get("nianbao_hanweb_form")):
            return self._page_num(response, page, total, perpage)
        form = meta.get("nianbao_hanweb_form") or _form(text)
        seen = meta.get("nianbao_hanweb_end") or len(RECORD_RE.findall(text))
        if seen >= total or (page > 0 and not RECORD_RE.search(text)):
            return None
        start, end = seen + 1, min(seen + perpage * BATCH_PAGES, total)
        proxy = meta.get("nianbao_hanweb_proxy") or _proxy_path(text)
        url = with_query(response.urljoin(proxy), startrecord=start, endrecord=end, perpage=perpage)
        new_meta = page_meta(response, page + 1)
        new_meta.update(nianbao_hanweb_form=form, nianbao_hanweb_perpage=perpage, nianbao_hanweb_end=end,
                        nianbao_hanweb_proxy=proxy)
        return FormRequest(url, formdata=form, meta=new_meta)

    @staticmethod
    def _page_num(response: TextResponse, page: int, total: int, perpage: int) -> Request | None:
        """The server-rendered pages of a column, `col/colN/index.html?uid=<unit>&pageNum=N` (no script needed)."""
        unit = response.meta.get("nianbao_hanweb_unit")
        if not unit:
            m = UNIT_RE.search(response.text)
            unit = m and (m.group(1) or m.group(2))
        number = int(response.meta.get("nianbao_hanweb_pagenum") or 1)
        if not unit or number * perpage >= total or (page > 0 and not RECORD_RE.search(response.text)):
            return None
        new_meta = page_meta(response, page + 1)
        new_meta.update(nianbao_hanweb_unit=unit, nianbao_hanweb_pagenum=number + 1, nianbao_hanweb_perpage=perpage)
        return Request(with_query(response.url, uid=unit, pageNum=number + 1), meta=new_meta)


GENERIC = GenericAdapter()
