"""Shaanxi 集约化: 19-digit article ids, `div.m-lst` lists; pages `1.html`, `2.html` …

The page count sits in a script as `parseInt('N')`.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, Entry, directory, links, page_meta

PARSEINT_RE = re.compile(r"parseInt\(\s*['\"](\d+)['\"]\s*\)")


class ShaanxiAdapter(Adapter):
    name = "shaanxi"
    url_markers = (r"/\d{19}\.html",)
    body_markers = ('class="m-lst', 'class="m-txt-article')

    def entries(self, response: TextResponse) -> list[Entry]:
        scoped = links(response, "//div[contains(@class,'m-lst')]")
        return scoped or links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        m = PARSEINT_RE.search(response.text)
        if not m or page + 2 > int(m.group(1)):
            return None
        return Request(f"{directory(response.url)}{page + 2}.html", meta=page_meta(response, page + 1))
