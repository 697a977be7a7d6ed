"""OFD (GB/T 33190, the "全真版" fixed-layout format) → `Extracted`.

An OFD file is a zip of XML: pages hold TextObjects (Unicode text with glyph positions) and
PathObjects (ruling lines). Both are turned into the same glyphs and strokes as a PDF page and read
by `parsers.geometry`, so tables come from the drawn cell borders here too. Units are millimetres
with y growing downwards; everything is converted to points.
"""

from __future__ import annotations

import logging
import posixpath
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from . import limits
from .errors import ConversionUnavailable, LimitExceeded, UnreadableDocument
from .geometry import Glyph, PageLayout, ideographs, layout_blocks
from .model import Extracted
from .registry import Context

log = logging.getLogger(__name__)

MM = 72.0 / 25.4
MAX_PAGES = 500
MIN_TEXT_CHARS = 10  # fewer glyphs than this on a page with pictures: a scan
ASCENT = 0.88  # share of the font size above the baseline (CJK fonts)
_NUM = re.compile(r"-?\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|-?\.\d+")
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, recover=True)

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _local(el: etree._Element) -> str:
    tag = el.tag
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _children(el: etree._Element, name: str) -> Iterator[etree._Element]:
    return (c for c in el.iter() if _local(c) == name)


def _first_text(el: etree._Element, name: str) -> str | None:
    for c in _children(el, name):
        return (c.text or "").strip()
    return None


def _floats(text: str | None) -> list[float]:
    return [float(t) for t in _NUM.findall(text or "")]


def _deltas(text: str | None, need: int) -> list[float]:
    """The first `need` values of a DeltaX/DeltaY list, where "g N v" stands for N times v.

    Only as many as the TextCode has characters: "g 300000000 1" in a 1 KB file would otherwise
    ask for 300 million floats.
    """
    tokens = (text or "").split()
    out: list[float] = []
    i = 0
    while i < len(tokens) and len(out) < need:
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = float(tokens[i + 1])
            if not count >= 0:  # NaN or negative: a damaged list
                break
            if count > limits.OFD_GLYPHS:  # more advances than a whole document may draw
                raise limits.refuse(f"OFD DeltaX repeats an advance {count:.0f} times", "ofd.glyphs", count,
                                    limits.OFD_GLYPHS)
            out += [float(tokens[i + 2])] * int(min(count, need - len(out)))
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


class _Counts:
    """Glyphs and path points drawn so far in one document, refused past the limits."""

    def __init__(self) -> None:
        self.glyphs = 0
        self.points = 0

    def add_glyphs(self, n: int) -> None:
        self.glyphs += n
        if self.glyphs > limits.OFD_GLYPHS:
            raise limits.refuse("OFD draws too many characters", "ofd.glyphs", self.glyphs, limits.OFD_GLYPHS)

    def add_points(self, n: int) -> None:
        self.points += n
        if self.points > limits.OFD_PATH_POINTS:
            raise limits.refuse("OFD draws too many path points", "ofd.path_points", self.points,
                                limits.OFD_PATH_POINTS)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


class _Package:
    """The zip and path resolution relative to the XML file that names a location."""

    def __init__(self, data: bytes) -> None:
        self.zip = limits.open_zip(data, limits.PACKAGE, "OFD")
        self.names = {n.lower(): n for n in self.zip.namelist()}

    def xml(self, path: str) -> etree._Element:
        name = self.names.get(path.lstrip("/").lower())
        if name is None:
            raise UnreadableDocument(f"corrupt OFD: {path} is missing")
        try:
            root = etree.fromstring(limits.read_part(self.zip, self.zip.getinfo(name), limits.PACKAGE, "OFD"), _PARSER)
        except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            raise UnreadableDocument(f"corrupt OFD: {path} ({exc})") from exc
        if root is None:
            raise UnreadableDocument(f"corrupt OFD: {path} is empty")
        return root

    @staticmethod
    def resolve(base: str, loc: str) -> str:
        if loc.startswith("/"):
            return loc.lstrip("/")
        return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def _text_object(
    el: etree._Element, layout: PageLayout, origin: tuple[float, float], ctm: Matrix, counts: _Counts
) -> None:
    size = float(el.get("Size") or 3.5)
    ox, oy = origin
    a, b, c, d, _, _ = ctm
    scale = abs(a * d - b * c) ** 0.5 or 1.0
    height = size * scale
    for code in _children(el, "TextCode"):
        text = code.text or ""
        counts.add_glyphs(len(text))
        x = float(code.get("X") or 0)
        y = float(code.get("Y") or 0)
        dx = _deltas(code.get("DeltaX"), len(text))
        dy = _deltas(code.get("DeltaY"), len(text))
        for i, ch in enumerate(text):
            advance = dx[i] if i < len(dx) else (0.0 if dy else size)
            if ch.strip():
                px, py = _apply(ctm, x, y)
                gx, gy = (ox + px) * MM, (oy + py) * MM
                width = max(advance, 0.3 * size) * scale * MM
                top = gy - ASCENT * height * MM
                layout.glyphs.append(Glyph(ideographs(ch), gx, top, gx + width, top + height * MM))
            x += advance
            y += dy[i] if i < len(dy) else 0.0


