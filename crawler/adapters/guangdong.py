"""Guangdong/Shenzhen 集约化: static columns and the 政府信息公开目录 `gkmlpt`.

Static columns: details at `…/content/post_<id>.html`; pages `index.html`, `index_2.html`, … (the
second page is `_2`, unlike TRS); the pager shows 共N页 or a `pageCount`-style variable and 下一页.

`gkmlpt` (every Guangdong government site has one at `…/gkmlpt/index`): a Vue page whose categories
are fragments (`…/gkmlpt/index#2846`) and whose items come from
`…/gkmlpt/api/all/<category>?page=N&sid=<SID>` (SID in an inline script, `SID: '755031'`), JSON
`{"classify": {"id", "name", "post_count"}, "total", "offset", "articles": [{"id", "title", "url",
"create_time" (unix), "display_publish_time", "type": "normal"|"url", …}]}`, 100 articles a page
(evidence: public crawlers of gd.gov.cn, jr.sz.gov.cn, zhaoqing/yangjiang/dg.gov.cn, named in
tests/portals/families/guangdong.py). Category links are rewritten to that API by
`base.FRAGMENT_ROUTES`; on the gkmlpt page itself the category list also sits in a `TREE` script.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from scrapy import Request
from scrapy.http import TextResponse

from ..titles import clean
from .base import (
    Adapter,
    Entry,
    directory,
    iso_date,
    linked_next,
    links,
    page_meta,
    past_last,
    url_date,
    with_query,
)

SID_RE = re.compile(r"""\bSID['"]?\s*[:=]\s*['"]?(\d+)""")
# A category of the TREE script, its id before or after its name.
TREE_ITEM_RES = (
    re.compile(r"""\{[^{}]*?['"]?id['"]?\s*:\s*['"]?(?P<id>\d+)['"]?\s*,[^{}]*?['"]?name['"]?\s*:\s*['"](?P<name>[^'"]+)['"]"""),
    re.compile(r"""\{[^{}]*?['"]?name['"]?\s*:\s*['"](?P<name>[^'"]+)['"]\s*,[^{}]*?['"]?id['"]?\s*:\s*['"]?(?P<id>\d+)"""),
)
API_PATH_RE = re.compile(r"/gkmlpt/api/all/(\d+)")
PAGE_SIZE = 100  # the API's page; its answer's `offset` is preferred
BEIJING = timedelta(hours=8)


def _date(article: dict[str, Any]) -> str | None:
    stamp = article.get("create_time") or article.get("first_publish_time") or article.get("display_publish_time")
    if isinstance(stamp, int | float) and stamp > 0:
        return (datetime.fromtimestamp(stamp, UTC) + BEIJING).date().isoformat()
    return iso_date(str(stamp or "")) if stamp else None


class GuangdongAdapter(Adapter):
    name = "guangdong"
    url_markers = (r"content/post_\d+\.html", r"/gkmlpt/")

    def entries(self, response: TextResponse) -> list[Entry]:
        if API_PATH_RE.search(response.url):
            return self._api_entries(response)
        found = links(response)
        if "/gkmlpt/" in response.url:
            found += self._categories(response)
        return found

    @staticmethod
    def _api_entries(response: TextResponse) -> list[Entry]:
        try:
            data = json.loads(response.text)
        except ValueError:
            return []
        out = []
        for art in data.get("articles") or [] if isinstance(data, dict) else []:
            if not isinstance(art, dict) or not isinstance(art.get("url"), str):
                continue
            url = response.urljoin(art["url"].strip())
            out.append(Entry(url=url, title=clean(str(art.get("title") or "")), date=_date(art) or url_date(url)))
        return out

    @staticmethod
    def _categories(response: TextResponse) -> list[Entry]:
        """The gkmlpt page's categories (its TREE script) as list URLs named by the category."""
        sid = SID_RE.search(response.text)
        base = response.url.split("/gkmlpt/")[0] + "/gkmlpt/"
        out = []
        for script in response.xpath("//script[not(@src)]/text()").getall():
            if "TREE" not in script:
                continue
            for rx in TREE_ITEM_RES:
                for m in rx.finditer(script):
                    url = f"{base}api/all/{m.group('id')}?page=1" + (f"&sid={sid.group(1)}" if sid else "")
                    out.append(Entry(url=url, title=clean(m.group("name")), date=None))
        return out

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        if API_PATH_RE.search(response.url):
            return self._api_next(response, page)
        request = linked_next(response, page)
        if request or past_last(response, page):
            return request
        return Request(f"{directory(response.url)}index_{page + 2}.html", meta=page_meta(response, page + 1, self.name))

    def _api_next(self, response: TextResponse, page: int) -> Request | None:
        try:
            data = json.loads(response.text)
        except ValueError:
            return None
        articles = data.get("articles") if isinstance(data, dict) else None
        if not articles:
            return None
        number = int(dict(parse_qsl(urlsplit(response.url).query)).get("page", "1"))
        total, offset = data.get("total"), data.get("offset")
        seen = (offset if isinstance(offset, int) else (number - 1) * PAGE_SIZE) + len(articles)
        if isinstance(total, int) and seen >= total:
            return None
        return Request(with_query(response.url, page=number + 1), meta=page_meta(response, page + 1, self.name))
