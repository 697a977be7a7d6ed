"""Benchmark of the archive: import throughput, database size, Datasette response times.

    python bench/archive.py                # 20,000 synthetic reports, about 4 million cells
    python bench/archive.py --reports 2000 # quicker

1. Import N synthetic parsed reports (CONTRACT.md §2 records, ~200 cells each) through Archive.store_record,
   in transactions of 500, and compare with a plain sqlite-utils `insert_all` of the same cell rows into a
   fresh file in the same run (target: ratio <= 2). Record generation is not timed in either.
2. Database size per report (with and without the raw bytes, which are synthetic and small here).
3. Median response time of each canned query through a real `nianbao serve` (target < 500 ms).
4. Median response time of the pages of archive/views.py (target < 300 ms): the report page (the official
   form, checks, previous year), the agency page, the chart page for all reports, one province and one
   level over a year range (HTML and CSV), the scorecard sorted by score and filtered, a document download.
   Times are server side plus HTTP on 127.0.0.1; drawing the charts in the browser is not timed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from datasette.utils import tilde_encode  # noqa: E402
from sqlite_utils import Database  # noqa: E402

from archive import Archive  # noqa: E402
from archive.keys import TABLE_KEYS, split_key  # noqa: E402

KEYS = list(TABLE_KEYS["requests"]) + list(TABLE_KEYS["redress"])[:15] + list(TABLE_KEYS["active"])[:3]
PROVINCES = ["江苏省", "浙江省", "河北省", "广东省", "四川省"]
CITIES = {"江苏省": ["淮安市", "南京市"], "浙江省": ["杭州市", "宁波市"], "河北省": ["秦皇岛市", "石家庄市"],
          "广东省": ["广州市", "深圳市"], "四川省": ["成都市", "绵阳市"]}
DEPTS = ["人民政府", "财政局", "生态环境局", "教育局", "卫生健康委员会", "公安局", "自然资源局", "商务局"]
TEXT = ("本年度我单位坚持以公开为常态、不公开为例外，依法办理政府信息公开申请，对不予公开的申请逐一说明理由。"
        "全年发生行政复议案件{n}件，行政诉讼案件{m}件。")
QUERY_PARAMS: dict[str, dict[str, str]] = {
    "failing_checks": {"year": "2023", "rule": ""},
    "applications_received": {"agency": "淮安市第1", "year": ""},
    "late_reports": {"year": "2023"},
    "missing_reports": {"year": "2024"},
    "silent_portals": {},
    "carryover_mismatches": {"year": "2024"},
    "search": {"q": "行政复议"},
    "search (2 characters)": {"q": "复议"},
}


def synthetic(i: int, rng: random.Random) -> tuple[dict[str, Any], bytes]:
    """Report i: agency i//3 for years 2022–2024 (so cross-year queries have work), ~200 cells."""
    k = i // 3
    province = PROVINCES[k % len(PROVINCES)]
    city = CITIES[province][(k // len(PROVINCES)) % 2]
    agency = f"{city}第{k}{DEPTS[k % len(DEPTS)]}"
    year = 2022 + i % 3
    values = {k: rng.randint(0, 40) for k in KEYS}
    cells = {k: {"raw": str(v) if v else "", "kind": "number" if v else "blank"} for k, v in values.items()}
    checks = [{"rule": "R1", "scope": f"requests.{c}", "status": rng.choice(["pass", "pass", "pass", "fail"]),
               "left": 1, "right": 1, "detail": "一+二 vs 三(七)+四"} for c in ("natural_person", "total")]
    data = f"synthetic report {i}".encode() * 100
    record = {
        "schema": 1, "parser": {"name": "nianbao", "version": "0.1.0"},
        "source": {"path": f"r{i}.pdf", "url": None, "sha256": hashlib.sha256(data).hexdigest(),
                   "media_type": "application/pdf"},
        "title": f"{agency}{year}年政府信息公开工作年度报告", "agency": agency, "year": year, "format": "2021",
        "sections": {"overview": TEXT.format(n=i % 7, m=i % 3), "problems": "存在的主要问题及改进情况。" * 5},
        "values": values, "cells": cells, "uncertain": [], "checks": checks, "warnings": [],
    }
    return record, data


def cell_rows(vid: int, record: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"version_id": vid, "key": k, "table_key": t, "row_key": r, "column_key": c, "value": v,
             "in_values": 1, "raw": record["cells"][k]["raw"], "kind": record["cells"][k]["kind"], "extra": None}
            for k, v in record["values"].items() for t, r, c in [split_key(k)]]


def bench_import(n: int, workdir: Path, chunk: int = 500) -> dict[str, float]:
    rng = random.Random(1)
    base = Database(workdir / "baseline.db")
    base.execute("PRAGMA journal_mode = WAL")
    raw = Database(workdir / "executemany.db")
    raw.execute("PRAGMA journal_mode = WAL")
    arc = Archive(workdir / "nianbao.db")
    t_base = t_arc = t_raw = 0.0
    cells = 0
    for start in range(0, n, chunk):
        batch = [synthetic(i, rng) for i in range(start, min(n, start + chunk))]
        rows = [row for i, (rec, _) in enumerate(batch, start) for row in cell_rows(i, rec)]
        cells += len(rows)
        t0 = time.perf_counter()
        base.table("cells").insert_all(rows, batch_size=500)
        t_base += time.perf_counter() - t0
        t0 = time.perf_counter()  # the floor: plain executemany of the same tuples, one transaction per chunk
        if start == 0:
            raw.table("cells").create({k: type(v) if v is not None else str for k, v in rows[0].items()})
        with raw.atomic():
            raw.conn.executemany(f"insert into cells values ({', '.join('?' * len(rows[0]))})",
                                 [tuple(r.values()) for r in rows])
        t_raw += time.perf_counter() - t0
        t0 = time.perf_counter()
        run = arc.start_run(["https://p.gov.cn/"]) if start == 0 else None
        with arc.transaction():
            for i, (rec, data) in enumerate(batch, start):
                portal = "https://p.gov.cn/" if i % 50 else "https://q.gov.cn/"
                arc.store_record(rec, data=data, published_at=f"{rec['year'] + 1}-0{1 + i % 4}-15", portal=portal)
        if run:
            arc.finish_run(run, {"portals": 1})
        t_arc += time.perf_counter() - t0
        print(f"  {min(n, start + chunk)}/{n} reports", file=sys.stderr, end="\r")
    run = arc.start_run(["https://p.gov.cn/", "https://q.gov.cn/"])
    rec, data = synthetic(0, rng)
    arc.store_record(rec, data=data, portal="https://p.gov.cn/")
    arc.finish_run(run, {"portals": 2})
    arc.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob_bytes = arc.db.execute("select sum(length(content)) from blobs").fetchone()[0]
    arc.close()
    base.close()
    raw.close()
    size = (workdir / "nianbao.db").stat().st_size
    return {"reports": n, "cells": cells, "archive_s": t_arc, "baseline_s": t_base, "ratio": t_arc / t_base,
            "executemany_s": t_raw,
            "bytes_per_report": size / n, "bytes_per_report_without_raw": (size - blob_bytes) / n,
            "baseline_bytes_per_report": (workdir / "baseline.db").stat().st_size / n}


def bench_queries(db: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT / "tests" / "archive"))
    from archive_helpers import Server

    server = Server(db)
    out = {}
    try:
        for label, params in QUERY_PARAMS.items():
            name = label.split(" ")[0]
            url = f"/nianbao/{name}.json?" + urllib.parse.urlencode({**params, "_shape": "objects"})
            server.get(url)  # warm the page cache
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                body = server.get(url)
                times.append(time.perf_counter() - t0)
            rows = len(json.loads(body)["rows"])
            out[label] = statistics.median(times) * 1000
            print(f"  {label}: {out[label]:.0f} ms ({rows} rows)", file=sys.stderr)
        for label, url in (("reports page + facets", "/nianbao/reports.json?_facet=province&_facet=year"),
                           ("requests_wide page", "/nianbao/requests_wide.json")):
            server.get(url)
            t0 = time.perf_counter()
            server.get(url)
            out[label] = (time.perf_counter() - t0) * 1000
    finally:
        server.stop()
    return out


