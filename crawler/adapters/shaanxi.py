"""Shaanxi 集约化: three URL schemes on the portals of reference/spec/portals-seed.csv.

- `…/zfxxgknb/<19 digits>.html` articles in `div.m-lst` lists; pages `1.html`, `2.html` … with the
  count in a script as `parseInt('N')` (jyj.yanan.gov.cn, xixianxinqu, 61.150.65.235);
- `/resources/site/<n>/html/<column path>/<YYYYMM>/<id>.html` (www.yaozhou.gov.cn);
- `/Content-<n>.html` articles (www.ningshan.gov.cn, www.langao.gov.cn).

Only the first scheme's pager is known from a page; for the other two the seed list gives article URLs
alone, so their lists are paged by the general pager (下一页 links, 共N页 with `_N`/`?page=` numbering).
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, Entry, directory, links, page_meta
from .generic import GenericAdapter

PARSEINT_RE = re.compile(r"parseInt\(\s*['\"](\d+)['\"]\s*\)")


class ShaanxiAdapter(Adapter):
    name = "shaanxi"
    url_markers = (r"/\d{19}\.html", r"/resources/site/\d+/html/", r"/Content-\d+\.html")
    body_markers = (r"class=['\"]m-lst", r"class=['\"]m-txt-article")

    def entries(self, response: TextResponse) -> list[Entry]:
        scoped = links(response, "//div[contains(@class,'m-lst')]")
        return scoped or links(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        counts = [int(n) for n in PARSEINT_RE.findall(response.text)]
        if not counts:
            return GENERIC.next_page(response, page)
        # The pager script may parse the current page too: the largest number is the count (a page past the
        # end answers 404, which ends the walk; stopping early would lose reports).
        if page + 2 > max(counts):
            return None
        return Request(f"{directory(response.url)}{page + 2}.html", meta=page_meta(response, page + 1, self.name))


GENERIC = GenericAdapter()
