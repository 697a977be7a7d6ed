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
    blocked: int = 0
    errors: int = 0
    seconds: float = 0.0
    blocked_portals: list[str] = field(default_factory=list)
    failed_portals: dict[str, str] = field(default_factory=dict)
    silent_portals: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"crawl finished: {self.portals} portals, {self.pages} pages, {self.documents} documents, "
               f"{self.new_reports} new reports, {self.new_documents} new documents, "
               f"{self.new_versions} new versions, {self.blocked} blocked, {len(self.failed_portals)} failed, "
               f"{self.errors} errors ({self.not_modified} not modified, {self.unchanged} unchanged; "
               f"{self.requests} requests, {self.bytes} bytes in {self.seconds:.1f} s)"]
        out += [f"  blocked: {p}" for p in self.blocked_portals]
        out += [f"  failed (entry point unreadable: {why}): {p}" for p, why in self.failed_portals.items()]
        out += [f"  silent (reports before, none now — redesign or block?): {p}" for p in self.silent_portals]
        return out


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
