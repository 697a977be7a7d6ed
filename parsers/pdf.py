"""PDF → `Extracted`: tables from the page's ruling lines, text from positioned characters.

pdfplumber (MIT, on pdfminer.six) gives characters, lines, rectangles and paths with coordinates;
the grid itself is built by `parsers.geometry` (tables without ruling lines by `parsers.unruled`),
shared with OFD and OCR. A page whose text runs down or up (/Rotate, or a landscape table drawn
turned) is turned back first. Pages without a text layer (scans) are rendered with pypdfium2 —
already a pdfplumber dependency, so no second PDF engine or external program — and read by
`parsers.ocr`.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from typing import Any

import pdfminer.pdftypes
import pdfplumber

from . import limits
from .errors import ConversionUnavailable, LimitExceeded, UnreadableDocument
from .geometry import Glyph, PageLayout, ideographs, layout_blocks
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

# A page with fewer visible characters than this and a large image is a scan.
MIN_TEXT_CHARS = 10
MIN_IMAGE_SHARE = 0.3
MIN_FIGURE_SHARE = 0.08  # a picture inside a text page, large enough to be a table
OCR_DPI = 300
MAX_PAGES = 500

# pdfminer inflates every stream whole with zlib.decompress: give it a zlib that stops at the limit.
pdfminer.pdftypes.zlib = limits.CappedZlib(limits.PDF_STREAM_BYTES, "PDF")  # type: ignore[assignment]


def _turn(ch: dict[str, Any]) -> int:
    """Which way a character is drawn on the page as displayed: 0, 90, 180 or 270 degrees."""
    a, b = ch["matrix"][:2]
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b < 0 else 270


class _Upright:
    """Displayed coordinates (x, y downwards) → the frame in which the text reads left to right.

    A page turned by /Rotate, or a landscape table drawn turned on a portrait page, shows its
    text running down or up; geometry wants rows of text, so the whole page is turned back.
    """

    def __init__(self, turn: int, width: float, height: float) -> None:
        self.turn, self.w, self.h = turn, width, height

    @property
    def size(self) -> tuple[float, float]:
        return (self.h, self.w) if self.turn in (90, 270) else (self.w, self.h)

    def point(self, x: float, y: float) -> tuple[float, float]:
        if self.turn == 90:
            return y, self.w - x
        if self.turn == 180:
            return self.w - x, self.h - y
        if self.turn == 270:
            return self.h - y, x
        return x, y

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        (ax, ay), (bx, by) = self.point(x0, top), self.point(x1, bottom)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def _page_layout(page: Any) -> PageLayout:
    """Glyphs and strokes of one page, read once (pdfplumber caches per object type)."""
    chars = [ch for ch in page.chars if ch["text"].strip()]
    turns = Counter(_turn(ch) for ch in chars)
    up = _Upright(turns.most_common(1)[0][0] if turns else 0, float(page.width), float(page.height))
    layout = PageLayout(*up.size)
    seen: set[tuple[str, int, int]] = set()
    for ch in chars:
        text = ideographs(ch["text"])
        x0, top, x1, bottom = up.box(ch["x0"], ch["top"], ch["x1"], ch["bottom"])
        key = (text, round(x0), round(top))
        if key in seen:  # fake bold: the same glyph painted twice
            continue
        seen.add(key)
        layout.glyphs.append(Glyph(text, x0, top, x1, bottom))
    for ln in page.lines:
        layout.add_segment(*up.point(ln["x0"], ln["top"]), *up.point(ln["x1"], ln["bottom"]))
    for rc in page.rects:
        layout.add_box(*up.box(rc["x0"], rc["top"], rc["x1"], rc["bottom"]), stroked=bool(rc.get("stroke")))
    for cv in page.curves:
        if cv.get("stroke"):
            pts = [up.point(x, y) for x, y in cv.get("pts") or []]
            for (ax, ay), (bx, by) in zip(pts, pts[1:], strict=False):
                layout.add_segment(ax, ay, bx, by)
        elif cv.get("fill"):  # Chromium draws borders as thin filled paths with bevelled ends
            layout.add_box(*up.box(cv["x0"], cv["top"], cv["x1"], cv["bottom"]), stroked=False)
    return layout


Box = tuple[float, float, float, float]


def _to_ocr(page: Any, layout: PageLayout) -> list[Box | None]:
    """What of the page only OCR can read: the whole page (a scan, `None`) or large pictures.

    A picture large enough to hold a table, with hardly any text layer over it, is read by OCR
    and its words and ruling lines join the page's own: reports often paste a table as an image.
    """
    area = float(page.width * page.height) or 1.0
    images = [(im["x0"], im["top"], im["x1"], im["bottom"]) for im in page.images]
    covered = sum(abs((x1 - x0) * (y1 - y0)) for x0, y0, x1, y1 in images)
    if len(layout.glyphs) < MIN_TEXT_CHARS:
        return [None] if covered / area >= MIN_IMAGE_SHARE else []
    if (layout.width, layout.height) != (float(page.width), float(page.height)):
        return []  # a turned page: its pictures are placed in the displayed frame, not the text's
    figures: list[Box | None] = []
    for x0, y0, x1, y1 in images:
        x0, y0, x1, y1 = max(0.0, x0), max(0.0, y0), min(float(page.width), x1), min(float(page.height), y1)
        if (x1 - x0) * (y1 - y0) < MIN_FIGURE_SHARE * area or x1 - x0 < 0.3 * float(page.width):
            continue
        inside = sum(
            1 for g in layout.glyphs if x0 <= (g.x0 + g.x1) / 2 <= x1 and y0 <= (g.top + g.bottom) / 2 <= y1
        )
        if inside < MIN_TEXT_CHARS:
            figures.append((x0, y0, x1, y1))
    return figures


def _open(data: bytes) -> Any:
    try:
        return pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for bad bytes
        _reraise_limit(exc)
        raise UnreadableDocument(_open_error(exc)) from exc


def _reraise_limit(exc: BaseException) -> None:
    """A limit refused inside pdfminer stays a LimitExceeded (pdfplumber wraps errors in its args)."""
    inner = next((a for a in exc.args if isinstance(a, BaseException)), exc)
    if isinstance(inner, LimitExceeded):
        raise inner from exc


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
    scans: list[tuple[int, Box | None]] = []
    with _open(data) as pdf:
        try:
            pages = pdf.pages
        except Exception as exc:
            _reraise_limit(exc)
            raise UnreadableDocument(_open_error(exc)) from exc
        if not pages:
            raise UnreadableDocument("PDF has no pages")
        if len(pages) > MAX_PAGES:
            ex.warnings.append(f"PDF has {len(pages)} pages; only the first {MAX_PAGES} were read")
        for i, page in enumerate(pages[:MAX_PAGES]):
            limits.check_time(f"PDF page {i + 1}")
            try:
                layout = _page_layout(page)
            except Exception as exc:
                _reraise_limit(exc)
                if i == 0:
                    raise UnreadableDocument(_open_error(exc)) from exc
                ex.warnings.append(f"page {i + 1} could not be read ({type(exc).__name__})")
                layout = PageLayout(float(page.width), float(page.height))
            scans += [(i, box) for box in _to_ocr(page, layout)]
            layouts.append(layout)
            page.close()  # drop pdfminer's per-page object cache as we go
    if scans:
        _ocr_pages(data, layouts, scans, ex)
    ex.blocks = layout_blocks(layouts)
    return ex


def _ocr_pages(
    data: bytes, layouts: list[PageLayout], scans: list[tuple[int, Box | None]], ex: Extracted
) -> None:
    """Read scanned pages and pictured tables by OCR, into the pages' layouts."""
    from . import ocr

    try:
        ocr.require_tesseract()
    except ConversionUnavailable:
        if sum(1 for _, box in scans if box is None) == len(layouts):
            raise
        pages = sorted({i + 1 for i, _ in scans})
        ex.warnings.append(
            f"page(s) {', '.join(map(str, pages))} hold images of text and OCR is unavailable: {ocr.INSTALL_HINT}"
        )
        return
    import pypdfium2

    doc = pypdfium2.PdfDocument(data)
    try:
        for i, box in scans:
            limits.check_time(f"OCR of PDF page {i + 1}")
            page = doc[i]
            # A page may be drawn as large as 200 inches square: the zoom keeps the render in bounds.
            width, height = page.get_size()
            z = limits.zoom_within(width, height, OCR_DPI / 72, f"PDF page {i + 1}")
            image = page.render(scale=z).to_pil()
            if box is None:
                layouts[i] = ocr.read_page(image, z * 72)
                continue
            x0, y0, x1, y1 = box
            part = ocr.read_page(
                image.crop((round(x0 * z), round(y0 * z), round(x1 * z), round(y1 * z))), z * 72
            )
            layouts[i].paste(part, x0, y0)
    finally:
        doc.close()
    ex.ocr = True
    whole = sum(1 for _, box in scans if box is None)
    ex.warnings.append(
        f"read by OCR: {whole} scanned page(s), {len(scans) - whole} picture(s); values that fail checks are uncertain"
    )
