"""Intermediate shapes every document format is reduced to before table mapping.

A grid builder (HTML, DOCX, text, PDF, …) turns bytes into an `Extracted`: the document's text
paragraphs and its tables in reading order. Merged cells are expanded so that every covered position
holds a `Cell` with the same `origin`, which lets the mapper tell a colspan from two equal cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Cell:
    """One grid position. `origin` identifies the source cell when a merge was expanded."""

    text: str
    origin: tuple[int, int, int] | None = None
    ocr: bool = False


@dataclass(slots=True)
class Table:
    """A table as rows of cells.

    `positional` is True when column positions are real (HTML/DOCX/PDF grids, blanks kept as empty
    cells) and False for ragged token rows recovered from flattened text, where blank cells may
    have vanished and positions cannot be trusted.
    """

    rows: list[list[Cell]]
    positional: bool = True
    where: str = ""
    blanks_kept: bool = True  # False when blank cells may have vanished (one cell per line)
    # Rows whose label and numbers a text extractor pulled apart (labels first, number rows after):
    # which numbers are whose is unknown, so their cells are uncertain.
    detached: set[int] = field(default_factory=set)


@dataclass(slots=True)
class Paragraph:
    """A run of body text (a heading, a paragraph, a line)."""

    text: str


Block = Paragraph | Table


@dataclass(slots=True)
class Extracted:
    """What a grid builder found in one document, before any interpretation."""

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    ocr: bool = False


@dataclass(frozen=True, slots=True)
class SpanCell:
    """A cell as markup describes it, before merges are expanded."""

    text: str
    rowspan: int = 1
    colspan: int = 1


_table_counter = 0


def expand_spans(rows: list[list[SpanCell]], where: str = "") -> Table:
    """Expand rowspan/colspan into a rectangular positional grid.

    Why by hand: neither BeautifulSoup nor python-docx exposes a resolved grid, and every format
    (HTML, DOCX, XLSX, OFD) needs the same algorithm.
    """
    global _table_counter
    _table_counter += 1
    tid = _table_counter
    grid: dict[tuple[int, int], Cell] = {}
    width = 0
    for r, row in enumerate(rows):
        c = 0
        for i, sc in enumerate(row):
            while (r, c) in grid:
                c += 1
            cell = Cell(sc.text, (tid, r, i))
            for dr in range(max(1, min(sc.rowspan, 500))):
                for dc in range(max(1, min(sc.colspan, 200))):
                    grid.setdefault((r + dr, c + dc), cell)
            c += max(1, min(sc.colspan, 200))  # as clipped above: colspan="1000000000" is no table
            width = max(width, c)
    height = max((r for r, _ in grid), default=-1) + 1
    out = [[grid.get((r, c), Cell("", (tid, r, -c - 1))) for c in range(width)] for r in range(height)]
    return Table(out, positional=True, where=where)


def ragged_table(rows: list[list[str]], where: str = "", blanks_kept: bool = True) -> Table:
    """Token rows from flattened text; each token is its own cell.

    `blanks_kept` says whether an empty cell still leaves a token (tab lines, pipe rows) or may
    vanish (one cell per line): only then may a short row's tokens sit anywhere in it.
    """
    global _table_counter
    _table_counter += 1
    tid = _table_counter
    return Table(
        [[Cell(t, (tid, r, c)) for c, t in enumerate(row)] for r, row in enumerate(rows)],
        positional=False,
        where=where,
        blanks_kept=blanks_kept,
    )
