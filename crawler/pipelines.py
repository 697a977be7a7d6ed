"""The archive pipeline: every document goes into the archive (raw bytes, fetch row) and through the parsers.

Settings read:

    NIANBAO_DB                archive file (default data/nianbao.db)
    NIANBAO_ARCHIVE           "module:Class" of the archive (default archive:Archive)
    NIANBAO_PARSE_PROCESSES   worker processes that parse new documents (default: cores - 1; 0 = inline)

Stats written (namespaced): `nianbao/ingest/<outcome>`, `nianbao/fetch/<outcome>`, and at the end
`nianbao/summary`, the run summary that is also stored in the archive's crawl-runs table.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections import Counter, defaultdict
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from .items import DocumentItem, FetchItem, PortalItem
from .parsing import default_workers, parse_document, pool
from .store import ArchiveGateway, gateway

logger = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class ArchivePipeline:
    """Stores fetches and documents, files reports, and writes the run summary at the end.

    Ingest comes before the fetch row: a URL counts as known only once its document is safely
    archived, so a crawl killed in between fetches it again instead of losing it. New documents are
    parsed in worker processes and filed with `Archive.store_record`; known bytes and unreadable
    ones go through `Archive.ingest`, which skips the first and records why for the second.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.arc: ArchiveGateway | None = None
        self.per_portal: dict[str, Counter[str]] = defaultdict(Counter)
        workers = crawler.settings.get("NIANBAO_PARSE_PROCESSES")
        self.pool = pool(default_workers() if workers in (None, "") else int(workers))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        self.arc = gateway(self.crawler)
        portals = list(getattr(self.crawler.spider, "portals", []))
        for p in portals:
            self.arc.upsert_portal(p.entry_url, name=p.name or None, level=p.level or None,
                                   region=p.region or None, platform=p.platform or None)
        self.arc.run_id = self.arc.start_run([p.entry_url for p in portals])

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
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
        return item

    async def _document(self, item: DocumentItem) -> None:
        assert self.arc is not None and self.crawler.stats is not None
        fetched_at = item.fetched_at or now()
        common: dict[str, Any] = {"url": item.url, "media_type": item.media_type, "published_at": item.published_at,
                                  "portal": item.portal, "fetched_at": fetched_at, "hints": item.hints or None}
        record = None
        if self.pool is not None and not self.arc.has_document(hashlib.sha256(item.body).hexdigest()):
            future = self.pool.submit(parse_document, item.body, item.url, item.media_type)
            record = await asyncio.wrap_future(future)
        if record is not None:
            result = self.arc.store_record(record, data=item.body, **common)
        else:
            result = self.arc.ingest(item.body, **common)
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
        }
        try:
            # The archive knows who yielded reports before; a portal still listing its (known) reports is not silent.
            listed = getattr(spider_obj, "report_links", {})
            summary["silent_portals"] = [p for p in self.arc.silent_portals(self.arc.run_id)
                                         if p not in blocked and not listed.get(p)]
            self.arc.finish_run(self.arc.run_id, summary)
        finally:
            stats.set_value("nianbao/summary", summary)
            self.arc.close()
            if self.pool is not None:
                self.pool.shutdown(cancel_futures=True)
