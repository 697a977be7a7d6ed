"""Crawl on several machines: workers share one frontier in Redis, one writer fills the SQLite archive.

    nianbao crawl --redis redis://10.0.0.5:6379/0 --db data/nianbao.db   # the archive machine (the writer)
    nianbao worker --redis redis://10.0.0.5:6379/0                        # each crawler machine

Built on scrapy-redis (its Scheduler, dupefilter and queue interface) on a real redis-server. What this
package adds to scrapy-redis, and why:

- `frontier.Frontier`: per-host request queues plus a per-host slot (leases with expiry, `next` time for
  the download delay and for Retry-After/backoff). A worker only pops a request whose host is free, so
  politeness holds across the cluster: at most CONCURRENT_REQUESTS_PER_DOMAIN requests per host at once
  (1 by default) and DOWNLOAD_DELAY between them, whichever worker sends them. The pop also files the
  request under the worker's in-flight entries (one Lua script, atomic), so a worker killed with SIGKILL
  loses nothing: once its heartbeat key expires, its in-flight requests go back to the queue.
- `worker`: the worker process (the nianbao spider with the scrapy-redis scheduler, an item pipeline that
  parses in the worker's own process pool and hands records and raw bytes to the writer through a Redis
  stream, read-only views of what the archive knows).
- `writer`: `nianbao crawl --redis`: seeds the frontier, publishes what workers need for incremental
  crawling (known URLs, validators, known document hashes), reads the stream in a consumer group
  (XREADGROUP, XACK, XAUTOCLAIM after a restart), stores idempotently, and ends the run when the frontier
  is empty and nothing is in flight or unacknowledged.

Seams with the one-process crawler (everything else is untouched and shared):
- `crawler.store.gateway(crawler)` / `walk_state(crawler)` read `crawler._nianbao_gateway` and
  `crawler._nianbao_walks`; a worker presets them with Redis-backed views (`known_urls`, `validators`,
  `document_bytes`, `has_document`; `was_unfinished`, `start`, `finish`).
- The spider's constructor (`urls`, `portals`, `full`), its `start()` seeds, and the attributes the archive
  pipeline reads at the end (`blocked_portals`, `failed_portals`, `report_links`, `walk_ended`).
- Item classes `crawler.items` and `crawler.parsing.parse_document`/`pool` (parsing in a worker pool).
- The archive's store API: `ingest`, `store_record`, `record_fetch`, `upsert_portal`, `start_run`,
  `finish_run`, `silent_portals`, `has_document`, `document_bytes`, and its `fetches`/`documents` tables
  (bulk reads of what to publish).
- Settings overrides only: SCHEDULER, DUPEFILTER_CLASS, ITEM_PIPELINES, DOWNLOADER_MIDDLEWARES, EXTENSIONS.
"""
