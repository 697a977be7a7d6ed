"""Fixture portals, one per CMS family, rebuilt from real markup (each module names its evidence).

Every family module defines `SITE`: its hosts' routes, its portal-list rows and the reports a crawl must
find there (agency, year). Report bodies are the small balanced 2021-format tables of ../report.py;
what differs between families is the listing markup, the pager and the article URLs — the parts the
crawler reads. Each site also carries distractors real columns carry: news items, 图解/一图读懂/解读
pages of a report, 指南 and 预决算 items, other columns.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field

from report import tables_html
from sites import Resource

HTML = "text/html; charset=utf-8"
Route = Resource | Callable[[str, dict, bytes], Resource]


@dataclass(frozen=True)
class Doc:
    """A list item: a report (year set) or a distractor (year None) with the title the list shows."""

    title: str
    published: str  # YYYY-MM-DD
    agency: str = ""
    year: int | None = None
    ident: str = ""

    @property
    def is_report(self) -> bool:
        return self.year is not None


@dataclass
class Site:
    family: str
    portals: list[tuple[str, str]]  # (name, entry URL)
    routes: dict[str, Route]
    reports: set[tuple[str, int]] = field(default_factory=set)


def report(agency: str, year: int, published: str, ident: str, title: str = "") -> Doc:
    return Doc(title or f"{agency}{year}年政府信息公开工作年度报告", published, agency, year, ident)


def noise(title: str, published: str, ident: str) -> Doc:
    return Doc(title, published, ident=ident)


def distractors(agency: str, year: int, stem: str) -> list[Doc]:
    """What sits beside the reports in real 年报 columns and their neighbours."""
    return [
        noise(f"图解：{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-25", f"{stem}1"),
        noise(f"一图读懂{agency}{year}年政府信息公开工作年度报告", f"{year + 1}-01-26", f"{stem}2"),
        noise(f"《{agency}{year}年政府信息公开工作年度报告》解读", f"{year + 1}-01-27", f"{stem}3"),
        noise(f"{agency}政府信息公开指南", f"{year}-06-01", f"{stem}4"),
        noise(f"{agency}{year + 1}年度部门预算公开", f"{year + 1}-02-10", f"{stem}5"),
        noise(f"{agency}召开{year + 1}年政务公开工作会议", f"{year + 1}-03-02", f"{stem}6"),
    ]


def page(title: str, body: str, head: str = "", charset: str = "utf-8") -> str:
    return (f'<!DOCTYPE html><html><head><meta charset="{charset}"><title>{html.escape(title)}</title>{head}</head>'
            f"<body>{body}</body></html>")


def res(text: str, charset: str = "utf-8", **kw: object) -> Resource:
    return Resource(text.encode(charset), f"text/html; charset={charset}", **kw)  # type: ignore[arg-type]


def json_res(text: str) -> Resource:
    return Resource(text.encode(), "application/json;charset=UTF-8")


def xml_res(text: str) -> Resource:
    return Resource(text.encode(), "text/xml;charset=UTF-8")


def detail(doc: Doc, wrapper: str = 'div class="article-content"', head: str = "", charset: str = "utf-8") -> Resource:
    """A report page (its tables) or a distractor page (prose, or an infographic)."""
    tag = wrapper.split()[0]
    if doc.is_report:
        body = tables_html(doc.agency, doc.year or 0, (doc.year or 0) + len(doc.agency))
    elif "图" in doc.title:
        body = f'<p><img src="/images/{doc.ident}.png" alt="{html.escape(doc.title)}"></p>'
    else:
        body = f"<p>{html.escape(doc.title)}。为进一步做好相关工作，现将有关情况介绍如下。</p>"
    return res(page(doc.title, f'<div class="detail"><h1>{html.escape(doc.title)}</h1><span>发布日期：{doc.published}</span>'
                    f"<{wrapper}>{body}</{tag}></div>", head=head, charset=charset), charset=charset)


def expected(docs: list[Doc]) -> set[tuple[str, int]]:
    return {(d.agency, d.year) for d in docs if d.is_report and d.year is not None}


def home(title: str, links: list[tuple[str, str]], extra: str = "") -> Resource:
    """A portal home page: its navigation (other columns first, as on real portals) and the 年报 columns."""
    nav = "".join(f'<li><a href="{u}">{html.escape(t)}</a></li>' for u, t in [
        ("/xwzx/", "新闻中心"), ("/zcjd/", "政策解读"), ("/hdjl/", "互动交流"), *links])
    return res(page(title, f'<div class="nav"><ul>{nav}</ul></div>{extra}'))
