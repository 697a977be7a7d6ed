"""The one table mapper: cell grids of any format -> canonical cells (CONTRACT.md §1).

Rows are read in document order across all tables, so a table split over pages or into two
<table> elements continues where it left off. Each row is split into its label (the leading text
cells) and its values; the label picks the canonical row from `labels`, the header rows seen last
pick the columns. Where positions cannot be trusted (flattened text whose blank cells vanished),
`solve` fills cells only when exactly one assignment satisfies R1–R4, else they are uncertain.
"""

from __future__ import annotations

import difflib
import itertools
import re
from dataclasses import dataclass, field

from . import labels as L
from .checks import Rule, holds, rules_for
from .model import Cell, Table
from .normalize import read_value, squash


@dataclass(slots=True)
class CellValue:
    raw: str
    value: int | float | None
    kind: str
    ocr: bool = False
    inferred: bool = False


@dataclass(slots=True)
class Ambiguous:
    """A row whose tokens are fewer than its columns: positions unknown."""

    table: str
    row: str
    columns: list[str]
    tokens: list[CellValue]


@dataclass(slots=True)
class Mapping:
    cells: dict[str, CellValue] = field(default_factory=dict)
    ambiguous: list[Ambiguous] = field(default_factory=list)
    uncertain: set[str] = field(default_factory=set)
    tables_seen: set[str] = field(default_factory=set)
    # table -> whether its layout keeps blank cells (False: one cell per line, blanks vanish)
    headers_seen: dict[str, bool] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    # Row prefixes ("requests.granted") whose label was seen but whose numbers could not be placed:
    # unless the row is read elsewhere, its cells are uncertain (never silently absent).
    unplaced: dict[str, str] = field(default_factory=dict)


def _first_match(text: str, table: list[tuple[str, tuple[str, ...]]]) -> str | None:
    for key, words in table:
        if any(w in text for w in words):
            return key
    return None


def _distinct(row: list[Cell]) -> list[Cell]:
    """Drop repeated positions of one merged cell (consecutive cells with the same origin)."""
    out: list[Cell] = []
    for c in row:
        if out and c.origin is not None and out[-1].origin == c.origin:
            continue
        out.append(c)
    return out


def _split_label(cells: list[Cell]) -> tuple[list[str], list[Cell]]:
    """Leading blanks skipped, then the run of text cells (the label), then the values."""
    i = 0
    while i < len(cells) and not squash(cells[i].text):
        i += 1
    label: list[str] = []
    while i < len(cells) and read_value(cells[i].text)[1] == "text":
        label.append(squash(cells[i].text))
        i += 1
    return label, cells[i:]


def table_kind_of(text: str) -> str | None:
    """Which standard table a header row announces (by its marker words)."""
    hits = {k: sum(w in text for w in words) for k, words in L.TABLE_MARKERS.items()}
    best = max(hits, key=lambda k: hits[k])
    return best if hits[best] else None


def match_request_row(parts: list[str], group: str | None) -> str | None:
    """Canonical table-三 row of a label given as its parts (group label, item label)."""
    last = parts[-1]
    for text in (last, "".join(parts)):
        if re.match(L.REQUEST_OTHER_MISC, text):
            return "other_misc"
        key = _first_match(text, L.REQUEST_ROWS)
        if key:
            return key
    joined = "".join(parts)
    if any(w in last for w in L.REQUEST_OTHER_SINGLE):
        return "other_single"
    if re.match(r"^\d+[.、]?其他$", last) and group == "其他处理":
        return "other_misc"
    if any(g in joined for g in L.REQUEST_GROUPS) and len(parts) == 1:
        return None
    # Truncations: a long enough fragment of exactly one full label.
    if len(last) >= 6:
        holders = [k for k, full in L.REQUEST_FULL_LABELS.items() if last in squash(full)]
        if len(holders) == 1:
            return holders[0]
    # Typos: the closest full label, if it is clearly closest.
    best, score = None, 0.0
    for key, full in L.REQUEST_FULL_LABELS.items():
        r = difflib.SequenceMatcher(None, squash(full), last).ratio()
        if r > score:
            best, score = key, r
    return best if score >= 0.75 else None


def _column_of(text: str, table: list[tuple[str, tuple[str, ...]]], strip: tuple[str, ...] = ()) -> str | None:
    for w in strip:
        text = text.replace(w, "")
    return _first_match(text, table) if text else None


