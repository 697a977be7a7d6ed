"""`make cluster-demo`: a local redis-server, the writer and two workers crawl the sample portals.

    python -m crawler.cluster.demo [--db data/cluster-demo.db] [--workers 2]

The same commands run a real cluster (README "Crawling on several machines"); here every part runs on
this machine and the sample portal server of tests/portals poses as the portals (an HTTP proxy).
"""

from __future__ import annotations

import argparse
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from ..cli import SAMPLE_PORTALS
from ..run import proxy_environment
from .writer import crawl_cluster

ROOT = Path(__file__).resolve().parents[2]
DEMO_SETTINGS = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "NIANBAO_BACKOFF_BASE=0", "LOG_LEVEL=WARNING")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(workdir: str) -> tuple[subprocess.Popen, str]:
    """redis-server on a free 127.0.0.1 port, with a random password, nothing saved to disk."""
    exe = shutil.which("redis-server")
    if exe is None:
        raise SystemExit("redis-server is not installed: make system (Debian package redis-server)")
    port, password = free_port(), os.urandom(12).hex()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--requirepass", password,
                             "--save", "", "--appendonly", "no", "--dir", workdir],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://:{password}@127.0.0.1:{port}/0"
    import redis

    client = redis.Redis.from_url(url)
    for _ in range(200):
        try:
            client.ping()
            return proc, url
        except redis.ConnectionError:
            if proc.poll() is not None:
                raise SystemExit("redis-server did not start") from None
            time.sleep(0.05)
    raise SystemExit("redis-server did not answer")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="data/cluster-demo.db")
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    if not (SAMPLE_PORTALS / "server.py").exists():
        raise SystemExit("the demo needs a source checkout (tests/portals is missing)")
    sys.path.insert(0, str(SAMPLE_PORTALS))
    from server import SamplePortals

    logging.basicConfig(level=logging.WARNING)
    with SamplePortals() as server, tempfile.TemporaryDirectory(prefix="nianbao-cluster-demo-") as tmp:
        redis_proc, url = start_redis(tmp)
        workers: list[subprocess.Popen] = []
        try:
            print(f"sample portals serving on {server.proxy}; redis-server on {url.split('@')[1]}")
            proxy_environment(server.proxy)
            portals = server.write_portals(Path(tmp) / "sample-portals.csv")
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
            for i in range(args.workers):
                workers.append(subprocess.Popen(
                    [sys.executable, "-m", "nianbao_cli", "worker", "--once", "--name", f"demo-worker-{i + 1}",
                     "--redis", url], cwd=ROOT, env=env, stdout=subprocess.DEVNULL))
            print(f"{args.workers} workers started; the writer seeds the frontier and stores into {args.db}")
            summary = crawl_cluster((), redis_url=url, db=args.db, portals_file=str(portals), overrides=DEMO_SETTINGS)
            for line in summary.lines():
                print(line)
            for w in workers:
                w.wait(timeout=120)
        finally:
            for w in workers:
                if w.poll() is None:
                    w.kill()
                    w.wait()
            redis_proc.terminate()
            redis_proc.wait(timeout=30)
    print(f"browse the archive: nianbao serve --db {args.db}   (then open http://127.0.0.1:8001/nianbao/reports)")


if __name__ == "__main__":
    main()
