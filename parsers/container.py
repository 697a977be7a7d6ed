"""ZIP attachments: the report documents packed inside are read, within limits against zip bombs.

Portals attach "附件.zip" holding the report as DOCX and PDF (sometimes also scans or a spreadsheet).
`extract` is the builder for `parse`: it reads every member and returns the blocks of ONE of them —
the member whose tables yield the most canonical values (ties: more table cells, then archive
order) — with a warning naming the member chosen and what the others yielded. `parse_members`
returns a full record for every member, so the archive can store each document on its own; a
member's `source.path` is "<zip path>!<member name>".

Limits, checked against the central directory before anything is inflated: at most MAX_MEMBERS
members, MAX_TOTAL_BYTES uncompressed in all, no member larger than MAX_MEMBER_BYTES or compressed
more than MAX_RATIO to 1, and ZIPs nested at most MAX_DEPTH deep. An archive breaking one is refused
whole. The declared sizes are enough: zipfile never inflates past them (a lying header ends in a
CRC error, reported as an unreadable member). Members are inflated one at a time.

Member names without the UTF-8 flag are decoded as UTF-8 when valid, else GB18030 (Chinese Windows
writes GBK names without saying so; zipfile would show them as CP437 mojibake).
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import UnreadableDocument
from .model import Extracted, Table
from .registry import Context, builder_for
from .sniff import sniff

log = logging.getLogger(__name__)

MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 100  # DOCX/PDF/XLSX are already compressed; text and XML rarely pass 20:1
RATIO_FLOOR = 1024 * 1024  # tiny members may compress very well (a blank sheet XML); only large ones count
MAX_DEPTH = 2  # a ZIP inside a ZIP is read, one level deeper is refused
_UTF8_FLAG = 0x800
_JUNK = ("__MACOSX/", ".DS_Store", "Thumbs.db", "desktop.ini")


@dataclass(slots=True)
class Member:
    """One document inside a ZIP: its record, or why it could not be read."""

    name: str
    record: dict[str, Any] | None = None
    error: str | None = None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's real name, undoing zipfile's CP437 decoding of unflagged GBK/UTF-8 names."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    for enc in ("utf-8", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    return info.filename


def _open(data: bytes, depth: int) -> zipfile.ZipFile:
    if depth > MAX_DEPTH:
        raise UnreadableDocument(f"refused: ZIP nested more than {MAX_DEPTH} levels deep")
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"corrupt ZIP archive: {exc}") from exc


def _members(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """The document members, after checking the declared sizes against the limits."""
    infos = [i for i in zf.infolist() if not i.is_dir()]
    if len(infos) > MAX_MEMBERS:
        raise UnreadableDocument(f"refused: ZIP has {len(infos)} members (limit {MAX_MEMBERS})")
    total = 0
    out = []
    for info in infos:
        name = member_name(info)
        _check_size(name, info.file_size, info.compress_size)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise UnreadableDocument(f"refused: ZIP expands to over {MAX_TOTAL_BYTES} bytes (possible zip bomb)")
        if not any(part in name or name.endswith(part) for part in _JUNK):
            out.append((info, name))
    return out


def _check_size(name: str, size: int, compressed: int) -> None:
    if size > MAX_MEMBER_BYTES:
        raise UnreadableDocument(f"refused: ZIP member {name!r} expands to {size} bytes (limit {MAX_MEMBER_BYTES})")
    if size > RATIO_FLOOR and size > MAX_RATIO * max(compressed, 1):
        raise UnreadableDocument(
            f"refused: ZIP member {name!r} is compressed {size // max(compressed, 1)}:1 "
            f"(limit {MAX_RATIO}:1, possible zip bomb)"
        )


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Inflate one member. zipfile stops at the declared size (a lying header ends in a CRC error),
    so the declared sizes checked in `_members` bound what is inflated."""
    with zf.open(info) as fh:
        return fh.read(info.file_size + 1)


def member_bytes(data: bytes, depth: int) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, bytes or None, error or None) for every document member, one at a time (memory)."""
    with _open(data, depth) as zf:
        for info, name in _members(zf):
            try:
                blob = _read(zf, info)
            except (RuntimeError, zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
                # RuntimeError: encrypted member; the others: a damaged entry.
                yield name, None, f"cannot inflate: {exc}"
            else:
                yield name, blob, None


def _extract_member(blob: bytes, name: str, ctx: Context) -> Extracted:
    kind = sniff(blob)
    builder = builder_for(kind)
    if builder is None:
        raise UnreadableDocument(f"unsupported or unrecognised content ({kind})")
    inner = Context(path=name, url=ctx.url, depth=ctx.depth + 1)
    try:
        return builder(blob, inner)
    except UnreadableDocument:
        raise
    except Exception as exc:  # a builder library choking on corrupt bytes, as in parsers.parse
        raise UnreadableDocument(f"cannot read {kind} content: {type(exc).__name__}: {exc}") from exc


def _table_cells(ex: Extracted) -> int:
    return sum(1 for b in ex.blocks if isinstance(b, Table) for row in b.rows for cell in row if cell.text.strip())


def extract(data: bytes, ctx: Context) -> Extracted:
    """Builder for ZIP archives: the blocks of the member yielding the most values."""
    from .interpret import interpret

    found: list[tuple[tuple[int, int, int], str, Extracted]] = []
    notes: list[str] = []
    for index, (name, blob, error) in enumerate(member_bytes(data, ctx.depth + 1)):
        if blob is None:
            notes.append(f"{name!r} (unreadable: {error})")
            continue
        try:
            ex = _extract_member(blob, name, ctx)
        except UnreadableDocument as exc:
            notes.append(f"{name!r} (unreadable: {exc})")
            continue
        values = len(interpret(ex).get("values", {}))
        found.append(((values, _table_cells(ex), -index), name, ex))
        notes.append(f"{name!r} ({values} values)")
    if not found:
        detail = "; ".join(notes) if notes else "no members"
        raise UnreadableDocument(f"ZIP holds no readable document: {detail}")
    score, name, best = max(found, key=lambda f: f[0])
    others = [n for n in notes if not n.startswith(f"{name!r} (")]
    message = f"ZIP: record read from member {name!r} ({score[0]} values)"
    if others:
        message += "; other members: " + ", ".join(others)
    log.debug("%s: %s", ctx.path or "ZIP", message)
    best.warnings.insert(0, message)
    inner = best.meta.get("zip_member")
    best.meta["zip_member"] = f"{name}!{inner}" if inner else name
    return best


def parse_members(
    data: bytes, *, path: str | None = None, url: str | None = None, depth: int = 0
) -> list[Member]:
    """A record for every document in a ZIP (nested ZIPs count as one document each).

    Raises UnreadableDocument when the archive itself is corrupt or breaks a limit.
    """
    from . import parse

    out = []
    for name, blob, error in member_bytes(data, depth + 1):
        if blob is None:
            out.append(Member(name, error=error))
            continue
        try:
            out.append(Member(name, record=parse(blob, path=f"{path or ''}!{name}", url=url, depth=depth + 1)))
        except UnreadableDocument as exc:
            out.append(Member(name, error=str(exc)))
    return out
