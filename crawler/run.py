"""Run one crawl in this process: settings, lock, Scrapy, summary. The CLI and the demo call `crawl`."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings

from archive import Archive, ArchiveError

from .lock import CrawlLock
from .portals import Portal, load, portal_for_url
from .spiders.nianbao import NianbaoSpider

logger = logging.getLogger(__name__)

# Exit codes of `nianbao crawl` (README), besides 0 when the run finished: it could not run / another
# crawl holds the lock.
EXIT_CANNOT_RUN = 1
EXIT_LOCKED = 75  # EX_TEMPFAIL: cron tries again tomorrow


class CrawlFailed(RuntimeError):
    """The crawl could not run at all (bad portal list, archive unusable, Scrapy refused to start)."""


# The terms of the crawl summary, defined once (README "Crawling", `nianbao crawl --help`).
SUMMARY_TERMS = """\b
Summary terms:
  portals read       portals whose entry point answered (blocked and failed ones are named below it)
  reports added      reports new to the archive (an agency's report for a year)
  more documents     further documents of reports filed this run or before: an attachment beside its
                     page, a text version, a copy under another URL
  new versions       a known report published again with other content (a correction)
  duplicates         documents fetched whose bytes the archive already holds
  known reports seen reports already archived that the portals still list (no download needed)
  not modified       known documents revalidated with a conditional request (HTTP 304)
  errors             fetches that failed (HTTP errors, timeouts); each is in the fetches table"""


@dataclass
class Summary:
    portals: int = 0
    requests: int = 0
    bytes: int = 0
    pages: int = 0
    documents: int = 0
    new_reports: int = 0
    new_documents: int = 0
    new_versions: int = 0
    unchanged: int = 0
    not_modified: int = 0
    known_reports_seen: int = 0
    blocked: int = 0
    errors: int = 0
    seconds: float = 0.0
    blocked_portals: list[str] = field(default_factory=list)
    failed_portals: dict[str, str] = field(default_factory=dict)
    silent_portals: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Outcomes first, in the terms of SUMMARY_TERMS; the traffic behind them on a second line."""
        unread = [_count(len(self.blocked_portals), "blocked", "blocked"),
                  _count(len(self.failed_portals), "failed", "failed")]
        read = max(self.portals - len(self.blocked_portals) - len(self.failed_portals), 0)
        head = f"{read} of {self.portals} portals read" if any(unread) else _count(read, "portal read", "portals read")
        of = "of those reports" if self.new_reports else "of known reports"
        news = [_count(self.new_reports, "report added", "reports added"),
                _count(self.new_documents, f"more document {of}", f"more documents {of}"),
                _count(self.new_versions, "new version", "new versions"),
                _count(self.unchanged, "duplicate", "duplicates")]
        seen = _count(self.known_reports_seen, "known report seen", "known reports seen", zero=not any(news))
        parts = [x for x in [*unread, seen, *news] if x] + ([] if any(news) else ["nothing new"])
        parts += [x for x in [_count(self.errors, "error", "errors")] if x]
        out = [f"crawl finished: {head}, " + ", ".join(parts),
               f"  traffic: {self.pages} pages, {self.documents} documents fetched ({self.not_modified} not modified), "
               f"{self.requests} requests, {self.bytes} bytes in {self.seconds:.1f} s"]
        out += [f"  blocked: {p}" for p in self.blocked_portals]
        out += [f"  failed (entry point unreadable: {why}): {p}" for p, why in self.failed_portals.items()]
        out += [f"  silent (reports before, none now — redesign or block?): {p}" for p in self.silent_portals]
        return out


def _count(n: int, one: str, many: str, zero: bool = False) -> str:
    """"1 report added", "25 reports added"; "" for none unless `zero`."""
    if not n and not zero:
        return ""
    return f"{n} {one if n == 1 else many}"


def settings_for(db: str | Path, overrides: Sequence[str] = (), *, full: bool = False,
                 log_file: str | None = None, progress: bool | None = None) -> Settings:
    """Project settings, then `-s NAME=VALUE` overrides at command-line priority (as `scrapy crawl -s`)."""
    settings = Settings()
    settings.setmodule("crawler.settings", priority="project")
    settings.set("NIANBAO_DB", str(db), priority="cmdline")
    settings.set("NIANBAO_RUN_LOCK", False, priority="cmdline")
    if full:
        settings.set("NIANBAO_FULL", True, priority="cmdline")
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)  # cron lines name a logs/ folder that may not exist
        settings.set("LOG_FILE", log_file, priority="cmdline")
    if progress is not None:
        settings.set("NIANBAO_PROGRESS", progress, priority="cmdline")
    for item in overrides:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise CrawlFailed(f"-s expects NAME=VALUE, got {item!r}")
        settings.set(name.strip(), value, priority="cmdline")
    return settings


