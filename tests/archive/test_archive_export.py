"""`nianbao export` (CONTRACT.md §3), the key list against the contract checker, and real documents."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path
from types import ModuleType

import pytest
from archive_helpers import doc_bytes, make_record
from click.testing import CliRunner

from archive import Archive, export, site
from archive.keys import ALL_KEYS
from nianbao_cli import main
from tests.support import CHECKER, SHARED


def checker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("check_contract_for_archive", CHECKER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_canonical_keys_match_the_contract_checker() -> None:
    assert set(ALL_KEYS) == checker().KEYS


@pytest.fixture
def filled(tmp_path: Path, fake_parser: None) -> Path:
    db = tmp_path / "n.db"
    fee = {"active.fees.amount_wan_yuan": 4166.241619, "requests.new_received.total": 29,
           "requests.total.total": 0, "active.rules.issued": None}
    checks = [{"rule": "R1", "scope": "requests.total", "status": "fail", "left": 31, "right": 36, "detail": "d"}]
    with Archive(db) as arc:
        page = make_record("平潭综合实验区管理委员会", 2025, values=fee, checks=checks)
        page["uncertain"] = ["requests.granted.total"]
        page["cells"]["requests.total.total"]["inferred"] = True
        arc.ingest(doc_bytes(page), url="https://pt.gov.cn/t1.htm", media_type="text/html",
                   published_at="2026-01-20T09:00:00", portal="https://pt.gov.cn/")
        pdf = make_record("平潭综合实验区管理委员会", 2025, values=fee, checks=checks)
        pdf["title"] = "全真版"
        arc.ingest(doc_bytes(pdf), url="https://pt.gov.cn/t1.pdf", media_type="application/pdf")
        arc.ingest(doc_bytes(make_record("淮安市人民政府", 2024, values={"redress.review.total": 2})), path="h.json")
    return db


def test_export_jsonl_gives_the_current_version_with_provenance(filled: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(filled), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    objs = [json.loads(line) for line in result.output.splitlines()]
    assert [o["agency"] for o in objs] == ["淮安市人民政府", "平潭综合实验区管理委员会"]
    pt = objs[1]
    assert pt["title"] == "平潭综合实验区管理委员会2025年政府信息公开工作年度报告"  # the HTML page wins the tie
    assert pt["url"] == "https://pt.gov.cn/t1.htm" and pt["portal"] == "https://pt.gov.cn/"
    assert pt["published_at"] == "2026-01-20"
    assert [d["media_type"] for d in pt["documents"]] == ["text/html", "application/pdf"]
    assert all(set(d) >= {"url", "media_type", "sha256", "fetched_at"} for d in pt["documents"])
    assert pt["values"]["active.fees.amount_wan_yuan"] == 4166.241619
    assert pt["values"]["active.rules.issued"] is None and pt["values"]["requests.total.total"] == 0
    assert pt["cells"]["requests.total.total"]["inferred"] is True
    assert pt["uncertain"] == ["requests.granted.total"]
    assert pt["checks"][0]["left"] == 31
    assert objs[0]["portal"] is None
    check = checker().check
    for o in objs:
        assert check(o, o["report_id"]) == []


def test_export_csv_has_one_wide_row_per_report(filled: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(filled), "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert len(rows) == 2
    header = list(rows[0])
    assert header[:3] == ["id", "agency", "year"] and set(ALL_KEYS) <= set(header)
    pt = rows[1]
    assert pt["active.fees.amount_wan_yuan"] == "4166.241619" and pt["requests.new_received.total"] == "29"
    assert pt["redress.review.total"] == "" and rows[0]["redress.review.total"] == "2"


def _excel(db: Path, *args: str) -> tuple[bytes, list[dict[str, str]]]:
    result = CliRunner().invoke(main, ["export", "--db", str(db), "--excel", *args])
    assert result.exit_code == 0, result.output
    raw = result.stdout_bytes
    return raw, list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))


def test_csv_keeps_the_contract_and_adds_timeliness(filled: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(filled), "--format", "csv"])
    assert not result.stdout_bytes.startswith(b"\xef\xbb\xbf")  # the contract's csv: no BOM, keys as headers
    rows = list(csv.DictReader(io.StringIO(result.output)))
    pt = rows[1]
    assert pt["deadline"] == "2026-01-31" and pt["timeliness"] == "on_time" and pt["deadline_basis"]
    assert pt["active.rules.issued"] == "" and pt["requests.granted.total"] == ""  # blank: no number, no reason


def test_excel_export_opens_in_a_chinese_spreadsheet(filled: Path) -> None:
    raw, rows = _excel(filled)
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel/WPS read UTF-8 only with a byte-order mark"
    assert b"\r\n" in raw
    header = list(rows[0])
    assert header[:3] == ["报告编号", "机关", "年度"]
    for label in ("发布日期", "法定公开期限", "期限依据", "是否按时"):
        assert label in header
    assert "三、依申请公开｜一、本年新收政府信息公开申请数量 · 总计（件）" in header
    assert "二、主动公开｜行政事业性收费 本年收费金额（万元）" in header
    assert len(set(header)) == len(header), "every column has its own header"
    pt = rows[1]
    assert pt["是否按时"] == "按时" and pt["法定公开期限"] == "2026-01-31" and pt["发布日期"] == "2026-01-20"


def test_excel_export_says_what_stands_in_each_cell(filled: Path) -> None:
    _, rows = _excel(filled)
    hz, pt = rows
    col = export.column_label
    assert pt[col("requests.new_received.total")] == "29"
    assert pt[col("active.fees.amount_wan_yuan")] == "4166.241619"
    assert pt[col("requests.total.total")] == "0"  # inferred from the totals: a value
    assert pt[col("active.rules.issued")] == "/"  # printed "/"
    assert pt[col("requests.granted.total")] == "不确定"  # read, not placed
    assert pt[col("requests.partial.total")] == "未读出"  # in the 2021 form, not read
    assert pt[col("active.rules.new_made")] == "本表式无此项"  # a 2019 cell in a 2021 report
    assert pt[col("requests.other_single.total")] == "本表式无此项"  # the 2021 form's （六） has three rows
    assert hz[col("redress.review.total")] == "2"
    assert all(r[col(k)] != "" for r in rows for k in ALL_KEYS), "no cell of the canonical keys is left blank"


def test_excel_status_of_a_2019_report_that_prints_other_as_one_row() -> None:
    seen = {"requests.other_single.total"}
    form = export._form_of("2021", seen)
    values = {"requests.other_single.total": 3}
    assert export.cell_status("requests.other_single.total", values, set(), form) == 3
    assert export.cell_status("requests.other_misc.total", values, set(), form) == "本表式无此项"
    form19 = export._form_of("2019", set())
    assert export.cell_status("active.rules.issued", {}, set(), form19) == "本表式无此项"
    assert export.cell_status("active.rules.new_made", {}, set(), form19) == "未读出"
    assert export.cell_status("active.rules.new_made", {}, set(), export._form_of("unknown", set())) == "未读出"


def test_codebook_lists_every_column_with_its_unit() -> None:
    result = CliRunner().invoke(main, ["export", "--format", "codebook"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    cells = {r["column"]: r for r in rows if r["kind"] == "cell"}
    assert set(cells) == set(ALL_KEYS)
    assert cells["active.fees.amount_wan_yuan"]["unit"] == "万元"
    assert cells["requests.new_received.total"]["unit"] == "件"
    assert cells["active.rules.issued"]["forms"] == "2021" and cells["active.licensing.decisions"]["forms"] == "2021 2019"
    assert {r["excel_header"] for r in rows if r["kind"] == "status"} == {"不确定", "未读出", "本表式无此项", "/"}
    assert [r["column"] for r in rows if r["kind"] == "meta"] == list(export.CSV_META)


def test_export_needs_a_format_unless_excel(filled: Path) -> None:
    assert CliRunner().invoke(main, ["export", "--db", str(filled)]).exit_code == 2
    assert CliRunner().invoke(main, ["export", "--db", str(filled), "--excel", "--format", "jsonl"]).exit_code == 2


def test_export_of_a_missing_archive_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["export", "--db", str(tmp_path / "none.db"), "--format", "csv"])
    assert result.exit_code != 0 and "no such archive" in result.output


def test_metadata_and_configuration_are_split_for_datasette_1() -> None:
    meta, conf = site.metadata(), site.config()
    behaviour = {"facets", "sort", "sort_desc", "hidden", "fts_table", "fts_pk", "label_column", "queries"}
    for spec in meta["databases"]["nianbao"]["tables"].values():
        assert not behaviour & set(spec)
    assert "queries" not in meta["databases"]["nianbao"]
    for spec in conf["databases"]["nianbao"]["tables"].values():
        assert not {"description", "columns", "license", "source"} & set(spec)
    merged = site.merged()["databases"]["nianbao"]
    assert merged["tables"]["reports"]["facets"] and merged["tables"]["reports"]["columns"]


def test_real_sample_is_archived_as_its_report(tmp_path: Path) -> None:
    sample = SHARED / "samples" / "qinhuangdao-etdz-2024.txt"
    with Archive(tmp_path / "n.db") as arc:
        result = arc.ingest(sample.read_bytes(), path=str(sample))
        assert result.outcome == "new_report"
        assert arc.document_bytes(result.sha256) == sample.read_bytes()
        assert result.report_id == "2024-秦皇岛经济技术开发区管理委员会"
        assert arc.db["reports"].get(result.report_id)["level"] == "派出机构"


def test_export_names_agency_and_year_of_a_report_filed_by_its_page(tmp_path: Path) -> None:
    """A document that names neither (a scan, a bare attachment) is filed by the page's hints."""
    text = "政府信息公开工作年度报告\n一、总体情况\n本年度无。\n二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n"
    with Archive(tmp_path / "n.db") as arc:
        result = arc.ingest(text.encode(), url="http://x.gov.cn/a.txt",
                            hints={"agency": "青山县民政局", "year": 2023, "page_url": "http://x.gov.cn/a.html"})
        assert result.outcome == "new_report"
        (obj,) = list(export.report_objects(arc))
    assert (obj["agency"], obj["year"]) == ("青山县民政局", 2023)


