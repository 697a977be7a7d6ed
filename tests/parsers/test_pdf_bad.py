"""Bad PDFs: each gives one clear UnreadableDocument line, never a hang, and a batch goes on."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

import parsers
from nianbao_cli import main
from parsers import ocr

DOCS = Path(__file__).resolve().parent.parent / "documents"
GOOD = (DOCS / (DOCS / "hongze-2024.source").read_text().strip()).resolve()


def encrypted_pdf() -> bytes:
    """A one-page PDF under the Standard security handler whose user password is not empty."""
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -44 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R /Encrypt 4 0 R /ID [<%s> <%s>] >>\n" % (
        len(objs) + 1,
        b"ab" * 16,
        b"ab" * 16,
    )
    out += b"startxref\n%d\n%%%%EOF\n" % xref
    return out


def image_only_pdf() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (300, 400), "white").save(buf, format="PDF", resolution=50)
    return buf.getvalue()


BAD = {
    "encrypted": (encrypted_pdf(), "encrypted"),
    "garbage": (b"%PDF-1.4\n" + bytes(range(256)) * 20, "corrupt"),
    "truncated": (GOOD.read_bytes()[:40_000], "corrupt"),
}


@pytest.mark.parametrize("name", BAD)
def test_bad_pdf_is_one_clear_error(name: str) -> None:
    data, word = BAD[name]
    start = time.monotonic()
    with pytest.raises(parsers.UnreadableDocument, match=word) as err:
        parsers.parse(data, path=f"{name}.pdf")
    assert "\n" not in str(err.value)
    assert time.monotonic() - start < 5


def test_image_pdf_without_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    with pytest.raises(parsers.ConversionUnavailable, match="tesseract-ocr and tesseract-ocr-chi-sim"):
        parsers.parse(image_only_pdf())


def test_batch_goes_on_past_bad_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    files = []
    for name, data in [
        ("encrypted", BAD["encrypted"][0]),
        ("scan", image_only_pdf()),
        ("broken", BAD["garbage"][0]),
    ]:
        (tmp_path / f"{name}.pdf").write_bytes(data)
        files.append(str(tmp_path / f"{name}.pdf"))
    files.insert(1, str(GOOD))
    result = CliRunner().invoke(main, ["parse", "--json", *files])
    assert result.exit_code != 0
    records = json.loads(result.stdout)
    assert [r["source"]["path"] for r in records] == [str(GOOD)]
    assert records[0]["values"]["requests.new_received.total"] == 95
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3
    assert [e.split(":")[0] for e in errors] == [files[0], files[2], files[3]]
    assert "Traceback" not in result.output
