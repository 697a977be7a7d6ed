"""开普云 ucap: `index.shtml`, `index_1.shtml` …, a 尾页 link; articles `/<dept>/gknb/YYYYMM/<32 hex>.shtml`.

Evidence: portals-seed.csv (www.shuyang.gov.cn `/sygfj/gknb/202401/2ecfb31a335f4d689220a3a23e24a986.shtml`,
htq.gov.cn `/hzshtqzf/zwgk/xxgknb/2019/zbxx/…`), PORTALS.md (`<ucaptitle>`, `<ucapcontent>`,
`<publishtime>`, `index_N.shtml` or `?page=N`, 尾页). The list markup itself is only described.
"""

from __future__ import annotations

import hashlib
import html

from . import Doc, Site, distractors, expected, home, page, report, res
from report import tables_html

HOST = "http://www.ucap-fam.gov.cn"


def hexid(d: Doc) -> str:
    return hashlib.md5(d.ident.encode()).hexdigest()


def article(d: Doc):
    body = tables_html(d.agency, d.year or 0, (d.year or 0) + 3) if d.is_report else f"<p>{html.escape(d.title)}。</p>"
    return res(page(d.title, f"<ucaptitle>{html.escape(d.title)}</ucaptitle><publishtime>{d.published}</publishtime>"
                             f'<div id="zoomcon"><ucapcontent>{body}</ucapcontent></div>'))


def build() -> Site:
    routes: dict[str, object] = {}
    docs = [report(a, y, f"{y + 1}-01-1{i}", f"u{i}{y}") for i, a in enumerate(("沭水县财政局", "沭水县工业和信息化局")) for y in (2024, 2023, 2022)]
    col = docs[:2] + distractors("沭水县财政局", 2024, "u9")[1:3] + docs[2:]
    pages = [col[i:i + 3] for i in range(0, len(col), 3)]
    folder = "/sygfj/gknb/"
    for n, chunk in enumerate(pages):
        lis = "".join(f'<li><a href="{folder}{d.published[:7].replace("-", "")}/{hexid(d)}.shtml" title="{html.escape(d.title)}">'
                      f"{html.escape(d.title)}</a><span>{d.published}</span></li>" for d in chunk)
        pager = (f'<a href="index.shtml">首页</a>' + (f'<a href="index_{n + 1}.shtml">下一页</a>' if n + 1 < len(pages) else "")
                 + f'<a href="index_{len(pages) - 1}.shtml">尾页</a>')
        routes[f"{folder}{'index.shtml' if n == 0 else f'index_{n}.shtml'}"] = res(page("公开年报", f"<ul>{lis}</ul><div class='page'>{pager}</div>"))
    for d in col:
        routes[f"{folder}{d.published[:7].replace('-', '')}/{hexid(d)}.shtml"] = article(d)
    routes["/"] = home("沭水县人民政府", [(folder + "index.shtml", "政府信息公开年报")])
    return Site("ucap", [("沭水县人民政府", HOST + "/")], {HOST + p: v for p, v in routes.items()},  # type: ignore[misc]
                expected(col))


SITE = build()
