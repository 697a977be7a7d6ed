"""How far untrusted bytes may expand: the one place that says how much is too much.

A 1.5 MB DOCX can inflate to 1.5 GB, a 1 KB OFD can ask for 300 million glyphs, a 3 MB XLSX can
hold a million rows. Every reader of such formats checks here, before it expands anything:

- ZIP packages (DOCX, XLSX, OFD, ODT/ODS, ZIP attachments): the number of parts and the size of the
  central directory are read from the end-of-central-directory record BEFORE `zipfile` parses the
  directory (a directory of millions of entries is itself a bomb); then every part's declared size,
  the sum of them and the compression ratio are checked BEFORE anything is inflated. Headers can
  lie, but Python's `zipfile` never inflates a part past the size the directory declares (a part
  that holds more ends in a CRC error), so the checked sizes bound what python-docx and openpyxl
  inflate, and `read_part` counts the bytes while it streams as well.
- Pixels: rendering and OCR upscaling choose their zoom so the image stays under `MAX_PIXELS`.
- Counts: spreadsheet rows and columns (read the top, warn), OFD glyphs and path points (refuse).
- Time: `time_budget` sets a deadline for one document and loops call `check_time`. The hard
  deadline (a worker killed when it overruns) belongs to the caller's worker pool; the budget lets
  the parser stop itself first with a clear `TimeBudgetExceeded`.

Over a limit the parser raises `LimitExceeded` (see `parsers.errors`), naming the limit.
"""

from __future__ import annotations

import io
import logging
import math
import os
import re
import struct
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from .errors import LimitExceeded, TimeBudgetExceeded, UnreadableDocument

log = logging.getLogger(__name__)

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """What one kind of ZIP may hold once inflated."""

    parts: int  # members in the central directory
    part_bytes: int  # uncompressed size of any one member
    total_bytes: int  # uncompressed size of all members together
    ratio: int  # uncompressed:compressed, for members larger than ratio_floor
    ratio_floor: int = MIB  # small members compress very well (a blank sheet's XML); only large ones count
    directory_bytes_per_part: int = 1024  # central directory size allowed per allowed part (long names)

    @property
    def directory_bytes(self) -> int:
        return self.parts * self.directory_bytes_per_part


# Office and OFD packages: many small XML parts; an XML part is parsed into a tree about ten times
# its size, so a part is kept well under what a 1 GiB worker can parse.
PACKAGE = ZipLimits(parts=10_000, part_bytes=40 * MIB, total_bytes=200 * MIB, ratio=200)
# ZIP attachments: a few documents (DOCX and PDF are already compressed; text rarely passes 20:1).
ARCHIVE = ZipLimits(parts=200, part_bytes=200 * MIB, total_bytes=512 * MIB, ratio=100)
MAX_ZIP_DEPTH = 2  # a ZIP inside a ZIP is read, one level deeper is refused

# Documents parsed whole into a tree or into lines: a report page is under 1 MiB (a few MiB with
# pictures inlined as data: URIs); the general file limit (200 MiB) is for PDFs and packages.
KIND_BYTES = {"html": 50 * MIB, "text": 50 * MIB}
MAX_PIXELS = 40_000_000  # any image rendered or upscaled for OCR: A3 at 300 dpi is 17 million
SHEET_ROWS = 2000  # a report sheet has < 100 rows; a huge sheet is a data dump, its top is read
SHEET_COLS = 60
SHEET_MERGES = 20_000
TABLE_COLS = 200  # columns of one table row, merged cells expanded (Word allows 63)
OFD_GLYPHS = 1_000_000  # characters drawn in one OFD (500 pages of dense text are 1.5 million)
OFD_PATH_POINTS = 2_000_000  # points of ruling-line paths in one OFD
PDF_STREAM_BYTES = 100 * MIB  # one PDF stream inflated (an A3 page scanned at 300 dpi in colour is 52 MB)
INFLATED_BYTES = 512 * MIB  # all streams one document inflates (pdfminer keeps them while it reads)

DEFAULT_TIME_BUDGET = 240.0  # seconds per document; below the ingest pool's hard deadline (300 s), so the parser stops first
TIME_BUDGET_ENV = "NIANBAO_PARSE_BUDGET"

_EOCD = b"PK\x05\x06"
_EOCD64 = b"PK\x06\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def refuse(what: str, limit: str, value: float, maximum: float) -> LimitExceeded:
    """The error for `what` breaking `limit` (raise it)."""
    return LimitExceeded(what, limit=limit, value=value, maximum=maximum)


