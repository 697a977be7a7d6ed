"""ASP/ASP.NET/JSP legacy platforms: query-string pagers, often GBK.

`InfoPublic.aspx?cid=&page=N`, `GovOpenShow.aspx?id=`, `year_details.aspx?dept=&year=`, `iList.jsp?…&cur_page=N`.
The count comes from 共N页 or a script variable; without one, a 下一页 link decides.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import PAGE_PARAMS, Adapter, linked_next, page_meta, past_last, with_query


class LegacyAdapter(Adapter):
    name = "legacy"
    url_markers = (r"\.aspx?\?", r"\.jsp\?", r"GovOpenShow\.aspx", r"InfoPublic\.aspx", r"year_details\.aspx")

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        request = linked_next(response, page)
        if request or past_last(response, page):
            return request
        for param in PAGE_PARAMS:
            if re.search(rf"[?&]{param}=\d*", response.url, re.I):
                return Request(with_query(response.url, **{param: page + 2}), meta=page_meta(response, page + 1))
        return None
