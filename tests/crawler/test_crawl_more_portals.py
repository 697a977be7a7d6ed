"""End to end on the second set of sample portals (tests/portals/hazards.py): JSON listing endpoints,
e-books, Hanweb variants, reports listed as attachments, and the hazards of real portals."""

from __future__ import annotations

import pytest

archive = pytest.importorskip("archive")
from crawl_helpers import Crawl, SamplePortals  # noqa: E402

# A slow page must time out quickly here; one retry shows the crawl goes on meanwhile.
QUICK = ("-s", "DOWNLOAD_TIMEOUT=2", "-s", "RETRY_TIMES=1")


@pytest.fixture(scope="module")
def server():
    with SamplePortals() as s:
        yield s


@pytest.fixture(scope="module")
def crawl(server, tmp_path_factory) -> Crawl:
    c = Crawl(server, tmp_path_factory.mktemp("more"))
    c.portals = server.write_portals(c.db.with_name("more-portals.csv"), more=True)
    return c


@pytest.fixture(scope="module")
def first(crawl, server):
    server.log.clear()
    proc = crawl(*QUICK)
    return proc, list(server.log)


def reports(db) -> set[tuple[str, int]]:
    with archive.Archive(db) as arc:
        ids = [r for (r,) in arc.db.execute("select id from reports")]
    return {(i.split("-", 1)[1], int(i.split("-", 1)[0])) for i in ids}


def fetches(db) -> dict[str, list[tuple[str, int | None, str | None]]]:
    out: dict[str, list] = {}
    with archive.Archive(db) as arc:
        for url, outcome, status, error in arc.db.execute("select url, outcome, status, error from fetches order by id"):
            out.setdefault(url, []).append((outcome, status, error))
    return out


def test_every_report_found(first, crawl, server):
    assert reports(crawl.db) == server.state.more.expected()


def test_json_endpoints_walked(first):
    _, log = first
    paths = {(h.host, h.path) for h in log}
    fujian = [p for h, p in paths if h == "www.avalon-demo.gov.cn" and p.startswith("/fjdzapp/search?")]
    assert any("page=1" in p and "classsql=chnlid%3D1813" in p for p in fujian)
    assert any("page=2" in p for p in fujian)
    assert ("www.json-demo.gov.cn", "/api/content/getList?columnId=77&pageNo=2&pageSize=2") in paths


def test_hanweb_variants_paged(first):
    _, log = first
    hanweb = [(h.method, h.path) for h in log if h.host == "www.hanweb2-demo.gov.cn"]
    assert any(m == "POST" and p.startswith("/module/jpage/dataproxy.jsp?startrecord=3&endrecord=") for m, p in hanweb)
    assert ("GET", "/col/col2002/index.html?uid=6002&pageNum=2") in hanweb
    assert ("GET", "/module/xxgk/search.jsp?infotypeId=NB&area=11330000&currpage=2") in hanweb


def test_ebooks_are_one_document_each(first, crawl, server):
    _, log = first
    book = [h.path for h in log if "/files/basic-html/" in h.path]
    assert [p for p in book if p.startswith("/ebook/901/")] == [f"/ebook/901/files/basic-html/page{n}.html" for n in (1, 2, 3)]
    assert "/ebook/902/files/basic-html/page4.html" in book  # no count given: walked until the 404
    assert "/ebook/903/files/basic-html/page3.html" in book  # the portal that is one book
    assert "/ebook/904/files/basic-html/page3.html" in book  # linked from an HTML report page
    with archive.Archive(crawl.db) as arc:
        rows = arc.db.execute("select v.url, d.sha256, v.media_type from report_versions v join documents d"
                              " on d.sha256 = v.sha256 where v.url like '%/ebook/%'").fetchall()
        assert {u for u, _, _ in rows} == {"http://www.ebook-demo.gov.cn/ebook/901/index.html",
                                           "http://www.ebook-demo.gov.cn/ebook/902/files/basic-html/page1.html",
                                           "http://www.ebook-demo.gov.cn/ebook/903/files/basic-html/page1.html",
                                           "http://www.ebook-demo.gov.cn/ebook/904/files/basic-html/page1.html"}
        text = arc.document_bytes(rows[0][1]).decode("utf-8")
    assert text.index("政府信息公开工作年度报告") < text.index("申请人情况") < text.index("行政复议")
    assert all(m.startswith("text/plain") for _, _, m in rows)
    with archive.Archive(crawl.db) as arc:
        page = arc.db.execute("select media_type from report_versions where url like '%t20230116_904.html'").fetchone()
    assert page and page[0].startswith("text/html")  # the page that links the book is archived as well


def test_attachment_names_read(first, crawl):
    _, log = first
    files = {h.path for h in log if h.host == "www.files-demo.gov.cn"}
    assert "/attach/download.jsp?fileid=77" in files  # named only by its link text and Content-Disposition
    assert {("文件县教育局", 2023), ("文件县卫生健康局", 2023), ("文件县司法局", 2022)} <= reports(crawl.db)


def test_hazards(first, crawl):
    proc, log = first
    hazard = [(h.path, h.status) for h in log if h.host == "www.hazard-demo.gov.cn"]
    assert not [p for p, _ in hazard if "day=" in p]  # the calendar is not walked
    assert not [p for p, _ in hazard if "jsessionid" in p.lower()]
    assert not [p for p, _ in hazard if p.startswith("/sso/")]  # the login page is not followed
    rows = fetches(crawl.db)
    base = "http://www.hazard-demo.gov.cn/zfxxgk/zfxxgknb/nb/202501/"
    assert rows[base + "t20250110_login.html"][0][0] == "blocked"
    assert rows[base + "t20250111_slow.html"][0][0] == "error" and "TimeoutError" in rows[base + "t20250111_slow.html"][0][2]
    assert rows[base + "t20250112_451.html"][0][:2] == ("error", 451)
    assert "blocked: http://www.hazard-demo.gov.cn" not in proc.stdout  # one login wall does not close the portal


def test_failing_entry_points_reported(first, crawl):
    proc, _ = first
    rows = fetches(crawl.db)
    assert rows["http://www.gone-demo.gov.cn/zfxxgk/zfxxgknb/"][0][:2] == ("not_found", 404)
    assert rows["http://www.dead-demo.gov.cn/"][0][0] == "error"
    assert "failed (entry point unreadable: HTTP 404): http://www.gone-demo.gov.cn/zfxxgk/zfxxgknb/" in proc.stdout
    assert "http://www.dead-demo.gov.cn/" in proc.stdout and " 2 failed," in proc.stdout
    assert rows["http://www.avalon-demo.gov.cn/zwgk/zfxxgk/zfxxgknb/"][0][:2] == ("ok", 200)  # listing pages too


def test_second_crawl_downloads_no_document_and_full_revalidates(first, crawl, server):
    with archive.Archive(crawl.db) as arc:
        documents = {u for (u,) in arc.db.execute("select distinct url from report_versions")}
    server.log.clear()
    proc = crawl(*QUICK)
    assert {f"http://{h.host}{h.path}" for h in server.log if h.status == 200} & documents == set()
    assert "nothing new" in proc.stdout
    crawl(*QUICK, "--full")
    outcomes = {o for rows in fetches(crawl.db).values() for o, _, _ in rows}
    assert outcomes == {"ok", "not_modified", "not_found", "blocked", "error"}
