"""The Fujian 集约化 TRS platform: avalon.js column pages listing through the platform API.

Evidence:
- www.pingtan.gov.cn serves the real 政府信息公开年报 column page verbatim
  (reference/samples/pages/pingtan-nianbao-list.html: static first screen of ten reports
  `./YYYYMM/tYYYYMMDD_<id>.htm`, the avalon template, `<meta name="ChnlId" content="1813">`,
  `SiteInfo.searchId: 200210`). Older reports (2013–2015) are only in the API's answer, as on the site,
  where the static screen holds the first ten. The API answers in the shape of the real 三明 response
  (reference/real-pages/sanming-zfxxgkndbg-index-api_p001.json: data[] of doctitle/docpuburl/chnldocurl/
  docreltime "YYYY.MM.DD hh:mm:ss", pageCount, recordCount).
- www.sm.gov.cn answers the read-only list `GET /fjdzapp/data?…classsql=chnlid=1377…` with the real 三明
  response verbatim (reference/real-pages/sanming-zfxxgkndbg-index-api_p001.json, its links https://…);
  its column page is modelled on the Pingtan page (ChnlId meta, avalon template, a static first screen of
  three) — the real 三明 column page was not saved — and it has no SiteInfo.searchId, so the data list is
  the only way to the older reports. The answer's URLs are https and the test proxy refuses TLS, so they
  are served rewritten to http:// (the only change to the answer).
- www.fj-fam.gov.cn, a department column whose script calls the list model with `listArgs` and POSTs
  them to /fjdzapp/search: the field names and values are those public crawlers of fujian.gov.cn,
  scjgj/yjj.scjgj/sthjt/gxt.fujian.gov.cn post (channelid=229105, sortfield=-docorderpri,-docreltime,
  classsql=chnlid=<column>, classcol=publishyear, classnum=100, classsort=0, cache=true, page, prepage),
  and the page's `recordCount: 'N'` (read by the yjj crawler). The script around them is only described
  (issue 8, reference/real-pages/README.md): no saved page shows a `listModel({…})` call in full.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import parse_qs

import lxml.html
from sites import Resource

from . import Doc, Site, detail, distractors, expected, json_res, page, report, res

PINGTAN = "http://www.pingtan.gov.cn"
COLUMN = "/zwgk/zfxxgk/zfxxgknb/"
REFERENCE = Path(__file__).resolve().parents[3] / "reference"
REAL_PAGE = REFERENCE / "samples" / "pages" / "pingtan-nianbao-list.html"
SANMING_JSON = REFERENCE / "real-pages" / "sanming-zfxxgkndbg-index-api_p001.json"
SANMING = "http://www.sm.gov.cn"
SM_COLUMN = "/smsrmzfbgs/smsrmzf/zfxxgkndbg/"
HOST = "http://www.fj-fam.gov.cn"


def _static_reports() -> list[tuple[Doc, str]]:
    """The reports of the real page's static screen: (report, its relative URL)."""
    root = lxml.html.fromstring(REAL_PAGE.read_bytes())
    out = []
    for a in root.xpath("//div[@ms-visible='showStatic']//a[@href]"):
        title = a.get("title")
        date = a.xpath("normalize-space(ancestor::dl[1]/dd[2])")
        year = int(title.split("综合实验区")[1][:4])
        out.append((report("平潭综合实验区", year, date, a.get("href").rsplit("_", 1)[1].split(".")[0], title), a.get("href")))
    return out


def _api_record(doc: Doc, url: str) -> dict:
    return {"doctitle": doc.title, "docpuburl": url, "chnldocurl": url, "url": url, "chnl": "政府信息公开年报",
            "docreltime": doc.published.replace("-", ".") + " 10:00:00", "sourcename": "政府信息公开办", "files": [],
            "pics": []}


