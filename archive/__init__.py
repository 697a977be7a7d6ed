"""nianbao archive: the SQLite file (sqlite-utils) that users keep, query in Datasette and cite.

    >>> from archive import Archive
    >>> with Archive("data/nianbao.db") as arc:
    ...     arc.ingest(open("report.pdf", "rb").read(), path="report.pdf")
"""

from __future__ import annotations

from .store import Archive, ArchiveError, IngestResult

__all__ = ["Archive", "ArchiveError", "IngestResult"]
