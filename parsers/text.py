"""Grid builder for plain text, where tables were flattened.

Three layouts are read (FORMAT.md §6.6–7):
- Word flattened to text: one cell per tab-indented line, rows separated by empty lines, blank
  cells as lines holding only a tab (positions kept);
- pipe rows "| a | b |" (positions kept, colspan padding as empty cells);
- one cell per line with no marker, where blank cells vanished: tokens are grouped into rows by
  their labels and the mapper may not trust positions.
"""

from __future__ import annotations

import re

from .encoding import decode, header_charset
from .labels import ACTIVE_ROWS, REQUEST_GROUPS, REQUEST_ROWS
from .meta import section_of
from .model import Extracted, Paragraph, ragged_table
from .normalize import is_value_token, squash
from .registry import Context

# A page saved by a crawler or a site archive: "标题：…", "发布时间：…", "来源：…" lines before the body
# (several may share a line: "发布时间：2024-01-20  来源：县政府办  浏览次数：")
PAGE_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "文章标题", "题目", "名称", "信息名称"),
    "published": ("发布时间", "发布日期", "公开日期", "成文日期", "发文日期", "日期", "时间"),
    "publisher": ("发布机构", "来源", "信息来源", "发布单位", "发文机关", "文章来源"),
}
# Other fields of such headers, read past but not kept.
PAGE_OTHER_FIELDS = ("索引号", "文号", "发文字号", "主题分类", "分类", "网址", "链接", "原文链接", "URL", "url",
                     "作者", "浏览次数", "点击数", "访问量", "字号", "有效性", "关键词", "体裁分类")
