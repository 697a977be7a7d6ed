"""nianbao parsers: any annual-report document (bytes) in, one canonical record (CONTRACT.md §2) out.

Pure: knows nothing of the web or of the database.

    >>> from parsers import parse
    >>> record = parse(open("report.docx", "rb").read(), path="report.docx")
    >>> record["values"]["requests.total.total"]
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from .errors import (
    ConversionTimeout,
    ConversionUnavailable,
    EnvironmentFailure,
    LimitExceeded,
    TimeBudgetExceeded,
    UnreadableDocument,
)
from .interpret import interpret
from .limits import KIND_BYTES, time_budget
from .registry import Context, builder_for
from .sniff import MEDIA_TYPES, sniff
from .version import VERSION, is_stale

__version__ = VERSION
PARSER_NAME = "nianbao"
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

__all__ = [
    "ConversionTimeout",
    "ConversionUnavailable",
    "EnvironmentFailure",
    "LimitExceeded",
    "TimeBudgetExceeded",
    "UnreadableDocument",
    "is_stale",
    "parse",
    "parse_file",
    "sniff",
    "__version__",
]


def parse(
    data: bytes,
    *,
    path: str | None = None,
    url: str | None = None,
    media_type: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    depth: int = 0,
    budget: float | None = None,
) -> dict[str, Any]:
    """Parse one document into the canonical record, within `budget` seconds (see `parsers.limits`).

    Raises UnreadableDocument when the bytes cannot be read at all (its subclass LimitExceeded when
    they expand past a limit, EnvironmentFailure when this machine could not read them now); the
    error's `document` names the path or URL. A readable document that is not a report still yields
    a record (format "unknown", with a warning).
    """
    try:
        with time_budget(budget):
            return _parse(data, path=path, url=url, media_type=media_type, max_bytes=max_bytes, depth=depth)
    except UnreadableDocument as exc:
        if exc.document is None:
            exc.document = path or url
        raise


def _parse(
    data: bytes, *, path: str | None, url: str | None, media_type: str | None, max_bytes: int, depth: int
) -> dict[str, Any]:
    if not data:
        raise UnreadableDocument("empty file")
    if len(data) > max_bytes:
        raise LimitExceeded(f"file of {len(data)} bytes", limit="file.bytes", value=len(data), maximum=max_bytes)
    kind = sniff(data)
    kind_limit = KIND_BYTES.get(kind)
    if kind_limit is not None and len(data) > kind_limit:
        raise LimitExceeded(f"{kind} file of {len(data)} bytes", limit=f"{kind}.bytes", value=len(data),
                            maximum=kind_limit)
    builder = builder_for(kind)
    if builder is None:
        raise UnreadableDocument(f"unsupported or unrecognised content ({kind})")
    ctx = Context(path=path, url=url, media_type=media_type, depth=depth)
    try:
        extracted = builder(data, ctx)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a builder library choking on corrupt bytes
        raise UnreadableDocument(f"cannot read {kind} content: {type(exc).__name__}: {exc}") from exc
    record = interpret(extracted)
    source = {
        "path": path,
        "url": url,
        "sha256": hashlib.sha256(data).hexdigest(),
        # Containers (OLE) know the precise type only after looking inside.
        "media_type": extracted.meta.get("media_type") or MEDIA_TYPES.get(kind, "application/octet-stream"),
        "size": len(data),
    }
    return {
        "schema": 1,
        "parser": {"name": PARSER_NAME, "version": __version__},
        "source": source,
        **record,
    }


def parse_file(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, url: str | None = None) -> dict[str, Any]:
    """Read and parse a local file; the size limit is checked before reading."""
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(f"cannot open: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise LimitExceeded(f"file of {size} bytes", limit="file.bytes", value=size, maximum=max_bytes,
                            document=str(path))
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"cannot read: {exc.strerror or exc}") from exc
    return parse(data, path=str(path), url=url, max_bytes=max_bytes)
