"""Hanweb 大汉 JCMS: a column page shows its first records inline; the rest come from a data proxy.

What real column pages send (evidence in tests/portals/families/hanweb.py):

- the first records, either in `<script type="text/xml"><datastore><nextgroup>…</nextgroup><recordset>
  <record><![CDATA[<li>…</li>]]></record>…` (no `<totalrecord>` there) or, on older versions, in a
  JS array `var InitData49468 = ['<li>…</li>', …]`;
- the count, page size, proxy and form in the pager call:
  `$('#49468').jpage({totalRecord:1418, perPage:25, groupSize:3, proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',
  ajaxParam:{col:1, appid:'1', webid:60, path:'/', columnid:30067, unitid:'49468', webname:'…', permissiontype:0}})`
  — the form may instead be a variable (`var param_212860 = {columnid:33718, unitid:'212860'}`) or only
  the query of the `<nextgroup>` link;
- later records from a POST to the proxy (`/module/web/jpage/dataproxy.jsp`, `/module/jpage/dataproxy.jsp`,
  …) with `?startrecord=&endrecord=&perpage=` and the form fields, in groups of `perPage × groupSize`
  records; the answer repeats `<datastore>` with `<totalrecord>` and often one record of overlap;
- `morecolumndataproxy.jsp` ("load more" lists) is asked page by page: `?page=N&…form…` (GET).

Without any of that, a column renders its pages server-side at `index.html?uid=<unit>&pageNum=N`, and
`/module/xxgk/` directory modules page like ordinary listings (the general pager).
Articles: `/art/YYYY/M/D/art_<col>_<id>.html` (old) and `/art/YYYY/art_<32 hex>.html` (new).
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
INIT_DATA_RE = re.compile(r"var\s+InitData\w*\s*=\s*\[(.*?)\]\s*;", re.S)
JS_STRING_RE = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"", re.S)
TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
TOTAL_PAGES_RE = re.compile(r"<totalpage>\s*(\d+)\s*</totalpage>")
JPAGE_RE = re.compile(r"\.jpage\(\s*\{(.*?)\}\s*\)\s*;?", re.S)
NEXTGROUP_RE = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.S)
UNIT_RE = re.compile(r"\$\(\s*['\"]#(\d+)['\"]\s*\)\.jpage|unitid\s*[:=]\s*['\"]?(\d+)", re.I)
PARAM_RE = re.compile(r"['\"]?(\w+)['\"]?\s*:\s*(?:'([^']*)'|\"([^\"]*)\"|([\w./-]+))")
# Paging parameters of the proxy itself, never form fields.
PAGING_FIELDS = frozenset({"page", "startrecord", "endrecord", "perpage", "pagesize"})
PROXY_PATH = "/module/web/jpage/dataproxy.jsp"
PAGED_PROXIES = ("morecolumndataproxy",)  # proxies asked with ?page=N instead of record ranges
DEFAULT_PERPAGE = 15
DEFAULT_GROUP = 3  # JCMS asks for three screens of records per call unless groupSize says otherwise


def _fragments(text: str) -> list[str]:
    """The HTML of each inline record: datastore CDATA, else the strings of an InitData array."""
    found = RECORD_RE.findall(text)
    if found:
        return found
    out: list[str] = []
    for array in INIT_DATA_RE.findall(text):
        for m in JS_STRING_RE.finditer(array):
            raw = m.group(1) if m.group(1) is not None else m.group(2)
            out.append(re.sub(r"\\(.)", r"\1", raw))
    return out


def _records(text: str, base: TextResponse) -> list[Entry]:
    entries: list[Entry] = []
    for fragment in _fragments(text):
        frag = HtmlResponse(url=base.url, body=f"<html><body><ul>{fragment}</ul></body></html>".encode(), encoding="utf-8")
        entries.extend(links(frag))
    return entries


def _object(text: str) -> dict[str, str]:
    """A flat JS object literal's fields: `{col:1, webname:'x'}` -> {'col': '1', 'webname': 'x'}."""
    return {m.group(1): next(v for v in m.groups()[1:] if v is not None) for m in PARAM_RE.finditer(text)}


def jpage_config(text: str) -> dict[str, str]:
    """The scalar options of the page's jpage call (totalRecord, perPage, proxyUrl, groupSize, …)."""
    m = JPAGE_RE.search(text)
    if not m:
        return {}
    body = re.sub(r"ajaxParam\s*:\s*\{[^{}]*\}", "", m.group(1))
    return {k.lower(): v for k, v in _object(body).items()}


