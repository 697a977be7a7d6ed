"""Tell a document's kind from its bytes, never from its file name."""

from __future__ import annotations

import codecs
import io
import zipfile

from .errors import LimitExceeded
from .limits import PACKAGE, check_directory

# Kinds a grid builder may be registered for (see parsers.registry).
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html",
    "text": "text/plain",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "pdf": "application/pdf",
    "ole": "application/x-ole-storage",
    "doc": "application/msword",
    "wps": "application/vnd.ms-works",
    "xls": "application/vnd.ms-excel",
    "ofd": "application/ofd",
    "zip": "application/zip",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "rtf": "application/rtf",
    "unknown": "application/octet-stream",
}

_MAGIC: list[tuple[bytes, str]] = [
    (b"%PDF-", "pdf"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"{\\rtf", "rtf"),
]

_HTML_MARKERS = (b"<html", b"<!doctype html", b"<body", b"<div", b"<table", b"<p", b"<meta", b"<head", b"<span")


def sniff(data: bytes) -> str:
    """Return the document kind of `data` (a key of MEDIA_TYPES)."""
    head = data[:2048]
    stripped = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    for magic, kind in _MAGIC:
        if stripped.startswith(magic) or head.startswith(magic):
            return kind
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):  # UTF-16 with a BOM: HTML or text
        sample = head.decode("utf-16", errors="ignore").lower()
        return "html" if any(m.decode() in sample for m in _HTML_MARKERS) else "text"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    low = stripped[:1024].lower()
    if any(m in low for m in _HTML_MARKERS):
        return "html"
    if _looks_like_text(head):
        return "text"
    return "unknown"


def _zip_kind(data: bytes) -> str:
    """The kind of a ZIP package from its member names; nothing is inflated but 100 bytes of `mimetype`."""
    try:
        check_directory(data, PACKAGE, "ZIP")  # a directory of millions of entries is itself a bomb
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
            if "word/document.xml" in names:
                return "docx"
            if "xl/workbook.xml" in names:
                return "xlsx"
            if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
                return "ofd"
            if "mimetype" in names:
                with zf.open("mimetype") as fh:
                    mt = fh.read(100)
                if b"opendocument.text" in mt:
                    return "odt"
                if b"opendocument.spreadsheet" in mt:
                    return "ods"
            return "zip"
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, RuntimeError, LimitExceeded):
        # A truncated OOXML file still starts like one; let its builder report what is wrong (or
        # refuse it: builders check the same limits).
        if b"word/" in data[:4096]:
            return "docx"
        if b"xl/" in data[:4096]:
            return "xlsx"
        return "zip"


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for enc in ("utf-8", "gb18030"):
        try:
            # Incremental: a multi-byte character cut at the sample's end is not an error.
            text = codecs.getincrementaldecoder(enc)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\r\n\f")
        return controls <= len(text) // 50
    return False
