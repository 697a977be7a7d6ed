"""End to end: crawl the sample portals into a temporary archive, then again, then after the portals change."""

from __future__ import annotations

import os
import re
import sys

import pytest

archive = pytest.importorskip("archive")
from crawl_helpers import FAST, Crawl, SamplePortals  # noqa: E402
from sites import REAL_REPORTS  # noqa: E402

import parsers.registry  # noqa: E402
from archive.export import report_objects  # noqa: E402
from archive.site import QUERIES  # noqa: E402

SPAM = "www.spam-mirror.com"


def reports(db) -> dict[tuple[str, int], dict]:
    """Exported reports by (agency, year) of the archive's report key: a PDF without text is filed by the
    hints of the page that lists it, while its parsed record names no agency."""
    with archive.Archive(db) as arc:
        out = {}
        for o in report_objects(arc):
            year, agency = o["report_id"].split("-", 1)
            out[(agency, int(year))] = o
        return out


def expected(state) -> set[tuple[str, int]]:
    """Every sample report, less those only published in a format the installed parsers cannot read yet."""
    unreadable = {"pdf"} - set(parsers.registry.BUILDERS)
    return {(r.agency, r.year) for rs in state.reports.values() for r in rs if r.kind not in unreadable} | REAL_REPORTS


def fetch_outcomes(db) -> list[tuple[str, str]]:
    with archive.Archive(db) as arc:
        return arc.db.execute("select url, outcome from fetches").fetchall()


@pytest.fixture(scope="module")
def first(crawl, portals):
    portals.log.clear()
    proc = crawl()
    return proc, list(portals.log)


def test_first_crawl_finds_exactly_the_reports(first, crawl, portals):
    proc, _ = first
    found = reports(crawl.db)
    assert set(found) == expected(portals.state)
    assert f"crawl finished: 12 of 13 portals read, 1 blocked, {len(found)} reports added, " in proc.stdout
    assert found[("示例县人民政府", 2023)]["published_at"] == "2024-01-20"  # the date printed in the list


def test_first_crawl_stays_on_the_portals_and_obeys_robots(first):
    _, log = first
    assert not [h for h in log if h.host == SPAM]
    assert not [h for h in log if h.path.startswith("/trap/")]
    assert {h.headers.get("User-Agent", "") for h in log if h.method == "GET"} == {
        h.headers.get("User-Agent") for h in log[:1]}
    assert "nianbao" in log[0].headers.get("User-Agent", "") and "http" in log[0].headers.get("User-Agent", "")


def test_challenge_recorded_as_blocked(first, crawl):
    proc, _ = first
    assert ("http://www.waf-demo.gov.cn/zfxxgk/zfxxgknb/", "blocked") in fetch_outcomes(crawl.db)
    assert "blocked: http://www.waf-demo.gov.cn/zfxxgk/zfxxgknb/" in proc.stdout
    assert ", 1 blocked," in proc.stdout


def test_hazards_handled(first):
    _, log = first
    paths = [(h.host, h.path, h.status) for h in log]
    assert ("www.trs-demo.gov.cn", "/zfxxgk/zfxxgknb/bmnb/202501/t20250112_504.html", 500) in paths  # retried
    assert ("www.trs-demo.gov.cn", "/zfxxgk/zfxxgknb/bmnb/202501/t20250112_504.html", 200) in paths
    assert ("www.hanweb-demo.gov.cn", "/col/col1001/index.html", 200) in paths  # after the 301
    assert any(h.method == "POST" and "dataproxy.jsp" in h.path for h in log)  # Hanweb pages 2+
    assert any(h.host == "files.trs-demo.gov.cn" and h.path.endswith(".docx") for h in log)  # viewer link
    assert any(h.path.endswith("real_503.html") for h in log)  # shell page followed
    assert any(h.path.endswith(".png") for h in log)  # table images fetched for OCR
    assert ("www.gd-demo.gov.cn", "/xxgk/xxgknb/", 200) in paths  # http fallback after https failed
    noise = [h.path for h in log if h.path.endswith(("_9001.html", "_9002.html", "_9003.html"))]
    assert noise == []  # 指南, 预算, 工作要点 never fetched


def test_second_crawl_redownloads_no_document(first, crawl, portals):
    with archive.Archive(crawl.db) as arc:
        documents = {u for (u,) in arc.db.execute("select distinct url from report_versions")}
        reported = arc.db.execute("select count(*) from reports").fetchone()[0]
    portals.log.clear()
    log_file = crawl.db.with_name("crawl.log")
    proc = crawl("--log-file", str(log_file))
    again = {f"http://{h.host}{h.path}" for h in portals.log if h.status == 200}
    assert again & documents == set()
    # the incremental walk stops at the first page of known reports: it sees those, not all it holds
    seen = re.search(r"crawl finished: 12 of 13 portals read, 1 blocked, (\d+) known reports seen, nothing new", proc.stdout)
    assert seen and 9 <= int(seen.group(1)) <= reported
    assert "Spider closed (finished)" in log_file.read_text(encoding="utf-8")


