"""Page geometry drawn by hand: tables continued over a page break with borders drawn differently."""

from __future__ import annotations

from parsers.geometry import Glyph, PageLayout, layout_blocks
from parsers.model import Table

SIZE = 10.0


def draw(page: PageLayout, xs: list[float], top: float, rows: list[list[str]], merged: set[tuple[int, int]]) -> None:
    """A ruled table: `rows` of cell texts over columns `xs`; (r, c) in `merged` has no border at its right."""
    for r, cells in enumerate(rows):
        y = top + r * 2 * SIZE
        page.hlines.append((y, xs[0], xs[-1]))
        for c, x in enumerate(xs):
            if (r, c - 1) not in merged:
                page.vlines.append((x, y, y + 2 * SIZE))
        for c, text in enumerate(cells):
            x = xs[c] + 2
            for ch in text:
                page.glyphs.append(Glyph(ch, x, y + SIZE / 2, x + SIZE, y + 1.5 * SIZE))
                x += SIZE
    page.hlines.append((top + len(rows) * 2 * SIZE, xs[0], xs[-1]))


def test_continuation_with_a_missing_border_and_shifted_columns() -> None:
    first, second = PageLayout(595, 842), PageLayout(595, 842)
    xs = [50.0, 100.0, 160.0, 300.0, 360.0, 420.0, 480.0]
    draw(first, xs, 600, [["项目", "", "", "自然人", "商业", "总计"],
                          ["三、", "（一）", "予以公开", "3", "1", "4"]], set())
    # Next page: the group column's border is not drawn (no row there needs it), and every
    # border sits 3 points further right.
    shifted = [x + 3 for x in xs]
    draw(second, [shifted[0], *shifted[2:]], 80, [["三、", "（七）总计", "5", "2", "7"],
                                                 ["四、", "结转下年度", "1", "0", "1"]], set())
    tables = [b for b in layout_blocks([first, second]) if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].rows
    assert [c.text for c in rows[-1]] == ["四、", "四、", "结转下年度", "1", "0", "1"]
    assert rows[-1][0].origin == rows[-1][1].origin  # one cell over both of the first page's columns


def test_continuation_with_other_columns_is_a_new_table() -> None:
    first, second = PageLayout(595, 842), PageLayout(595, 842)
    draw(first, [50.0, 200.0, 300.0, 400.0], 600, [["项目", "自然人", "总计"], ["一、本年新收", "3", "3"]], set())
    draw(second, [50.0, 120.0, 250.0, 400.0], 80, [["行政复议", "结果维持", "总计"], ["", "1", "1"]], set())
    assert len([b for b in layout_blocks([first, second]) if isinstance(b, Table)]) == 2


def write(page: PageLayout, x: float, top: float, text: str) -> None:
    for ch in text:
        page.glyphs.append(Glyph(ch, x, top, x + SIZE, top + SIZE))
        x += SIZE


def test_contents_and_prose_with_numbers_stay_paragraphs() -> None:
    page = PageLayout(595, 842)
    lines = [
        (60, "一、总体情况", 400, "1"),
        (60, "二、主动公开政府信息情况", 400, "2"),
        (60, "三、收到和处理政府信息公开申请情况", 400, "3"),
        (60, "联系电话：", 300, "0517-12345678"),
    ]
    for i, (x, text, x2, number) in enumerate(lines):
        write(page, x, 100 + 20 * i, text)
        write(page, x2, 100 + 20 * i, number)
    write(page, 60, 200, "本年度共收到政府信息公开申请48件，办结45件。")
    blocks = layout_blocks([page])
    assert not any(isinstance(b, Table) for b in blocks)
    text = "".join(b.text for b in blocks if not isinstance(b, Table))
    assert "三、收到和处理政府信息公开申请情况3" in text and "0517-12345678" in text
