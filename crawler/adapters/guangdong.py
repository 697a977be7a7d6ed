"""Guangdong/Shenzhen 集约化: details at `…/content/post_<id>.html`; pages `index.html`, `index_2.html`, …

Page numbering starts at 2 for the second page (unlike TRS); the pager shows the count as 共N页 or in
a `pageCount`-style script variable, and a 下一页 link.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, directory, next_link, page_count, page_meta


class GuangdongAdapter(Adapter):
    name = "guangdong"
    url_markers = (r"content/post_\d+\.html",)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        url = next_link(response)
        if url:
            return Request(url, meta=page_meta(response, page + 1))
        total = page_count(response.text)
        if total is None or page + 1 >= total:
            return None
        return Request(f"{directory(response.url)}index_{page + 2}.html", meta=page_meta(response, page + 1))
