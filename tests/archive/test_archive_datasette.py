"""`nianbao serve` over HTTP: canned queries, facets, Chinese search, metadata, downloads, serving while writing."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import Server, doc_bytes, make_record
from datasette.utils import tilde_encode

from archive import Archive, site

P1, P2 = "https://www.huaian.gov.cn/", "https://sthjj.huaian.gov.cn/"
FAIL_R1 = {"rule": "R1", "scope": "requests.total", "status": "fail", "left": 31, "right": 36,
           "detail": "一+二=31, 三(七)+四=36"}
PASS_R4 = {"rule": "R4", "scope": "redress.review", "status": "pass", "left": 2, "right": 2, "detail": "ok"}
FAIL_S2 = {"rule": "S2", "scope": "requests.new_received.total", "status": "fail", "left": 250, "right": 205,
           "detail": "“共收到政府信息公开申请250件” but table 三 says 205"}
# A PDF text layer wraps lines inside a phrase (issue 13 quotes "中国\n特色社会主义" and "行\n政规范性文件").
WRAPPED = "坚持以习近平新时代中国\n特色社会主义思想为指导。\n二、主动公开情况\n本年制发行\n政规范性文件3件。"


def build(db: Path) -> dict[str, Any]:
    """A small archive whose query answers are known (see each test)."""
    docs: dict[str, Any] = {}
    with Archive(db) as arc:
        arc.upsert_portal(P1, name="淮安市人民政府", region="江苏省淮安市")
        arc.upsert_portal(P2, name="淮安市生态环境局", region="江苏省淮安市")
        run1 = arc.start_run([P1, P2])
        hz23 = make_record("淮安市洪泽区人民政府", 2023, values={
            "requests.carried_out.total": 5, "requests.carried_out.natural_person": 5,
            "requests.new_received.total": 20},
            sections={"requests": "本年度对不予公开的申请均依法答复。"}, checks=[PASS_R4])
        eco = make_record("淮安市生态环境局", 2023, values={"requests.new_received.total": 7},
                          sections={"redress": "全年未发生行政复议案件。"})
        arc.store_record(hz23, data=doc_bytes(hz23), url=P1 + "hz2023.html", media_type="text/html",
                         published_at="2024-03-20", portal=P1)
        arc.store_record(eco, data=doc_bytes(eco), url=P2 + "2023.html", media_type="text/html",
                         published_at="2024-01-20", portal=P2)
        arc.finish_run(run1, {"portals": 2, "pages": 5, "new_reports": 2})
        run2 = arc.start_run([P1, P2])
        hz24 = make_record("淮安市洪泽区人民政府", 2024, values={
            "requests.carried_in.total": 3, "requests.carried_in.natural_person": 3,
            "requests.new_received.total": 28},
            sections={"overview": "我区坚持以公开为常态、不公开为例外。"}, checks=[FAIL_R1, PASS_R4])
        raw = doc_bytes(hz24)
        arc.store_record(hz24, data=raw, url=P1 + "hz2024.pdf", media_type="application/pdf",
                         published_at="2025-04-10", portal=P1)
        arc.finish_run(run2, {"portals": 2, "pages": 4, "new_reports": 1})
        sh = make_record("上海市人民政府办公厅", 2024, values={"requests.new_received.total": 250},
                         sections={"other": "办公厅收到行政复议申请3件。", "overview": WRAPPED}, checks=[FAIL_S2])
        # marks: an unsure cell (two numbers in one cell), a vanished blank filled by R2, an OCR'd number
        sh["uncertain"] = ["requests.granted.total"]
        sh["cells"]["requests.granted.total"] = {"raw": "1 2", "kind": "text"}
        sh["values"]["requests.partial.total"] = 0
        sh["cells"]["requests.partial.total"] = {"raw": "", "kind": "blank", "inferred": True}
        sh["values"]["redress.review.total"] = 3
        sh["cells"]["redress.review.total"] = {"raw": "3", "kind": "number", "ocr": True}
        arc.store_record(sh, data=doc_bytes(sh), path="sh.json", published_at="2025-02-15")
        docs["hz24_sha"] = hashlib.sha256(raw).hexdigest()
        docs["hz24_bytes"] = raw
    return docs


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path, dict[str, Any]]]:
    db = tmp_path_factory.mktemp("ds") / "archive.db"
    docs = build(db)
    server = Server(db)
    try:
        yield server, db, docs
    finally:
        server.stop()


def query(server: Server, name: str, **params: str) -> list[dict[str, Any]]:
    qs = urllib.parse.urlencode({**params, "_shape": "objects"})
    return list(server.json(f"/nianbao/{name}.json?{qs}")["rows"])


def test_database_is_named_nianbao_and_lists_reports(served: tuple) -> None:
    server, _, _ = served
    rows = server.json("/nianbao/reports.json?_shape=objects&_sort=id")["rows"]
    assert [r["id"] for r in rows] == ["2023-淮安市洪泽区人民政府", "2023-淮安市生态环境局",
                                       "2024-上海市人民政府办公厅", "2024-淮安市洪泽区人民政府"]
    hz = rows[3]
    assert (hz["level"], hz["province"], hz["city"], hz["county"], hz["region_code"]) == (
        "县级政府", "江苏省", "淮安市", "洪泽区", "320813")


def test_failing_checks(served: tuple) -> None:
    rows = query(served[0], "failing_checks", year="", rule="")
    assert [(r["report"], r["rule"], r["left"], r["right"]) for r in rows] == [
        ("2024-上海市人民政府办公厅", "S2", 250, 205), ("2024-淮安市洪泽区人民政府", "R1", 31, 36)]
    assert query(served[0], "failing_checks", year="2023", rule="") == []


def test_failing_checks_filter_by_rule_s2_beside_r1(served: tuple) -> None:
    assert [r["report"] for r in query(served[0], "failing_checks", year="", rule="S2")] == ["2024-上海市人民政府办公厅"]
    assert [r["report"] for r in query(served[0], "failing_checks", year="", rule="R1")] == ["2024-淮安市洪泽区人民政府"]
    facets = served[0].json("/nianbao/checks.json?_facet=rule")["facet_results"]["rule"]["results"]
    assert {f["value"] for f in facets} >= {"R1", "R4", "S2"}


def test_applications_received(served: tuple) -> None:
    rows = query(served[0], "applications_received", agency="洪泽", year="")
    assert [(r["year"], r["new_received"], r["carried_in"]) for r in rows] == [(2023, 20, None), (2024, 28, 3)]
    assert [r["new_received"] for r in query(served[0], "applications_received", agency="", year="2024")] == [
        250, 28]


def test_late_reports(served: tuple) -> None:
    rows = query(served[0], "late_reports", year="")
    # 洪泽区 2024: 本级政府, due 2025-03-31, published 2025-04-10; 办公厅 is a department: due 2025-01-31
    assert {(r["report"], r["deadline"], r["days_late"]) for r in rows} == {
        ("2024-淮安市洪泽区人民政府", "2025-03-31", 10), ("2024-上海市人民政府办公厅", "2025-01-31", 15)}


def test_missing_reports(served: tuple) -> None:
    rows = query(served[0], "missing_reports", year="2024")
    assert [r["agency"] for r in rows] == ["淮安市生态环境局"]


def test_silent_portals(served: tuple) -> None:
    rows = query(served[0], "silent_portals")
    assert [(r["portal"], r["reports_before"]) for r in rows] == [(P2, 1)]


def test_carryover_mismatches(served: tuple) -> None:
    rows = query(served[0], "carryover_mismatches", year="")
    assert {(r["applicant"], r["carried_out_previous_year"], r["carried_in"]) for r in rows} == {
        ("total", 5, 3), ("natural_person", 5, 3)}


@pytest.mark.parametrize(("term", "report"), [
    ("公开", "2024-淮安市洪泽区人民政府"),      # 2 characters: LIKE route
    ("复议", "2023-淮安市生态环境局"),
    ("不公开", "2024-淮安市洪泽区人民政府"),    # 3 characters: trigram index
    ("不予公开", "2023-淮安市洪泽区人民政府"),  # 4 characters
    ("行政复议", "2023-淮安市生态环境局"),
])
def test_search_canned_query_finds_chinese_terms(served: tuple, term: str, report: str) -> None:
    rows = query(served[0], "search", q=term)
    assert report in {r["report"] for r in rows}
    assert all(term in r["excerpt"] for r in rows)


def test_search_counts_are_exact(served: tuple) -> None:
    assert len(query(served[0], "search", q="行政复议")) == 2
    assert len(query(served[0], "search", q="公开")) == 3
    assert query(served[0], "search", q="信访") == []


@pytest.mark.parametrize("phrase", ["中国特色社会主义", "行政规范性文件", "特色"])
def test_search_finds_phrases_wrapped_over_lines(served: tuple, phrase: str) -> None:
    rows = query(served[0], "search", q=phrase)
    assert [(r["report"], r["section"]) for r in rows] == [("2024-上海市人民政府办公厅", "overview")]
    assert phrase in rows[0]["excerpt"]
    if len(phrase) >= 3:  # the sections table's own search box uses the same index
        qs = urllib.parse.urlencode({"_search": phrase, "_shape": "objects"})
        found = served[0].json(f"/nianbao/sections.json?{qs}")["rows"]
        assert [r["section"] for r in found] == ["overview"]
        assert "\n二、主动公开情况" in found[0]["text"]  # the text people read keeps its lines


def test_search_box_sends_short_terms_to_the_scan(served: tuple) -> None:
    for term in ("公开", "复议"):
        qs = urllib.parse.urlencode({"_search": term})
        with urllib.request.urlopen(served[0].base + f"/nianbao/sections?{qs}", timeout=10) as resp:
            assert "/nianbao/search?q=" in resp.url
            html = resp.read().decode()
        assert term in html and "2024-淮安市洪泽区人民政府" in html or "2023-淮安市生态环境局" in html
        rows = served[0].json(f"/nianbao/sections.json?{qs}&_shape=objects")["rows"]
        assert rows and all(term in r["excerpt"] for r in rows)
    html = served[0].get("/nianbao/sections").decode()
    assert "/nianbao/search?q=" in html  # the table's description names the query


def test_section_names_in_chinese(served: tuple) -> None:
    html = served[0].get("/nianbao/sections").decode()
    assert "一、总体情况" in html and "六、其他需要报告的事项" in html
    html = served[0].get("/nianbao/search?" + urllib.parse.urlencode({"q": "行政复议"})).decode()
    assert "四、政府信息公开行政复议、行政诉讼情况" in html


def test_datasette_search_box_uses_the_trigram_index(served: tuple) -> None:
    for term, n in (("不予公开", 1), ("行政复议", 2)):
        qs = urllib.parse.urlencode({"_search": term, "_shape": "objects"})
        assert len(served[0].json(f"/nianbao/sections.json?{qs}")["rows"]) == n


def test_facets_with_chinese_values(served: tuple) -> None:
    data = served[0].json("/nianbao/reports.json?_facet=province&_facet=year&_facet=level&_facet=check_status")
    facets = data["facet_results"]
    provinces = {f["value"]: f["count"] for f in facets["province"]["results"]}
    assert provinces == {"江苏省": 3, "上海市": 1}
    assert {f["value"]: f["count"] for f in facets["year"]["results"]} == {2023: 2, 2024: 2}
    qs = urllib.parse.urlencode({"province": "上海市", "_shape": "objects"})
    assert [r["agency_id"] for r in served[0].json(f"/nianbao/reports.json?{qs}")["rows"]] == ["上海市人民政府办公厅"]


def test_default_facets_and_hidden_tables(served: tuple) -> None:
    data = served[0].json("/nianbao/reports.json")
    assert {"year", "format", "province", "city", "level", "check_status"} <= set(data["facet_results"])
    tables = {t["name"]: t for t in served[0].json("/nianbao.json")["tables"]}
    assert tables["blobs"]["hidden"] and tables["sightings"]["hidden"]
    assert not tables["reports"]["hidden"]


def test_every_table_and_column_is_described(served: tuple) -> None:
    meta = served[0].json("/-/metadata.json")
    tables = meta["databases"]["nianbao"]["tables"]
    info = served[0].json("/nianbao.json")
    for t in info["tables"] + [{"name": v["name"], "columns": v.get("columns")} for v in info.get("views", [])]:
        if t["name"].startswith("sections_fts"):
            continue
        spec = tables[t["name"]]
        assert spec.get("title") and spec.get("description"), t["name"]
        assert spec.get("license") and spec.get("source"), t["name"]
        columns = t.get("columns") or list(served[0].json(f"/nianbao/{t['name']}.json?_size=0")["columns"])
        missing = [c for c in columns if c not in spec["columns"]]
        assert not missing, (t["name"], missing)
    assert tables["cells"]["columns"]["value"].count("万元") == 1
    assert set(site.QUERIES) <= set(meta["databases"]["nianbao"]["queries"])


def test_wide_views_pivot_each_report(served: tuple) -> None:
    qs = urllib.parse.urlencode({"report": "2024-淮安市洪泽区人民政府", "_shape": "objects"})
    row = served[0].json(f"/nianbao/requests_wide.json?{qs}")["rows"][0]
    assert row["requests.carried_in.total"] == 3 and row["requests.new_received.total"] == 28


def test_raw_bytes_download_from_the_document_row(served: tuple) -> None:
    server, _, docs = served
    sha = docs["hz24_sha"]
    html = server.get(f"/nianbao/documents/{sha}").decode()
    assert f"/nianbao/-/document/{sha}" in html
    with urllib.request.urlopen(server.base + f"/nianbao/-/document/{sha}", timeout=10) as resp:
        assert resp.read() == docs["hz24_bytes"]
        # the bytes are JSON text here (a stand-in document): the sniffed type wins over the stored one
        assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert resp.headers["Content-Disposition"] == (
            "inline; filename=\"2024-_.txt\"; filename*=UTF-8''" + urllib.parse.quote("2024-淮安市洪泽区人民政府.txt"))


def test_serves_while_another_process_writes(served: tuple) -> None:
    server, db, _ = served
    with Archive(db) as arc:  # a writer holding an open transaction must not block readers (WAL)
        with arc.transaction():
            rec = make_record("淮安市财政局", 2024)
            arc.store_record(rec, data=doc_bytes(rec))
            assert len(server.json("/nianbao/reports.json?_shape=objects")["rows"]) == 4
    assert len(server.json("/nianbao/reports.json?_shape=objects")["rows"]) == 5


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")
def test_reports_page_renders_in_headless_chromium(served: tuple, tmp_path: Path) -> None:
    server = served[0]
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", server.base + "/nianbao/reports"],
        capture_output=True, text=True, timeout=60,
    )
    dom = out.stdout
    assert "<table" in dom, out.stderr[-2000:]
    assert "Reports 年度报告" in dom  # the title from the metadata
    assert "淮安市洪泽区人民政府" in dom and "上海市人民政府办公厅" in dom
    assert "江苏省" in dom  # the province facet rendered


def test_report_row_url_is_a_stable_citation(served: tuple) -> None:
    """Datasette links rows with tilde-encoded ids; the plain (percent-encoded) form opens the row page too."""
    server = served[0]
    report = "2024-淮安市洪泽区人民政府"
    row = server.json(f"/nianbao/reports/{tilde_encode(report)}.json?_shape=objects")["rows"][0]
    assert row["agency_id"] == "淮安市洪泽区人民政府" and row["year"] == 2024
    page = server.get("/nianbao/reports/" + urllib.parse.quote(report)).decode()
    assert "淮安市洪泽区人民政府2024年政府信息公开工作年度报告" in page and "2025-04-10" in page
    view = server.get("/nianbao/requests_wide?report=" + urllib.parse.quote(report)).decode()
    assert f'href="/nianbao/reports/{tilde_encode(report)}"' in view  # the plugin links a view's report cell


def test_every_cell_links_its_report_source_document_and_raw_bytes(served: tuple) -> None:
    server, _, docs = served
    report = "2024-淮安市洪泽区人民政府"
    row = server.json(f"/nianbao/reports/{tilde_encode(report)}.json?_shape=objects")["rows"][0]
    vid = row["current_version"]
    html = server.get(f"/nianbao/cells?version_id={vid}").decode()
    assert f'href="/nianbao/reports/{tilde_encode(report)}"' in html
    assert f'href="{P1}hz2024.pdf">source</a>' in html
    assert f'/nianbao/-/document/{docs["hz24_sha"]}' in html
    assert "一、本年新收政府信息公开申请数量 · 总计（件）" in html  # the form's wording and unit under the key
    page = server.get(f"/nianbao/reports/{tilde_encode(report)}").decode()
    for table in ("cells", "checks", "sections"):
        assert f'href="/nianbao/{table}?version_id={vid}"' in page
    assert server.get(f"/nianbao/checks?version_id={vid}").decode().count(">source</a>") == 2


def test_canned_queries_lead_to_the_source_document(served: tuple) -> None:
    rows = query(served[0], "failing_checks", year="", rule="R1")
    assert rows[0]["url"] == P1 + "hz2024.pdf" and rows[0]["sha256"] == served[2]["hz24_sha"]
    html = served[0].get("/nianbao/failing_checks?year=&rule=").decode()
    assert ">document</a>" in html and "download=" not in html  # opens inline, named after the report


def test_column_descriptions_are_compact(served: tuple) -> None:
    html = served[0].get("/nianbao/reports").decode()
    assert 'href="/-/nianbao.css"' in html
    assert b"column-descriptions" in served[0].get("/-/nianbao.css")


def test_report_page_marks_carry_over_differences_with_the_previous_year(served: tuple) -> None:
    """S1: 2024's 上年结转 (3) is not 2023's 结转下年度 (5); the page shows both, the 2023 value beside 2024's."""
    html = served[0].get("/nianbao/reports/" + tilde_encode("2024-淮安市洪泽区人民政府")).decode()
    assert "上年结转 3 ≠ 2023 结转下年度 5" in html
    assert re.search(r'class="[^"]*\bs1diff\b[^"]*" data-key="requests.carried_in.total"', html)
    assert f'href="/nianbao/reports/{tilde_encode("2023-淮安市洪泽区人民政府")}"' in html