class Mapper:
    """Walks the rows of all tables in order and fills a `Mapping`."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt if fmt in L.ACTIVE_DEFAULT_COLUMNS else "2021"
        self.m = Mapping()
        self.context: str | None = None
        self.header: list[list[Cell]] = []
        self.active_columns: list[str | None] | None = None
        self.request_map: dict[int, str] | None = None
        self.request_order: list[str] = list(L.REQUEST_COLUMN_ORDER)
        self.redress_map: dict[int, tuple[str, str]] | None = None
        self.group: str | None = None
        self.table_no = 0
        self.header_table = 0
        self.map_table = 0  # the table whose own header gave request_map / redress_map
        self.blanks_kept = True
        self.pending: list[str] = []
        self.paired: list[str] = []  # keys set from a label printed apart from its number row
        self.in_narrative = False
        self.section: str | None = None
        self.rank: dict[str, int] = {}

    # -- entry points ---------------------------------------------------------------------------

    def set_context(self, kind: str | None) -> None:
        if kind and kind != self.context:
            self.context = kind
            self.header = []

    def enter_section(self, key: str) -> None:
        """A section heading: under 二/三/四 rows belong to that table; under 一/五/六 a table is the
        narrative's own (a category or channel breakdown) unless its header announces a standard one."""
        self.section = key
        if key in ("active", "requests", "redress"):
            self.set_context(key)
            self.in_narrative = False
        else:
            self.context = None
            self.in_narrative = True

    def note_paragraph(self, text: str) -> None:
        """Text between table rows may be a row label printed apart from its numbers (PDF text
        layers and converters put a wrapped label cell outside the row); prose breaks the run."""
        if self.context != "requests":
            return
        s = squash(text)
        if len(s) > 40 or PROSE.search(s):
            self._drop_pending()
            return
        self.pending.append(s)
        del self.pending[:-40]

    def feed(self, table: Table) -> None:
        self.table_no += 1
        self.blanks_kept = table.blanks_kept
        for i, row in enumerate(table.rows):
            self._row(row, table.positional, i in table.detached)
        self.paired = []  # a row paired at the end of a table has no unlabelled row after it here

    def end(self) -> None:
        """The document ended: label lines still waiting for their numbers never got them."""
        self._drop_pending()

    # -- rows -----------------------------------------------------------------------------------

    def _row(self, row: list[Cell], positional: bool, detached: bool = False) -> None:
        cells = _distinct(row)
        text = "".join(squash(c.text) for c in cells)
        if not text and not (positional and self.context == "redress" and self.redress_map
                             and self.map_table == self.table_no):
            return  # an empty row means nothing, except table 四's one data row left all blank
        label, values = _split_label(cells)
        has_number = any(read_value(c.text)[1] == "number" for c in values)
        if not has_number and any(w in text for w in L.FOREIGN_HEADER_WORDS):
            self.context, self.in_narrative = None, True  # the narrative's own table (channels, categories)
            return
        announced = table_kind_of(text)
        if announced and not has_number and not self._is_data_label(label, values, announced):
            if announced != self.context:
                self.set_context(announced)
            self.in_narrative = False
            if self.header_table != self.table_no:
                self.header = []  # header rows of one table only: widths differ between tables
                self.header_table = self.table_no
            self.header.append(row)
            self._drop_pending()
            self.m.headers_seen[announced] = self.blanks_kept
            self._header_row(row, positional)
            return
        if self.context is None:
            self.context = self._guess_context(label)
            if self.context is None:
                return
        if detached:
            self._detached_row(label, values)
            return
        if self.context == "active":
            self._active_row(label, values)
        elif self.context == "requests":
            self._request_row(row, label, values, positional)
        elif self.context == "redress":
            self._redress_row(row, label, values, positional)

    def _is_data_label(self, label: list[str], values: list[Cell], kind: str) -> bool:
        """A labelled data row whose values are all blank or vanished still is a data row, not a header."""
        if not label:
            return False
        joined = "".join(label)
        if kind == "redress":  # a transposed table 四: "行政复议" then its five (blank) cells, no more text
            return (_column_of(joined, L.REDRESS_GROUPS) is not None and len(values) >= 4
                    and all(read_value(v.text)[1] != "text" for v in values))
        if kind == "active":
            return _first_match(joined, L.ACTIVE_ROWS) is not None and _column_of(joined, L.ACTIVE_COLUMNS) is None
        if kind == "requests":
            header_words = ("自然人", "商业", "科研", "公益", "法律服务", "申请人")
            return _first_match(joined, L.REQUEST_ROWS) is not None and not any(w in joined for w in header_words)
        return False

    def _guess_context(self, label: list[str]) -> str | None:
        if self.in_narrative:
            return None
        joined = "".join(label)
        if _first_match(joined, L.ACTIVE_ROWS):
            return "active"
        if joined and _first_match(joined, L.REQUEST_ROWS) and "总计" not in joined:
            return "requests"
        return None

    def _header_row(self, row: list[Cell], positional: bool) -> None:
        if self.context == "active":
            cells = [t for t in (squash(c.text) for c in _distinct(row)) if t]
            if any("第二十条" in t for t in cells):
                self.active_columns = None  # a caption row starts a new sub-table
                return
            if cells and _column_of(cells[0], L.ACTIVE_COLUMNS) is None:
                cells = cells[1:]  # the label column's header (信息内容)
            # Unknown headers (truncated "本年新") stay as None.
            cols = [_column_of(t, L.ACTIVE_COLUMNS) for t in cells]
            if any(cols):
                self.active_columns = cols
        elif self.context == "requests":
            self._request_header(positional)
        elif self.context == "redress":
            self._redress_header(positional)

    def _column_texts(self) -> list[str]:
        width = max(len(r) for r in self.header)
        texts = []
        for j in range(width):
            seen: list[tuple[int, int, int] | None] = []
            parts = []
            for r in self.header:
                if j < len(r) and (r[j].origin is None or r[j].origin not in seen):
                    seen.append(r[j].origin)
                    parts.append(squash(r[j].text))
            texts.append("".join(parts))
        return texts

    def _request_header(self, positional: bool) -> None:
        if positional:
            cmap = {}
            for j, t in enumerate(self._column_texts()):
                key = _column_of(t, L.REQUEST_COLUMNS, L.REQUEST_HEADER_GROUPS)
                if key and "勾稽" not in t:
                    cmap[j] = key
            if "natural_person" in cmap.values() and "total" in cmap.values():
                self.request_map = cmap
                self.map_table = self.table_no
                # A continuation without header (next page) has the same columns, 小计 included.
                self.request_order = [col for _, col in sorted(cmap.items())]
            return
        tokens = [squash(c.text) for r in self.header for c in r if squash(c.text)]
        if any("小计" in t for t in tokens):
            order = list(L.REQUEST_COLUMN_ORDER)
            sub = next(i for i, t in enumerate(tokens) if "小计" in t)
            first_org = next((i for i, t in enumerate(tokens) if "商业" in t), len(tokens))
            order.insert(1 if sub < first_org else 6, "subtotal")
            self.request_order = order

    def _redress_header(self, positional: bool) -> None:
        if not positional:
            return
        self.redress_map = None  # recomputed with every header row: only the full header decides
        rmap = {}
        labelled = 0  # columns whose header names a result (结果维持 …): each needs its group too
        for j, t in enumerate(self._column_texts()):
            g = _column_of(t, L.REDRESS_GROUPS)
            c = _column_of(t.replace("行政复议", "").replace("复议后起诉", "").replace("行政诉讼", ""),
                           L.REDRESS_COLUMNS)
            labelled += c is not None
            if g and c:
                rmap[j] = (g, c)
        # Whole groups only (table 四 may be printed as a 复议 table and a 诉讼 table). Otherwise a group
        # header was not understood (an OCR misreading like "复后议起诉", a group cell that does not
        # span its columns): the 15-cell data row is then read in the form's order.
        if rmap and len(rmap) == labelled and len(rmap) % 5 == 0:
            self.redress_map = rmap
            self.map_table = self.table_no

    # -- table 二 -------------------------------------------------------------------------------

    def _active_row(self, label: list[str], values: list[Cell]) -> None:
        if not label:
            return
        row = _first_match("".join(label), L.ACTIVE_ROWS)
        if row is None:
            self._unknown_row(label, values)
            return
        defaults = (L.ACTIVE_DEFAULT_COLUMNS[self.fmt].get(row)
                    or L.ACTIVE_DEFAULT_COLUMNS["2019" if self.fmt == "2021" else "2021"].get(row, []))
        filled = len(values)
        while filled and not squash(values[filled - 1].text):
            filled -= 1  # trailing blanks may be colspan padding, or real blank cells

        def fits(n: int) -> bool:
            return filled <= n <= len(values)

        cols: list[str | None] = list(self.active_columns or defaults)
        if None in cols or len(set(cols)) != len(cols):
            cols = list(defaults) if len(cols) == len(defaults) else cols
        if not fits(len(cols)) and fits(len(defaults)):
            cols = list(defaults)
        if None in cols:
            self.m.warnings.append(f"active.{row}: header not understood; row left uncertain")
            self.m.uncertain.update(f"active.{row}.{c}" for c in defaults)
            return
        self._place(f"active.{row}", [c for c in cols if c], values)

    # -- table 三 -------------------------------------------------------------------------------

    def _request_row(self, row: list[Cell], label: list[str], values: list[Cell], positional: bool) -> None:
        # A column map holds for the table whose header made it; a continuation table without a
        # header (next page, second <table>) may lack the group column, so its rows are read by label.
        positional = positional and self.map_table == self.table_no
        if positional and self.request_map and (len(row) <= max(self.request_map)
                                                or read_value(row[min(self.request_map)].text)[1] == "text"):
            positional = False  # label text where the numbers start (tab-joined text without merged cells)
        if positional and self.request_map:
            first = min(self.request_map)
            label = [squash(c.text) for c in _distinct(row[:first]) if squash(c.text)]
        pending, self.pending = self.pending, []
        paired, self.paired = self.paired, []
        if not label:
            if not any(squash(c.text) for c in values):
                return
            key = self._pending_row(pending)
            if key is None:
                self._revoke(paired)
                self.m.warnings.append(f"requests: a row of numbers with no label ({_show(values)}) "
                                       "could not be placed")
                return
            before = set(self.m.cells)
            self._place_request(key, row, values, positional)
            self.paired = [k for k in self.m.cells if k not in before]
            return
        for g in L.REQUEST_GROUPS:
            if any(g in p for p in label):
                self.group = g
        key = match_request_row(label, self.group)
        if key is None and pending:  # the first lines of the label were printed above the row
            key = match_request_row(["".join(pending) + "".join(label)], self.group)
            pending = [] if key else pending
        self._unplaced(pending)
        if key is None:
            self._unknown_row(label, values)
            return
        if key in ("other_no_correction", "other_fee_unpaid", "other_misc", "other_single"):
            self.group = "其他处理"
        self._place_request(key, row, values, positional)

    def _place_request(self, key: str, row: list[Cell], values: list[Cell], positional: bool) -> None:
        """A table-三 row's cells: by the header's column map in a grid, else in the form's order."""
        if positional and self.request_map:
            for j, col in self.request_map.items():
                if col == "subtotal" or j >= len(row):
                    continue
                self._set(f"requests.{key}.{col}", row[j])
            return
        self._place(f"requests.{key}", self.request_order, values, skip="subtotal")

    def _label_keys(self, lines: list[str]) -> dict[str, str]:
        """The table-三 rows named by label lines (a line starting with a number starts a label),
        each with its label."""
        labels: list[str] = []
        for s in lines:
            if not labels or _LABEL_START.match(s):
                labels.append(s)
            else:
                labels[-1] += s
        group = self.group
        keys: dict[str, str] = {}
        for text in labels:
            group = next((g for g in L.REQUEST_GROUPS if g in text), group)
            key = match_request_row([text], group)
            if key:
                keys.setdefault(key, text)
        return keys

    def _pending_row(self, pending: list[str]) -> str | None:
        """The row of an unlabelled number row: only when the lines just above it name exactly one
        row (its wrapped label). Several labels followed by number rows are never paired by order."""
        keys = self._label_keys(pending)
        if len(keys) == 1:
            return next(iter(keys))
        if keys:
            self._unplaced(pending)
        return None

    def _unplaced(self, lines: list[str]) -> None:
        for key, text in self._label_keys(lines).items():
            self.m.unplaced.setdefault(f"requests.{key}", f"label {text[:40]!r} printed apart from its numbers")

    def _drop_pending(self) -> None:
        self._unplaced(self.pending)
        self.pending = []

    def _revoke(self, keys: list[str]) -> None:
        """A row labelled from the lines above it, followed by a second unlabelled row: which of the
        two is the label's is unknown, so the first placement is withdrawn."""
        for k in keys:
            self.m.cells.pop(k, None)
            self.rank.pop(k, None)
        if keys:
            prefix = keys[0].rsplit(".", 1)[0]
            self.m.unplaced[prefix] = "more than one unlabelled number row below its label"

    def _detached_row(self, label: list[str], values: list[Cell]) -> None:
        """A row of a text whose labels and numbers were pulled apart: seen, never placed."""
        joined = "".join(label)
        if not joined:
            if any(squash(c.text) for c in values):
                self.m.warnings.append(f"{self.context}: a row of numbers with no label ({_show(values)}) could not be placed")
            return
        if self.context == "active":
            row = _first_match(joined, L.ACTIVE_ROWS)
            key = f"active.{row}" if row else None
        elif self.context == "requests":
            for g in L.REQUEST_GROUPS:
                if g in joined:
                    self.group = g
            r = match_request_row(label, self.group)
            key = f"requests.{r}" if r else None
        else:
            key = None
        if key:
            self.m.unplaced.setdefault(key, f"label {joined[:40]!r} printed apart from its numbers")

    def _unknown_row(self, label: list[str], values: list[Cell]) -> None:
        """A labelled row with numbers that matches no row of the form: say so; when its label is a
        fragment of several rows' labels, those rows stay uncertain unless read elsewhere."""
        if not any(read_value(c.text)[1] == "number" for c in values):
            return
        joined = "".join(label)
        if self.context == "requests" and len(joined) >= 4:
            for key, full in L.REQUEST_FULL_LABELS.items():
                if joined in squash(full):
                    self.m.unplaced.setdefault(f"requests.{key}", f"row {joined!r} matches several labels")
        self.m.warnings.append(f"{self.context}: row {joined[:40]!r} ({_show(values)}) matches no row of the form; not placed")

    # -- table 四 -------------------------------------------------------------------------------

    def _redress_row(self, row: list[Cell], label: list[str], values: list[Cell], grid: bool) -> None:
        positional = grid and self.map_table == self.table_no
        joined = "".join(label)
        group = _column_of(joined, L.REDRESS_GROUPS) if joined else None
        if group:  # transposed layout: one row per group
            self._place(f"redress.{group}", L.REDRESS_COLUMN_ORDER, values)
            return
        if positional and self.redress_map:
            if any(self._taken(f"redress.{g}.{c}") for g, c in self.redress_map.values()):
                return
            for j, (g, c) in self.redress_map.items():
                if j < len(row):
                    self._set(f"redress.{g}.{c}", row[j])
            return
        if joined and not values:
            return
        if any(self._taken(k) for k in self.m.cells if k.startswith("redress.")):
            return
        keys = [f"{g}.{c}" for g in L.REDRESS_GROUP_ORDER for c in L.REDRESS_COLUMN_ORDER]
        if grid and not joined and len(_distinct(row)) == len(keys):
            values = _distinct(row)  # a grid row: leading blank cells are cells, not padding
        self._place("redress", keys, values)

    # -- placing values -------------------------------------------------------------------------

    def _rank(self) -> int:
        """How much a table is trusted: under its own section heading (or with no headings at all)
        above a copy elsewhere (last year's table quoted in 一、总体情况)."""
        return 1 if self.section in (None, self.context) else 0

    def _taken(self, key: str) -> bool:
        return key in self.m.cells and self.rank.get(key, 1) >= self._rank()

    def _set(self, key: str, cell: Cell) -> None:
        if self._taken(key):
            return
        self.rank[key] = self._rank()
        self.m.uncertain.discard(key)  # a complete row beats an earlier short one
        self.m.tables_seen.add(key.partition(".")[0])
        value, kind = read_value(cell.text)
        if key.endswith(".amount_wan_yuan") and value is not None and re.search(r"\d\s*元", squash(cell.text)):
            value = round(value / 10000, 6)  # the cell prints 元 under the 万元 header: the unit is certain
        self.m.cells[key] = CellValue(cell.text.strip(), value, kind, cell.ocr)

    def _place(self, prefix: str, columns: list[str], values: list[Cell], *,
               skip: str | None = None) -> None:
        """Assign values to columns; short rows (vanished blanks) become `Ambiguous`."""
        if any(self._taken(f"{prefix}.{c}") for c in columns if c != skip):
            return
        self.m.tables_seen.add(prefix.partition(".")[0])
        toks = list(values)
        while len(toks) > len(columns) and not squash(toks[-1].text):
            toks.pop()
        if len(toks) > len(columns):
            joined = _join_split_numbers(prefix, columns, toks)
            if joined is None:
                self.m.warnings.append(f"{prefix}: {len(toks)} values for {len(columns)} columns; row left uncertain")
                self.m.uncertain.update(f"{prefix}.{c}" for c in columns if c != skip)
                return
            toks = joined
        if len(toks) == len(columns):
            for col, cell in zip(columns, toks, strict=True):
                if col != skip:
                    self._set(f"{prefix}.{col}", cell)
            return
        if self.blanks_kept:
            # Blank cells leave tokens in this layout, so a short row lost cells some other way
            # (cut off, or pulled out of the row by a text extractor): no position can be trusted.
            self.m.warnings.append(f"{prefix}: {len(toks)} values for {len(columns)} columns; row left uncertain")
            self.m.uncertain.update(f"{prefix}.{c}" for c in columns if c != skip)
            return
        parsed = [CellValue(c.text.strip(), *read_value(c.text), c.ocr) for c in toks]
        table, _, row = prefix.partition(".")
        self.m.ambiguous.append(Ambiguous(table, row, list(columns), parsed))


