"""Limits where untrusted bytes expand: small bombs of every kind are refused with an error naming the limit.

The bombs come from bench/bombs.py (which measures them at full size). No test here times anything:
each asserts the clear error; the guarded test runs the bombs in child processes whose address space
is capped, so a limit that stops working fails the test instead of exhausting the machine.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import parsers
from parsers import limits, ofd, sheet, version
from parsers.errors import EnvironmentFailure, LimitExceeded, TimeBudgetExceeded
from parsers.sniff import sniff
from tests.support import ROOT, load_module

bombs = load_module("nianbao_bench_bombs", ROOT / "bench" / "bombs.py")


def refused(data: bytes, path: str, limit: str) -> LimitExceeded:
    with pytest.raises(LimitExceeded) as err:
        parsers.parse(data, path=path)
    assert err.value.limit == limit, err.value
    assert err.value.document == path
    assert str(err.value).startswith("refused: ") and limit in str(err.value)
    return err.value


def test_docx_bomb_is_refused_from_the_directory() -> None:
    data = bombs.docx_bomb(48 * 1024 * 1024)
    assert len(data) < 1_000_000 and sniff(data) == "docx"
    err = refused(data, "bomb.docx", "zip.part_bytes")
    assert "word/document.xml" in str(err) and err.maximum == limits.PACKAGE.part_bytes


def test_docx_compressed_past_the_ratio_is_refused() -> None:
    refused(bombs.docx_bomb(8 * 1024 * 1024), "dense.docx", "zip.ratio")


def test_zip_bomb_and_directory_bomb_are_refused() -> None:
    refused(bombs.zip_bomb(16 * 1024 * 1024), "bomb.zip", "zip.ratio")
    many = bombs.zip_of_entries(limits.ARCHIVE.parts + 1)
    assert sniff(many) == "zip"
    refused(many, "many.zip", "zip.parts")


def test_directory_is_checked_before_zipfile_reads_it() -> None:
    """A directory of more entries than a package may have is refused from the end record alone."""
    data = bombs.zip_of_entries(limits.PACKAGE.parts + 10)
    assert limits.directory(data) == (limits.PACKAGE.parts + 10, len(data) - 22 - (limits.PACKAGE.parts + 10) * 42)
    with pytest.raises(LimitExceeded, match="zip.parts"):
        limits.check_directory(data, limits.PACKAGE, "DOCX")
    assert sniff(data) == "zip"  # sniffing never raises; the builder refuses


def test_lying_sizes_never_inflate_past_the_declared_size() -> None:
    """A member whose header declares 10 bytes but whose stream holds a megabyte stops at 10 bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", b"x" * 1024 * 1024)
    raw = bytearray(buf.getvalue())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (10).to_bytes(4, "little")  # the central directory's uncompressed size
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf, pytest.raises(zipfile.BadZipFile, match="CRC"):
        limits.read_part(zf, zf.getinfo("a.txt"), limits.ARCHIVE, "ZIP")


def test_pdf_stream_bomb_is_refused() -> None:
    data = bombs.pdf_bomb(limits.PDF_STREAM_BYTES + 1024 * 1024)
    assert len(data) < 1_000_000
    refused(data, "bomb.pdf", "stream.bytes")


def test_pdf_streams_count_towards_the_document(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "INFLATED_BYTES", 1024 * 1024)
    refused(bombs.pdf_bomb(2 * 1024 * 1024), "streams.pdf", "inflated.bytes")


def test_million_row_sheet_is_read_to_its_row_limit() -> None:
    """Read-only streaming: the top SHEET_ROWS rows are read, the rest is never parsed, a warning says so."""
    data = bombs.xlsx_rows(limits.SHEET_ROWS + 500)
    (ws,) = sheet.read_xlsx(data)
    assert ws.truncated and max(r for r, _ in ws.cells) == limits.SHEET_ROWS - 1
    record = parsers.parse(data, path="rows.xlsx")
    assert any(f"only the first {limits.SHEET_ROWS} rows" in w for w in record["warnings"])


def test_ofd_deltax_repeat_is_refused() -> None:
    data = bombs.ofd_deltax(300_000_000)
    assert len(data) < 2000
    err = refused(data, "bomb.ofd", "ofd.glyphs")
    assert err.value == 300_000_000


def test_ofd_deltas_expand_only_as_far_as_the_text() -> None:
    assert ofd._deltas("g 3 2 1", 10) == [2.0, 2.0, 2.0, 1.0]
    assert ofd._deltas("g 500000 2 1", 2) == [2.0, 2.0]
    assert ofd._deltas("g nan 2 1", 5) == []


def test_ofd_glyph_count_is_limited(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "OFD_GLYPHS", 10)
    text = '<ofd:TextObject ID="3" Boundary="0 0 100 10" Size="4"><ofd:TextCode X="0" Y="4">{}</ofd:TextCode></ofd:TextObject>'
    refused(bombs.ofd_package(text.format("一二三四五六七八九十百千")), "glyphs.ofd", "ofd.glyphs")


def test_page_of_text_over_its_kind_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(limits.KIND_BYTES, "html", 1000)
    refused(bombs.html_colspan(5) + b" " * 1000, "big.html", "html.bytes")


