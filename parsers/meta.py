"""Who issued a report, for which year, and its six sections — from the document's own words."""

from __future__ import annotations

import re

from . import labels as L
from .normalize import squash, tidy
from .titles import YEAR as _YEAR

# The one title grammar (parsers/titles.py), re-exported for the parser's readers.
from .titles import agency_from_title as agency_from_title
from .titles import hint_titles as hint_titles
from .titles import nospace as _nospace
from .titles import title_match as title_match
from .titles import title_year as title_year
from .titles import year_value as _year_value

_TITLE_LINES = 15

# "统计期限为2023年1月1日至…", "统计时间为2022年1月至12月", "统计期为2022年度".
_PERIOD = re.compile(
    rf"统计(?:期限|时限|期间|区间|时间|周期|时段|范围|口径|期)?[^。;]{{0,20}}?(?P<y>{_YEAR})年(?:度|全年|(?:1|01|一)月)"
)
_FULL_YEAR_SPAN = re.compile(r"(?P<y>(?:19|20)\d{2})年(?:1|01)月(?:1|01)日(?:起)?(?:至|到|-|—|~)(?P=y)年12月31日")
_DATE_LINE = re.compile(r"^(?P<y>(?:19|20)\d{2})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_CN_DATE_LINE = re.compile(r"^(?P<y>[〇○零O一二三四五六七八九]{4})年[一二三四五六七八九十]{1,2}月[一二三四五六七八九十]{1,3}日$")

# Page numbers and footers: "3", "- 3 -", "— 3 —", "第3页", "第 3 页 共 6 页".
PAGE_FOOTER = re.compile(r"^(?:[-—–－]*\d{1,3}[-—–－]*|第\d{1,3}页(?:共\d{1,3}页)?|\d{1,3}/\d{1,3})$")
# "一、…", "一.…", "3、…" start a top-level section; "1.…" is an item (table rows, sub-points).
_HEADING = re.compile(
    r"^(?:第?[一二三四五六七八九十]{1,2}(?:、|\.(?!\d)|．|，|,)|[1-9]、|第[一二三四五六七八九十]{1,2}部分[、:：]?)(?P<rest>.+)$")


def find_title(paragraphs: list[str], hint: str | None) -> str | None:
    """The title as printed: a report-words line near the top, joined with a wrapped first line.

    A title with a year beats one without: a bare "信息公开年报" is usually a column name in a
    sidebar or breadcrumb, so it is taken only when no line (nor the page title) carries a year.
    """
    found = _title_candidates([p for p in paragraphs[:_TITLE_LINES] if p.strip()])
    hinted = hint_titles(hint)
    with_year = [t for t in found if title_year(t)]
    if len(set(with_year)) >= 3:
        # Several reports' titles: a listing (column page), unless the page's own title names one.
        return next((t for t in hinted if title_year(t)), None)
    with_year += [t for t in hinted if title_year(t)]
    ranked = with_year or found + hinted
    return ranked[0] if ranked else None


def _title_candidates(lines: list[str]) -> list[str]:
    out = []
    for i, p in enumerate(lines):
        if title_match(p):
            if agency_from_title(p) is None and i > 0 and _AGENCY_LINE.match(squash(lines[i - 1])):
                joined = _nospace(lines[i - 1]) + _nospace(p)
                if title_match(joined):
                    out.append(joined)
                    continue
            out.append(_nospace(p))
        elif i + 1 < len(lines) and _short_line(p):
            joined = _nospace(p) + _nospace(lines[i + 1])
            rest = lines[i + 1]
            # The second line is a wrapped tail ("工作年度报告"), not a title of its own.
            if title_match(joined) and not (title_year(rest) or agency_from_title(rest)):
                out.append(joined)
    return out


# The first line of a two-line title names the issuing body.
_AGENCY_LINE = re.compile(r"^[\u4e00-\u9fff()（）]{2,40}(?:政府|局|委员会|委|办公室|办公厅|厅|院|中心|管委会|办事处|镇|乡|"
                          r"街道|所|队|站|处|会|部|署|区|县|市|盟|旗)$")


def _short_line(s: str) -> bool:
    t = squash(s)
    return 0 < len(t) <= 40 and not re.search(r"[。,，;；:：]", t)


def find_year(paragraphs: list[str], title: str | None, published: str | None) -> tuple[int | None, str]:
    """(year, where it came from): statistics period, then title, then publication date minus one."""
    text = squash("\n".join(paragraphs[:200]))
    for rx in (_PERIOD, _FULL_YEAR_SPAN):
        m = rx.search(text)
        if m:
            y = _year_value(m.group("y"))
            if y:
                return y, "period"
    y = title_year(title)
    if y:
        return y, "title"
    y = _narrative_year(paragraphs)
    if y:
        return y, "narrative"
    if published:
        m2 = re.match(r"((?:19|20)\d{2})", published)
        if m2:
            return int(m2.group(1)) - 1, "published"
    for p in reversed(paragraphs[-8:]):
        s = squash(p)
        m3 = _DATE_LINE.match(s) or _CN_DATE_LINE.match(s)
        if m3:
            y = _year_value(m3.group("y"))
            if y:
                return y - 1, "date line"
    return None, ""


# "2023年，我局…" / "2023年度，全镇…" opening a paragraph of 一、总体情况: the year the report covers.
_NARRATIVE_YEAR = re.compile(r"^(?:本年度|今年)?(?P<y>(?:19|20)\d{2})年度?[,，](?:我|全|本|在|共|区|县|市|镇|乡|街道)")
# "本报告由青山县人民政府办公室编制", "青山县民政局编制了本报告": the issuing body named in the text.
_NARRATIVE_AGENCY = (
    re.compile(r"本(?:年度)?报告由(?P<a>[\u4e00-\u9fff()（）]{3,30}?)(?:负责)?(?:编制|编写|发布|制作)"),
    re.compile(r"^(?P<a>[\u4e00-\u9fff()（）]{3,30}?)(?:根据|依据|按照)[^。]{0,60}?编制(?:了)?本(?:年度)?报告"),
)


def _narrative_year(paragraphs: list[str]) -> int | None:
    """The year that sentences opening with one name ("2019年,我乡…"), when they all name the same."""
    sentences = [t for p in paragraphs[:60] for t in squash(p).split("。")]
    years = {int(m.group("y")) for t in sentences if (m := _NARRATIVE_YEAR.match(t))}
    return years.pop() if len(years) == 1 else None


def narrative_agency(paragraphs: list[str]) -> str | None:
    """The issuing body as the report's own text names it, for reports whose title names none."""
    for p in paragraphs[:60]:
        s = squash(p)
        for rx in _NARRATIVE_AGENCY:
            m = rx.search(s)
            if m and _AGENCY_LINE.match(m.group("a")):
                return m.group("a")
    return None


def section_of(paragraph: str) -> tuple[str | None, str]:
    """(section key, text after the heading) when the paragraph starts a top-level section."""
    s = squash(paragraph)
    m = _HEADING.match(s)
    if not m:
        return None, ""
    rest = m.group("rest")
    head, *tail = re.split(r"[。:：]", rest, maxsplit=1)
    if len(head) > 40:
        title = next((t for t in L.SECTION_TITLES if rest.startswith(t)), None)
        if title is None:
            return None, ""
        head, tail = title, [rest[len(title):].lstrip("。:：,，")]
    if any(w in head for w in L.NOT_SECTION_WORDS):
        return None, ""
    for key, words in L.SECTION_HEADINGS:
        if any(w in head for w in words):
            return key, tail[0] if tail else ""
    return None, ""


def split_sections(paragraphs: list[str], shown: list[str] | None = None) -> dict[str, str]:
    """Section texts keyed by CONTRACT.md §2 names; several headings of one key are joined.

    Headings are matched on `paragraphs`; the texts kept are those of `shown` (the printed 繁體 lines
    of a document matched in simplified), line for line, when given.

    A numbered top-level heading of no known kind before any known one ("一、健全组织、强化领导"
    in free-form reports) is the nearest thing to an overview.
    """
    out: dict[str, list[str]] = {}
    current: str | None = None
    shown = shown if shown is not None and len(shown) == len(paragraphs) else paragraphs
    for p, show in zip(paragraphs, shown, strict=True):
        key, body = section_of(p)
        if key is None and current is None and _is_unknown_heading(p):
            key, body = "overview", ""
        if key:
            current = key
            out.setdefault(key, [])
            if body:
                out[key].append(squash(show)[-len(body):])
            continue
        if current in TABLE_SECTIONS and _PROBLEMS_SUBHEADING.match(squash(p)):
            current = "problems"  # "（一）2024年工作中存在问题的改进情况" with the 五、 heading lost
            out.setdefault(current, [])
        if current:
            t = tidy(show)
            if t and not PAGE_FOOTER.match(squash(t)) and not (current in TABLE_SECTIONS and table_debris(t)):
                out[current].append(t)
    return {k: "\n".join(v) for k, v in out.items()}


TABLE_SECTIONS = ("active", "requests", "redress")
# A numbered sub-heading about problems and improvements: part 五 even where its own heading is missing.
_PROBLEMS_SUBHEADING = re.compile(r"^[(（]?[一二三四五六七八九十1-9][)）、.][^。；;]{0,30}?(?:存在(?:的主要)?问题|问题及改进|问题和改进|改进情况|改进措施)[^。；;]{0,12}$")
_CAPTION = re.compile(r"^(?:#+\s*|表[一二三四五六七八九十\d][:：、.\s])")


def table_debris(text: str) -> bool:
    """A line of a table section that is part of a table, not narrative: a caption ("## 表二：…"), or a
    short line without a sentence's end (header words and row labels a text layer put outside the
    table: "申请人情况", "（二）部分公开（区分处理的，只计这一情")."""
    s = squash(text)
    if _CAPTION.match(text.strip()) or _CAPTION.match(s):
        return True
    if len(s) > 30 or re.search(r"[。；;!！?？]", s):
        return False
    # A fragment ("年度办", "府信息公开申请"), a numbered label, or the words of the form's headers and rows;
    # a short sentence of the narrative ("本机关未收到政府信息公开申请") stays.
    return len(s) <= 10 or bool(_LABEL_NUMBER.match(s)) or any(w in s for w in _TABLE_WORDS)


_LABEL_NUMBER = re.compile(r"^(?:[(（][一二三四五六七八九十]{1,2}[)）]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.、．])")
_TABLE_WORDS = (*(w for ws in L.TABLE_MARKERS.values() for w in ws), *L.REQUEST_GROUPS, "第二十条",
                *(w for _, ws in L.REQUEST_ROWS for w in ws), *(w for _, ws in L.ACTIVE_ROWS for w in ws))


def _is_unknown_heading(paragraph: str) -> bool:
    s = squash(paragraph)
    return bool(re.match(r"^[一二三四五六七八九十]{1,2}、", s)) and len(s) <= 24 and "。" not in s and not any(
        w in s for w in L.NOT_SECTION_WORDS)
