"""The archive pipeline: every document goes into the archive (raw bytes, fetch row) and through the parsers.

Settings read:

    NIANBAO_DB                archive file (default data/nianbao.db)
    NIANBAO_ARCHIVE           "module:Class" of the archive (default archive:Archive)
    NIANBAO_PARSE_PROCESSES   worker processes that parse new documents (default: cores - 1, at least 1)
    NIANBAO_PARSE_DEADLINE    seconds one document may take to parse (default 300); an overrun is `unparsed`

Stats written (namespaced): `nianbao/ingest/<outcome>`, `nianbao/fetch/<outcome>`, and at the end
`nianbao/summary`, the run summary that is also stored in the archive's crawl-runs table;
`nianbao/archive_error` when the archive could not be written (the crawl stops; `nianbao crawl` exits 1).
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from archive import ArchiveError
from archive.ingest import DEFAULT_DEADLINE, Pipeline, Source, Workers, default_workers

from .items import DocumentItem, FetchItem, PortalItem
from .store import ArchiveGateway, gateway

logger = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArchivePipeline:
    """Stores fetches and documents, files reports, and writes the run summary at the end.

    Documents go through the one ingest pipeline (archive.ingest): parsed in worker processes with a
    deadline, never on the reactor thread; only the archive's short writes run here. Ingest comes before
    the fetch row: a URL counts as known only once its document is safely archived, so a crawl killed in
    between fetches it again instead of losing it. An archive that cannot be written stops the crawl.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.arc: ArchiveGateway | None = None
        self.pipeline: Pipeline | None = None
        self.workers: Workers | None = None
        self.failed: str | None = None
        self.per_portal: dict[str, Counter[str]] = defaultdict(Counter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        settings = self.crawler.settings
        self.arc = gateway(self.crawler)
        workers = settings.get("NIANBAO_PARSE_PROCESSES")
        self.workers = Workers(max(default_workers() if workers in (None, "") else int(workers), 1),
                               settings.getfloat("NIANBAO_PARSE_DEADLINE", DEFAULT_DEADLINE))
        self.pipeline = Pipeline(self.arc.archive, self.workers)
        portals = list(getattr(self.crawler.spider, "portals", []))
        try:
            for p in portals:
                self.arc.upsert_portal(p.entry_url, name=p.name or None, level=p.level or None,
                                       region=p.region or None, platform=p.platform or None)
            self.arc.run_id = self.arc.start_run([p.entry_url for p in portals])
        except ArchiveError as exc:
            self._stop(exc)

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if self.failed:
            return item
        try:
            await self._process(item)
        except ArchiveError as exc:
            self._stop(exc)
        return item

    async def _process(self, item: Any) -> None:
        assert self.arc is not None
        stats = self.crawler.stats
        assert stats is not None
        if isinstance(item, DocumentItem):
            await self._document(item)
        elif isinstance(item, FetchItem):
            self.arc.record_fetch(url=item.url, outcome=item.outcome, status=item.status, sha256=item.sha256,
                                  error=item.error, run_id=self.arc.run_id, portal=item.portal,
                                  fetched_at=item.fetched_at or now(), adapter=item.adapter)
            stats.inc_value(f"nianbao/fetch/{item.outcome}")
            self.per_portal[item.portal][item.outcome] += 1
        elif isinstance(item, PortalItem):
            self.arc.upsert_portal(item.entry_url, name=item.name, platform=item.platform)

    def _stop(self, exc: ArchiveError) -> None:
        """The archive cannot be written (disk full, read-only, locked): stop the crawl, say so once."""
        if self.failed:
            return
        self.failed = str(exc)
        logger.error("stopping the crawl: %s", exc)
        assert self.crawler.stats is not None and self.crawler.engine is not None
        self.crawler.stats.set_value("nianbao/archive_error", self.failed)
        asyncio.ensure_future(self.crawler.engine.close_spider_async(reason="archive_error"))

    async def _document(self, item: DocumentItem) -> None:
        assert self.arc is not None and self.pipeline is not None and self.crawler.stats is not None
        fetched_at = item.fetched_at or now()
        result = await self.pipeline.ingest_async(item.body, Source(
            url=item.url, content_type=item.media_type, published_at=item.published_at, portal=item.portal,
            fetched_at=fetched_at, hints=item.hints or None, run_id=self.arc.run_id))
        self.arc.record_fetch(url=item.url, outcome="ok", status=item.status, sha256=result.sha256, etag=item.etag,
                              last_modified=item.last_modified, run_id=self.arc.run_id, portal=item.portal,
                              fetched_at=fetched_at)
        self.crawler.stats.inc_value(f"nianbao/ingest/{result.outcome}")
        self.crawler.stats.inc_value("nianbao/fetch/ok")
        self.per_portal[item.portal][result.outcome] += 1
        if result.outcome in ("new_report", "new_document", "new_version"):
            logger.info("%s: %s %s", result.outcome, result.report_id, item.url)
        elif result.outcome == "unparsed":
            logger.warning("unparsed document %s: %s", item.url, result.message)

    def close_spider(self, spider: Spider | None = None) -> None:
        if self.arc is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        spider_obj = self.crawler.spider
        blocked = sorted(getattr(spider_obj, "blocked_portals", {}) or {})
        summary: dict[str, Any] = {
            "portals": len(getattr(spider_obj, "portals", [])),
            "requests": stats.get_value("downloader/request_count", 0),
            "bytes": stats.get_value("downloader/response_bytes", 0),
            "pages": stats.get_value("nianbao/pages", 0),
            "documents": stats.get_value("nianbao/documents", 0),
            "new_reports": stats.get_value("nianbao/ingest/new_report", 0),
            "new_documents": stats.get_value("nianbao/ingest/new_document", 0),
            "new_versions": stats.get_value("nianbao/ingest/new_version", 0),
            "unchanged": stats.get_value("nianbao/ingest/unchanged", 0),
            "not_modified": stats.get_value("nianbao/fetch/not_modified", 0),
            "blocked": len(blocked),
            "errors": stats.get_value("nianbao/fetch/error", 0),
            "blocked_portals": blocked,
            "failed_portals": dict(sorted((getattr(spider_obj, "failed_portals", {}) or {}).items())),
            "per_portal": {p: dict(c) for p, c in sorted(self.per_portal.items())},
            "reactor_max_stall": stats.get_value("nianbao/reactor/max_stall"),  # seconds (extensions.ReactorStalls)
        }
        try:
            if not self.failed and self.arc.run_id is not None:
                # The archive knows who yielded reports before; a portal still listing its (known) reports is not silent.
                listed = getattr(spider_obj, "report_links", {})
                summary["silent_portals"] = [p for p in self.arc.silent_portals(self.arc.run_id)
                                             if p not in blocked and not listed.get(p)]
                self.arc.finish_run(self.arc.run_id, summary)
                self.arc.checkpoint()
        except ArchiveError as exc:
            self.failed = self.failed or str(exc)
            stats.set_value("nianbao/archive_error", self.failed)
            logger.error("the run could not be closed in the archive: %s", exc)
        finally:
            stats.set_value("nianbao/summary", summary)
            self.arc.close()
            if self.workers is not None:
                self.workers.close()
