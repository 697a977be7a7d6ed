"""The shared frontier in Redis: per-host queues, per-host slots (leases), in-flight requests, the run.

Every state change that must not be seen half-done is one Lua script, so at any moment a request is in
exactly one place: queued (`q:<host>`), in flight (`inflight`, leased by a live worker), or its results
are in the stream (`items`) waiting for the writer. The writer ends a run when all three are empty.

Keys (prefix `nianbao:`):

    run            hash: id, state (active|done), db, portals CSV or URLs, full, overrides
    ready          zset: hosts with queued requests, scored by when they may be fetched next (ms)
    q:<host>       zset: serialized requests of a host (score: -priority, then arrival order)
    lease:<host>   hash: token -> expiry (ms) of the requests now being fetched from the host
    next           hash: host -> earliest time of its next request (delay, Retry-After, backoff)
    inflight       hash: token -> host, score and request (token = "<worker>|<n>")
    worker:<id>    heartbeat key with expiry; a worker whose key expired is dead
    dupefilter     set of request fingerprints (scrapy-redis RFPDupeFilter)
    items          the stream of records and fetch rows; group `writer`
    known, validators, docs, walks:*, stats, blocked, failed, report_links: published/collected run data
"""

from __future__ import annotations

import time
from typing import Any

import redis

PREFIX = "nianbao:"
GROUP = "writer"
SEQ_SPAN = 2**32  # arrival order inside one priority (scores stay exact doubles)

RUN = PREFIX + "run"
READY = PREFIX + "ready"
NEXT = PREFIX + "next"
INFLIGHT = PREFIX + "inflight"
SEQ = PREFIX + "seq"
DUPEFILTER = PREFIX + "dupefilter"
STREAM = PREFIX + "items"
KNOWN = PREFIX + "known"
VALIDATORS = PREFIX + "validators"
DOCS = PREFIX + "docs"
WALKS_STARTED = PREFIX + "walks:started"
WALKS_ENDED = PREFIX + "walks:ended"
WALKS_RESUMED = PREFIX + "walks:resumed"
STATS = PREFIX + "stats"
OUTCOMES = PREFIX + "outcomes"
BLOCKED = PREFIX + "blocked"
FAILED = PREFIX + "failed"
REPORT_LINKS = PREFIX + "report_links"
BYTES_REQUESTS = PREFIX + "bytes:requests"
BYTES_REPLY = PREFIX + "bytes:reply:"

# Keys of one run, cleared when a new run starts (the stream is drained first, never cleared).
RUN_KEYS = (READY, NEXT, INFLIGHT, SEQ, DUPEFILTER, KNOWN, VALIDATORS, DOCS, WALKS_STARTED, WALKS_ENDED,
            WALKS_RESUMED, STATS, OUTCOMES, BLOCKED, FAILED, REPORT_LINKS)
HOST_PATTERNS = (PREFIX + "q:*", PREFIX + "lease:*")

_PUSH = """
local prefix, host, score_base, data, now, old = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]), ARGV[6]
local seq = redis.call('INCR', prefix .. 'seq') % tonumber(ARGV[7])
redis.call('ZADD', prefix .. 'q:' .. host, score_base + seq, data)
if not redis.call('ZSCORE', prefix .. 'ready', host) then
  local nxt = tonumber(redis.call('HGET', prefix .. 'next', host) or '0')
  redis.call('ZADD', prefix .. 'ready', math.max(nxt, now), host)
end
if old ~= '' then redis.call('HDEL', prefix .. 'inflight', old) end
return 1
"""

# Active leases of a host, after dropping expired ones and those of dead workers.
_LIVE_LEASES = """
local function live_leases(prefix, host, now)
  local lk = prefix .. 'lease:' .. host
  local leases = redis.call('HGETALL', lk)
  local active = 0
  for i = 1, #leases, 2 do
    local tok, exp = leases[i], tonumber(leases[i + 1])
    local w = string.match(tok, '^(.*)|')
    if exp < now or redis.call('EXISTS', prefix .. 'worker:' .. w) == 0 then
      redis.call('HDEL', lk, tok)
    else
      active = active + 1
    end
  end
  return active
end
"""