def _path_object(
    el: etree._Element, layout: PageLayout, origin: tuple[float, float], ctm: Matrix, counts: _Counts
) -> None:
    stroked = (el.get("Stroke") or "true").lower() != "false"
    filled = (el.get("Fill") or "false").lower() == "true"
    data = _first_text(el, "AbbreviatedData")
    if not data or not (stroked or filled):
        return
    ox, oy = origin
    points: list[tuple[float, float]] = []
    segments: list[tuple[float, float, float, float]] = []
    start = cur = None
    for op, args in _path_ops(data):
        n = _ARITY[op]
        if op == "C":
            if cur is not None and start is not None:
                segments.append((*cur, *start))
            cur = start
            continue
        if len(args) < n:
            break
        px, py = _apply(ctm, args[-2], args[-1])
        pt = ((ox + px) * MM, (oy + py) * MM)
        points.append(pt)
        counts.add_points(1)
        if op in ("M", "S"):
            start = cur = pt
        else:
            if op == "L" and cur is not None:
                segments.append((*cur, *pt))
            cur = pt
    if stroked:
        for x0, y0, x1, y1 in segments:
            layout.add_segment(x0, y0, x1, y1)
    elif points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        layout.add_box(min(xs), min(ys), max(xs), max(ys), stroked=False)


_ARITY = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
_PATH_TOKEN = re.compile(r"[A-Za-z]|" + _NUM.pattern)


def _path_ops(data: str) -> Iterator[tuple[str, list[float]]]:
    """(operator, arguments) of AbbreviatedData, tokens streamed (a path may be megabytes long)."""
    op: str | None = None
    args: list[float] = []
    for m in _PATH_TOKEN.finditer(data):
        token = m.group()
        if token in _ARITY:
            if op is not None:
                yield op, args
            op, args = token, []
        elif token.isalpha():  # an unknown operator ends the one before
            if op is not None:
                yield op, args
            op, args = None, []
        elif op is not None and len(args) < _ARITY[op]:
            args.append(float(token))
    if op is not None:
        yield op, args


def _draw(
    root: etree._Element, layout: PageLayout, images: list[tuple[str, list[float]]], counts: _Counts
) -> None:
    """Glyphs and strokes of a page (or template) into `layout`; its pictures into `images`."""
    for n, el in enumerate(root.iter()):
        if n % 1000 == 0:
            limits.check_time("OFD page")
        kind = _local(el)
        if kind == "ImageObject":
            box = _floats(el.get("Boundary"))
            if len(box) == 4 and el.get("ResourceID"):
                images.append((el.get("ResourceID") or "", box))
            continue
        if kind not in ("TextObject", "PathObject"):
            continue
        box = _floats(el.get("Boundary"))
        origin = (box[0], box[1]) if len(box) >= 2 else (0.0, 0.0)
        m = _floats(el.get("CTM"))
        ctm: Matrix = (m[0], m[1], m[2], m[3], m[4], m[5]) if len(m) == 6 else IDENTITY
        if kind == "TextObject":
            _text_object(el, layout, origin, ctm, counts)
        else:
            _path_object(el, layout, origin, ctm, counts)


def _media(pkg: _Package, doc_path: str, doc: etree._Element) -> dict[str, str]:
    """Resource ID -> zip path of every multimedia file (page images of a scanned OFD)."""
    out: dict[str, str] = {}
    for kind in ("PublicRes", "DocumentRes"):
        for ref in _children(doc, kind):
            res_path = pkg.resolve(doc_path, (ref.text or "").strip())
            if not (ref.text or "").strip() or res_path.lower() not in pkg.names:
                continue
            res = pkg.xml(res_path)
            loc = (res.get("BaseLoc") or "").rstrip("/")
            base = pkg.resolve(res_path, loc + "/x") if loc else res_path  # files live in BaseLoc
            for media in _children(res, "MultiMedia"):
                file = _first_text(media, "MediaFile")
                if media.get("ID") and file:
                    out[media.get("ID") or ""] = pkg.resolve(base, file)
    return out


