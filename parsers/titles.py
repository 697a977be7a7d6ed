"""The one grammar of annual-report titles, shared by the crawler (listing links) and the parser (title lines).

A report title is [agency] [year [年|年度|工作年度]] [agency] REPORT WORDS [(note)] [tail] (FORMAT.md §7.1):
"…2021年度政府信息公开工作报告", "二○二三年…政府信息公开工作年度报告", "2020年报", "…政府信息公开报告".
A letter that carries the report counts as the report: "关于报送《…2023年政府信息公开工作情况》的函".
Related documents are not the report: 图解, 一图读懂, 解读, H5/动漫/视频 versions (RELATED_WORDS), nor
the look-alikes a keyword filter takes for one: 指南, 预决算, 工作要点, 统计年报, 企业年报 (LOOKALIKE_WORDS).
The words are tables (data) so a reviewer can hold them against the titles seen on real portals.

Pure: text in, match out; knows nothing of Scrapy or SQLite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .normalize import chinese_year, squash, tidy

# Report words, longest first (a regex alternation takes the first that fits).
REPORT_WORDS: tuple[str, ...] = (
    "政府信息公开工作年度报告", "政府信息公开年度工作报告", "政府信息公开年度报告", "政务信息公开年度报告",
    "政务公开工作年度报告", "政府信息公开工作报告", "政府信息公开报告", "信息公开工作年度报告", "信息公开年度报告",
    "政府信息公开年报", "政府政务公开年报", "政务公开年报", "信息公开年报", "年度工作报告", "工作年度报告",
    "年度报告", "年报",
)
# Words of a report only inside a letter that carries it ("关于报送《…政府信息公开工作情况》的函").
LETTER_WORDS: tuple[str, ...] = ("政府信息公开工作情况", "政务公开工作情况", "信息公开工作情况")
# Letters and notices that carry a report: the report is what they quote.
# A 通知 that asks for reports ("关于报送2023年度…年度报告的通知") is the request, not a report: only a letter
# sent up (函, 报告, 请示) carries a report it 报送s; a notice carries one it 印发s or 公布s. The sender may
# precede 关于 ("XX县人民政府办公室关于2007年度政府信息公开工作情况的报告").
LETTER_FRAMES: tuple[str, ...] = (
    r"^[^《》\"]{0,30}?关于(?:报送|上报|呈报|印发|公布|发布|公开)?[《\"]?(?P<inner>.+?)[》\"]?的(?:函|报告|请示)$",
    r"^[^《》\"]{0,30}?关于(?!报送|上报|呈报|做好|开展|征集)(?:印发|公布|发布|公开)?[《\"]?(?P<inner>.+?)[》\"]?"
    r"的(?:通知|公告|通告)$",
)
# Documents about a report, kept (if at all) as related documents, never as the report.
RELATED_WORDS: tuple[str, ...] = ("图解", "一图读懂", "一图看懂", "一图了解", "图说", "解读", "H5", "h5", "动漫", "视频", "长图",
                                  "漫画", "海报", "图文版")
# Look-alikes (PORTALS.md "Noise").
LOOKALIKE_WORDS: tuple[str, ...] = (
    "指南", "制度", "预算", "决算", "工作要点", "目录", "通知", "实施方案", "法治政府建设", "统计年报", "企业年报",
    "年报公示工作", "申请表", "审计报告", "审计结果", "财务报告", "收费标准", "工作计划", "编制工作",
    # news about the reports: meetings, training, supervision, assessment
    "召开", "会议", "培训", "部署", "通报", "督查", "考核", "评估", "征集",
    "编制发布", "做好",  # "关于做好2023年…年度报告编制发布工作的通知": the request for the reports
)
# A report's own tail: "的公告", "（全文）", "统计表"/"附表" attached to the report words.
TAIL = r"(?:的公告|的通告|\((?:全文|更正版|修订版|正文|文字版|修订)\)|全文|统计表|附表)?"
YEAR = r"(?:19|20)\d{2}|[〇○零O一二三四五六七八九]{4}"
YEAR_MIN, YEAR_MAX = 2007, 2099
_WORDS = "|".join(map(re.escape, REPORT_WORDS))
_LETTER_WORDS = "|".join(map(re.escape, REPORT_WORDS + LETTER_WORDS))
_YEAR_SUFFIX = r"(?:工作年度|年度|年)?"


def _grammar(words: str) -> tuple[re.Pattern[str], ...]:
    return (
        re.compile(rf"^(?P<pre>.{{0,50}}?)(?P<year>{YEAR}){_YEAR_SUFFIX}(?P<post>.{{0,50}}?)(?:{words})(?:\(.{{1,20}}\))?{TAIL}$"),
        # "青山县民政局政府信息公开工作年度报告（2023年度）"
        re.compile(rf"^(?P<pre>.{{0,50}}?)(?:{words})\((?P<year>{YEAR})年度?\){TAIL}$"),
        re.compile(rf"^(?P<pre>.{{0,50}}?)(?:{words}){TAIL}$"),
    )


_TITLE = _grammar(_WORDS)
_LETTER_TITLE = _grammar(_LETTER_WORDS)
_FRAMES = tuple(re.compile(f) for f in LETTER_FRAMES)
_SENTENCE = re.compile(r"[。,;:!?]")
_DECORATION = "【】[]"  # list decorations around a year or a title, never part of an agency
# A page title's site suffix: "…年度报告_XX区人民政府", "… | 门户", "…年度报告-青山县人民政府".
HINT_SEPARATORS = re.compile(r"[_|｜]|\s[-—–]\s|(?<=报告)[-—–]|(?<=年报)[-—–]")


def year_value(s: str) -> int | None:
    """"2023" or "二○二三" as a year within the years reports exist, else None."""
    y = int(s) if s.isdigit() else chinese_year(s)
    return y if y is not None and YEAR_MIN <= y <= YEAR_MAX else None


def _frame(s: str) -> re.Match[str] | None:
    """The letter around a report's quoted title ("关于报送《…》的函"), if any."""
    return next((m for m in (f.match(s) for f in _FRAMES) if m), None)


