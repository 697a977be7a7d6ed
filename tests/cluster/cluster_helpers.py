"""Helpers of the cluster tests: a real redis-server on a free port, the writer and workers as processes."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "portals"))

from server import SamplePortals  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NIANBAO_BACKOFF_BASE=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=1", "-s", "LOG_LEVEL=INFO", "-s", "NIANBAO_PARSE_PROCESSES=0"]
# Workers of the tests: a dead worker's requests go back to the queue 3 s after its last heartbeat.
WORKER = ["-s", "NIANBAO_CLUSTER_HEARTBEAT=3"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """redis-server (the Debian package) on a free 127.0.0.1 port, without persistence, in a temp dir."""

    def __init__(self) -> None:
        exe = shutil.which("redis-server")
        if exe is None:
            raise RuntimeError("redis-server is not installed (make system installs it)")
        self.port = free_port()
        self.dir = tempfile.mkdtemp(prefix="nianbao-redis-")
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                                      "--appendonly", "no", "--dir", self.dir, "--protected-mode", "yes"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        import redis

        self.client = redis.Redis(port=self.port)
        for _ in range(200):
            try:
                self.client.ping()
                break
            except redis.ConnectionError:
                if self.proc.poll() is not None:
                    raise RuntimeError("redis-server did not start") from None
                time.sleep(0.05)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=20)
        shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self) -> RedisServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


class OverlapPortals(SamplePortals):
    """The sample portals, recording when two requests to one host were being served at the same time."""

    def __init__(self) -> None:
        super().__init__()
        self.active: Counter[str] = Counter()
        self.overlaps: list[str] = []
        self._olock = threading.Lock()

    def resolve(self, host, path, query, headers, body):  # type: ignore[no-untyped-def]
        with self._olock:
            self.active[host] += 1
            if self.active[host] > 1:
                self.overlaps.append(f"{host}{path}")
        return super().resolve(host, path, query, headers, body)

    def _hit(self, method, host, path, status, headers):  # type: ignore[no-untyped-def]
        if method != "CONNECT":
            with self._olock:
                self.active[host] -= 1
        super()._hit(method, host, path, status, headers)


class Cluster:
    """Runs the writer (`nianbao crawl --redis`) and workers against the sample portals into one archive."""

    def __init__(self, server: SamplePortals, redis_url: str, workdir: Path) -> None:
        self.redis_url = redis_url
        self.workdir = workdir
        self.db = workdir / "nianbao.db"
        self.portals = server.write_portals(workdir / "portals.csv")
        self.env = {**os.environ, "http_proxy": server.proxy, "https_proxy": server.proxy, "no_proxy": "",
                    "NO_PROXY": "", "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
        self.n = 0
        self.procs: list[subprocess.Popen] = []

    def _log(self, name: str):  # type: ignore[no-untyped-def]
        self.n += 1
        return (self.workdir / f"{name}-{self.n}.log").open("w")

    def writer(self, *args: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "nianbao_cli", "crawl", "--redis", self.redis_url, "--db", str(self.db),
               "--portals", str(self.portals), "--no-progress", *FAST, *args]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=subprocess.PIPE, stderr=self._log("writer"),
                                text=True)
        self.procs.append(proc)
        return proc

    def worker(self, *args: str) -> subprocess.Popen:
        cmd = [sys.executable, "-m", "nianbao_cli", "worker", "--once", "--redis", self.redis_url, *WORKER, *args]
        proc = subprocess.Popen(cmd, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=self._log("worker"))
        self.procs.append(proc)
        return proc

    def stop(self) -> None:
        """Kill what a failed test left running (each process by its own pid)."""
        for proc in self.procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=30)

    def run(self, workers: int = 2, writer_args: tuple[str, ...] = (), worker_args: tuple[str, ...] = ()) -> str:
        """A whole cluster crawl; the writer's output (the summary)."""
        w = self.writer(*writer_args)
        ws = [self.worker(*worker_args) for _ in range(workers)]
        out = finish(w)
        for p in ws:
            p.wait(timeout=120)
        return out


def finish(proc: subprocess.Popen, timeout: float = 300) -> str:
    out, _ = proc.communicate(timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"writer failed ({proc.returncode}):\n{out}")
    return out
