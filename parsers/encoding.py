"""Decode text and HTML bytes: BOM, then the declared charset, then UTF-8, then detection.

Many portals are GBK/GB2312 (decoded as GB18030, its superset), some declare one charset and send
another. Bytes that are valid UTF-8 are read as UTF-8 whatever they declare (Chinese GBK text is
practically never valid UTF-8, while GB18030 accepts almost any bytes); otherwise the declaration is
used when the bytes decode cleanly under it.
"""

from __future__ import annotations

import codecs
import re

from bs4.dammit import EncodingDetector
from charset_normalizer import from_bytes

_BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")]
_CHINESE = {"gbk", "gb2312", "gb_2312", "gb-2312", "gb18030", "cp936", "x-gbk", "euc-cn", "hz-gb-2312"}


def _canonical(name: str) -> str:
    n = name.strip().lower()
    if n in _CHINESE:
        return "gb18030"
    try:
        return codecs.lookup(n).name
    except LookupError:
        return "utf-8"


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares (<meta charset>, http-equiv, or an XML declaration).

    BeautifulSoup's EncodingDetector reads declarations the way browsers do, in the first KB.
    """
    found = EncodingDetector.find_declared_encoding(data[:4096], is_html=True)
    return _canonical(found) if found else None


def header_charset(media_type: str | None) -> str | None:
    """The charset parameter of a Content-Type value ("text/html; charset=GBK" -> "GBK")."""
    m = re.search(r"charset=[\"']?([\w-]+)", media_type or "", re.I)
    return m.group(1) if m else None


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used). `declared` is an HTTP header charset, if any."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(enc, errors="replace"), enc
    tried: list[str] = []
    for candidate in ("utf-8", declared and _canonical(declared), declared_charset(data)):
        if not candidate or candidate in tried:
            continue
        tried.append(candidate)
        try:
            return data.decode(candidate), candidate
        except UnicodeDecodeError:
            continue
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    guess = _canonical(best.encoding) if best else "gb18030"
    return data.decode(guess, errors="replace"), guess
