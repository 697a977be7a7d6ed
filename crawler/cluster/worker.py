"""`nianbao worker`: one crawler machine of the cluster — fetch from the shared frontier, parse, hand on.

A worker runs the nianbao spider with the scrapy-redis scheduler over the shared frontier. It never opens
the archive: what the spider and the middlewares ask the archive (known URLs, validators, stored bytes of
an unchanged page, known documents) is answered from what the writer publishes in Redis. Each item goes
into the stream with its raw bytes and, for a new document, the record parsed in the worker's own process
pool; the writer stores it. A popped request stays in flight until everything its callback produced is
queued or in the stream, so a worker killed at any moment loses nothing.

Settings read (besides the crawl's): NIANBAO_CLUSTER_HEARTBEAT (seconds a silent worker counts as alive,
default 30), NIANBAO_CLUSTER_KILL_AFTER (tests: SIGKILL this worker after that many stream entries).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import json
import logging
import os
import signal
import socket
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import redis
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.settings import Settings
from twisted.internet import task

from archive.ingest import DEFAULT_DEADLINE, Workers, default_workers, parse_task

from ..items import DocumentItem, FetchItem, PortalItem
from ..middlewares import BackoffMiddleware
from ..run import settings_for
from ..spiders.nianbao import NianbaoSpider
from . import frontier as fk
from .frontier import Frontier, connect
from .scheduler import HOST, LEASE, TOKEN, WAITING, host_of

logger = logging.getLogger(__name__)

PUBLISHED_STATS = ("downloader/", "nianbao/", "robotstxt/")


class WorkerContext:
    """What the scheduler, middlewares, pipeline and extension of one worker share."""

    def __init__(self, client: redis.Redis, name: str, run: dict[str, str], settings: Settings) -> None:
        self.r = client
        self.name = name
        self.run = run
        self.run_id = run["id"]
        timeout = settings.getfloat("DOWNLOAD_TIMEOUT", 60)
        self.frontier = Frontier(client, name, limit=settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 1),
                                 lease_ttl=2 * timeout + 60)
        self.heartbeat = settings.getfloat("NIANBAO_CLUSTER_HEARTBEAT", 30.0)
        self.delay = settings.getfloat("NIANBAO_CLUSTER_DELAY", 0.0)
        self.waiting: Counter[str] = Counter()  # popped requests per host not yet at the downloader
        self.blocked: set[str] = set()  # portals a worker found blocked in this run
        self.view = RedisArchiveView(client)
        self.walks = RedisWalkState(client)

    def popped(self, request: Request) -> None:
        """The scheduler handed out a leased request; until it reaches the downloader, robots.txt of its host
        may go under its lease."""
        request.meta[WAITING] = True
        self.waiting[request.meta[HOST]] += 1

    def arrived(self, request: Request) -> None:
        if request.meta.pop(WAITING, False):
            self.waiting[request.meta[HOST]] -= 1

    def release(self, request: Request, delay: float) -> None:
        self.arrived(request)
        token = request.meta.pop(LEASE, None)
        if token:
            self.frontier.release(request.meta[HOST], token, delay)


class RedisArchiveView:
    """The part of the archive a crawl reads, answered from what the writer publishes (read-only)."""

    BYTES_TIMEOUT = 30.0

    def __init__(self, client: redis.Redis) -> None:
        self.r = client
        self.run_id: int | None = None
        self._bytes: dict[str, bytes] = {}

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        wanted = list(dict.fromkeys(urls))
        if not wanted:
            return set()
        flags = self.r.smismember(fk.KNOWN, wanted)
        return {u for u, f in zip(wanted, flags, strict=True) if f}

    def validators(self, url: str) -> dict[str, Any] | None:
        raw = self.r.hget(fk.VALIDATORS, url)
        return json.loads(raw) if raw else None

    def has_document(self, sha256: str) -> bool:
        return bool(self.r.sismember(fk.DOCS, sha256))

    async def prefetch(self, sha256: str) -> None:
        """Ask the writer for stored bytes without blocking the reactor (answered between its batches)."""
        if sha256 in self._bytes:
            return
        reply = fk.BYTES_REPLY + uuid.uuid4().hex
        self.r.lpush(fk.BYTES_REQUESTS, json.dumps({"sha256": sha256, "reply": reply}))
        deadline = time.monotonic() + self.BYTES_TIMEOUT
        while time.monotonic() < deadline:
            got = self.r.lpop(reply)
            if got is not None:
                if got:
                    self._bytes[sha256] = bytes(got)
                return
            await asyncio.sleep(0.02)
        logger.warning("the writer did not send stored bytes of %s; the page is fetched again", sha256)

    def document_bytes(self, sha256: str) -> bytes | None:
        return self._bytes.pop(sha256, None)

    def close(self) -> None:
        """Nothing to close: the writer owns the archive."""


class RedisWalkState:
    """Listing walks: which columns were left unfinished (published by the writer), which start here.

    A column's walk ends on whichever worker reads its last page; the writer closes walks at the end of the
    run from the columns workers report as walked to the end, so `finish` has nothing to do here.
    """

    def __init__(self, client: redis.Redis) -> None:
        self.r = client
        self.resumed = frozenset(m.decode() for m in client.smembers(fk.WALKS_RESUMED))
        self._started: set[str] = set()

    def was_unfinished(self, column: str) -> bool:
        return column in self.resumed

    def start(self, column: str) -> None:
        if column not in self._started:
            self._started.add(column)
            self.r.sadd(fk.WALKS_STARTED, column)

    def finish(self, column: str) -> None:
        """See the class docstring."""


def context(crawler: Crawler) -> WorkerContext:
    ctx: WorkerContext | None = getattr(crawler, "_nianbao_cluster", None)
    if ctx is None:
        raise NotConfigured("not a cluster worker")
    return ctx


class ClusterSlotMiddleware:
    """The host's slot in Redis: released when the response (or failure) arrives, with the delay before the
    host's next request — DOWNLOAD_DELAY, or Retry-After/backoff on a retryable status, for every worker.

    Requests of a portal another worker found blocked are dropped, as ChallengeMiddleware drops its own.
    Requests that bypass the scheduler (robots.txt) take a lease here, waiting with the reactor free;
    a robots.txt asked for by a request that already holds its host's lease goes under that lease.
    Sits next to the downloader (order 990), so it sees the response before retries and redirects.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.ctx = context(crawler)
        self.crawler = crawler
        try:
            self.backoff: BackoffMiddleware | None = BackoffMiddleware(crawler)
        except NotConfigured:
            self.backoff = None
        self.codes = {int(x) for x in crawler.settings.getlist("RETRY_HTTP_CODES")}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterSlotMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if request.meta.get("nianbao_portal") in self.ctx.blocked and not request.url.endswith("/robots.txt"):
            raise IgnoreRequest("portal blocked earlier in this run (seen by another worker)")
        if request.meta.get(LEASE):
            self.ctx.arrived(request)
            return
        host = host_of(request.url)
        if self.ctx.waiting[host] > 0:
            return  # robots.txt of a request that holds the host's lease and waits for it
        while True:
            token, wait = self.ctx.frontier.acquire(host)
            if token:
                request.meta[LEASE] = token
                request.meta[HOST] = host
                return
            await asyncio.sleep(min(wait, 1.0))

    async def process_response(self, request: Request, response: Response,
                               spider: Spider | None = None) -> Response:
        delay = self.ctx.delay
        if self.backoff and response.status in self.codes and not request.meta.get("dont_retry"):
            delay = max(delay, self.backoff.delay(request, response))
        self.ctx.release(request, delay)
        sha = (request.meta.get("nianbao_validators") or {}).get("sha256")
        if response.status == 304 and request.meta.get("nianbao_need_body") and sha:
            await self.ctx.view.prefetch(sha)  # for ConditionalRequestMiddleware: the page's stored bytes
        return response

    def process_exception(self, request: Request, exception: BaseException, spider: Spider | None = None) -> None:
        self.ctx.release(request, self.ctx.delay)