def test_export_round_trips_the_real_parser_output(tmp_path: Path) -> None:
    """What the archive gives back is exactly what `nianbao parse --json` printed (plus provenance)."""
    sample = SHARED / "samples" / "qinhuangdao-etdz-2024.txt"
    import parsers

    parsed = parsers.parse(sample.read_bytes(), path=str(sample))
    db = tmp_path / "n.db"
    assert CliRunner().invoke(main, ["import", str(sample), "--db", str(db)]).exit_code == 0
    exported = json.loads(CliRunner().invoke(main, ["export", "--db", str(db), "--format", "jsonl"]).output)
    for field in ("title", "agency", "year", "format", "values", "cells", "checks", "sections", "uncertain",
                  "warnings", "parser"):
        assert exported[field] == parsed[field], field
    assert exported["source"]["sha256"] == parsed["source"]["sha256"]


def test_a_zip_bundle_files_every_report_inside_it(tmp_path: Path) -> None:
    """A township bundle: one ZIP, two reports; both are filed (real parser), the ZIP itself is kept raw."""
    import io
    import zipfile

    def report(agency: str) -> bytes:
        return (f"{agency}2023年政府信息公开工作年度报告\n一、总体情况\n本年度无。\n"
                "二、主动公开政府信息情况\n三、收到和处理政府信息公开申请情况\n").encode()

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("甲镇.txt", report("青山县甲镇人民政府"))
        zf.writestr("乙镇.txt", report("青山县乙镇人民政府"))
    bundle = buf.getvalue()
    with Archive(tmp_path / "n.db") as store:
        result = store.ingest(bundle, url="http://x.gov.cn/nb/2023.zip")
        assert result.outcome == "new_report"
        assert store.has_document(result.sha256)
        ids = {r[0] for r in store.db.execute("select id from reports")}
        assert ids == {"2023-青山县甲镇人民政府", "2023-青山县乙镇人民政府"}
        assert store.ingest(bundle, url="http://x.gov.cn/nb/2023.zip").outcome == "unchanged"
