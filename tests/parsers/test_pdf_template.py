"""The official 2021 template, filled with python-docx and converted to PDF by LibreOffice (once).

The DOCX builder and the PDF builder must agree on every value: same document, two containers.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest

import parsers
from tests.conftest import SAMPLES

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")

TITLE = "某某市人民政府2023年政府信息公开工作年度报告"


def fill_template(path: Path) -> None:
    document = docx.Document(str(SAMPLES / "template-2021.docx"))
    for p in document.paragraphs:
        if "格式模板" in p.text:
            for run in p.runs[1:]:
                run.text = ""
            p.runs[0].text = TITLE
            break
    n = 0
    for table in document.tables:
        for row in table.rows:
            seen = set()
            for cell in row.cells:
                if id(cell._tc) in seen or cell.text.strip():
                    seen.add(id(cell._tc))
                    continue
                seen.add(id(cell._tc))
                n += 1
                cell.text = str(n % 17 + (n // 17) * 100)  # distinct-ish numbers of varying width
    document.save(str(path))


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    tmp = tmp_path_factory.mktemp("template")
    src = tmp / "filled.docx"
    fill_template(src)
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{tmp}/lo-profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return src, tmp / "filled.pdf"


def test_pdf_of_the_filled_template_gives_the_docx_values(filled: tuple[Path, Path]) -> None:
    docx_record = parsers.parse_file(filled[0])
    pdf_record = parsers.parse_file(filled[1])
    assert pdf_record["source"]["media_type"] == "application/pdf"
    assert len(docx_record["values"]) >= 200
    assert pdf_record["values"] == docx_record["values"]
    assert pdf_record["format"] == "2021"
    assert pdf_record["title"] == TITLE
