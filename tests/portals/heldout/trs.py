"""Held-out TRS WCM county portal: the 政府信息公开 platform lists the county's bodies (部门, 乡镇); each body's
section has its own 年报 column, paged by TRS's scripts only (no static pager link in the HTML a server sends).

Evidence:
- list items `./YYYYMM/tYYYYMMDD_<id>.html` in a table with the date in the next cell, and the pager written by
  `var countPage = N//共多少页` + `document.write(... "index"+"_" + i + "."+"html" ...)`:
  reference/real-pages/ordos-egb-xxgknb-list-index.html (鄂尔多斯 TRS column, a real capture); here served as a
  server sends it (the script only, not the browser's rendered pager).
- the 6-argument `createPageHTML('page_div', N, cur, 'list', 'shtml', total)` counts `cur` from 1 and names page N
  `list_N.shtml` (the first `list.shtml`): GitHub code of crawlers of real sites, find_string
  "createPageHTML('page_div',": ids 61047134289 (镇江 政府信息公开 template, "第 N 页 URL 为 前缀_N.shtml"),
  32885340562 (ganzhou.gov.cn `createPageHTML('page_div',10, 1,'list_zw_wj','shtml',278)`), 13608196070 (gfex),
  71154227959 (苏州 sites: "第 2 页可能是 _1 也可能是 _2"); the 4-argument `createPageHTML(N, cur, "index",
  "html")` counting from 0: PORTALS.md (a description).
- a real 年报 column mixing reports and news, several agencies in one column: the ordos page; TRS article body
  in `<div class=TRS_Editor>` under `.article_head h1`: reference/samples/pages/pingtan-2025-detail.html.
- 部门/乡镇 sections with their own 年报 column reached from the platform's list of bodies: issue 8 (the
  开普云 county portal it describes); the `/zwgk/bmxxgk/<dept>/` layout is ours (a description, not a capture).
"""

from __future__ import annotations

from .common import Portal, interpretation_body, news_body, notice_body, picture_body, report_body

HOST = "http://www.nanxi.gov.cn"
SITE = "南溪县人民政府"


def _article(title: str, date: str, source: str, body: str) -> str:
    return f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{SITE}">
<meta name="SiteDomain" content="www.nanxi.gov.cn">
<meta name="SiteIDCode" content="5115290001">
<meta name="ArticleTitle" content="{title}">
<meta name="PubDate" content="{date} 10:12">
<meta name="ContentSource" content="{source}">
<title>{title}_{SITE}</title>
</head>
<body>
<!-- [held-out note] site header and left navigation omitted -->
<div class="article_head">
  <h1>{title}</h1>
  <span class="article_time">时间：{date} 10:12</span> <span>来源：{source}</span>
