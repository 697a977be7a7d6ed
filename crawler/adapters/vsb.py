"""博达 VSB: details at `/info/<col>/<id>.htm`; pages `list.htm`, then `list/<N>.htm` counting down, or `?…&page=N`.

The numbering runs backwards, so the pager's 下页 link is the only reliable way forward.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, linked_next


class VsbAdapter(Adapter):
    name = "vsb"
    url_markers = (r"/info/\d+/\d+\.htm",)
    body_markers = ("_sitegray", "vsb_", "VSB", "p_next p_fun")

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        return linked_next(response, page)