_PAGE_FIELD = re.compile(r"^(?P<k>[\u4e00-\u9fffA-Za-z]{2,6})\s*[:：]\s*(?P<v>.*)$")
_DATE = re.compile(r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")
_TABLE_START = ("第二十条", "信息内容", "勾稽关系", "申请人情况")
_SHORT_TABLE_START = ("行政复议", "结果维持", "自然人")
_TOP_NUMBER = re.compile(r"^(?:\([一二三四五六七八九十]{1,2}\)|[一二三四五六七八九十]{1,2}、)")
_ITEM_NUMBER = re.compile(r"^\d+[.、]")
# Word-to-text converters leave bookmark anchors in front of headings.
_CELL_LINE = re.compile(r"^([^|]+?)\s*\|[\s|]*$")
# "四、结转下年度继续办理 0 0 0 0 0 0 0" and "0 0 0 …": PDF and e-book text layers put a row on one line.
_NUM = r"[+-]?\d[\d,.]*(?:万元|元|件|个|条|项|次|[(（]万?元[)）])?"
_SPACED_ROW = re.compile(rf"^(?:(?P<label>.*?[^\d\s,.+-])\s*)?(?P<nums>(?:{_NUM}\s+)*{_NUM})$")
_PIPES_ONLY = re.compile(r"^\|+$")
_MD_RULE = re.compile(r"^:?-{3,}:?$")
_ARTIFACTS = re.compile(r"\[bookmark:[^\]]*\]")


def read_lines(lines: list[str], ex: Extracted) -> None:
    """Append the paragraphs and flattened tables found in `lines` to `ex`."""
    _Reader(ex).read(lines)


def extract(data: bytes, ctx: Context) -> Extracted:
    text, _ = decode(data, header_charset(ctx.media_type))
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ex = Extracted()
    read_lines(page_header(lines, ex), ex)
    return ex


def _field(part: str) -> tuple[str, str] | None:
    """(field, value) of one "标题：…" part; ("", "") for a known field not kept; None otherwise."""
    m = _PAGE_FIELD.match(part.strip())
    if not m:
        return None
    k, v = m.group("k"), m.group("v").strip()
    for key, names in PAGE_FIELDS.items():
        if k in names:
            return key, v
    return ("", "") if k in PAGE_OTHER_FIELDS else None


def page_header(lines: list[str], ex: Extracted) -> list[str]:
    """Read the "标题：/发布时间：/来源：" header of a saved page into `ex`; the lines after it.

    A header is the run of field lines at the top (blank lines and a '---' rule allowed) holding a
    title or at least two kept fields; anything else leaves the text as it is.
    """
    found: dict[str, str] = {}
    end = 0
    for i, line in enumerate(lines[:20]):
        stripped = line.strip()
        if not stripped or set(stripped) <= set("-=*_"):
            end = i + 1
            continue
        parts = [f for f in (_field(p) for p in re.split(r"\s{2,}|\t|\s(?=[\u4e00-\u9fff]{2,6}[:：])", stripped)) if f is not None]
        if not parts or len(parts) < len([p for p in re.split(r"\s{2,}|\t", stripped) if p.strip()]):
            break
        for key, value in parts:
            if key and value:
                found.setdefault(key, value)
        end = i + 1
    if "title" not in found and len(found) < 2:
        return lines
    if "title" in found:
        ex.title = found["title"]
    if "publisher" in found:
        ex.meta["publisher"] = found["publisher"].split()[0]
    if "published" in found and (m := _DATE.search(found["published"])):
        ex.meta["published"] = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return lines[end:]


def _is_row_label(t: str) -> bool:
    s = squash(t)
    if any(g in s for g in REQUEST_GROUPS) and not _ITEM_NUMBER.match(s):
        return False
    return any(w in s for _, ws in ACTIVE_ROWS for w in ws) or any(w in s for _, ws in REQUEST_ROWS for w in ws)


class _Reader:
    def __init__(self, ex: Extracted) -> None:
        self.ex = ex
        self.rows: list[list[str]] = []
        self.row: list[str] = []
        self.mode: str | None = None  # "tab", "tabrow", "pipe" or "lines"

    def read(self, lines: list[str]) -> None:
        for line in lines:
            self._line(line)
        self._flush()

    def _line(self, line: str) -> None:
        line = _ARTIFACTS.sub("", line)
        stripped = line.strip()
        # Three or more tabs: a whole row whose cells are joined by tabs (below), not one tab-indented cell.
        if line.startswith("\t") and line.count("\t") < 3:
            self._enter("tab")
            self.row.append(stripped)
            return
        if self.mode == "tab" and not stripped:
            self._end_row()
            return
        cell_line = _CELL_LINE.match(stripped)
        if cell_line and (self.mode == "lines" or _starts_table(cell_line.group(1))):
            # One cell per line, each closed by a pipe ("规章 |"); bare "|" lines are padding.
            self._enter("lines")
            self._token(cell_line.group(1).strip())
            return
        if self.mode == "lines" and _PIPES_ONLY.match(stripped):
            return
        tabbed = line.count("\t") >= 3
        stripped = line.strip("\r\n ") if tabbed else stripped
        if tabbed or ("|" in stripped and (stripped.startswith("|") or self.mode == "pipe" or _starts_table(stripped))):
            # Pipe rows, and rows whose cells are joined by tabs: empty fields are blank cells.
            self._enter("tabrow" if tabbed else "pipe")
            cells = [c.strip() for c in (stripped.split("\t") if tabbed else stripped.strip("|").split("|"))]
            if not all(_MD_RULE.match(c) for c in cells):  # markdown's |---|---| rule is no row
                self.rows.append(cells)
            return
        if not stripped:
            return
        key, _ = section_of(stripped)
        if key:
            self._flush()
            self.ex.blocks.append(Paragraph(stripped))
            return
        spaced = _SPACED_ROW.match(stripped)
        if spaced and len(spaced.group("nums").split()) == 1 and not (
                spaced.group("label") and stripped[spaced.start("nums") - 1].isspace() and _is_row_label(spaced.group("label"))):
            spaced = None  # one number: only "行政许可 2417", a row label, a space and its value, is a row
        if spaced and (self.mode == "lines" or (spaced.group("label") and _is_row_label(spaced.group("label")))):
            self._enter("lines")
            nums = spaced.group("nums").split()
            if spaced.group("label") or not self.row or any(is_value_token(x) for x in self.row):
                self._end_row()
                self.row = ([spaced.group("label").strip()] if spaced.group("label") else [])
            # else: numbers on their own line complete the label wrapped over the lines before them
            self.row += nums
            self._end_row()
            return
        if self.mode == "lines" and not _is_prose(stripped):
            self._token(stripped)
            return
        if _starts_table(stripped):
            self._enter("lines")
            self._token(stripped)
            return
        self._flush()
        self.ex.blocks.append(Paragraph(stripped))

    def _token(self, t: str) -> None:
        """Group one-cell-per-line tokens into rows: a new row starts at each row label."""
        s = squash(t)
        if is_value_token(t):
            self.row.append(t)
            return
        if self.row:
            if any(is_value_token(x) for x in self.row):
                new = True
            elif all(any(g in squash(x) for g in REQUEST_GROUPS) for x in self.row):
                # "（三）不予公开" + "1.属于国家秘密" and "三、本年度办理结果" + "（一）予以公开" are one row.
                big_group = all("本年度办理结果" in squash(x) for x in self.row)
                new = not (_ITEM_NUMBER.match(s) or (big_group and _TOP_NUMBER.match(s)))
            else:
                new = bool(_TOP_NUMBER.match(s) or _ITEM_NUMBER.match(s) or _is_row_label(t)
                           or s.startswith("第二十条"))
            if new:
                self._end_row()
        self.row.append(t)

    def _enter(self, mode: str) -> None:
        if self.mode != mode:
            self._flush()
            self.mode = mode

    def _end_row(self) -> None:
        if self.row:
            self.rows.append(self.row)
            self.row = []

    def _flush(self) -> None:
        self._end_row()
        if self.rows:
            table = ragged_table(self.rows, where=f"text {self.mode} table", blanks_kept=self.mode != "lines")
            if self.mode == "lines":
                table.detached = _detached(self.rows)
            # Tab-joined rows come from a spreadsheet or Word copy: every field sits in its column.
            table.positional = self.mode == "tabrow"
            self.ex.blocks.append(table)
        self.rows = []
        self.mode = None


def _detached(rows: list[list[str]]) -> set[int]:
    """Rows whose labels and numbers a converter pulled apart: labels first, then number rows.

    A row of numbers without a label after a row that already has numbers means the numbers run
    behind their labels; the row before it got its numbers by order only, and so did nothing
    else here. That row, the label-only rows above it and the unlabelled rows are detached.
    """
    def labelled(row: list[str]) -> bool:
        return any(not is_value_token(x) for x in row)

    def valued(row: list[str]) -> bool:
        return any(is_value_token(x) for x in row)

    out: set[int] = set()
    for i in range(1, len(rows)):
        if labelled(rows[i]) or not valued(rows[i]) or not valued(rows[i - 1]):
            continue
        run = [i]
        j = i - 1
        if labelled(rows[j]):
            run.append(j)
            j -= 1
            while j >= 0 and labelled(rows[j]) and not valued(rows[j]):
                run.append(j)
                j -= 1
        elif j in out:
            out.add(i)
            continue
        if any(_is_row_label(x) for k in run for x in rows[k] if not is_value_token(x)):
            out.update(run)
    return out


def _starts_table(s: str) -> bool:
    q = squash(s)
    if len(q) <= 20 and any(q.startswith(w) for w in _SHORT_TABLE_START):
        return True
    return any(w in q[:14] for w in _TABLE_START)


def _is_prose(s: str) -> bool:
    q = squash(s)
    return len(q) > 60 or (len(q) > 45 and re.search(r"[。；;]", q) is not None)