def _join_split_numbers(prefix: str, columns: list[str], toks: list[Cell]) -> list[Cell] | None:
    """A row with more numbers than columns because a number wrapped over two lines ("1" / "62" for
    162, Word exports and crawler text): the adjacent pairs to join, when exactly one choice of joins
    gives a row whose own sums hold (R3 of a table-三 row, R4 of table 四's groups). Else None."""
    extra = len(toks) - len(columns)
    digits = [bool(re.fullmatch(r"\d+", squash(t.text))) for t in toks]
    keys = [f"{prefix}.{c}" for c in columns]
    own = [r for r in rules_for(dict.fromkeys(keys), set(), {prefix.partition(".")[0]})
           if r.rule in ("R3", "R4") and set(r.left + r.right) <= set(keys)]
    if not own or extra > 2:
        return None
    fits: dict[tuple[float, ...], list[Cell]] = {}
    for starts in itertools.combinations(range(len(toks) - 1), extra):
        if any(b - a < 2 for a, b in itertools.pairwise(starts)) or not all(digits[i] and digits[i + 1] for i in starts):
            continue
        row: list[Cell] = []
        i = 0
        while i < len(toks):
            if i in starts:
                row.append(Cell(toks[i].text.strip() + toks[i + 1].text.strip(), toks[i].origin, toks[i].ocr))
                i += 2
            else:
                row.append(toks[i])
                i += 1
        values = {k: read_value(c.text)[0] for k, c in zip(keys, row, strict=True)}
        if all(v is not None for v in values.values()) and holds(own, values):
            fits[tuple(float(v or 0) for v in values.values())] = row
    return next(iter(fits.values())) if len(fits) == 1 else None


