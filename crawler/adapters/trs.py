"""TRS WCM (拓尔思): `index.html`, then `index_1.html` … `index_{N-1}.html`.

N is printed only inside a script: `createPageHTML(N, cur, "index", "html")` or a `countPage` variable.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import COUNT_RE, Adapter, directory, page_meta

CREATE_PAGE_RE = re.compile(r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]")


class TrsAdapter(Adapter):
    name = "trs"
    url_markers = (r"/t20\d{6}_\d+\.s?html?", r"/t19\d{6}_\d+\.s?html?")
    body_markers = ("TRS_Editor", "trs_editor_view", "createPageHTML", 'name="ArticleTitle"', 'name="ContentSource"')

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        text = response.text
        m = CREATE_PAGE_RE.search(text)
        if m:
            total, stem, ext = int(m.group(1)), m.group(3), m.group(4)
        else:
            c = COUNT_RE.search(text)
            if not c:
                return None
            total, stem, ext = int(c.group(1)), "index", "html"
        if page + 1 >= total:
            return None
        return Request(f"{directory(response.url)}{stem}_{page + 1}.{ext}", meta=page_meta(response, page + 1))
