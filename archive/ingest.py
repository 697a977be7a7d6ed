"""One ingest pipeline for `crawl`, `import` and `reparse`: sniff, split containers, parse, store.

The archive (store.py) stores records and bytes and never parses. Here a document is sniffed; a ZIP is kept
as it came and every document inside it is ingested on its own; whatever needs a parse goes to a worker
process with a deadline; the outcome is filed in one short write transaction — a parse never runs inside
one. A worker that dies or overruns is replaced, the document is recorded `unparsed` with the reason as an
environment failure (tried again when it is seen again and by `nianbao reparse --unparsed`), and the run
goes on.

The steps of one document are a generator that yields futures (a parse, a ZIP split) and receives their
outcomes, so a blocking caller (`import`, `reparse`) and the crawl's event loop drive the very same steps.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import multiprocessing
import os
from collections.abc import Callable, Generator, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from typing import Any, TypeVar

import pebble

import parsers
from parsers.container import member_bytes
from parsers.sniff import MEDIA_TYPES

from .store import Archive, IngestResult, now

log = logging.getLogger(__name__)

DEFAULT_DEADLINE = 300.0  # seconds of one parse (a scanned PDF through OCR is the slow honest case)
OCTET = "application/octet-stream"
_OUTCOME_RANK = ("new_report", "new_version", "new_document", "unchanged", "not_report", "unparsed")
K = TypeVar("K")


@dataclass
class Source:
    """Where a document came from; every field is optional."""

    url: str | None = None
    path: str | None = None  # a file name (import) or `name!member` inside a ZIP, never a local absolute path
    content_type: str | None = None  # the server's Content-Type header as sent (a charset hint, stored apart)
    published_at: str | None = None
    portal: str | None = None
    fetched_at: str | None = None
    hints: dict[str, Any] | None = None
    run_id: int | None = None


@dataclass
class Outcome:
    """What a worker sends back: a record, the members of a ZIP, or why there is neither."""

    record: dict[str, Any] | None = None
    members: list[tuple[str, bytes | None, str | None]] | None = None
    error: str = ""
    environment: bool = False  # the machine failed (converter missing, timeout, worker died), not the document


def media_type(data: bytes) -> str:
    """The sniffed media type of `data` (never the server's header)."""
    return MEDIA_TYPES.get(parsers.sniff(data), OCTET)


def environmental(exc: BaseException) -> bool:
    """A failure of the machine, not of the document: a converter missing, a conversion that timed out,
    the parse's time budget spent (parsers.EnvironmentFailure; never the document's fate)."""
    return isinstance(exc, parsers.EnvironmentFailure)


def parse_task(parse: Callable[..., dict[str, Any]], data: bytes, url: str | None, path: str | None,
               content_type: str | None) -> Outcome:
    """Parse in a worker: never raises, so the pool only sees deaths and overruns."""
    try:
        return Outcome(record=parse(data, path=path, url=url, media_type=content_type))
    except parsers.UnreadableDocument as exc:
        return Outcome(error=str(exc), environment=environmental(exc))
    except Exception as exc:  # noqa: BLE001 - a parser bug is this document's outcome, not the run's end
        log.warning("parser failed on %s: %s: %s", path or url, type(exc).__name__, exc,
                    exc_info=log.isEnabledFor(logging.DEBUG))
        return Outcome(error=f"parser error: {type(exc).__name__}: {exc}")


def split_task(data: bytes) -> Outcome:
    """The documents inside a ZIP, inflated in a worker (the package limits of parsers.container apply)."""
    try:
        return Outcome(members=list(member_bytes(data, 1)))
    except parsers.UnreadableDocument as exc:
        return Outcome(error=str(exc), environment=environmental(exc))


def default_workers() -> int:
    """One worker per core beyond the one the calling process uses, and at least one."""
    return max((os.cpu_count() or 1) - 1, 1)


class Workers:
    """Worker processes (pebble) that run each task under a deadline and replace a worker that dies or
    overruns. `processes=0` runs tasks in the calling thread (no deadline): for library use and debugging."""

    def __init__(self, processes: int = 0, deadline: float = DEFAULT_DEADLINE) -> None:
        self.deadline = deadline
        self.processes = processes
        self.parse: Callable[..., dict[str, Any]] = parsers.parse  # sent by reference to the workers
        self.pool = self._start() if processes > 0 else None

    def _start(self) -> pebble.ProcessPool:
        # spawned, not forked: the crawl's process runs an event loop and threads
        return pebble.ProcessPool(max_workers=self.processes, context=multiprocessing.get_context("spawn"))

    def submit(self, fn: Callable[..., Outcome], *args: Any) -> Future[Outcome]:
        if self.pool is None:
            future: Future[Outcome] = Future()
            future.set_result(fn(*args))
            return future
        return self.pool.schedule(fn, args=args, timeout=self.deadline)

    def outcome(self, future: Future[Outcome]) -> Outcome:
        """The task's outcome; a worker that overran or died becomes an environment failure."""
        try:
            return future.result()
        except TimeoutError:
            return Outcome(error=f"parse overran its deadline of {self.deadline:g} s (worker stopped)",
                           environment=True)
        except pebble.ProcessExpired as exc:
            return Outcome(error=f"parse worker died (exit code {exc.exitcode})", environment=True)
        except BrokenProcessPool as exc:  # workers that die as they start: a new pool for the next document
            if self.pool is not None:
                log.error("parse workers cannot start (%s); starting new ones", exc)
                self.pool.stop()
                self.pool = self._start()
            return Outcome(error=f"parse workers failed: {exc}", environment=True)
        except Exception as exc:  # noqa: BLE001 - e.g. a record that cannot be sent back
            return Outcome(error=f"parse worker failed: {type(exc).__name__}: {exc}", environment=True)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.stop()
            self.pool.join()
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


Steps = Generator["Future[Outcome]", Outcome, IngestResult]


class Pipeline:
    """Ingests documents into `arc`, parsing through `workers` (inline when none are given)."""

    def __init__(self, arc: Archive, workers: Workers | None = None) -> None:
        self.arc = arc
        self.workers = workers or Workers(0)

    # -- drivers --------------------------------------------------------------------------------------------

    def ingest(self, data: bytes, src: Source | None = None) -> IngestResult:
        """Ingest one document, blocking until it is parsed and stored."""
        return self._drive(self.steps(data, src or Source()))

    async def ingest_async(self, data: bytes, src: Source) -> IngestResult:
        """Ingest one document from an event loop: only the archive's writes run on the loop's thread."""
        gen = self.steps(data, src)
        try:
            future = next(gen)
            while True:
                await asyncio.wait([asyncio.wrap_future(future)])  # never raises: outcome() reads the end
                future = gen.send(self.workers.outcome(future))
        except StopIteration as stop:
            result: IngestResult = stop.value
            return result

    def reparse(self, sha: str) -> IngestResult:
        return self._drive(self.reparse_steps(sha))

    def many(self, jobs: Iterable[tuple[K, Callable[[], Steps]]], window: int | None = None,
             ) -> Iterator[tuple[K, IngestResult | None, Exception | None]]:
        """Run many documents with up to `window` parses in flight; yields (key, result, error) as each ends.

        An error of the archive (ArchiveError) ends the run at once (the caller stops the workers); an input
        that cannot be read (OSError from the job) is yielded with its key.
        """
        window = window or max(2 * self.workers.processes, 1)
        pending = iter(jobs)
        flying: dict[Future[Outcome], tuple[K, Steps]] = {}

        def start(key: K, gen: Steps, value: Outcome | None) -> tuple[K, IngestResult | None, Exception | None] | None:
            try:
                future = gen.send(value) if value is not None else next(gen)
            except StopIteration as stop:
                return key, stop.value, None
            flying[future] = (key, gen)
            return None

        exhausted = False
        while True:
            while not exhausted and len(flying) < window:
                try:
                    key, make = next(pending)
                except StopIteration:
                    exhausted = True
                    break
                try:
                    ended = start(key, make(), None)
                except OSError as exc:
                    ended = (key, None, exc)
                if ended:
                    yield ended
            if not flying:
                return
            done, _ = wait(list(flying), return_when=FIRST_COMPLETED)
            for future in done:
                key, gen = flying.pop(future)
                ended = start(key, gen, self.workers.outcome(future))
                if ended:
                    yield ended

    def _drive(self, gen: Steps) -> IngestResult:
        try:
            future = next(gen)
            while True:
                future = gen.send(self.workers.outcome(future))
        except StopIteration as stop:
            result: IngestResult = stop.value
            return result

    # -- the steps ------------------------------------------------------------------------------------------

    def steps(self, data: bytes, src: Source, in_zip: bool = False) -> Steps:
        """Sniff; split a ZIP (each member ingested on its own); parse what is new; store."""
        arc = self.arc
        sha = hashlib.sha256(data).hexdigest()
        seen = src.fetched_at or now()
        src = replace(src, fetched_at=seen, run_id=src.run_id if src.run_id is not None else arc.run_id)
        sniffed = media_type(data)
        if sniffed == MEDIA_TYPES["zip"] and not in_zip:
            arc.store_document(data, media_type=sniffed, seen=seen)
            split = yield self.workers.submit(split_task, data)
            if split.members is None:
                return arc.record_unparsed(sha, split.error, src.url, src.path, seen, environment=split.environment)
            results = []
            for name, blob, error in split.members:
                if blob is None:
                    log.warning("%s!%s: %s", src.url or src.path, name, error)
                    continue
                member = replace(src, url=f"{src.url}!{name}" if src.url else None, path=f"{src.path or ''}!{name}",
                                 content_type=None)
                results.append((yield from self.steps(blob, member, in_zip=True)))
            if not results:
                return arc.record_unparsed(sha, "no readable document inside the ZIP", src.url, src.path, seen)
            best = min(results, key=lambda r: _OUTCOME_RANK.index(r.outcome)
                       if r.outcome in _OUTCOME_RANK else len(_OUTCOME_RANK))
            return IngestResult(sha, best.outcome, best.report_id, best.message)
        known, parsed_before = arc.settle(data, sha=sha, media_type=sniffed, seen=seen, portal=src.portal,
                                          run_id=src.run_id, hints=src.hints)
        if known is not None:
            return known
        out = yield self.workers.submit(parse_task, self.workers.parse, data, src.url, src.path, src.content_type)
        if parsed_before:  # parsed by an older parser: replace the rows, and count the sighting
            result = arc.apply_reparse(sha, out.record, out.error, url=src.url, path=src.path)
            report_id = arc.touch_document(sha, seen, src.portal, src.run_id)
            return IngestResult(sha, "unchanged", result.report_id or report_id, result.message)
        if out.record is None:
            return arc.record_unparsed(sha, out.error, src.url, src.path, seen, environment=out.environment)
        return arc.store_record(
            out.record, sha256=sha, url=src.url, path=src.path,
            media_type=(out.record.get("source") or {}).get("media_type") or sniffed,
            content_type=src.content_type, published_at=src.published_at, portal=src.portal, fetched_at=seen,
            hints=src.hints, run_id=src.run_id)

    def reparse_steps(self, sha: str) -> Steps:
        """Parse stored bytes again and replace their parsed rows (one transaction per document)."""
        data, url, path, content_type = self.arc.reparse_inputs(sha)
        out = yield self.workers.submit(parse_task, self.workers.parse, data, url, path, content_type)
        return self.arc.apply_reparse(sha, out.record, out.error, url=url, path=path, environment=out.environment)

