"""开普云 ucap: `index.shtml`, `index_1.shtml` … (or `?page=N`), the last page named by a 尾页 link.

Articles `/<dept>/gknb/YYYYMM/<32 hex>.shtml` (www.shuyang.gov.cn, htq.gov.cn, suqian.gov.cn in
reference/spec/portals-seed.csv); detail pages carry `<ucaptitle>`/`<ucapcontent>`/`<publishtime>`.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from ..titles import clean
from .base import Adapter, directory, linked_next, page_meta
from .generic import GenericAdapter

LAST_RE = re.compile(r"index_(\d+)\.(s?html?)|[?&]page=(\d+)")


class UcapAdapter(Adapter):
    name = "ucap"
    url_markers = (r"/\d{6}/[0-9a-f]{32}\.shtml",)
    body_markers = (r"<ucaptitle>", r"<ucapcontent>", r"<publishtime>")

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        request = linked_next(response, page)
        if request:
            return request
        for a in response.xpath("//a[@href]"):
            if clean(" ".join(a.xpath(".//text()").getall())) in ("尾页", "末页"):
                m = LAST_RE.search(a.attrib["href"])
                if not m:
                    continue
                if m.group(1):
                    last, ext = int(m.group(1)), m.group(2)
                    if page + 1 <= last:
                        return Request(f"{directory(response.url)}index_{page + 1}.{ext}",
                                       meta=page_meta(response, page + 1, self.name))
                elif m.group(3) and page + 2 <= int(m.group(3)):
                    return Request(response.urljoin(f"?page={page + 2}"), meta=page_meta(response, page + 1, self.name))
        return GENERIC.next_page(response, page)


GENERIC = GenericAdapter()
