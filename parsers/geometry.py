"""Positioned text and ruling lines → paragraphs and cell grids, shared by PDF, OFD and OCR.

Fixed-layout formats know only where glyphs and strokes are. Tables are recovered from the strokes:
every distinct ruling position cuts the table into a fine grid, and fine cells that no stroke
separates belong to one merged cell. That reads row/column spans exactly as drawn, which flattened
text cannot. Lines drawn without strokes that line up in columns are tables too (`parsers.unruled`).
A table continued on the next page joins the one it continues even when its borders are drawn a
little differently; header rows repeated there are dropped, and running headers and footers (a
printed web page's date, title, URL and "n/m") never reach the text. Coordinates are points
(1/72 in), y growing downwards; builders convert to that.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from statistics import median

from . import unruled
from .model import Block, Cell, Paragraph, Table
from .normalize import nfkc, squash

# Distances in points.
SNAP = 3.0  # ruling positions closer than this are one line (double strokes, HTML cell spacing, rounding)
JOIN = 3.0  # gaps up to this between collinear strokes are drawing artefacts
MIN_RULE = 6.0  # shorter strokes are glyph parts or decoration, not cell borders
MAX_THICK = 3.0  # a filled rectangle thinner than this is drawn as a line
COVER = 0.6  # a border exists where strokes cover this share of a fine cell's side
UNRULED_GAP = 1.5  # in glyph heights: a wider gap separates two cells of a table without rules


# Fonts whose ToUnicode maps some ideographs to radical code points (Chromium's print to PDF with
# Noto CJK: "⼈⺠政府" for 人民政府). Kangxi radicals (U+2F00–2FD5) have NFKC forms; the CJK
# radicals supplement has none, so its characters that are whole ideographs are listed here.
_RADICALS = str.maketrans(dict(zip(
    "⺁⺇⺈⺊⺍⺓⺜⺝⺞⺟⺠⺩⺪⺫⺮⺯⺱⺶⺷⻁⻄⻅⻆⻉⻊⻋⻑⻓⻔⻗⻘⻙⻚⻛⻜⻝⻡⻢⻣⻤⻥⻦⻧⻨⻩⻪⻬⻭⻮⻰⻳",
    "厂几刀卜小幺日月歹母民王疋罒竹糸冈羊羊虎西见角贝足车長长门雨青韦页风飞食首马骨鬼鱼鸟卤麦黄黾齐歯齿龙龟",
    strict=True,
)))


def ideographs(text: str) -> str:
    """Text with radical code points read as the ideographs they stand for."""
    if not any("\u2e80" <= ch <= "\u2fdf" for ch in text):
        return text
    return "".join(
        unicodedata.normalize("NFKC", ch) if "\u2f00" <= ch <= "\u2fdf" else ch for ch in text.translate(_RADICALS)
    )


@dataclass(frozen=True, slots=True)
class Glyph:
    """A character (PDF, OFD) or a recognised word (OCR) with its box."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    ocr: bool = False


@dataclass(slots=True)
class PageLayout:
    """What one page shows: glyphs and strokes, in points with y downwards."""

    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    hlines: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)
    vlines: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)

    def add_box(self, x0: float, top: float, x1: float, bottom: float, *, stroked: bool) -> None:
        """A rectangle: a stroked one gives four borders, a thin filled one is a line."""
        w, h = x1 - x0, bottom - top
        if stroked and w >= MIN_RULE and h >= MIN_RULE:
            self.hlines += [(top, x0, x1), (bottom, x0, x1)]
            self.vlines += [(x0, top, bottom), (x1, top, bottom)]
        elif h <= MAX_THICK and w >= MIN_RULE:
            self.hlines.append(((top + bottom) / 2, x0, x1))
        elif w <= MAX_THICK and h >= MIN_RULE:
            self.vlines.append(((x0 + x1) / 2, top, bottom))

    def paste(self, part: PageLayout, dx: float, dy: float) -> None:
        """Add what another layout (an OCR'd picture on this page) holds, moved by (dx, dy)."""
        self.glyphs += [
            replace(g, x0=g.x0 + dx, x1=g.x1 + dx, top=g.top + dy, bottom=g.bottom + dy) for g in part.glyphs
        ]
        self.hlines += [(y + dy, a + dx, b + dx) for y, a, b in part.hlines]
        self.vlines += [(x + dx, a + dy, b + dy) for x, a, b in part.vlines]

    def add_segment(self, x0: float, y0: float, x1: float, y1: float) -> None:
        """A stroked straight segment; slanted ones are ignored."""
        if abs(y1 - y0) <= MAX_THICK and abs(x1 - x0) >= MIN_RULE:
            self.hlines.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
        elif abs(x1 - x0) <= MAX_THICK and abs(y1 - y0) >= MIN_RULE:
            self.vlines.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


