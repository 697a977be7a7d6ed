"""`nianbao reparse` after a parser version bump: only stale documents, one transaction each, moves recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import doc_bytes, fake_parse, make_record
from click.testing import CliRunner

import parsers
from archive import Archive
from nianbao_cli import main

pytestmark = pytest.mark.usefixtures("fake_parser")


class Counting:
    """The stand-in parser, counting the documents it is asked to read; `rewrite` changes what it reads."""

    def __init__(self, rewrite: dict[str, dict[str, Any]] | None = None) -> None:
        self.calls: list[str] = []
        self.rewrite = rewrite or {}

    def __call__(self, data: bytes, **kw: Any) -> dict[str, Any]:
        record = fake_parse(data, **kw)
        self.calls.append(record["title"])
        record.update(self.rewrite.get(record["title"], {}))
        return record


def bump(monkeypatch: pytest.MonkeyPatch, parser: Counting) -> None:
    monkeypatch.setattr(parsers, "__version__", "9.0.0")
    monkeypatch.setattr(parsers, "parse", parser)


def reparse(db: Path) -> Any:
    return CliRunner().invoke(main, ["reparse", "--db", str(db), "--workers", "0"])  # the parser patched here


def test_only_stale_documents_are_parsed_again(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = [doc_bytes(make_record(f"淮安市第{i}局", 2023, title=f"doc{i}", extra_cells=2)) for i in range(3)]
    for data in docs:
        arc.ingest(data)
    parser = Counting()
    bump(monkeypatch, parser)
    arc.ingest(docs[0])  # fetched again after the upgrade: re-parsed on the way in
    assert parser.calls == ["doc0"]
    result = reparse(arc.path)
    assert result.exit_code == 0, result.output
    assert "re-parsed 2 documents" in result.output
    assert parser.calls[0] == "doc0" and sorted(parser.calls) == ["doc0", "doc1", "doc2"]
    assert reparse(arc.path).output.strip().endswith("re-parsed 0 documents")
    assert len(parser.calls) == 3
    assert {r[0] for r in arc.db.execute("select parser_version from report_versions")} == {"9.0.0"}


def test_each_document_is_one_transaction(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    values = {"requests.new_received.total": 5}
    for i in range(3):
        arc.ingest(doc_bytes(make_record(f"淮安市第{i}局", 2023, title=f"doc{i}", values=values)))
    bump(monkeypatch, Counting({f"doc{i}": {"values": {"requests.new_received.total": 6}} for i in range(3)}))
    calls = {"n": 0}
    real = Archive._insert_cells

    def failing(self: Archive, rows: list) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(self, rows)

    monkeypatch.setattr(Archive, "_insert_cells", failing)
    result = reparse(arc.path)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "1 documents re-parsed before" in result.output and "no space left" in result.output
    rows = arc.db.execute("select v.parser_version = '9.0.0', c.value, v.n_values from report_versions v"
                          " join cells c on c.version_id = v.id order by 1 desc").fetchall()
    assert rows == [(1, 6, 1), (0, 5, 1), (0, 5, 1)]  # the failed one kept its old rows whole
    monkeypatch.setattr(Archive, "_insert_cells", real)
    assert "re-parsed 2 documents" in reparse(arc.path).output
    assert [r[0] for r in arc.db.execute("select value from cells")] == [6, 6, 6]


def test_a_report_whose_year_changes_moves_and_its_citation_is_forwarded(
        arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    portal = "https://www.huaian.gov.cn/"
    run = arc.start_run([portal])
    arc.ingest(doc_bytes(make_record("淮安市财政局", 2023, title="misdated")), portal=portal,
               url=portal + "nb.html", published_at="2025-01-20")
    arc.ingest(doc_bytes(make_record("淮安市财政局", 2024, title="pdf", extra_cells=1)), portal=portal,
               url=portal + "nb.pdf")
    arc.finish_run(run, {})
    bump(monkeypatch, Counting({"misdated": {"year": 2024}}))  # the new parser reads the statistics period
    result = reparse(arc.path)
    assert result.exit_code == 0, result.output
    assert "1 moved to another report" in result.output
    assert "moved from 2023-淮安市财政局 to 2024-淮安市财政局" in result.output
    reports = {r[0]: r[1] for r in arc.db.execute("select id, n_versions from reports")}
    assert reports == {"2024-淮安市财政局": 2}
    moves = arc.db.execute("select report_id, moved_to, report_deleted, parser_version from report_moves").fetchall()
    assert moves == [("2023-淮安市财政局", "2024-淮安市财政局", 1, "9.0.0")]
    assert arc.db.execute("select report_id from sightings").fetchall() == [("2024-淮安市财政局",)]
    assert arc.db["reports"].get("2024-淮安市财政局")["published_at"] == "2025-01-20"


def test_a_document_filed_by_its_page_hints_stays_filed(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """A scanned PDF names no agency; the crawler filed it by its page. A re-parse must not make it unknown."""
    scanned = doc_bytes(make_record(None, None, fmt="2021", title="scan", extra_cells=3))
    first = arc.ingest(scanned, url="https://x.gov.cn/a.pdf", hints={"agency": "淮安市人民政府", "year": 2021})
    assert first.report_id == "2021-淮安市人民政府"
    bump(monkeypatch, Counting())
    result = reparse(arc.path)
    assert result.exit_code == 0 and "moved" not in result.output
    assert [r[0] for r in arc.db.execute("select id from reports")] == ["2021-淮安市人民政府"]
    assert json.loads(arc.db.execute("select meta from report_versions").fetchone()[0])["parser"]["version"] == "9.0.0"


def test_a_document_the_new_parser_cannot_read_keeps_its_rows(arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    arc.ingest(doc_bytes(make_record("淮安市人民政府", 2022, values={"redress.review.total": 2})))

    def broken(data: bytes, **kw: Any) -> dict[str, Any]:
        raise parsers.UnreadableDocument("regression")

    monkeypatch.setattr(parsers, "__version__", "9.0.0")
    monkeypatch.setattr(parsers, "parse", broken)
    assert reparse(arc.path).exit_code == 0
    assert arc.db.execute("select key, value from cells").fetchall() == [("redress.review.total", 2)]
    assert len(arc.stale()) == 1  # tried again after the next upgrade


def test_a_crawl_after_a_parser_upgrade_still_counts_as_a_sighting(
        arc: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first crawl after an upgrade re-parses what it fetches; its portals must not look silent."""
    portal = "https://www.huaian.gov.cn/"
    data = doc_bytes(make_record("淮安市人民政府", 2023))
    run1 = arc.start_run([portal])
    arc.ingest(data, portal=portal, url=portal + "nb.html")
    arc.finish_run(run1, {})
    bump(monkeypatch, Counting())
    run2 = arc.start_run([portal])
    assert arc.ingest(data, portal=portal, url=portal + "nb.html").outcome == "unchanged"
    arc.finish_run(run2, {})
    assert arc.silent_portals(run2) == []
    assert arc.db.execute("select count(*) from sightings where run_id = ?", [run2]).fetchone()[0] == 1
