"""The canned queries on realistic data: real parser records of the golden documents and samples, plus
CONTRACT-shaped records, filed through `Archive.ingest` / `store_record` as the crawler and the importer do.

Each query runs with the SQL Datasette runs (site.QUERIES) and is compared with answers worked out here from
the documents, not from the archive. Edge cases on purpose: two spellings of one agency (洪泽区人民政府 /
淮安市洪泽区人民政府), a report with two versions (only the current one counts), uncertain cells, pre-2019
and unknown formats, reports without a publication date, and deadlines of every kind.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import doc_bytes, make_record

import parsers
from archive import Archive, site
from tests.support import DOCUMENTS, SAMPLES

HUAIAN = "https://www.huaian.gov.cn/"
HONGZE = "https://www.hongze.gov.cn/"
ECO = "https://sthjj.huaian.gov.cn/"
SH = "https://www.shanghai.gov.cn/"
R1_FAIL = {"rule": "R1", "scope": "requests.total", "status": "fail", "left": 40, "right": 44,
           "detail": "一+二=40, 三(七)+四=44"}


def real(name: str) -> tuple[bytes, str]:
    """Bytes and file name of a sample or golden document."""
    for folder in (SAMPLES, SAMPLES / "pages", DOCUMENTS):
        if (folder / name).exists():
            return (folder / name).read_bytes(), name
    raise FileNotFoundError(name)


def carried(row: str, **columns: int) -> dict[str, int]:
    return {f"requests.{row}.{c}": v for c, v in columns.items()}


def query(arc: Archive, name: str, **params: str) -> list[dict[str, Any]]:
    cur = arc.db.execute(site.QUERIES[name]["sql"], params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


@pytest.fixture(scope="module")
def arc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Archive]:
    """One archive, built as a crawl (two runs) and an import would build it."""
    with Archive(tmp_path_factory.mktemp("q") / "nianbao.db") as a:
        for portal, region in ((HUAIAN, "江苏省淮安市"), (HONGZE, "江苏省淮安市洪泽区"), (ECO, "江苏省淮安市"),
                               (SH, "上海市")):
            a.upsert_portal(portal, region=region)
        run1 = a.start_run([HUAIAN, HONGZE, ECO])
        # 洪泽 2023 prints 洪泽区人民政府, 2024 淮安市洪泽区人民政府: one agency. 2023 fails R4 twice (real PDF).
        data, name = real("hongze-2023.pdf")
        a.ingest(data, url=HONGZE + "2023.pdf", media_type="application/pdf", portal=HONGZE,
                 published_at="2024-03-28", fetched_at="2024-04-02T08:00:00Z")
        # 淮安市人民政府 2023: two versions at one URL; the first fails R1 and carries 30 over, the correction 34
        v1 = make_record("江苏省淮安市人民政府", 2023, checks=[R1_FAIL], values={
            **carried("carried_out", natural_person=30, total=30), "requests.new_received.total": 2900},
            sections={"requests": "不予公开的理由均已书面告知。"})
        v2 = make_record("淮安市人民政府", 2023, checks=[], values={
            **carried("carried_out", natural_person=33, org_business=1, total=34),
            "requests.new_received.total": 2950},
            sections={"requests": "依申请公开答复及时。"})
        for rec in (v1, v2):
            a.store_record(rec, data=doc_bytes(rec), url=HUAIAN + "2023.html", media_type="text/html",
                           portal=HUAIAN, published_at="2024/3/15", fetched_at="2024-03-20T00:00:00Z")
        eco = make_record("淮安市生态环境局", 2023, values={"requests.new_received.total": 7},
                          sections={"overview": "全年未发生行政复议案件。"})
        a.store_record(eco, data=doc_bytes(eco), url=ECO + "2023.html", media_type="text/html", portal=ECO,
                       fetched_at="2024-01-25T00:00:00Z")  # no date shown, but online before 31 Jan: on time
        a.finish_run(run1, {"portals": 3})
        run2 = a.start_run([HUAIAN, HONGZE, ECO])
        data, name = real("hongze-2024.pdf")
        a.ingest(data, url=HONGZE + "2024.pdf", media_type="application/pdf", portal=HONGZE,
                 published_at="2025-03-31", fetched_at="2025-04-02T00:00:00Z")  # on the deadline day: on time
        data, name = real("huaian-2024.pdf")
        a.ingest(data, url=HUAIAN + "2024.pdf", media_type="application/pdf", portal=HUAIAN,
                 published_at="2025年4月1日", fetched_at="2025-04-02T00:00:00Z")  # one day late
        a.record_fetch(url=ECO + "nb/", outcome="blocked", status=403, portal=ECO)
        a.finish_run(run2, {"portals": 3})  # ECO yielded nothing in run 2
        # imports (no portal)
        data, name = real("qinhuangdao-etdz-2024.txt")
        a.ingest(data, path=name, published_at="2025-02-10")  # 派出机构: 31 Jan only assumed
        data, name = real("shanghai-office-2025.pdf.txt")
        a.ingest(data, path=name, published_at="2026-02-01")  # a department of a province: due 31 Jan
        sh24 = make_record("上海市人民政府办公厅", 2024, values=carried(
            "carried_out", natural_person=170, org_business=10, org_research=0, org_public_welfare=0, org_other=0,
            total=185))
        sh24["uncertain"] = ["requests.carried_out.org_legal_service"]  # unsure: must not count as a mismatch
        sh24["cells"]["requests.carried_out.org_legal_service"] = {"raw": "9?", "kind": "text"}
        a.store_record(sh24, data=doc_bytes(sh24), path="sh2024.json", published_at="2025-01-20")
        data, name = real("pingtan-2025-detail.html")
        a.ingest(data, url="https://www.pingtan.gov.cn/nb/2025.html", media_type="text/html",
                 published_at="2026-03-10")
        data, name = real("pre2019-html.html")  # 金沙县审计局 2016, pre2019: due 31 March 2017 for everybody
        a.ingest(data, path=name, published_at="2017-03-15")
        unknown = make_record("淮安市财政局", 2024, fmt="unknown", sections={"other": "本机关不掌握相关信息。"})
        a.store_record(unknown, data=doc_bytes(unknown), path="cz.json")  # no date: timeliness unknown
        yield a


def reports(arc: Archive) -> dict[str, dict[str, Any]]:
    cur = arc.db.execute("select * from reports")
    cols = [d[0] for d in cur.description]
    return {row[0]: dict(zip(cols, row, strict=True)) for row in cur.fetchall()}


def test_the_archive_holds_what_was_filed(arc: Archive) -> None:
    got = {rid: (r["level"], r["format"], r["n_versions"]) for rid, r in reports(arc).items()}
    assert got == {
        "2023-淮安市洪泽区人民政府": ("县级政府", "2021", 1),
        "2024-淮安市洪泽区人民政府": ("县级政府", "2021", 1),
        "2023-淮安市人民政府": ("地级政府", "2021", 2),
        "2024-淮安市人民政府": ("地级政府", "2021", 1),
        "2023-淮安市生态环境局": ("地级部门", "2021", 1),
        "2024-秦皇岛经济技术开发区管理委员会": ("派出机构", "2021", 1),
        "2025-上海市人民政府办公厅": ("省级部门", "2021", 1),
        "2024-上海市人民政府办公厅": ("省级部门", "2021", 1),
        "2025-平潭综合实验区": ("派出机构", "2021", 1),
        "2016-毕节市金沙县审计局": ("县级部门", "pre2019", 1),
        "2024-淮安市财政局": ("地级部门", "unknown", 1),
    }


def test_failing_checks_come_from_current_versions_only(arc: Archive) -> None:
    rows = query(arc, "failing_checks", year="", rule="")
    got = sorted({(r["report"], r["rule"], r["scope"]) for r in rows})
    # 淮安 2023's first version failed R1; its correction is current and passes
    assert got == [
        ("2023-淮安市洪泽区人民政府", "R4", "redress.lit_after_review"),
        ("2023-淮安市洪泽区人民政府", "R4", "redress.review"),
        # S2: the narratives contradict the tables (受理17件 against 新收95; 受理34件 against 新收29)
        ("2024-淮安市洪泽区人民政府", "S2", "requests.new_received.total"),
        ("2024-秦皇岛经济技术开发区管理委员会", "R1", "requests.natural_person"),
        ("2024-秦皇岛经济技术开发区管理委员会", "R1", "requests.total"),
        ("2024-秦皇岛经济技术开发区管理委员会", "S2", "requests.new_received.total"),
    ]
    assert {r["report"] for r in query(arc, "failing_checks", year="2024", rule="R1")} == {
        "2024-秦皇岛经济技术开发区管理委员会"}
    assert query(arc, "failing_checks", year="", rule="R2") == []


def test_applications_received_per_agency_and_year(arc: Archive) -> None:
    rows = {(r["agency"], r["year"]): r["new_received"] for r in query(arc, "applications_received", agency="",
                                                                         year="")}
    assert rows == {
        ("淮安市洪泽区人民政府", 2023): 21, ("淮安市洪泽区人民政府", 2024): 95,  # both spellings, one agency
        ("淮安市人民政府", 2023): 2950,  # the current version, not the first (2900)
        ("淮安市人民政府", 2024): 3119,
        ("淮安市生态环境局", 2023): 7,
        ("秦皇岛经济技术开发区管理委员会", 2024): 29,
        ("上海市人民政府办公厅", 2025): 1295, ("上海市人民政府办公厅", 2024): None,
        ("平潭综合实验区", 2025): 154,
        ("毕节市金沙县审计局", 2016): None,  # pre-2019: no table 三
        ("淮安市财政局", 2024): None,
    }
    hz = query(arc, "applications_received", agency="洪泽", year="")
    assert [(r["year"], r["new_received"]) for r in hz] == [(2023, 21), (2024, 95)]


def test_late_reports_follow_the_deadline_of_each_level(arc: Archive) -> None:
    rows = {r["report"]: (r["deadline"], r["days_late"]) for r in query(arc, "late_reports", year="")}
    assert rows == {
        "2024-淮安市人民政府": ("2025-03-31", 1),  # 本级政府, published 2025年4月1日
        "2024-秦皇岛经济技术开发区管理委员会": ("2025-01-31", 10),  # assumed local deadline
        "2025-上海市人民政府办公厅": ("2026-01-31", 1),  # department
        "2025-平潭综合实验区": ("2026-01-31", 38),
    }
    basis = {r["report"]: r["deadline_basis"] for r in query(arc, "late_reports", year="")}
    assert "假定" in basis["2025-平潭综合实验区"] and "第49条" in basis["2024-淮安市人民政府"]
    timing = {rid: r["timeliness"] for rid, r in reports(arc).items()}
    assert timing["2024-淮安市洪泽区人民政府"] == "on_time"  # published on the deadline day
    assert timing["2016-毕节市金沙县审计局"] == "on_time"  # pre-2019: 31 March for a department too
    assert timing["2023-淮安市生态环境局"] == "on_time"  # no date, crawled online before 31 Jan
    assert timing["2024-淮安市财政局"] == "unknown"  # no date, imported: not late, visibly unknown
    assert reports(arc)["2024-淮安市财政局"]["late"] is None
    assert reports(arc)["2023-淮安市人民政府"]["published_at"] == "2024-03-15"  # 2024/3/15 normalised
    assert [r["report"] for r in query(arc, "late_reports", year="2025")] == [
        "2025-平潭综合实验区", "2025-上海市人民政府办公厅"]


def test_missing_reports(arc: Archive) -> None:
    assert [r["agency"] for r in query(arc, "missing_reports", year="2024")] == ["淮安市生态环境局"]
    missing_2025 = {r["agency"] for r in query(arc, "missing_reports", year="2025")}
    assert missing_2025 == {"淮安市洪泽区人民政府", "淮安市人民政府", "淮安市财政局",
                            "秦皇岛经济技术开发区管理委员会"}
    assert [r["agency"] for r in query(arc, "missing_reports", year="2017")] == ["毕节市金沙县审计局"]


def test_silent_portals(arc: Archive) -> None:
    rows = query(arc, "silent_portals")
    assert [(r["portal"], r["reports_before"], r["failed_fetches_last_run"]) for r in rows] == [(ECO, 1, 1)]


def test_carryover_mismatches_per_column_same_agency_current_versions(arc: Archive) -> None:
    rows = sorted((r["report"], r["applicant"], r["carried_out_previous_year"], r["carried_in"])
                  for r in query(arc, "carryover_mismatches", year=""))
    huaian24 = parsers.parse(real("huaian-2024.pdf")[0], path="huaian-2024.pdf")["values"]
    expected_huaian = sorted(
        ("2024-淮安市人民政府", col, prev, huaian24[f"requests.carried_in.{col}"])
        for col, prev in (("natural_person", 33), ("org_business", 1), ("total", 34))
        if huaian24[f"requests.carried_in.{col}"] != prev)
    # 上海 2024 → 2025: org_business 10 vs 15 and total 185 vs 189; the unsure 法律服务机构 cell is no mismatch
    assert rows == sorted(expected_huaian + [("2025-上海市人民政府办公厅", "org_business", 10, 15),
                                             ("2025-上海市人民政府办公厅", "total", 185, 189)])
    assert ("2024-淮安市洪泽区人民政府", "total", 0, 0) not in rows  # across the two spellings: both 0
    assert {r["report"] for r in query(arc, "carryover_mismatches", year="2025")} == {"2025-上海市人民政府办公厅"}


def current_sections(arc: Archive) -> dict[tuple[str, str], str]:
    """Each current section's text as search sees it: lines wrapped inside a paragraph joined (the PDF text of
    上海 2025 wraps "本机关不\n掌握"), a line ending in 。！？；： kept as a paragraph end."""
    out = {}
    for rid, r in reports(arc).items():
        for section, text in arc.record(r["current_version"])["sections"].items():
            text = re.sub(r"[ \u3000]*\n[ \u3000]*", "\n", text.replace("\r", ""))
            out[(rid, section)] = re.sub(r"(?<![。！？；：])\n", "", text)
    return out


@pytest.mark.parametrize("term", ["复议", "公开", "依申请", "不予公开", "行政复议", "本机关不掌握", "信访"])
def test_search_finds_exactly_the_current_sections_holding_the_term(arc: Archive, term: str) -> None:
    rows = query(arc, "search", q=term)
    got = sorted((r["report"], r["section"]) for r in rows)
    expected = sorted(key for key, text in current_sections(arc).items() if term in text)
    assert got == expected
    assert all(term in r["excerpt"] for r in rows)


def test_search_ignores_superseded_versions(arc: Archive) -> None:
    assert query(arc, "search", q="书面告知") == []  # only in 淮安 2023's first version


def test_the_pre2019_and_unknown_reports_have_no_numbers_but_are_searchable(arc: Archive) -> None:
    assert "2024-淮安市财政局" in {r["report"] for r in query(arc, "search", q="不掌握")}
    sha = hashlib.sha256(real("pre2019-html.html")[0]).hexdigest()
    assert reports(arc)["2016-毕节市金沙县审计局"]["sha256"] == sha


def test_every_canned_query_runs_with_empty_parameters(arc: Archive) -> None:
    for name, spec in site.QUERIES.items():
        params = {p: "" for p in ("year", "rule", "agency", "q") if f":{p}" in spec["sql"]}
        query(arc, name, **params)


def undo_m110(a: Archive) -> None:
    """Back to the schema before m110 (figures, scorecard, search over joined lines)."""
    for trigger in ("figures_ai", "figures_au", "figures_ad", "sections_ai", "sections_ad", "sections_au"):
        a.db.execute(f"drop trigger {trigger}")
    a.db.execute("drop view scorecard")
    a.db.execute("drop table figures")
    a.db.execute("drop table sections_fts")
    a.db.execute("drop view sections_joined")
    a.db.table("sections").enable_fts(["text"], tokenize="trigram", create_triggers=True, replace=True)
    a.db.execute("delete from _sqlite_migrations where name = 'm110_views_figures_and_search'")


def test_migration_m110_fills_figures_and_reindexes_joined_lines(tmp_path: Path) -> None:
    """An archive from before m110 gets `figures` for every report and a search that finds wrapped phrases."""
    db = tmp_path / "old.db"
    with Archive(db) as a:
        rec = make_record("淮安市人民政府", 2022, values={"requests.new_received.total": 12},
                          sections={"overview": "坚持中国\n特色社会主义。"})
        a.store_record(rec, data=doc_bytes(rec), published_at="2023-04-05")
        undo_m110(a)
        assert a.db.execute("select count(*) from sections_fts where sections_fts match '\"中国特色\"'").fetchone()[0] == 0
    with Archive(db) as a:
        assert a.db.execute("select report_id, requests_new_received, timeliness from figures").fetchall() == [
            ("2022-淮安市人民政府", 12, "late")]
        assert query(a, "search", q="中国特色")[0]["report"] == "2022-淮安市人民政府"
        rec = make_record("淮安市人民政府", 2023, values={"requests.new_received.total": 7})
        a.store_record(rec, data=doc_bytes(rec))  # the triggers keep figures up to date from now on
        assert a.db.execute("select count(*) from figures").fetchone()[0] == 2
        a.db.execute("insert into sections_fts (sections_fts) values ('integrity-check')")  # index = joined texts


def test_figures_follow_the_current_version_and_deleted_reports(tmp_path: Path) -> None:
    """A new version with more cells becomes current and its numbers replace the old ones in `figures`; a
    report that leaves (moved by a newer parser) leaves `figures` too."""
    with Archive(tmp_path / "f.db") as a:
        first = make_record("淮安市财政局", 2024, values={"requests.new_received.total": 5})
        a.store_record(first, data=doc_bytes(first), url="https://a.gov.cn/1.html", published_at="2025-01-20")
        second = make_record("淮安市财政局", 2024, values={"requests.new_received.total": 6}, extra_cells=4,
                             checks=[{"rule": "R1", "scope": "requests.total", "status": "fail", "left": 6,
                                      "right": 7, "detail": "x"}])
        a.store_record(second, data=doc_bytes(second), url="https://a.gov.cn/2.html")
        row = a.db.execute("select f.requests_new_received, f.rule_checks_failed, f.checks_pass, f.on_time,"
                           " f.version_id = r.current_version from figures f join reports r on r.id = f.report_id"
                           ).fetchall()
        assert row == [(6, 1, 0, 1, 1)]
        with a.transaction():
            a.db.execute("delete from report_versions where report_id = '2024-淮安市财政局'")
            a.db.execute("delete from reports where id = '2024-淮安市财政局'")
        assert a.db.execute("select count(*) from figures").fetchone()[0] == 0


def test_migration_backfills_timeliness(tmp_path: Path) -> None:
    """An archive made before m004 gets deadline_basis and timeliness for its reports on the next open."""
    db = tmp_path / "old.db"
    with Archive(db) as a:
        rec = make_record("淮安市人民政府", 2022)
        a.store_record(rec, data=doc_bytes(rec), published_at="2023-04-05")
        a.db.execute("update reports set timeliness = null, deadline_basis = null")
        a.db.execute("delete from _sqlite_migrations where name = 'm004_timeliness'")
        undo_m110(a)  # its triggers read reports.timeliness: an archive from before m004 has none of m110 either
        a.db.execute("alter table reports drop column timeliness")
        a.db.execute("alter table reports drop column deadline_basis")
    with Archive(db) as a:
        row = a.db.execute("select timeliness, deadline_basis, late from reports").fetchone()
    assert row[0] == "late" and "本级政府" in row[1] and row[2] == 1


def test_migration_reclassifies_agencies_of_an_older_archive(tmp_path: Path) -> None:
    """Agencies classified by the old rules get the corrected level and region; ids (citations) stay."""
    db = tmp_path / "old.db"
    with Archive(db) as a:
        rec = make_record("北京市朝阳区人民政府", 2023)
        a.store_record(rec, data=doc_bytes(rec), published_at="2024-03-20")
        a.db.execute("update agencies set level = '省级政府', county = null, region_code = '110000'")
        a.db.execute("update reports set level = '省级政府', region_code = '110000'")
        a.db.execute("delete from _sqlite_migrations where name = 'm006_reclassify_agencies'")
    with Archive(db) as a:
        row = a.db.execute("select id, level, county, region_code, timeliness from reports").fetchone()
    assert row == ("2023-北京市朝阳区人民政府", "县级政府", "朝阳区", "110105", "on_time")


def test_one_district_name_on_two_portals_is_two_agencies(tmp_path: Path) -> None:
    """鼓楼区 is in 南京 and 福州: each portal's region keeps their reports apart, also after reclassifying."""
    with Archive(tmp_path / "n.db") as a:
        for portal, region in (("https://www.gl.gov.cn/", "江苏省南京市"), ("https://www.gl.fz.gov.cn/", "福建省福州市")):
            a.upsert_portal(portal, region=region)
            rec = make_record("鼓楼区人民政府", 2023)
            rec["sections"] = {"overview": region}
            a.store_record(rec, data=doc_bytes(rec), portal=portal, url=portal + "nb.html")
        from archive.store import reclassify

        assert reclassify(a.db) == 0
        rows = a.db.execute("select id, region_code from reports order by id").fetchall()
    assert rows == [("2023-南京市鼓楼区人民政府", "320106"), ("2023-福州市鼓楼区人民政府", "350102")]
