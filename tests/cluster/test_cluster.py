"""The scrapy-redis cluster end to end: a real redis-server, the writer and workers as processes, the
sample portals (tests/portals) as the web. Kills are triggered by counts of stream entries, not by time."""

from __future__ import annotations

import re
import signal
import subprocess
import sys

import pytest
from cluster_helpers import FAST, ROOT, Cluster, finish

archive = pytest.importorskip("archive")
from archive.export import report_objects  # noqa: E402
from crawler.lock import CrawlLock  # noqa: E402


def snapshot(db) -> dict:
    """What must not depend on how the crawl was run: reports, documents, cells."""
    with archive.Archive(db) as arc:
        reports = {o["report_id"]: sorted(d["sha256"] for d in o["documents"]) for o in report_objects(arc)}
        documents = {r[0] for r in arc.db.execute("select sha256 from documents")}
        cells = sorted(arc.db.execute(
            "select v.report_id, v.sha256, c.key, c.value, c.raw from cells c join report_versions v on v.id = c.version_id"
        ).fetchall())
    return {"reports": reports, "documents": documents, "cells": cells}


def duplicates(db) -> list:
    """Rows stored twice: a fetch row, a version of the same bytes under one report."""
    with archive.Archive(db) as arc:
        return arc.db.execute(
            "select url, fetched_at, outcome, count(*) from fetches group by run_id, url, fetched_at, outcome"
            " having count(*) > 1 union all select report_id, sha256, '', count(*) from report_versions"
            " group by report_id, sha256 having count(*) > 1").fetchall()


@pytest.fixture(scope="module")
def baseline(portals, tmp_path_factory):
    """The one-process crawl of the sample portals."""
    tmp = tmp_path_factory.mktemp("one")
    cluster = Cluster(portals, "", tmp)
    cmd = [sys.executable, "-m", "nianbao_cli", "crawl", "--db", str(tmp / "one.db"), "--portals",
           str(cluster.portals), "--no-progress", *FAST]
    proc = subprocess.run(cmd, cwd=ROOT, env=cluster.env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return snapshot(tmp / "one.db")


@pytest.fixture
def cluster(portals, redis_server, tmp_path):
    redis_server.client.flushall()
    portals.log.clear()
    portals.overlaps.clear()
    c = Cluster(portals, redis_server.url, tmp_path)
    yield c
    c.stop()


def test_two_workers_build_the_archive_of_a_one_process_crawl(cluster, baseline, portals):
    out = cluster.run(workers=2)
    added = len(baseline["reports"])
    assert "crawl finished: 12 of 13 portals read, 1 blocked" in out and f"{added} reports added" in out
    assert "blocked: http://www.waf-demo.gov.cn/zfxxgk/zfxxgknb/" in out
    assert snapshot(cluster.db) == baseline
    assert portals.overlaps == []  # never two requests to one host at once, across both workers
    assert duplicates(cluster.db) == []
    with archive.Archive(cluster.db) as arc:
        run = arc.db.execute("select finished_at, new_reports from runs order by id desc").fetchone()
    assert run[0] and run[1] == added  # the summary is in `runs` too

    with archive.Archive(cluster.db) as arc:
        documents = {u for (u,) in arc.db.execute("select distinct url from report_versions")}
    for args in ((), ("--full",)):
        portals.log.clear()
        out = cluster.run(workers=2, writer_args=args)
        again = {f"http://{h.host}{h.path}" for h in portals.log if h.status == 200}
        assert again & documents == set(), args  # unchanged: no document downloaded again
        assert "nothing new" in out
        assert portals.overlaps == []
    assert int(re.search(r"\((\d+) not modified", out).group(1)) > 0  # --full revalidates: 304s, pages read
    # from the archive's bytes (the writer sends them to the worker)
    assert snapshot(cluster.db) == baseline


def test_worker_killed_mid_crawl_loses_nothing(cluster, baseline):
    writer = cluster.writer()
    doomed = cluster.worker("-s", "NIANBAO_CLUSTER_KILL_AFTER=12")  # alone, so it surely gets that far
    assert doomed.wait(timeout=300) == -signal.SIGKILL
    survivor = cluster.worker()  # takes over the frontier and the dead worker's in-flight requests
    out = finish(writer)
    survivor.wait(timeout=120)
    assert "requeued the in-flight requests" in (cluster.workdir / "writer-1.log").read_text(encoding="utf-8")
    assert f"{len(baseline['reports'])} reports added" in out
    assert snapshot(cluster.db) == baseline
    assert duplicates(cluster.db) == []


def test_writer_killed_and_restarted_loses_nothing_and_stores_nothing_twice(cluster, baseline):
    writer = cluster.writer("-s", "NIANBAO_CLUSTER_KILL_AFTER=15")
    workers = [cluster.worker(), cluster.worker()]
    assert writer.wait(timeout=300) == -signal.SIGKILL
    out = finish(cluster.writer())  # the same command again: resumes the run
    for w in workers:
        w.wait(timeout=120)
    assert "resuming cluster run" in (cluster.workdir / "writer-4.log").read_text(encoding="utf-8")
    assert "crawl finished: 12 of 13 portals read, 1 blocked" in out
    assert snapshot(cluster.db) == baseline
    assert duplicates(cluster.db) == []
    with archive.Archive(cluster.db) as arc:
        assert arc.db.execute("select count(*) from runs").fetchone()[0] == 1


def test_writer_exit_codes(cluster):
    with CrawlLock(cluster.db):
        assert cluster.writer().wait(timeout=120) == 75  # another crawl holds the archive
    cluster.redis_url = "redis://127.0.0.1:1/0"
    proc = cluster.writer()
    proc.wait(timeout=120)
    assert proc.returncode == 1 and "cannot reach Redis" in (cluster.workdir / "writer-2.log").read_text(encoding="utf-8")
