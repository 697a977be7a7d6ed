"""Tables drawn without ruling lines (Word/WPS "no borders", only row rules, shaded cells) → grids.

Without strokes, the columns are where the words are. Numbers never span two columns, so the value
columns are the x-ranges that the value words of the table cover; header words then widen the
column they sit over (values left- or right-aligned under a centred header) or, lying between two
headed columns, are a column with no value at all (a blank column keeps its place). Rows are the
vertical bands of value words; label lines beside a band belong to its row, wrapped label lines
below it continue it, and a label line of its own that starts a new label ("3.危及…", "规章") is a
row whose cells are all blank. Blank cells therefore stay in their column, as in a ruled grid.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from . import labels as L
from .model import Cell, Table
from .normalize import read_value, squash

if TYPE_CHECKING:
    from .geometry import Glyph

WORD_GAP = 0.4  # in glyph heights: a wider gap ends a word (cell text is set solid or nearly)
DIGIT_GAP = 0.08  # a number this far from a Chinese character is a word of its own
TABULAR_GAP = 1.5  # in glyph heights: a line with a gap this wide is cut into cells
BAND_OVERLAP = 0.3  # share of a glyph height two value words must overlap to be one row
TABLE_GAP = 2.0  # in line heights: a wider vertical gap ends the table
MAX_HEADER_LINES = 10
MAX_INNER_LINES = 5  # non-tabular lines between two tabular lines of one table

_NEW_LABEL = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．]|[①-⑳])"
)
_ROW_WORDS = tuple(w for _, ws in L.ACTIVE_ROWS + L.REQUEST_ROWS for w in ws)
_MARKERS = ("第二十条", *(w for ws in L.TABLE_MARKERS.values() for w in ws))
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(slots=True)
class Word:
    """Glyphs set close together on one line: the text of one cell on that line."""

    glyphs: list[Glyph]
    line: int
    value: bool = False

    @property
    def x0(self) -> float:
        return float(self.glyphs[0].x0)

    @property
    def x1(self) -> float:
        return float(self.glyphs[-1].x1)

    @property
    def top(self) -> float:
        return float(min(g.top for g in self.glyphs))

    @property
    def bottom(self) -> float:
        return float(max(g.bottom for g in self.glyphs))

    @property
    def center(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs)


def words(line_glyphs: list[Glyph], line: int) -> list[Word]:
    """A line cut into words at gaps wider than a character's spacing."""
    out: list[Word] = []
    for g in line_glyphs:
        if out:
            prev = out[-1].glyphs[-1]
            gap = g.x0 - prev.x1
            h = max(1.0, g.bottom - g.top)
            mixed = g.text[:1].isdigit() != prev.text[-1:].isdigit() and bool(
                _CJK.match(g.text[:1]) or _CJK.match(prev.text[-1:])
            )
            if gap <= WORD_GAP * h and not (mixed and gap > DIGIT_GAP * h):
                out[-1].glyphs.append(g)
                continue
        out.append(Word([g], line))
    for w in out:
        w.value = read_value(w.text)[1] != "text"
    return out


def line_words(glyphs: list[Glyph], line: int) -> list[Word]:
    """Words of a text line, each from one physical line: a label centred across two rows can
    bridge them into one text line, whose glyphs at equal x would otherwise interleave."""
    out: list[Word] = []
    rows: list[list[Glyph]] = []
    for g in sorted(glyphs, key=lambda g: (g.top + g.bottom) / 2):
        cy, h = (g.top + g.bottom) / 2, g.bottom - g.top
        if rows and cy - (rows[-1][0].top + rows[-1][0].bottom) / 2 <= 0.35 * h:
            rows[-1].append(g)
        else:
            rows.append([g])
    for row in rows:
        out += words(sorted(row, key=lambda g: g.x0), line)
    return sorted(out, key=lambda w: w.x0)


def is_tabular(line_words: list[Word]) -> bool:
    """A line holding a value cell apart from other cells: a table row."""
    if not any(w.value for w in line_words) or len(line_words) < 2:
        return False
    return any(
        b.x0 - a.x1 > TABULAR_GAP * max(1.0, b.bottom - b.top)
        for a, b in zip(line_words, line_words[1:], strict=False)
    )


