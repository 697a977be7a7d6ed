"""TRS WCM (拓尔思) static publishing: the page count is printed only inside a pager script.

Three script shapes seen on real sites (evidence in tests/portals/families/trs.py):

- `createPageHTML(N, cur, "index", "html")` — 4 arguments, `cur` counts from 0: pages `index.html`,
  `index_1.html` … `index_{N-1}.html`;
- `createPageHTML('page_div', N, cur, 'list', 'shtml', records)` — 6 arguments (newer WCM, CSRC,
  Kunshan, gfex), `cur` counts from 1: pages `list.shtml`, `list_2.shtml` … `list_N.shtml`;
- `var currentPage = 0; var countPage = 2` with `document.write(… "index"+"_"+n+"."+"html" …)` (the
  鄂尔多斯 page of reference/real-pages), numbered like the 4-argument form.
"""

from __future__ import annotations

import re

from scrapy import Request
from scrapy.http import TextResponse

from .base import Adapter, directory, page_meta
from .generic import GenericAdapter

_Q = r"""\s*['"]?"""
CREATE_PAGE_4_RE = re.compile(rf"createPageHTML\({_Q}(\d+)['\"]?\s*,{_Q}(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]\s*\)")
CREATE_PAGE_6_RE = re.compile(
    rf"createPageHTML\(\s*['\"][\w-]+['\"]\s*,{_Q}(\d+)['\"]?\s*,{_Q}(\d+)['\"]?\s*,\s*['\"](\w+)['\"]\s*,\s*['\"](\w+)['\"]")
COUNT_PAGE_RE = re.compile(r"\bcountPage\s*=\s*['\"]?(\d+)")
# The page name the pager script writes: "index"+"_"+n+"."+"html", or a literal index_1.shtml.
WRITTEN_NAME_RE = re.compile(r"""['"](\w+)['"]\s*\+\s*['"]_['"]\s*\+[^;]*?['"]\.?['"]\s*\+\s*['"](s?html?)\\?['"]""")
LITERAL_NAME_RE = re.compile(r"\b(index|list|default)_\d+\.(s?html?)")


class TrsAdapter(Adapter):
    name = "trs"
    url_markers = (r"/t(?:19|20)\d{6}_\d+\.s?html?",)
    body_markers = (r"createPageHTML\(", r"\bcountPage\s*=", r"class=['\"]?TRS_Editor", r"trs_editor_view")

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        """Listing page `page + 1` (0-based walk index), named as the pager script names its pages."""
        text = response.text
        m6 = CREATE_PAGE_6_RE.search(text)
        if m6:
            total, stem, ext = int(m6.group(1)), m6.group(3), m6.group(4)
            name = f"{stem}_{page + 2}.{ext}"  # 1-based: the second page is list_2
        elif m4 := CREATE_PAGE_4_RE.search(text):
            total, stem, ext = int(m4.group(1)), m4.group(3), m4.group(4)
            name = f"{stem}_{page + 1}.{ext}"  # 0-based: the second page is index_1
        elif c := COUNT_PAGE_RE.search(text):
            total = int(c.group(1))
            w = WRITTEN_NAME_RE.search(text) or LITERAL_NAME_RE.search(text)
            stem, ext = (w.group(1), w.group(2)) if w else ("index", "html")
            name = f"{stem}_{page + 1}.{ext}"
        else:
            return GENERIC.next_page(response, page)  # no pager script: a 下一页 link or 共N页
        if page + 1 >= total:
            return None
        return Request(directory(response.url) + name, meta=page_meta(response, page + 1, self.name))


GENERIC = GenericAdapter()
