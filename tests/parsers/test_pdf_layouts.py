"""Real-world PDF layouts of the filled official form (one LibreOffice run converts them all).

Each PDF is the same filled template laid out differently — tables without borders, with only
row rules, with header rows repeated on every page, with a web page's running header and footer,
with characters drawn apart — so every record must equal the template's expected record.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pytest

import parsers
from parsers.model import Table
from parsers.pdf import extract
from parsers.registry import Context
from tests.parsers import pdf_fixtures
from tests.parsers.office_fixtures import problems, template

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")

EXPECTED = template.expected(template.BALANCED)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = template.fill(template.BALANCED)
    docs = {name: build(base) for name, build in pdf_fixtures.VARIANTS.items()}
    docs["repeated_borderless"] = pdf_fixtures.repeated_header(base, ruled=False)
    return pdf_fixtures.convert(docs, tmp_path_factory.mktemp("layouts"))


def tables(path: Path) -> list[Table]:
    return [b for b in extract(path.read_bytes(), Context()).blocks if isinstance(b, Table)]


@pytest.mark.parametrize("name", ["borderless", "rows_ruled", "shaded", "repeated_borderless"])
def test_tables_without_ruling_lines_give_every_value(pdfs: dict[str, Path], name: str) -> None:
    with pdfplumber.open(pdfs[name]) as pdf:
        assert not any(page.lines and any(abs(ln["x0"] - ln["x1"]) < 1 for ln in page.lines) for page in pdf.pages)
    record = parsers.parse_file(pdfs[name])
    assert problems(EXPECTED, record) == []
    assert len(record["values"]) == 200 and not record["uncertain"]


def test_blank_cells_keep_their_column_without_borders(pdfs: dict[str, Path]) -> None:
    requests = next(t for t in tables(pdfs["borderless"]) if any("本年新收" in c.text for r in t.rows for c in r))
    row = next(r for r in requests.rows if r[0].text.startswith("二、上年结转"))
    # 自然人 3, 商业企业 1, three blank cells, 其他 1, 总计 5: the blanks stay where they are.
    assert [c.text for c in row[1:]] == ["3", "1", "", "", "", "1", "5"]
    header = next(r for r in requests.rows if any(c.text == "科研机构" for c in r))
    assert [c.text for c in header[1:]] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    # A label wrapped over two lines, with its numbers centred between them, is one row.
    partial = next(r for r in requests.rows if "部分公开" in r[0].text)
    assert "不计其他情形" in partial[0].text and [c.text for c in partial[1:3]] == ["4", "1"]


def test_repeated_header_rows_are_dropped_where_the_table_continues(pdfs: dict[str, Path]) -> None:
    for name in ("repeated_header", "repeated_borderless"):
        with pdfplumber.open(pdfs[name]) as pdf:
            assert sum("申请人情况" in (page.extract_text() or "") for page in pdf.pages) == 2  # repeated
        found = tables(pdfs[name])
        requests = [t for t in found if any("自然人" in c.text for r in t.rows for c in r)]
        assert len(requests) == 1, name
        assert "–" in requests[0].where
        assert sum(any(c.text == "科研机构" for c in r) for r in requests[0].rows) == 1
        assert problems(EXPECTED, parsers.parse_file(pdfs[name])) == []


def test_running_header_and_footer_of_a_printed_web_page(pdfs: dict[str, Path]) -> None:
    record = parsers.parse_file(pdfs["running_header"])
    assert problems(EXPECTED, record) == []
    text = " ".join(record["sections"].values())
    assert "https://" not in text and "09:41" not in text and "1/5" not in text


def test_spaced_characters_full_width_digits_and_thousands(pdfs: dict[str, Path]) -> None:
    record = parsers.parse_file(pdfs["spaced"])
    assert problems(EXPECTED, record) == []
    assert record["cells"]["active.licensing.decisions"]["raw"] == "1,234"
