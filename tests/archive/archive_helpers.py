"""Helpers for archive tests: synthetic canonical records (CONTRACT.md §2) and a stand-in parser.

The archive must not depend on parser details, so documents here are JSON "reports" that `fake_parse`
turns into records; the real parser is swapped in through `parsers.parse`, exactly where ingest() calls it.
"""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import parsers
from archive.keys import REQUEST_COLUMNS

REPO = Path(__file__).resolve().parents[2]


def make_record(agency: str | None, year: int | None, *, fmt: str = "2021", values: dict[str, Any] | None = None,
                sections: dict[str, str] | None = None, checks: list[dict[str, Any]] | None = None,
                title: str | None = None, extra_cells: int = 0) -> dict[str, Any]:
    """A canonical record; `extra_cells` adds that many table 三 cells so one document can out-count another."""
    vals = dict(values or {})
    keys = [f"requests.granted.{c}" for c in REQUEST_COLUMNS] + [f"requests.partial.{c}" for c in REQUEST_COLUMNS]
    for key in keys[:extra_cells]:
        vals.setdefault(key, 1)
    cells = {k: {"raw": "" if v == 0 else str(v), "kind": "blank" if v == 0 else "number"} for k, v in vals.items()}
    return {
        "schema": 1,
        "parser": {"name": "nianbao", "version": parsers.__version__},
        "source": {"path": None, "url": None, "sha256": None, "media_type": "text/plain"},
        "title": title if title is not None else (f"{agency}{year}年政府信息公开工作年度报告" if agency else None),
        "agency": agency,
        "year": year,
        "format": fmt,
        "sections": sections or {"overview": f"{agency}{year}年政府信息公开工作总体情况。"},
        "values": vals,
        "cells": cells,
        "uncertain": [],
        "checks": checks or [],
        "warnings": [],
    }


def doc_bytes(record: dict[str, Any]) -> bytes:
    """The bytes of a fake document: the record itself, which `fake_parse` reads back."""
    return json.dumps(record, ensure_ascii=False, sort_keys=True).encode("utf-8")


def fake_parse(data: bytes, *, path: str | None = None, url: str | None = None, media_type: str | None = None,
               **_: Any) -> dict[str, Any]:
    """Stand-in for parsers.parse: JSON bytes are the record; anything else is unreadable."""
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise parsers.UnreadableDocument("not a readable document") from exc
    if record.get("sleep"):
        time.sleep(record["sleep"])
    record["parser"] = {"name": "nianbao", "version": parsers.__version__}
    record["source"] = {"path": path, "url": url, "sha256": hashlib.sha256(data).hexdigest(),
                        "media_type": media_type or "text/plain", "size": len(data)}
    return record


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`nianbao serve` in a subprocess, bound to 127.0.0.1 on a free port."""

    def __init__(self, db: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nianbao_cli", "serve", "--db", str(db), "--port", str(self.port)],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                self.get("/-/versions.json")
                return
            except OSError:
                if self.proc.poll() is not None:
                    out = self.proc.stdout.read().decode() if self.proc.stdout else ""
                    raise RuntimeError(f"nianbao serve exited: {out}") from None
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("nianbao serve did not start in 30 s")

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.base + path, timeout=10) as r:
            return bytes(r.read())

    def json(self, path: str) -> Any:
        return json.loads(self.get(path))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
