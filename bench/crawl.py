"""Crawl benchmark: a generated portal set of about 10,000 pages served locally.

Reports (README "Benchmarks"):
  - pages per second of a first crawl with politeness off, and its ratio to `scrapy bench` measured
    in the same run on the same machine (target >= 0.5);
  - the second, unchanged crawl in requests and bytes as a share of the first (target <= 5 % of bytes);
  - peak memory of each crawl process (target < 400 MB).

    python bench/crawl.py [--portals 19] [--pages-per-listing 20] [--listing-pages 25]

Every document goes through the archive and the parsers, as in production: the figure is the whole
pipeline's, not the downloader's alone.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "portals"))

from report import tables_html  # noqa: E402

DETAIL_RE = re.compile(r"^/zfxxgk/zfxxgknb/(\d{6})/t(\d{8})_(\d+)\.html$")
INDEX_RE = re.compile(r"^/zfxxgk/zfxxgknb/(?:index(?:_(\d+))?\.html)?$")


def serve(port_queue: multiprocessing.Queue, per_page: int, pages: int) -> None:
    """The generated portals: www.benchNN.gov.cn, a TRS 年报 column of `pages` listing pages each."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            host = parts.hostname or ""
            body, status = self.render(host, parts.path)
            etag = f'"{hash(body) & 0xFFFFFFFF:x}"'
            if status == 200 and self.headers.get("If-None-Match") == etag:
                status, body = 304, b""
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8" if not parts.path.endswith(".txt") else "text/plain")
            self.send_header("Content-Length", str(len(body)))
            if status in (200, 304):
                self.send_header("ETag", etag)
                self.send_header("Last-Modified", "Mon, 13 Jan 2025 08:00:00 GMT")
            self.end_headers()
            self.wfile.write(body)

        def render(self, host: str, path: str) -> tuple[bytes, int]:
            m = re.match(r"www\.bench(\d+)\.gov\.cn$", host)
            if not m:
                return b"not found", 404
            portal = int(m.group(1))
            if path == "/robots.txt":
                return b"User-agent: *\nDisallow:\n", 200
            if m2 := INDEX_RE.match(path):
                n = int(m2.group(1) or 0)
                items = []
                for i in range(n * per_page, (n + 1) * per_page):
                    year = 2024 - i % 5
                    items.append(f'<li><a href="./{year + 1}01/t{year + 1}0120_{i}.html">'
                                 f"示例{portal}县第{i}局{year}年政府信息公开工作年度报告</a><span>{year + 1}-01-20</span></li>")
                return (f"<html><body><ul>{''.join(items)}</ul>"
                        f'<script>createPageHTML({pages}, {n}, "index", "html");</script></body></html>').encode(), 200
            if m3 := DETAIL_RE.match(path):
                i = int(m3.group(3))
                year = int(m3.group(1)[:4]) - 1
                agency = f"示例{portal}县第{i}局"
                return (f'<html><head><meta charset="utf-8"><title>{agency}{year}年政府信息公开工作年度报告</title></head><body>'
                        f'<h1>{agency}{year}年政府信息公开工作年度报告</h1><div class="TRS_Editor">'
                        f"{tables_html(agency, year, portal * 100000 + i)}</div></body></html>").encode(), 200
            return b"not found", 404

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    port_queue.put(httpd.server_address[1])
    httpd.serve_forever()


def run(cmd: list[str], env: dict, cwd: Path) -> tuple[str, float, float]:
    """Run a command; its stdout+stderr, wall seconds and peak RSS in MB (of that process alone)."""
    start = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd[:4])}… failed ({proc.returncode}):\n{out[-3000:]}")
    return out, wall, usage.ru_maxrss / 1024


def scrapy_bench(env: dict) -> float:
    """Pages per second of `scrapy bench` (outside the project, so our settings do not apply)."""
    with tempfile.TemporaryDirectory() as tmp:
        out, _, _ = run([sys.executable, "-m", "scrapy", "bench", "-s", "CLOSESPIDER_TIMEOUT=15"], env, Path(tmp))
    pages = int(re.search(r"'response_received_count': (\d+)", out).group(1))
    secs = float(re.search(r"'elapsed_time_seconds': ([\d.]+)", out).group(1))
    return pages / secs


def summary_numbers(out: str) -> dict[str, float]:
    m = re.search(r"crawl finished: (?:\d+ of )?(\d+) portals? read.*?(?:(\d+) reports? added.*?)?\n"
                  r"  traffic: (\d+) pages, (\d+) documents fetched .*?(\d+) requests, (\d+) bytes in ([\d.]+) s", out)
    if not m:
        raise SystemExit(f"no summary in crawl output:\n{out[-3000:]}")
    keys = ("portals", "new_reports", "pages", "documents", "requests", "bytes", "seconds")
    return dict(zip(keys, (float(g or 0) for g in m.groups()), strict=True))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portals", type=int, default=19)
    ap.add_argument("--pages-per-listing", type=int, default=20)
    ap.add_argument("--listing-pages", type=int, default=25)
    args = ap.parse_args()
    total = args.portals * args.listing_pages * (args.pages_per_listing + 1)
    q: multiprocessing.Queue = multiprocessing.Queue()
    server = multiprocessing.Process(target=serve, args=(q, args.pages_per_listing, args.listing_pages), daemon=True)
    server.start()
    proxy = f"http://127.0.0.1:{q.get(timeout=10)}"
    env = {**os.environ, "http_proxy": proxy, "no_proxy": "", "NO_PROXY": "",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    try:
        bench_rate = scrapy_bench({k: v for k, v in env.items() if k != "http_proxy"})
        with tempfile.TemporaryDirectory() as tmp:
            urls = [f"http://www.bench{i:02d}.gov.cn/zfxxgk/zfxxgknb/" for i in range(args.portals)]
            cmd = [sys.executable, "-m", "nianbao_cli", "crawl", "--db", f"{tmp}/bench.db", "--no-progress",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "CONCURRENT_REQUESTS=32",
                   "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "LOG_LEVEL=WARNING", *urls]
            out1, wall1, mem1 = run(cmd, env, ROOT)
            first = summary_numbers(out1)
            out2, wall2, mem2 = run(cmd, env, ROOT)
            second = summary_numbers(out2)
    finally:
        server.terminate()
    rate = first["requests"] / first["seconds"]  # crawl time, as scrapy bench counts it (no process start-up)
    print(f"generated portal set: {args.portals} portals, ~{total} pages")
    print(f"scrapy bench:          {bench_rate:8.1f} pages/s")
    print(f"first crawl:           {rate:8.1f} pages/s ({first['requests']:.0f} requests in {first['seconds']:.1f} s, "
          f"{wall1:.1f} s with start-up; {first['new_reports']:.0f} new reports) = {rate / bench_rate:.2f} x scrapy bench "
          "(target >= 0.5)")
    print(f"second crawl:          {second['requests']:.0f} requests ({100 * second['requests'] / first['requests']:.2f} %), "
          f"{second['bytes']:.0f} bytes ({100 * second['bytes'] / first['bytes']:.2f} % of {first['bytes']:.0f}; target <= 5 %), "
          f"{wall2:.1f} s")
    print(f"peak memory:           {max(mem1, mem2):.0f} MB (first {mem1:.0f}, second {mem2:.0f}; target < 400 MB)")
    print(f"(peak RSS of this process tree: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
