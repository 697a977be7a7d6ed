"""Spreadsheet reports: XLSX made with openpyxl, XLS converted from it (ONE LibreOffice start)."""

from __future__ import annotations

import io
import shutil

import openpyxl
import pytest
from office_fixtures import expected, problems, template

import parsers
from parsers import office, sheet
from parsers.model import Paragraph, Table
from parsers.registry import Context


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("sheets")
    (tmp / "filled.xlsx").write_bytes(template.fill_xlsx(template.BALANCED))
    if shutil.which("soffice"):
        office.convert_files([tmp / "filled.xlsx"], "xls", tmp)
    return {p.name: p.read_bytes() for p in tmp.iterdir()}


def _tables(ex: parsers.model.Extracted) -> list[Table]:
    return [b for b in ex.blocks if isinstance(b, Table)]


@pytest.mark.parametrize("name", ["filled.xlsx", "filled.xls"])
def test_workbook_gives_the_three_form_tables(books: dict[str, bytes], name: str) -> None:
    if name not in books:
        pytest.skip("LibreOffice not installed")
    kind = parsers.sniff(books[name])
    builder = parsers.registry.builder_for(kind)
    assert builder is not None
    ex = builder(books[name], Context(path=name))
    tables = _tables(ex)
    assert [(len(t.rows), len(t.rows[0])) for t in tables] == [(14, 4), (28, 10), (4, 15)]
    active, requests, redress = tables
    assert [c.text for c in requests.rows[3]][3:] == ["40", "5", "", "1", "2", "", "48"]
    assert active.rows[13][1].text == "837.25"
    # merged cells expanded: every position of a merge carries the same origin
    assert requests.rows[5][0].origin == requests.rows[26][0].origin
    assert requests.rows[5][0].text == "三、本年度办理结果"
    assert redress.rows[0][5].origin == redress.rows[0][14].origin
    paragraphs = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == template.title()
    assert "三、收到和处理政府信息公开申请情况" in paragraphs


@pytest.mark.parametrize("name", ["filled.xlsx", "filled.xls"])
def test_golden(books: dict[str, bytes], name: str) -> None:
    if name not in books:
        pytest.skip("LibreOffice not installed")
    record = parsers.parse(books[name], path=name)
    assert problems(expected("filled-2021"), record) == []


def test_xls_needs_no_conversion(books: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    if "filled.xls" not in books:
        pytest.skip("LibreOffice not installed")
    monkeypatch.setenv(office.SOFFICE_ENV, "/nonexistent/soffice")
    assert office.ole_kind(books["filled.xls"]) == "xls"
    ex = parsers.registry.builder_for("ole")(books["filled.xls"], Context())  # type: ignore[misc]
    assert len(_tables(ex)) == 3
    assert ex.meta["media_type"] == "application/vnd.ms-excel"


def test_corrupt_workbooks_are_refused(books: dict[str, bytes]) -> None:
    with pytest.raises(parsers.UnreadableDocument):
        parsers.parse(books["filled.xlsx"][:2000], path="cut.xlsx")
    if "filled.xls" in books:
        with pytest.raises(parsers.UnreadableDocument):
            parsers.parse(books["filled.xls"][:4000], path="cut.xls")


@pytest.mark.parametrize(
    ("value", "text"),
    [(None, ""), (5.0, "5"), (837.25, "837.25"), (4166.241619, "4166.241619"), (12, "12"), (" 无 ", "无")],
)
def test_cell_text(value: object, text: str) -> None:
    assert sheet.cell_text(value) == text


def _book(rows: list[list[object]], merges: list[str] = ()) -> bytes:  # type: ignore[assignment]
    wb = openpyxl.Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for rng in merges:
        ws.merge_cells(rng)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_runs_split_into_paragraphs_and_tables() -> None:
    data = _book(
        [
            ["某局2023年政府信息公开工作年度报告"],
            [None],
            ["一、总体情况"],
            ["本年度共收到申请5件。"],
            [None],
            ["第二十条第（一）项"],
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            ["规章", 0, None, 3],
        ],
        ["A1:D1", "A6:D6"],
    )
    ex = sheet.extract_xlsx(data, Context())
    kinds = [type(b).__name__ for b in ex.blocks]
    assert kinds == ["Paragraph", "Paragraph", "Paragraph", "Table"]
    table = ex.blocks[3]
    assert isinstance(table, Table)
    assert table.rows[0][0].text == "第二十条第（一）项"  # the caption stays in its table
    assert [c.text for c in table.rows[2]] == ["规章", "0", "", "3"]


def test_vertical_merge_keeps_blank_rows_in_the_table() -> None:
    data = _book(
        [
            ["label", "自然人", "总计"],
            ["三、本年度办理结果", "（一）予以公开", 1],
            [None, "（二）部分公开", None],
            [None, "（三）不予公开", None],
        ],
        ["A2:A4"],
    )
    (table,) = sheet.extract_xlsx(data, Context()).blocks
    assert isinstance(table, Table)
    assert len(table.rows) == 4
    assert table.rows[3][0].text == "三、本年度办理结果"


def test_uncached_formula_is_not_read_as_blank() -> None:
    data = _book([["行政许可", "=1+2"]])
    (table,) = sheet.extract_xlsx(data, Context()).blocks
    assert isinstance(table, Table)
    assert table.rows[0][1].text == "=1+2"


def test_hidden_sheets_are_skipped_with_a_warning() -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["规章", 1])
    old = wb.create_sheet("去年")
    old.append(["规章", 9])
    old.sheet_state = "hidden"
    out = io.BytesIO()
    wb.save(out)
    ex = sheet.extract_xlsx(out.getvalue(), Context())
    assert [[c.text for c in t.rows[0]] for t in _tables(ex)] == [["规章", "1"]]
    assert ex.warnings == ["sheet 去年: hidden, not read"]