PROSE = re.compile(r"[。；;:：]")
_LABEL_START = re.compile(r"^(?:[(][一二三四五六七八九十]{1,2}[)]|[一二三四五六七八九十]{1,2}、|\d{1,2}[.、])")


def _show(values: list[Cell]) -> str:
    return " ".join(squash(c.text) or "_" for c in values)[:60]


def row_columns(prefix: str, fmt: str) -> list[str]:
    """Every key of one row of the form (`requests.granted` -> its seven cells)."""
    table, _, row = prefix.partition(".")
    if table == "requests":
        cols = L.REQUEST_COLUMN_ORDER
    elif table == "active":
        cols = L.ACTIVE_DEFAULT_COLUMNS[fmt].get(row) or L.ACTIVE_DEFAULT_COLUMNS["2019"].get(row, [])
    else:
        cols = L.REDRESS_COLUMN_ORDER
    return [f"{prefix}.{c}" for c in cols]


def settle_unplaced(m: Mapping, fmt: str) -> None:
    """Rows seen but not placed (and not read elsewhere): every cell uncertain, a warning naming the row."""
    for prefix, why in m.unplaced.items():
        keys = row_columns(prefix, fmt)
        if any(k in m.cells or k in m.uncertain for k in keys):
            continue
        m.uncertain.update(keys)
        m.tables_seen.add(prefix.partition(".")[0])
        m.warnings.append(f"{prefix}: row seen but its numbers could not be placed ({why}); cells uncertain")


