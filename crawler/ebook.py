"""Page-flip e-books (FlipHTML5/FlipBuilder, FORMAT.md §6.10): one report, one HTML page per printed page.

The book's text lives in `…/files/basic-html/page1.html … pageN.html`. The crawler reads every page
in order and hands the archive ONE text document (the pages' lines, page after page), so the parser
sees the whole report — tables continue across pages as in a PDF text layer. N comes from the book's
configuration (`totalPageCount`, `pageCount`) when the page shows it, else the walk ends at the first
page that is missing.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from scrapy.http import TextResponse

from .titles import PAGER_TEXTS

BASIC_PAGE_RE = re.compile(r"^(?P<base>.*/files/basic-html/)(?:page(?P<n>\d+)\.html?|index\.html?)?$", re.I)
LINK_RE = re.compile(r"""['"]([^'"\s<>]*files/basic-html/[^'"\s<>]*)['"]""", re.I)
CONFIG_RE = re.compile(r"""['"]([^'"\s<>]*(?:mobile/)?javascript/config\.js)['"]""", re.I)
COUNT_RE = re.compile(r"(?:totalPageCount|pageCount|totalPages)\s*[=:]\s*['\"]?(\d+)")
BLOCK_TAGS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
                        "ul", "ol", "dl", "dt", "dd", "br", "body", "pre", "blockquote", "header", "footer"})
CELL_TAGS = frozenset({"td", "th", "span"})
NAV_TEXTS = frozenset({*PAGER_TEXTS, "Home", "First", "Last", "Previous", "Next", "Previous Page", "Next Page",
                       "First Page", "Last Page", "Book content", "返回", "目录"})
MAX_PAGES = 500


def base_of(url: str) -> str | None:
    """`…/files/basic-html/` of a basic-html page URL."""
    m = BASIC_PAGE_RE.match(url.split("?")[0].split("#")[0])
    return m.group("base") if m else None


def page_url(base: str, n: int) -> str:
    return f"{base}page{n}.html"


def detect(response: TextResponse) -> tuple[str, int | None] | None:
    """(basic-html base URL, page count if the page states it) when this page is, or leads to, an e-book."""
    text = response.text
    count_m = COUNT_RE.search(text)
    count = int(count_m.group(1)) if count_m else None
    own = base_of(response.url)
    if own:
        return own, count
    m = LINK_RE.search(text)
    if m:
        base = base_of(response.urljoin(m.group(1)))
        if base:
            return base, count
    m = CONFIG_RE.search(text)
    if m:
        config = response.urljoin(m.group(1))
        root = config[: config.lower().rfind("javascript/config.js")]
        root = root[: -len("mobile/")] if root.lower().endswith("mobile/") else root
        if urlsplit(root).netloc == urlsplit(response.url).netloc:
            return urljoin(root, "files/basic-html/"), count
    return None


def _walk(el: lxml.html.HtmlElement, out: list[str]) -> None:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("script", "style", "noscript", "head"):
        return
    if tag == "a" and " ".join(el.text_content().split()) in NAV_TEXTS:
        return
    block = tag in BLOCK_TAGS
    if block:
        out.append("\n")
    if el.text:
        out.append(el.text)
    for child in el:
        _walk(child, out)
        if child.tail:
            out.append(child.tail)
    out.append("\n" if block else " " if tag in CELL_TAGS else "")


def page_lines(response: TextResponse) -> list[str]:
    """The text of one e-book page, a line per block (cells of a row on one line, space-separated)."""
    try:
        root = lxml.html.fromstring(response.text)
    except (ValueError, lxml.etree.ParserError):
        return []
    out: list[str] = []
    body = root.find("body")
    _walk(body if body is not None else root, out)
    lines = (" ".join(line.split()) for line in "".join(out).split("\n"))
    return [line for line in lines if line]


def document(pages: list[list[str]]) -> bytes:
    """The book as one UTF-8 text document: its pages' lines in order, pages separated by a blank line."""
    return "\n\n".join("\n".join(lines) for lines in pages).encode("utf-8") + b"\n"