def form_fields(text: str) -> dict[str, str] | None:
    """The proxy's form: the jpage call's `ajaxParam:{…}` (or the variable it names), a `param_<unit>`
    object, any `{…columnid…}` literal, else the query of the datastore's `<nextgroup>` link."""
    candidates: list[str] = []
    call = JPAGE_RE.search(text)
    if call:
        inline = re.search(r"ajaxParam\s*:\s*(\{[^{}]*\})", call.group(1))
        named = re.search(r"ajaxParam\s*:\s*([A-Za-z_$][\w$]*)", call.group(1))
        if inline:
            candidates.append(inline.group(1))
        elif named:
            var = re.search(rf"\b{re.escape(named.group(1))}\s*=\s*(\{{[^{{}}]*\}})", text)
            if var:
                candidates.append(var.group(1))
    candidates += re.findall(r"var\s+param_\w+\s*=\s*(\{[^{}]*\})", text)
    candidates += re.findall(r"\{[^{}]*columnid[^{}]*\}", text, re.I)
    for obj in candidates:
        params = {k: v for k, v in _object(obj).items() if k.lower() not in PAGING_FIELDS}
        if any(k.lower() == "columnid" for k in params):
            return params
    m = NEXTGROUP_RE.search(text)
    if m:
        query = dict(parse_qsl(urlsplit(html.unescape(m.group(1))).query, keep_blank_values=True))
        params = {k: v for k, v in query.items() if k.lower() not in PAGING_FIELDS}
        if any(k.lower() == "columnid" for k in params):
            return params
    return None


def _proxy_path(text: str, config: dict[str, str]) -> str:
    if config.get("proxyurl"):
        return config["proxyurl"]
    m = NEXTGROUP_RE.search(text)
    return urlsplit(html.unescape(m.group(1))).path if m else PROXY_PATH


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


class HanwebAdapter(Adapter):
    name = "hanweb"
    url_markers = (r"/col/col\d+/", r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html", r"/art/\d{4}/art_[0-9a-f]{32}\.html",
                   r"/module/xxgk/", r"/module/(?:web/)?jpage/")
    body_markers = (r"<datastore>", r"\.jpage\(\s*\{[^}]*(?:proxyUrl|totalRecord|dataStore)", r"(?:more)?(?:column)?dataproxy\.jsp",
                    r"var\s+InitData\d+\s*=")

    def entries(self, response: TextResponse) -> list[Entry]:
        found = _records(response.text, response)
        return found or links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        """The proxy walk when the page names a form, else `index.html?uid=&pageNum=`, else the general pager
        (the /module/xxgk/ directory modules page with ordinary links)."""
        text = response.text
        meta = response.meta
        state = meta.get("nianbao_hanweb")
        if state:
            return self._proxy_next(response, page, state)
        config = jpage_config(text)
        total = _int(config.get("totalrecord"))
        if total is None and (m := TOTAL_RE.search(text)):
            total = int(m.group(1))
        perpage = _int(config.get("perpage")) or DEFAULT_PERPAGE
        if total is None and (m := TOTAL_PAGES_RE.search(text)):
            total = int(m.group(1)) * perpage
        form = form_fields(text)
        if total is None and form is None:
            return GENERIC.next_page(response, page)
        if form is None:
            return self._page_num(response, page, total or 0, perpage)
        seen = len(_fragments(text))
        state = {"form": form, "proxy": _proxy_path(text, config), "perpage": perpage, "total": total,
                 "group": perpage * (_int(config.get("groupsize")) or DEFAULT_GROUP), "end": seen, "number": 1}
        if total is not None and seen >= total:
            return None
        return self._proxy_request(response, page, state)

    def _proxy_request(self, response: TextResponse, page: int, state: dict) -> Request:
        meta = page_meta(response, page + 1, self.name)
        proxy = response.urljoin(state["proxy"])
        if any(p in state["proxy"] for p in PAGED_PROXIES):
            state = {**state, "number": state["number"] + 1}
            meta["nianbao_hanweb"] = state
            return Request(with_query(proxy, page=state["number"], **state["form"]), meta=meta)
        start = state["end"] + 1
        end = start + state["group"] - 1
        if state["total"] is not None:
            end = min(end, state["total"])
        state = {**state, "end": end}
        meta["nianbao_hanweb"] = state
        url = with_query(proxy, startrecord=start, endrecord=end, perpage=state["perpage"])
        return FormRequest(url, formdata=state["form"], meta=meta)

    def _proxy_next(self, response: TextResponse, page: int, state: dict) -> Request | None:
        """After a proxy answer: stop when it held no records or the count is reached."""
        text = response.text
        if not RECORD_RE.search(text):
            return None
        if m := TOTAL_RE.search(text):
            state = {**state, "total": int(m.group(1))}
        elif m := TOTAL_PAGES_RE.search(text):
            state = {**state, "total": int(m.group(1)) * state["perpage"]}
        if state["total"] is not None and state["end"] >= state["total"]:
            return None
        if state["total"] is not None and any(p in state["proxy"] for p in PAGED_PROXIES):
            if state["number"] * state["perpage"] >= state["total"]:
                return None
        return self._proxy_request(response, page, state)

    def _page_num(self, response: TextResponse, page: int, total: int, perpage: int) -> Request | None:
        """The server-rendered pages of a column, `col/colN/index.html?uid=<unit>&pageNum=N` (no script needed)."""
        unit = response.meta.get("nianbao_hanweb_unit")
        if not unit:
            m = UNIT_RE.search(response.text)
            unit = m and (m.group(1) or m.group(2))
        number = int(response.meta.get("nianbao_hanweb_pagenum") or 1)
        if not unit or number * perpage >= total or (page > 0 and not _fragments(response.text)):
            return None
        new_meta = page_meta(response, page + 1, self.name)
        new_meta.update(nianbao_hanweb_unit=unit, nianbao_hanweb_pagenum=number + 1)
        return Request(with_query(response.url, uid=unit, pageNum=number + 1), meta=new_meta)


GENERIC = GenericAdapter()
