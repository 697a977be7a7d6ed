"""The archive lock: one crawl, import or reparse per archive at a time, so a slow nightly run and the next
one (or an import started by hand meanwhile) never overlap."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO


class CrawlLocked(RuntimeError):
    """Another crawl, import or reparse holds the lock of this archive."""


class CrawlLock:
    """An flock on `<db>.lock`, released when the process ends however it ends (kill -9 included)."""

    def __init__(self, db: str | Path) -> None:
        self.path = Path(str(db) + ".lock")
        self._fh: IO[str] | None = None

    def acquire(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fh = self.path.open("a+")
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read().strip() or "another process"
            fh.close()
            raise CrawlLocked(f"another crawl is running on {self.path.with_suffix('')} (or an import or reparse;"
                              f" pid {holder}); "
                              f"lock file {self.path}") from None
        fh.seek(0)
        fh.truncate()
        fh.write(str(os.getpid()))
        fh.flush()
        self._fh = fh

    def release(self) -> None:
        if self._fh is not None:
            fcntl.flock(self._fh, fcntl.LOCK_UN)
            self._fh.close()
            self._fh = None

    def __enter__(self) -> CrawlLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
