"""Guangdong: a static 集约化 column and the 政府信息公开目录 `gkmlpt`.

Evidence:
- Static columns: portals-seed.csv rows of www.lg.gov.cn, amr.sz.gov.cn, www.szpsq.gov.cn
  (`…/xxgknb/qzfgzbm/content/post_11956962.html`), PORTALS.md (`index.html`, `index_2.html`, 共N页).
- gkmlpt: public crawlers of www.gd.gov.cn (`/gkmlpt/api/all/5?page=1&sid=2`, `articles`, `total`,
  `display_publish_time`), jr.sz.gov.cn (`/gkmlpt/api/all/2811?page={}&sid=755031`), gdee/dg.gov.cn
  (`…/gkmlpt/index#3155` -> `…/gkmlpt/api/all/3155?page=1`), a Zhaoqing/Yangjiang/Shantou crawler that
  checks the answer (`classify {id, name, post_count}`, `total`, `offset`, 100 `articles` a page with
  `id`, `title`, `url` `…/gkmlpt/content/<d>/<d>/post_<id>.html`, unix `create_time`, `type` normal|url)
  and a probe that tells gkmlpt pages by `SID: '…'` in an inline script. The page itself is a Vue shell
  (only described: its category TREE script is modelled on the `DETAIL: {…}, TREE:` inline data the
  Zhaoqing crawler reads). The page size is cut from 100 to 3 here so the fixture pages.
"""

from __future__ import annotations

import html
import json
from urllib.parse import parse_qs

from sites import Resource

from . import Doc, Site, detail, distractors, expected, home, json_res, page, report, res

HOST = "http://www.gd-fam.gov.cn"
SID = "755031"
PAGE_SIZE = 3


def post_url(doc: Doc, prefix: str = "/gkmlpt/content") -> str:
    n = int(doc.ident)
    return f"{prefix}/{n // 1000000}/{n // 1000 % 1000}/post_{n}.html"


