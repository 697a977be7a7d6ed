"""The real sample PDFs beyond their golden files (tests/documents/*.source, walked by test_golden)."""

from __future__ import annotations

from pathlib import Path

import parsers

DOCS = Path(__file__).resolve().parent.parent / "documents"


def _sample(case: str) -> Path:
    return (DOCS / (DOCS / f"{case}.source").read_text().strip()).resolve()


def test_sample_pdfs_are_read_as_pdf() -> None:
    for case in ("hongze-2023", "hongze-2024", "huaian-2024"):
        assert parsers.parse_file(_sample(case))["source"]["media_type"] == "application/pdf"


def test_hongze_2023_reports_r4_failing() -> None:
    checks = {c["scope"]: c for c in parsers.parse_file(_sample("hongze-2023"))["checks"] if c["rule"] == "R4"}
    assert checks["redress.review"]["status"] == "fail"
    assert (checks["redress.review"]["left"], checks["redress.review"]["right"]) in {(0, 11), (11, 0)}
    assert checks["redress.lit_direct"]["status"] == "pass"
    assert checks["redress.lit_after_review"]["status"] == "fail"
