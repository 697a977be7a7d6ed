"""Cluster benchmark: pages per second with 1, 2 and 4 workers, and the single writer's records per second.

    python bench/cluster.py [--portals 64] [--reports 10] [--latency 1.0] [--delay 1.0] [--concurrency 4]

Two cases on a generated portal set (the TRS-style portals of bench/crawl.py, served locally):

- politeness-bound (the case real crawls are in): every portal answers after `--latency` seconds (real
  portals are slow), DOWNLOAD_DELAY is `--delay` per host across the cluster, and each worker has
  `--concurrency` requests in flight (what one machine and its address may send). Hosts outnumber what
  one worker can keep busy, so workers add throughput until the hosts' own delay binds.
  Goal: >= 1.8x with 2 workers and >= 3.2x with 4.
- no delay: no latency, no delay, CONCURRENT_REQUESTS=16: bound by the CPU (parsing, the writer).

Pages per second are pages fetched (robots.txt not counted: each worker asks for it once per host) over
the time from the first to the last record handed to the writer: a real run lasts hours, so the seconds a
worker takes to start Scrapy are left out (the run time with start-up is printed beside it). Every document goes through the parsers (in the workers) and the archive (the writer).
The writer's figure: parsed records of the first crawl replayed through the stream into an empty archive.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "portals"))
sys.path.insert(0, str(ROOT / "tests" / "cluster"))

from cluster_helpers import RedisServer  # noqa: E402
from report import tables_html  # noqa: E402

DETAIL_RE = re.compile(r"^/zfxxgk/zfxxgknb/(\d{6})/t(\d{8})_(\d+)\.html$")
INDEX_RE = re.compile(r"^/zfxxgk/zfxxgknb/(?:index\.html)?$")


def serve(port_queue: multiprocessing.Queue, reports: int, latency: multiprocessing.Value) -> None:  # type: ignore[type-arg]
    """Portals www.benchNN.gov.cn: one 年报 listing page of `reports` report pages each."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            body, status = self.render(parts.hostname or "", parts.path)
            if latency.value and parts.path != "/robots.txt":
                time.sleep(latency.value)
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if not parts.path.endswith(".txt") else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def render(self, host: str, path: str) -> tuple[bytes, int]:
            m = re.match(r"www\.bench(\d+)\.gov\.cn$", host)
            if not m:
                return b"not found", 404
            portal = int(m.group(1))
            if path == "/robots.txt":
                return b"User-agent: *\nDisallow:\n", 200
            if INDEX_RE.match(path):
                items = "".join(
                    f'<li><a href="./{2024 - i % 5 + 1}01/t{2024 - i % 5 + 1}0120_{i}.html">'
                    f"示例{portal}县第{i}局{2024 - i % 5}年政府信息公开工作年度报告</a><span>{2024 - i % 5 + 1}-01-20</span></li>"
                    for i in range(reports))
                return f"<html><body><ul>{items}</ul></body></html>".encode(), 200
            if m3 := DETAIL_RE.match(path):
                i, year = int(m3.group(3)), int(m3.group(1)[:4]) - 1
                agency = f"示例{portal}县第{i}局"
                return (f'<html><head><meta charset="utf-8"><title>{agency}{year}年政府信息公开工作年度报告</title></head><body>'
                        f'<h1>{agency}{year}年政府信息公开工作年度报告</h1><div class="TRS_Editor">'
                        f"{tables_html(agency, year, portal * 100000 + i)}</div></body></html>").encode(), 200
            return b"not found", 404

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    httpd.request_queue_size = 256
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever()


