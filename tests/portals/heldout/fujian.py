"""Held-out Fujian 集约化 TRS platform county portal: an avalon.js column shell whose first page is static and
whose further pages come only from the platform's list API (`POST /fjdzapp/search`), for the county's column and a
department sub-column.

Evidence:
- the column shell (`ms-controller="list"`, the static first page under `ms-visible="showStatic"`, the avalon
  template `ms-attr-href="el.chnldocurl"`, the `page_base` pager bar): reference/samples/pages/
  pingtan-nianbao-list.html (a real capture), kept here in its structure with our items.
- the list API: public crawlers of real Fujian columns POST to `<host>/fjdzapp/search` the form channelid=229105,
  sortfield=-docorderpri,-docreltime, classsql=chnlid=<column>, classcol=publishyear, classnum=100, classsort=0,
  cache=true, page=N, prepage=N, reading the count from the column page's `recordCount: '<n>'` (GitHub code,
  find_string "fjdzapp/search": ids 25255462330 yjj.scjgj.fujian.gov.cn, 68698487497 scjgj.fujian.gov.cn,
  2419652398 gxt.fujian.gov.cn); the page's call `listModel({… listArgs: {channelid, classsql}})` is described in
  reference/real-pages/README.md (no capture of the call itself: its exact layout here is ours).
- the answer's shape (error, page, prepage, pageCount, recordCount, data[docid2, doctitle, docpuburl, chnldocurl,
  url, docreltime "YYYY.MM.DD hh:mm:ss", sourcename, files, pics, …]): reference/real-pages/
  sanming-zfxxgkndbg-index-api_p001.json (real).
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs

from sites import Resource

from .common import Portal, interpretation_body, news_body, picture_body, report_body
from .trs import _article

HOST = "http://www.yongxi.gov.cn"
SITE = "永溪县人民政府"


class Column:
    def __init__(self, portal: Portal, path: str, chnlid: int, name: str, prepage: int) -> None:
        self.portal, self.path, self.chnlid, self.name, self.prepage = portal, path, chnlid, name, prepage
        self.docs: list[dict] = []

    def add(self, title: str, date: str, source: str, kind: str, agency: str = "", year: int = 0) -> None:
        docid = 90000 + self.chnlid % 100 * 100 + len(self.docs)
        ym, ymd = date[:7].replace("-", ""), date.replace("-", "")
        url = f"{HOST}{self.path}{ym}/t{ymd}_{docid}.htm"
        body = {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
                "picture": lambda: picture_body(title), "news": lambda: news_body(title)}[kind]()
        self.portal.page(url, _article(title, date, source, body).replace("南溪县", "永溪县"))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(url)
        self.docs.append({"docid2": docid, "bgxz": "", "chnl": self.name, "chnldocurl": url, "content": "",
                          "docabstract": "", "doclogo": "", "docpeople": "", "docpuburl": url,
                          "docreltime": date.replace("-", ".") + " 10:00:00", "doctitle": title, "doctype": 20,
                          "efftype": "", "fileno": "", "idxid": "", "itvid": "", "modal": 1, "pubdate": "",
                          "puborg": "", "recid": docid + 100000, "sourcename": source, "subdoctitle": "", "type": 20,
                          "url": url, "ztcx": "", "tpfl": "", "pics": [], "files": [],
                          "_docpuburl": url.rsplit("/", 1)[0] + "/", "rels": []})

    def api(self, query: str, headers: dict, body: bytes) -> dict | None:
        args = {**parse_qs(query), **parse_qs(body.decode("utf-8", "replace"))}
        if args.get("classsql", [""])[0] != f"chnlid={self.chnlid}":
            return None
        page = int(args.get("page", ["1"])[0])
        prepage = int(args.get("prepage", [str(self.prepage)])[0])
        total = len(self.docs)
        return {"error": False, "page": page, "prepage": prepage, "pageCount": -(-total // prepage),
                "recordCount": total, "data": self.docs[(page - 1) * prepage:page * prepage]}

    def build(self, nav: str) -> None:
        static = "".join(f"""
                                        <dl>
                                            <dd class="trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                <a href="./{d['chnldocurl'][len(HOST + self.path):]}" target="_blank" title="{d['doctitle']}">{d['doctitle']}</a>
                                            </dd>
                                            <dd class="trt-col-4 trt-col-sm-24 slb-trt-col-24 text_align_left">
                                                {d['docreltime'][:10].replace('.', '-')}
                                            </dd>
                                        </dl>
""" for d in self.docs[:self.prepage])
        html = f"""<!DOCTYPE html>
<html>
<head>
    <meta charset="utf-8">
    <meta name="SiteName" content="{SITE}">
    <meta name="ColumnName" content="{self.name}">
    <title>{self.name}_{SITE}</title>
    <link rel="stylesheet" type="text/css" href="/images/trt_ui_v2.css">
    <script src="/images/avalon.min.js"></script>
