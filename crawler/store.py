"""The crawler's handles on what persists between runs: the archive and the listing-walk state.

`ArchiveGateway` is the one `archive.Archive` a crawl uses, shared by the pipeline and the downloader
middlewares (conditional requests). `WalkState` remembers listing walks that did not finish (a killed
crawl), so the next run walks those columns to the end instead of stopping at the first known page.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

DEFAULT_ARCHIVE = "archive:Archive"


def _load(spec: str) -> Any:
    module, _, name = spec.partition(":")
    return getattr(importlib.import_module(module), name)


def db_path(settings: Any) -> Path:
    return Path(settings.get("NIANBAO_DB") or "data/nianbao.db")


def gateway(crawler: Crawler) -> ArchiveGateway:
    """The crawl's archive, opened on first use and closed by the pipeline at the end of the run."""
    gw = getattr(crawler, "_nianbao_gateway", None)
    if gw is None:
        gw = ArchiveGateway(db_path(crawler.settings), crawler.settings.get("NIANBAO_ARCHIVE") or DEFAULT_ARCHIVE)
        crawler._nianbao_gateway = gw  # type: ignore[attr-defined]
    return gw


class ArchiveGateway:
    """A thin wrapper: opens the archive class named by NIANBAO_ARCHIVE and remembers the run id."""

    def __init__(self, path: Path, spec: str = DEFAULT_ARCHIVE) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.archive = _load(spec)(path)
        self.run_id: int | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.archive, name)

    def document_bytes(self, sha256: str) -> bytes | None:
        """Stored bytes of a document: a page that answered 304 is re-read from the archive, not re-downloaded."""
        data: bytes | None = self.archive.document_bytes(sha256)
        return data

    def close(self) -> None:
        self.archive.close()


class WalkState:
    """Columns whose listing walk started and has not reached its end (JSON file beside the database)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._open: set[str] = set()
        if path.exists():
            try:
                self._open = set(json.loads(path.read_text(encoding="utf-8")).get("unfinished_walks", []))
            except (ValueError, OSError) as exc:
                logger.warning("ignoring unreadable crawl state %s: %s", path, exc)
        self.resumed = frozenset(self._open)

    def was_unfinished(self, column: str) -> bool:
        return column in self.resumed

    def start(self, column: str) -> None:
        if column not in self._open:
            self._open.add(column)
            self._save()

    def finish(self, column: str) -> None:
        if column in self._open:
            self._open.discard(column)
            self._save()

    def _save(self) -> None:
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"unfinished_walks": sorted(self._open)}, ensure_ascii=False), encoding="utf-8")
        os.replace(tmp, self.path)


def walk_state(crawler: Crawler) -> WalkState:
    st = getattr(crawler, "_nianbao_walks", None)
    if st is None:
        path = db_path(crawler.settings)
        st = WalkState(path.with_name(path.name + "-walks.json"))
        crawler._nianbao_walks = st  # type: ignore[attr-defined]
    return st
