"""Hanweb 大汉 JCMS columns, three real variants.

Evidence (public crawler code and fixtures found with the search tool):
- col3001, the JCMS datastore column: the 江苏省人民政府 column page kept as a fixture in a public test
  (`<div id="212860"><script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/
  dataproxy.jsp?page=1&appid=1&webid=1&path=/&columnid=33718&unitid=212860&webname=…&permissiontype=0">
  </a>]]></nextgroup><recordset><record><![CDATA[<li><a href='/art/2026/9/11/art_33718_11828204.html'
  title='…'>…</a><span>2026-09-11</span></li>]]></record>…` then `var param_212860={columnid:33718,
  unitid:'212860'}; $('#212860').jpage({totalRecord:4895,perPage:19});`) and a public crawler of
  www.nhsa.gov.cn (`/col/col<N>/index.html` holds perPage × 3 records; `var param_<unit> = {…}`;
  `totalRecord:N` in the jpage call; POST `/module/web/jpage/dataproxy.jsp?startrecord=46&endrecord=90&
  perpage=15` with the param fields, answered with `<totalrecord>N</totalrecord>` and one record of
  overlap with the previous group). No `<totalrecord>` in the column page itself.
- col3002, the old jpage: the 南通市政府采购网 page stored in a public SQL dump
  (`var InitData49468 = ['…', …];$(function(){$('#49468').jpage({themeName:'default',showMode:'full',
  totalRecord:1418,openCookies:false,dataBefore:'',dataStore:InitData49468,dataAfter:'',groupSize:3,
  proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',perPage:25,barPosition:'bottom',ajaxParam:{col:1,
  appid:'1',webid:60,path:'/',columnid:30067,unitid:'49468',webname:'…',permissiontype:0}});});`) and
  the form posted by public crawlers of jsgzw.jiangsu.gov.cn and jsxy.zucc.edu.cn.
- col3003, "load more" lists: `/module/web/jpage/morecolumndataproxy.jsp?page={n}&appid=1&webid=1&path=/&
  columnid={ID}&unitid=6412&keyWordCount=30` (a public research note on iachina.cn, not called there:
  the answer's shape is assumed to be the same XML of records, which it says).
- Articles: old `/art/YYYY/M/D/art_<col>_<id>.html` (all the above) and new `/art/YYYY/art_<32 hex>.html`
  (only described in issue 8; no saved page).
"""

from __future__ import annotations

import hashlib
import html
from urllib.parse import parse_qs

from sites import Resource

from . import Doc, Site, detail, distractors, expected, home, page, report, res, xml_res

HOST = "http://www.hanweb-fam.gov.cn"
WEBNAME = "汉网县人民政府"


def _new_id(doc: Doc) -> str:
    return hashlib.md5(doc.ident.encode()).hexdigest()


def art_path(doc: Doc, col: int, new: bool = False) -> str:
    y, m, d = (int(x) for x in doc.published.split("-"))
    return f"/art/{y}/art_{_new_id(doc)}.html" if new else f"/art/{y}/{m}/{d}/art_{col}_{doc.ident}.html"


def record(doc: Doc, col: int, new: bool = False) -> str:
    t = html.escape(doc.title, quote=True)
    return (f"<record><![CDATA[<li><a href='{art_path(doc, col, new)}' title='{t}' target='_blank'>{t}</a>"
            f"<span>{doc.published}</span></li>]]></record>")


def _q(query: str) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(query).items()}


