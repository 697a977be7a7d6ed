"""Running under cron: the lock, the portal list, the walk state, the CLI's exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from crawler import portals
from crawler.lock import CrawlLock, CrawlLocked
from crawler.run import EXIT_CANNOT_RUN, EXIT_LOCKED
from crawler.store import WalkState
from nianbao_cli import main


def test_second_lock_fails_at_once(tmp_path):
    db = tmp_path / "a.db"
    with CrawlLock(db):
        with pytest.raises(CrawlLocked, match="another crawl is running"):
            CrawlLock(db).acquire()
    CrawlLock(db).acquire()


def test_crawl_exits_when_locked(tmp_path):
    db = tmp_path / "a.db"
    with CrawlLock(db):
        result = CliRunner().invoke(main, ["crawl", "--db", str(db), "http://www.example.gov.cn/"])
    assert result.exit_code == EXIT_LOCKED
    assert "another crawl is running" in result.output


def test_bad_portal_list_is_one_line(tmp_path):
    bad = tmp_path / "p.csv"
    bad.write_text("name,url\nx,http://a.gov.cn/\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["crawl", "--db", str(tmp_path / "a.db"), "--portals", str(bad)])
    assert result.exit_code == EXIT_CANNOT_RUN
    assert "no entry_url column" in result.output
    assert "Traceback" not in result.output


def test_shipped_portal_list_loads():
    rows = portals.load("data/portals.csv")
    assert len(rows) > 50
    assert all(p.entry_url.startswith("http") for p in rows)
    assert {p.platform for p in rows} >= {"trs", "hanweb", "ucap", "guangdong", "shaanxi", "vsb"}


def test_unfinished_walk_survives_a_kill(tmp_path):
    st = WalkState(tmp_path / "w.json")
    st.start("http://a.gov.cn/zfxxgknb/")
    st.start("http://b.gov.cn/zfxxgknb/")
    st.finish("http://b.gov.cn/zfxxgknb/")
    again = WalkState(tmp_path / "w.json")  # the next run, after the first was killed
    assert again.was_unfinished("http://a.gov.cn/zfxxgknb/")
    assert not again.was_unfinished("http://b.gov.cn/zfxxgknb/")


def test_scrapy_list():
    out = subprocess.run([sys.executable, "-m", "scrapy", "list"], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["nianbao"]