# ---------------------------------------------------------------------------------------------
# Ruling lines → tables


def _merge_rules(rules: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap near-equal positions together and join collinear pieces."""
    out: list[tuple[float, float, float]] = []
    groups: list[list[tuple[float, float, float]]] = []
    for rule in sorted(rules):
        if groups and rule[0] - groups[-1][-1][0] <= SNAP:
            groups[-1].append(rule)
        else:
            groups.append([rule])
    for group in groups:
        pos = median(r[0] for r in group)
        spans = sorted((r[1], r[2]) for r in group)
        a, b = spans[0]
        for s, e in spans[1:]:
            if s <= b + JOIN:
                b = max(b, e)
            else:
                out.append((pos, a, b))
                a, b = s, e
        out.append((pos, a, b))
    return out


def _components(
    hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]
) -> list[tuple[list[int], list[int]]]:
    """Groups of crossing or touching rules: each group is one table."""
    parent = list(range(len(hs) + len(vs)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    t = JOIN
    for i, (y, x0, x1) in enumerate(hs):
        for j, (x, y0, y1) in enumerate(vs):
            if x0 - t <= x <= x1 + t and y0 - t <= y <= y1 + t:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for i in range(len(hs)):
        groups.setdefault(find(i), ([], []))[0].append(i)
    for j in range(len(vs)):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(j)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _positions(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > SNAP:
            out.append(v)
    return out


def _close(positions: list[float], extents: list[tuple[float, float]]) -> list[float]:
    """Add a missing outer border where the crossing rules run on past the last one.

    A table cut by a page break often lacks its closing stroke; its side borders still end where
    the row ends.
    """
    if len(extents) < 2:
        return positions
    low = sorted(e[0] for e in extents)[1]
    high = sorted((e[1] for e in extents), reverse=True)[1]
    if high > positions[-1] + 2 * SNAP:
        positions = [*positions, high]
    if low < positions[0] - 2 * SNAP:
        positions = [low, *positions]
    return positions


def _covered(rules: list[tuple[float, float, float]], pos: float, a: float, b: float) -> bool:
    """Whether strokes at `pos` cover most of the interval a..b."""
    need = (b - a) * COVER
    got = 0.0
    for p, s, e in rules:
        if abs(p - pos) <= SNAP:
            got += max(0.0, min(b, e) - max(a, s))
    return got >= need


@dataclass(slots=True)
class _Grid:
    xs: list[float]
    ys: list[float]
    region: list[list[int]]  # fine cell -> merged-cell id

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def cell_boxes(self) -> list[tuple[float, float, float, float]]:
        """Bounding box (x0, top, x1, bottom) of every merged cell."""
        boxes: dict[int, tuple[float, float, float, float]] = {}
        for r, row in enumerate(self.region):
            for c, rid in enumerate(row):
                x0, y0, x1, y1 = self.xs[c], self.ys[r], self.xs[c + 1], self.ys[r + 1]
                if rid in boxes:
                    a, b, cc, d = boxes[rid]
                    x0, y0, x1, y1 = min(a, x0), min(b, y0), max(cc, x1), max(d, y1)
                boxes[rid] = (x0, y0, x1, y1)
        return list(boxes.values())

    def locate(self, x: float, y: float) -> tuple[int, int] | None:
        if not (self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]):
            return None
        c = min(bisect_right(self.xs, x) - 1, len(self.xs) - 2)
        r = min(bisect_right(self.ys, y) - 1, len(self.ys) - 2)
        return r, c


def _grid(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> _Grid | None:
    xs = _close(_positions([v[0] for v in vs]), [(h[1], h[2]) for h in hs])
    ys = _close(_positions([h[0] for h in hs]), [(v[1], v[2]) for v in vs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    nr, nc = len(ys) - 1, len(xs) - 1
    parent = list(range(nr * nc))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not _covered(vs, xs[c + 1], ys[r], ys[r + 1]):
                parent[find(r * nc + c)] = find(r * nc + c + 1)
            if r + 1 < nr and not _covered(hs, ys[r + 1], xs[c], xs[c + 1]):
                parent[find(r * nc + c)] = find((r + 1) * nc + c)
    region = [[find(r * nc + c) for c in range(nc)] for r in range(nr)]
    return _Grid(xs, ys, region)


def find_grids(page: PageLayout) -> list[_Grid]:
    """Tables of a page as fine grids, top to bottom; a lone box is not a table."""
    hs = _merge_rules(page.hlines)
    vs = _merge_rules(page.vlines)
    grids = []
    for hi, vi in _components(hs, vs):
        g = _grid([hs[i] for i in hi], [vs[j] for j in vi])
        if g is not None and len({x for row in g.region for x in row}) >= 2:
            grids.append(g)
    grids.sort(key=lambda g: g.ys[0])
    return grids


# ---------------------------------------------------------------------------------------------
# Glyphs → text


_CJK = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_WORDCHAR = re.compile(r"[0-9A-Za-z.,%]")
_SPACES = re.compile(r"\s+")


def _glue(left: str, right: str) -> str:
    """Separator between two runs: none around Chinese, a space between Latin words or numbers."""
    if not left or not right:
        return ""
    if _WORDCHAR.match(left[-1]) and _WORDCHAR.match(right[0]):
        return " "
    return ""


@dataclass(slots=True)
class _Line:
    glyphs: list[Glyph]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1

    @property
    def size(self) -> float:
        return median(g.bottom - g.top for g in self.glyphs)

    @property
    def text(self) -> str:
        out = ""
        prev: Glyph | None = None
        for g in self.glyphs:
            if prev is not None:
                gap = g.x0 - prev.x1
                if gap > 0.3 * max(1.0, g.bottom - g.top):
                    out += _glue(out, g.text) or (
                        "" if _CJK.match(g.text[:1]) or _CJK.match(out[-1:]) else " "
                    )
            out += g.text
            prev = g
        return _SPACES.sub(" ", out).strip()


def _lines(glyphs: list[Glyph]) -> list[_Line]:
    """Group glyphs into text lines by vertical overlap, each sorted left to right."""
    lines: list[_Line] = []
    for g in sorted(glyphs, key=lambda g: (g.top, g.x0)):
        h = g.bottom - g.top
        for line in reversed(lines[-3:]):
            overlap = min(line.bottom, g.bottom) - max(line.top, g.top)
            if overlap > 0.5 * min(h, line.bottom - line.top):
                line.glyphs.append(g)
                line.bottom = max(line.bottom, g.bottom)
                break
        else:
            lines.append(_Line([g], g.top, g.bottom))
    for line in lines:
        line.glyphs.sort(key=lambda g: g.x0)
    return lines


def cell_text(glyphs: list[Glyph]) -> str:
    """A cell's text: wrapped lines joined, with no separator between Chinese characters."""
    out = ""
    for line in _lines(glyphs):
        t = line.text
        out += _glue(out, t) + t
    return out


# ---------------------------------------------------------------------------------------------
# Page footers

_FOOTER = re.compile(
    r"^(?:[-—–－─_~·•\s]*\d{1,4}[-—–－─_~·•\s]*"
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
    r"|\d{1,4}\s*/\s*\d{1,4}"
    r"|[Pp]age\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)


def is_page_number(text: str) -> bool:
    """Page numbers such as "— 3 —", "-3-", "第 3 页", "3/6"."""
    return bool(_FOOTER.match(text.strip()))


# ---------------------------------------------------------------------------------------------
# Pages → blocks


_table_ids = iter(range(1, 1 << 62))
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?$")
_NEW_LABEL = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]+\s*[）)]|[一二三四五六七八九十]+\s*[、.．]|\d+\s*[、.．]|[①-⑳])"
)