def pages(db: Path) -> dict[str, str]:
    """A report in the middle of the archive (with a previous year), its agency, and the chart filters."""
    d = Database(db)
    n = d.execute("select count(*) from reports where year = 2023").fetchone()[0]
    report, agency, sha = d.execute("select id, agency_id, sha256 from reports where year = 2023 order by id"
                                    " limit 1 offset ?", [n // 2]).fetchone()
    level = d.execute("select level from figures group by level order by count(*) desc limit 1").fetchone()[0]
    return {
        "baseline: Datasette's own JSON of the report's row": f"/nianbao/reports/{tilde_encode(report)}.json",
        "report page": "/nianbao/reports/" + urllib.parse.quote(report),
        "agency page": "/nianbao/agencies/" + urllib.parse.quote(agency),
        "charts: all reports": "/nianbao/-/charts",
        "charts: one province, 2023–2024": "/nianbao/-/charts?" + urllib.parse.urlencode(
            {"province": PROVINCES[0], "from": "2023", "to": "2024"}),
        "charts: one level": "/nianbao/-/charts?" + urllib.parse.urlencode({"level": level}),
        "charts CSV: all reports": "/nianbao/-/charts.csv",
        "scorecard sorted by score": "/nianbao/scorecard?_sort=score",
        "scorecard: one province and year, sorted": "/nianbao/scorecard?" + urllib.parse.urlencode(
            {"province": PROVINCES[1], "year": "2024", "_sort_desc": "score"}),
        "search box, 2 characters (sent to the scan)": "/nianbao/sections?" + urllib.parse.urlencode(
            {"_search": "复议"}),
        "document download": f"/nianbao/-/document/{sha}",
    }


def bench_pages(db: Path) -> dict[str, float]:
    """Median of 5 of each page of views.py (a redirect, as for the percent-encoded citation URL, followed)."""
    sys.path.insert(0, str(ROOT / "tests" / "archive"))
    from archive_helpers import Server

    server = Server(db)
    out = {}
    try:
        for label, url in pages(db).items():
            body = server.get(url)  # warm
            times = []
            for _ in range(5):
                t0 = time.perf_counter()
                server.get(url)
                times.append(time.perf_counter() - t0)
            out[label] = statistics.median(times) * 1000
            print(f"  {label}: {out[label]:.0f} ms ({len(body) // 1024} KiB)", file=sys.stderr)
    finally:
        server.stop()
    return out


def print_pages(times: dict[str, float]) -> None:
    """Each page's median, and its ratio to Datasette's own row JSON in the same run (the machine's load)."""
    base = next(iter(times.values()))
    for label, ms in times.items():
        print(f"page {label}: {ms:.0f} ms, {ms / base:.1f}× the baseline{'' if ms < 300 else '  (over 300 ms)'}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=20000)
    ap.add_argument("--keep", type=Path, help="Keep the databases in this folder.")
    ap.add_argument("--queries-only", action="store_true", help="Only time the queries on the --keep database.")
    args = ap.parse_args()
    if args.queries_only:
        for label, ms in bench_queries(args.keep / "nianbao.db").items():
            print(f"datasette {label}: {ms:.0f} ms")
        print_pages(bench_pages(args.keep / "nianbao.db"))
        return
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.keep or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        result = bench_import(args.reports, workdir)
        print(f"import: {result['reports']} reports, {result['cells']} cells in {result['archive_s']:.1f} s; "
              f"plain insert_all of the cells {result['baseline_s']:.1f} s; ratio {result['ratio']:.2f} (target <= 2); "
              f"bare executemany of the cells {result['executemany_s']:.1f} s")
        print(f"size: {result['bytes_per_report'] / 1024:.1f} KiB per report "
              f"({result['bytes_per_report_without_raw'] / 1024:.1f} KiB without raw bytes; "
              f"plain cells table {result['baseline_bytes_per_report'] / 1024:.1f} KiB)")
        for label, ms in bench_queries(workdir / "nianbao.db").items():
            flag = "" if ms < 500 else "  (over 500 ms)"
            print(f"datasette {label}: {ms:.0f} ms{flag}")
        print_pages(bench_pages(workdir / "nianbao.db"))


if __name__ == "__main__":
    main()