def directory(data: bytes) -> tuple[int, int] | None:
    """(number of entries, central directory bytes) as the end record declares; None when there is none."""
    start = data.rfind(_EOCD, max(0, len(data) - 22 - 65535))
    if start < 0 or len(data) < start + 22:
        return None
    entries, size = struct.unpack("<HL", data[start + 10 : start + 16])
    if entries == 0xFFFF or size == 0xFFFFFFFF:  # ZIP64: the real numbers are in the ZIP64 end record
        loc = start - 20
        if loc >= 56 and data[loc : loc + 4] == _EOCD64_LOCATOR and data[loc - 56 : loc - 52] == _EOCD64:
            entries, size = struct.unpack("<QQ", data[loc - 24 : loc - 8])
    return entries, size


def check_directory(data: bytes, limits: ZipLimits, what: str) -> None:
    """Refuse a ZIP whose central directory is too large, before `zipfile` reads it."""
    found = directory(data)
    if found is None:
        return  # no end record: zipfile will say the archive is corrupt
    entries, size = found
    if entries > limits.parts:
        raise refuse(f"{what} has {entries} parts", "zip.parts", entries, limits.parts)
    if size > limits.directory_bytes:
        raise refuse(f"{what} has a central directory of {size} bytes", "zip.directory_bytes", size,
                     limits.directory_bytes)


def check_part(name: str, size: int, compressed: int, limits: ZipLimits, what: str) -> None:
    """Refuse one member by its declared sizes."""
    if size > limits.part_bytes:
        raise refuse(f"{what} member {name!r} expands to {size} bytes", "zip.part_bytes", size, limits.part_bytes)
    ratio = size / max(compressed, 1)
    if size > limits.ratio_floor and ratio > limits.ratio:
        raise refuse(f"{what} member {name!r} is compressed {ratio:.0f}:1 (possible zip bomb)", "zip.ratio",
                     round(ratio), limits.ratio)


def check_infos(
    infos: list[zipfile.ZipInfo], limits: ZipLimits, what: str, name: Callable[[zipfile.ZipInfo], str] | None = None
) -> None:
    """Refuse a ZIP by its directory: member count, each member's sizes, the total.

    `name` gives a member's name for the message (ZIP attachments decode GBK names).
    """
    if len(infos) > limits.parts:
        raise refuse(f"{what} has {len(infos)} parts", "zip.parts", len(infos), limits.parts)
    total = 0
    for info in infos:
        check_part(name(info) if name else info.filename, info.file_size, info.compress_size, limits, what)
        total += info.file_size
    if total > limits.total_bytes:
        raise refuse(f"{what} expands to {total} bytes (possible zip bomb)", "zip.total_bytes", total,
                     limits.total_bytes)


def open_zip(data: bytes, limits: ZipLimits, what: str) -> zipfile.ZipFile:
    """A ZipFile over `data` whose directory passed every check; UnreadableDocument when corrupt."""
    check_directory(data, limits, what)
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))  # BytesIO shares the bytes, no copy
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, struct.error) as exc:
        raise UnreadableDocument(f"corrupt {what} (not a readable ZIP package: {exc})") from exc
    try:
        check_infos(zf.infolist(), limits, what)
    except LimitExceeded:
        zf.close()
        raise
    return zf


def check_package(data: bytes, limits: ZipLimits, what: str) -> None:
    """Check a ZIP package before a library (python-docx, openpyxl) opens and inflates it."""
    open_zip(data, limits, what).close()


def read_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: ZipLimits, what: str) -> bytes:
    """Inflate one member, counting while streaming: never more than its declared size or the part limit."""
    cap = min(info.file_size, limits.part_bytes)
    chunks: list[bytes] = []
    got = 0
    with zf.open(info) as fh:
        while chunk := fh.read(MIB):
            got += len(chunk)
            if got > cap:
                raise refuse(f"{what} member {info.filename!r} inflates past {cap} bytes", "zip.part_bytes",
                             got, cap)
            chunks.append(chunk)
    return b"".join(chunks)


def zoom_within(width: float, height: float, zoom: float, what: str) -> float:
    """`zoom` lowered so that a `width` x `height` picture zoomed by it has at most MAX_PIXELS pixels."""
    area = max(width, 1.0) * max(height, 1.0)
    if area * zoom * zoom <= MAX_PIXELS:
        return zoom
    lowered = math.sqrt(MAX_PIXELS / area)
    log.info("%s: zoom %.2f lowered to %.2f (limit of %d pixels)", what, zoom, lowered, MAX_PIXELS)
    return lowered


def check_pixels(width: int, height: int, what: str) -> None:
    """Refuse a picture larger than MAX_PIXELS before it is decoded."""
    if width * height > MAX_PIXELS:
        raise refuse(f"{what} of {width}x{height} pixels", "image.pixels", width * height, MAX_PIXELS)