# Tesseract's usual confusions inside a number.
_DIGIT_FIX = str.maketrans(
    {
        "O": "0",
        "o": "0",
        "〇": "0",
        "D": "0",
        "I": "1",
        "l": "1",
        "|": "1",
        "]": "1",
        "[": "1",
        "!": "1",
        " ": None,
    }
)
_OCR_NUMBER = re.compile(r"^[0-9OoDI〇l|\[\]! ]+(?:[.,][0-9 ]+)?$")


def fix_ocr_number(text: str) -> str:
    """Undo OCR's letter-for-digit slips and word splits in a cell that holds a number.

    "1 0" → "10", "]0" → "10", and a lone "O", "]" or "|" in a cell is a 0 or a 1.
    """
    if _OCR_NUMBER.match(text) and (any(ch.isdigit() for ch in text) or len(text) == 1):
        return text.translate(_DIGIT_FIX)
    return text


@dataclass(slots=True)
class _PlacedTable:
    table: Table
    edges: list[float]  # x of the column borders kept after dropping slivers
    columns: unruled.Columns | None = None  # how an unruled table's words were put in columns


def _anchor_x(g: Glyph) -> float:
    """Where a glyph counts as being: its centre, except a label character pushed over the next
    column line (Word's list-number indent in a narrow label cell) stays in the cell where it starts."""
    if g.ocr or len(g.text) != 1 or g.text.isdigit() or not ("\u4e00" <= g.text <= "\u9fff"):
        return (g.x0 + g.x1) / 2
    return g.x0 + min(0.1 * (g.x1 - g.x0), 1.0)