def is_header_text(text: str) -> bool:
    """Words only a header of the standard tables holds (勾稽关系, 申请人情况, 信息内容 …)."""
    s = squash(text)
    return any(w in s for w in _MARKERS)


def starts_new(text: str) -> bool:
    """Whether a label line begins a row of its own rather than continuing a wrapped label."""
    s = squash(text)
    # A character of a vertical label ("三、本年度办理结果" one per line) may come first.
    return bool(_NEW_LABEL.match(s) or _NEW_LABEL.match(s[1:])) or any(w in s[:8] for w in _ROW_WORDS) or any(w in s for w in _MARKERS)


@dataclass(slots=True)
class Columns:
    """Column layout of an unruled table: one label column, then value columns between boundaries.

    Label cells are one column whatever their indentation (group, item and wrapped parts of a
    label are told apart by the mapper's keywords, not by position), as in the official form's
    table 二, whose first cell is 信息内容.
    """

    labelled: bool  # False when no cell is a label (table 四: one row of numbers)
    label_edge: float  # words centred left of this are labels
    bounds: list[float]  # inner boundaries between value columns
    left: float
    right: float

    @property
    def width(self) -> int:
        return int(self.labelled) + len(self.bounds) + 1

    def edges(self) -> list[float]:
        inner = [self.label_edge] if self.labelled else []
        return [self.left, *inner, *self.bounds, self.right]

    def value_col(self, x: float) -> int:
        return int(self.labelled) + sum(1 for b in self.bounds if x >= b)

    def fits(self, clusters: list[tuple[float, float]]) -> bool:
        """Whether value clusters of another page sit one per column of this layout."""
        cols = [self.value_col((a + b) / 2) for a, b in clusters]
        inside = all(a >= self.label_edge - 1 for a, _ in clusters)
        return inside and len(set(cols)) == len(cols)


@dataclass(slots=True)
class _Comp:
    x0: float
    x1: float
    valued: bool
    headed: bool = False
    values: list[Word] = field(default_factory=list)


def _clusters(values: list[Word]) -> list[tuple[float, float]]:
    out: list[list[float]] = []
    for w in sorted(values, key=lambda w: w.x0):
        if out and w.x0 < out[-1][1]:
            out[-1][1] = max(out[-1][1], w.x1)
        else:
            out.append([w.x0, w.x1])
    return [(a, b) for a, b in out]


def _alignment(comps: list[_Comp]) -> str:
    """left, right or center: how the numbers sit in their cells (spread of their edges)."""
    votes = {"left": 0, "right": 0, "center": 0}
    for c in comps:
        if len({round(w.x1 - w.x0) for w in c.values}) < 2:
            continue  # numbers of one width tell nothing
        spread = {
            "left": max(w.x0 for w in c.values) - min(w.x0 for w in c.values),
            "right": max(w.x1 for w in c.values) - min(w.x1 for w in c.values),
            "center": max(w.center for w in c.values) - min(w.center for w in c.values),
        }
        best = min(spread, key=lambda k: spread[k])
        if spread[best] <= 1.5:
            votes[best] += 1
    best = max(votes, key=lambda k: votes[k])
    return best if votes[best] else "center"