def _unframed(s: str) -> tuple[str, bool]:
    """The quoted title of a letter that carries a report, and whether there was such a letter."""
    m = _frame(s)
    return (m.group("inner"), True) if m else (s, False)


def is_related(text: str | None) -> bool:
    """An infographic, explainer or H5 version of a report: related to it, not the report."""
    s = squash(text or "")
    return any(w in s for w in RELATED_WORDS)


def title_match(text: str) -> re.Match[str] | None:
    """A full-line title match on the squashed text, or None (groups: pre, year, post)."""
    s = squash(text)
    if len(s) > 90:
        return None
    inner, letter = _unframed(s)
    # A sentence that mentions the report ("现将…年度报告公布如下，") is not its title.
    if any(w in inner for w in LOOKALIKE_WORDS + RELATED_WORDS) or _SENTENCE.search(inner):
        return None
    for rx in _LETTER_TITLE if letter else _TITLE:
        m = rx.match(inner)
        if m and (not m.groupdict().get("year") or year_value(m.group("year"))):
            return m
    return None


def nospace(s: str) -> str:
    return re.sub(r"\s+", "", tidy(s))


def hint_titles(hint: str | None) -> list[str]:
    """The parts of a page title (<title>, <h1>, ArticleTitle, a link text) that read as a report title."""
    return [nospace(part) for part in HINT_SEPARATORS.split(hint or "") if title_match(part)]


def title_year(title: str | None) -> int | None:
    if not title:
        return None
    m = title_match(title)
    if m and m.groupdict().get("year"):
        return year_value(m.group("year"))
    return None


def agency_from_title(title: str | None) -> str | None:
    """The issuing body as the title prints it: the title without its year and report words."""
    if not title:
        return None
    m = title_match(title)
    if not m:
        return None
    # "【2023年】XX局…": a prefix of brackets only is no agency; the text after the year is.
    pre = m.group("pre").strip(_DECORATION)
    group = "pre" if pre else "post" if m.groupdict().get("post") else None
    if group is None:
        return None
    s = squash(title)
    printed = nospace(title)
    frame = _frame(s)
    offset = frame.start("inner") if frame else 0
    # NFKC maps the characters of a title one to one, so spans found on the normalised form
    # cut the printed form: the agency keeps its full-width brackets.
    start, end = m.span(group)
    agency = printed[offset + start:offset + end] if len(printed) == len(s) else m.group(group)
    agency = re.sub(r"^关于|关于$|的$", "", agency.strip(" -—_:：,，、《》\"“”" + _DECORATION))
    return agency or None


@dataclass(frozen=True, slots=True)
class TitleInfo:
    """What a listing or page title says about a report: hints for the archive, never the final word."""

    title: str
    year: int | None
    agency: str | None
    strong: bool  # the title names 信息公开/政务公开, not just 年报


_STRONG = re.compile(r"(?:信息|政务)公开")
_ANY_WORDS = re.compile(_LETTER_WORDS)
_ANY_YEAR = re.compile(rf"({YEAR})\s*(?:工作年度|年度|年)")


def report_title(text: str | None) -> TitleInfo | None:
    """TitleInfo when a link or page title reads as an annual report, else None.

    The grammar decides on the title or one of its parts ("2020年报_审计局"); a title the grammar does
    not cover still counts when it holds the report words and no look-alike or related-document word
    (listing texts carry dates, sizes and decorations no grammar foresees), its year then read from the
    first "YYYY年". Some real titles carry neither year nor agency: the content decides then.
    """
    title = nospace(text or "")
    if not title or len(title) > 120:
        return None
    for part in HINT_SEPARATORS.split(title):
        if title_match(part):
            return TitleInfo(title=title, year=title_year(part), agency=agency_from_title(part),
                             strong=bool(_STRONG.search(part)))
    s = squash(title)
    inner, letter = _unframed(s)
    found = _ANY_WORDS.search(inner)
    if not found or (found.group(0) in LETTER_WORDS and not letter):
        return None
    if any(w in inner for w in LOOKALIKE_WORDS + RELATED_WORDS):
        return None
    m = _ANY_YEAR.search(inner)
    return TitleInfo(title=title, year=year_value(m.group(1)) if m else None, agency=None, strong=bool(_STRONG.search(inner)))
