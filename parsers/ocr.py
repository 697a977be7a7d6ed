"""Scanned pages (PNG, JPEG, image-only PDF pages) → positioned words and ruling lines, via tesseract.

Ruling lines are found in the image itself (long runs of dark pixels, numpy), then erased so that
tesseract sees only text; tesseract runs once per page (TSV output: every word with its box) and
`parsers.geometry` places the words in the cells exactly as for a text PDF. One tesseract run per
page instead of one per cell keeps a page to a few seconds: loading the Chinese model dominates.
"""

from __future__ import annotations

import csv
import functools
import io
import logging
import os
import shutil
import subprocess
from bisect import bisect_right
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from . import limits
from .errors import ConversionTimeout, ConversionUnavailable, LimitExceeded, UnreadableDocument
from .geometry import Glyph, PageLayout, find_grids, fix_ocr_number, layout_blocks
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

LANG = "chi_sim"
INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-chi-sim"
TIMEOUT = 120  # seconds per page
DARK = 160  # grey level below which a pixel is ink
ERASE = 200  # grey level below which a pixel on a ruling line is erased before OCR
RULE_PT = 14.0  # a ruling line is at least this long (longer than any character stroke)
DEFAULT_DPI = 200.0  # assumed when an image file carries no resolution
MARGIN = 16  # white pixels kept around the ink of a cell crop
DIGITS = ("-l", "eng", "-c", "tessedit_char_whitelist=0123456789.,-")
OCR_DPI = 300.0  # small print is read far better at this resolution; lower ones are upscaled


@functools.cache
def _languages(exe: str) -> frozenset[str]:
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30, check=False)
    return frozenset(line.strip() for line in (out.stdout + out.stderr).splitlines()[1:])