def test_opendocument_is_checked_before_libreoffice_inflates_it() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b"<x/>" + b" " * (limits.PACKAGE.part_bytes + 1))
    refused(buf.getvalue(), "bomb.odt", "zip.part_bytes")


def test_pixels_are_capped_after_zoom() -> None:
    zoom = limits.zoom_within(14400, 14400, 300 / 72, "page")  # the largest PDF page at 300 dpi
    assert (14400 * zoom) ** 2 <= limits.MAX_PIXELS * 1.0001
    assert limits.zoom_within(595, 842, 300 / 72, "A4") == 300 / 72
    with pytest.raises(LimitExceeded, match="image.pixels"):
        limits.check_pixels(30_000, 30_000, "scan")


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="the image builder needs tesseract first")
def test_pixel_bomb_image_is_refused_before_decoding() -> None:
    buf = io.BytesIO()
    Image.new("1", (20_000, 20_000), 1).save(buf, format="PNG")
    refused(buf.getvalue(), "scan.png", "image.pixels")


def test_time_budget_is_a_retriable_limit() -> None:
    data = bombs.baseline_docx()
    with pytest.raises(TimeBudgetExceeded) as err:
        parsers.parse(data, path="slow.docx", budget=-1)
    assert isinstance(err.value, EnvironmentFailure) and isinstance(err.value, LimitExceeded)
    assert err.value.retriable and err.value.limit == "time.seconds" and err.value.document == "slow.docx"
    assert parsers.parse(data, path="ok.docx", budget=600)["source"]["path"] == "ok.docx"


def test_nested_budget_never_extends_the_outer_one() -> None:
    with limits.time_budget(-1), limits.time_budget(3600):
        with pytest.raises(TimeBudgetExceeded):
            limits.check_time("inner loop")
    assert limits.remaining() is None
    limits.check_time("outside any budget")


def test_budget_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(limits.TIME_BUDGET_ENV, "12.5")
    assert limits.default_budget() == 12.5
    monkeypatch.setenv(limits.TIME_BUDGET_ENV, "soon")
    assert limits.default_budget() == limits.DEFAULT_TIME_BUDGET


def test_document_errors_are_not_retriable() -> None:
    with pytest.raises(parsers.UnreadableDocument) as err:
        parsers.parse(b"PK\x03\x04 truncated", path="cut.zip")
    assert not err.value.retriable and err.value.document == "cut.zip"


def test_bombs_in_guarded_children() -> None:
    """Every small bomb, each in a child whose address space is capped: refused or read, never a crash."""
    proc = subprocess.run([sys.executable, str(ROOT / "bench" / "bombs.py"), "--small", "--json"],
                          capture_output=True, text=True, check=True, cwd=ROOT)
    rows = {r["bomb"]: r for r in json.loads(proc.stdout)}
    assert set(rows) == set(bombs.BOMBS)
    expect = {"docx-bomb": "zip.part_bytes", "zip-bomb": "zip.ratio", "zip-entries": "zip.parts",
              "ofd-deltax": "ofd.glyphs", "pdf-bomb": "stream.bytes"}
    for name, limit in expect.items():
        assert rows[name]["outcome"] == f"refused (LimitExceeded: {limit})", rows[name]
    for name in ("baseline-docx", "xlsx-1m-rows", "xlsx-800k-rows", "html-colspan"):
        assert rows[name]["outcome"] == "read", rows[name]


# -- the parser version -------------------------------------------------------------------------------


def test_version_is_release_plus_code_fingerprint() -> None:
    release, build = parsers.__version__.split("+")
    assert release == version.RELEASE and re.fullmatch(r"[a-p]{10}", build)
    # Digit-free: tools comparing versions by their numbers see the release only.
    assert re.findall(r"\d+", parsers.__version__) == version.RELEASE.split(".")
    record = parsers.parse(bombs.baseline_docx(), path="v.docx")
    assert record["parser"] == {"name": "nianbao", "version": parsers.__version__}


def test_fingerprint_follows_code_and_data_files(tmp_path: Path) -> None:
    copy = tmp_path / "parsers"
    shutil.copytree(version.HERE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = version.fingerprint(copy)
    assert before == version.fingerprint(version.HERE)
    (copy / "labels.py").write_text((copy / "labels.py").read_text(encoding="utf-8") + "\n# x\n", encoding="utf-8")
    edited = version.fingerprint(copy)
    (copy / "labels.csv").write_text("label,key\n", encoding="utf-8")
    assert len({before, edited, version.fingerprint(copy)}) == 3


@pytest.mark.parametrize(("stored", "installed", "stale"), [
    ("0.1.0", "0.2.0+abcdefghij", True),  # an older release
    (None, "0.2.0+abcdefghij", True),
    ("0.2.0+abcdefghij", "0.2.0+abcdefghij", False),
    ("0.2.0+pppppppppp", "0.2.0+abcdefghij", True),  # the same release, other code
    ("0.2.0", "0.2.0+abcdefghij", True),
    ("0.10.0+aaaaaaaaaa", "0.9.0+abcdefghij", False),  # newer than installed: never rewritten by a downgrade
    ("0.9.0+aaaaaaaaaa", "0.10.0+abcdefghij", True),
])
def test_is_stale(stored: str | None, installed: str, stale: bool) -> None:
    assert parsers.is_stale(stored, installed) is stale
