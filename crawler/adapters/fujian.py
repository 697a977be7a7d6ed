"""Fujian 集约化 TRS platform: avalon.js column pages whose lists come from the platform's list API.

A column page (`…/zfxxgkndbg/`, reference/samples/pages/pingtan-nianbao-list.html) renders its first
screen of links statically (`ms-visible="showStatic"`) and an avalon template (`ms-controller="list"`,
`ms-attr-href="el.chnldocurl"`) that a list model fills from the platform API:

- `POST /fjdzapp/search` with the model's `listArgs` (channelid, sortfield, classsql=chnlid=<column>,
  classcol, classnum, classsort, cache, page, prepage) — what the column scripts call; public crawlers of
  fujian.gov.cn, scjgj/yjj/sthjt/gxt.fujian.gov.cn post exactly these fields;
- `GET /fjdzapp/data?channelid=…&classsql=chnlid=<column>&prepage=N&page=N` — the read-only list
  (the public crawl of 三明 behind reference/real-pages/sanming-zfxxgkndbg-index-api_p001.json);
- without a list model in the page: the site search named by `SiteInfo.searchId` filtered by the
  column id of `<meta name="ChnlId">`.

Answers are JSON: `{"page","prepage","pageCount","recordCount","data":[{doctitle, docpuburl,
chnldocurl, url, docreltime "YYYY.MM.DD hh:mm:ss", …}]}` (or `{"docs":[…]}` from older search
templates). The walk stops at `pageCount` or at the first empty page.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

from scrapy import FormRequest, Request
from scrapy.http import TextResponse

from . import endpoint
from .base import Adapter, Entry, links, page_meta, with_query

LIST_ARGS_RE = re.compile(r"listArgs\s*:\s*(\{[^{}]*\})", re.S)
CLASSSQL_OBJECT_RE = re.compile(r"\{[^{}]*classsql[^{}]*\}", re.S | re.I)
FIELD_RE = re.compile(r"""['"]?(\w+)['"]?\s*:\s*(?:'([^']*)'|"([^"]*)"|([\w.-]+))""")
API_RE = re.compile(r"""['"]((?:https?://[^'"\s]+)?/fjdzapp/(?:search|data)[^'"\s]*)['"]""")
RECORD_COUNT_RE = re.compile(r"recordCount\s*:\s*['\"]?(\d+)")
SEARCH_ID_RE = re.compile(r"searchId\s*:\s*['\"]?(\d+)")
DEFAULT_PREPAGE = "15"
DATA_CHANNEL, DATA_PREPAGE = "100000", "100"  # the read-only list's channel and page size (三明 crawl)
# Model options that are not query fields of the API.
NOT_FIELDS = frozenset({"url", "type", "method", "datatype", "async"})


def _fields(obj: str) -> dict[str, str]:
    return {m.group(1): next(v for v in m.groups()[1:] if v is not None) for m in FIELD_RE.finditer(obj)}


def list_request(response: TextResponse) -> tuple[str, str, dict[str, str]] | None:
    """(method, API URL, fields for page 1) of the column's list model, or None."""
    text = response.text
    scripts = " ".join(response.xpath("//script[not(@src)]/text()").getall()) or text
    m = LIST_ARGS_RE.search(scripts) or CLASSSQL_OBJECT_RE.search(scripts)
    api = API_RE.search(scripts)
    if m:
        raw = _fields(m.group(1))
        fields = {k: v for k, v in raw.items() if k.lower() not in NOT_FIELDS}
        url = raw.get("url") or (api.group(1) if api else "/fjdzapp/search")
        method = "GET" if "/fjdzapp/data" in url or raw.get("type", raw.get("method", "")).lower() == "get" else "POST"
        fields.setdefault("prepage", DEFAULT_PREPAGE)
        fields["page"] = "1"
        chnl = (response.xpath("//meta[@name='ChnlId']/@content").get() or "").strip()
        if not re.search(r"chnlid\s*=\s*\d", fields.get("classsql", "")) and chnl.isdigit():
            fields["classsql"] = f"chnlid={chnl}"  # the script builds it from the column id: "chnlid=" + ChnlId
        return method, response.urljoin(url.split("?")[0]), fields
    chnl = response.xpath("//meta[@name='ChnlId']/@content").get()
    search = SEARCH_ID_RE.search(text)
    if chnl and search:
        fields = {"channelid": search.group(1), "templet": "docs.jsp", "sortfield": "-docreltime",
                  "classsql": f"chnlid={chnl.strip()}", "prepage": "10", "page": "1"}
        return "GET", response.urljoin("/fjdzapp/search"), fields
    return None


def data_url(response: TextResponse, fields: dict[str, str] | None) -> str | None:
    """The read-only list `GET /fjdzapp/data?channelid=100000&classsql=chnlid=<column>&prepage=100&page=1` (as the
    public crawl of 三明 read it) for the page's column, when the column id is known."""
    classsql = (fields or {}).get("classsql") or ""
    m = re.search(r"chnlid\s*=\s*(\d+)", classsql)
    chnl = m.group(1) if m else (response.xpath("//meta[@name='ChnlId']/@content").get() or "").strip()
    if not chnl.isdigit():
        return None
    return response.urljoin("/fjdzapp/data?" + urlencode({"channelid": DATA_CHANNEL, "classsql": f"chnlid={chnl}",
                                                          "prepage": DATA_PREPAGE, "page": 1}))


def _is_api(response: TextResponse) -> bool:
    return "/fjdzapp/" in urlsplit(response.url).path


class FujianAdapter(Adapter):
    name = "fujian"
    body_markers = (r"ms-attr-href=['\"]el\.(?:chnldocurl|docpuburl|url)", r"listArgs\s*:", r"/fjdzapp/")

    def fingerprint(self, response: TextResponse) -> tuple[int, int]:
        if _is_api(response):
            return 3, 0
        return super().fingerprint(response) if "ms-controller" in response.text[:300_000] else (0, 0)

    def entries(self, response: TextResponse) -> list[Entry]:
        """API answers: their records. Column pages: the static first screen, and the read-only list of the
        column as a sub-list — walked beside the list model's own endpoint, so a portal that answers only one
        of the two is still read to the end."""
        if _is_api(response):
            return endpoint.ADAPTER.entries(response)
        found = links(response)
        req = list_request(response)
        url = data_url(response, req[2] if req else None)
        if url:
            title = response.xpath("//meta[@name='ColumnName']/@content").get() or "政府信息公开年报"
            found.append(Entry(url=url, title=title.strip(), date=None, column=True))
        return found

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        state = response.meta.get("nianbao_fujian")
        if state is None and _is_api(response):  # a list reached as a sub-list: its state is its own URL
            fields = dict(parse_qsl(urlsplit(response.url).query, keep_blank_values=True))
            state = {"method": "GET", "url": response.url.split("?")[0], "fields": fields, "base": response.url}
        if state is None:
            found = list_request(response)
            if found is None:
                return None
            method, url, fields = found
            state = {"method": method, "url": url, "fields": fields, "base": response.url}
            return self._request(response, page, state)
        data, records = endpoint._load(response.text)
        if not records:
            return None
        number = int(state["fields"].get("page") or 1)
        count = data.get("pageCount") if isinstance(data, dict) else None
        if str(count).isdigit() and number >= int(str(count)):
            return None
        total = data.get("recordCount") if isinstance(data, dict) else None
        prepage = int(state["fields"].get("prepage") or DEFAULT_PREPAGE)
        if not str(count).isdigit() and str(total).isdigit() and number * prepage >= int(str(total)):
            return None
        state = {**state, "fields": {**state["fields"], "page": str(number + 1)}}
        return self._request(response, page, state)

    def _request(self, response: TextResponse, page: int, state: dict) -> Request:
        meta = page_meta(response, page + 1, self.name)
        meta["nianbao_fujian"] = state
        meta["nianbao_endpoint_base"] = state["base"]
        headers = {"Accept": "application/json, text/javascript, */*; q=0.01", "X-Requested-With": "XMLHttpRequest",
                   "Referer": state["base"]}
        if state["method"] == "GET":
            return Request(with_query(state["url"], **state["fields"]), meta=meta, headers=headers)
        # The POST body is form-encoded; the URL repeats the column and page so that each page of each
        # column is a request of its own (the spider drops a URL it has asked for already).
        key = {k: v for k, v in state["fields"].items() if k in ("classsql", "channelid", "page")}
        return FormRequest(f"{state['url']}?{urlencode(key)}", formdata=state["fields"], meta=meta, headers=headers)