# --- solving vanished blanks --------------------------------------------------------------------

MAX_CANDIDATES = 5000  # placements of one row; beyond, the row is not searched (its cells stay uncertain)
MAX_SPACE = 100_000  # combinations of several rows' placements; beyond, nothing is decided


Placement = tuple["CellValue | None", ...]


def _placements(tokens: list[CellValue], n: int, limit: int) -> list[Placement] | None:
    """Every order-preserving placement of the tokens in n slots, gaps being vanished blanks (None);
    placements giving the same numbers count once. None when there are more than `limit`."""
    out: list[Placement] = []
    seen = set()
    for pos in itertools.combinations(range(n), len(tokens)):
        slots: list[CellValue | None] = [None] * n
        for p, t in zip(pos, tokens, strict=True):
            slots[p] = t
        sig = tuple(_num(s) for s in slots)
        if sig in seen:
            continue
        seen.add(sig)
        out.append(tuple(slots))
        if len(out) > limit:
            return None
    return out


def _candidates(a: Ambiguous) -> list[Placement] | None:
    """The placements of a row that satisfy its own sums (R3 of a table-三 row, R4 of table 四's
    groups); None when the search would be cut short, which decides nothing.

    Table 四's one row of 15 cells is solved exactly group by group: R4 ties only the five cells of
    a group, so the tokens are split into three runs (one per group, order kept) and each run is
    placed in its five cells — at most 21 splits × 3 × 10 placements instead of C(15, k).
    """
    keys = _keys_of(a)
    own = _rules(a, ("R3", "R4"))
    width = len(L.REDRESS_COLUMN_ORDER)
    if a.table == "redress" and len(a.columns) == width * len(L.REDRESS_GROUP_ORDER):
        out: list[Placement] = []
        seen: set[tuple[float, ...]] = set()
        k = len(a.tokens)
        for i in range(k + 1):
            for j in range(i, k + 1):
                runs = (a.tokens[:i], a.tokens[i:j], a.tokens[j:])
                if any(len(r) > width for r in runs):
                    continue
                per_group = []
                for g, run in enumerate(runs):
                    gkeys = keys[g * width:(g + 1) * width]
                    found = _placements(run, width, MAX_CANDIDATES) or []
                    per_group.append([p for p in found if holds(own, dict(zip(gkeys, map(_num, p), strict=True)))])
                for combo in itertools.product(*per_group):
                    full: Placement = tuple(c for part in combo for c in part)
                    sig = tuple(_num(c) for c in full)
                    if sig not in seen:
                        seen.add(sig)
                        out.append(full)
        return out
    every = _placements(a.tokens, len(a.columns), MAX_CANDIDATES)
    if every is None:
        return None
    return [s for s in every if holds(own, dict(zip(keys, map(_num, s), strict=True)))]


