"""ZIP attachments: the report documents packed inside are read, within limits against zip bombs.

Portals attach "附件.zip" holding the report as DOCX and PDF (sometimes also scans or a spreadsheet).
`extract` is the builder for `parse`: it reads every member and returns the blocks of ONE of them —
the member whose tables yield the most canonical values (ties: more table cells, then archive
order) — with a warning naming the member chosen and what the others yielded. `parse_members`
returns a full record for every member, so the archive can store each document on its own; a
member's `source.path` is "<zip path>!<member name>".

Limits (`parsers.limits.ARCHIVE`), checked against the central directory before anything is
inflated: the number of members, each member's size and compression ratio, the total, and ZIPs
nested at most `MAX_ZIP_DEPTH` deep. An archive breaking one is refused whole. Members are inflated
one at a time, never past their declared size (`limits.read_part`).

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

from . import limits
from .errors import UnreadableDocument
from .limits import MAX_ZIP_DEPTH
from .model import Extracted, Table
from .registry import Context, builder_for
from .sniff import sniff

log = logging.getLogger(__name__)

LIMITS = limits.ARCHIVE
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
    if depth > MAX_ZIP_DEPTH:
        raise limits.refuse(f"ZIP nested more than {MAX_ZIP_DEPTH} levels deep", "zip.depth", depth - 1,
                            MAX_ZIP_DEPTH)
    limits.check_directory(data, LIMITS, "ZIP")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnreadableDocument(f"corrupt ZIP archive: {exc}") from exc
    try:
        limits.check_infos([i for i in zf.infolist() if not i.is_dir()], LIMITS, "ZIP", name=member_name)
    except UnreadableDocument:
        zf.close()
        raise
    return zf


def _members(zf: zipfile.ZipFile) -> list[tuple[zipfile.ZipInfo, str]]:
    """The document members (not folders, not the junk of macOS and Windows)."""
    out = []
    for info in zf.infolist():
        name = member_name(info)
        if not info.is_dir() and not any(part in name or name.endswith(part) for part in _JUNK):
            out.append((info, name))
    return out


def member_bytes(data: bytes, depth: int) -> Iterator[tuple[str, bytes | None, str | None]]:
    """(name, bytes or None, error or None) for every document member, one at a time (memory)."""
    with _open(data, depth) as zf:
        for info, name in _members(zf):
            limits.check_time(f"ZIP member {name}")
            try:
                blob = limits.read_part(zf, info, LIMITS, "ZIP")
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
