"""Scans: PNG/JPEG images and image-only PDFs rendered from a real report at test time, read by OCR.

OCR is not exact, so these tests ask for what the design guarantees (cells located from the ruling
lines, every OCR value flagged, most numbers right) and not for every digit.
"""

from __future__ import annotations

import io
import shutil
from functools import cache
from pathlib import Path

import pypdfium2
import pytest
from PIL import Image

import parsers
from parsers import ocr
from parsers.model import Table
from parsers.registry import Context

pytestmark = pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")

DOCS = Path(__file__).resolve().parent.parent / "documents"
SAMPLE = (DOCS / (DOCS / "hongze-2023.source").read_text().strip()).resolve()
# Table 三 of hongze-2023 on page 3 as printed: row label start -> the seven numbers.
PAGE3_ROWS = {
    "一、本年新收": [21, 0, 0, 0, 0, 0, 21],
    "二、上年结转": [0] * 7,
    "1.属于国家秘密": [1, 0, 0, 0, 0, 0, 1],
    "3.危及": [0] * 7,
    "6.属于四类": [1, 0, 0, 0, 0, 0, 1],
    "7.属于行政执法": [1, 0, 0, 0, 0, 0, 1],
    "8.属于行政查询": [0] * 7,
    "2.没有现成": [3, 0, 0, 0, 0, 0, 3],
}


@cache
def render(page: int, dpi: int) -> Image.Image:
    doc = pypdfium2.PdfDocument(SAMPLE.read_bytes())
    try:
        return doc[page - 1].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        doc.close()


def encode(image: Image.Image, fmt: str, dpi: int) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format=fmt, dpi=(dpi, dpi), **({"quality": 90} if fmt == "JPEG" else {}))
    return buf.getvalue()


def image_pdf(pages: list[int], dpi: int) -> bytes:
    """A PDF whose pages are only pictures (no text layer), like a scanned report."""
    images = [render(p, dpi) for p in pages]
    buf = io.BytesIO()
    images[0].save(buf, format="PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return buf.getvalue()


def row_numbers(tables: list[Table]) -> dict[str, list[str]]:
    out = {}
    for table in tables:
        for row in table.rows:
            texts = [c.text for c in row]
            for prefix in PAGE3_ROWS:
                if any(t.replace("．", ".").startswith(prefix) for t in texts):
                    out[prefix] = texts[-7:]
    return out


def share_right(found: dict[str, list[str]]) -> float:
    right = sum(
        str(v) == t for k, vals in PAGE3_ROWS.items() for v, t in zip(vals, found.get(k, []), strict=False)
    )
    return right / sum(len(v) for v in PAGE3_ROWS.values())


@pytest.mark.parametrize(("dpi", "fmt", "least"), [(300, "PNG", 0.85), (150, "JPEG", 0.85)])
def test_scanned_page_cells_from_ruling_lines(dpi: int, fmt: str, least: float) -> None:
    ex = ocr.extract(encode(render(3, dpi), fmt, dpi), Context())
    assert ex.ocr
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    requests = max(tables, key=lambda t: len(t.rows))
    assert len(requests.rows[0]) == 10  # the ten columns of table 三, found from the lines alone
    assert all(c.ocr for row in requests.rows for c in row if c.text)
    assert share_right(row_numbers(tables)) >= least


def test_image_only_pdf_is_read_by_ocr_and_flagged() -> None:
    record = parsers.parse(image_pdf([4], 150), path="scan.pdf")
    assert record["source"]["media_type"] == "application/pdf"
    assert any("OCR" in w for w in record["warnings"])
    redress = {k: v for k, v in record["cells"].items() if k.startswith("redress.")}
    assert redress and all(v.get("ocr") for v in redress.values())
    # The printed totals of table 四 break R4, so those OCR values must not be trusted as values.
    assert "redress.review.total" not in record["values"]


def test_missing_tesseract_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    for data in (image_pdf([5], 72), encode(render(5, 72), "PNG", 72)):
        with pytest.raises(parsers.ConversionUnavailable, match="tesseract-ocr-chi-sim"):
            parsers.parse(data)


def test_rules_found_in_a_drawn_grid() -> None:
    import numpy as np

    img = np.full((400, 600), 255, dtype=np.uint8)
    for y in (50, 150, 250):
        img[y : y + 2, 40:560] = 0
    for x in (40, 300, 558):
        img[50:252, x : x + 2] = 0
    img[100:104, 100:110] = 0  # a character stroke, shorter than any rule
    h, v = ocr.find_rules(img, 72)
    assert {round(y) for y, _, _ in h} == {50, 51, 150, 151, 250, 251}
    assert {round(x) for x, _, _ in v} == {40, 41, 300, 301, 558, 559}


def skewed(page: int, dpi: int, degrees: float) -> Image.Image:
    return render(page, dpi).rotate(degrees, resample=Image.Resampling.BICUBIC, fillcolor="white", expand=True)


def grid_shapes(gray: object, dpi: int) -> list[tuple[int, int]]:
    import numpy as np

    from parsers.geometry import PageLayout, find_grids

    arr = np.asarray(gray)
    layout = PageLayout(arr.shape[1] * 72 / dpi, arr.shape[0] * 72 / dpi)
    layout.hlines, layout.vlines = ocr.find_rules(arr, dpi)
    return [(len(g.xs) - 1, len(g.ys) - 1) for g in find_grids(layout)]


@pytest.mark.parametrize("degrees", [1.5, -2.0])
def test_skewed_scan_is_straightened_before_lines_are_found(degrees: float) -> None:
    import numpy as np

    straight = grid_shapes(render(4, 150).convert("L"), 150)
    gray = np.asarray(skewed(4, 150, degrees).convert("L"))
    assert ocr.skew_angle(gray) == pytest.approx(degrees, abs=0.2)
    assert grid_shapes(ocr.deskew(gray), 150) == straight  # straightened: the same grid as unturned


def test_skewed_scan_reads_like_the_straight_one() -> None:
    record = parsers.parse(encode(skewed(4, 150, 1.5), "PNG", 150))
    raw = [record["cells"][f"redress.{g}.{c}"]["raw"] for g in ("review", "lit_direct", "lit_after_review")
           for c in ("upheld", "corrected", "other", "pending", "total")]
    assert raw == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