def layout(head: list[Word], body: list[Word], prev: Columns | None) -> tuple[Columns, set[int]] | None:
    """Columns of the table from its words; and the ids of header words that span columns."""
    values = [w for w in body if w.value]
    clusters = _clusters(values)
    if not clusters:
        return None
    first = clusters[0][0]
    label_end = max((w.x1 for w in body if not w.value and w.x1 <= first + 1), default=None)
    texts = [w for w in head + body if not w.value]
    spanning: set[int] = set()
    if prev is not None and prev.fits(clusters):
        cols = prev
        spanning = {
            id(w)
            for w in texts
            if w.center >= cols.label_edge and len({cols.value_col((g.x0 + g.x1) / 2) for g in w.glyphs}) > 1
        }
    else:
        edge = first if label_end is None else label_end
        comps = [_Comp(a, b, True, values=[w for w in values if a <= w.center <= b]) for a, b in clusters]
        for w in sorted((w for w in texts if w.center > edge), key=lambda w: w.x1 - w.x0):
            hit = [c for c in comps if w.x0 < c.x1 and w.x1 > c.x0]
            if sum(c.valued for c in hit) >= 2:
                spanning.add(id(w))
                continue
            if not hit:
                comps.append(_Comp(w.x0, w.x1, False, True))
                comps.sort(key=lambda c: c.x0)
                continue
            keep = next((c for c in hit if c.valued), hit[0])
            for c in hit:
                keep.x0, keep.x1 = min(keep.x0, c.x0, w.x0), max(keep.x1, c.x1, w.x1)
                keep.headed = True
                if c is not keep:
                    comps.remove(c)
        align = _alignment([c for c in comps if c.valued])
        merged: list[_Comp] = []
        for i, c in enumerate(comps):
            if c.valued:
                merged.append(c)
                continue
            before = merged[-1] if merged and merged[-1].valued else None
            after = next((d for d in comps[i + 1 :] if d.valued), None)
            if before is not None and not before.headed and align != "right":
                before.x1, before.headed = max(before.x1, c.x1), True
            elif after is not None and not after.headed and align != "left" and comps[i + 1] is after:
                after.x0, after.headed = min(after.x0, c.x0), True
            else:
                merged.append(c)
        comps = merged
        bounds = [(a.x1 + b.x0) / 2 for a, b in zip(comps, comps[1:], strict=False)]
        label_edge = comps[0].x0 if label_end is None else (label_end + max(label_end, comps[0].x0)) / 2
        left = min([label_edge, *(w.x0 for w in head + body)])
        labelled = any(w.center < label_edge for w in texts)
        cols = Columns(labelled, label_edge, bounds, left, max(w.x1 for w in head + body))
    return cols, spanning


_ids = iter(range(1, 1 << 62))


@dataclass(slots=True)
class _Row:
    top: float
    words: list[Word] = field(default_factory=list)
    header: bool = False


def build(lines: list[list[Word]], n_head: int, where: str, prev: Columns | None) -> tuple[Table, Columns] | None:
    """The table of `lines` (lists of words, top to bottom); the first `n_head` lines are its header."""
    from .geometry import cell_text

    head = [w for line in lines[:n_head] for w in line]
    body_lines = lines[n_head:]
    body = [w for line in body_lines for w in line]
    found = layout(head, body, prev)
    if found is None:
        return None
    cols, spanning = found
    h = max(1.0, min(w.bottom - w.top for w in body))

    # Header lines: consecutive lines without spanning words are one row (wrapped header words).
    rows: list[_Row] = []
    for line in lines[:n_head]:
        span = any(id(w) in spanning for w in line)
        if rows and not span and not rows[-1].header:
            rows[-1].words += line
        else:
            rows.append(_Row(line[0].top, list(line), header=span))
    for hrow in rows:
        hrow.header = True
    # Body: bands of value words are rows; label lines join the band they overlap or the row above.
    bands: list[_Row] = []
    for w in sorted((w for w in body if w.value), key=lambda w: w.top):
        last = bands[-1] if bands else None
        if last is not None and min(last_bottom(last), w.bottom) - max(last.top, w.top) > BAND_OVERLAP * h:
            last.words.append(w)
        else:
            bands.append(_Row(w.top, [w]))
    body_rows = list(bands)
    extent = [(b, b.top, last_bottom(b)) for b in bands]
    for line in body_lines:
        texts = []
        for w in line:
            if w.value:
                continue
            # A word beside a band belongs to its row, whatever else _lines put on its line.
            lap, near = max(((min(bottom, w.bottom) - max(top, w.top), b) for b, top, bottom in extent),
                            key=lambda o: o[0], default=(0.0, None))
            if near is not None and lap > BAND_OVERLAP * h:
                near.words.append(w)
            else:
                texts.append(w)
        if not texts:
            continue
        text = "".join(w.text for w in texts)
        in_values = any(w.center >= cols.label_edge for w in texts)
        top, bottom = min(w.top for w in texts), max(w.bottom for w in texts)
        above = max((r for r in body_rows if r.top < top), key=lambda r: r.top, default=None)
        below = min((b for b in bands if b.top > top), key=lambda b: b.top, default=None)
        if not starts_new(text) and not in_values and (above or below):
            # The wrapped part of a label: it belongs to the nearer row, above or below.
            up = top - last_bottom(above) if above else float("inf")
            down = below.top - bottom if below else float("inf")
            band = above if above and up <= down else below
        else:
            band = None
        if band is None:
            band = _Row(top)
            body_rows.append(band)
        band.words += texts
    body_rows.sort(key=lambda r: r.top)
    body_rows = _merge_offset_rows(body_rows, cols, h)

    tid = 2_000_000 + next(_ids)
    out: list[list[Cell]] = []
    first_value = int(cols.labelled)
    groups: list[tuple[int, int]] = []  # value-column spans announced by the header row above
    for r, row in enumerate(rows + body_rows):
        slots: dict[int, list[Glyph]] = {}
        spans: list[tuple[int, int]] = []
        for w in row.words:
            if w.center < cols.label_edge and cols.labelled:
                a = b = 0
            elif id(w) in spanning:
                covered = [cols.value_col((g.x0 + g.x1) / 2) for g in w.glyphs]
                a, b = min(covered), max(covered)
            else:
                a = b = cols.value_col(w.center)
            slots.setdefault(a, []).extend(w.glyphs)
            if b > a:
                spans.append((a, b))
        if not any(w.value for w in row.words):
            headed = sorted({c for a, b in [*spans, *((k, k) for k in slots)] for c in range(a, b + 1)
                             if c >= first_value})
            if headed:
                groups = _header_groups(headed, first_value, cols.width)
        else:
            spans += groups
        if r < len(rows) and spans:
            spans = _group_spans(spans, slots, first_value, cols.width)
        cells: list[Cell] = []
        c = 0
        while c < cols.width:
            end = max((b for a, b in spans if a == c), default=c)
            glyphs = [g for k in range(c, end + 1) for g in slots.get(k, [])]
            cell = Cell(cell_text(glyphs), (tid, r, c))
            cells += [cell] * (end - c + 1)
            c = end + 1
        if any(cell.text for cell in cells):
            out.append(cells)
    if not out:
        return None
    return Table(out, positional=True, where=where), cols


