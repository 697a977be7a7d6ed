"""Kill -9 an import midway: the archive stays consistent and the next run finishes the work."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archive_helpers import REPO, doc_bytes, make_record

N = 240


def reports_in(db: Path) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
        try:
            return int(conn.execute("select count(*) from reports").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def run_import(folder: Path, db: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(Path(__file__).with_name("fake_nianbao.py")), "import",
                             str(folder), "--db", str(db)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def check_consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        # every report points at a version of its own, and every version has all its parsed rows
        assert conn.execute("select count(*) from reports r left join report_versions v on v.id = r.current_version"
                            " where v.report_id is not r.id").fetchone()[0] == 0
        assert conn.execute("select count(*) from report_versions v where n_cells !="
                            " (select count(*) from cells c where c.version_id = v.id)").fetchone()[0] == 0
        assert conn.execute("select count(*) from documents d left join blobs b using (sha256)"
                            " where b.sha256 is null").fetchone()[0] == 0
        assert conn.execute("select count(*) from sections s left join sections_fts f on f.rowid = s.id"
                            " where f.rowid is null").fetchone()[0] == 0
    finally:
        conn.close()


def test_killed_import_is_consistent_and_finished_by_the_next_run(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for i in range(N):
        record = make_record(f"测试市第{i:03d}局", 2024, extra_cells=14,
                             sections={"overview": f"第{i}号报告，不予公开的申请依法处理。"})
        record["sleep"] = 0.01
        (folder / f"{i:03d}.json").write_bytes(doc_bytes(record))
    db = tmp_path / "nianbao.db"
    proc = run_import(folder, db)
    deadline = time.monotonic() + 60
    while reports_in(db) < 20 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done = reports_in(db)
    assert 0 < done < N, "the kill should land midway"
    check_consistent(db)

    second = run_import(folder, db)
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err.decode()
    check_consistent(db)
    assert reports_in(db) == N
    assert f"{N - done} new report" in out.decode()