def build() -> Site:
    routes: dict[str, object] = {}
    # gkmlpt: category 2846 政府信息公开年报 (7 items), 2847 政策解读 (a neighbour), SID in the page.
    gov = [report("粤东区人民政府", y, f"{y + 1}-01-1{y % 9}", str(1000000 + y * 10)) for y in range(2024, 2018, -1)]
    cat = gov[:2] + [distractors("粤东区人民政府", 2024, "88")[1]] + gov[2:]
    for i, d in enumerate(cat):
        if not d.is_report:
            cat[i] = Doc(d.title, d.published, ident="1000888")
    tree = json.dumps([{"id": 2840, "name": "政府信息公开", "children": [
        {"id": 2846, "name": "政府信息公开年报", "children": []}, {"id": 2847, "name": "政策解读", "children": []}]}],
        ensure_ascii=False)
    shell = ('<div id="app"></div><script>window._CONFIG = {SID: \'' + SID + "', BASE: '/gkmlpt/', "
             "TREE: " + tree + "};</script><script src=\"/gkmlpt/static/js/app.js\"></script>")
    routes["/gkmlpt/index"] = res(page("粤东区人民政府 政府信息公开目录", shell))

    def api(cat_id: int):
        def answer(query: str, headers: dict, body: bytes) -> Resource:
            q = {k: v[0] for k, v in parse_qs(query).items()}
            n = int(q.get("page", 1))
            items = cat if cat_id == 2846 else []
            chunk = items[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]
            arts = [{"id": int(d.ident), "title": d.title, "url": HOST + post_url(d), "type": "normal",
                     "create_time": 1700000000 + i, "display_publish_time": 1700000000 + i, "publisher": "粤东区人民政府",
                     "classify_main": cat_id} for i, d in enumerate(chunk)]
            return json_res(json.dumps({"classify": {"id": cat_id, "name": "政府信息公开年报", "post_count": len(items),
                                                     "jump_url": ""}, "total": len(items),
                                        "offset": (n - 1) * PAGE_SIZE, "articles": arts}, ensure_ascii=False))
        return answer

    routes["/gkmlpt/api/all/2846"] = api(2846)
    routes["/gkmlpt/api/all/2847"] = api(2847)
    for d in cat:
        routes[post_url(d)] = detail(d, 'div class="article-content"')

    # A static department column of 集约化 pages: index.html, index_2.html (共2页).
    depts = [report(a, y, f"{y + 1}-01-2{i}", str(2000000 + i * 100 + y % 100)) for i, a in enumerate(("粤东区水务局", "粤东区司法局"))
             for y in (2024, 2023)]
    col = depts[:2] + [distractors("粤东区水务局", 2024, "77")[3]] + depts[2:]
    col[2] = Doc(col[2].title, col[2].published, ident="2000777")
    for n, chunk in enumerate([col[:3], col[3:]], start=1):
        lis = "".join(f'<li><a href="{post_url(d, "/xxgk/xxgknb/bmxxgknb/content")}" title="{html.escape(d.title)}">'
                      f"{html.escape(d.title)}</a><span>{d.published}</span></li>" for d in chunk)
        nxt = '<a href="index_2.html">下一页</a>' if n == 1 else ""
        pager = f"<div class='page'>共2页 {nxt}</div>"
        routes[f"/xxgk/xxgknb/bmxxgknb/{'index.html' if n == 1 else f'index_{n}.html'}"] = res(
            page("部门信息公开年报", f"<ul class='list'>{lis}</ul>{pager}"))
    for d in col:
        routes[post_url(d, "/xxgk/xxgknb/bmxxgknb/content")] = detail(d)
    routes["/"] = home("粤东区人民政府门户网站", [("/gkmlpt/index#2846", "政府信息公开年报"),
                                            ("/xxgk/xxgknb/bmxxgknb/index.html", "部门信息公开年报")])
    out = {HOST + p: v for p, v in routes.items()}
    return Site("guangdong", [("粤东区人民政府", HOST + "/"), ("粤西镇人民政府", HOST2 + "/")], {**out, **_tree_only()},
                expected(cat + col + TOWN))  # type: ignore[arg-type]


HOST2 = "http://www.gd2-fam.gov.cn"
TOWN = [report("粤西镇人民政府", y, f"{y + 1}-01-0{y % 9 + 1}", str(3000000 + y)) for y in (2024, 2023, 2022, 2021)]


def _tree_only() -> dict:
    """A portal whose home links only its 政府信息公开目录: the 年报 category is found in the page's TREE
    script (name before id here), the SID beside it."""
    tree = ('[{"name": "政府信息公开", "id": 501, "children": [{"name": "政府信息公开年报", "id": 502, "children": []},'
            ' {"name": "其他文件", "id": 503, "children": []}]}]')
    routes: dict[str, object] = {
        "/": home("粤西镇人民政府", [("/gkmlpt/index", "政府信息公开目录")]),
        "/gkmlpt/index": res(page("政府信息公开目录", "<div id='app'></div><script>window._CONFIG = {SID: '760099', "
                                                  f"TREE: {tree}}};</script>")),
    }

    def api(query: str, headers: dict, body: bytes) -> Resource:
        q = {k: v[0] for k, v in parse_qs(query).items()}
        n, items = int(q.get("page", 1)), TOWN if q.get("sid") == "760099" else []
        chunk = items[(n - 1) * PAGE_SIZE:n * PAGE_SIZE]
        arts = [{"id": int(d.ident), "title": d.title, "url": f"{HOST2}{post_url(d)}", "type": "normal",
                 "create_time": 1700000000} for d in chunk]
        return json_res(json.dumps({"total": len(items), "offset": (n - 1) * PAGE_SIZE, "articles": arts}, ensure_ascii=False))

    routes["/gkmlpt/api/all/502"] = api
    for d in TOWN:
        routes[post_url(d)] = detail(d)
    return {HOST2 + p: v for p, v in routes.items()}


SITE = build()
