"""ASP/ASP.NET/JSP legacy platforms: query-string lists filtered by department and year selectors, often GBK.

`InfoPublic.aspx?cid=&page=N`, `GovOpenShow.aspx?id=`, `year_details.aspx?dept=&year=`, `iList.jsp?…&cur_page=N`.
ASP.NET WebForms lists page by posting their form back (`__doPostBack('…','Page$2')`).
A list page carries `<select name="dept">`/`<select name="year">` (in a GET form, or navigating by
`onchange`); the page links only some of the combinations (the latest year, say), so every option
value of every selector becomes a sub-list of the column: the selector's value changed, the others
kept as selected (PORTALS.md; only a description of such portals exists, no saved page). Options whose
values are URLs are site-jump menus (政府网站 lists), not filters. Pages: 共N页 or a script variable,
else a 下一页 link, else the page parameter.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from scrapy import FormRequest, Request
from scrapy.http import TextResponse
from scrapy.selector import Selector

from ..titles import clean
from .base import (
    NEXT_TEXTS,
    PAGE_PARAMS,
    Adapter,
    Entry,
    linked_next,
    links,
    page_meta,
    past_last,
    with_query,
)

POSTBACK_RE = re.compile(r"__doPostBack\(\s*['\"]([^'\"]*)['\"]\s*,\s*['\"]([^'\"]*)['\"]")
SEARCH_ACTION_RE = re.compile(r"search|query|sousuo|jiansuo|/s\.(?:aspx?|jsp|s?html?)$", re.I)
MAX_OPTIONS = 200  # per selector: a longer list is a site map, not a filter
# A script that navigates to a URL prefix plus the chosen value.
ONCHANGE_RE = re.compile(r"""['"]([^'"]*[?&=/][^'"]*)['"]\s*\+\s*(?:this\.value|this\.options\[this\.selectedIndex\]\.value)""")


def _search_form(form: Selector, action: str) -> bool:
    """A site search form (a text box, or an action named for searching), not a filter of a list: a filter
    form offers only selectors, and may post to another list page (`nianbao.aspx` → `year_details.aspx`)."""
    return bool(form.xpath(".//input[not(@type) or @type='text' or @type='search']")
                or SEARCH_ACTION_RE.search(urlsplit(action).path))


def _selected(select: Selector) -> str:
    value = select.xpath("./option[@selected]/@value").get()
    if value is None:
        value = select.xpath("./option[1]/@value").get()
    return (value or "").strip()


def _scripted(response: TextResponse) -> list[Entry]:
    """Selectors that navigate by script: `onchange="location.href='list.aspx?year='+this.value"`."""
    out = []
    for s in response.xpath("//select[@onchange]"):
        m = ONCHANGE_RE.search(s.attrib["onchange"])
        if not m:
            continue
        for opt in s.xpath("./option[@value]")[:MAX_OPTIONS]:
            value = opt.attrib["value"].strip()
            if value and "/" not in value and not urlsplit(value).scheme:
                label = clean(" ".join(opt.xpath(".//text()").getall()))
                out.append(Entry(url=response.urljoin(m.group(1) + quote(value)), title=label, date=None, column=True))
    return out


def selector_lists(response: TextResponse) -> list[Entry]:
    """Every option of every named filter selector, as the list URL it selects."""
    out: list[Entry] = _scripted(response)
    for form in response.xpath("//form[not(@method) or translate(@method,'GET','get')='get']") or [None]:
        scope = form if form is not None else response
        selects = [s for s in scope.xpath(".//select[@name]")
                   if form is not None or (s.attrib.get("onchange") and not ONCHANGE_RE.search(s.attrib["onchange"]))]
        if not selects:
            continue
        action = response.urljoin(form.attrib.get("action") or response.url) if form is not None else response.url
        if urlsplit(action).hostname != urlsplit(response.url).hostname or (form is not None and _search_form(form, action)):
            continue  # a site search form (or another site's), not a filter of this list
        base = {s.attrib["name"]: _selected(s) for s in selects}
        if form is not None:
            for inp in form.xpath(".//input[@type='hidden' and @name]"):
                base.setdefault(inp.attrib["name"], inp.attrib.get("value", ""))
        for s in selects:
            options = s.xpath("./option[@value]")
            if len(options) > MAX_OPTIONS:
                continue
            for opt in options:
                value = opt.attrib["value"].strip()
                if not value or "/" in value or urlsplit(value).scheme:
                    continue
                url = with_query(action, **{**base, s.attrib["name"]: value})
                label = clean(" ".join(opt.xpath(".//text()").getall()))
                out.append(Entry(url=url, title=label, date=None, column=True))
    return out


class LegacyAdapter(Adapter):
    name = "legacy"
    url_markers = (r"\.aspx?\?", r"\.jsp\?", r"GovOpenShow\.aspx", r"InfoPublic\.aspx", r"year_details\.aspx")

    def entries(self, response: TextResponse) -> list[Entry]:
        return links(response) + selector_lists(response)

    def next_page(self, response: TextResponse, page: int) -> Request | None:
        request = linked_next(response, page) or postback_next(response, page)
        if request or past_last(response, page):
            return request
        for param in PAGE_PARAMS:
            if re.search(rf"[?&]{param}=\d*", response.url, re.I):
                return Request(with_query(response.url, **{param: page + 2}), meta=page_meta(response, page + 1))
        return None


def postback_next(response: TextResponse, page: int) -> Request | None:
    """ASP.NET WebForms pagers: `<a href="javascript:__doPostBack('GridView1','Page$2')">下一页</a>` posts the
    page's form back with the event's target and argument (and its __VIEWSTATE). The argument is repeated
    in the URL's query, which ASP.NET ignores on a postback, so each page is a request of its own."""
    for a in response.xpath("//a[starts-with(normalize-space(@href), 'javascript:__doPostBack')]"):
        if clean(" ".join(a.xpath(".//text()").getall()) or a.attrib.get("title", "")) not in NEXT_TEXTS:
            continue
        m = POSTBACK_RE.search(a.attrib["href"])
        form = response.xpath("//form[.//input[@name='__VIEWSTATE']]")
        if not m or not form:
            continue
        fields = _form_fields(form[0])
        fields.update(__EVENTTARGET=m.group(1), __EVENTARGUMENT=m.group(2))
        action = response.urljoin(form[0].attrib.get("action") or response.url)
        return FormRequest(with_query(action, __EVENTARGUMENT=m.group(2)), formdata=fields,
                           meta=page_meta(response, page + 1, "legacy"))
    return None


def _form_fields(form: Selector) -> dict[str, str]:
    """What a browser submits: named inputs (checked boxes only, no buttons) and each select's chosen value."""
    out: dict[str, str] = {}
    for inp in form.xpath(".//input[@name]"):
        kind = (inp.attrib.get("type") or "text").lower()
        if kind in ("submit", "image", "button", "reset", "file") or (kind in ("checkbox", "radio") and "checked" not in inp.attrib):
            continue
        out[inp.attrib["name"]] = inp.attrib.get("value", "")
    for sel in form.xpath(".//select[@name]"):
        out[sel.attrib["name"]] = _selected(sel)
    return out