def build() -> Site:
    routes: dict[str, object] = {}
    static = _static_reports()
    older = [report("平潭综合实验区", y, f"{y + 1}-02-1{y % 10}", f"9{y}", f"平潭综合实验区{y}年度政府信息公开工作年度报告")
             for y in (2015, 2014, 2013)]
    listed = [(d, PINGTAN + COLUMN + u[2:]) for d, u in static]
    listed += [(d, f"{PINGTAN}{COLUMN}{d.published[:7].replace('-', '')}/t{d.published.replace('-', '')}_{d.ident}.htm")
               for d in older]
    routes[PINGTAN + COLUMN] = Resource(REAL_PAGE.read_bytes(), "text/html; charset=utf-8")

    def search(query: str, headers: dict, body: bytes) -> Resource:
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if q.get("channelid") != "200210" or q.get("classsql") != "chnlid=1813":
            return json_res('{"error": false, "data": [], "pageCount": 0, "recordCount": 0}')
        size, n = int(q.get("prepage", 10)), int(q.get("page", 1))
        chunk = listed[(n - 1) * size:n * size]
        return json_res(json.dumps({"error": False, "page": n, "prepage": size, "pageCount": -(-len(listed) // size),
                                    "recordCount": len(listed), "data": [_api_record(d, u) for d, u in chunk]},
                                   ensure_ascii=False))

    routes[PINGTAN + "/fjdzapp/search"] = search
    for d, u in listed:
        routes[u] = detail(d, 'div class="TRS_Editor"')

    # A department column: listModel with listArgs, POST /fjdzapp/search, 3 a page.
    docs = [report(a, y, f"{y + 1}-01-1{i}", f"5{i}{y}") for i, a in enumerate(("福安区教育局", "福安区民政局")) for y in (2024, 2023, 2022)]
    docs.insert(2, distractors("福安区教育局", 2024, "590")[2])
    docs.insert(5, distractors("福安区教育局", 2023, "591")[0])
    column = "/zwgk/zfxxgkzl/zfxxgknb/"
    urls = [f"{HOST}{column}{d.published[:7].replace('-', '')}/t{d.published.replace('-', '')}_{d.ident}.htm" for d in docs]
    first = "".join(f'<dl><dd><a href="./{u.split(column)[1]}" target="_blank" title="{html.escape(d.title)}">'
                    f"{html.escape(d.title)}</a></dd><dd>{d.published}</dd></dl>" for d, u in list(zip(docs, urls, strict=True))[:3])
    script = ("<script>\nlistModel({\n    listId: 'list',\n    pageBarId: 'list_pagebar',\n    recordCount: '" + str(len(docs)) +
              "',\n    listArgs: {\n        url: '/fjdzapp/search',\n        channelid: '229105',\n"
              "        sortfield: '-docorderpri,-docreltime',\n        classsql: 'chnlid=4910',\n        classcol: 'publishyear',\n"
              "        classnum: '100',\n        classsort: '0',\n        cache: 'true',\n        page: 1,\n        prepage: 3\n    }\n});\n</script>")
    body = ('<div class="tabs" ms-controller="list"><div ms-visible="showStatic">' + first + "</div>"
            '<dl ms-repeat="list"><dd><a ms-attr-href="el.chnldocurl" ms-text="el.doctitle|html"></a></dd>'
            "<dd ms-text=\"el.docreltime|date('yyyy-MM-dd')\"></dd></dl>"
            '<div ms-controller="list_pagebar" ms-include-src="pgTemp" ms-if="pageCount>0"></div></div>' + script)
    routes[HOST + column] = res(page("政府信息公开年报", body, head='<meta name="ChnlId" content="4910">')
                                .replace("<html>", '<html ms-controller="windowRoot">', 1))

    def post_search(query: str, headers: dict, body: bytes) -> Resource:
        form = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        if form.get("channelid") != "229105" or form.get("classsql") != "chnlid=4910":
            return json_res('{"data": [], "pageCount": 0}')
        size, n = int(form.get("prepage", 15)), int(form.get("page", 1))
        chunk = list(zip(docs, urls, strict=True))[(n - 1) * size:n * size]
        return json_res(json.dumps({"page": n, "pageCount": -(-len(docs) // size), "recordCount": len(docs),
                                    "data": [_api_record(d, u) for d, u in chunk]}, ensure_ascii=False))

    routes[HOST + "/fjdzapp/search"] = post_search
    for d, u in zip(docs, urls, strict=True):
        routes[u] = detail(d, 'div class="TRS_Editor"')
    sanming = _sanming(routes)
    return Site("fujian", [("平潭综合实验区", PINGTAN + COLUMN), ("福安区", HOST + column), ("三明市", SANMING + SM_COLUMN)],
                routes, expected([d for d, _ in listed] + docs + sanming))  # type: ignore[arg-type]


def _sanming(routes: dict) -> list[Doc]:
    """三明: the real list answer served at /fjdzapp/data; a column shell with the three newest reports static."""
    answer = json.loads(SANMING_JSON.read_text(encoding="utf-8"))
    docs = []
    for rec in answer["data"]:
        year = int(rec["doctitle"][3:7])
        docs.append((report("三明市", year, rec["docreltime"][:10].replace(".", "-"), str(rec["docid2"]), rec["doctitle"]),
                     rec["docpuburl"].replace("https://", "http://")))
    first = "".join(f'<dl><dd><a href="./{u.split(SM_COLUMN)[1]}" target="_blank" title="{html.escape(d.title)}">'
                    f"{html.escape(d.title)}</a></dd><dd>{d.published}</dd></dl>" for d, u in docs[:3])
    body = ('<div class="tabs info_tabs" ms-controller="list"><div class="rules_tabs_01" ms-visible="showStatic">' + first +
            '</div><dl ms-if="list.length>0" ms-repeat="list"><dd><a ms-attr-href="el.chnldocurl" ms-attr-title="el.doctitle"'
            ' ms-text="el.doctitle|html"></a></dd></dl><div ms-controller="list_pagebar" ms-include-src="pgTemp"'
            ' ms-if="pageCount>0"></div></div>')
    head = '<meta name="SiteName" content="三明市人民政府"><meta name="ChnlId" content="1377"><meta name="ColumnName" content="政府信息公开年报">'
    routes[SANMING + SM_COLUMN] = res(page("政府信息公开年报", body, head=head).replace("<html>", '<html ms-controller="windowRoot">', 1))
    raw = SANMING_JSON.read_bytes().replace(b"https://www.sm.gov.cn/", b"http://www.sm.gov.cn/")

    def data(query: str, headers: dict, body: bytes) -> Resource:
        q = {k: v[0] for k, v in parse_qs(query).items()}
        if q.get("classsql") != "chnlid=1377" or q.get("page", "1") != "1":
            return json_res('{"error": false, "page": 2, "pageCount": 1, "recordCount": 13, "data": []}')
        return Resource(raw, "application/json;charset=UTF-8")

    routes[SANMING + "/fjdzapp/data"] = data
    for d, u in docs:
        routes[u] = detail(d, 'div class="TRS_Editor"')
    return [d for d, _ in docs]


SITE = build()
