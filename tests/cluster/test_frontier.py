"""The shared frontier's Lua operations on a real redis-server: host slots, in-flight requests, Retry-After.

Two `Frontier` objects with different names are two workers. No test waits for time to pass: delays are
an hour long (they must hold) or zero (they must not)."""

from __future__ import annotations

import pytest

from crawler.cluster import frontier as fk
from crawler.cluster.frontier import Frontier


@pytest.fixture
def client(redis_server):
    redis_server.client.flushall()
    return redis_server.client


def worker(client, name: str, limit: int = 1) -> Frontier:
    f = Frontier(client, name, limit=limit)
    f.heartbeat(3600)
    return f


def test_one_request_at_a_time_per_host_across_workers(client):
    a, b = worker(client, "a"), worker(client, "b")
    a.push("x.gov.cn", 0, b"x1")
    a.push("x.gov.cn", 0, b"x2")
    a.push("y.gov.cn", 0, b"y1")
    first = a.pop()
    second = b.pop()
    assert first is not None and second is not None and first[1] != second[1]  # the other host, not the busy one
    assert a.pop() is None and b.pop() is None  # both hosts leased, x2 waits
    a.release(first[1], first[0], 0)
    a.done(first[0])
    third = b.pop()
    assert third is not None and third[1:] == (first[1], b"x2" if first[1] == "x.gov.cn" else b"y1")


def test_configured_concurrency_per_host(client):
    a, b = worker(client, "a", limit=2), worker(client, "b", limit=2)
    for i in range(3):
        a.push("x.gov.cn", 0, b"x%d" % i)
    assert a.pop() and b.pop()
    assert a.pop() is None


def test_retry_after_holds_the_host_for_every_worker(client):
    a, b = worker(client, "a"), worker(client, "b")
    a.push("x.gov.cn", 0, b"x1")
    a.push("x.gov.cn", 0, b"x2")
    token, host, _ = a.pop()
    a.release(host, token, 3600)  # a 503 with Retry-After: 3600
    assert b.pop() is None and a.pop() is None
    assert b.acquire(host)[0] is None  # robots.txt waits too
    client.hset(fk.NEXT, host, 0)  # the hour has passed
    a.release(host, token, 0)
    assert b.pop() is not None


def test_a_dead_workers_requests_go_back_to_the_queue(client):
    a, b = worker(client, "a"), worker(client, "b")
    a.push("x.gov.cn", 5, b"x1")
    token, host, data = a.pop()
    assert b.pop() is None and a.idle() == (0, 1, 0)
    assert b.requeue_dead() == 0  # a is alive
    client.delete(fk.PREFIX + "worker:a")  # its heartbeat expired
    assert b.requeue_dead() == 1
    again = b.pop()
    assert again is not None and again[1:] == (host, data)  # the host's lease of the dead worker is gone too


def test_a_retry_replaces_the_in_flight_request_atomically(client):
    a = worker(client, "a")
    a.push("x.gov.cn", 0, b"x1")
    token, host, _ = a.pop()
    a.release(host, token, 0)
    a.push(host, 0, b"x1-retry", replaces=token)
    assert a.idle() == (1, 0, 0)


def test_priority_first_then_arrival_order(client):
    a = worker(client, "a")
    for data, priority in ((b"low1", 0), (b"low2", 0), (b"high", 10), (b"low3", 0)):
        a.push("x.gov.cn", priority, data)
    order = []
    while (got := a.pop()) is not None:
        order.append(got[2])
        a.release(got[1], got[0], 0)
        a.done(got[0])
    assert order == [b"high", b"low1", b"low2", b"low3"]


def test_retry_after_from_a_response_pauses_the_host_for_the_cluster(client):
    """The worker's slot middleware turns a 503's Retry-After into the host's next time, in Redis."""
    import asyncio

    from scrapy import Request
    from scrapy.http import Response
    from scrapy.utils.test import get_crawler

    from crawler.cluster.worker import ClusterSlotMiddleware, WorkerContext

    crawler = get_crawler(settings_dict={"RETRY_HTTP_CODES": [503], "NIANBAO_CLUSTER_DELAY": 0})
    crawler._nianbao_cluster = WorkerContext(client, "a", {"id": "1"}, crawler.settings)
    mw = ClusterSlotMiddleware(crawler)
    other = worker(client, "b")
    other.push("x.gov.cn", 0, b"x1")
    other.push("x.gov.cn", 0, b"x2")
    token, host, _ = other.pop()
    request = Request("http://x.gov.cn/a", meta={"cluster_lease": token, "cluster_host": host})
    response = Response(request.url, status=503, headers={"Retry-After": "120"}, request=request)
    asyncio.run(mw.process_response(request, response))
    assert int(client.hget(fk.NEXT, host)) >= fk.now_ms() + 100_000
    assert other.pop() is None  # no worker asks x.gov.cn for two minutes