def _group_spans(
    spans: list[tuple[int, int]], slots: dict[int, list[Glyph]], first: int, width: int
) -> list[tuple[int, int]]:
    """A group header row ("行政复议 … 行政诉讼"): each header runs on over the empty columns to
    its right, as the merged cell it stands for, so the row reads as headers and not as a label
    followed by blank values."""
    starts = sorted(k for k in slots if k >= first)
    out = [(a, b) for a, b in spans if a < first]
    out += [(a, (starts[i + 1] if i + 1 < len(starts) else width) - 1) for i, a in enumerate(starts)]
    return [(a, b) for a, b in out if b > a]


def _header_groups(headed: list[int], first: int, width: int) -> list[tuple[int, int]]:
    """Value columns under one header cell, when a header row names fewer columns than there are.

    Table 二 prints "本年处理决定数量" over three merged columns, its number centred or at the
    left: each value column joins the nearest named one, so the row reads as one cell.
    """
    if len(headed) == width - first:
        return []
    owner = [min(headed, key=lambda h: (abs(h - c), h)) for c in range(first, width)]
    spans: list[tuple[int, int]] = []
    for c, h in enumerate(owner, first):
        if spans and owner[spans[-1][0] - first] == h:
            spans[-1] = (spans[-1][0], c)
        else:
            spans.append((c, c))
    return [(a, b) for a, b in spans if b > a]


def _merge_offset_rows(rows: list[_Row], cols: Columns, h: float) -> list[_Row]:
    """Rows cut in two by vertical alignment: one row's values printed at two heights (cells
    aligned top and centre in one row), or a label's first line above values centred on the cell.

    A row whose label does not start a new one is the lower half of the row above when its values
    sit in columns that row leaves empty, or when that row holds a label and no value at all.
    """
    out: list[_Row] = []
    for row in rows:
        if out:
            above = out[-1]
            label = "".join(w.text for w in row.words if not w.value)
            mine = {cols.value_col(w.center) for w in row.words if w.value}
            theirs = {cols.value_col(w.center) for w in above.words if w.value}
            near = row.top - last_bottom(above) < h
            lower_half = bool(theirs) and not mine & theirs and not starts_new(label)
            # A label's first line above the values that are centred on its wrapped lines.
            first_line = not theirs and bool(label) and not starts_new(label) and not above.header
            if mine and near and (lower_half or first_line):
                above.words += row.words
                continue
        out.append(row)
    return out


def last_bottom(row: _Row) -> float:
    return max(w.bottom for w in row.words)
