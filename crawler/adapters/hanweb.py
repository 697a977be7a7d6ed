"""Hanweb 大汉 JCMS: the first records sit in a `<datastore>` script, the rest come from dataproxy.jsp.

The column page embeds `<script type="text/xml"><datastore><recordset><record><![CDATA[<li>…</li>]]>`;
later pages are a POST to `/module/web/jpage/dataproxy.jsp?startrecord=&endrecord=&perpage=` with the
form fields of the page's jpage call, answered with the same XML plus `<totalrecord>`. A static
`index_1.html` does not exist there.
"""

from __future__ import annotations

import re

from scrapy import FormRequest, Request
from scrapy.http import HtmlResponse, TextResponse

from .base import Adapter, Entry, links, page_meta

RECORD_RE = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S)
TOTAL_RE = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>")
PERPAGE_RE = re.compile(r"perpage\s*[:=]\s*['\"]?(\d+)", re.I)
PARAM_RE = re.compile(r"(\w+)\s*:\s*['\"]?([^,'\"}\s]*)['\"]?")
FORM_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname", "permissiontype")
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
    """The jpage ajax parameters: a `{…columnid:…}` object literal in the page scripts."""
    for obj in re.findall(r"\{[^{}]*columnid[^{}]*\}", text, re.I):
        params = {k: v for k, v in PARAM_RE.findall(obj) if k in FORM_FIELDS}
        if "columnid" in params:
            return params
    return None


class HanwebAdapter(Adapter):
    name = "hanweb"
    url_markers = (r"/col/col\d+/", r"/art/\d{4}/\d{1,2}/\d{1,2}/art_\d+_\d+\.html")
    body_markers = ("<datastore>", "jpage", "dataproxy.jsp")

    def entries(self, response: TextResponse) -> list[Entry]:
        found = _records(response.text, response)
        return found or links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        text = response.text
        total_m = TOTAL_RE.search(text)
        if not total_m:
            return None
        total = int(total_m.group(1))
        meta = response.meta
        form = meta.get("nianbao_hanweb_form") or _form(text)
        if form is None:
            return None
        perpage = int(meta.get("nianbao_hanweb_perpage") or (PERPAGE_RE.search(text) or [0, DEFAULT_PERPAGE])[1])
        seen = meta.get("nianbao_hanweb_end") or len(RECORD_RE.findall(text))
        if seen >= total:
            return None
        start, end = seen + 1, min(seen + perpage * BATCH_PAGES, total)
        url = response.urljoin(f"{PROXY_PATH}?startrecord={start}&endrecord={end}&perpage={perpage}")
        new_meta = page_meta(response, page + 1)
        new_meta.update(nianbao_hanweb_form=form, nianbao_hanweb_perpage=perpage, nianbao_hanweb_end=end)
        return FormRequest(url, formdata=form, meta=new_meta)