def crawl(urls: Sequence[str], *, db: str | Path, portals_file: str | None = None, overrides: Sequence[str] = (),
          full: bool = False, log_file: str | None = None, progress: bool | None = None) -> Summary:
    """Crawl the given entry points (or the portal list) into the archive at `db`; raises CrawlLocked
    when another crawl runs on the same archive and CrawlFailed when the crawl cannot run."""
    settings = settings_for(db, overrides, full=full, log_file=log_file, progress=progress)
    # Fail before Scrapy starts, with one clear line, on what the user can fix.
    portals = [portal_for_url(u) for u in urls] if urls else load(portals_file or settings.get("NIANBAO_PORTALS"))
    _apply_tls_ciphers(settings, portals)
    with CrawlLock(db):
        _check_archive(db)
        process = CrawlerProcess(settings)
        crawler = process.create_crawler(NianbaoSpider)
        process.crawl(crawler, urls=list(urls), portals=portals_file or "", full=full)
        gc.freeze()  # the start-up's objects (Scrapy, parsers' tables) leave the collector: shorter pauses
        process.start()
        stats: dict[str, Any] = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("nianbao/archive_error"):
        raise CrawlFailed(f"the crawl stopped, the archive cannot be written: {stats['nianbao/archive_error']} "
                          "(what was stored before is intact)")
    summary = stats.get("nianbao/summary")
    if summary is None:
        reason = stats.get("finish_reason") or "the crawl did not start"
        raise CrawlFailed(f"crawl did not complete ({reason}); see the log")
    known = set(Summary.__dataclass_fields__)
    return Summary(**{k: v for k, v in summary.items() if k in known},
                   known_reports_seen=int(stats.get("nianbao/known_reports_seen") or 0),
                   seconds=float(stats.get("elapsed_time_seconds") or 0.0))


def _check_archive(db: str | Path) -> None:
    """Open the archive (migrations run here, not on the crawl's reactor) and make sure it can be written."""
    try:
        with Archive(db) as arc:
            arc.check_writable()
    except ArchiveError as exc:
        raise CrawlFailed(str(exc)) from exc


def _apply_tls_ciphers(settings: Settings, portals: Sequence[Portal]) -> None:
    """A portal's `tls_ciphers` override. Scrapy sets ciphers per crawl, not per host, so the override
    applies when every portal of the run that sets one agrees; otherwise the default (DEFAULT:!DH) stays."""
    wanted = {p.tls_ciphers for p in portals if p.tls_ciphers}
    if len(wanted) == 1:
        settings.set("DOWNLOADER_CLIENT_TLS_CIPHERS", wanted.pop(), priority="cmdline")
    elif wanted:
        logger.warning("portals ask for different TLS ciphers (%s); crawl them in separate runs. Using %s",
                       ", ".join(sorted(wanted)), settings.get("DOWNLOADER_CLIENT_TLS_CIPHERS"))


def proxy_environment(proxy: str) -> None:
    """Route plain-http requests through `proxy` (the sample portals server poses as every portal)."""
    os.environ["http_proxy"] = proxy
    os.environ["https_proxy"] = proxy
    os.environ.pop("no_proxy", None)
    os.environ.pop("NO_PROXY", None)
