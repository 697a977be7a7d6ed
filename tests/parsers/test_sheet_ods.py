"""OpenDocument spreadsheets: the filled form converted to ODS (one LibreOffice start to make it)."""

from __future__ import annotations

import shutil

import pytest
from office_fixtures import expected, problems, template

import parsers
from parsers import office
from parsers.model import Table
from parsers.sheet import extract_ods

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")


@pytest.fixture(scope="module")
def ods(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    tmp = tmp_path_factory.mktemp("ods")
    (tmp / "filled.xlsx").write_bytes(template.fill_xlsx(template.BALANCED))
    office.convert_files([tmp / "filled.xlsx"], "ods", tmp)
    return (tmp / "filled.ods").read_bytes()


def test_ods_grid(ods: bytes) -> None:
    assert parsers.sniff(ods) == "ods"
    ex = extract_ods(ods, parsers.registry.Context())
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert [(len(t.rows), len(t.rows[0])) for t in tables] == [(14, 4), (28, 10), (4, 15)]
    assert ex.meta["converted_from"] == "ODS"


def test_ods_golden(ods: bytes) -> None:
    assert problems(expected("filled-2021"), parsers.parse(ods, path="filled.ods")) == []