def test_scorecard_components_and_formula(served: tuple) -> None:
    rows = served[0].json("/nianbao/scorecard.json?_shape=objects&_sort=report")["rows"]
    by = {(r["agency"], r["year"]): r for r in rows}
    hz = by[("淮安市洪泽区人民政府", 2024)]
    # published 1, late 0, 1 of 3 tables, R1 fails 0, no S2 (left out), 1 of 6 sections:
    # 100 × (1 + 0 + 1/3 + 0 + 1/6) / 5 = 30
    assert (hz["published"], hz["on_time"], hz["tables_read"], hz["checks_pass"], hz["narrative_consistent"],
            hz["sections_present"], hz["score"]) == (1, 0, 1, 0, None, 1, 30)
    assert by[("上海市人民政府办公厅", 2024)]["narrative_consistent"] == 0
    assert by[("淮安市生态环境局", 2024)]["published"] == 0  # reported for 2023, not for 2024
    meta = served[0].json("/-/metadata.json")["databases"]["nianbao"]["tables"]["scorecard"]
    assert "score = 100 × the average of the decided components" in meta["description"]
    qs = urllib.parse.urlencode({"province": "上海市", "_shape": "objects", "_sort_desc": "score"})
    assert [r["agency"] for r in served[0].json(f"/nianbao/scorecard.json?{qs}")["rows"]] == ["上海市人民政府办公厅"]


