"""The general pager detector for CMSes without an adapter of their own (PORTALS.md last paragraph).

Tries, in order: a 下一页 link; `index_N` numbering with the page count from a script variable or 共N页;
a page number in the query string (`?page=|pageNo=|pageNum=|currPage=|PageIndex=`); `/N.html` paths.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import PAGE_PARAMS, Adapter, directory, linked_next, page_meta, past_last, with_query

INDEX_N_RE = re.compile(r"index_(\d+)\.(s?html?)")


class GenericAdapter(Adapter):
    name = "generic"

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        request = linked_next(response, page)
        if request or past_last(response, page):
            return request
        body = response.text
        m = INDEX_N_RE.search(body)
        if m:
            return Request(directory(response.url) + f"index_{page + 1}.{m.group(2)}", meta=page_meta(response, page + 1))
        for param in PAGE_PARAMS:
            if re.search(rf"[?&]{param}=\d+", body) or re.search(rf"[?&]{param}=\d+", response.url):
                return Request(with_query(response.url, **{param: page + 2}), meta=page_meta(response, page + 1))
        return None