_POP = _LIVE_LEASES + """
local prefix, now, worker, limit, park, ttl, scan = ARGV[1], tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4]),
  tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local ready = prefix .. 'ready'
local hosts = redis.call('ZRANGEBYSCORE', ready, '-inf', now, 'LIMIT', 0, scan)
for _, host in ipairs(hosts) do
  local active = live_leases(prefix, host, now)
  local q = prefix .. 'q:' .. host
  if active >= limit then
    redis.call('ZADD', ready, now + park, host)
  else
    local item = redis.call('ZRANGE', q, 0, 0, 'WITHSCORES')
    if #item == 0 then
      redis.call('ZREM', ready, host)
    else
      redis.call('ZREM', q, item[1])
      local token = worker .. '|' .. redis.call('INCR', prefix .. 'seq')
      redis.call('HSET', prefix .. 'lease:' .. host, token, now + ttl)
      redis.call('HSET', prefix .. 'inflight', token, host .. '\\n' .. item[2] .. '\\n' .. item[1])
      if redis.call('ZCARD', q) == 0 then
        redis.call('ZREM', ready, host)
      elseif active + 1 >= limit then
        redis.call('ZADD', ready, now + park, host)
      end
      return {token, host, item[1]}
    end
  end
end
return false
"""

_ACQUIRE = _LIVE_LEASES + """
local prefix, host, now, worker, limit, ttl = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], tonumber(ARGV[5]),
  tonumber(ARGV[6])
local nxt = tonumber(redis.call('HGET', prefix .. 'next', host) or '0')
if nxt > now then return {0, nxt - now} end
if live_leases(prefix, host, now) >= limit then return {0, 50} end
local token = worker .. '|' .. redis.call('INCR', prefix .. 'seq')
redis.call('HSET', prefix .. 'lease:' .. host, token, now + ttl)
return {1, token}
"""

_RELEASE = """
local prefix, host, token, now, delay = ARGV[1], ARGV[2], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5])
redis.call('HDEL', prefix .. 'lease:' .. host, token)
local nxt = now + delay
local cur = tonumber(redis.call('HGET', prefix .. 'next', host) or '0')
if nxt > cur then redis.call('HSET', prefix .. 'next', host, nxt) else nxt = cur end
if redis.call('ZCARD', prefix .. 'q:' .. host) > 0 then redis.call('ZADD', prefix .. 'ready', nxt, host) end
return 1
"""

_REQUEUE = """
local prefix, token, now = ARGV[1], ARGV[2], tonumber(ARGV[3])
local v = redis.call('HGET', prefix .. 'inflight', token)
if not v then return 0 end
local nl1 = string.find(v, '\\n', 1, true)
local nl2 = string.find(v, '\\n', nl1 + 1, true)
local host, score, data = string.sub(v, 1, nl1 - 1), string.sub(v, nl1 + 1, nl2 - 1), string.sub(v, nl2 + 1)
redis.call('ZADD', prefix .. 'q:' .. host, score, data)
redis.call('HDEL', prefix .. 'lease:' .. host, token)
redis.call('HDEL', prefix .. 'inflight', token)
local nxt = tonumber(redis.call('HGET', prefix .. 'next', host) or '0')
redis.call('ZADD', prefix .. 'ready', math.max(nxt, now), host)
return 1
"""

_IDLE = """
return {redis.call('ZCARD', KEYS[1]), redis.call('HLEN', KEYS[2]), redis.call('XLEN', KEYS[3])}
"""


def connect(url: str) -> redis.Redis:
    """A client for `redis://[:password@]host:port/db` (or rediss://); fails early with a clear message."""
    client = redis.Redis.from_url(url, socket_connect_timeout=10, health_check_interval=30)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise ConnectionError(f"cannot reach Redis at {_safe(url)}: {exc}") from exc
    return client


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    scheme, sep, rest = url.partition("://")
    if "@" in rest:
        rest = "***@" + rest.split("@", 1)[1]
    return scheme + sep + rest


