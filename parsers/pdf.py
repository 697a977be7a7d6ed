"""PDF → `Extracted`: tables from the page's ruling lines, text from positioned characters.

pdfplumber (MIT, on pdfminer.six) gives characters, lines and rectangles with coordinates; the grid
itself is built by `parsers.geometry`, shared with OFD and OCR. Pages without a text layer (scans)
are rendered with pypdfium2 — already a pdfplumber dependency, so no second PDF engine or external
program — and read by `parsers.ocr`.
"""

from __future__ import annotations

import io
import logging
from typing import Any

import pdfplumber

from .errors import ConversionUnavailable, UnreadableDocument
from .geometry import Glyph, PageLayout, layout_blocks
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

# A page with fewer visible characters than this and a large image is a scan.
MIN_TEXT_CHARS = 10
MIN_IMAGE_SHARE = 0.3
OCR_DPI = 300
MAX_PAGES = 500


def _page_layout(page: Any) -> PageLayout:
    """Glyphs and strokes of one page, read once (pdfplumber caches per object type)."""
    layout = PageLayout(float(page.width), float(page.height))
    seen: set[tuple[str, int, int]] = set()
    for ch in page.chars:
        text = ch["text"]
        if not text.strip():
            continue
        key = (text, round(ch["x0"]), round(ch["top"]))
        if key in seen:  # fake bold: the same glyph painted twice
            continue
        seen.add(key)
        layout.glyphs.append(Glyph(text, ch["x0"], ch["top"], ch["x1"], ch["bottom"]))
    for ln in page.lines:
        layout.add_segment(ln["x0"], ln["top"], ln["x1"], ln["bottom"])
    for rc in page.rects:
        layout.add_box(rc["x0"], rc["top"], rc["x1"], rc["bottom"], stroked=bool(rc.get("stroke")))
    for cv in page.curves:
        if cv.get("stroke"):
            pts = cv.get("pts") or []
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                layout.add_segment(ax, ay, bx, by)
    return layout


def _is_scan(page: Any, layout: PageLayout) -> bool:
    if len(layout.glyphs) >= MIN_TEXT_CHARS:
        return False
    area = float(page.width * page.height) or 1.0
    covered = sum(abs((im["x1"] - im["x0"]) * (im["bottom"] - im["top"])) for im in page.images)
    return covered / area >= MIN_IMAGE_SHARE


def _open(data: bytes) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for bad bytes
        raise UnreadableDocument(_open_error(exc)) from exc


def _open_error(exc: BaseException) -> str:
    # pdfplumber wraps pdfminer's error (PDFPasswordIncorrect, PDFSyntaxError, …) in its args.
    inner = next((a for a in exc.args if isinstance(a, BaseException)), exc)
    text = f"{type(inner).__name__} {inner}".lower()
    if "password" in text or "encrypt" in text:
        return "PDF is encrypted (password-protected); cannot read it"
    return f"corrupt or unreadable PDF ({type(inner).__name__}: {inner})"


def extract(data: bytes, ctx: Context) -> Extracted:
    """Read every page once; OCR the pages that are images when tesseract is available."""
    ex = Extracted()
    layouts: list[PageLayout] = []
    scans: list[int] = []
    with _open(data) as pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            raise UnreadableDocument(_open_error(exc)) from exc
        if not pages:
            raise UnreadableDocument("PDF has no pages")
        if len(pages) > MAX_PAGES:
            ex.warnings.append(f"PDF has {len(pages)} pages; only the first {MAX_PAGES} were read")
        for i, page in enumerate(pages[:MAX_PAGES]):
            try:
                layout = _page_layout(page)
            except Exception as exc:
                if i == 0:
                    raise UnreadableDocument(_open_error(exc)) from exc
                ex.warnings.append(f"page {i + 1} could not be read ({type(exc).__name__})")
                layout = PageLayout(float(page.width), float(page.height))
            if _is_scan(page, layout):
                scans.append(i)
            layouts.append(layout)
            page.close()  # drop pdfminer's per-page object cache as we go
    if scans:
        _ocr_pages(data, layouts, scans, ex)
    ex.blocks = layout_blocks(layouts)
    return ex


def _ocr_pages(data: bytes, layouts: list[PageLayout], scans: list[int], ex: Extracted) -> None:
    """Replace the layouts of image-only pages by what OCR reads on them."""
    from . import ocr

    try:
        ocr.require_tesseract()
    except ConversionUnavailable:
        if len(scans) == len(layouts):
            raise
        ex.warnings.append(
            f"pages {', '.join(str(i + 1) for i in scans)} are images and OCR is unavailable: "
            + ocr.INSTALL_HINT
        )
        return
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        for i in scans:
            image = doc[i].render(scale=OCR_DPI / 72).to_pil()
            layouts[i] = ocr.read_page(image, OCR_DPI)
    finally:
        doc.close()
    ex.ocr = True
    ex.warnings.append(f"{len(scans)} page(s) read by OCR; values that fail checks are uncertain")
