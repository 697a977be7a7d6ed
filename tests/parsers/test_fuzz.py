"""Damaged documents end in a record or a documented error, never anything else (bench/fuzz.py, small).

The mutants are the ones bench/fuzz.py makes (fixed seeds: bytes overwritten, files cut short) of one
document per kind; the full run with hang detection is `python bench/fuzz.py`.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from office_fixtures import template

import parsers
from tests.support import DOCUMENTS, ROOT, SAMPLES, load_module

fuzz = load_module("nianbao_bench_fuzz", ROOT / "bench" / "fuzz.py")
test_ofd = load_module("nianbao_test_ofd_seed", ROOT / "tests" / "parsers" / "test_ofd.py")
MUTANTS = 25


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("年报.docx", template.fill())
        zf.writestr("附表.xlsx", template.fill_xlsx())
    return buf.getvalue()


SEEDS: dict[str, Callable[[], bytes]] = {
    "html": lambda: (DOCUMENTS / "src" / "hanweb-2021-gbk.html").read_bytes(),
    "text": lambda: (DOCUMENTS / "src" / "text-gb18030-crlf.txt").read_bytes(),
    "docx": template.fill,
    "xlsx": template.fill_xlsx,
    "zip": _zip,
    "ofd": test_ofd.small_report,
    "pdf": lambda: (SAMPLES / "hongze-2024.pdf").read_bytes(),
}


@pytest.mark.parametrize("kind", sorted(SEEDS))
def test_damaged_documents_end_in_a_record_or_a_documented_error(kind: str) -> None:
    data = SEEDS[kind]()
    count = MUTANTS if kind != "pdf" else 6  # a PDF takes a second a parse
    for index in range(count):
        damaged, how = fuzz.mutant(kind, data, index)
        try:
            parsers.parse(damaged, path=f"{kind}-{index}")
        except parsers.UnreadableDocument as exc:  # any other exception fails the test
            assert str(exc), f"{kind} mutant {index} ({how}): an error without a message"