def now_ms() -> int:
    return int(time.time() * 1000)


class Frontier:
    """The Lua operations on the shared frontier; one instance per process."""

    def __init__(self, client: redis.Redis, worker: str = "writer", *, limit: int = 1, lease_ttl: float = 120.0,
                 park: float = 1.0, scan: int = 200) -> None:
        self.r = client
        self.worker = worker
        self.limit = max(1, limit)
        self.lease_ttl_ms = int(lease_ttl * 1000)
        self.park_ms = int(park * 1000)
        self.scan = scan
        self._push = client.register_script(_PUSH)
        self._pop = client.register_script(_POP)
        self._acquire = client.register_script(_ACQUIRE)
        self._release = client.register_script(_RELEASE)
        self._requeue = client.register_script(_REQUEUE)
        self._idle = client.register_script(_IDLE)

    def push(self, host: str, priority: int, data: bytes, *, replaces: str = "") -> None:
        """Queue a serialized request; `replaces` is the in-flight token it supersedes (a retry, a redirect)."""
        self._push(args=[PREFIX, host, -priority * SEQ_SPAN, data, now_ms(), replaces, SEQ_SPAN])

    def pop(self) -> tuple[str, str, bytes] | None:
        """(token, host, request) of a host whose slot is free now, leased to this worker; None if none is."""
        got: Any = self._pop(args=[PREFIX, now_ms(), self.worker, self.limit, self.park_ms, self.lease_ttl_ms,
                                   self.scan])
        if not got:
            return None
        return got[0].decode(), got[1].decode(), got[2]

    def acquire(self, host: str) -> tuple[str | None, float]:
        """A lease on `host` for a request that bypasses the queue (robots.txt): (token, 0) or (None, seconds to wait)."""
        ok, value = self._acquire(args=[PREFIX, host, now_ms(), self.worker, self.limit, self.lease_ttl_ms])
        if ok:
            return value.decode(), 0.0
        return None, max(int(value), 10) / 1000

    def release(self, host: str, token: str, delay: float) -> None:
        """The request's response (or failure) arrived: free the slot, no request to the host for `delay` s."""
        self._release(args=[PREFIX, host, token, now_ms(), int(delay * 1000)])

    def done(self, token: str) -> None:
        """The request and everything it produced (follow-up requests, stream entries) are handed on."""
        self.r.hdel(INFLIGHT, token)

    def queued(self) -> int:
        return int(self.r.zcard(READY))

    def idle(self) -> tuple[int, int, int]:
        """(hosts with queued requests, requests in flight, stream entries not yet stored), read atomically."""
        a, b, c = self._idle(keys=[READY, INFLIGHT, STREAM])
        return int(a), int(b), int(c)

    def requeue_dead(self) -> int:
        """Put the in-flight requests of workers whose heartbeat expired back in the queue."""
        alive: dict[str, bool] = {}
        n = 0
        for token in self.r.hkeys(INFLIGHT):
            tok = token.decode()
            worker = tok.rsplit("|", 1)[0]
            if worker not in alive:
                alive[worker] = bool(self.r.exists(PREFIX + "worker:" + worker))
            if not alive[worker]:
                n += int(self._requeue(args=[PREFIX, tok, now_ms()]))
        return n

    def heartbeat(self, ttl: float) -> None:
        self.r.set(PREFIX + "worker:" + self.worker, str(time.time()), px=int(ttl * 1000))

    def retire(self) -> None:
        """A worker that stops cleanly: its heartbeat goes at once (nothing is in flight any more)."""
        self.r.delete(PREFIX + "worker:" + self.worker)

    def clear_run(self) -> None:
        """Forget the previous run's frontier and collected data (the stream is kept)."""
        self.r.delete(*RUN_KEYS)
        for pattern in HOST_PATTERNS:
            keys = list(self.r.scan_iter(pattern, count=1000))
            for i in range(0, len(keys), 1000):
                self.r.delete(*keys[i:i + 1000])
