"""Storage behaviour: idempotence, versions, re-parsing, fetch bookkeeping, bad files, failed writes."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from archive_helpers import doc_bytes, make_record
from click.testing import CliRunner

import parsers
from archive import Archive, ArchiveError
from nianbao_cli import main

pytestmark = pytest.mark.usefixtures("fake_parser")

TABLES = ("documents", "blobs", "reports", "report_versions", "cells", "checks", "sections", "agencies", "unparsed")


def counts(arc: Archive) -> dict[str, int]:
    return {t: arc.db.execute(f"select count(*) from {t}").fetchone()[0] for t in TABLES}


def dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_same_bytes_twice_change_nothing(arc: Archive) -> None:
    data = doc_bytes(make_record("淮安市洪泽区人民政府", 2024, values={"requests.new_received.total": 31}))
    first = arc.ingest(data, path="a.json")
    assert first.outcome == "new_report" and first.report_id == "2024-淮安市洪泽区人民政府"
    before = counts(arc)
    again = arc.ingest(data, path="copy/a.json")
    assert again.outcome == "unchanged"
    assert counts(arc) == before


def test_new_bytes_make_a_new_version_and_keep_the_old(arc: Archive) -> None:
    old = make_record("淮安市人民政府", 2024, values={"requests.new_received.total": 10})
    new = make_record("淮安市人民政府", 2024, values={"requests.new_received.total": 12})
    arc.ingest(doc_bytes(old), url="https://x.gov.cn/nb/2024.html", media_type="text/html")
    result = arc.ingest(doc_bytes(new), url="https://x.gov.cn/nb/2024.html", media_type="text/html")
    assert result.outcome == "new_version"
    rows = arc.db.execute("select seq, n_values from report_versions order by seq").fetchall()
    assert rows == [(1, 1), (2, 1)]
    report = arc.db["reports"].get("2024-淮安市人民政府")
    assert report["n_versions"] == 2
    assert arc.record(report["current_version"])["values"] == {"requests.new_received.total": 12}


def test_current_version_is_the_document_with_most_cells_html_winning_ties(arc: Archive) -> None:
    page = make_record("南京市人民政府", 2023, extra_cells=5)
    pdf = make_record("南京市人民政府", 2023, extra_cells=5, title="附件")
    arc.ingest(doc_bytes(pdf), url="https://x.gov.cn/a.pdf", media_type="application/pdf")
    arc.ingest(doc_bytes(page), url="https://x.gov.cn/p.html", media_type="text/html")
    current = arc.db["reports"].get("2023-南京市人民政府")
    assert arc.db["report_versions"].get(current["current_version"])["media_type"] == "text/html"
    bigger = make_record("南京市人民政府", 2023, extra_cells=9)
    arc.ingest(doc_bytes(bigger), url="https://x.gov.cn/b.pdf", media_type="application/pdf")
    current = arc.db["reports"].get("2023-南京市人民政府")
    assert arc.db["report_versions"].get(current["current_version"])["url"] == "https://x.gov.cn/b.pdf"


def test_unreadable_bytes_are_kept_and_flagged(arc: Archive) -> None:
    result = arc.ingest(b"%PDF-1.4 broken", path="broken.pdf")
    assert result.outcome == "unparsed" and "not a readable document" in (result.message or "")
    assert arc.has_document(result.sha256)
    assert arc.document_bytes(result.sha256) == b"%PDF-1.4 broken"
    assert arc.ingest(b"%PDF-1.4 broken").outcome == "unparsed"
    blank = doc_bytes(make_record(None, None, fmt="unknown", sections={}))
    assert arc.ingest(blank).outcome == "not_report"
    hinted = arc.ingest(blank, hints={"agency": "淮安市人民政府", "year": 2021, "title": "2021年年报"})
    assert hinted.outcome == "new_report" and hinted.report_id == "2021-淮安市人民政府"
    assert arc.db["reports"].get("2021-淮安市人民政府")["title"] == "2021年年报"


def test_hints_fill_agency_and_year_and_group_attachments(arc: Archive) -> None:
    page = make_record("宁国市商务局", 2022)
    attachment = make_record(None, 2022, title=None)
    arc.ingest(doc_bytes(page), url="https://n.gov.cn/p.html", hints={"page_url": "https://n.gov.cn/p.html"})
    result = arc.ingest(doc_bytes(attachment), url="https://n.gov.cn/a.pdf",
                        hints={"page_url": "https://n.gov.cn/p.html"})
    assert result.report_id == "2022-宣城市宁国市商务局" and result.outcome == "new_document"
    hinted = arc.ingest(doc_bytes(make_record(None, None, fmt="2021")), url="https://n.gov.cn/b.pdf",
                        hints={"agency": "宁国市财政局", "year": "2023"})
    assert hinted.report_id == "2023-宣城市宁国市财政局"


def test_spellings_of_one_agency_make_one_report(arc: Archive) -> None:
    first = arc.ingest(doc_bytes(make_record("洪泽区人民政府", 2024, extra_cells=2)))
    second = arc.ingest(doc_bytes(make_record("江苏省淮安市洪泽区人民政府", 2024, extra_cells=3)))
    assert first.report_id == second.report_id == "2024-淮安市洪泽区人民政府"
    assert (first.outcome, second.outcome) == ("new_report", "new_document")
    assert arc.db.execute("select count(*) from agencies").fetchone()[0] == 1
    names = dict(arc.db.execute("select name, agency_id from agency_names").fetchall())
    assert names == {"洪泽区人民政府": "淮安市洪泽区人民政府", "江苏省淮安市洪泽区人民政府": "淮安市洪泽区人民政府"}
    assert arc.db["agencies"].get("淮安市洪泽区人民政府")["name"] == "洪泽区人民政府"


def test_reparse_replaces_rows_of_older_parser_versions(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    data = doc_bytes(make_record("威海市文登区信访局", 2022, values={"redress.review.total": 2}))
    arc.ingest(data)
    assert arc.stale() == []
    monkeypatch.setattr(parsers, "__version__", "9.0.0")
    assert len(arc.stale()) == 1
    runner = CliRunner()
    result = runner.invoke(main, ["reparse", "--db", str(arc.path), "--workers", "0"])  # sees the patched version
    assert result.exit_code == 0, result.output
    assert "re-parsed 1 documents" in result.output
    assert arc.stale() == []
    versions = arc.db.execute("select parser_version from report_versions").fetchall()
    assert versions == [("9.0.0",)]
    assert arc.db.execute("select count(*) from cells").fetchone()[0] == 1


def test_reparse_moves_a_version_when_the_parser_now_reads_another_agency(
        arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    data = doc_bytes(make_record("文登区信访局", 2022))
    sha = arc.ingest(data).sha256

    def better(data: bytes, **kw: object) -> dict:
        record = make_record("威海市文登区信访局", 2022)
        record["parser"]["version"] = "9.0.0"
        return record

    monkeypatch.setattr(parsers, "__version__", "9.0.0")
    monkeypatch.setattr(parsers, "parse", better)
    arc.reparse_document(sha)
    assert [r[0] for r in arc.db.execute("select id from reports")] == ["2022-威海市文登区信访局"]


def test_fetches_validators_and_known_urls(arc: Archive) -> None:
    sha = arc.store_document(b"<html></html>", media_type="text/html")
    arc.record_fetch(url="https://a.gov.cn/nb/", outcome="ok", status=200, sha256=sha, etag='"e1"',
                     last_modified="Tue, 01 Oct 2024 00:00:00 GMT", fetched_at="2024-10-01T00:00:00Z")
    arc.record_fetch(url="https://a.gov.cn/nb/", outcome="error", error="timeout", fetched_at="2024-10-02T00:00:00Z")
    arc.record_fetch(url="https://a.gov.cn/x", outcome="blocked", status=403)
    assert arc.validators("https://a.gov.cn/nb/") == {
        "etag": '"e1"', "last_modified": "Tue, 01 Oct 2024 00:00:00 GMT", "sha256": sha}
    assert arc.validators("https://a.gov.cn/x") is None
    assert arc.known_urls(["https://a.gov.cn/nb/", "https://a.gov.cn/x", "https://b"]) == {"https://a.gov.cn/nb/"}
    with pytest.raises(ValueError):
        arc.record_fetch(url="u", outcome="weird")


def test_runs_and_silent_portals(arc: Archive) -> None:
    p1, p2 = "https://p1.gov.cn/", "https://p2.gov.cn/"
    arc.upsert_portal(p1, name="淮安市人民政府门户网站", region="江苏省淮安市")
    assert arc.db["portals"].get(p1)["region_code"] == "320800"
    run1 = arc.start_run([p1, p2])
    arc.ingest(doc_bytes(make_record("淮安市人民政府", 2023)), portal=p1)
    arc.ingest(doc_bytes(make_record("淮安市财政局", 2023)), portal=p2)
    arc.finish_run(run1, {"portals": 2, "pages": 10, "new_reports": 2, "new_versions": 0, "blocked": 0, "errors": 0})
    run2 = arc.start_run([p1, p2])
    arc.ingest(doc_bytes(make_record("淮安市人民政府", 2023)), portal=p1)
    arc.ingest(doc_bytes(make_record("淮安市人民政府", 2024)), portal=p1)
    arc.record_fetch(url="https://p2.gov.cn/nb/", outcome="blocked", status=403, portal=p2)
    arc.record_fetch(url="https://p1.gov.cn/nb/", outcome="ok", status=200, portal=p1)
    arc.finish_run(run2, {"portals": 2})  # the rest is counted by the archive
    assert arc.silent_portals(run2) == [p2]
    run = arc.db["runs"].get(run2)
    assert (run["pages"], run["blocked"], run["errors"], run["new_reports"], run["new_versions"]) == (2, 1, 0, 1, 0)
    assert arc.db["runs"].get(run1)["pages"] == 10


@pytest.mark.parametrize("content", [b"this is not a database at all, just text" * 10,
                                     b"SQLite format 3\x00" + b"\x07" * 4000])
def test_corrupt_file_gives_a_clear_message(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(ArchiveError, match="bad.db"):
        Archive(bad)
    result = CliRunner().invoke(main, ["export", "--db", str(bad), "--format", "jsonl"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and "bad.db" in result.output


def test_truncated_archive_gives_a_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    with Archive(db) as a:
        a.ingest(doc_bytes(make_record("淮安市人民政府", 2022)))
        a.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.write_bytes(db.read_bytes()[:8192])
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert str(db) in result.output and "malformed" in result.output


def test_foreign_sqlite_file_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("create table customers (id integer primary key, name text)")
    conn.commit()
    conn.close()
    with pytest.raises(ArchiveError, match="another application"):
        Archive(other)
    result = CliRunner().invoke(main, ["import", str(other), "--db", str(other)])
    assert result.exit_code != 0 and "not a nianbao archive" in result.output


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EACCES])
def test_failed_write_stops_the_import_and_keeps_the_archive_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  code: int) -> None:
    """Each document commits on its own after its parse: a failed write keeps what was committed before it,
    nothing of the failing document, and stops the import with one line; the next run finishes."""
    db = tmp_path / "nianbao.db"
    with Archive(db) as a:
        a.ingest(doc_bytes(make_record("淮安市人民政府", 2022, values={"requests.total.total": 3})))
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(5):
        (folder / f"{i}.json").write_bytes(doc_bytes(make_record(f"淮安市第{i}局", 2023, extra_cells=3)))
    calls = {"n": 0}
    real = Archive._insert_cells

    def failing(self: Archive, rows: list) -> None:
        calls["n"] += 1
        if calls["n"] == 3:  # midway: two documents already written
            raise OSError(code, "injected")
        real(self, rows)

    monkeypatch.setattr(Archive, "_insert_cells", failing)
    result = CliRunner().invoke(main, ["import", str(folder), "--db", str(db), "--workers", "0"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert "write failed" in result.output and str(db) in result.output
    with Archive(db) as a:
        assert counts(a)["reports"] == 3  # the first report and two of this import, whole
        assert a.db.execute("select count(*) from report_versions v where n_cells !="
                            " (select count(*) from cells c where c.version_id = v.id)").fetchone()[0] == 0
        assert a.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    monkeypatch.setattr(Archive, "_insert_cells", real)
    result = CliRunner().invoke(main, ["import", str(folder), "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert "3 new report, 2 unchanged" in result.output


def test_import_cli_folder_and_repeat(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.json").write_bytes(doc_bytes(make_record("淮安市人民政府", 2024)))
    (folder / "sub" / "b.json").write_bytes(doc_bytes(make_record("淮安市财政局", 2024)))
    (folder / "junk.pdf").write_bytes(b"junk")
    (folder / ".hidden").write_bytes(b"x")
    db = tmp_path / "n.db"
    first = CliRunner().invoke(main, ["import", str(folder), "--db", str(db)])
    assert first.exit_code == 0, first.output
    assert "3 files: 2 new report, 1 unparsed" in first.output
    again = CliRunner().invoke(main, ["import", str(folder), "--db", str(db)])
    assert "2 unchanged, 1 unparsed" in again.output


def test_unreadable_input_file_is_reported_and_the_rest_imported(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("a", "b", "c"):
        (folder / f"{name}.json").write_bytes(doc_bytes(make_record(f"淮安市{name}局", 2024)))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.name == "b.json":
            raise PermissionError(errno.EACCES, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    result = CliRunner().invoke(main, ["import", str(folder), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 1
    assert "b.json: cannot read: Permission denied" in result.output
    assert "3 files: 2 new report, 1 unreadable" in result.output


def test_ingest_reparses_bytes_of_an_older_parser(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    data = doc_bytes(make_record("淮安市人民政府", 2020, values={"redress.review.total": 1}))
    arc.ingest(data)
    monkeypatch.setattr(parsers, "__version__", "9.0.0")
    result = arc.ingest(data)
    assert result.outcome == "unchanged" and "re-parsed" in (result.message or "")
    assert arc.db.execute("select parser_version from report_versions").fetchall() == [("9.0.0",)]


def test_a_parser_crash_is_recorded_not_raised(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash(data: bytes, **kw: object) -> dict:
        raise ZeroDivisionError("bug")

    monkeypatch.setattr(parsers, "parse", crash)
    result = arc.ingest(b"anything")
    assert (result.outcome, result.message) == ("unparsed", "parser error: ZeroDivisionError: bug")


def test_archive_can_be_used_from_a_worker_thread(arc: Archive) -> None:
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        result = pool.submit(arc.ingest, doc_bytes(make_record("淮安市人民政府", 2019))).result()
    assert result.outcome == "new_report"

