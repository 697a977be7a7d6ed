"""Helpers of the crawler tests: the sample portal server on sys.path and a crawl runner."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "portals"))

from server import SamplePortals  # noqa: E402

FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "NIANBAO_BACKOFF_BASE=0",
        "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4", "-s", "LOG_LEVEL=INFO"]


class Crawl:
    """Runs `nianbao crawl` against the sample portals into one archive."""

    def __init__(self, server: SamplePortals, workdir: Path) -> None:
        self.server = server
        self.db = workdir / "nianbao.db"
        self.portals = server.write_portals(workdir / "portals.csv")
        self.env = {**os.environ, "http_proxy": server.proxy, "https_proxy": server.proxy, "no_proxy": "",
                    "NO_PROXY": "", "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}

    def __call__(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [sys.executable, "-m", "nianbao_cli", "crawl", "--db", str(self.db), "--portals", str(self.portals),
               *FAST, *args]
        proc = subprocess.run(cmd, cwd=ROOT, env=self.env, capture_output=True, text=True, timeout=240)
        if check and proc.returncode != 0:
            raise AssertionError(f"crawl failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr[-4000:]}")
        return proc
