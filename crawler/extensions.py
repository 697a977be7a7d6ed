"""Scrapy extensions: the crawl lock for `scrapy crawl`, and a progress line on a terminal.

Settings read: NIANBAO_RUN_LOCK (take the lock; the `nianbao crawl` command holds it already and
turns this off), NIANBAO_PROGRESS (None = only when stderr is a terminal; True/False to force).
"""

from __future__ import annotations

import sys
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from .lock import CrawlLock
from .store import db_path


class RunLock:
    """Holds the crawl lock for the whole run (raises CrawlLocked while the crawler is built)."""

    def __init__(self, crawler: Crawler) -> None:
        if not crawler.settings.getbool("NIANBAO_RUN_LOCK", True):
            raise NotConfigured
        self.lock = CrawlLock(db_path(crawler.settings))
        self.lock.acquire()
        crawler.signals.connect(self.lock.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLock:
        return cls(crawler)


class Progress:
    """One self-overwriting status line on stderr: portals, pages, documents, new reports, blocked."""

    INTERVAL = 1.0

    def __init__(self, crawler: Crawler) -> None:
        wanted = crawler.settings.get("NIANBAO_PROGRESS")
        enabled = sys.stderr.isatty() if wanted in (None, "") else crawler.settings.getbool("NIANBAO_PROGRESS")
        if not enabled:
            raise NotConfigured
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        return cls(crawler)

    def opened(self, spider: Any) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(self.INTERVAL, now=False)

    def show(self) -> None:
        st = self.crawler.stats
        assert st is not None
        spider = self.crawler.spider
        n = len(getattr(spider, "portals", []))
        sys.stderr.write(
            f"\r{n} portals | {st.get_value('nianbao/pages', 0)} pages | "
            f"{st.get_value('nianbao/documents', 0)} documents | "
            f"{st.get_value('nianbao/ingest/new_report', 0)} new reports | "
            f"{st.get_value('nianbao/ingest/new_version', 0)} new versions | "
            f"{len(getattr(spider, 'blocked_portals', {}))} blocked | "
            f"{st.get_value('nianbao/fetch/error', 0)} errors \x1b[K")
        sys.stderr.flush()

    def closed(self, spider: Any) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
            self.show()
            sys.stderr.write("\n")