class ChildRequestMiddleware:
    """Requests a callback yields are new work: they never inherit the in-flight token of their parent."""

    @staticmethod
    def _clean(out: Any) -> Any:
        if isinstance(out, Request):
            for key in (TOKEN, LEASE, HOST, WAITING):
                out.meta.pop(key, None)
        return out

    def process_spider_output(self, response: Response, result: Iterable[Any],
                              spider: Spider | None = None) -> Iterable[Any]:
        return (self._clean(out) for out in result)

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any],
                                          spider: Spider | None = None) -> AsyncIterator[Any]:
        async for out in result:
            yield self._clean(out)


class StreamPipeline:
    """Items to the writer through the stream: a new document with its record parsed here, bytes always."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ctx = context(crawler)
        processes = crawler.settings.get("NIANBAO_PARSE_PROCESSES")
        self.workers = Workers(default_workers() if processes in (None, "") else int(processes),
                               deadline=crawler.settings.getfloat("NIANBAO_PARSE_DEADLINE", DEFAULT_DEADLINE))
        if self.workers.pool is not None:
            self.workers.pool.schedule(default_workers)  # start the parse process (and import the parsers) now
        self.kill_after = crawler.settings.getint("NIANBAO_CLUSTER_KILL_AFTER", 0)
        self.sent = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StreamPipeline:
        return cls(crawler)

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        fields: dict[str, Any] = {"run": self.ctx.run_id}
        if isinstance(item, DocumentItem):
            meta = {f.name: getattr(item, f.name) for f in dataclasses.fields(item) if f.name != "body"}
            record = None
            sha = hashlib.sha256(item.body).hexdigest()
            if not self.ctx.view.has_document(sha):  # parsed here, never by the single writer
                future = self.workers.submit(parse_task, self.workers.parse, item.body, item.url, None, item.media_type)
                with contextlib.suppress(Exception):  # a dead or overrunning worker: outcome() says so
                    await asyncio.wrap_future(future)
                record = self.workers.outcome(future).record  # None: the writer ingests and records why
            fields.update(kind="document", meta=json.dumps(meta, ensure_ascii=False), body=item.body,
                          record=json.dumps(record, ensure_ascii=False, default=str) if record is not None else "")
        elif isinstance(item, FetchItem | PortalItem):
            fields.update(kind="fetch" if isinstance(item, FetchItem) else "portal",
                          meta=json.dumps(dataclasses.asdict(item), ensure_ascii=False))
        else:
            return item
        self.ctx.r.xadd(fk.STREAM, fields)
        self.sent += 1
        if self.kill_after and self.sent >= self.kill_after:
            logger.warning("NIANBAO_CLUSTER_KILL_AFTER=%d reached: killing this worker", self.kill_after)
            os.kill(os.getpid(), signal.SIGKILL)
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        self.workers.close()


class ClusterWorker:
    """Heartbeat, polling the frontier, ending in-flight tokens, publishing run figures, staying open while
    the run is active."""

    POLL = 0.05  # seconds between asking the frontier for work when the engine has room
    PUBLISH = 1.0

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.ctx = context(crawler)
        self.loop: task.LoopingCall | None = None
        self.last_publish = 0.0
        self.published: dict[str, int] = {}
        self.published_links: Counter[str] = Counter()
        self.published_ended: set[str] = set()
        self.finished = False
        crawler.signals.connect(self.opened, signal=signals.spider_opened)
        crawler.signals.connect(self.idle, signal=signals.spider_idle)
        crawler.signals.connect(self.closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterWorker:
        return cls(crawler)

    def opened(self, spider: Spider) -> None:
        self.ctx.frontier.heartbeat(self.ctx.heartbeat)
        self._track_completion()
        self.loop = task.LoopingCall(self.tick)
        self.loop.start(self.POLL, now=False)

    def _track_completion(self) -> None:
        """A popped request is done once the scraper has handled everything its callback or errback produced
        (follow-ups queued, items through the pipeline): then its in-flight token ends and its lease, if a
        middleware dropped the request before the download, is released."""
        scraper = self.crawler.engine.scraper  # type: ignore[union-attr]
        scrape = scraper._scrape
        ctx = self.ctx

        async def scrape_and_settle(result: Any, request: Request) -> None:
            try:
                await scrape(result, request)
            finally:
                ctx.release(request, ctx.delay)
                if request.meta.get(TOKEN):
                    ctx.frontier.done(request.meta.pop(TOKEN))

        scraper._scrape = scrape_and_settle

    def tick(self) -> None:
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()  # scrapy-redis is polled, not notified: ask for work now
        if time.monotonic() - self.last_publish >= self.PUBLISH:
            self.last_publish = time.monotonic()
            self.ctx.frontier.heartbeat(self.ctx.heartbeat)
            self.publish()
            state = self.ctx.r.hmget(fk.RUN, ["id", "state"])
            if state[0] is None or state[0].decode() != self.ctx.run_id or state[1] != b"active":
                self.finished = True

    def publish(self) -> None:
        """Add this worker's new figures to the run's (the writer's summary)."""
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        spider = self.crawler.spider
        pipe = self.ctx.r.pipeline(transaction=False)
        for key, value in stats.items():
            if key.startswith(PUBLISHED_STATS) and isinstance(value, int) and not isinstance(value, bool):
                delta = value - self.published.get(key, 0)
                if delta:
                    pipe.hincrby(fk.STATS, key, delta)
                    self.published[key] = value
        for portal, reason in (getattr(spider, "blocked_portals", {}) or {}).items():
            pipe.hsetnx(fk.BLOCKED, portal, reason)
        for portal, reason in (getattr(spider, "failed_portals", {}) or {}).items():
            pipe.hsetnx(fk.FAILED, portal, reason)
        links: Counter[str] = getattr(spider, "report_links", Counter())
        for portal, n in links.items():
            if n != self.published_links[portal]:
                pipe.hincrby(fk.REPORT_LINKS, portal, n - self.published_links[portal])
                self.published_links[portal] = n
        ended = set(getattr(spider, "walk_ended", set())) - self.published_ended
        if ended:
            pipe.sadd(fk.WALKS_ENDED, *ended)
            self.published_ended |= ended
        pipe.hkeys(fk.BLOCKED)
        self.ctx.blocked = {k.decode() for k in pipe.execute()[-1]}

    def idle(self, spider: Spider) -> None:
        if not self.finished:
            raise DontCloseSpider

    def closed(self, spider: Spider, reason: str) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.publish()
        if reason == "finished":
            self.ctx.frontier.retire()


class ClusterSpider(NianbaoSpider):
    """The nianbao spider on a worker: its seeds come from the writer, through the frontier."""

    async def start(self) -> AsyncIterator[Any]:
        for _ in ():
            yield _


def worker_settings(redis_url: str, run: dict[str, str], overrides: tuple[str, ...], log_file: str | None,
                    ) -> Settings:
    """The run's settings (the writer's -s overrides, then the worker's own), then the cluster's seams."""
    run_overrides = tuple(json.loads(run.get("overrides") or "[]"))
    settings = settings_for("data/cluster-worker.db", run_overrides + overrides, full=run.get("full") == "1",
                            log_file=log_file, progress=False)
    delay = settings.getfloat("DOWNLOAD_DELAY", 0.0)
    dmw = dict(settings.getdict("DOWNLOADER_MIDDLEWARES"))
    dmw.update({"crawler.middlewares.BackoffMiddleware": None, "crawler.cluster.worker.ClusterSlotMiddleware": 990})
    smw = dict(settings.getdict("SPIDER_MIDDLEWARES"))
    smw["crawler.cluster.worker.ChildRequestMiddleware"] = 10
    ext = dict(settings.getdict("EXTENSIONS"))
    ext.update({"crawler.extensions.RunLock": None, "crawler.extensions.Progress": None,
                "crawler.cluster.worker.ClusterWorker": 100})
    for name, value in {
        "NIANBAO_CLUSTER_DELAY": delay, "DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False,
        "REDIS_URL": redis_url, "SCHEDULER": "crawler.cluster.scheduler.ClusterScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.cluster.scheduler.HostQueue", "SCHEDULER_QUEUE_KEY": fk.PREFIX + "q",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter", "SCHEDULER_DUPEFILTER_KEY": fk.DUPEFILTER,
        "SCHEDULER_PERSIST": True, "ITEM_PIPELINES": {"crawler.cluster.worker.StreamPipeline": 300},
        "DOWNLOADER_MIDDLEWARES": dmw, "SPIDER_MIDDLEWARES": smw, "EXTENSIONS": ext,
    }.items():
        settings.set(name, value, priority="cmdline")
    return settings


def wait_for_run(client: redis.Redis, poll: float = 0.5) -> dict[str, str]:
    """The active run, once the writer has started one."""
    announced = False
    while True:
        run = {k.decode(): v.decode() for k, v in client.hgetall(fk.RUN).items()}
        if run.get("state") == "active":
            return run
        if not announced:
            logger.warning("waiting for a run (start `nianbao crawl --redis ...` on the archive machine)")
            announced = True
        time.sleep(poll)


def run_worker(redis_url: str, overrides: tuple[str, ...] = (), log_file: str | None = None,
               name: str | None = None) -> str:
    """Take part in the next active run until it ends; the run id."""
    client = connect(redis_url)
    run = wait_for_run(client)
    name = name or f"{socket.gethostname()}-{os.getpid()}"
    settings = worker_settings(redis_url, run, overrides, log_file)
    with tempfile.TemporaryDirectory(prefix="nianbao-worker-") as tmp:
        urls = json.loads(run.get("urls") or "[]")
        portals = ""
        if not urls:
            portals = str(Path(tmp) / "portals.csv")
            Path(portals).write_text(run.get("portals_csv", ""), encoding="utf-8")
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(ClusterSpider)
        ctx = WorkerContext(client, name, run, settings)
        crawler._nianbao_cluster = ctx  # type: ignore[attr-defined]
        crawler._nianbao_gateway = ctx.view  # type: ignore[attr-defined]  # seam: crawler.store.gateway
        crawler._nianbao_walks = ctx.walks  # type: ignore[attr-defined]  # seam: crawler.store.walk_state
        process.crawl(crawler, urls=urls, portals=portals, full=run.get("full") == "1")
        process.start()
    return run["id"]