def _table(grid: _Grid, glyphs: list[Glyph], where: str) -> _PlacedTable:
    buckets: dict[int, list[Glyph]] = {}
    for g in glyphs:
        pos = grid.locate(_anchor_x(g), (g.top + g.bottom) / 2)
        if pos is not None:
            buckets.setdefault(grid.region[pos[0]][pos[1]], []).append(g)
    tid = 1_000_000 + next(_table_ids)
    scanned = any(g.ocr for g in glyphs)
    texts: dict[int, tuple[str, bool]] = {}
    for rid, gs in buckets.items():
        text, ocr = cell_text(gs), any(g.ocr for g in gs)
        if ocr:
            text = fix_ocr_number(text)
        texts[rid] = (text, ocr)
    first: dict[int, tuple[int, int]] = {}
    rows: list[list[Cell]] = []
    for r, row in enumerate(grid.region):
        out = []
        for c, rid in enumerate(row):
            origin = first.setdefault(rid, (r, c))
            # An empty cell on a scan is OCR's reading too (maybe a missed digit): flag it.
            text, ocr = texts.get(rid, ("", scanned))
            out.append(Cell(text, (tid, *origin), ocr))
        rows.append(out)
    # Fine-grid columns (rows) that only continue their neighbour's cells add nothing: a sliver
    # column appears where two rows' borders are a few points apart, and every cell in it has the
    # origin of the cell to its left, so dropping it loses no cell.
    keep = [0] + [
        c for c in range(1, len(rows[0])) if any(row[c].origin != row[c - 1].origin for row in rows)
    ]
    rows = [[row[c] for c in keep] for row in rows]
    rows = [rows[0]] + [row for prev, row in zip(rows, rows[1:], strict=False) if row != prev]
    edges = [grid.xs[c] for c in keep] + [grid.xs[-1]]
    return _PlacedTable(Table(rows, positional=True, where=where), edges)


def _column_map(a: _PlacedTable, b: _PlacedTable) -> list[int] | None:
    """For each column of `a`, the column of `b` (first on its page) that carries it on, or None.

    The continuation of a table on the next page may be drawn a little differently: borders a few
    points off, one inner border missing or added. The outer borders must agree and all inner ones
    but one; each of a's columns then takes b's column under its centre, and a column of b that
    no centre falls in must be empty.
    """
    ea, eb = a.edges, b.edges
    tol = 2 * JOIN
    if abs(ea[0] - eb[0]) > tol or abs(ea[-1] - eb[-1]) > tol or abs(len(ea) - len(eb)) > 1:
        return None
    missing = sum(1 for x in ea[1:-1] if not any(abs(x - y) <= tol for y in eb[1:-1]))
    if missing > 1 or (len(ea) != len(eb) and missing > 0 and len(eb) > len(ea)):
        return None
    inner = eb[1:-1]
    cols = [bisect_right(inner, (x + y) / 2) for x, y in zip(ea, ea[1:], strict=False)]
    unused = set(range(len(eb) - 1)) - set(cols)
    if any(row[c].text for row in b.table.rows for c in unused):
        return None
    return cols


