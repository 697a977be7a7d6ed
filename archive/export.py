"""Export the archive as CONTRACT.md §3 says: one object (jsonl) or one wide row (csv) per report."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from .keys import ALL_KEYS
from .store import Archive

CSV_META = ("id", "agency", "year", "title", "format", "level", "province", "city", "county", "region_code", "url",
            "published_at", "deadline", "portal", "check_status", "failed_checks", "sha256", "parser_version")


def report_objects(arc: Archive) -> Iterator[dict[str, Any]]:
    """The `parse --json` object of each report's current version plus url, published_at, documents, portal."""
    reports = arc.db.execute(
        "select r.id, r.current_version, r.url, r.published_at, r.portal, a.name, r.year from reports r"
        " left join agencies a on a.id = r.agency_id where r.current_version is not null order by r.id").fetchall()
    for report_id, vid, url, published_at, portal, agency, year in reports:
        obj = arc.record(vid)
        # A document that names neither (a scanned PDF) was filed by its page's agency and year.
        obj["agency"] = obj.get("agency") or agency
        obj["year"] = obj.get("year") or year
        docs = arc.db.execute(
            "select url, media_type, sha256, fetched_at from report_versions where report_id = ? order by seq",
            [report_id]).fetchall()
        obj.update(
            report_id=report_id,
            url=url,
            published_at=published_at[:10] if published_at else None,
            documents=[{"url": u, "media_type": m, "sha256": s, "fetched_at": f} for u, m, s, f in docs],
            portal=portal,
        )
        yield obj


def write_jsonl(arc: Archive, out: IO[str]) -> int:
    n = 0
    for obj in report_objects(arc):
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(arc: Archive, out: IO[str]) -> int:
    """Meta fields, then one column per canonical key (form order; keys outside the contract at the end)."""
    found = {r[0] for r in arc.db.execute(
        "select distinct c.key from reports r join cells c on c.version_id = r.current_version")}
    keys = list(ALL_KEYS) + sorted(found - set(ALL_KEYS))
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*CSV_META, *keys])
    n = 0
    for row in arc.db.execute(
        "select r.id, r.agency_id, r.year, r.title, r.format, r.level, r.province, r.city, r.county,"
        " r.region_code, r.url, r.published_at, r.deadline, r.portal, r.check_status, r.failed_checks, r.sha256,"
        " r.parser_version, r.current_version from reports r where r.current_version is not null order by r.id"
    ).fetchall():
        values = dict(arc.db.execute(
            "select key, value from cells where version_id = ? and in_values = 1", [row[-1]]).fetchall())
        writer.writerow([*row[:-1], *(_csv_value(values.get(k)) for k in keys)])
        n += 1
    return n


def _csv_value(v: Any) -> Any:
    return "" if v is None else v