def test_quiet_second_crawl_names_no_silent_portal(first, crawl, portals):
    """Issue 13: a portal whose listing was read and showed only known reports is not silent — neither in
    the run summary nor in the archive's silent_portals query (Datasette) after a crawl that found nothing new."""
    proc = crawl()
    assert "nothing new" in proc.stdout
    assert "silent" not in proc.stdout
    with archive.Archive(crawl.db) as arc:
        run = arc.db.execute("select max(id) from runs").fetchone()[0]
        assert arc.silent_portals(run) == []
        assert arc.db.execute(QUERIES["silent_portals"]["sql"]).fetchall() == []
        seen = {p for (p,) in arc.db.execute("select distinct portal from sightings where run_id = ?", [run])}
    assert len(seen) == 12  # every portal but the blocked one


def test_new_report_found_and_correction_becomes_a_version(first, crawl, portals):
    state = portals.state
    state.add_report("trs", "示例县人民政府", 2025, "2026-01-20")
    state.correct_report("trs", 2021)
    proc = crawl()
    found = reports(crawl.db)
    assert ("示例县人民政府", 2025) in found
    assert len(found[("示例县人民政府", 2021)]["documents"]) == 1  # the default run does not revisit old pages
    portals.log.clear()
    proc = crawl("--full")
    found = reports(crawl.db)
    assert len(found[("示例县人民政府", 2021)]["documents"]) == 2
    assert "1 new version\n" in proc.stdout or "1 new version," in proc.stdout
    assert any(h.status == 304 for h in portals.log)  # unchanged documents cost a 304
    assert set(found) == expected(state)


def test_portal_that_stops_listing_reports_is_named(first, crawl, portals):
    portals.state.reports["vsb"] = []  # a redesign: the column is still there, the reports are gone
    proc = crawl()
    assert "silent (reports before, none now" in proc.stdout
    assert "http://www.vsb-demo.gov.cn/xxgk/gknb.htm" in proc.stdout
    assert ("博达镇人民政府", 2024) in reports(crawl.db)  # what disappeared from the portal stays archived


def test_killed_crawl_resumes_without_losing_work(tmp_path):
    """kill -9 once the portals have answered 60 requests (a count, not a sleep); the next crawl finishes."""
    import signal
    import subprocess
    import time

    with SamplePortals() as server:
        crawl = Crawl(server, tmp_path)
        slow = [a if a != "DOWNLOAD_DELAY=0" else "DOWNLOAD_DELAY=0.25" for a in FAST]
        slow = [a if a != "CONCURRENT_REQUESTS_PER_DOMAIN=4" else "CONCURRENT_REQUESTS_PER_DOMAIN=1" for a in slow]
        cmd = [sys.executable, "-m", "nianbao_cli", "crawl", "--db", str(crawl.db), "--portals", str(crawl.portals), *slow]
        proc = subprocess.Popen(cmd, cwd=crawl.env["PYTHONPATH"].split(os.pathsep)[0], env=crawl.env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            while len(server.log) < 60 and proc.poll() is None:
                time.sleep(0.01)  # polling the count; the trigger is the count
        finally:
            proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert set(reports(crawl.db)) < expected(server.state)  # really interrupted
        crawl()
        assert set(reports(crawl.db)) == expected(server.state)
        server.log.clear()
        crawl()
        with archive.Archive(crawl.db) as arc:
            documents = {u for (u,) in arc.db.execute("select distinct url from report_versions")}
        assert {f"http://{h.host}{h.path}" for h in server.log if h.status == 200} & documents == set()


def test_every_body_of_the_county_portal(first, crawl):
    """From the county's 政府信息公开 platform to each department's and township's own 年报 column: bodies
    listed as links, in a <select> drop-down and in a script; the news item in a column is read and refused,
    the 图解 page is not fetched, the 部门预算 list is no directory."""
    _, log = first
    county = {h.path for h in log if h.host == "www.county-demo.gov.cn"}
    assert {"/jyj/", "/zrzyj/", "/cgz/", "/dfx/", "/cgz/zfxxgk/gknb/index.shtml"} <= county
    assert "/zwgk/bmys/" not in county
    with archive.Archive(crawl.db) as arc:
        refused = arc.db.execute("select distinct url from fetches where error like 'not a report%'").fetchall()
        titles = [t for (t,) in arc.db.execute("select title from reports where portal like '%county-demo%'")]
    assert len(refused) == 1 and "/czj/gknb/" in refused[0][0]
    assert not [t for t in titles if t and "图解" in t]


def test_demo_archive_holds_real_reports_and_real_failing_checks(first, crawl):
    """Issue 8 item 7: the real documents of reference/samples, as served by the sample portals, with the
    checks that fail in them as published (洪泽区 2023: R4; 秦皇岛 开发区 2024: R1)."""
    with archive.Archive(crawl.db) as arc:
        failing = {(r, rule) for r, rule in arc.db.execute(
            "select r.id, c.rule from reports r join checks c on c.version_id = r.current_version where c.status = 'fail'")}
    assert ("2023-淮安市洪泽区人民政府", "R4") in failing
    assert ("2024-秦皇岛经济技术开发区管理委员会", "R1") in failing
    assert not [r for r, _ in failing if r in ("2024-淮安市人民政府", "2025-平潭综合实验区")]