def _remap(b: Table, cols: list[int]) -> None:
    """Rows of `b` rearranged onto the columns of the table it continues."""
    if cols != list(range(len(b.rows[0]))):
        b.rows[:] = [[row[c] for c in cols] for row in b.rows]


def _repeated_header(a: Table, b: Table) -> int:
    """How many of `b`'s first rows repeat `a`'s first rows (Word's "repeat header rows")."""
    n = 0
    while n < min(len(a.rows), len(b.rows) - 1):
        if [c.text for c in a.rows[n]] != [c.text for c in b.rows[n]] or not any(c.text for c in b.rows[n]):
            break
        if any(_NUMBER.match(c.text) for c in b.rows[n]):
            break
        n += 1
    return n


def _wrapped_label_rows(a: Table, b: Table) -> None:
    """Rows at the top of `b` holding only the rest of a label cut by the page break: joined to a's last row."""
    last = a.rows[-1]
    numeric = [c for c, cell in enumerate(last) if _NUMBER.match(cell.text)]
    if not numeric:
        return
    while len(b.rows) > 1:
        row = b.rows[0]
        filled = [c for c, cell in enumerate(row) if cell.text]
        if not filled or filled[-1] >= numeric[0] or any(_NEW_LABEL.match(row[c].text) for c in filled):
            return
        done: set[tuple[int, int, int] | None] = set()
        for c in filled:
            if row[c].origin in done:
                continue
            done.add(row[c].origin)
            top = last[c]
            joined = Cell(top.text + row[c].text, top.origin, top.ocr or row[c].ocr)
            last[:] = [joined if cell.origin == top.origin else cell for cell in last]
        b.rows.pop(0)


def _join_tables(a: Table, b: Table, *, mend: bool = True) -> None:
    """Append `b`'s rows to `a`, mending label cells that the page break cut in two.

    In the label columns (left of the first number of either row), a cell of b's first row
    that is empty or does not start a new numbered label ("1.", "（五）", "四、") is the rest of
    the merged cell above the break: both halves become one cell with the joined text.
    """
    last, head = a.rows[-1], b.rows[0]
    if not mend:  # unruled: one label column, its cut lines were joined by _wrapped_label_rows
        a.rows.extend(b.rows)
        return
    numeric = [c for row in (head, last) for c, cell in enumerate(row) if _NUMBER.match(cell.text)]
    if any(_NUMBER.match(cell.text) for cell in head) and any(_NUMBER.match(cell.text) for cell in last):
        swap: dict[tuple[int, int, int] | None, Cell] = {}
        for c in range(min(numeric)):
            top, low = last[c], head[c]
            if low.origin in swap or top.origin in swap or not top.text:
                continue
            if low.text and _NEW_LABEL.match(low.text):
                continue
            joined = Cell(top.text + low.text, top.origin, top.ocr or low.ocr)
            swap[top.origin] = swap[low.origin] = joined
        if swap:
            for row in a.rows + b.rows:
                row[:] = [swap.get(cell.origin, cell) for cell in row]
    a.rows.extend(b.rows)


@dataclass(slots=True)
class _Item:
    page: int
    top: float
    line: _Line | None = None
    table: _PlacedTable | None = None


def layout_blocks(pages: list[PageLayout], label: str = "page") -> list[Block]:
    """Paragraphs and tables of all pages in reading order (top to bottom, page by page).

    A table that runs on from the bottom of one page to the top of the next with the same
    columns becomes one `Table`; header rows repeated on the new page are dropped.
    """
    read = [_read_page(page, pno, label) for pno, page in enumerate(pages, 1)]
    running = _running_lines([(page, lines) for page, (_, lines) in zip(pages, read, strict=True)])
    items: list[_Item] = []
    for pno, (page, (page_items, all_lines)) in enumerate(zip(pages, read, strict=True), 1):
        lines = [
            line
            for line in all_lines
            if line.text and not is_page_number(line.text) and _running_key(line, page) not in running
        ]
        last = items[-1].table if items and items[-1].page == pno - 1 else None
        first_top = min((it.top for it in page_items), default=float("inf"))
        prev = last.columns if last is not None else None
        page_items += _unruled_items(lines, page, pno, f"{label} {pno}", prev, first_top)
        page_items.sort(key=lambda it: it.top)
        if page_items and last is not None and (b := page_items[0].table) is not None:
            cols = _column_map(last, b)
            if cols is not None:
                _remap(b.table, cols)
                del b.table.rows[: _repeated_header(last.table, b.table)]
                _wrapped_label_rows(last.table, b.table)
                _join_tables(last.table, b.table, mend=last.columns is None)
                last.table.where += f"–{pno}"
                page_items.pop(0)
        items += page_items
    if not any(it.table for it in items) and any(len(_segments(it.line)) >= 3 for it in items if it.line):
        return _unruled(items)
    return _paragraphs(items)


