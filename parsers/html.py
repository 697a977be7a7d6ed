"""Grid builder for HTML: a whole portal detail page or a saved fragment.

The article body is found among navigation, breadcrumbs and footers by the CMS families' body
containers (data below), else by text density; its paragraphs and tables come out in reading order.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from .encoding import decode, header_charset
from .meta import hint_titles
from .model import Extracted, Paragraph, SpanCell, Table, expand_spans
from .normalize import squash, tidy
from .registry import Context
from .text import read_lines

# Body containers of the CMS families in PORTALS.md, most specific first.
BODY_CONTAINERS: list[tuple[str, str]] = [
    ("class", "TRS_Editor"), ("class", "trs_editor_view"), ("class", "TRS_UEDITOR"),
    ("id", "zoomcon"), ("tag", "ucapcontent"), ("id", "UCAP-CONTENT"), ("id", "zoom"),
    ("class", "m-txt-article"), ("id", "vsb_content"), ("class", "v_news_content"),
    ("class", "article_content"), ("class", "article-content"), ("class", "bt_content"),
    ("class", "art_con"), ("class", "wzcon"), ("class", "zw"), ("id", "zw"), ("class", "main-txt"),
    ("class", "detail"), ("class", "article"), ("id", "content"), ("class", "content"), ("tag", "article"),
]
# Where the page title lives, best first.
TITLE_SOURCES: list[tuple[str, str]] = [
    ("meta", "ArticleTitle"), ("tag", "ucaptitle"), ("tag", "h1"), ("class", "article-title"),
    ("class", "title"), ("tag", "title"),
]
_SKIP = {"script", "style", "noscript", "head", "select", "button", "input", "textarea", "option", "iframe",
         "object", "embed", "svg", "template"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article", "header",
          "footer", "blockquote", "center", "dl", "dt", "dd", "form", "tr", "td", "th", "caption", "pre",
          "address", "main", "nav", "aside", "hr", "tbody", "thead", "ucapcontent", "figure", "figcaption"}
# The 信息公开目录 header: "发布机构：X" inline, or a metadata table whose label cell has no colon
# (page text is joined with spaces, so "发布机构 X" reads the same).
_META_FIELDS = {
    "publisher": re.compile(r"发布机构[:：]?\s*([^\s|丨:：]{2,40})"),
    "published": re.compile(r"(?:发布|公开|发文|成文)(?:日期|时间)[:：]?\s*((?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2})"),
}
_ANY_DATE = re.compile(r"时间[:：]\s*((?:19|20)\d{2}[-年/.]\d{1,2}[-月/.]\d{1,2})")


def _xpath_for(kind: str, name: str) -> str:
    if kind == "class":
        return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"
    if kind == "id":
        return f"//*[@id='{name}']"
    if kind == "meta":
        return f"//meta[@name='{name}']"
    return f"//{name}"


def _iso(date: str) -> str:
    y, m, d = re.split(r"[-年/.月]", date.rstrip("日"))[:3]
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def extract(data: bytes, ctx: Context) -> Extracted:
    text, _ = decode(data, header_charset(ctx.media_type))
    text = re.sub(r"^\s*<\?xml[^>]*>", "", text)
    try:
        root = lxml.html.fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ValueError(f"not parseable as HTML: {exc}") from exc
    ex = Extracted()
    ex.title = _title_hint(root)
    body = _body(root)
    page_text = tidy(" ".join(root.itertext()))
    for key, rx in _META_FIELDS.items():
        m = rx.search(page_text)
        if m:
            ex.meta[key] = _iso(m.group(1)) if key == "published" else m.group(1)
    for name, key in (("PubDate", "published"), ("ContentSource", "publisher")):
        node = root.xpath(f"//meta[@name='{name}']/@content")
        if node and key not in ex.meta and node[0].strip():
            value = str(node[0]).strip()
            if key == "published":
                m = re.match(r"(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}", value)
                if not m:
                    continue
                value = _iso(m.group(0))
            ex.meta[key] = value
    if "published" not in ex.meta:
        m = _ANY_DATE.search(page_text)
        if m:
            ex.meta["published"] = _iso(m.group(1))
    images = [str(src) for src in body.xpath(".//img/@src")]
    if images:
        ex.meta["images"] = "\n".join(images)
    _Walker(ex).walk(body)
    if not any(isinstance(b, Table) for b in ex.blocks):
        # No <table>: the cells may be lines of their own (e-book pages, pages flattened to <p>s).
        lines = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
        ex.blocks = []
        read_lines(lines, ex)
    return ex


def _title_hint(root: Any) -> str | None:
    """The first title source that reads as a report title, else the first with any text.

    An <h1> may carry a date span ("…年度报告2024-01-22") while <title> holds the clean title.
    """
    texts = [tidy(n.get("content", "") if kind == "meta" else n.text_content())
             for kind, name in TITLE_SOURCES for n in root.xpath(_xpath_for(kind, name))]
    texts = [t for t in texts if t]
    return next((t for t in texts if hint_titles(t)), texts[0] if texts else None)


def _score(node: Any) -> int:
    """Text length with link text counted against it: navigation and related-link lists score low."""
    text = len(squash(node.text_content()))
    links = sum(len(squash(a.text_content())) for a in node.iter("a"))
    return text - 3 * links


_CONTAINER_CLASSES = {name for kind, name in BODY_CONTAINERS if kind == "class"}
_CONTAINER_IDS = {name for kind, name in BODY_CONTAINERS if kind == "id"}
_CONTAINER_TAGS = {name for kind, name in BODY_CONTAINERS if kind == "tag"}


def _containers(root: Any) -> list[Any]:
    """Elements matching BODY_CONTAINERS, in one pass over the tree (an XPath per entry is slow)."""
    found = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        classes = (el.get("class") or "").split()
        if (el.tag.lower() in _CONTAINER_TAGS or el.get("id") in _CONTAINER_IDS
                or any(c in _CONTAINER_CLASSES for c in classes)):
            found.append(el)
    return found


def _body(root: Any) -> Any:
    """The article body: the best-scoring known CMS container, else the densest block.

    Containers are scored rather than taken in order because wrappers such as ".content" often
    hold the sidebar's link lists as well as the article.
    """
    known = [(s, n) for n in _containers(root) if (s := _score(n)) > 200]
    if known:
        return max(known, key=lambda sn: sn[0])[1]
    scored = [(_score(n), len(squash(n.text_content())), n)
              for n in root.iter("div", "td", "article", "section", "main", "body")]
    if not scored:
        return root
    top = max(s for s, _, _ in scored)
    if top <= 0:  # links outweigh text everywhere (a page of attachment links): take it all
        return root
    near = [(t, n) for s, t, n in scored if s >= 0.85 * top]
    return min(near, key=lambda tn: tn[0])[1]


class _Walker:
    """Emit paragraphs at block boundaries and a positional Table per data table."""

    def __init__(self, ex: Extracted) -> None:
        self.ex = ex
        self.buf: list[str] = []

    def walk(self, el: Any) -> None:
        self._visit(el, top=True)
        self._flush()

    def _flush(self) -> None:
        t = tidy("".join(self.buf))
        self.buf = []
        if t:
            self.ex.blocks.append(Paragraph(t))

    def _visit(self, el: Any, top: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment or processing instruction
            return
        tag = tag.lower().split("}")[-1]
        style = (el.get("style") or "").replace(" ", "").lower()
        if tag in _SKIP or "display:none" in style:
            return
        if tag == "br":
            self._flush()
            return
        if tag == "table" and not el.xpath(".//table"):
            self._flush()
            table = _grid(el)
            if table.rows:
                self.ex.blocks.append(table)
            return
        block = top or tag in _BLOCK or tag == "table"
        if block:
            self._flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self._visit(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self._flush()


def _int(v: str | None) -> int:
    if v is None:
        return 1
    try:
        return max(1, int(str(v).strip()))
    except (TypeError, ValueError):
        return 1


def _cell_text(td: Any) -> str:
    """Text split by <br>, <span> or <o:p> is joined without separators (headers like "本年<br>制发件数");
    footnote marks in <sup> are left out ("2<sup>1</sup>" is 2) and form fields give their value."""
    parts: list[str] = []
    for node in td.iter():
        if not isinstance(node.tag, str):  # a comment (Word's conditional comments): only its tail is text
            if node.tail and not _inside(node.getparent(), td, "sup"):
                parts.append(node.tail)
            continue
        tag = node.tag.lower()
        if tag == "input":
            parts.append(node.get("value") or "")
        elif node.text and tag not in ("sup", "script", "style") and not _inside(node, td, "sup"):
            parts.append(node.text)
        if node is not td and node.tail and not _inside(node.getparent(), td, "sup"):
            parts.append(node.tail)
    return tidy("".join(parts))


def _inside(node: Any, top: Any, tag: str) -> bool:
    while node is not None and node is not top:
        if isinstance(node.tag, str) and node.tag.lower() == tag:
            return True
        node = node.getparent()
    return False


def _plain_text(td: Any) -> str:
    return tidy("".join(td.itertext()))


def _grid(table: Any) -> Any:
    rows = []
    # Most tables hold no footnote marks, form fields or comments: their cells are their plain text.
    text_of = _cell_text if table.xpath("boolean(.//sup|.//input|.//comment()|.//script|.//style)") else _plain_text
    for tr in table.xpath("./tr|./tbody/tr|./thead/tr|./tfoot/tr"):
        cells = [SpanCell(text_of(td), _int(td.get("rowspan")), _int(td.get("colspan")))
                 for td in tr.xpath("./td|./th")]
        if cells:
            rows.append(cells)
    return expand_spans(rows, where="html table")
