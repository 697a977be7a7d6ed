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

import numpy as np
from PIL import Image, ImageOps

from .errors import ConversionUnavailable, UnreadableDocument
from .geometry import Glyph, PageLayout, layout_blocks
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

LANG = "chi_sim"
INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-chi-sim"
TIMEOUT = 120  # seconds per page
DARK = 160  # grey level below which a pixel is ink
ERASE = 200  # grey level below which a pixel on a ruling line is erased before OCR
RULE_PT = 14.0  # a ruling line is at least this long (longer than any character stroke)
MAX_PIXELS = 60_000_000
DEFAULT_DPI = 200.0  # assumed when an image file carries no resolution
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


def _tesseract(image: Image.Image, exe: str) -> list[dict[str, str]]:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "-l", LANG, "--psm", "6", "-c", "preserve_interword_spaces=1", "tsv"],
            input=buf.getvalue(),
            capture_output=True,
            timeout=TIMEOUT,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise UnreadableDocument(f"OCR took longer than {TIMEOUT} s on one page") from exc
    if proc.returncode != 0:
        msg = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UnreadableDocument(f"tesseract failed: {msg[-1] if msg else proc.returncode}")
    text = proc.stdout.decode("utf-8", "replace")
    return list(csv.DictReader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE))


def read_page(image: Image.Image, dpi: float) -> PageLayout:
    """One scanned page as glyphs (recognised words, `ocr=True`) and ruling lines, in points."""
    exe = require_tesseract()
    gray = np.asarray(ImageOps.exif_transpose(image).convert("L"))
    k = 72.0 / dpi
    layout = PageLayout(gray.shape[1] * k, gray.shape[0] * k)
    layout.hlines, layout.vlines = find_rules(gray, dpi)
    clean = Image.fromarray(_erase(gray, dpi))
    zoom = 1.0
    if dpi < OCR_DPI * 0.8:
        zoom = OCR_DPI / dpi
        clean = clean.resize(
            (round(clean.width * zoom), round(clean.height * zoom)), Image.Resampling.LANCZOS
        )
    scale = 72.0 / (dpi * zoom)
    for row in _tesseract(clean, exe):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text:
            continue
        x, y, w, h = (int(row[f]) for f in ("left", "top", "width", "height"))
        # A "word" may run across cell borders ("0 0 0" read as "000"): give each character its
        # share of the box so that geometry places it in its own cell.
        step = w / len(text)
        for i, ch in enumerate(text):
            x0 = x + i * step
            box = (x0 * scale, y * scale, (x0 + step) * scale, (y + h) * scale)
            layout.glyphs.append(Glyph(ch, *box, ocr=True))
    return layout


def extract(data: bytes, ctx: Context) -> Extracted:
    """A PNG or JPEG scan of a report page."""
    require_tesseract()
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise UnreadableDocument(f"image of {image.width}x{image.height} pixels is too large to OCR")
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise UnreadableDocument(f"corrupt or unreadable image ({exc})") from exc
    dpi = float((image.info.get("dpi") or (DEFAULT_DPI,))[0]) or DEFAULT_DPI
    if dpi < 50:  # a resolution tag in the wrong unit is worse than none
        dpi = DEFAULT_DPI
    ex = Extracted(ocr=True)
    ex.blocks = layout_blocks([read_page(image, dpi)], label="image")
    ex.warnings.append("read by OCR; values that fail checks are uncertain")
    return ex
