"""The archive: raw documents, fetches, reports and their versions in one SQLite file (WAL, sqlite-utils).

Every write goes through `Archive.transaction()`, so a crash or a failed write (disk full, permission) leaves
the file as it was before that transaction; re-running the same import or crawl finishes the work, because
every step is idempotent (documents are keyed by SHA-256, versions by report and SHA-256).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import logging
import sqlite3
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlite_utils import Database

import parsers

from . import schema
from .agencies import canonical_name, classify, deadline, find_regions, iso_date, normalize_name, timeliness
from .keys import split_key

logger = logging.getLogger(__name__)

log = logging.getLogger(__name__)

FETCH_OUTCOMES = frozenset({"ok", "not_modified", "not_found", "blocked", "error"})
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Record fields stored in tables of their own; everything else of a parse object goes to report_versions.meta.
TABULAR_FIELDS = ("values", "cells", "checks", "sections")
CELL_FIELDS = ("raw", "kind")
CHECK_FIELDS = ("rule", "scope", "status", "left", "right", "detail")
SQLITE_HEADER = b"SQLite format 3\x00"


class ArchiveError(Exception):
    """A problem with the archive file itself (corrupt, foreign, unwritable); the message is one clear line."""


@dataclass
class IngestResult:
    sha256: str
    # new_report | new_document (another document of a known report, e.g. its PDF attachment) |
    # new_version (changed bytes at a known URL or path) | unchanged | unparsed | not_report |
    # moved (re-parsed into another report: the new parser reads another agency or year)
    outcome: str
    report_id: str | None = None
    message: str | None = None


def now() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Archive:
    """One archive file. Calls must not overlap (no internal locking); separate processes may share the file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.run_id: int | None = None
        self._run_outcomes: Counter[tuple[int, str]] = Counter()  # (run, outcome) of ingests through this object
        _check_header(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # check_same_thread=False: a caller may hand the archive to a worker thread (calls must not overlap)
            self.db = Database(sqlite3.connect(self.path, timeout=30, check_same_thread=False))
        except (OSError, sqlite3.Error) as exc:
            raise ArchiveError(f"{self.path}: cannot open archive: {_reason(exc)}") from exc
        try:
            self.db.execute("PRAGMA busy_timeout = 30000")
            self._check_ours()
            self.db.execute("PRAGMA journal_mode = WAL")  # readers (Datasette) never block the writer
            self.db.execute("PRAGMA synchronous = NORMAL")  # WAL keeps it consistent; only the last commit may be lost
            with self.transaction():
                schema.apply(self.db)
        except ArchiveError:
            self.db.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            self.db.close()
            raise ArchiveError(f"{self.path}: cannot use archive: {_reason(exc)}") from exc

    # -- lifecycle ------------------------------------------------------------------------------------------

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing; nested calls become savepoints. Storage errors become one-line ArchiveErrors."""
        try:
            with self.db.atomic():
                yield
        except (OSError, sqlite3.OperationalError, sqlite3.DatabaseError) as exc:
            raise ArchiveError(
                f"{self.path}: write failed, nothing of it was kept: {_reason(exc)}"
            ) from exc

    def _check_ours(self) -> None:
        """Refuse a damaged or foreign file before writing to it.

        Reading the schema catches a damaged header or schema; no full `PRAGMA quick_check`, which would read
        every page of a many-GB archive on each start (damage elsewhere surfaces as an ArchiveError on use).
        """
        try:
            tables = set(self.db.table_names())
            if "_sqlite_migrations" in tables:
                sets = {r[0] for r in self.db.execute("select distinct migration_set from _sqlite_migrations")}
            else:
                sets = set()
        except sqlite3.DatabaseError as exc:
            raise ArchiveError(f"{self.path}: not a readable SQLite archive: {_reason(exc)}") from exc
        if tables and schema.MIGRATION_SET not in sets:
            shown = ", ".join(sorted(tables)[:5])
            raise ArchiveError(
                f"{self.path}: an SQLite database of another application (tables: {shown}); "
                "not a nianbao archive — choose another --db"
            )

    # -- documents and fetches ------------------------------------------------------------------------------

    def store_document(self, data: bytes, *, media_type: str | None = None, seen: str | None = None) -> str:
        """Store bytes once (content-addressed); a repeat only moves `last_seen`. Returns the SHA-256."""
        sha = hashlib.sha256(data).hexdigest()
        with self.transaction():
            self._put_document(sha, data, media_type, seen or now())
        return sha

    def _put_document(self, sha: str, data: bytes, media_type: str | None, seen: str) -> None:
        cur = self.db.execute(
            "update documents set last_seen = ?, media_type = coalesce(media_type, ?) where sha256 = ?",
            [seen, media_type, sha],
        )
        if cur.rowcount:
            return
        self.db.execute("insert or ignore into blobs (sha256, content) values (?, ?)", [sha, data])
        self.db.execute(
            "insert into documents (sha256, media_type, size, first_seen, last_seen) values (?, ?, ?, ?, ?)",
            [sha, media_type, len(data), seen, seen],
        )

    def has_document(self, sha256: str) -> bool:
        return self.db.execute("select 1 from documents where sha256 = ?", [sha256]).fetchone() is not None

    def document_bytes(self, sha256: str) -> bytes | None:
        row = self.db.execute("select content from blobs where sha256 = ?", [sha256]).fetchone()
        return bytes(row[0]) if row else None

    def record_fetch(
        self,
        *,
        url: str,
        outcome: str,
        status: int | None = None,
        sha256: str | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        error: str | None = None,
        run_id: int | None = None,
        portal: str | None = None,
        fetched_at: str | None = None,
        adapter: str | None = None,
    ) -> None:
        """One row per HTTP fetch, whatever its outcome (the crawl's audit trail); `adapter`: the CMS family
        that read a listing page."""
        if outcome not in FETCH_OUTCOMES:
            raise ValueError(f"fetch outcome {outcome!r} is not one of {sorted(FETCH_OUTCOMES)}")
        with self.transaction():
            self.db.execute(
                "insert into fetches (run_id, portal, url, fetched_at, status, etag, last_modified, sha256,"
                " outcome, error, adapter) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [run_id if run_id is not None else self.run_id, portal, url, fetched_at or now(), status, etag,
                 last_modified, sha256, outcome, error, adapter],
            )

    def validators(self, url: str) -> dict[str, Any] | None:
        """ETag, Last-Modified and SHA-256 of the last successful fetch of `url`, for a conditional request."""
        row = self.db.execute(
            "select etag, last_modified, sha256 from fetches where url = ? and outcome = 'ok'"
            " order by fetched_at desc, id desc limit 1",
            [url],
        ).fetchone()
        return {"etag": row[0], "last_modified": row[1], "sha256": row[2]} if row else None

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """Which of these URLs were already fetched successfully (ok or not_modified)."""
        wanted = list(dict.fromkeys(urls))
        found: set[str] = set()
        for i in range(0, len(wanted), 500):
            chunk = wanted[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found.update(
                r[0] for r in self.db.execute(
                    f"select distinct url from fetches where outcome in ('ok', 'not_modified') and url in ({marks})",
                    chunk,
                )
            )
        return found

    # -- portals and runs -----------------------------------------------------------------------------------

    def upsert_portal(
        self,
        entry_url: str,
        *,
        name: str | None = None,
        level: str | None = None,
        region: str | None = None,
        region_code: str | None = None,
        platform: str | None = None,
    ) -> None:
        """Create or update a portal; its province/city/county come from `region` (or its name)."""
        chain = {r.level: r for r in find_regions(normalize_name(region or name or ""))}
        deepest = chain.get("county") or chain.get("city") or chain.get("province")
        row = {
            "entry_url": entry_url,
            "name": name,
            "level": level,
            "province": chain["province"].name if "province" in chain else (deepest.province if deepest else None),
            "city": (deepest.city or None) if deepest and deepest.level != "province" else None,
            "county": chain["county"].name if "county" in chain else None,
            "region_code": region_code or (deepest.code if deepest else None),
            "platform": platform,
            "last_seen": now(),
        }
        with self.transaction():
            existing = self.db.execute("select first_seen from portals where entry_url = ?", [entry_url]).fetchone()
            row["first_seen"] = existing[0] if existing else row["last_seen"]
            kept = {k: v for k, v in row.items() if v is not None or not existing}
            self.db.table("portals").upsert(kept, pk="entry_url")

    def start_run(self, portals: list[str]) -> int:
        """Open a crawl run; ingests on this Archive are attributed to it until finish_run."""
        with self.transaction():
            cur = self.db.execute(
                "insert into runs (started_at, portals, n_portals) values (?, ?, ?)",
                [now(), json.dumps(portals, ensure_ascii=False), len(portals)],
            )
        self.run_id = int(cur.lastrowid or 0)
        return self.run_id

    def finish_run(self, run_id: int, stats: dict[str, Any]) -> None:
        """Close a run. Figures missing from `stats` are counted from the archive (fetches, this object's ingests)."""
        counted = dict(zip(
            ("pages", "blocked", "errors"),
            self.db.execute("select count(*), coalesce(sum(outcome = 'blocked'), 0), coalesce(sum(outcome = 'error'),"
                            " 0) from fetches where run_id = ?", [run_id]).fetchone(), strict=True))
        counted["new_reports"] = self._run_outcomes[(run_id, "new_report")]
        counted["new_versions"] = self._run_outcomes[(run_id, "new_version")]
        stats = {**counted, **{k: v for k, v in stats.items() if v is not None}}
        named = ("pages", "new_reports", "new_versions", "blocked", "errors")
        with self.transaction():
            self.db.execute(
                "update runs set finished_at = ?, n_portals = coalesce(?, n_portals), pages = ?, new_reports = ?,"
                " new_versions = ?, blocked = ?, errors = ?, stats = ? where id = ?",
                [now(), stats.get("portals"), *(stats.get(k) for k in named),
                 json.dumps(stats, ensure_ascii=False, default=str), run_id],
            )
        if self.run_id == run_id:
            self.run_id = None

    def silent_portals(self, run_id: int) -> list[str]:
        """Portals crawled in this run that yielded reports in an earlier run and none in this one."""
        row = self.db.execute("select portals from runs where id = ?", [run_id]).fetchone()
        crawled = set(json.loads(row[0] or "[]")) if row else set()
        earlier = [r[0] for r in self.db.execute(
            "select distinct portal from sightings where run_id < ? and portal not in"
            " (select portal from sightings where run_id = ?) order by portal",
            [run_id, run_id],
        )]
        return [p for p in earlier if not crawled or p in crawled]

    def record_sightings(self, urls: Iterable[str], *, portal: str, run_id: int) -> set[str]:
        """Known reports seen listed on a portal in this run (the page that listed one of their versions, or
        a URL fetched before to those bytes; both indexed): a sighting each, so a portal whose listing shows
        only known reports is not silent. Returns the ids of the reports seen."""
        wanted = list(dict.fromkeys(urls))
        seen: set[str] = set()
        for i in range(0, len(wanted), 300):
            chunk = wanted[i : i + 300]
            marks = ",".join("?" * len(chunk))
            seen.update(r[0] for r in self.db.execute(
                f"select distinct report_id from report_versions where page_url in ({marks})"
                f" or sha256 in (select sha256 from fetches where url in ({marks}) and sha256 is not null)",
                chunk * 2))
        if seen:
            with self.transaction():
                self.db.conn.executemany(
                    "insert or ignore into sightings (run_id, portal, report_id, seen_at) values (?, ?, ?, ?)",
                    [(run_id, portal, r, now()) for r in sorted(seen)])
        return seen

    # -- reports --------------------------------------------------------------------------------------------

    def ingest(self, data: bytes, *, url: str | None = None, media_type: str | None = None, path: str | None = None,
               published_at: str | None = None, portal: str | None = None, fetched_at: str | None = None,
               hints: dict[str, Any] | None = None, run_id: int | None = None) -> IngestResult:
        """Store the bytes, parse them (once per parser version) and file the record under its report.

        The steps are those of archive.ingest.Pipeline, parsing in this thread; `media_type` is the
        server's Content-Type (a hint; the stored media type is sniffed). A ZIP is stored as it is and every
        document inside it is ingested on its own; the result is the most telling of theirs.
        """
        from .ingest import Pipeline, Source

        return Pipeline(self).ingest(data, Source(url=url, path=path, content_type=media_type,
                                                  published_at=published_at, portal=portal, fetched_at=fetched_at,
                                                  hints=hints, run_id=run_id))

    def settle(self, data: bytes, *, sha: str, media_type: str, seen: str, portal: str | None, run_id: int | None,
               hints: dict[str, Any] | None) -> tuple[IngestResult | None, bool]:
        """Store the bytes and settle what needs no parse: (the result, or None to parse; parsed before?).

        Bytes parsed by the installed parser are a sighting; a failure of the installed parser is its fate,
        unless the machine failed (converter missing, timeout) or page hints may now make it a report.
        """
        pv = parsers.__version__
        with self.transaction():
            self._put_document(sha, data, media_type, seen)
            versions = self.db.execute(
                "select id, report_id, parser_version from report_versions where sha256 = ?", [sha]
            ).fetchall()
            if versions and all(v[2] == pv for v in versions):
                for _, report_id, _ in versions:
                    self._touch_report(report_id, seen, portal, run_id)
                return IngestResult(sha, "unchanged", versions[0][1]), True
            failed = self.db.execute(
                "select outcome, error, environment from unparsed where sha256 = ? and parser_version = ?", [sha, pv]
            ).fetchone()
            retry = failed and (failed[2] or failed[0] == "not_report" and (hints or {}).get("year"))
            if failed and not versions and not retry:
                self.db.execute("update unparsed set last_seen = ? where sha256 = ?", [seen, sha])
                return IngestResult(sha, failed[0], None, failed[1]), False
        return None, bool(versions)

    def touch_document(self, sha: str, seen: str, portal: str | None, run_id: int | None) -> str | None:
        """Count a sighting of every report this document belongs to; returns one of them."""
        with self.transaction():
            reports = [r for (r,) in self.db.execute(
                "select distinct report_id from report_versions where sha256 = ?", [sha]).fetchall()]
            for report_id in reports:
                self._touch_report(report_id, seen, portal, run_id)
        return reports[0] if reports else None

    def record_unparsed(self, sha: str, error: str, url: str | None, path: str | None, seen: str, *,
                        outcome: str = "unparsed", environment: bool = False) -> IngestResult:
        """Why a stored document has no record. An environment failure is not its fate: it is tried again."""
        with self.transaction():
            self.db.execute(
                "insert into unparsed (sha256, outcome, parser_version, error, url, path, first_seen, last_seen,"
                " environment) values (?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict(sha256) do update set"
                " outcome = excluded.outcome, parser_version = excluded.parser_version, error = excluded.error,"
                " last_seen = excluded.last_seen, environment = excluded.environment",
                [sha, outcome, parsers.__version__, error, url, path, seen, seen, int(environment)],
            )
        return IngestResult(sha, outcome, None, error)

    def store_record(
        self,
        record: dict[str, Any],
        *,
        sha256: str | None = None,
        data: bytes | None = None,
        url: str | None = None,
        path: str | None = None,
        media_type: str | None = None,
        content_type: str | None = None,
        published_at: str | None = None,
        portal: str | None = None,
        fetched_at: str | None = None,
        hints: dict[str, Any] | None = None,
        run_id: int | None = None,
    ) -> IngestResult:
        """File an already parsed record (CONTRACT.md §2) under its report, as a new version if its bytes are new.

        `data` (the document's bytes) is stored too when given; otherwise the document must be stored already.
        `media_type` is the document's own (sniffed, or the parser's); `content_type` the server's header.
        """
        source = record.get("source") or {}
        sha = sha256 or source.get("sha256") or (hashlib.sha256(data).hexdigest() if data is not None else None)
        if not sha:
            raise ValueError("store_record needs the document's sha256 (or its bytes)")
        seen = fetched_at or now()
        hints = hints or {}
        run = run_id if run_id is not None else self.run_id
        media_type = source.get("media_type") or media_type
        if published_at and not iso_date(published_at):
            log.warning("%s: publication date %r is not a date; left out", url or path or sha, published_at)
        published_at = iso_date(published_at)
        url = url or source.get("url")
        path = path or source.get("path")
        with self.transaction():
            if data is not None:
                self._put_document(sha, data, media_type, seen)
            elif media_type:  # the parser looked inside: an OLE container is a DOC, WPS or XLS
                self.db.execute("update documents set media_type = ? where sha256 = ?", [media_type, sha])
            report_id = self._report_id(record, sha, hints, portal)
            if report_id is None:
                return self.record_unparsed(sha, "no report year found", url, path, seen, outcome="not_report")
            if self.db.execute("select 1 from report_versions where report_id = ? and sha256 = ?",
                               [report_id, sha]).fetchone():
                self._touch_report(report_id, seen, portal, run)
                return IngestResult(sha, "unchanged", report_id)
            is_new = self._ensure_report(report_id, record, hints, portal, seen)
            source_key = url or path or sha
            known_source = self.db.execute("select 1 from report_versions where report_id = ? and source_key = ?",
                                           [report_id, source_key]).fetchone()
            seq = self.db.execute("select coalesce(max(seq), 0) + 1 from report_versions where report_id = ?",
                                  [report_id]).fetchone()[0]
            cur = self.db.execute(
                "insert into report_versions (report_id, seq, sha256, source_key, url, page_url, path, media_type,"
                " content_type, fetched_at, published_at, portal, parser_version, parsed_at, meta)"
                " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
                [report_id, seq, sha, source_key, url, hints.get("page_url"), path, media_type, content_type, seen,
                 published_at, portal, _parser_version(record), now()],
            )
            vid = int(cur.lastrowid or 0)
            self._write_parsed(vid, record, hints)
            self._touch_report(report_id, seen, portal, run)
            self._refresh_report(report_id)
            self.db.execute("delete from unparsed where sha256 = ?", [sha])
        outcome = "new_report" if is_new else "new_version" if known_source else "new_document"
        if run is not None:
            self._run_outcomes[(run, outcome)] += 1
        return IngestResult(sha, outcome, report_id)

    def _report_id(self, record: dict[str, Any], sha: str, hints: dict[str, Any],
                   portal: str | None = None) -> str | None:
        """Stable key of the report (agency and year): the row URL that people cite."""
        year = record.get("year") or _int(hints.get("year"))
        if year is None:
            return None
        if (record.get("format") in (None, "unknown") and not record.get("values") and not record.get("sections")
                and not hints.get("year")):
            return None
        agency = record.get("agency") or hints.get("agency")
        if agency:
            return f"{year}-{self._agency_id(agency, portal)}"
        page_url = hints.get("page_url")
        if page_url:  # an attachment without an agency belongs with the page that links it
            row = self.db.execute(
                "select r.id from report_versions v join reports r on r.id = v.report_id"
                " where v.page_url = ? and r.year = ? limit 1", [page_url, year]).fetchone()
            if row:
                return str(row[0])
        return f"{year}-unknown-{sha[:12]}"

    def _portal_region(self, portal: str | None) -> str | None:
        if not portal:
            return None
        row = self.db.execute("select coalesce(province, '') || coalesce(city, '') || coalesce(county, '')"
                              " from portals where entry_url = ?", [portal]).fetchone()
        return row[0] or None if row else None

    def _agency_id(self, printed: str, portal: str | None) -> str:
        """The agency's id for a printed name: the stored mapping, else its canonical name (then stored).

        A name that only the portal's region makes definite (鼓楼区人民政府 on a 福州 portal) is not looked up
        by its spelling: the same spelling on a 南京 portal is another agency.
        """
        name = normalize_name(printed)
        region_hint = self._portal_region(portal)
        agency_id = canonical_name(name)
        hinted = canonical_name(name, region_hint=region_hint) if region_hint else agency_id
        row = self.db.execute("select agency_id from agency_names where name = ?", [name]).fetchone()
        if row and hinted == agency_id:
            return str(row[0])
        agency_id = hinted
        info = classify(agency_id, region_hint=region_hint)
        self.db.execute(
            "insert or ignore into agencies (id, name, level, is_aggregate, province, city, county, region_code,"
            " region_vintage) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [agency_id, name, info.level, int(info.is_aggregate), info.province, info.city, info.county,
             info.region_code, info.region_vintage],
        )
        self.db.execute("insert or ignore into agency_names (name, agency_id, first_seen) values (?, ?, ?)",
                        [name, agency_id, now()])
        return agency_id

    def _ensure_report(self, report_id: str, record: dict[str, Any], hints: dict[str, Any], portal: str | None,
                       seen: str) -> bool:
        if self.db.execute("select 1 from reports where id = ?", [report_id]).fetchone():
            return False
        agency = record.get("agency") or hints.get("agency")
        agency_id = self._agency_id(agency, portal) if agency else None
        year = record.get("year") or _int(hints.get("year"))
        self.db.execute(
            "insert into reports (id, agency_id, year, portal, first_seen, last_seen) values (?, ?, ?, ?, ?, ?)",
            [report_id, agency_id, year, portal, seen, seen],
        )
        return True

    def _write_parsed(self, vid: int, record: dict[str, Any], hints: dict[str, Any]) -> None:
        """Insert the parsed rows of one version (cells long form, checks, sections) and its meta fields."""
        values: dict[str, Any] = record.get("values") or {}
        cells: dict[str, dict[str, Any]] = record.get("cells") or {}
        rows = []
        for key in {**values, **cells}:
            cell = cells.get(key) or {}
            extra = {k: v for k, v in cell.items() if k not in CELL_FIELDS}
            rows.append((vid, key, *split_key(key), values.get(key), int(key in values), cell.get("raw"),
                         cell.get("kind"), json.dumps(extra, ensure_ascii=False) if extra else None))
        self._insert_cells(rows)
        checks = record.get("checks") or []
        self.db.conn.executemany(
            "insert into checks (version_id, ord, rule, scope, status, left, right, detail, extra)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(vid, i, c.get("rule"), c.get("scope"), c.get("status"), _num(c.get("left")), _num(c.get("right")),
              c.get("detail"), _extra(c, CHECK_FIELDS)) for i, c in enumerate(checks)],
        )
        self.db.conn.executemany(
            "insert into sections (version_id, section, text) values (?, ?, ?)",
            [(vid, name, text) for name, text in (record.get("sections") or {}).items() if text is not None],
        )
        meta = {k: v for k, v in record.items() if k not in TABULAR_FIELDS}
        self.db.execute(
            "update report_versions set title = ?, agency = ?, year = ?, format = ?, n_values = ?, n_cells = ?,"
            " n_uncertain = ?, failed_checks = ?, meta = ?, parser_version = ?, parsed_at = ? where id = ?",
            [record.get("title") or hints.get("title"), record.get("agency"), record.get("year"), record.get("format"),
             len(values), len(rows), len(record.get("uncertain") or []),
             sum(1 for c in checks if c.get("status") == "fail"), json.dumps(meta, ensure_ascii=False),
             _parser_version(record), now(), vid],
        )

    def _insert_cells(self, rows: list[tuple[Any, ...]]) -> None:
        self.db.conn.executemany(
            "insert into cells (version_id, key, table_key, row_key, column_key, value, in_values, raw, kind, extra)"
            " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )

    def _delete_parsed(self, vid: int) -> None:
        for table in ("cells", "checks", "sections"):
            self.db.execute(f"delete from {table} where version_id = ?", [vid])

    def _touch_report(self, report_id: str, seen: str, portal: str | None, run_id: int | None) -> None:
        self.db.execute("update reports set last_seen = max(last_seen, ?) where id = ?", [seen, report_id])
        if run_id is not None and portal:
            self.db.execute("insert or ignore into sightings (run_id, portal, report_id, seen_at) values (?, ?, ?, ?)",
                            [run_id, portal, report_id, seen])

    def _refresh_report(self, report_id: str) -> None:
        refresh_report(self.db, report_id)

    # -- re-parsing -----------------------------------------------------------------------------------------

    def stale(self, *, unparsed: bool = False) -> list[str]:
        """SHA-256 of documents last parsed by another parser version than the installed one (versions and
        failures), and with `unparsed` every document no parser could read yet (a converter installed since)."""
        installed = parsers.__version__
        rows = self.db.execute(
            "select sha256, parser_version, 0 from report_versions"
            " union select sha256, parser_version, outcome = 'unparsed' from unparsed").fetchall()
        return sorted({sha for sha, pv, failed in rows if pv != installed or (unparsed and failed)})

    def reparse_document(self, sha: str) -> IngestResult:
        """Parse stored bytes again (in this thread) and replace their parsed rows, one transaction per document."""
        from .ingest import Pipeline

        return Pipeline(self).reparse(sha)

    def reparse_inputs(self, sha: str) -> tuple[bytes, str | None, str | None, str | None]:
        """The stored bytes of a document and what a parse of them needs: URL, path and the server's type."""
        data = self.document_bytes(sha)
        if data is None:
            raise ArchiveError(f"{self.path}: document {sha} has no stored bytes")
        row = self.db.execute("select url, path, content_type from report_versions where sha256 = ? order by id"
                              " limit 1", [sha]).fetchone() or self.db.execute(
            "select url, path, null from unparsed where sha256 = ?", [sha]).fetchone() or (None, None, None)
        return data, row[0], row[1], row[2]

    def apply_reparse(self, sha: str, record: dict[str, Any] | None, error: str, *, url: str | None,
                      path: str | None, environment: bool = False) -> IngestResult:
        """Replace the parsed rows of a document with a new parse (one transaction); a failed parse keeps them."""
        versions = self.db.execute("select id from report_versions where sha256 = ?", [sha]).fetchall()
        if record is None:
            if versions:  # the old parse stays: a regression must not erase data
                return IngestResult(sha, "unchanged", None, error)
            return self.record_unparsed(sha, error, url, path, now(), environment=environment)
        with self.transaction():
            if not versions:
                self.db.execute("delete from unparsed where sha256 = ?", [sha])
                return self.store_record(record, sha256=sha, url=url, path=path, fetched_at=now())
            results = [self._reparse_version(vid, record) for (vid,) in versions]
        return next((r for r in results if r.outcome == "moved"), results[-1])

    def check_writable(self) -> None:
        """Raise ArchiveError now if the archive cannot be written (read-only file or folder, locked)."""
        with self.transaction():
            self.db.execute("create table _nianbao_probe (x)")
            self.db.execute("drop table _nianbao_probe")

    def checkpoint(self) -> None:
        """Fold the write-ahead log into the database file at the end of a run (readers may still hold it)."""
        try:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error as exc:
            raise ArchiveError(f"{self.path}: cannot checkpoint the write-ahead log: {_reason(exc)}") from exc

    def _reparse_version(self, vid: int, record: dict[str, Any]) -> IngestResult:
        """Replace one version's parsed rows; move it when the new parse names another agency or year.

        What the version was filed by stays a hint (the page's agency and year for a scanned attachment), so a
        new parse that reads less never turns a filed document into an unknown one. A report left without
        versions by a move is deleted; `report_moves` keeps where its citation went.
        """
        v = self.db.execute(
            "select v.report_id, v.sha256, v.url, v.page_url, v.path, v.media_type, v.fetched_at, v.published_at,"
            " v.portal, v.meta, r.year, a.name, v.content_type from report_versions v"
            " join reports r on r.id = v.report_id"
            " left join agencies a on a.id = r.agency_id where v.id = ?", [vid]).fetchone()
        report_id, sha = v[0], v[1]
        hints = {"page_url": v[3]} if v[3] else {}
        hints.update(year=v[10], agency=v[11], title=json.loads(v[9]).get("title"))
        new_id = self._report_id(record, sha, hints, v[8])
        self._delete_parsed(vid)
        if new_id == report_id:
            self._write_parsed(vid, record, hints)
            self._refresh_report(report_id)
            return IngestResult(sha, "unchanged", report_id, f"re-parsed with parser {_parser_version(record)}")
        self.db.execute("delete from report_versions where id = ?", [vid])
        result = self.store_record(record, sha256=sha, url=v[2], path=v[4], media_type=v[5], fetched_at=v[6],
                                   published_at=v[7], portal=v[8], hints=hints, content_type=v[12])
        if result.report_id is None:
            return result
        left = self.db.execute("select count(*) from report_versions where report_id = ?", [report_id]).fetchone()[0]
        if not left:  # the report itself moved: its crawl sightings go with it, its citation is forwarded
            self.db.execute(
                "insert or ignore into sightings (run_id, portal, report_id, seen_at)"
                " select run_id, portal, ?, seen_at from sightings where report_id = ?", [result.report_id, report_id])
        self.db.execute(
            "insert into report_moves (report_id, moved_to, sha256, report_deleted, parser_version, moved_at)"
            " values (?, ?, ?, ?, ?, ?)", [report_id, result.report_id, sha, int(not left), _parser_version(record),
                                          now()])
        self._refresh_report(report_id)
        return IngestResult(sha, "moved", result.report_id, f"moved from {report_id} to {result.report_id}")

    # -- reading back ---------------------------------------------------------------------------------------

    def record(self, version_id: int) -> dict[str, Any]:
        """The parse object of a stored version, rebuilt from its rows (what `parse --json` printed)."""
        meta_row = self.db.execute("select meta from report_versions where id = ?", [version_id]).fetchone()
        if meta_row is None:
            raise KeyError(version_id)
        out: dict[str, Any] = json.loads(meta_row[0])
        values: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        for key, value, in_values, raw, kind, extra in self.db.execute(
            "select key, value, in_values, raw, kind, extra from cells where version_id = ?", [version_id]
        ):
            if in_values:
                values[key] = value
            if raw is not None or kind is not None or extra:
                cells[key] = {"raw": raw, "kind": kind, **json.loads(extra or "{}")}
        checks = []
        for rule, scope, status, left, right, detail, extra in self.db.execute(
            "select rule, scope, status, left, right, detail, extra from checks where version_id = ? order by ord",
            [version_id],
        ):
            checks.append({"rule": rule, "scope": scope, "status": status, "left": left, "right": right,
                           "detail": detail, **json.loads(extra or "{}")})
        sections = dict(self.db.execute(
            "select section, text from sections where version_id = ? order by id", [version_id]).fetchall())
        out.update(values=values, cells=cells, checks=checks, sections=sections)
        return out


def refresh_report(db: Database, report_id: str) -> None:
    """Recompute the report's current version and the fields copied from it for browsing and faceting.

    Current = among the newest version of each source (URL or path), the one with most cells, an HTML
    page winning ties (CONTRACT.md §3). The report's URL is the page that listed it (else the document's).
    """
    versions = db.execute(
        "select id, source_key, seq, n_cells, media_type, title, format, url, page_url, sha256, parser_version,"
        " failed_checks from report_versions where report_id = ? order by seq",
        [report_id],
    ).fetchall()
    if not versions:
        db.execute("delete from sightings where report_id = ?", [report_id])
        db.execute("delete from reports where id = ?", [report_id])
        return
    newest = {v[1]: v for v in versions}
    cur = max(newest.values(), key=lambda v: (v[3] or 0, v[4] in HTML_TYPES, v[2]))
    vid = cur[0]
    title = cur[5] or next((v[5] for v in reversed(versions) if v[5]), None)
    statuses = {r[0] for r in db.execute("select distinct status from checks where version_id = ?", [vid])}
    status = next((s for s in ("fail", "uncertain", "pass") if s in statuses), None)
    rep = db.execute(
        "select a.level, a.province, a.city, a.county, a.region_code from reports r"
        " left join agencies a on a.id = r.agency_id where r.id = ?", [report_id]).fetchone()
    db.execute(
        "update reports set title = ?, format = ?, level = ?, province = ?, city = ?, county = ?,"
        " region_code = ?, url = ?, check_status = ?, failed_checks = ?, n_versions = ?, current_version = ?,"
        " sha256 = ?, parser_version = ? where id = ?",
        [title, cur[6], *rep, cur[8] or cur[7], status, cur[11], len(versions), vid, cur[9], cur[10], report_id],
    )
    refresh_timing(db, report_id)


def refresh_timing(db: Database, report_id: str) -> None:
    """Publication date, deadline, its legal basis and timeliness of a report (FORMAT.md §1.1, S5).

    The publication date is the earliest any version shows: a corrected version re-dated later does not make
    an on-time report late. Without one, the first crawl that found it online can still show it on time.
    """
    year, level, aggregate = db.execute(
        "select r.year, a.level, a.is_aggregate from reports r left join agencies a on a.id = r.agency_id"
        " where r.id = ?", [report_id]).fetchone()
    published, crawled = db.execute(
        "select min(published_at), min(case when portal is not null then fetched_at end) from report_versions"
        " where report_id = ?", [report_id]).fetchone()
    due = deadline(year, level, bool(aggregate))
    status = timeliness(published, crawled, due[0] if due else None)
    db.execute(
        "update reports set published_at = ?, deadline = ?, deadline_basis = ?, timeliness = ?, late = ?"
        " where id = ?",
        [published, due[0] if due else None, due[1] if due else None, status,
         {"late": 1, "on_time": 0}.get(status or ""), report_id])


def reclassify(db: Database) -> int:
    """Level and region of every agency again from the current tables, copied to its reports, timing redone.

    Ids stay (they are citations); only the derived columns change. A migration step calls this whenever
    agencies.py or its data tables change. Returns the number of agencies whose classification changed.
    """
    changed = 0
    for agency_id, hint, *old in db.execute(
            "select a.id, (select coalesce(p.province, '') || coalesce(p.city, '') || coalesce(p.county, '')"
            " from reports r join portals p on p.entry_url = r.portal where r.agency_id = a.id limit 1),"
            " a.level, a.is_aggregate, a.province, a.city, a.county, a.region_code from agencies a").fetchall():
        info = classify(agency_id, region_hint=hint or None)  # the portal's region, as when it was first filed
        new = [info.level, int(info.is_aggregate), info.province, info.city, info.county, info.region_code]
        if new != old:
            changed += 1
            db.execute("update agencies set level = ?, is_aggregate = ?, province = ?, city = ?, county = ?,"
                       " region_code = ?, region_vintage = ? where id = ?", [*new, info.region_vintage, agency_id])
    db.execute("update reports set (level, province, city, county, region_code) = (select a.level, a.province,"
               " a.city, a.county, a.region_code from agencies a where a.id = reports.agency_id)"
               " where agency_id is not null")
    for (report_id,) in db.execute("select id from reports").fetchall():
        refresh_timing(db, report_id)
    return changed


def _check_header(path: Path) -> None:
    """Refuse a file that is not SQLite before sqlite3 touches it (it would only fail on first query)."""
    try:
        with path.open("rb") as f:
            head = f.read(16)
    except FileNotFoundError:
        return
    except IsADirectoryError as exc:
        raise ArchiveError(f"{path}: is a directory, not an archive file") from exc
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot read: {_reason(exc)}") from exc
    if head and head != SQLITE_HEADER:
        raise ArchiveError(f"{path}: not an SQLite database (corrupt, or another kind of file)")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "no space left on device"
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


def _parser_version(record: dict[str, Any]) -> str:
    return str((record.get("parser") or {}).get("version") or parsers.__version__)


def _int(value: Any) -> int | None:
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


def _num(value: Any) -> Any:
    return value if isinstance(value, int | float) or value is None else str(value)


def _extra(d: dict[str, Any], known: tuple[str, ...]) -> str | None:
    extra = {k: v for k, v in d.items() if k not in known}
    return json.dumps(extra, ensure_ascii=False) if extra else None
