"""The filled form as a portal page, printed to PDF by Chromium (header: date and page title;
footer: the page's URL and "n/m"), with ruled tables (HTML cell spacing: every border drawn
twice, as thin filled paths) and with borderless, collapsed tables whose cells nearly touch."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import parsers
from tests.parsers import pdf_fixtures
from tests.parsers.office_fixtures import problems, template

pytestmark = pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium not installed")

EXPECTED = template.expected(template.BALANCED)


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> dict[bool, Path]:
    out = tmp_path_factory.mktemp("print")
    base = template.fill(template.BALANCED)
    return {ruled: pdf_fixtures.print_page(pdf_fixtures.report_html(base, ruled=ruled), out, f"ruled{int(ruled)}")
            for ruled in (True, False)}


@pytest.mark.parametrize("ruled", [True, False])
def test_printed_web_page_gives_the_report(printed: dict[bool, Path], ruled: bool) -> None:
    record = parsers.parse_file(printed[ruled])
    assert problems(EXPECTED, record) == []  # title and agency too: no radical code points (⼈⺠)
    assert len(record["values"]) == 200
    body = " ".join(record["sections"].values())
    assert "file://" not in body and "_某某区人民政府门户网站" not in body
