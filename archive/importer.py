"""`nianbao import`: local files and folders into the archive, through the one ingest pipeline.

Each document commits on its own once parsed (a parse never runs inside a write transaction), and every
document is keyed by its SHA-256, so running the same import again finishes an interrupted one. The archive
keeps a file's name, never the importer's local path (an archive is made to be published); where the file
came from is given with `--url`/`--published`, or for many files by a manifest CSV (path,url,published).
"""

from __future__ import annotations

import csv
import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import Pipeline, Source, Steps, Workers
from .store import Archive, IngestResult

log = logging.getLogger(__name__)
MANIFEST_COLUMNS = ("path", "url", "published")


class ManifestError(ValueError):
    """A manifest that cannot be used; the message names the file and line."""


@dataclass(frozen=True)
class ImportFile:
    """A local file and where it was published (both optional)."""

    path: Path
    url: str | None = None
    published: str | None = None


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


def read_manifest(manifest: Path) -> list[ImportFile]:
    """Rows of `path,url,published` (a header row; paths relative to the manifest's folder; url and
    published may be empty). UTF-8, with or without a BOM (as spreadsheets save it)."""
    try:
        text = manifest.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError(f"{manifest}: cannot read the manifest: {exc}") from exc
    rows = csv.DictReader(text.splitlines())
    missing = [c for c in ("path",) if c not in (rows.fieldnames or [])]
    if missing:
        raise ManifestError(f"{manifest}: the first row must name the columns {','.join(MANIFEST_COLUMNS)}")
    out = []
    for n, row in enumerate(rows, 2):
        name = (row.get("path") or "").strip()
        if not name:
            raise ManifestError(f"{manifest}, line {n}: no path")
        path = Path(name) if Path(name).is_absolute() else manifest.parent / name
        out.append(ImportFile(path, (row.get("url") or "").strip() or None,
                              (row.get("published") or "").strip() or None))
    return out


def import_files(arc: Archive, files: Iterable[ImportFile | Path], *, workers: Workers | None = None,
                 progress: Callable[[Path, IngestResult | None], None] | None = None) -> ImportSummary:
    """Ingest every file, parsing in `workers` (inline when None); stops at the first archive write error."""
    summary = ImportSummary()
    pipeline = Pipeline(arc, workers)

    def job(f: ImportFile) -> tuple[ImportFile, Callable[[], Steps]]:
        def steps() -> Steps:
            data = f.path.read_bytes()
            return pipeline.steps(data, Source(path=f.path.name, url=f.url, published_at=f.published))
        return f, steps

    wanted = [f if isinstance(f, ImportFile) else ImportFile(f) for f in files]
    for f, result, error in pipeline.many(job(f) for f in wanted):
        if result is None:
            summary.unreadable += 1
            why = error.strerror if isinstance(error, OSError) and error.strerror else error
            summary.problems.append(f"{f.path}: cannot read: {why}")
        else:
            summary.outcomes[result.outcome] += 1
            if result.outcome in ("unparsed", "not_report"):
                summary.problems.append(f"{f.path}: {result.outcome.replace('_', ' ')}: {result.message}")
        if progress:
            progress(f.path, result)
    return summary
