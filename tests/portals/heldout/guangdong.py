"""Held-out Guangdong district portal: a static 年报 column with per-body and per-year sub-columns (NFCMS
`content/post_<id>.html` articles), and the townships' 政府信息公开目录 `gkmlpt` under sub-paths, whose 年报
column is listed only in the JSON answers of `/gkmlpt/api/all/<column>?page=N&sid=<SID>`.

Evidence:
- 年报 sub-columns per body and year with `content/post_<id>.html` articles: real URLs of gz.gov.cn's column
  `/zfjgzy/gzsrmzfbgt/zfxxgknb/gq/content/post_4437627.html`, `/zfxxgknb/bm/2024n/content/post_10095458.html`
  (the `pages` corpus); `index.html` then `index_N.html`: notes of a probe of hrss.gd.gov.cn (find_string
  "proxyUrl:'/module/web/jpage/dataproxy.jsp'", id 71005724080). The list markup itself is ours (no capture).
- gkmlpt under a body's sub-path with its own sid (`http://www.dg.gov.cn/dghlz/gkmlpt/api/all/2972?page=1`,
  `https://www.zhaoqing.gov.cn/zqhjj/gkmlpt/api/all/{column_id}?page={page}&sid=758019`): GitHub code, ids
  43053069324, 56564168652; the answer `{"classify": {id, name, parent, post_count, theme_count}, "articles":
  [{id, title, date (unix), publisher, classify_main_name, url …/gkmlpt/content/3/3255/post_3255421.html,
  identifier}]}` and the tree in `window._CONFIG.TREE`, the sid in the page's config: id 56564168652; further
  article fields `created_at`, `first_publish_time`, `post_url`: ids 25600035411, 6862028831, 5043784488.
  The exact layout of the `_CONFIG` script is ours (described, not captured).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from sites import Resource

from .common import Portal, interpretation_body, news_body, picture_body, report_body
from .trs import _article

HOST = "http://www.lianxi.gov.cn"
SITE = "练溪区人民政府"


def _body(kind: str, title: str, agency: str, year: int) -> str:
    return {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
            "picture": lambda: picture_body(title), "news": lambda: news_body(title)}[kind]()


class Static:
    """An NFCMS static column: `index.html`, `index_2.html` …, 15 a page."""

    def __init__(self, portal: Portal, path: str, name: str, size: int = 15) -> None:
        self.portal, self.path, self.name, self.size = portal, path, name, size
        self.items: list[tuple[str, str, str]] = []

    def add(self, title: str, date: str, kind: str, agency: str = "", year: int = 0) -> None:
        post = 4430000 + len(self.portal.routes) * 7
        url = f"{HOST}{self.path}content/post_{post}.html"
        self.portal.page(url, _article(title, date, agency or SITE, _body(kind, title, agency, year)).replace("南溪县", "练溪区"))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(url)
        self.items.append((url, title, date))

    def build(self, nav: str) -> None:
        pages = [self.items[i:i + self.size] for i in range(0, len(self.items), self.size)] or [[]]
        for n, items in enumerate(pages, 1):
            lis = "".join(f'<li><a href="{u}" target="_blank" title="{t}">{t}</a><span>{d}</span></li>\n'
                          for u, t, d in items)
            links = " ".join(f'<a href="{"index" if k == 1 else f"index_{k}"}.html">{k}</a>' for k in range(1, len(pages) + 1))
            nxt = f'<a class="next" href="index_{n + 1}.html">下一页</a>' if n < len(pages) else ""
            html = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><meta name="SiteName" content="{SITE}"><meta name="ColumnName" content="{self.name}">
<title>{self.name}-{SITE}</title></head>
<body><!-- [held-out note] header omitted -->
<div class="side">{nav}</div>
<div class="main"><h3 class="title">{self.name}</h3>
<ul class="news_list">
{lis}</ul>
<div class="page">{links} {nxt}</div></div>
<!-- [held-out note] footer omitted --></body></html>
"""
            self.portal.page(f"{HOST}{self.path}{'index' if n == 1 else f'index_{n}'}.html", html)
            if n == 1:
                self.portal.page(f"{HOST}{self.path}", html)