def build() -> Site:
    routes: dict[str, object] = {}

    # col3001: datastore column, perPage 2 × groupSize 3 = 6 records inline, the rest by POST.
    gov = [report("汉网县人民政府", y, f"{y + 1}-01-{15 + y % 10}", f"31{y}") for y in range(2024, 2016, -1)]
    col1 = gov[:3] + distractors("汉网县人民政府", 2023, "3190")[:3] + gov[3:] + distractors("汉网县人民政府", 2021, "3191")[3:]
    new_style = {gov[0].ident, gov[1].ident}  # the newest articles use the new URL scheme

    def rec1(d: Doc) -> str:
        return record(d, 3001, d.ident in new_style)

    nextgroup = (f'<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=1&path=/'
                 f'&columnid=3001&unitid=7001&webname={WEBNAME}&permissiontype=0"></a>]]></nextgroup>')
    body1 = (f'<div class="list"><div id="7001"><script type="text/xml"><datastore>{nextgroup}<recordset>'
             f'{"".join(rec1(d) for d in col1[:6])}</recordset></datastore></script></div></div>'
             "<script>var param_7001 = {col:1,appid:1,webid:1,path:'/',columnid:3001,sourceContentType:1,"
             f"unitid:'7001',webname:'{WEBNAME}',permissiontype:0}};"
             f"$('#7001').jpage({{totalRecord:{len(col1)},perPage:2,groupSize:3,proxyUrl:'/module/web/jpage/dataproxy.jsp',"
             "ajaxParam:param_7001,barPosition:'bottom',showMode:'full'});</script>")
    routes["/col/col3001/index.html"] = res(page("政府信息公开年报", body1))

    def proxy(query: str, headers: dict, body: bytes) -> Resource:
        q, form = _q(query), _q(body.decode())
        if form.get("columnid") != "3001" or form.get("unitid") != "7001" or "startrecord" not in q:
            return xml_res("<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>")
        start, end = int(q["startrecord"]), int(q["endrecord"])
        chunk = col1[max(start - 2, 0):end]  # one record of overlap with the previous group, as real answers
        return xml_res(f'<?xml version="1.0" encoding="UTF-8"?><datastore><totalrecord>{len(col1)}</totalrecord>'
                       f'<recordset>{"".join(rec1(d) for d in chunk)}</recordset></datastore>')

    routes["/module/web/jpage/dataproxy.jsp"] = proxy

    # col3002: the old jpage, records in an InitData array, ajaxParam inline, another proxy path.
    depts = [report(a, y, f"{y + 1}-01-2{i}", f"32{i}{y}") for i, a in enumerate(("汉网县教育局", "汉网县民政局"))
             for y in (2023, 2022, 2021)]
    col2 = depts[:2] + distractors("汉网县教育局", 2023, "3290")[:2] + depts[2:]
    init = ",".join("'" + f"<li><a href=\"{art_path(d, 3002)}\" title=\"{d.title}\">{d.title}</a><span>{d.published}</span></li>"
                    .replace("'", "\\'") + "'" for d in col2[:4])
    body2 = (f'<div id="49468"></div><script>var InitData49468 = [{init}];$(function(){{$(\'#49468\').jpage({{'
             f"themeName:'default',showMode:'full',totalRecord:{len(col2)},openCookies:false,dataBefore:'<ul>',"
             "dataStore:InitData49468,dataAfter:'</ul>',groupSize:2,proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',"
             "perPage:2,barPosition:'bottom',ajaxParam:{col:1,appid:'1',webid:60,path:'/',columnid:3002,unitid:'49468',"
             f"webname:'{WEBNAME}',permissiontype:0}}}});}});</script>")
    routes["/col/col3002/index.html"] = res(page("部门信息公开年报", body2))

    def old_proxy(query: str, headers: dict, body: bytes) -> Resource:
        q, form = _q(query), _q(body.decode())
        if form.get("columnid") != "3002" or "startrecord" not in q:
            return xml_res("<datastore><totalrecord>0</totalrecord><recordset></recordset></datastore>")
        chunk = col2[int(q["startrecord"]) - 1:int(q["endrecord"])]
        return xml_res(f'<datastore><totalrecord>{len(col2)}</totalrecord><recordset>'
                       f'{"".join(record(d, 3002) for d in chunk)}</recordset></datastore>')

    routes["/module/jslib/jquery/jpage/dataproxy.jsp"] = old_proxy

    # col3003: a "load more" list through morecolumndataproxy.jsp?page=N (GET).
    towns = [report(a, 2023, "2024-01-1" + str(i), f"33{i}") for i, a in enumerate(("汉网县城关镇人民政府", "汉网县东乡人民政府",
                                                                                      "汉网县西乡人民政府", "汉网县南街道办事处"))]
    col3 = towns[:2] + [distractors("汉网县城关镇人民政府", 2023, "3390")[5]] + towns[2:]
    body3 = ('<div id="6412"><script type="text/xml"><datastore><recordset>'
             f'{"".join(record(d, 3003) for d in col3[:2])}</recordset></datastore></script></div>'
             f"<script>$('#6412').jpage({{totalRecord:{len(col3)},perPage:2,proxyUrl:'/module/web/jpage/morecolumndataproxy.jsp',"
             "ajaxParam:{appid:1,webid:1,path:'/',columnid:3003,unitid:6412,keyWordCount:30}});</script>")
    routes["/col/col3003/index.html"] = res(page("乡镇政府信息公开年报", body3))

    def more(query: str, headers: dict, body: bytes) -> Resource:
        q = _q(query)
        n = int(q.get("page", 1))
        if q.get("columnid") != "3003":
            return xml_res("<datastore><recordset></recordset></datastore>")
        return xml_res(f'<datastore><recordset>{"".join(record(d, 3003) for d in col3[(n - 1) * 2:n * 2])}'
                       "</recordset></datastore>")

    routes["/module/web/jpage/morecolumndataproxy.jsp"] = more

    for col, docs in ((3001, col1), (3002, col2), (3003, col3)):
        for d in docs:
            routes[art_path(d, col, col == 3001 and d.ident in new_style)] = detail(d, 'div id="zoom"')
    routes["/"] = home(f"{WEBNAME}门户网站", [("/col/col3001/index.html", "政府信息公开年报"),
                                          ("/col/col3002/index.html", "部门政府信息公开年报"),
                                          ("/col/col3003/index.html", "乡镇政府信息公开年报")])
    routes["/xwzx/"] = res(page("新闻中心", "<ul><li><a href='/art/2024/3/2/art_9_1.html'>县长调研春耕</a></li></ul>"))
    return Site("hanweb", [(WEBNAME, HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col1 + col2 + col3))


SITE = build()
