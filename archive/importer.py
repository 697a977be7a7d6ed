"""`nianbao import`: local files and folders into the archive, committed in batches.

A batch is one transaction (a crash loses at most the current batch, never leaves half of it), and every
document is keyed by its SHA-256, so running the same import again finishes an interrupted one.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .store import Archive, IngestResult

log = logging.getLogger(__name__)
BATCH_SECONDS = 2.0
BATCH_FILES = 200


@dataclass
class ImportSummary:
    outcomes: Counter[str] = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)  # one line per file that could not be read or parsed
    unreadable: int = 0

    def line(self) -> str:
        parts = [f"{self.outcomes[k]} {k.replace('_', ' ')}" for k in
                 ("new_report", "new_document", "new_version", "unchanged", "unparsed", "not_report")
                 if self.outcomes[k]]
        if self.unreadable:
            parts.append(f"{self.unreadable} unreadable")
        return f"{sum(self.outcomes.values()) + self.unreadable} files: " + (", ".join(parts) or "nothing")


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and every non-hidden file under folders named, in a stable order."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file()
                              and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        else:
            out.append(p)
    return out


def import_files(arc: Archive, files: list[Path], *, progress: Callable[[Path, IngestResult | None], None]
                 | None = None) -> ImportSummary:
    """Ingest every file; commits about every BATCH_SECONDS (parsing time varies a lot between files)."""
    summary = ImportSummary()
    pending = iter(files)
    done = False
    while not done:
        done = True
        start = time.monotonic()
        with arc.transaction():
            for n, f in enumerate(pending, 1):
                result = _import_one(arc, f, summary)
                if progress:
                    progress(f, result)
                if n >= BATCH_FILES or time.monotonic() - start >= BATCH_SECONDS:
                    done = False
                    break
    return summary


def _import_one(arc: Archive, f: Path, summary: ImportSummary) -> IngestResult | None:
    try:
        data = f.read_bytes()
    except OSError as exc:
        summary.unreadable += 1
        summary.problems.append(f"{f}: cannot read: {exc.strerror or exc}")
        return None
    result = arc.ingest(data, path=str(f))
    summary.outcomes[result.outcome] += 1
    if result.outcome in ("unparsed", "not_report"):
        summary.problems.append(f"{f}: {result.outcome.replace('_', ' ')}: {result.message}")
    return result