class Gkmlpt:
    """A township's gkmlpt under `/<sub>/gkmlpt/`: the SPA shell with its tree, the API, the articles."""

    def __init__(self, portal: Portal, sub: str, sid: int, agency: str, column: int) -> None:
        self.portal, self.sub, self.sid, self.agency, self.column = portal, sub, sid, agency, column
        self.articles: list[dict] = []
        self.others: list[dict] = []

    def add(self, title: str, date: str, kind: str, year: int = 0, column: int | None = None) -> None:
        pid = 3255000 + self.sid % 1000 * 10 + len(self.articles) + len(self.others)
        url = f"{HOST}/{self.sub}/gkmlpt/content/{pid // 1000000}/{pid // 1000}/post_{pid}.html"
        self.portal.page(url, _article(title, date, self.agency, _body(kind, title, self.agency, year)).replace("南溪县", "练溪区"))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(url)
        ts = {"2025": 1737331200, "2024": 1705881600, "2023": 1674345600, "2022": 1642809600}[date[:4]]
        art = {"id": pid, "title": title, "date": ts, "publisher": self.agency,
               "classify_main_name": "政府信息公开年报" if column is None else "工作动态", "url": url,
               "post_url": url, "identifier": f"11441900MB2C9{self.sid % 1000:03d}G/{date[:4]}-{pid % 1000:05d}",
               "created_at": f"{date} 09:00:00", "first_publish_time": ts}
        (self.articles if column is None else self.others).append(art)

    def build(self) -> None:
        base = f"{HOST}/{self.sub}"
        tree = [{"id": self.column - 10, "name": "机构职能", "parent": 0, "post_count": 3},
                {"id": self.column - 5, "name": "工作动态", "parent": 0, "post_count": len(self.others)},
                {"id": self.column, "name": "政府信息公开年报", "parent": 0, "post_count": len(self.articles)}]
        config = json.dumps({"SID": str(self.sid), "APP_URL": base, "SITE_NAME": self.agency, "TREE": tree},
                            ensure_ascii=False)
        self.portal.page(f"{base}/gkmlpt/index", f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{self.agency}政府信息公开</title>
<link href="/{self.sub}/gkmlpt/static/css/app.css" rel="stylesheet"></head>
<body><div id="app"></div>
<script>window._CONFIG = {config};</script>
<script src="/{self.sub}/gkmlpt/static/js/chunk-common.c1553651.js"></script>
<script src="/{self.sub}/gkmlpt/static/js/app.js"></script>
</body></html>
""")

        def api(column: int, items: list[dict], name: str):
            def route(query: str, headers: dict, body: bytes) -> Resource:
                args = parse_qs(query)
                page = int(args.get("page", ["1"])[0] or 1)
                if args.get("sid", [""])[0] != str(self.sid) or page > max(1, -(-len(items) // 100)):
                    return Resource(b"<html><body>404 Not Found</body></html>", status=404)
                start = (max(page, 1) - 1) * 100
                obj = {"classify": {"id": column, "name": name, "parent": 0, "post_count": len(items),
                                    "theme_count": len(items)}, "articles": items[start:start + 100]}
                return Resource(json.dumps(obj, ensure_ascii=False).encode(), "application/json")
            return route

        self.portal.routes[f"{base}/gkmlpt/api/all/{self.column}"] = api(self.column, self.articles, "政府信息公开年报")
        self.portal.routes[f"{base}/gkmlpt/api/all/{self.column - 5}"] = api(self.column - 5, self.others, "工作动态")


def build() -> Portal:
    p = Portal("guangdong", [("练溪区", f"{HOST}/zwgk/")])
    nav = ('<ul><li><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a></li>'
           '<li><a href="/gkmlpt/index">政府信息公开目录</a></li>'
           '<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a><ul>'
           '<li><a href="/zwgk/zfxxgknb/qzf/">区政府</a></li>'
           '<li><a href="/zwgk/zfxxgknb/bm/2024n/">区直部门（2024年）</a></li>'
           '<li><a href="/zwgk/zfxxgknb/bm/2023n/">区直部门（2023年）</a></li></ul></li></ul>')
    qzf = Static(p, "/zwgk/zfxxgknb/qzf/", "区政府")
    for year in range(2024, 2012, -1):
        qzf.add(f"练溪区{year}年政府信息公开工作年度报告", f"{year + 1}-03-2{year % 9}", "report", "练溪区人民政府", year)
        if year == 2023:
            qzf.add("一图读懂练溪区2023年政府信息公开工作年度报告", "2024-03-28", "picture")
            qzf.add("练溪区2023年政府信息公开工作年度报告解读", "2024-03-28", "jiedu", "练溪区人民政府", 2023)
    qzf.add("2017年练溪区人民政府政府信息公开年度报告", "2018-01-31", "report", "练溪区人民政府", 2017)
    qzf.add("练溪区政务服务数据管理局关于政府网站年度工作报表的公告", "2018-01-20", "news")
    qzf.build(nav)
    depts = ("练溪区发展和改革局", "练溪区教育局", "练溪区财政局", "练溪区生态环境分局", "练溪区民政局",
             "练溪区司法局", "练溪区统计局")
    for year in (2024, 2023):
        col = Static(p, f"/zwgk/zfxxgknb/bm/{year}n/", f"区直部门（{year}年）", size=5)
        for agency in depts:
            col.add(f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-2{len(col.items) % 9}", "report", agency, year)
        col.build(nav)
    p.page(f"{HOST}/zwgk/zfxxgknb/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报-{SITE}</title></head>
<body><div class="side">{nav}</div><div class="main"><h3 class="title">政府信息公开年报</h3>
<div class="sub"><a href="/zwgk/zfxxgknb/qzf/">区政府</a> <a href="/zwgk/zfxxgknb/bm/2024n/">区直部门（2024年）</a>
<a href="/zwgk/zfxxgknb/bm/2023n/">区直部门（2023年）</a></div></div></body></html>
""")
    towns = [("lxhz", 757031, "练溪区横洲镇人民政府", 2972), ("lxsz", 757032, "练溪区沙洲街道办事处", 3127)]
    for sub, sid, agency, column in towns:
        g = Gkmlpt(p, sub, sid, agency, column)
        for year in (2024, 2023, 2022, 2021):
            g.add(f"{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-2{year % 9}", "report", year)
        g.add(f"{agency[3:]}召开政务公开工作会议", "2024-05-06", "news", column=column - 5)
        g.build()
    p.page(f"{HOST}/zwgk/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开-{SITE}</title></head>
<body><!-- [held-out note] header omitted --><div class="side">{nav}</div>
<div class="zjgk"><h3>镇街政府信息公开</h3><ul>
<li><a href="/lxhz/gkmlpt/index" target="_blank">横洲镇</a></li>
<li><a href="/lxsz/gkmlpt/index" target="_blank">沙洲街道</a></li></ul></div>
</body></html>
""")
    p.page(f"{HOST}/zwgk/zfxxgkzn/", f'<html><head><meta charset="utf-8"><title>政府信息公开指南</title></head><body>{nav}</body></html>')
    return p