# Running headers and footers: lines in the top or bottom margin band repeated on several pages
# (digits aside), or a URL / print date there — a web page printed to PDF carries both.
MARGIN_BAND = 0.07  # of the page height: Word's body starts lower (72 pt of 842), its header higher
_RUNNING = re.compile(
    r"(?:(?:https?|file)://|www\.|\.s?html?\b"
    r"|^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s*(?:上午|下午)?\s*\d{1,2}:\d{2})",
    re.IGNORECASE,
)


def _read_page(page: PageLayout, pno: int, label: str) -> tuple[list[_Item], list[_Line]]:
    """The page's ruled tables, and its text lines outside them."""
    grids = find_grids(page)
    free: list[Glyph] = []
    in_grid: list[list[Glyph]] = [[] for _ in grids]
    for g in page.glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        for i, grid in enumerate(grids):
            x0, y0, x1, y1 = grid.bbox
            if x0 <= cx <= x1 and y0 <= cy <= y1:
                in_grid[i].append(g)
                break
        else:
            free.append(g)
    tables = [
        _Item(pno, grid.ys[0], table=_table(grid, in_grid[i], f"{label} {pno}")) for i, grid in enumerate(grids)
    ]
    return tables, _lines(free)


def _running_key(line: _Line, page: PageLayout) -> str | None:
    """The repeat key of a line in a page's margin band (digits masked), or None in the body."""
    if page.height <= 0 or MARGIN_BAND * page.height < line.top < (1 - MARGIN_BAND) * page.height:
        return None
    text = nfkc(line.text)  # browsers print "ﬁle://" with a ligature
    if _RUNNING.search(text):
        return "url-or-date"
    return re.sub(r"\d+", "#", squash(text))