def _ocr_images(
    pkg: _Package, layout: PageLayout, images: list[tuple[str, list[float]]], media: dict[str, str]
) -> bool:
    """Read the pictures of a page without text by OCR; False when none could be decoded."""
    from PIL import Image

    from . import ocr

    read = False
    for rid, (x, y, w, h) in images:
        name = pkg.names.get(media.get(rid, "").lower())
        if name is None or w <= 0 or h <= 0:
            continue
        limits.check_time("OFD images")
        try:
            image = limits.open_image(limits.read_part(pkg.zip, pkg.zip.getinfo(name), limits.PACKAGE, "OFD"),
                                      f"OFD image {name}")
            image.load()
        except (OSError, ValueError, EOFError, zipfile.BadZipFile, LimitExceeded, Image.DecompressionBombError) as exc:
            # e.g. JBIG2, which Pillow cannot decode, or a picture over the pixel limit
            log.info("OFD image %s not decoded: %s", name, exc)
            continue
        dpi = image.width / (w / 25.4)
        layout.paste(ocr.read_page(image, dpi), x * MM, y * MM)
        read = True
    return read


def extract(data: bytes, ctx: Context) -> Extracted:
    """Read the first document of the OFD package, page by page; pages that are pictures by OCR."""
    pkg = _Package(data)
    ofd_name = pkg.names.get("ofd.xml")
    if ofd_name is None:
        raise UnreadableDocument("corrupt OFD: OFD.xml is missing")
    root_loc = _first_text(pkg.xml(ofd_name), "DocRoot")
    if not root_loc:
        raise UnreadableDocument("corrupt OFD: no DocRoot in OFD.xml")
    doc_path = root_loc.lstrip("/")
    doc = pkg.xml(doc_path)
    default_box = _floats(_first_text(doc, "PhysicalBox"))
    templates = {
        t.get("ID"): pkg.resolve(doc_path, t.get("BaseLoc") or "") for t in _children(doc, "TemplatePage")
    }
    ex = Extracted()
    layouts: list[PageLayout] = []
    scans: list[tuple[PageLayout, list[tuple[str, list[float]]]]] = []
    pages = list(_children(doc, "Page"))
    if not pages:
        raise UnreadableDocument("OFD has no pages")
    counts = _Counts()
    for page in pages[:MAX_PAGES]:
        limits.check_time("OFD pages")
        path = pkg.resolve(doc_path, page.get("BaseLoc") or "")
        content = pkg.xml(path)
        box = _floats(_first_text(content, "PhysicalBox")) or default_box or [0, 0, 210, 297]
        layout = PageLayout(box[2] * MM, box[3] * MM)
        images: list[tuple[str, list[float]]] = []
        for tpl in _children(content, "Template"):
            tpl_path = templates.get(tpl.get("TemplateID"))
            if tpl_path:
                _draw(pkg.xml(tpl_path), layout, images, counts)
        _draw(content, layout, images, counts)
        if len(layout.glyphs) < MIN_TEXT_CHARS and images:
            scans.append((layout, images))
        layouts.append(layout)
    if len(pages) > MAX_PAGES:
        ex.warnings.append(f"OFD has {len(pages)} pages; only the first {MAX_PAGES} were read")
    if scans:
        _ocr_scans(pkg, doc_path, doc, scans, len(layouts), ex)
    ex.blocks = layout_blocks(layouts)
    return ex


def _ocr_scans(
    pkg: _Package,
    doc_path: str,
    doc: etree._Element,
    scans: list[tuple[PageLayout, list[tuple[str, list[float]]]]],
    n_pages: int,
    ex: Extracted,
) -> None:
    from . import ocr

    try:
        ocr.require_tesseract()
    except ConversionUnavailable:
        if len(scans) == n_pages:
            raise
        ex.warnings.append(
            f"{len(scans)} OFD page(s) are pictures and OCR is unavailable: {ocr.INSTALL_HINT}"
        )
        return
    media = _media(pkg, doc_path, doc)
    done = sum(_ocr_images(pkg, layout, images, media) for layout, images in scans)
    if done:
        ex.ocr = True
        ex.warnings.append(f"read by OCR: {done} scanned OFD page(s); values that fail checks are uncertain")
    if done < len(scans):
        ex.warnings.append(
            f"{len(scans) - done} OFD page(s) are pictures in a format that could not be decoded"
        )
