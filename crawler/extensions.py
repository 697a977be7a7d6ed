"""Scrapy extensions: the crawl lock for `scrapy crawl`, a progress line on a terminal, the reactor's stalls.

Settings read: NIANBAO_RUN_LOCK (take the lock; the `nianbao crawl` command holds it already and
turns this off), NIANBAO_PROGRESS (None = only when stderr is a terminal; True/False to force),
NIANBAO_STALL_TRACE (seconds; log the reactor thread's stack when it has been stuck that long; 0 = off).
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from .lock import CrawlLock
from .store import db_path

logger = logging.getLogger(__name__)


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


class ReactorStalls:
    """Measures how long the reactor thread was ever kept from its loop: a heartbeat every TICK seconds, and
    the longest gap between two beats beyond TICK in the stats (`nianbao/reactor/max_stall`, seconds).

    Every download's timeout runs on the reactor: a stall of seconds times out every request in flight.
    With NIANBAO_STALL_TRACE a watchdog thread logs the reactor thread's stack while it is stuck.
    """

    TICK = 0.05

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.trace_after = crawler.settings.getfloat("NIANBAO_STALL_TRACE", 0.0)
        self.loop: task.LoopingCall | None = None
        self.last = 0.0
        self.worst = 0.0
        self.thread_id = 0
        self.done = threading.Event()
        crawler.signals.connect(self.opened, signal=signals.engine_started)
        crawler.signals.connect(self.closed, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ReactorStalls:
        return cls(crawler)

    def opened(self) -> None:
        self.last = time.monotonic()
        self.thread_id = threading.get_ident()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(self.TICK, now=False)
        if self.trace_after > 0:
            threading.Thread(target=self.watch, name="reactor-stall-watch", daemon=True).start()

    def beat(self) -> None:
        now = time.monotonic()
        gap = now - self.last - self.TICK
        self.last = now
        if gap > self.worst:
            self.worst = gap
            assert self.crawler.stats is not None
            self.crawler.stats.set_value("nianbao/reactor/max_stall", round(gap, 3))

    def watch(self) -> None:
        reported = 0.0
        while not self.done.wait(self.trace_after / 2):
            last = self.last
            if time.monotonic() - last > self.trace_after and last != reported:
                reported = last
                frame = sys._current_frames().get(self.thread_id)
                stack = "".join(traceback.format_stack(frame)) if frame else "(no frame)"
                logger.warning("reactor stuck for over %.2f s in:\n%s", self.trace_after, stack)

    def closed(self) -> None:
        self.done.set()
        if self.loop and self.loop.running:
            self.loop.stop()
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("nianbao/reactor/max_stall", round(self.worst, 3))