</div>
<div class="article_area"><div class="article_content">
<div class=TRS_Editor>{body}</div>
</div></div>
<!-- [held-out note] footer omitted -->
</body>
</html>
"""


PAGER_COUNTPAGE = """<script language="JavaScript">
var currentPage = {cur};//所在页从0开始
var prevPage = currentPage-1//上一页
var nextPage = currentPage+1//下一页
var countPage = {n}//共多少页
//设置上一页代码
document.write("共计"+"&nbsp;<font style='color:#FF8008'>"+"{n}"+"&nbsp;</font>"+"页");
document.write("&nbsp;<a href=\\"index."+"html\\">首页</a>&nbsp;|");
if(countPage>1&&currentPage!=0&&currentPage!=1)
document.write("<a href=\\"index"+"_" + prevPage + "."+"html\\"><span class=greyfont>上一页</span></a>&nbsp;");
else if(countPage>1&&currentPage!=0&&currentPage==1)
document.write("<a href=\\"index.html\\">&nbsp;<span class=greyfont>上一页</span></a>&nbsp;");
else
document.write("&nbsp;上一页&nbsp;");
for(var i=0 ; i<=6 && (i<countPage); i++){{
if(currentPage==i)
document.write("&nbsp;<font style='color:#FF8008'>"+(i+1)+"</font>&nbsp;|");
else if(i==0)
document.write("&nbsp;<a href=\\"index.html\\">1</a>&nbsp;|");
else
if(i>0) document.write("&nbsp;<a href=\\"index"+"_" + i + "."+"html\\">"+(i+1)+"</a>&nbsp;|");
}}
</script>"""


class Column:
    """A TRS column: items on pages of `size`, pager script chosen by `pager` ('6arg', '4arg', 'countpage')."""

    def __init__(self, portal: Portal, path: str, name: str, size: int, pager: str, ext: str = "html",
                 crumbs: str = "") -> None:
        self.portal, self.path, self.name, self.size, self.pager, self.ext = portal, path, name, size, pager, ext
        self.crumbs = crumbs
        self.items: list[tuple[str, str, str]] = []

    def add(self, title: str, date: str, source: str, kind: str, agency: str = "", year: int = 0) -> None:
        ym, ymd = date[:7].replace("-", ""), date.replace("-", "")
        docid = 3400000 + sum(map(ord, self.path)) * 37 % 90000 + len(self.items)
        rel = f"./{ym}/t{ymd}_{docid}.{self.ext}"
        url = f"{HOST}{self.path}{rel[2:]}"
        body = {"report": lambda: report_body(agency, year), "jiedu": lambda: interpretation_body(agency, year),
                "picture": lambda: picture_body(title), "news": lambda: news_body(title),
                "notice": lambda: notice_body(year)}[kind]()
        self.portal.page(url, _article(title, date, source, body))
        (self.portal.reports if kind == "report" else self.portal.distractors).add(url)
        self.items.append((rel, title, date))

    def _pager(self, n: int, cur: int) -> str:
        if self.pager == "6arg":
            return (f'<div id="page_div" class="page"></div>\n<script type="text/javascript">\n'
                    f"createPageHTML('page_div', {n}, {cur + 1}, 'index', '{self.ext}', {len(self.items)});\n</script>")
        if self.pager == "4arg":
            return (f'<div class="page"><script type="text/javascript">\n'
                    f'createPageHTML({n}, {cur}, "index", "{self.ext}");\n</script></div>')
        return PAGER_COUNTPAGE.format(n=n, cur=cur)

    def build(self, nav: str) -> None:
        pages = [self.items[i:i + self.size] for i in range(0, len(self.items), self.size)] or [[]]
        for cur, items in enumerate(pages):
            rows = "".join(
                f'\n\t\t\t  <tr valign="top">\n\t\t\t\t<td width="25"><img src="../../images/ico2.jpg"></td>'
                f'\n\t\t\t\t<td width="550">\n\t\t\t\t\t<a href="{rel}" target="_blank" title="{title}">{title}</a>'
                f"\n\t\t\t\t</td>\n\t\t\t\t<td>\n\t\t\t\t\t{date}\n\t\t\t\t</td>\n\t\t\t  </tr>\n"
                for rel, title, date in items)
            html = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="SiteName" content="{SITE}">
<meta name="ColumnName" content="{self.name}">
<title>{self.name}_{SITE}</title>
<script type="text/javascript" src="/images/page.js"></script>
</head>
<body>
<!-- [held-out note] site header omitted -->
<div class="left">{nav}</div>
<table width="682" border="0" cellspacing="0" cellpadding="0">
  <tr><td class="pos" height="27">您现在的位置是：{self.crumbs}<a href="./" title="{self.name}" class="CurrChnlCls">{self.name}</a></td></tr>
  <tr><td height="678" valign="top">
    <table width="682" border="0" cellspacing="0" cellpadding="0" class="gl_list">
    <tbody>{rows}</tbody>
    </table>
  </td></tr>
  <tr><td align="center">{self._pager(len(pages), cur)}</td></tr>
</table>
<!-- [held-out note] footer omitted -->
</body>
</html>
"""
            name = "index" if cur == 0 else f"index_{cur + 1 if self.pager == '6arg' else cur}"
            self.portal.page(f"{HOST}{self.path}{name}.{self.ext}", html)
            if cur == 0:
                self.portal.page(f"{HOST}{self.path}", html)


BODIES = [  # (section path, agency, short name, kind)
    ("fgj", "南溪县发展和改革局", "县发改局", "部门"), ("jyj", "南溪县教育局", "县教育局", "部门"),
    ("wjj", "南溪县卫生健康局", "县卫健局", "部门"), ("ljz", "南溪县罗龙镇人民政府", "罗龙镇", "乡镇"),
    ("dxz", "南溪县大观镇人民政府", "大观镇", "乡镇"),
]