def _running_lines(pages: list[tuple[PageLayout, list[_Line]]]) -> set[str]:
    """Keys of margin lines that are running headers or footers of this document."""
    seen: dict[str, int] = {}
    for page, lines in pages:
        for k in {_running_key(line, page) for line in lines} - {None}:
            assert k is not None
            seen[k] = seen.get(k, 0) + 1
    return {k for k, n in seen.items() if k == "url-or-date" or (n >= 2 and n >= len(pages) // 2)}


def _barrier(line: _Line, page: PageLayout) -> bool:
    """A line no table runs through: a section heading or a line of body prose."""
    from .meta import section_of

    text = line.text
    if section_of(text)[0] is not None:
        return True
    if unruled.is_header_text(text):
        return False
    return len(_segments(line)) == 1 and (line.x1 - line.x0 > 0.55 * page.width or "。" in text)


def _unruled_items(
    lines: list[_Line], page: PageLayout, pno: int, where: str, prev: unruled.Columns | None, first_top: float
) -> list[_Item]:
    """The page's free lines as items: runs of column-aligned lines become positional tables."""
    words = [unruled.line_words(line.glyphs, i) for i, line in enumerate(lines)]
    barrier = [_barrier(line, page) for line in lines]
    # A heading with a page number ("一、总体情况 …… 1", a table of contents) is no table row.
    tabular = [i for i, ws in enumerate(words) if unruled.is_tabular(ws) and not barrier[i]]
    groups: list[list[int]] = []
    for i in tabular:
        if groups and i - groups[-1][-1] <= unruled.MAX_INNER_LINES + 1 and not any(
            barrier[groups[-1][-1] + 1 : i]
        ):
            groups[-1].append(i)
        else:
            groups.append([i])
    used: set[int] = set()
    items: list[_Item] = []
    floor = -1
    for group in groups:
        start, end = group[0], group[-1]
        while (
            start - 1 > floor
            and group[0] - (start - 1) <= unruled.MAX_HEADER_LINES
            and not barrier[start - 1]
            and lines[start].top - lines[start - 1].bottom <= unruled.TABLE_GAP * lines[start].size
        ):
            start -= 1
        # A run at the very top of the page under a table ending the previous page carries it on.
        continues = prev is not None and not items and start == 0 and lines[0].top < first_top
        full_row = sum(w.value for w in words[group[0]]) >= 3
        if len(group) < 2 and not continues and not full_row:
            continue
        # Below the last tabular line: wrapped label lines, and rows whose number is set too close
        # to its label to leave a wide gap (with the caption and header above such a row).
        k, last = end, end
        while (
            k + 1 < len(lines)
            and k + 1 - last <= 3
            and not barrier[k + 1]
            and lines[k + 1].top - lines[k].bottom <= unruled.TABLE_GAP * lines[k].size
        ):
            k += 1
            if any(w.value for w in words[k]) or (
                k == last + 1
                and lines[k].top - lines[k - 1].bottom <= 0.8 * lines[k - 1].size
                and not unruled.starts_new(lines[k].text)
            ):
                last = k
        end = last
        built = unruled.build(words[start : end + 1], group[0] - start, where, prev if continues else None)
        if built is None:
            continue
        table, cols = built
        items.append(_Item(pno, lines[start].top, table=_PlacedTable(table, cols.edges(), cols)))
        used.update(range(start, end + 1))
        floor = end
    items += [_Item(pno, line.top, line=line) for i, line in enumerate(lines) if i not in used]
    return items


def _segments(line: _Line) -> list[_Line]:
    """The line cut at wide gaps: the cells of a table drawn without ruling lines."""
    parts: list[_Line] = []
    for g in line.glyphs:
        if parts and g.x0 - parts[-1].x1 <= UNRULED_GAP * max(1.0, g.bottom - g.top):
            parts[-1].glyphs.append(g)
        else:
            parts.append(_Line([g], line.top, line.bottom))
    return parts


def _unruled(items: list[_Item]) -> list[Block]:
    """A document without a single ruled table but with column-aligned lines: tables as text.

    Each wide-gapped line is cut into its cells, one per line, and the text builder groups them
    into rows by their labels, exactly as for a report flattened to text (positions not trusted).
    """
    from . import text
    from .registry import Context

    lines: list[str] = []
    run: list[_Item] = []
    for it in [*items, None]:
        cells = _segments(it.line) if it is not None and it.line is not None else []
        if it is not None and len(cells) < 2:
            run.append(it)
            continue
        lines += [b.text for b in _paragraphs(run) if isinstance(b, Paragraph)]
        run = []
        lines += [c.text for c in cells]
    return text.extract("\n".join(lines).encode("utf-8"), Context()).blocks


def _paragraphs(items: list[_Item]) -> list[Block]:
    """Join wrapped body lines into paragraphs; headings and short lines stand alone."""
    lines = [it.line for it in items if it.line is not None]
    if not lines:
        return [it.table.table for it in items if it.table is not None]
    body = median(line.size for line in lines)
    left = min((line.x0 for line in lines if abs(line.size - body) < 0.2 * body), default=lines[0].x0)
    right = sorted(line.x1 for line in lines)[int(0.9 * (len(lines) - 1))]
    blocks: list[Block] = []
    prev: _Item | None = None
    for it in items:
        if it.table is not None:
            blocks.append(it.table.table)
            prev = None
            continue
        line = it.line
        assert line is not None
        text = line.text
        if prev is not None and prev.line is not None and isinstance(blocks[-1], Paragraph):
            p = prev.line
            same_size = abs(line.size - p.size) < 0.1 * p.size
            near = it.page != prev.page or line.top - p.bottom < 1.2 * p.size
            wrapped = p.x1 >= right - 1.5 * p.size and line.x0 <= left + 0.5 * line.size
            heading = p.size > 1.15 * body and line.size > 1.15 * body
            if same_size and near and (wrapped or heading):
                blocks[-1].text += _glue(blocks[-1].text, text) + text
                prev = it
                continue
        blocks.append(Paragraph(text))
        prev = it
    return blocks
