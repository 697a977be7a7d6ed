"""scrapy-redis Scheduler and queue over the shared frontier (per-host queues and slots, in-flight tokens).

scrapy-redis keeps its dupefilter (RFPDupeFilter, one Redis set for the cluster) and its serializer
(pickled request dicts); the queue is replaced so that a pop honours the host's slot and files the request
as in flight in the same atomic step. Requests a downloader middleware re-issues (a retry, a redirect, the
http:// fallback) carry the in-flight token of the request they replace: queueing them ends that token.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy_redis import picklecompat
from scrapy_redis.queue import Base
from scrapy_redis.scheduler import Scheduler

from .frontier import READY, Frontier

TOKEN = "cluster_token"  # in-flight token of a popped request (meta; not nianbao_*: the spider copies those)
LEASE = "cluster_lease"  # the host lease the request holds until its response arrives (meta)
HOST = "cluster_host"
WAITING = "cluster_waiting"  # popped, not yet at the downloader


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def encode(request: Request, spider: Any) -> bytes:
    data: bytes = picklecompat.dumps(request.to_dict(spider=spider))
    return data


class HostQueue(Base):
    """The queue interface of scrapy-redis over `Frontier` (the key argument is unused: keys are fixed)."""

    frontier: Frontier

    def __len__(self) -> int:
        return int(self.server.zcard(READY))

    def push(self, request: Request, replaces: str = "") -> None:
        self.frontier.push(host_of(request.url), request.priority, self._encode_request(request), replaces=replaces)

    def pop(self, timeout: int = 0) -> Request | None:
        got = self.frontier.pop()
        if got is None:
            return None
        token, host, data = got
        request: Request = self._decode_request(data)
        request.meta[TOKEN] = token
        request.meta[LEASE] = token
        request.meta[HOST] = host
        return request

    def clear(self) -> None:
        """Never flush the shared frontier from a worker; the writer clears it when a run starts."""


class ClusterScheduler(Scheduler):
    """The scrapy-redis scheduler with the cluster's queue; persistent (workers come and go mid-run)."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        instance: ClusterScheduler = super().from_crawler(crawler)
        instance.crawler = crawler
        return instance

    def open(self, spider: Any) -> None:
        self.spider = spider
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.queue_key,
                                                 serializer=self.serializer)
        if not self.df:
            self.df = load_object(self.dupefilter_cls).from_spider(spider)
        ctx = self.crawler._nianbao_cluster  # type: ignore[attr-defined]
        self.queue.frontier = ctx.frontier
        self.context = ctx

    def close(self, reason: str) -> None:
        """Keep the frontier and the dupefilter: other workers go on with them."""

    def enqueue_request(self, request: Request) -> bool:
        replaces = request.meta.pop(TOKEN, None) or ""
        if request.meta.get(LEASE):  # replaced before the downloader saw it (e.g. sent over http at once)
            self.context.release(request, 0.0)  # its host's slot is free again
        request.meta.pop(LEASE, None)
        request.meta.pop(HOST, None)
        request.meta.pop(WAITING, None)
        if not request.dont_filter and self.df.request_seen(request):
            self.df.log(request, self.spider)
            if replaces:
                self.context.frontier.done(replaces)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        self.queue.push(request, replaces=replaces)
        return True

    def next_request(self) -> Request | None:
        request: Request | None = self.queue.pop()
        if request is not None:
            self.context.popped(request)
            if self.stats:
                self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def has_pending_requests(self) -> bool:
        return len(self) > 0
