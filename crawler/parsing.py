"""Parse documents in worker processes, so that downloading and archiving go on while a page is read.

Parsing is CPU-bound Python (about two thirds of a crawl's time): on a machine with more than one
core, a pool of workers keeps the reactor and the archive busy meanwhile. Workers only parse; every
write to the archive stays in the crawl process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any

import parsers


def parse_document(data: bytes, url: str | None, media_type: str | None) -> dict[str, Any] | None:
    """The record of a document, or None when the parsers cannot read it (the archive then records why)."""
    try:
        return parsers.parse(data, url=url, media_type=media_type)
    except Exception:  # noqa: BLE001 - any failure is re-raised with its message by archive.ingest in the crawl process
        return None


def default_workers() -> int:
    """One worker per core beyond the one the crawl itself uses."""
    return max((os.cpu_count() or 1) - 1, 0)


def pool(workers: int) -> ProcessPoolExecutor | None:
    """A pool of `workers` processes (spawned: forking a running reactor is unsafe), or None for inline parsing."""
    if workers <= 0:
        return None
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