def _num(v: CellValue | None) -> float:
    return 0 if v is None or v.value is None else v.value


def _rules(a: Ambiguous, kinds: tuple[str, ...]) -> list[Rule]:
    """The rules among `kinds` that involve only cells of this row (R3 of its table-三 row, R4 of its groups)."""
    keys = set(_keys_of(a))
    return [r for r in rules_for(dict.fromkeys(keys), set(), {a.table})
            if r.rule in kinds and set(r.left + r.right) <= keys]


def all_keys(table: str) -> list[str]:
    if table == "redress":
        return [f"redress.{g}.{c}" for g in L.REDRESS_GROUP_ORDER for c in L.REDRESS_COLUMN_ORDER]
    if table == "requests":
        return [f"requests.{r}.{c}" for r in L.REQUEST_ROW_ORDER_2021 for c in L.REQUEST_COLUMN_ORDER]
    return []


def _drop_group_row(m: Mapping) -> None:
    """（六）其他处理 is one row only where no sub-row follows: with 1./2./3. printed it was their
    group label (a row of its own in one-label-column layouts), not a value row."""
    subs = {f"requests.{r}." for r in L.REQUEST_OTHER_ROWS_2021}
    if any(k.startswith(tuple(subs)) for k in m.cells) or any(a.row in L.REQUEST_OTHER_ROWS_2021 for a in m.ambiguous):
        for k in [k for k in m.cells if k.startswith("requests.other_single.")]:
            del m.cells[k]
        m.uncertain = {k for k in m.uncertain if not k.startswith("requests.other_single.")}
        m.ambiguous = [a for a in m.ambiguous if a.row != "other_single"]


