"""The parser's version: its release number plus a fingerprint of its code, so it changes with the code.

`nianbao reparse` re-parses documents whose parser version is older than the installed one. A
hand-bumped number went unchanged through 70 parser commits, so the version now carries a build
part computed from the parser's own files: "0.2.0+gkpbjdmeah". Any change to `parsers/` (code,
label tables, data files) gives a new build; `RELEASE` still marks releases by hand.

The fingerprint is written in the letters a–p (hex digits shifted, as Chrome extension ids are),
never in digits: a tool that compares versions by their numbers alone ("0.2.0+…" → 0, 2, 0) sees
the release, not random digits of a hash. `is_stale` is the full comparison.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

RELEASE = "0.2.0"
HERE = Path(__file__).resolve().parent
_LETTERS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")


def fingerprint(folder: Path = HERE) -> str:
    """Ten letters from the SHA-256 of every file of the parser package (paths and contents)."""
    digest = hashlib.sha256()
    try:
        files = sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        for p in files:
            digest.update(p.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(p.read_bytes().replace(b"\r\n", b"\n") + b"\0")
    except OSError:  # installed somewhere unreadable (a zip import): the release alone
        return ""
    return digest.hexdigest()[:10].translate(_LETTERS)


def _version() -> str:
    build = fingerprint()
    return f"{RELEASE}+{build}" if build else RELEASE


VERSION = _version()


def release_tuple(version: str | None) -> tuple[int, ...]:
    """'0.10.1+abc' -> (0, 10, 1): the release part compared as numbers."""
    return tuple(int(x) for x in re.findall(r"\d+", (version or "").split("+", 1)[0]))


def is_stale(stored: str | None, installed: str | None = None) -> bool:
    """True when a record made by parser version `stored` should be parsed again by `installed`.

    Older releases are stale; so is another build of the same release (the code changed since).
    A newer release than the installed one is not (a downgrade must not rewrite newer parses).
    """
    current = VERSION if installed is None else installed
    if stored == current:
        return False
    old, new = release_tuple(stored), release_tuple(current)
    if old != new:
        return old < new
    return stored != current