def test_report_page_marks_uncertain_inferred_and_ocr_cells_and_s2(served: tuple) -> None:
    html = served[0].get("/nianbao/reports/" + tilde_encode("2024-上海市人民政府办公厅")).decode()

    def cell(key: str) -> str:
        found = re.search(rf'<td class="([^"]*)" data-key="{re.escape(key)}" title="([^"]*)"><span class="v">([^<]*)<',
                          html)
        assert found, key
        return " | ".join(found.groups())

    assert cell("requests.granted.total").startswith("cell uncertain | ")
    assert "印刷文字 printed: “1 2”" in cell("requests.granted.total") and cell("requests.granted.total").endswith("1 2")
    assert cell("requests.partial.total").startswith("cell inferred | ") and cell("requests.partial.total").endswith("0")
    assert cell("redress.review.total").startswith("cell ocr | ") and cell("redress.review.total").endswith("3")
    assert cell("requests.new_received.total").startswith("cell failing | ")  # S2 names the cell it contradicts
    assert cell("requests.carried_in.total").startswith("cell unread | ")
    assert "#1 S2" in html and "250 ≠ 205" in html


def test_report_page_compares_with_the_previous_year(served: tuple) -> None:
    html = served[0].get("/nianbao/reports/" + tilde_encode("2024-淮安市洪泽区人民政府")).decode()
    section = html[html.index('class="nb-compare"'):]
    row = re.search(r"本年新收 received</th><td class=\"num\">(\d+)</td><td class=\"num\">(\d+)</td>"
                    r"<td class=\"num\">([+-]\d+)</td>", section)
    assert row and row.groups() == ("20", "28", "+8")