def build() -> Portal:
    p = Portal("trs", [("南溪县", f"{HOST}/zwgk/")])
    crumbs = ('<a href="/" class="CurrChnlCls">首页</a>&nbsp;&gt;&gt;&nbsp;'
              '<a href="/zwgk/" class="CurrChnlCls">政府信息公开</a>&nbsp;&gt;&gt;&nbsp;')
    nav = ('<ul class="gk_nav"><li><a href="/zwgk/zfxxgkzn/">政府信息公开指南</a></li>'
           '<li><a href="/zwgk/zfxxgkzd/">政府信息公开制度</a></li>'
           '<li><a href="/zwgk/fdzdgknr/">法定主动公开内容</a></li>'
           '<li><a href="/zwgk/zfxxgknb/">政府信息公开年报</a></li>'
           '<li><a href="/zwgk/ysqgk/">依申请公开</a></li></ul>')
    county = Column(p, "/zwgk/zfxxgknb/", "政府信息公开年报", 10, "6arg", ext="shtml", crumbs=crumbs)
    c = county.add
    for year in range(2024, 2007, -1):
        title = {2021: f"南溪县{year}年度政府信息公开工作报告", 2012: f"南溪县人民政府{year}年政府信息公开报告",
                 2008: f"南溪县{year}年政府信息公开工作情况报告"}.get(year, f"南溪县{year}年政府信息公开工作年度报告")
        c(title, f"{year + 1}-01-{20 + year % 8:02d}", "县政府办公室", "report", "南溪县人民政府", year)
        if year == 2023:
            c("图解：南溪县2023年政府信息公开工作年度报告", "2024-01-27", "县政府办公室", "picture")
        if year == 2022:
            c("南溪县2022年政府信息公开工作年度报告政策解读", "2023-01-29", "县政府办公室", "jiedu", "南溪县人民政府", 2022)
    c("南溪县召开全县政务公开工作培训会", "2019-05-10", "县政府办公室", "news")
    # Real look-alikes of such columns (issue 8, PORTALS.md): the notice asking for the reports, the 工作要点.
    c("关于做好2023年政府信息公开工作年度报告编制发布工作的通知", "2024-01-05", "县政府办公室", "notice", year=2023)
    c("关于报送2022年度政府信息公开工作年度报告的通知", "2022-12-26", "县政府办公室", "notice", year=2022)
    c("南溪县2024年政务公开工作要点", "2024-04-18", "县政府办公室", "news")
    c("南溪县人民政府办公室关于2007年度政府信息公开工作情况的报告", "2008-03-28", "县政府办公室", "report",
      "南溪县人民政府办公室", 2007)
    c("二〇〇六年度南溪县政府信息公开工作年度报告", "2007-03-30", "县政府办公室", "report", "南溪县人民政府", 2006)
    county.build(nav)
    directory = []
    for i, (key, agency, short, kind) in enumerate(BODIES):
        section = f"/zwgk/bmxxgk/{key}/"
        sub = ('<ul class="gk_nav">'
               f'<li><a href="{section}jgzn/">机构职能</a></li><li><a href="{section}zcwj/">政策文件</a></li>'
               f'<li><a href="{section}zfxxgknb/">政府信息公开年报</a></li></ul>')
        col = Column(p, f"{section}zfxxgknb/", "政府信息公开年报", 3 if i == 0 else 10,
                     ("4arg", "countpage")[i % 2], crumbs=crumbs + f'<a href="{section}" class="CurrChnlCls">{short}</a>&nbsp;&gt;&gt;&nbsp;')
        years = range(2024, 2018, -1) if i == 0 else range(2024, 2021, -1)
        for year in years:
            title = f"{agency}{year}年政府信息公开工作年度报告" if kind == "部门" or year != 2023 \
                else f"{short}{year}年度政府信息公开工作年度报告"
            col.add(title, f"{year + 1}-01-{10 + i:02d}", short, "report", agency, year)
        if i == 1:
            col.add(f"一图读懂{agency}2024年政府信息公开工作年度报告", "2025-01-12", short, "picture")
        if i == 3:
            col.add(f"{short}开展政务公开专题培训", "2024-06-03", short, "news")
        col.build(sub)
        p.page(f"{HOST}{section}", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{short}_{SITE}</title></head>
<body><!-- [held-out note] header omitted --><div class="left"><h2>{agency}</h2>{sub}</div>
<div class="right"><p>{agency}政府信息公开专栏</p></div></body></html>
""")
        p.page(f"{HOST}{section}jgzn/", f'<html><head><meta charset="utf-8"><title>机构职能</title></head><body>{sub}<p>{agency}主要职责。</p></body></html>')
        p.page(f"{HOST}{section}zcwj/", f'<html><head><meta charset="utf-8"><title>政策文件</title></head><body>{sub}<p>暂无信息</p></body></html>')
        directory.append((kind, section, short))
    groups = "".join(
        f'<div class="bm_box"><h3>{kind}信息公开</h3><ul>'
        + "".join(f'<li><a href="{section}" target="_blank">{short}</a></li>' for k, section, short in directory if k == kind)
        + "</ul></div>" for kind in ("部门", "乡镇"))
    p.page(f"{HOST}/zwgk/", f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="SiteName" content="{SITE}">
<meta name="ColumnName" content="政府信息公开"><title>政府信息公开_{SITE}</title></head>
<body><!-- [held-out note] header omitted -->
<div class="left">{nav}</div>
<div class="right"><div class="xxgk_bm">{groups}</div></div>
<!-- [held-out note] footer omitted --></body></html>
""")
    for key, name in (("zfxxgkzn", "政府信息公开指南"), ("zfxxgkzd", "政府信息公开制度"), ("fdzdgknr", "法定主动公开内容"),
                      ("ysqgk", "依申请公开")):
        p.page(f"{HOST}/zwgk/{key}/", f'<html><head><meta charset="utf-8"><title>{name}</title></head><body>{nav}<p>{name}</p></body></html>')
    return p