</head>
<body>
<!-- [held-out note] header and the platform's left navigation omitted -->
<div class="left_nav">{nav}</div>
                        <div class="trt-col-19 trt-col-sm-24 slb-trt-col-24">
                            <div class="tabs info_tabs" ms-controller="list">
                                <div class="tabs_header">
                                    <ul>
                                        <li class="on"><a class="cur_def" href="javascript:;">{self.name}</a></li>
                                    </ul>
                                </div>
                                <div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="showStatic">
                                    {static}
                                </div>
                                <div class="rules_tabs_01 rules_tabs_no_bg" ms-visible="!showStatic" style="display: none">
                                    <dl ms-if="list.length>0" ms-repeat="list" ms-if-loop="$index<{self.prepage}">
                                        <dd class="trt-col-sm-24 slb-trt-col-24 text_align_left">
                                            <a ms-attr-href="el.chnldocurl" ms-attr-title="el.doctitle" ms-text="el.doctitle|html" target="_blank"></a>
                                        </dd>
                                        <dd class="trt-col-4 trt-col-sm-24 slb-trt-col-24 text_align_left" ms-text="el.docreltime|date('yyyy-MM-dd')">
                                        </dd>
                                    </dl>
                                </div>
                                <div class="page_base mar_t_base" ms-controller="list_pagebar" ms-include-src="pgTemp" ms-if="pageCount>0"></div>
                            </div>
                        </div>
<script>
    listModel({{
        ctrlName: 'list',
        url: '/fjdzapp/search',
        method: 'post',
        recordCount: '{len(self.docs)}',
        listArgs: {{
            channelid: '229105',
            sortfield: '-docorderpri,-docreltime',
            classsql: 'chnlid={self.chnlid}',
            classcol: 'publishyear',
            classnum: '100',
            classsort: '0',
            cache: 'true',
            page: 1,
            prepage: {self.prepage}
        }}
    }});
</script>
<!-- [held-out note] footer omitted -->
</body>
</html>
"""
        self.portal.page(f"{HOST}{self.path}", html)
        self.portal.page(f"{HOST}{self.path}index.htm", html)


def build() -> Portal:
    p = Portal("fujian", [("永溪县", f"{HOST}/zwgk/zfxxgk/")])
    county = Column(p, "/zwgk/zfxxgk/zfxxgknb/", 41207, "政府信息公开年报", 10)
    depts = Column(p, "/zwgk/zfxxgk/zfxxgknb/bmnb/", 41208, "部门政府信息公开年报", 10)
    c = county.add
    for year in range(2024, 2009, -1):
        title = f"永溪县{year}年度政府信息公开工作年度报告" if year > 2019 else f"永溪县{year}年政府信息公开工作年度报告"
        c(title, f"{year + 1}-03-{10 + year % 15:02d}", "县政府办", "report", "永溪县人民政府", year)
        if year == 2024:
            c("【图解】永溪县2024年度政府信息公开工作年度报告", "2025-03-20", "县政府办", "picture")
        if year == 2022:
            c("永溪县2022年度政府信息公开工作年度报告（H5版）", "2023-03-18", "县政府办", "picture")
    d = depts.add
    for agency in ("永溪县财政局", "永溪县民政局", "永溪县人力资源和社会保障局", "永溪县住房和城乡建设局",
                   "永溪县交通运输局", "永溪县农业农村局", "永溪县文体和旅游局", "永溪县应急管理局"):
        d(f"{agency}2024年度政府信息公开工作年度报告", "2025-01-25", agency[3:], "report", agency, 2024)
    for agency in ("永溪县财政局", "永溪县民政局", "永溪县人力资源和社会保障局", "永溪县住房和城乡建设局"):
        d(f"{agency}2023年度政府信息公开工作年度报告", "2024-01-24", agency[3:], "report", agency, 2023)
    d("永溪县民政局2023年度政府信息公开工作年度报告解读", "2024-01-26", "民政局", "jiedu", "永溪县民政局", 2023)
    d("永溪县财政局召开政务公开工作会议", "2023-05-06", "财政局", "news")
    nav = ('<ul><li><a href="/zwgk/zfxxgk/zfxxgkzn/">政府信息公开指南</a></li>'
           '<li><a href="/zwgk/zfxxgk/zfxxgkzd/">政府信息公开制度</a></li>'
           '<li><a href="/zwgk/zfxxgk/fdzdgknr/">法定主动公开内容</a></li>'
           '<li><a href="/zwgk/zfxxgk/zfxxgknb/">政府信息公开年报</a>'
           '<ul><li><a href="/zwgk/zfxxgk/zfxxgknb/bmnb/">部门年报</a></li></ul></li></ul>')
    county.build(nav)
    depts.build(nav)

    def search(query: str, headers: dict, body: bytes) -> Resource:
        for col in (county, depts):
            answer = col.api(query, headers, body)
            if answer is not None:
                return Resource(json.dumps(answer, ensure_ascii=False).encode(), "application/json;charset=UTF-8")
        return Resource(b'{"error": true, "msg": "\\u53c2\\u6570\\u9519\\u8bef"}', "application/json;charset=UTF-8")

    p.routes[f"{HOST}/fjdzapp/search"] = search
    p.page(f"{HOST}/zwgk/zfxxgk/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开_{SITE}</title></head>
<body><!-- [held-out note] header omitted --><div class="xxgk_nav">{nav}</div></body></html>
""")
    for key, name in (("zfxxgkzn", "政府信息公开指南"), ("zfxxgkzd", "政府信息公开制度"), ("fdzdgknr", "法定主动公开内容")):
        p.page(f"{HOST}/zwgk/zfxxgk/{key}/", f'<html><head><meta charset="utf-8"><title>{name}</title></head><body>{nav}</body></html>')
    return p
