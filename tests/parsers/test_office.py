"""DOC, WPS, ODT and misnamed DOCX documents made from the filled official template.

The DOC files are made at test time with ONE LibreOffice start for the whole module: the filled
template (DOCX) and the committed ODT of its R4-failing variant are converted to DOC in one call.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from office_fixtures import DOCUMENTS, expected, problems, template

import parsers
from parsers import office

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("office")
    (tmp / "balanced.docx").write_bytes(template.fill(template.BALANCED))
    shutil.copy(DOCUMENTS / "filled-2021-r4.odt", tmp / "r4-from-odt.odt")
    office.convert_files([tmp / "balanced.docx", tmp / "r4-from-odt.odt"], "doc", tmp)
    return {p.name: p.read_bytes() for p in tmp.iterdir()}


def test_ole_streams_tell_word_from_excel(docs: dict[str, bytes]) -> None:
    assert parsers.sniff(docs["balanced.doc"]) == "ole"
    assert office.ole_kind(docs["balanced.doc"]) == "doc"
    assert office.ole_kind((DOCUMENTS / "office" / "tiny-word97.doc").read_bytes()) == "doc"


def test_doc_converts_to_docx_keeping_the_table_grid(docs: dict[str, bytes]) -> None:
    conv = office.convert(docs["balanced.doc"], "docx", suffix=".doc")
    assert parsers.sniff(conv.data) == "docx"
    tables = docx.Document(io.BytesIO(conv.data)).tables
    requests = tables[1]
    assert [c.text for c in requests.rows[3].cells[3:]] == ["40", "5", "", "1", "2", "", "48"]
    assert requests.rows[27].cells[0].text.startswith("四、结转")
    assert tables[0].rows[13].cells[1].text == "837.25"
    assert conv.seconds > 0


@pytest.mark.parametrize(
    ("name", "path", "case"),
    [
        ("balanced.doc", "report.doc", "filled-2021"),
        ("balanced.doc", "report.wps", "filled-2021"),  # a DOC renamed .wps, as WPS Office saves it
        ("r4-from-odt.doc", "report.doc", "filled-2021-r4"),  # ODT, then DOC
        ("balanced.docx", "report.doc", "filled-2021"),  # DOCX misnamed .doc: read directly
    ],
)
def test_golden(docs: dict[str, bytes], name: str, path: str, case: str) -> None:
    record = parsers.parse(docs[name], path=path)
    assert problems(expected(case), record) == []


def test_odt_golden() -> None:
    record = parsers.parse_file(DOCUMENTS / "filled-2021-r4.odt")
    assert problems(expected("filled-2021-r4"), record) == []


def test_template_numbers_balance() -> None:
    v = template.BALANCED
    for col in template.REQUEST_COLS:
        left = v[f"requests.new_received.{col}"] + v[f"requests.carried_in.{col}"]
        assert left == v[f"requests.total.{col}"] + v[f"requests.carried_out.{col}"]  # R1
        assert v[f"requests.total.{col}"] == sum(v[f"requests.{r}.{col}"] for r in template.OUTCOME_ROWS)  # R2
    for row in template.REQUEST_ROWS:
        assert v[f"requests.{row}.total"] == sum(v[f"requests.{row}.{c}"] for c in template.REQUEST_COLS[:-1])
    for g in template.REDRESS_GROUPS:
        parts = sum(v[f"redress.{g}.{c}"] for c in template.REDRESS_COLS[:-1])
        assert parts == v[f"redress.{g}.total"]  # R4


def test_expected_files_match_the_generator() -> None:
    assert expected("filled-2021")["values"] == template.BALANCED
    assert expected("filled-2021-r4")["values"] == template.R4_FAIL


def test_filler_writes_title_and_period(tmp_path: Path) -> None:
    d = docx.Document(io.BytesIO(template.fill(template.BALANCED, zeros="0")))
    texts = [p.text for p in d.paragraphs]
    assert template.title() in texts
    assert any("统计期限为2024年1月1日至12月31日" in t for t in texts)
    assert d.tables[1].rows[3].cells[5].text == "0"


def _rtf_text(s: str) -> str:
    """RTF escapes for non-ASCII text (signed 16-bit \\uN, with '?' as the fallback character)."""
    return "".join(c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in s)


def test_rtf_is_read_through_docx() -> None:
    rows = [["第二十条第（五）项", ""], ["信息内容", "本年处理决定数量"], ["行政许可", "12"]]
    table = "".join(
        "\\trowd\\cellx3000\\cellx6000 " + "".join(f"\\intbl {_rtf_text(c)}\\cell " for c in r) + "\\row " for r in rows
    )
    rtf = (
        "{\\rtf1\\ansi\\deff0 \\pard " + _rtf_text("某局2023年政府信息公开工作年度报告") + "\\par " + table
        + "\\pard " + _rtf_text("本报告中所列数据的统计期限为2023年1月1日至12月31日。") + "\\par}"
    )
    record = parsers.parse(rtf.encode("ascii"), path="report.doc")  # Word "save as RTF" named .doc
    assert record["source"]["media_type"] == "application/rtf"
    assert (record["title"], record["year"]) == ("某局2023年政府信息公开工作年度报告", 2023)
    assert record["values"] == {"active.licensing.decisions": 12}
