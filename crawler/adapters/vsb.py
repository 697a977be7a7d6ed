"""博达 VSB (Visual SiteBuilder): details at `/info/<col>/<id>.htm`; lists `gknb.htm`, then `gknb/<N-1>.htm`
down to `gknb/1.htm` (the numbering runs backwards), or `?…&page=N` on dynamic lists.

The pager is `<div class="pb_sys_common …"><span class="p_pages">… <span class="p_next p_fun">
<a href="gknb/10.htm">下页</a></span><span class="p_last p_fun"><a href="gknb/1.htm">尾页</a></span>`
with `共52条` and `1/11`, and click counters `_showDynClickBatch(…)` (real markup in the evidence of
tests/portals/families/vsb.py). The 下页 link is the only reliable way forward.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, linked_next
from .generic import GenericAdapter


class VsbAdapter(Adapter):
    name = "vsb"
    url_markers = (r"/info/\d+/\d+\.htm",)
    body_markers = (r"pb_sys_common", r"_showDynClick", r"/system/resource/", r"vsb_content", r"<!--\s*#begineditable")

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        return linked_next(response, page) or GENERIC.next_page(response, page)


GENERIC = GenericAdapter()
