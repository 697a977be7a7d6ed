"""Words that tell a 年报 column, a report title and a look-alike apart (FORMAT.md §7, PORTALS.md).

Tables, not if-chains: a reviewer compares these lists with the column names and title patterns seen
on real portals.
"""

from __future__ import annotations

import re

from parsers.titles import LOOKALIKE_WORDS, RELATED_WORDS, YEAR, TitleInfo, report_title, year_value

__all__ = ["TitleInfo", "report_title"]

# Link texts of 年报 columns (PORTALS.md "Where reports live").
COLUMN_TEXTS: tuple[str, ...] = (
    "政府信息公开年报",
    "政府信息公开工作年度报告",
    "政府信息公开年度报告",
    "信息公开年度报告",
    "信息公开年报",
    "政务公开年报",
    "公开年报",
    "年报公示",
    "年度报告",
    "年报",
)

# URL path segments of 年报 columns; a trailing `_NNNN` (TRS channel id) is allowed.
COLUMN_SLUGS: tuple[str, ...] = (
    "zfxxgknb", "xxgknb", "gknb", "xxgkndbg", "zfxxgkndbg", "ndbg", "xxgknbgs", "bmxxgknb", "nbgs",
)

# Sub-columns inside a 年报 column: departments, townships and streets, per-year folders.
SUBCOLUMN_TEXTS: tuple[str, ...] = (
    "部门", "工作部门", "直属", "乡镇", "街道", "镇", "乡", "区级", "县级", "市级", "本级", "政府",
)
SUBCOLUMN_SLUGS: tuple[str, ...] = ("qzfgzbm", "bmxxgknb", "xzjd", "szfgzbm", "bm", "jd", "xz", "zbxx")
YEAR_FOLDER_RE = re.compile(r"^(?:19|20)\d{2}\s*年?度?$|^(?:gknb|nb_?)?(?:19|20)\d{2}n?b?$|^(?:19|20)\d{2}nb$")

# Pages that lead to the 年报 column: the 政府信息公开 platform and its cousins.
DISCLOSURE_TEXTS: tuple[str, ...] = ("政府信息公开", "信息公开", "政务公开", "政府信息公开专栏", "政务公开专栏",
                                     "政府信息公开目录", "政府信息公开平台")
# `gkmlpt`: Guangdong's 政府信息公开目录 platform.
DISCLOSURE_SLUGS: tuple[str, ...] = ("zfxxgk", "xxgk", "zwgk", "zfxxgkzl", "gongkai", "xxgkzl", "gkmlpt")

# Report titles: the one grammar of parsers/titles.py (crawler and parser read titles alike).
LOOKALIKE_RE = re.compile("|".join(map(re.escape, LOOKALIKE_WORDS + RELATED_WORDS)))
_SPACE_RE = re.compile(r"\s+")
_YEAR_RE = re.compile(rf"({YEAR})\s*(?:工作年度|年度|年)")


def clean(text: str | None) -> str:
    """Collapse whitespace (titles are split over lines and padded with &nbsp; on real pages)."""
    return _SPACE_RE.sub("", text or "").strip()


def _year(text: str) -> int | None:
    m = _YEAR_RE.search(text)
    return year_value(m.group(1)) if m else None


def _segments(path: str) -> list[str]:
    return [s for s in path.lower().split("/") if s]


def _slug_matches(segment: str, slugs: tuple[str, ...]) -> bool:
    base = re.sub(r"_\d+$", "", segment)
    return base in slugs


FOLDER_LIKE_RE = re.compile(r"/$|/(?:index|list|default)(?:_\d+)?\.(?:s?html?|jsp|aspx?)$|/col/col\d+/")
# Article URLs of the CMS families (PORTALS.md): a link there is a report page, never a column.
ARTICLE_URL_RE = re.compile(r"/t\d{8}_\d+\.\w+$|/art_\d+_\d+\.html$|/art_[0-9a-f]{32}\.html$|/post_\d+\.html$"
                            r"|/content_\d+\.\w+$|/info/\d+/\d+\.htm$|/\d{6}/[0-9a-f]{32}\.s?html$|/\d{19}\.html$"
                            r"|/Content-\d+\.html$")


PAGER_TEXTS = ("首页", "上一页", "下一页", "上页", "下页", "尾页", "末页", "前页", "后页", ">", "<", ">>", "<<", "»", "«")


def is_column_link(text: str, path: str) -> bool:
    """A link to a 年报 column: its text is a column name, or it is a listing URL with a column slug folder.

    Pager links (下一页, page numbers) of a column are pages of it, not columns.
    """
    t = clean(text)
    if t in PAGER_TEXTS or t.isdigit():
        return False
    if ARTICLE_URL_RE.search(path):
        return False  # "XX局政府信息公开工作年度报告" without a year, linking an article: a report
    if t and any(t == c or (t.endswith(c) and len(t) <= len(c) + 8 and _year(t) is None) for c in COLUMN_TEXTS):
        return True
    segs = _segments(path)
    folders = segs if path.endswith("/") else segs[:-1]
    return (bool(folders) and _slug_matches(folders[-1], COLUMN_SLUGS) and (not t or _year(t) is None)
            and bool(FOLDER_LIKE_RE.search(path.lower())) and not re.search(r"_\d+\.\w+$", path))


def is_disclosure_link(text: str, path: str) -> bool:
    """A link to the portal's 政府信息公开 platform, where the 年报 column is listed."""
    t = clean(text)
    if t in DISCLOSURE_TEXTS:
        return True
    segs = _segments(path)
    folders = segs if path.endswith("/") else segs[:-1]
    return len(folders) == 1 and _slug_matches(folders[0], DISCLOSURE_SLUGS)


def is_subcolumn_link(text: str, path: str, column_path: str) -> bool:
    """A department, township or year sub-column of the 年报 column at `column_path`.

    It must look like a listing (a folder, an index page, a Hanweb /col/), never like a report or a
    look-alike; inside the column any such folder counts, outside it only names of 年报 sub-columns.
    """
    t = clean(text)
    if (report_title(t) is not None and _year(t) is not None) or LOOKALIKE_RE.search(t) or t in PAGER_TEXTS:
        return False
    if t.isdigit() or re.search(r"/(?:index|list)_\d+\.\w+$", path):
        return False
    if not FOLDER_LIKE_RE.search(path.lower()):
        return False
    segs = _segments(path)
    last = (segs if path.endswith("/") else segs[:-1])[-1:] or [""]
    if YEAR_FOLDER_RE.match(last[0]) or YEAR_FOLDER_RE.match(t) or _slug_matches(last[0], SUBCOLUMN_SLUGS):
        return True
    col = column_path.lower()
    if path.lower().startswith(col) and path.lower().rstrip("/") != col.rstrip("/"):
        return True
    return any(c in t for c in COLUMN_TEXTS) and any(w in t for w in SUBCOLUMN_TEXTS)