def solve(m: Mapping) -> None:
    """Fill ambiguous rows where every assignment consistent with R1–R4 agrees; else uncertain."""
    _drop_group_row(m)
    # A form left blank in a layout where blank cells vanish: rows with no value at all and not one
    # number other than 0 anywhere. Only there is a header with nothing under it an all-blank table.
    blank_form = any(not a.tokens for a in m.ambiguous) and not any(
        v.value for v in [*m.cells.values(), *(t for a in m.ambiguous for t in a.tokens)])
    for table, blanks_kept in m.headers_seen.items():
        keys = all_keys(table)
        if table in m.tables_seen or not keys:
            continue
        if blank_form and not blanks_kept:
            m.tables_seen.add(table)
            for k in keys:
                m.cells[k] = CellValue("", 0, "blank", inferred=True)
        else:
            # A header with no row under it (the body an image, or cut off): a missing table, not a
            # blank one; interpret names it among the tables not found.
            m.warnings.append(f"{table}: header found but no rows under it")
    # A short row whose row was read in full elsewhere (a header word "总计" on a line of its own).
    m.ambiguous = [a for a in m.ambiguous if not any(k in m.cells for k in _keys_of(a))]
    joint = [a for a in m.ambiguous if a.table == "requests"]  # linked by R1/R2 across rows
    for a in m.ambiguous:
        if a.table != "requests":
            _settle(m, [a])
    if joint:
        _settle(m, joint)


