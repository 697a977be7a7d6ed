"""Guangdong/Shenzhen 集约化: details at `…/content/post_<id>.html`; pages `index.html`, `index_2.html`, …

Page numbering starts at 2 for the second page (unlike TRS); the pager shows the count as 共N页 or in
a `pageCount`-style script variable, and a 下一页 link.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, directory, linked_next, page_meta, past_last


class GuangdongAdapter(Adapter):
    name = "guangdong"
    url_markers = (r"content/post_\d+\.html",)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        request = linked_next(response, page)
        if request or past_last(response, page):
            return request
        return Request(f"{directory(response.url)}index_{page + 2}.html", meta=page_meta(response, page + 1))
