"""Directories of bodies: the lists of departments, townships and (for discovery) governments on a portal.

A county portal publishes the reports of its departments and townships in each body's own section
(开普云 `/<dept>/gknb/…`, TRS `/zwgk/bmxxgkml/<dept>/xxgknb_N/`, `/zfxxgkzl/bm/<dept>/zfxxgknb/`, Hainan
`/…xxgkzl/xgbmxxgk/<dept>/zfxxgknb/`, Changchun `/ng/xzjdrmzf/<town>/zfxxgknb/` — all real column URLs of
reference/spec/portals-seed.csv), reached from the 政府信息公开 platform's list of bodies: 部门信息公开 /
乡镇（街道）信息公开 pages, the Fujian platform's 地方部门平台链接 (`dfbmptlj`, linked from the real Pingtan
column page reference/samples/pages/pingtan-nianbao-list.html; `bmxxgk` on Sanming, per the public crawl
changwu/sanming-policy-opening-html sanming/README.md). The same `dfbmptlj` column holds the bodies' sections
on Hubei county portals (`/xxgk/dfbmptlj/xz/<township>/…`, `/xxgk/dfbmptlj/sz/<dept>/…`, URLs cited by public
crawls of hbjs.gov.cn, xianfeng.gov.cn, lichuan.gov.cn) and lists the departments of 苏州虎丘
(`/hqqrmzf/dfbmptlj/gxqxxgkml_ptlink.shtml`, links `bmxxgk_list.shtml?deptid=…&coltype=…`, one path with a
query per department); Wuxi districts call it `bmxxgkml` (部门信息公开目录). A list is read from the page's links, from
`<select>` drop-downs (option values that are URLs) and from lists written into scripts as object
literals (`{name: "…", url: "…"}`) or as links a script writes (`document.writeln('<a href=…>')`, as the
public copy of a Henan portal's footer does: mhxqwer/zyjhenan.gov.cn static/js/link.js).

Tables, not if-chains: a reviewer compares these words with the directory links of real portals.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from scrapy.http import TextResponse

from .titles import clean
from .urls import canonical_url, is_document_url

# Link texts of a directory of bodies on a 政府信息公开 platform.
DIRECTORY_RE = re.compile(
    r"^(?:(?:县|区|市|旗)?(?:直|政府)?(?:工作)?部门|乡镇|镇街|乡镇街道|乡镇[(（]?街道[)）]?|镇[(（]?街道[)）]?|街道|县直单位|区直单位|市直单位)"
    r"(?:政府)?(?:信息公开|政务公开|公开)?(?:平台|目录|专栏|链接|子站|网站|导航)?$"
    r"|^地方部门平台链接$|^部门子站$|^部门平台$|^(?:部门|单位|乡镇|镇街)(?:信息公开|政务公开)(?:目录|平台|专栏)?$"
    r"|^信息公开部门目录$|^部门(?:和|及|、)乡镇(?:街道)?(?:信息公开)?$"
)
# URL folders of such directories (seed list: bmxxgkml, xgbmxxgk, bm, gzbm, xzjdrmzf; Fujian: dfbmptlj, bmxxgk).
DIRECTORY_SLUGS = frozenset({
    "bmxxgk", "bmxxgkml", "xgbmxxgk", "bmgk", "bmxxgkpt", "dfbmptlj", "bmptlj", "gzbm", "zfbm", "bmzz",
    "xzjd", "xzjdxxgk", "xzjdrmzf", "zjxxgk", "jdxxgk", "xzxxgk", "bmzwgk", "xzzwgk",
})
# A body's name: a department, office, township, street or government (its last characters say which).
BODY_NAME_RE = re.compile(
    r"^[\u4e00-\u9fff（）()·、]{2,30}?(?:局|委|委员会|办|办公室|院|中心|镇|乡|街道|街道办事处|办事处|人民政府|政府"
    r"|管委会|管理委员会|所|队|站|馆|厅|署|处|社|联|会|区|县|市|旗|场)$"
)
# Directory look-alikes: 部门预算/决算, 部门文件, 部门动态 are lists of documents, not of bodies.
NOT_DIRECTORY_WORDS = ("预算", "决算", "文件", "动态", "年报", "年度报告", "信息公开指南", "职责", "领导")
# Names that end like a body but are the site's own sections.
NOT_BODY_WORDS = ("新闻中心", "服务中心", "帮助中心", "互动", "政务服务", "首页", "网站", "通知", "公告", "会议",
                  "公开", "年报", "专栏", "办事", "下载中心", "数据中心", "资料中心", "信息中心首页")
SCRIPT_OBJECT_RE = re.compile(r"\{[^{}]{0,600}\}")
# Links written by a script (`document.writeln('<dl><a href="http://…" target="_blank">河南省人大常委会</a></dl>')`).
SCRIPT_ANCHOR_RE = re.compile(r"""<a\s[^<>]*?href=\\?["']([^"'\\\s]+)\\?["'][^<>]*>([^<>'"]{2,40})</a>""")
SCRIPT_NAME_RE = re.compile(r"""["']?(?:name|title|text|label|chnlname|chnlName|deptName|deptname|siteName|sitename|unitName)["']?\s*:\s*["']([^"']{2,40})["']""")
SCRIPT_URL_RE = re.compile(r"""["']?(?:url|href|link|chnlurl|chnlUrl|siteUrl|siteurl|deptUrl|path)["']?\s*:\s*["']([^"'\s]+)["']""")
MIN_GROUP = 3  # body links of one list: a navigation bar with one 中心 link is not a directory


@dataclass(frozen=True, slots=True)
class Body:
    """One body listed in a directory: its name as printed and the URL of its section."""

    url: str
    name: str


def is_directory_link(text: str, path: str) -> bool:
    """A link to the platform's list of departments or townships (by its text, or a directory URL folder)."""
    t = clean(text)
    if any(w in t for w in NOT_DIRECTORY_WORDS):
        return False
    if t and DIRECTORY_RE.match(t):
        return True
    segs = [s for s in path.lower().split("/") if s]
    folders = segs if path.endswith("/") else segs[:-1]
    return bool(folders) and re.sub(r"_\d+$", "", folders[-1]) in DIRECTORY_SLUGS and not t.isdigit()


def is_body_name(text: str) -> bool:
    t = clean(text)
    return bool(BODY_NAME_RE.match(t)) and not any(w in t for w in NOT_BODY_WORDS)


def bodies(response: TextResponse, min_group: int = MIN_GROUP) -> list[Body]:
    """The bodies a directory page lists: groups of links named like bodies (a list of at least
    `min_group`), `<select>` options whose values are URLs, and object literals in scripts."""
    found: dict[str, Body] = {}
    groups: dict[object, list[Body]] = defaultdict(list)
    for a in response.xpath("//body//a[@href]"):
        href = (a.attrib.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "#", "mailto:")):
            continue
        name = clean(a.attrib.get("title") or " ".join(a.xpath(".//text()").getall()))
        url = canonical_url(response.urljoin(href))
        if not is_body_name(name) or is_document_url(url) or not url.startswith("http"):
            continue
        block = a.xpath("ancestor::*[self::ul or self::ol or self::table or self::dl or self::div][1]")
        key = block[0].root if block else None
        groups[key].append(Body(url, name))
    for group in groups.values():
        if len({b.url for b in group}) >= min_group:
            for b in group:
                found.setdefault(b.url, b)
    for b in _options(response):
        found.setdefault(b.url, b)
    for b in _script_lists(response):
        found.setdefault(b.url, b)
    return list(found.values())


def _options(response: TextResponse) -> Iterable[Body]:
    """`<select onchange="window.open(this.value)"><option value="http://…">XX局</option>` lists."""
    for option in response.xpath("//select/option[@value]"):
        value = option.attrib["value"].strip()
        name = clean(" ".join(option.xpath(".//text()").getall()))
        if value.startswith(("http://", "https://", "/", "./")) and is_body_name(name):
            yield Body(canonical_url(response.urljoin(value)), name)


def _script_lists(response: TextResponse) -> Iterable[Body]:
    """Lists written into scripts: `[{name: "县教育局", url: "/jyj/"}, …]` or their JSON form, and links a
    script writes into the page (`document.writeln('<a href=…>…</a>')`)."""
    for script in response.xpath("//script[not(@src)]/text()").getall():
        for href, name in SCRIPT_ANCHOR_RE.findall(script):
            if is_body_name(name) and href.startswith(("http://", "https://", "/", "./", "../")):
                yield Body(canonical_url(response.urljoin(href)), clean(name))
        for obj in SCRIPT_OBJECT_RE.findall(script):
            name, url = SCRIPT_NAME_RE.search(obj), SCRIPT_URL_RE.search(obj)
            if name and url and is_body_name(name.group(1)):
                target = url.group(1).replace("\\/", "/")
                if target.startswith(("http://", "https://", "/", "./", "../")):
                    yield Body(canonical_url(response.urljoin(target)), clean(name.group(1)))


# Elements that head a block of a page (a heading, a tab or box title), not links.
HEADING_XPATH = ("//body//*[self::h1 or self::h2 or self::h3 or self::h4 or self::h5 or self::dt or self::strong"
                 " or self::b or self::span or self::p or self::div or self::li or self::em][not(ancestor-or-self::a)]")


def embedded(response: TextResponse) -> list[Body]:
    """The bodies a platform page lists itself, under a heading that names a directory ("部门信息公开",
    "镇街政府信息公开"): real 政府信息公开 pages print their 部门 / 乡镇 boxes in place, with no link to a
    directory page, and a box may hold fewer than `MIN_GROUP` bodies (a district with two towns)."""
    found: dict[str, Body] = {}
    for head in response.xpath(HEADING_XPATH):
        own = clean(" ".join(head.xpath("./text()").getall()))
        if not own or not DIRECTORY_RE.match(own) or any(w in own for w in NOT_DIRECTORY_WORDS):
            continue
        for box in (head.xpath("parent::*"), head.xpath("parent::*/following-sibling::*[1]")):
            for a in box.xpath(".//a[@href]"):
                href = (a.attrib.get("href") or "").strip()
                name = clean(a.attrib.get("title") or " ".join(a.xpath(".//text()").getall()))
                if not href or href.startswith(("javascript:", "#", "mailto:")) or not is_body_name(name):
                    continue
                url = canonical_url(response.urljoin(href))
                if url.startswith("http") and not is_document_url(url):
                    found.setdefault(url, Body(url, name))
    return list(found.values())


def own_host(host: str, entry_host: str, allowed: set[str]) -> bool:
    """A page host of the portal: its own hosts, or a sub-host of the entry host (www. stripped)."""
    host = host.lower()
    bare = entry_host.lower().removeprefix("www.")
    return host in allowed or host == bare or host.endswith("." + bare)


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()