def open_image(data: bytes, what: str) -> Any:
    """A PIL image opened (header only) and checked against MAX_PIXELS before anything is decoded.

    Pillow's own guard (DecompressionBombError past twice its limit) becomes a LimitExceeded too.
    """
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
        except Image.DecompressionBombError as exc:
            found = re.search(r"\((\d+) pixels\)", str(exc))
            raise refuse(f"{what} too large to decode", "image.pixels", int(found.group(1)) if found else 0,
                         MAX_PIXELS) from exc
    check_pixels(image.width, image.height, what)
    return image


# -- time budget ----------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Scope:
    """One document being parsed: its deadline and what it has inflated so far."""

    deadline: float
    budget: float
    inflated: int = 0


_SCOPE: ContextVar[_Scope | None] = ContextVar("nianbao_parse_scope", default=None)


def default_budget() -> float:
    """Seconds one document may take: NIANBAO_PARSE_BUDGET, else DEFAULT_TIME_BUDGET."""
    raw = os.environ.get(TIME_BUDGET_ENV, "").strip()
    try:
        return float(raw) if raw else DEFAULT_TIME_BUDGET
    except ValueError:
        log.warning("ignoring %s=%r (not a number)", TIME_BUDGET_ENV, raw)
        return DEFAULT_TIME_BUDGET


@contextmanager
def time_budget(seconds: float | None = None) -> Iterator[None]:
    """Parse within `seconds` (default `default_budget()`); a nested budget never extends an outer one."""
    budget = default_budget() if seconds is None else seconds
    deadline = time.monotonic() + budget
    outer = _SCOPE.get()
    if outer is not None and outer.deadline <= deadline:
        yield
        return
    token = _SCOPE.set(_Scope(deadline, budget))
    try:
        yield
    finally:
        _SCOPE.reset(token)


def remaining() -> float | None:
    """Seconds left of the current document's budget (None outside a budget); for subprocess timeouts."""
    current = _SCOPE.get()
    return None if current is None else max(0.0, current.deadline - time.monotonic())


def check_time(where: str) -> None:
    """Raise TimeBudgetExceeded when the current document's budget is spent; call it inside loops."""
    current = _SCOPE.get()
    if current is not None and time.monotonic() > current.deadline:
        raise TimeBudgetExceeded(f"parsing timed out: its time budget is spent ({where})", limit="time.seconds",
                                 value=round(current.budget + time.monotonic() - current.deadline, 1),
                                 maximum=current.budget)


def charge_inflated(size: int, what: str) -> None:
    """Count `size` bytes inflated for the current document; refuse past INFLATED_BYTES."""
    current = _SCOPE.get()
    if current is None:
        return
    current.inflated += size
    if current.inflated > INFLATED_BYTES:
        raise refuse(f"{what} inflate to more than {INFLATED_BYTES} bytes in all", "inflated.bytes",
                     current.inflated, INFLATED_BYTES)


class CappedZlib:
    """Stands in for the `zlib` module inside a library that inflates whole streams (pdfminer):
    `decompress` stops one byte past `cap` and refuses, and every stream counts towards the
    document's INFLATED_BYTES. A 1.5 MB PDF can hold a 1.5 GB content stream."""

    error = zlib.error
    MAX_WBITS = zlib.MAX_WBITS

    def __init__(self, cap: int, what: str) -> None:
        self.cap = cap
        self.what = what

    def decompress(self, data: bytes, wbits: int = zlib.MAX_WBITS, bufsize: int = zlib.DEF_BUF_SIZE) -> bytes:
        inflater = zlib.decompressobj(wbits)
        out = inflater.decompress(data, self.cap + 1)
        if len(out) > self.cap:
            raise refuse(f"{self.what} stream inflates past {self.cap} bytes", "stream.bytes", len(out), self.cap)
        if not inflater.eof:
            raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
        charge_inflated(len(out), f"{self.what} streams")
        return out

    def decompressobj(self, *args: Any, **kwargs: Any) -> Any:
        return _CappedInflater(zlib.decompressobj(*args, **kwargs), self)


class _CappedInflater:
    """A zlib decompressor whose total output is capped like CappedZlib.decompress."""

    def __init__(self, inner: Any, owner: CappedZlib) -> None:
        self.inner = inner
        self.owner = owner
        self.size = 0

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out: bytes = self.inner.decompress(data, max_length)
        self.size += len(out)
        if self.size > self.owner.cap:
            raise refuse(f"{self.owner.what} stream inflates past {self.owner.cap} bytes", "stream.bytes",
                         self.size, self.owner.cap)
        charge_inflated(len(out), f"{self.owner.what} streams")
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)