def crawl(n_workers: int, redis: RedisServer, env: dict, urls: list[str], settings: list[str], tmp: Path) -> dict:
    """One cluster crawl into a new archive: its summary figures."""
    redis.client.flushall()
    db = tmp / f"bench-{n_workers}-{time.monotonic_ns()}.db"
    sets = [a for s in settings for a in ("-s", s)]
    workers = [subprocess.Popen([sys.executable, "-m", "nianbao_cli", "worker", "--once", "--redis", redis.url,
                                 "-s", "NIANBAO_PARSE_PROCESSES=1"],
                                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for _ in range(n_workers)]
    try:
        time.sleep(8)  # let the workers import Scrapy and wait for the run: the figure is crawl time
        out = subprocess.run([sys.executable, "-m", "nianbao_cli", "crawl", "--redis", redis.url, "--db", str(db),
                              "--no-progress", *sets, *urls], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=3600)
        if out.returncode != 0:
            raise SystemExit(f"writer failed:\n{out.stdout}\n{out.stderr[-3000:]}")
        for w in workers:
            w.wait(timeout=300)
    finally:
        for w in workers:
            if w.poll() is None:
                w.kill()
                w.wait()
    m = re.search(r"crawl finished: .*?(\d+) new reports.*?(\d+) requests, (\d+) bytes in ([\d.]+) s", out.stdout)
    if not m:
        raise SystemExit(f"no summary:\n{out.stdout}")
    from crawler.cluster import frontier as fk

    stats = {k.decode(): int(v) for k, v in redis.client.hgetall(fk.STATS).items()}
    pages = stats["downloader/request_count"] - stats.get("robotstxt/request_count", 0)
    window = (stats["stream/last_ms"] - stats["stream/first_ms"]) / 1000
    return {"db": db, "reports": int(m.group(1)), "pages": pages, "robots": stats.get("robotstxt/request_count", 0),
            "window": window, "seconds": float(m.group(4))}


def writer_rate(redis: RedisServer, source_db: Path, tmp: Path) -> tuple[int, float]:
    """Records per second of the single writer: the first crawl's documents, parsed beforehand, replayed
    through the stream into an empty archive."""
    import parsers
    from archive import Archive
    from crawler.cluster import frontier as fk
    from crawler.cluster.writer import Writer
    from crawler.store import ArchiveGateway

    with Archive(source_db) as src:
        rows = src.db.execute(
            "select f.url, f.portal, b.content, d.media_type from fetches f join documents d on d.sha256 = f.sha256"
            " join blobs b on b.sha256 = f.sha256 where f.outcome = 'ok'").fetchall()
    redis.client.flushall()
    arc = ArchiveGateway(tmp / "writer.db")
    arc.run_id = arc.start_run([])
    writer = Writer(redis.client, arc)
    for i, (url, portal, body, media_type) in enumerate(rows):
        record = parsers.parse(bytes(body), url=url, media_type=media_type)
        meta = {"url": url, "portal": portal, "status": 200, "media_type": media_type, "etag": None,
                "last_modified": None, "published_at": None, "fetched_at": f"2026-01-01T00:00:{i:06d}", "hints": {}}
        redis.client.xadd(fk.STREAM, {"run": arc.run_id, "kind": "document", "meta": json.dumps(meta),
                                      "body": bytes(body), "record": json.dumps(record, ensure_ascii=False)})
    start = time.monotonic()
    while writer.read(block_ms=1):
        pass
    seconds = time.monotonic() - start
    arc.close()
    return len(rows), seconds


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portals", type=int, default=64)
    ap.add_argument("--reports", type=int, default=10, help="report pages per portal")
    ap.add_argument("--latency", type=float, default=1.0, help="seconds a portal takes to answer (delay case)")
    ap.add_argument("--delay", type=float, default=1.0, help="DOWNLOAD_DELAY per host (delay case)")
    ap.add_argument("--concurrency", type=int, default=4, help="CONCURRENT_REQUESTS per worker (delay case)")
    ap.add_argument("--workers", default="1,2,4")
    args = ap.parse_args()
    if shutil.which("redis-server") is None:
        raise SystemExit("redis-server is not installed (make system)")
    counts = [int(x) for x in args.workers.split(",")]
    latency = multiprocessing.Value("d", 0.0)
    q: multiprocessing.Queue = multiprocessing.Queue()  # type: ignore[type-arg]
    server = multiprocessing.Process(target=serve, args=(q, args.reports, latency), daemon=True)
    server.start()
    proxy = f"http://127.0.0.1:{q.get(timeout=10)}"
    env = {**os.environ, "http_proxy": proxy, "no_proxy": "", "NO_PROXY": "",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    urls = [f"http://www.bench{i:02d}.gov.cn/zfxxgk/zfxxgknb/" for i in range(args.portals)]
    common = ["AUTOTHROTTLE_ENABLED=False", "LOG_LEVEL=WARNING", "CONCURRENT_REQUESTS_PER_DOMAIN=1"]
    cases = {
        "politeness-bound": (args.latency, [f"DOWNLOAD_DELAY={args.delay}", f"CONCURRENT_REQUESTS={args.concurrency}"]),
        "no delay": (0.0, ["DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS=16"]),
    }
    results: dict[str, dict[int, dict]] = {}
    try:
        with RedisServer() as redis, tempfile.TemporaryDirectory() as tmp:
            for name, (lat, settings) in cases.items():
                latency.value = lat
                results[name] = {n: crawl(n, redis, env, urls, common + settings, Path(tmp)) for n in counts}
            first = results["no delay"][counts[0]]["db"]
            n_records, secs = writer_rate(redis, first, Path(tmp))
    finally:
        server.terminate()
    print(f"machine: {os.cpu_count()} cores; generated portal set: {args.portals} portals x "
          f"({args.reports} reports + listing + robots.txt)")
    for name, runs in results.items():
        lat, settings = cases[name]
        print(f"{name} (latency {lat:g} s, {' '.join(settings)}):")
        base = runs[counts[0]]["pages"] / runs[counts[0]]["window"]
        for n, r in runs.items():
            rate = r["pages"] / r["window"]
            goal = {2: " (goal >= 1.8x)", 4: " (goal >= 3.2x)"}.get(n, "") if name == "politeness-bound" else ""
            print(f"  {n} worker{'s' if n > 1 else ' '}: {rate:7.1f} pages/s = {rate / base:.2f}x{goal}  ({r['pages']} pages "
                  f"in {r['window']:.1f} s from first to last record; run {r['seconds']:.1f} s with start-up; "
                  f"+{r['robots']} robots.txt; {r['reports']} new reports)")
    print(f"single writer: {n_records / secs:7.1f} records/s ({n_records} parsed records stored in {secs:.1f} s)")


if __name__ == "__main__":
    main()
