"""The one ingest pipeline (archive/ingest.py) as `import` and `reparse` use it: worker processes with a
deadline, environment failures retried, ZIP members on their own, sniffed media types, where a file came
from (--url, --published, --manifest) and never the importer's local paths; the lock shared with `crawl`."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import doc_bytes, fake_parse, make_record
from click.testing import CliRunner

import parsers
from archive import Archive
from archive.ingest import Pipeline, Source, Workers
from crawler.lock import CrawlLock
from nianbao_cli import main
from parsers import parse as real_parse  # bound before the fake_parser fixture replaces parsers.parse

pytestmark = pytest.mark.usefixtures("fake_parser")

NEVER = threading.Event()


def parse_forever(data: bytes, **kw: Any) -> dict[str, Any]:
    """A parse that never ends (a worker stuck in a converter): only the deadline stops it."""
    if b"forever" in data:
        NEVER.wait()
    return fake_parse(data, **kw)


def parse_and_die(data: bytes, **kw: Any) -> dict[str, Any]:
    """A parse that kills its worker (a segfault in a C library, the OOM killer)."""
    if b"die" in data:
        os._exit(9)
    return fake_parse(data, **kw)


def cli(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def test_an_overrunning_worker_is_stopped_and_replaced_and_the_run_goes_on(arc: Archive) -> None:
    with Workers(1, deadline=2) as workers:
        workers.parse = parse_forever
        pipe = Pipeline(arc, workers)
        stuck = pipe.ingest(b"forever")
        after = pipe.ingest(doc_bytes(make_record("淮安市人民政府", 2024)))
    assert (stuck.outcome, stuck.message) == ("unparsed", "parse overran its deadline of 2 s (worker stopped)")
    assert after.outcome == "new_report"  # a new worker read the next document
    assert arc.db.execute("select environment from unparsed").fetchall() == [(1,)]


def test_a_worker_that_dies_is_replaced_and_its_document_recorded(arc: Archive) -> None:
    with Workers(1) as workers:
        workers.parse = parse_and_die
        pipe = Pipeline(arc, workers)
        dead = pipe.ingest(b"die")
        after = pipe.ingest(doc_bytes(make_record("淮安市人民政府", 2024)))
    assert dead.outcome == "unparsed" and "parse worker died" in (dead.message or "")
    assert after.outcome == "new_report"


def test_environment_failures_are_not_the_documents_fate(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """LibreOffice missing: recorded, tried again when the document is seen again and by reparse --unparsed;
    an unreadable document is its own fate and is not parsed again."""
    calls: list[bytes] = []
    installed = {"soffice": False}

    def parse(data: bytes, **kw: Any) -> dict[str, Any]:
        calls.append(data)
        if data.startswith(b"DOC") and not installed["soffice"]:
            raise parsers.ConversionUnavailable("LibreOffice (soffice) not found")
        if data.startswith(b"DOC"):
            return fake_parse(data[3:], **kw)
        return fake_parse(data, **kw)

    monkeypatch.setattr(parsers, "parse", parse)
    doc = b"DOC" + doc_bytes(make_record("淮安市人民政府", 2023))
    assert arc.ingest(doc).outcome == "unparsed"
    assert arc.ingest(b"junk").outcome == "unparsed"
    assert arc.ingest(doc).outcome == "unparsed" and arc.ingest(b"junk").outcome == "unparsed"
    assert calls == [doc, b"junk", doc]  # the junk's fate is cached, the machine's failure is not
    assert cli("reparse", "--db", str(arc.path), "--workers", "0").output.strip().endswith("re-parsed 0 documents")
    installed["soffice"] = True
    result = cli("reparse", "--unparsed", "--db", str(arc.path), "--workers", "0")
    assert result.exit_code == 0, result.output
    assert "re-parsed 2 documents" in result.output
    assert [r for (r,) in arc.db.execute("select id from reports")] == ["2023-淮安市人民政府"]
    assert arc.db.execute("select count(*) from unparsed").fetchone()[0] == 1


def test_reparse_follows_any_change_of_the_parser_version(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """A version derived from the code is not ordered: any other version than the one that parsed is stale."""
    arc.ingest(doc_bytes(make_record("淮安市人民政府", 2023)))
    monkeypatch.setattr(parsers, "__version__", "0.1.0+3f9c2a1")
    assert len(arc.stale()) == 1


def zip_of(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return out.getvalue()


def test_every_document_in_a_zip_is_ingested_in_worker_processes(arc: Archive) -> None:
    bundle = zip_of({"a.json": doc_bytes(make_record("淮安市第一局", 2024)),
                     "b.json": doc_bytes(make_record("淮安市第二局", 2024))})
    with Workers(1) as workers:
        result = Pipeline(arc, workers).ingest(bundle, Source(url="https://www.huaian.gov.cn/nb.zip"))
    assert result.outcome == "new_report"
    assert sorted(arc.db.execute("select url from report_versions").fetchall()) == [
        ("https://www.huaian.gov.cn/nb.zip!a.json",), ("https://www.huaian.gov.cn/nb.zip!b.json",)]
    assert arc.db.execute("select media_type from documents where sha256 = ?", [result.sha256]).fetchone() == (
        "application/zip",)


def test_import_records_url_and_date_and_the_file_name_only(tmp_path: Path) -> None:
    folder = tmp_path / "private" / "downloads"
    folder.mkdir(parents=True)
    f = folder / "huaian-2024.json"
    f.write_bytes(doc_bytes(make_record("淮安市人民政府", 2024)))
    db = tmp_path / "n.db"
    result = cli("import", str(f), "--url", "https://www.huaian.gov.cn/nb2024.html", "--published", "2025-01-20",
                 "--db", str(db))
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    row = conn.execute("select url, path, published_at from report_versions").fetchone()
    assert row == ("https://www.huaian.gov.cn/nb2024.html", "huaian-2024.json", "2025-01-20")
    assert str(tmp_path) not in "\n".join(conn.iterdump())  # no local path anywhere in the archive
    conn.close()
    many = cli("import", str(folder), str(f), "--url", "https://x.gov.cn/a", "--db", str(db))
    assert many.exit_code != 0 and "--manifest" in many.output


def test_import_manifest(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for i in range(2):
        (tmp_path / "docs" / f"{i}.json").write_bytes(doc_bytes(make_record(f"淮安市第{i}局", 2024)))
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("path,url,published\ndocs/0.json,https://a.gov.cn/0.html,2025-01-02\ndocs/1.json,,\n",
                        encoding="utf-8-sig")
    db = tmp_path / "n.db"
    result = cli("import", "--manifest", str(manifest), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "2 files: 2 new report" in result.output
    rows = sqlite3.connect(db).execute("select path, url, published_at from report_versions order by path").fetchall()
    assert rows == [("0.json", "https://a.gov.cn/0.html", "2025-01-02"), ("1.json", None, None)]
    bad = tmp_path / "bad.csv"
    bad.write_text("file\nx\n", encoding="utf-8")
    assert "must name the columns path,url,published" in cli("import", "--manifest", str(bad), "--db", str(db)).output


def test_import_and_reparse_wait_for_no_crawl_they_refuse(tmp_path: Path) -> None:
    db = tmp_path / "n.db"
    f = tmp_path / "a.json"
    f.write_bytes(doc_bytes(make_record("淮安市人民政府", 2024)))
    with CrawlLock(db):
        for args in (["import", str(f)], ["reparse"]):
            result = cli(*args, "--db", str(db))
            assert result.exit_code == 75 and "another crawl is running" in result.output
    assert cli("import", str(f), "--db", str(db)).exit_code == 0


HTML = ("<html><head><meta charset='utf-8'><title>淮安市人民政府2024年政府信息公开工作年度报告</title></head>"
        "<body><h1>淮安市人民政府2024年政府信息公开工作年度报告</h1><p>一、总体情况</p></body></html>")


def test_the_sniffed_media_type_is_stored_and_the_servers_header_apart(arc: Archive,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsers, "parse", real_parse)
    result = arc.ingest(HTML.encode("utf-8"), url="https://www.huaian.gov.cn/nb.html",
                        media_type="text/html; charset=UTF-8", hints={"year": 2024, "agency": "淮安市人民政府"})
    assert result.outcome == "new_report", result.message
    assert arc.db.execute("select media_type from documents").fetchall() == [("text/html",)]
    assert arc.db.execute("select media_type, content_type from report_versions").fetchall() == [
        ("text/html", "text/html; charset=UTF-8")]


def test_the_migration_moves_headers_aside_and_html_wins_ties_again(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Archive(db) as arc:
        for kind, url in (("application/pdf", "https://a.gov.cn/nb.pdf"), ("text/html", "https://a.gov.cn/nb.html")):
            record = make_record("淮安市人民政府", 2024, extra_cells=3)
            record["source"]["media_type"] = kind
            arc.store_record(record, data=(kind + url).encode(), url=url, media_type=kind)
        # as a crawl stored them before: the server's header in media_type, and the PDF current
        arc.db.execute("update report_versions set media_type = 'text/html; charset=gbk' where url like '%.html'")
        pdf = arc.db.execute("select id from report_versions where url like '%.pdf'").fetchone()[0]
        arc.db.execute("update reports set current_version = ?", [pdf])
        arc.db.execute("alter table report_versions drop column content_type")
        arc.db.execute("alter table unparsed drop column environment")
        arc.db.execute("delete from _sqlite_migrations where name = 'm100_pipeline_media_types'")
        arc.db.conn.commit()
    with Archive(db) as arc:
        rows = dict(arc.db.execute("select url, media_type || ' | ' || coalesce(content_type, '')"
                                   " from report_versions").fetchall())
        assert rows["https://a.gov.cn/nb.html"] == "text/html | text/html; charset=gbk"
        current = arc.db.execute("select v.url from reports r join report_versions v on v.id = r.current_version"
                                 ).fetchone()[0]
        assert current == "https://a.gov.cn/nb.html"
        assert json.loads(arc.db.execute("select meta from report_versions limit 1").fetchone()[0])["year"] == 2024


def test_the_crawl_driver_survives_an_overrun_too(arc: Archive) -> None:
    """The event-loop driver (the crawl's) meets the same worker failures as the blocking one."""
    import asyncio

    with Workers(1, deadline=2) as workers:
        workers.parse = parse_forever
        pipe = Pipeline(arc, workers)

        async def crawl() -> list[str]:
            results = await asyncio.gather(pipe.ingest_async(b"forever", Source(url="https://a.gov.cn/x.doc")),
                                           pipe.ingest_async(doc_bytes(make_record("淮安市人民政府", 2024)),
                                                             Source(url="https://a.gov.cn/nb.html")))
            return [r.outcome for r in results]

        assert asyncio.run(crawl()) == ["unparsed", "new_report"]
