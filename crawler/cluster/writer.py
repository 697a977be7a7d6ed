"""`nianbao crawl --redis`: the archive machine — seed the frontier, be the single writer, end the run.

The writer holds the crawl lock of the archive (exit 75 when another crawl holds it), opens a run (or
resumes the active one after a crash: the frontier, the dupefilter and unacknowledged stream entries are
in Redis), publishes what workers need for an incremental crawl, seeds the portals' entry points and then
stores what workers send: it reads the stream in the consumer group `writer`, stores each entry and
acknowledges (XACK, then XDEL) only after the archive committed it. After a restart it first claims the
entries a dead writer read but did not acknowledge (XAUTOCLAIM). Storing is idempotent: documents by
content hash, a fetch row only once per (run, URL, time, outcome), so redelivered entries store nothing
twice. The run ends when no host has queued requests, nothing is in flight and the stream is empty.

Settings read: NIANBAO_CLUSTER_KILL_AFTER (tests: SIGKILL the writer after storing that many entries,
before acknowledging the last).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import os
import signal
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import redis
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.dupefilter import RFPDupeFilter

from archive.ingest import media_type as sniffed_type

from ..lock import CrawlLock
from ..portals import load, portal_for_url
from ..run import CrawlFailed, Summary, _apply_tls_ciphers, settings_for
from ..spiders.nianbao import NianbaoSpider
from ..store import ArchiveGateway, WalkState, db_path
from . import frontier as fk
from .frontier import Frontier, connect
from .scheduler import encode, host_of

logger = logging.getLogger(__name__)

BATCH = 64
WRITER_ONLY = ("NIANBAO_CLUSTER_KILL_AFTER=", "LOG_FILE=")  # -s settings of the writer that workers do not take
MAINTENANCE = 0.5  # seconds between requeueing dead workers' requests and checking for the end


class Writer:
    """Stores stream entries into the archive; one per archive (the crawl lock) and per Redis database."""

    def __init__(self, client: redis.Redis, arc: ArchiveGateway, kill_after: int = 0) -> None:
        self.r = client
        self.arc = arc
        self.consumer = f"writer-{os.getpid()}-{uuid.uuid4().hex[:6]}"
        self.kill_after = kill_after
        self.stored = 0
        self._outcomes: Counter[str] = Counter()
        try:
            client.xgroup_create(fk.STREAM, fk.GROUP, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def claim_pending(self) -> int:
        """Store the entries a previous writer read and did not acknowledge (it was killed)."""
        n, cursor = 0, "0-0"
        while True:
            cursor, entries, *_ = self.r.xautoclaim(fk.STREAM, fk.GROUP, self.consumer, min_idle_time=0,
                                                    start_id=cursor, count=BATCH)
            for entry_id, fields in entries:
                if fields:
                    self.apply(fields)
                self.ack(entry_id, fields)
                n += 1
            if cursor in (b"0-0", "0-0"):
                return n

    def read(self, block_ms: int = 50) -> int:
        """Store the next batch of new entries; how many there were."""
        got = self.r.xreadgroup(fk.GROUP, self.consumer, {fk.STREAM: ">"}, count=BATCH, block=block_ms)
        n = 0
        for _, entries in got or []:
            for entry_id, fields in entries:
                self.apply(fields)
                self.ack(entry_id, fields)
                n += 1
            if entries:  # when the run's first and last entries were handed on (ms; bench/cluster.py)
                self.r.hsetnx(fk.STATS, "stream/first_ms", int(entries[0][0].split(b"-")[0]))
                self.r.hset(fk.STATS, "stream/last_ms", int(entries[-1][0].split(b"-")[0]))
        return n

    def ack(self, entry_id: Any, fields: dict[bytes, Any]) -> None:
        pipe = self.r.pipeline()
        pipe.xack(fk.STREAM, fk.GROUP, entry_id)
        pipe.xdel(fk.STREAM, entry_id)
        for key in self._outcomes:
            pipe.hincrby(fk.OUTCOMES, key, self._outcomes[key])
        pipe.execute()
        self._outcomes.clear()

    def apply(self, fields: dict[bytes, Any]) -> None:
        """Store one entry (a document with its record, a fetch row, a portal's name)."""
        self._outcomes.clear()
        kind = fields[b"kind"].decode()
        meta = json.loads(fields[b"meta"])
        run_id = int(fields[b"run"])
        if kind == "document":
            self._document(meta, fields[b"body"], fields.get(b"record") or b"", run_id)
        elif kind == "fetch":
            self._fetch(meta, run_id)
            self._outcomes[f"fetch/{meta['outcome']}"] += 1
            self._outcomes[f"portal\t{meta['portal']}\t{meta['outcome']}"] += 1
        elif kind == "portal":
            self.arc.upsert_portal(meta["entry_url"], name=meta.get("name"), platform=meta.get("platform"))
        self.stored += 1
        if self.kill_after and self.stored >= self.kill_after:
            logger.warning("NIANBAO_CLUSTER_KILL_AFTER=%d reached: killing the writer before it acknowledges",
                           self.kill_after)
            os.kill(os.getpid(), signal.SIGKILL)

    def _document(self, meta: dict[str, Any], body: bytes, record_json: bytes, run_id: int) -> None:
        fetched_at = meta["fetched_at"]
        common: dict[str, Any] = {"url": meta["url"], "media_type": meta.get("media_type"),
                                  "published_at": meta.get("published_at"), "portal": meta["portal"],
                                  "fetched_at": fetched_at, "hints": meta.get("hints") or None, "run_id": run_id}
        sha = hashlib.sha256(body).hexdigest()
        record = json.loads(record_json) if record_json else None
        if record is not None and not self.arc.has_document(sha):
            header = common.pop("media_type")  # the server's Content-Type; the stored type is sniffed
            result = self.arc.store_record(record, data=body, media_type=sniffed_type(body), content_type=header,
                                           **common)
        else:
            result = self.arc.ingest(body, **common)
        self._fetch({"url": meta["url"], "outcome": "ok", "status": meta.get("status"), "sha256": result.sha256,
                     "etag": meta.get("etag"), "last_modified": meta.get("last_modified"), "portal": meta["portal"],
                     "fetched_at": fetched_at}, run_id)
        self.r.sadd(fk.DOCS, result.sha256)
        self._outcomes[f"ingest/{result.outcome}"] += 1
        self._outcomes["fetch/ok"] += 1
        self._outcomes[f"portal\t{meta['portal']}\t{result.outcome}"] += 1
        if result.outcome in ("new_report", "new_document", "new_version"):
            logger.info("%s: %s %s", result.outcome, result.report_id, meta["url"])
        elif result.outcome == "unparsed":
            logger.warning("unparsed document %s: %s", meta["url"], result.message)

    def _fetch(self, row: dict[str, Any], run_id: int) -> None:
        """A fetch row, once: a redelivered entry carries the same fetch time."""
        seen = self.arc.db.execute("select 1 from fetches where url = ? and fetched_at = ? and outcome = ? and run_id = ?",
                                   [row["url"], row["fetched_at"], row["outcome"], run_id]).fetchone()
        if not seen:
            self.arc.record_fetch(url=row["url"], outcome=row["outcome"], status=row.get("status"),
                                  sha256=row.get("sha256"), etag=row.get("etag"), error=row.get("error"),
                                  last_modified=row.get("last_modified"), run_id=run_id, portal=row["portal"],
                                  fetched_at=row["fetched_at"])
        if row["outcome"] in ("ok", "not_modified"):
            self.r.sadd(fk.KNOWN, row["url"])
        if row["outcome"] == "ok":
            self.r.hset(fk.VALIDATORS, row["url"], json.dumps(
                {"etag": row.get("etag"), "last_modified": row.get("last_modified"), "sha256": row.get("sha256")}))

    def serve_bytes(self) -> None:
        """Answer workers that need the stored bytes of an unchanged page (a 304 whose links they must read)."""
        while True:
            raw = self.r.rpop(fk.BYTES_REQUESTS)
            if raw is None:
                return
            ask = json.loads(raw)
            data = self.arc.document_bytes(ask["sha256"]) or b""
            pipe = self.r.pipeline()
            pipe.lpush(ask["reply"], data)
            pipe.expire(ask["reply"], 120)
            pipe.execute()


def publish_known(client: redis.Redis, arc: ArchiveGateway) -> None:
    """What workers need for an incremental crawl: known URLs, validators of the last ok fetch, known hashes."""
    db = arc.db
    for query, key in (("select distinct url from fetches where outcome in ('ok', 'not_modified')", fk.KNOWN),
                       ("select sha256 from documents", fk.DOCS)):
        batch: list[str] = []
        for (value,) in db.execute(query):
            batch.append(value)
            if len(batch) >= 5000:
                client.sadd(key, *batch)
                batch = []
        if batch:
            client.sadd(key, *batch)
    pipe = client.pipeline(transaction=False)
    for i, (url, etag, last_modified, sha) in enumerate(db.execute(
            "select url, etag, last_modified, sha256 from fetches where outcome = 'ok' order by fetched_at, id")):
        pipe.hset(fk.VALIDATORS, url, json.dumps({"etag": etag, "last_modified": last_modified, "sha256": sha}))
        if i % 5000 == 4999:
            pipe.execute()
    pipe.execute()


def seed(client: redis.Redis, settings: Any, urls: Sequence[str], portals_file: str, full: bool) -> int:
    """Queue the spider's own start requests (the portals' entry points); queued once per run (dupefilter)."""
    crawler = Crawler(NianbaoSpider, settings)
    spider = NianbaoSpider.from_crawler(crawler, urls=list(urls), portals=portals_file, full=full)

    async def starts() -> list[Request]:
        return [r async for r in spider.start() if isinstance(r, Request)]

    dupefilter = RFPDupeFilter(client, key=fk.DUPEFILTER)
    frontier = Frontier(client)
    n = 0
    for request in asyncio.run(starts()):
        if not dupefilter.request_seen(request):
            frontier.push(host_of(request.url), request.priority, encode(request, spider))
            n += 1
    return n


class WalkFile:
    """Listing walks left unfinished, kept in the archive's walk-state file as a one-process crawl keeps them."""

    def __init__(self, db: Path) -> None:
        self.state = WalkState(db.with_name(db.name + "-walks.json"))

    def sync(self, client: redis.Redis, *, end: bool) -> None:
        for column in client.smembers(fk.WALKS_STARTED):
            self.state.start(column.decode())
        if end:
            for column in client.smembers(fk.WALKS_ENDED):
                self.state.finish(column.decode())


def crawl_cluster(urls: Sequence[str], *, redis_url: str, db: str | Path, portals_file: str | None = None,
                  overrides: Sequence[str] = (), full: bool = False, log_file: str | None = None,
                  progress: bool | None = None) -> Summary:
    """Run (or resume) a cluster crawl with this process as the archive's single writer."""
    settings = settings_for(db, overrides, full=full, log_file=log_file, progress=progress)
    if log_file:
        logging.basicConfig(filename=log_file, level=settings.get("LOG_LEVEL"),
                            format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    else:
        logging.basicConfig(level=settings.get("LOG_LEVEL"), format="%(asctime)s [%(name)s] %(levelname)s: %(message)s")
    portals_path = portals_file or settings.get("NIANBAO_PORTALS")
    portals = [portal_for_url(u) for u in urls] if urls else load(portals_path)
    _apply_tls_ciphers(settings, portals)
    try:
        client = connect(redis_url)
    except ConnectionError as exc:
        raise CrawlFailed(str(exc)) from exc
    path = db_path(settings)
    with CrawlLock(path):
        arc = ArchiveGateway(path, settings.get("NIANBAO_ARCHIVE") or "archive:Archive")
        try:
            return _run(client, arc, settings, urls, portals, portals_path, full, overrides)
        finally:
            arc.close()


def _run(client: redis.Redis, arc: ArchiveGateway, settings: Any, urls: Sequence[str], portals: list[Any],
         portals_path: str, full: bool, overrides: Sequence[str]) -> Summary:
    started = time.monotonic()
    writer = Writer(client, arc, settings.getint("NIANBAO_CLUSTER_KILL_AFTER", 0))
    frontier = Frontier(client)
    walks = WalkFile(arc.path)
    claimed = writer.claim_pending()
    run = {k.decode(): v.decode() for k, v in client.hgetall(fk.RUN).items()}
    resumable = (run.get("state") == "active" and run.get("db") == str(arc.path.resolve()) and run.get("id")
                 and arc.db.execute("select 1 from runs where id = ? and finished_at is null",
                                    [int(run["id"])]).fetchone())
    if resumable:
        run_id = int(run["id"])
        logger.warning("resuming cluster run %d (%d unacknowledged entries stored again)", run_id, claimed)
    else:
        while writer.read(block_ms=1):  # entries of an abandoned run: stored under that run, then forgotten
            pass
        frontier.clear_run()
        for p in portals:
            arc.upsert_portal(p.entry_url, name=p.name or None, level=p.level or None, region=p.region or None,
                              platform=p.platform or None)
        run_id = arc.start_run([p.entry_url for p in portals])
        publish_known(client, arc)
        if walks.state.resumed:
            client.sadd(fk.WALKS_RESUMED, *walks.state.resumed)
        client.delete(fk.RUN)
        client.hset(fk.RUN, mapping={
            "id": str(run_id), "state": "active", "db": str(arc.path.resolve()), "full": "1" if full else "0",
            "urls": json.dumps(list(urls)), "portals_csv": "" if urls else Path(portals_path).read_text(encoding="utf-8"),
            "overrides": json.dumps([o for o in overrides if not o.startswith(WRITER_ONLY)]),
            "started": str(time.time())})
    arc.run_id = run_id
    seeded = seed(client, settings, urls, "" if urls else portals_path, full)
    logger.info("cluster run %d: %d entry points queued; waiting for workers", run_id, seeded)
    last_maintenance = 0.0
    last_progress = time.monotonic()
    while True:
        writer.serve_bytes()
        if writer.read():
            last_progress = time.monotonic()
            continue
        if time.monotonic() - last_maintenance < MAINTENANCE:
            continue
        last_maintenance = time.monotonic()
        if frontier.requeue_dead():
            logger.warning("requeued the in-flight requests of a worker that stopped")
        walks.sync(client, end=False)
        queued, in_flight, unstored = frontier.idle()
        if not (queued or in_flight or unstored):
            break
        if time.monotonic() - last_progress > 60:
            alive = sum(1 for _ in client.scan_iter(fk.PREFIX + "worker:*"))
            logger.warning("%d hosts queued, %d requests in flight, %d workers alive", queued, in_flight, alive)
            last_progress = time.monotonic()
    client.hset(fk.RUN, "state", "done")
    walks.sync(client, end=True)
    return _summary(client, arc, run_id, len(portals), time.monotonic() - started)


def _summary(client: redis.Redis, arc: ArchiveGateway, run_id: int, n_portals: int, seconds: float) -> Summary:
    """The run summary from the workers' figures and the writer's outcomes; stored in the runs table."""
    def ints(key: str) -> dict[str, int]:
        return {k.decode(): int(v) for k, v in client.hgetall(key).items()}

    stats, outcomes = ints(fk.STATS), ints(fk.OUTCOMES)
    blocked = sorted(k.decode() for k in client.hkeys(fk.BLOCKED))
    failed = {k.decode(): v.decode() for k, v in sorted(client.hgetall(fk.FAILED).items())}
    links = ints(fk.REPORT_LINKS)
    per_portal: dict[str, dict[str, int]] = {}
    for key, n in outcomes.items():
        if key.startswith("portal\t"):
            _, portal, outcome = key.split("\t")
            per_portal.setdefault(portal, {})[outcome] = n
    summary: dict[str, Any] = {
        "portals": n_portals,
        "requests": stats.get("downloader/request_count", 0),
        "bytes": stats.get("downloader/response_bytes", 0),
        "pages": stats.get("nianbao/pages", 0),
        "documents": stats.get("nianbao/documents", 0),
        "new_reports": outcomes.get("ingest/new_report", 0),
        "new_documents": outcomes.get("ingest/new_document", 0),
        "new_versions": outcomes.get("ingest/new_version", 0),
        "unchanged": outcomes.get("ingest/unchanged", 0),
        "not_modified": outcomes.get("fetch/not_modified", 0),
        "blocked": len(blocked),
        "errors": outcomes.get("fetch/error", 0),
        "blocked_portals": blocked,
        "failed_portals": failed,
        "per_portal": dict(sorted(per_portal.items())),
    }
    summary["silent_portals"] = [p for p in arc.silent_portals(run_id) if p not in blocked and not links.get(p)]
    arc.finish_run(run_id, summary)
    known = set(Summary.__dataclass_fields__)
    return Summary(**{k: v for k, v in summary.items() if k in known}, seconds=seconds)
