"""The report, agency and chart pages, driven in headless Chromium on an archive of golden documents.

The archive is built with the real parser from real samples (reference/samples: 洪泽区 2023 and 2024 PDFs,
淮安市 2024 PDF, 秦皇岛开发区 2024 text with R1 failing) and one made 2019-format page; what the pages must
show is read from the golden expected files (tests/documents/*.expected.json), not from the parser.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from archive_helpers import REPO, Server
from bs4 import BeautifulSoup, Tag
from datasette.utils import tilde_encode

from archive import Archive
from archive.keys import ALL_KEYS, REQUEST_COLUMNS, REQUEST_ROWS

SAMPLES, DOCS = REPO / "reference" / "samples", REPO / "tests" / "documents"
# (file, golden case, url, publication date) — dates chosen so one report is late (洪泽区 2024: 10 days)
GOLDEN = [
    (SAMPLES / "hongze-2023.pdf", "hongze-2023", "https://www.hongze.gov.cn/2023.pdf", "2024-01-20"),
    (SAMPLES / "hongze-2024.pdf", "hongze-2024", "https://www.hongze.gov.cn/2024.pdf", "2025-04-10"),
    (SAMPLES / "qinhuangdao-etdz-2024.txt", "qinhuangdao-etdz-2024", "https://qetdz.gov.cn/2024.html",
     "2025-01-20"),
    (SAMPLES / "huaian-2024.pdf", "huaian-2024", "https://www.huaian.gov.cn/2024.pdf", "2025-03-01"),
    (DOCS / "report-2019-format.html", "report-2019-format", "https://example.gov.cn/2019.html", "2020-03-01"),
    (DOCS / "pre2019-html.html", "pre2019-html", "https://example.gov.cn/2016.html", "2017-03-15"),
]
QHD = "2024-秦皇岛经济技术开发区管理委员会"
HZ = "淮安市洪泽区人民政府"
needs_chromium = pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed")


def expected(case: str) -> dict[str, Any]:
    return dict(json.loads((DOCS / f"{case}.expected.json").read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def golden(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, dict[str, str]]]:
    db = tmp_path_factory.mktemp("views") / "archive.db"
    ids = {}
    with Archive(db) as arc:
        for path, case, url, published in GOLDEN:
            result = arc.ingest(path.read_bytes(), url=url, published_at=published)
            assert result.report_id, (case, result)
            ids[case] = result.report_id
    server = Server(db)
    try:
        yield server, ids
    finally:
        server.stop()


def dom(server: Server, path: str, tmp_path: Path) -> BeautifulSoup:
    """The page as Chromium leaves it after its scripts ran (the charts draw themselves as SVG)."""
    out = subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'profile'}", "--virtual-time-budget=20000", "--dump-dom", server.base + path],
        capture_output=True, text=True, timeout=120,
    )
    assert "<html" in out.stdout, out.stderr[-2000:]
    return BeautifulSoup(out.stdout, "html.parser")


def page(server: Server, report_id: str) -> str:
    return "/nianbao/reports/" + tilde_encode(report_id)


def shown(cell: Tag) -> str:
    v = cell.select_one("span.v")
    return v.get_text(strip=True) if v else ""


def number(value: Any) -> str:
    return "/" if value is None else str(int(value)) if float(value).is_integer() else str(value)


@needs_chromium
def test_report_page_shows_the_three_tables_of_the_form_with_the_right_numbers(golden: tuple,
                                                                                 tmp_path: Path) -> None:
    server, ids = golden
    soup = dom(server, page(server, ids["qinhuangdao-etdz-2024"]), tmp_path)
    tables = {t["data-table"]: t for t in soup.select("table.nb-form")}
    assert set(tables) == {"active", "requests", "redress"}
    assert "二、主动公开政府信息情况" in tables["active"].caption.get_text()
    values = expected("qinhuangdao-etdz-2024")["values"]
    assert len(values) == 200
    for key, value in values.items():
        cell = soup.select_one(f'td[data-key="{key}"]')
        assert cell is not None, key
        assert shown(cell) == number(value), key
        assert key in str(cell["title"]) and ALL_KEYS[key] in str(cell["title"])
    # numbers sit under the form's labels: the row's label cells and the column's header
    row = soup.select_one('tr[data-row="new_received"]')
    assert row is not None and REQUEST_ROWS["new_received"] in row.get_text()
    cells = row.select("td")
    assert [c["data-key"] for c in cells] == [f"requests.new_received.{c}" for c in REQUEST_COLUMNS]
    assert shown(cells[0]) == "29" and shown(cells[-1]) == number(values["requests.new_received.total"])
    header = tables["requests"].get_text()
    for label in REQUEST_COLUMNS.values():
        assert label in header
    withheld = soup.select_one('tr[data-row="withheld_state_secret"]')
    assert withheld is not None and "不予公开" in withheld.get_text() and "属于国家秘密" in withheld.get_text()
    redress = tables["redress"].get_text()
    assert "行政复议" in redress and "未经复议直接起诉" in redress and "结果维持" in redress
    fees = soup.select_one('td[data-key="active.fees.amount_wan_yuan"]')
    assert fees is not None and "本年收费金额（万元）" in tables["active"].get_text()


@needs_chromium
def test_report_page_highlights_the_failing_check_and_links_the_document(golden: tuple, tmp_path: Path) -> None:
    server, ids = golden
    soup = dom(server, page(server, ids["qinhuangdao-etdz-2024"]), tmp_path)
    failing = expected("qinhuangdao-etdz-2024")["checks_failing"]
    items = soup.select(".nb-checks li")
    listed = [(li.strong.get_text(), li.code.get_text()) for li in items]
    assert listed[:len(failing)] == [(f"#{n} {c['rule']}", c["scope"]) for n, c in enumerate(failing, 1)]
    # then S2: the narrative's "受理…34件" against 29 + 2 in table 三 (the report contradicts itself)
    assert [label.split()[1] for label, _ in listed[len(failing):]] == ["S2"]
    assert "31 ≠ 36" in items[0].get_text()
    # R1 of the natural_person column: 一、二、三（七）、四 of that column are highlighted with the check's number
    for row in ("new_received", "carried_in", "total", "carried_out"):
        cell = soup.select_one(f'td[data-key="requests.{row}.natural_person"]')
        assert cell is not None and "failing" in cell["class"], row
        assert cell.select_one('sup.chk a[href="#check-1"]') is not None
    assert "failing" not in soup.select_one('td[data-key="requests.granted.org_business"]')["class"]
    link = soup.select_one("a.document")
    assert link is not None
    with urllib.request.urlopen(server.base + str(link["href"]), timeout=10) as resp:
        body = resp.read()
        assert resp.headers["Content-Type"] == "text/plain; charset=utf-8"
        assert urllib.parse.quote(f"{QHD}.txt") in resp.headers["Content-Disposition"]
    assert body == (SAMPLES / "qinhuangdao-etdz-2024.txt").read_bytes()
    assert soup.select_one("a.source")["href"] == "https://qetdz.gov.cn/2024.html"


def test_pdf_document_opens_inline_under_the_report_id(golden: tuple) -> None:
    server, ids = golden
    html = server.get(page(server, ids["hongze-2024"])).decode()
    soup = BeautifulSoup(html, "html.parser")
    href = str(soup.select_one("a.document")["href"])
    with urllib.request.urlopen(server.base + href, timeout=10) as resp:
        body = resp.read()
        assert resp.headers["Content-Type"] == "application/pdf"
        assert resp.headers["Content-Disposition"] == (
            "inline; filename=\"2024-_.pdf\"; filename*=UTF-8''" + urllib.parse.quote(f"2024-{HZ}.pdf"))
        assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert body == (SAMPLES / "hongze-2024.pdf").read_bytes()


def test_report_page_sets_the_previous_year_beside_and_the_2019_form(golden: tuple) -> None:
    server, ids = golden
    soup = BeautifulSoup(server.get(page(server, ids["hongze-2024"])).decode(), "html.parser")
    prev, now = expected("hongze-2023")["values"], expected("hongze-2024")["values"]
    cell = soup.select_one('td[data-key="requests.new_received.total"]')
    assert shown(cell) == number(now["requests.new_received.total"])
    assert cell.select_one("span.prev").get_text() == number(prev["requests.new_received.total"])
    assert soup.select_one(f'a[href="{page(server, ids["hongze-2023"])}"]') is not None
    assert "late 逾期" in soup.select_one("dd.timeliness").get_text()
    assert [h.get_text() for h in soup.select(".nb-sections h3")][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    old = BeautifulSoup(server.get(page(server, ids["report-2019-format"])).decode(), "html.parser")
    active = old.select_one('table[data-table="active"]').get_text()
    assert "本年新制作数量" in active and "其他对外管理服务事项" in active and "政府集中采购" in active
    values = expected("report-2019-format")["values"]
    for key in ("active.licensing.delta", "requests.total.total"):
        if key in values:
            assert shown(old.select_one(f'td[data-key="{key}"]')) == number(values[key])
    assert old.select_one('tr[data-row="other_single"]') is not None
    assert old.select_one('tr[data-row="other_no_correction"]') is None
    free = BeautifulSoup(server.get(page(server, ids["pre2019-html"])).decode(), "html.parser")
    assert free.select("table.nb-form") == [] and "before the national form of 2019" in free.get_text()
    assert free.select(".nb-sections h3")  # its texts are shown


@needs_chromium
def test_agency_page_lists_every_year_with_charts(golden: tuple, tmp_path: Path) -> None:
    server, _ = golden
    soup = dom(server, "/nianbao/agencies/" + tilde_encode(HZ), tmp_path)
    rows = {tr["data-year"]: tr for tr in soup.select("table.nb-years tbody tr")}
    assert set(rows) == {"2023", "2024"}
    for year, case in (("2023", "hongze-2023"), ("2024", "hongze-2024")):
        values = expected(case)["values"]
        received = rows[year].select_one('td[data-col="received"]').get_text(strip=True)
        assert received == number(values["requests.new_received.total"])
        granted = rows[year].select_one('td[data-col="granted"]').get_text(strip=True)
        assert granted == number(values["requests.granted.total"])
    assert rows["2024"].select_one("td.timeliness.late").get_text(strip=True) == "10"  # 2025-04-10 vs 03-31
    assert [tr.select("td")[1].get_text() for tr in soup.select(".nb-agency > table:last-of-type tr.failing")] \
        == ["R4", "R4", "S2"]  # 2023: the golden file's two failing R4 groups, then the narrative against table 三
    drawn = soup.select("div.vega[data-drawn] svg.marks")
    assert len(drawn) == 3
    bars = {str(p.get("aria-label")) for p in soup.select("#chart-received svg.marks g.mark-rect path")}
    for year, case in (("2023", "hongze-2023"), ("2024", "hongze-2024")):  # the bars carry the archive's numbers
        received = number(expected(case)["values"]["requests.new_received.total"])
        assert f"year: {year}; 件: {received}; series: 本年新收" in bars


@needs_chromium
def test_chart_page_draws_a_region_with_its_numbers_and_csv(golden: tuple, tmp_path: Path) -> None:
    server, _ = golden
    qs = urllib.parse.urlencode({"province": "江苏省", "from": "2023", "to": "2024"})
    soup = dom(server, f"/nianbao/-/charts?{qs}", tmp_path)
    assert len(soup.select("div.vega[data-drawn] svg.marks")) == 7
    rows = {tr["data-year"]: {td["data-col"]: td.get_text(strip=True) for td in tr.select("td")}
            for tr in soup.select("table.nb-chartdata tbody tr")}
    assert set(rows) == {"2023", "2024"}
    hz24, ha24 = expected("hongze-2024")["values"], expected("huaian-2024")["values"]
    assert rows["2024"]["reports"] == "2" and rows["2024"]["late"] == "1" and rows["2024"]["late_pct"] == "50.0"
    assert rows["2024"]["received_natural_person"] == number(
        hz24["requests.new_received.natural_person"] + ha24["requests.new_received.natural_person"])
    assert rows["2023"]["failing_checks"] == "1"  # 洪泽区 2023: R4
    csv_link = soup.select_one("a.csv")
    data = server.get(str(csv_link["href"]))
    assert data.startswith("\ufeff".encode())
    table = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["year"], r["reports"], r["received_natural_person"]) for r in table] == [
        (y, rows[y]["reports"], rows[y]["received_natural_person"]) for y in ("2023", "2024")]