def _keys_of(a: Ambiguous) -> list[str]:
    return [".".join(p for p in (a.table, a.row, c) if p) for c in a.columns]


def _settle(m: Mapping, rows: list[Ambiguous]) -> None:
    """Try every combination of the rows' placements against R1/R2; keep the cells all agree on."""
    found = [_candidates(a) for a in rows]  # each row's own sums first (R3, R4): that prunes most placements
    if any(d is None for d in found):
        m.warnings.append("vanished blank cells: too many placements to search; the short rows stay uncertain")
    domains = [d or [] for d in found]
    known: dict[str, float | None] = {k: v.value for k, v in m.cells.items() if k.startswith("requests.")}
    # R1 and R2 link the rows of table 三 column by column (which 其他处理 rows count: those printed).
    printed = dict.fromkeys([*known, *(k for a in rows for k in _keys_of(a))])
    linking = ([r for r in rules_for(printed, set(), {"requests"}) if r.rule in ("R1", "R2")]
               if rows[0].table == "requests" else [])
    space = 1
    for d in domains:
        space *= max(1, len(d))
    taken: list[list[set[float]]] = [[set() for _ in a.columns] for a in rows]
    first: list[tuple[CellValue | None, ...] | None] = [None] * len(rows)
    if space > MAX_SPACE:
        m.warnings.append(f"vanished blank cells: {space} combinations of placements, too many to search; "
                          "the short rows stay uncertain")
    if all(domains) and space <= MAX_SPACE:
        keys = [_keys_of(a) for a in rows]
        for choice in itertools.product(*[range(len(d)) for d in domains]):
            cells = dict(known)
            for ks, d, i in zip(keys, domains, choice, strict=True):
                cells.update(zip(ks, map(_num, d[i]), strict=True))
            if not holds(linking, cells):
                continue
            for idx, i in enumerate(choice):
                slots = domains[idx][i]
                first[idx] = first[idx] or slots
                for j, slot in enumerate(slots):
                    taken[idx][j].add(_num(slot))
    for idx, a in enumerate(rows):
        rep = first[idx]
        for j, (k, col) in enumerate(zip(_keys_of(a), a.columns, strict=True)):
            if col == "subtotal":
                continue
            if rep is None or len(taken[idx][j]) != 1:
                m.uncertain.add(k)
                continue
            slot = rep[j]
            if slot is None:
                m.cells[k] = CellValue("", 0, "blank", inferred=True)
            else:
                m.cells[k] = CellValue(slot.raw, slot.value, slot.kind, slot.ocr, inferred=True)