def require_tesseract() -> str:
    """The tesseract executable, or ConversionUnavailable saying what to install."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise ConversionUnavailable(f"OCR needed but tesseract is not installed; {INSTALL_HINT}")
    if LANG not in _languages(exe):
        raise ConversionUnavailable(f"OCR needed but tesseract has no {LANG} model; {INSTALL_HINT}")
    return exe


def _runs(mask: np.ndarray, min_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Runs of True along axis 1 at least `min_len` long: (row, start, end) arrays."""
    padded = np.zeros((mask.shape[0], mask.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    d = np.diff(padded, axis=1)
    rows, starts = np.nonzero(d == 1)
    _, ends = np.nonzero(d == -1)  # row-major order: the k-th end closes the k-th start
    keep = ends - starts >= min_len
    return rows[keep], starts[keep], ends[keep]


def find_rules(
    gray: np.ndarray, dpi: float
) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines, in points."""
    dark = gray < DARK
    k = 72.0 / dpi
    min_len = max(8, round(RULE_PT / k))
    hr, hs, he = _runs(dark, min_len)
    vr, vs, ve = _runs(dark.T, min_len)
    hlines = [(float(r) * k, float(s) * k, float(e) * k) for r, s, e in zip(hr, hs, he, strict=True)]
    vlines = [(float(c) * k, float(s) * k, float(e) * k) for c, s, e in zip(vr, vs, ve, strict=True)]
    return hlines, vlines


MAX_SKEW = 3.0  # degrees: a scan fed crooked by more than this is not straightened
SKEW_STEP = 0.1
SKEW_SAMPLE = 4  # the angle is measured on every 4th pixel each way: enough for 0.1° over a page


def skew_angle(gray: np.ndarray) -> float:
    """How far a scan is turned (degrees, counter-clockwise positive as PIL rotates).

    Rows of text and ruling lines are horizontal when the ink's row profile is sharpest: each
    candidate angle shears the ink's coordinates and the angle with the most peaked histogram
    (sum of squares) wins. Shearing coordinates of a subsample keeps this to a few milliseconds.
    """
    small = gray[::SKEW_SAMPLE, ::SKEW_SAMPLE] < DARK
    ys, xs = np.nonzero(small)
    if len(ys) < 100:
        return 0.0
    xs = xs - small.shape[1] / 2
    best, score = 0.0, -1.0
    for deg in np.arange(-MAX_SKEW, MAX_SKEW + SKEW_STEP / 2, SKEW_STEP):
        rows = np.round(ys - xs * np.tan(np.radians(deg))).astype(np.int64)
        hist = np.bincount(rows - rows.min())
        s = float(np.dot(hist, hist))
        if s > score:
            best, score = float(deg), s
    return -best


def deskew(gray: np.ndarray) -> np.ndarray:
    """The scan turned straight, so that ruling lines are long horizontal and vertical runs again."""
    angle = skew_angle(gray)
    if abs(angle) < 3 * SKEW_STEP:  # within what the estimate itself can tell apart
        return gray
    log.debug("deskewing a scan by %.1f degrees", angle)
    turned = Image.fromarray(gray).rotate(-angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return np.asarray(turned)


def _erase(gray: np.ndarray, dpi: float) -> np.ndarray:
    """The image with ruling lines painted white, so tesseract does not read them as 一 or |.

    Anti-aliased or blurred edges of a line are lighter than ink; they are erased too (a lighter
    threshold, one pixel either side), or tesseract reads the remains as "1" beside a number.
    """
    faint = gray < ERASE
    min_len = max(8, round(RULE_PT * dpi / 72.0))
    pad = 1
    out = gray.copy()
    for mask, view in ((faint, out), (faint.T, out.T)):
        rows, starts, ends = _runs(mask, min_len)
        for r, s, e in zip(rows, starts, ends, strict=True):
            view[max(0, r - pad) : r + pad + 1, s:e] = 255
    return out


def _tesseract(image: Image.Image, exe: str, options: tuple[str, ...]) -> list[dict[str, str]]:
    """Words of the image with their boxes (tesseract's TSV output)."""
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    cmd = [exe, "stdin", "stdout", "--psm", "6", "-c", "preserve_interword_spaces=1", *options, "tsv"]
    left = limits.remaining()
    timeout = TIMEOUT if left is None else max(1.0, min(TIMEOUT, left))
    try:
        proc = subprocess.run(
            cmd, input=buf.getvalue(), capture_output=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ConversionTimeout(f"OCR timed out after {timeout:g} s on one page (tesseract killed)") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(f"tesseract failed: {msg[-1] if msg else proc.returncode}")
    text = proc.stdout.decode("utf-8", "replace")
    rows = csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    return [r for r in rows if r.get("level") == "5" and (r.get("text") or "").strip()]


@dataclass(frozen=True, slots=True)
class _Crop:
    """A table cell's ink, cut from the page (pixel offsets on the page)."""

    image: np.ndarray
    x0: int
    y0: int


def _crops(clean: np.ndarray, boxes: list[tuple[int, int, int, int]]) -> list[_Crop]:
    crops = []
    for x0, y0, x1, y1 in boxes:
        ink = np.argwhere(clean[y0 + 2 : y1 - 1, x0 + 2 : x1 - 1] < DARK)
        if not ink.size:  # blank cells need no OCR
            continue
        (r0, c0), (r1, c1) = ink.min(axis=0), ink.max(axis=0)
        top, left = y0 + 2 + max(0, r0 - MARGIN), x0 + 2 + max(0, c0 - MARGIN)
        crops.append(_Crop(clean[top : y0 + 2 + r1 + MARGIN + 1, left : x0 + 2 + c1 + MARGIN + 1], left, top))
    return crops


def _read(
    page: np.ndarray | None, crops: list[_Crop], dpi: float, exe: str, options: tuple[str, ...]
) -> tuple[list[Glyph], dict[int, list[Glyph]]]:
    """OCR a page (tables blanked) and cell crops in one tesseract run: one canvas, crops stacked below.

    Tesseract's layout analysis mixes up the text of neighbouring cells; a cell alone on its own
    lines is read as plain text. Returns the page's glyphs and each crop's glyphs, in points.
    """
    gap = 24
    top = 0 if page is None else page.shape[0]
    width = max([0 if page is None else page.shape[1]] + [c.image.shape[1] + 2 * gap for c in crops])
    height = top + sum(c.image.shape[0] + gap for c in crops) + gap
    canvas = np.full((height, width), 255, dtype=np.uint8)
    if page is not None:
        canvas[:top, : page.shape[1]] = page
    starts = []
    y = top + gap
    for crop in crops:
        canvas[y : y + crop.image.shape[0], gap : gap + crop.image.shape[1]] = crop.image
        starts.append(y)
        y += crop.image.shape[0] + gap
    image = Image.fromarray(canvas)
    # Small print is upscaled to OCR_DPI, never past the pixel limit (an image's dpi may be tiny).
    zoom = limits.zoom_within(image.width, image.height, OCR_DPI / dpi, "OCR upscaling") if dpi < OCR_DPI * 0.8 else 1.0
    if zoom <= 1.01:
        zoom = 1.0
    else:
        image = image.resize(
            (round(image.width * zoom), round(image.height * zoom)), Image.Resampling.LANCZOS
        )
    k = 72.0 / dpi
    free: list[Glyph] = []
    cells: dict[int, list[Glyph]] = {}
    for row in _tesseract(image, exe, options):
        text = row["text"].strip()
        x, y, w, h = (int(row[f]) / zoom for f in ("left", "top", "width", "height"))
        out = free
        if y + h / 2 >= top:  # a word of a cell crop: back to where the cell is on the page
            i = bisect_right(starts, y + h / 2) - 1
            if i < 0 or y + h / 2 > starts[i] + crops[i].image.shape[0]:
                continue
            x, y = x - gap + crops[i].x0, y - starts[i] + crops[i].y0
            out = cells.setdefault(i, [])
        # A "word" may run across cell borders ("0 0 0" read as "000"): give each character its
        # share of the box so that geometry places it in its own cell.
        step = w / len(text)
        for j, ch in enumerate(text):
            x0 = x + j * step
            out.append(Glyph(ch, x0 * k, y * k, (x0 + step) * k, (y + h) * k, ocr=True))
    return free, cells


def _numeric(glyphs: list[Glyph]) -> bool:
    text = "".join(g.text for g in glyphs)
    return bool(text) and fix_ocr_number(text).replace(".", "", 1).isdigit()


def read_page(image: Image.Image, dpi: float) -> PageLayout:
    """One scanned page as glyphs (recognised characters, `ocr=True`) and ruling lines, in points.

    Two tesseract runs: the Chinese model reads the page text and every cell; cells that hold a
    number are read again by the English model restricted to digits, which confuses 5, 9 and 4
    less often than the Chinese model does on an isolated number.
    """
    exe = require_tesseract()
    gray = deskew(np.asarray(ImageOps.exif_transpose(image).convert("L")))
    k = 72.0 / dpi
    layout = PageLayout(gray.shape[1] * k, gray.shape[0] * k)
    layout.hlines, layout.vlines = find_rules(gray, dpi)
    boxes = [
        (round(x0 / k), round(y0 / k), round(x1 / k), round(y1 / k))
        for grid in find_grids(layout)
        for x0, y0, x1, y1 in grid.cell_boxes()
    ]
    clean = _erase(gray, dpi)
    crops = _crops(clean, boxes)
    page = clean.copy()
    for x0, y0, x1, y1 in boxes:
        page[y0:y1, x0:x1] = 255
    free, cells = _read(page, crops, dpi, exe, ("-l", LANG))
    # Cells read as a number, and narrow ink blobs the Chinese model read as nothing (a lone "1").
    numbers = [
        i
        for i, crop in enumerate(crops)
        if _numeric(cells.get(i, [])) or (i not in cells and crop.image.shape[1] <= 3 * crop.image.shape[0])
    ]
    if numbers and "eng" in _languages(exe):
        _, digits = _read(None, [crops[i] for i in numbers], dpi, exe, DIGITS)
        for n, i in enumerate(numbers):
            if _numeric(digits.get(n, [])):
                cells[i] = digits[n]
    layout.glyphs = free + [g for glyphs in cells.values() for g in glyphs]
    return layout


def extract(data: bytes, ctx: Context) -> Extracted:
    """A PNG or JPEG scan of a report page."""
    require_tesseract()
    try:
        image = limits.open_image(data, "image")
        image.load()
    except LimitExceeded:
        raise
    except (OSError, ValueError, EOFError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"corrupt or unreadable image ({exc})") from exc
    dpi = float((image.info.get("dpi") or (DEFAULT_DPI,))[0]) or DEFAULT_DPI
    if dpi < 50:  # a resolution tag in the wrong unit is worse than none
        dpi = DEFAULT_DPI
    ex = Extracted(ocr=True)
    ex.blocks = layout_blocks([read_page(image, dpi)], label="image")
    ex.warnings.append("read by OCR; values that fail checks are uncertain")
    return ex
