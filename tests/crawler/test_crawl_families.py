"""Every CMS family's fixture portal (tests/portals/families, rebuilt from real markup), served on 127.0.0.1
and crawled end to end: recall and precision of the archived reports per family, each at least 98 %."""

from __future__ import annotations

import csv
import importlib
from pathlib import Path

import pytest

archive = pytest.importorskip("archive")
from crawl_helpers import Crawl, SamplePortals  # noqa: E402

from archive.export import report_objects  # noqa: E402

FAMILIES = ("hanweb", "trs", "fujian", "guangdong", "shaanxi", "ucap", "vsb", "legacy", "generic")
SITES = {name: importlib.import_module(f"families.{name}").SITE for name in FAMILIES}
THRESHOLD = 0.98


class FamilyState:
    """The routes of every family site, for tests/portals/server.py."""

    def routes(self) -> dict:
        out: dict = {}
        for site in SITES.values():
            out.update(site.routes)
        return out


@pytest.fixture(scope="module")
def server():
    with SamplePortals(state=FamilyState()) as s:  # type: ignore[arg-type]
        yield s


@pytest.fixture(scope="module")
def crawled(server, tmp_path_factory) -> tuple[Crawl, list]:
    work = tmp_path_factory.mktemp("families")
    crawl = Crawl(server, work)
    crawl.portals = work / "families.csv"
    with crawl.portals.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "entry_url", "level", "region", "platform", "encoding", "tls_ciphers", "hosts"])
        for site in SITES.values():
            for name, url in site.portals:
                w.writerow([name, url, "", "", "", "", "", ""])
    server.log.clear()
    crawl()
    return crawl, list(server.log)


def found_by_family(db: Path) -> dict[str, set[tuple[str, int]]]:
    entries = {url: family for family, site in SITES.items() for _, url in site.portals}
    out: dict[str, set[tuple[str, int]]] = {f: set() for f in FAMILIES}
    with archive.Archive(db) as arc:
        for o in report_objects(arc):
            year, agency = o["report_id"].split("-", 1)
            out[entries[o["portal"]]].add((agency, int(year)))
    return out


def test_every_family_found_with_recall_and_precision(crawled):
    crawl, _ = crawled
    found = found_by_family(crawl.db)
    lines, failing = [], []
    for family, site in SITES.items():
        hits = found[family] & site.reports
        recall = len(hits) / len(site.reports)
        precision = len(hits) / len(found[family]) if found[family] else 0.0
        lines.append(f"{family:10s} reports {len(site.reports):3d}  found {len(found[family]):3d}  "
                     f"recall {recall:6.1%}  precision {precision:6.1%}")
        if recall < THRESHOLD or precision < THRESHOLD:
            failing.append(f"{family}: missed {sorted(site.reports - found[family])}, "
                           f"extra {sorted(found[family] - site.reports)}")
    print("\n" + "\n".join(lines))
    assert not failing, "\n".join(failing)


# Requests only the family's real pager makes (method, host, path prefix).
PAGER_REQUESTS = (
    ("POST", "www.hanweb-fam.gov.cn", "/module/web/jpage/dataproxy.jsp?startrecord=7&endrecord=12&perpage=2"),
    ("POST", "www.hanweb-fam.gov.cn", "/module/web/jpage/dataproxy.jsp?startrecord=13&endrecord=14"),
    ("POST", "www.hanweb-fam.gov.cn", "/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=5&endrecord=8"),
    ("GET", "www.hanweb-fam.gov.cn", "/module/web/jpage/morecolumndataproxy.jsp?page=3"),
    ("GET", "www.trs-fam.gov.cn", "/zwgk/zfxxgknb/index_2.html"),
    ("GET", "www.trs-fam.gov.cn", "/zwgk/bmxxgknb/list_2.shtml"),
    ("GET", "www.trs-fam.gov.cn", "/zwgk/xzjdnb/index_1.html"),
    ("GET", "www.pingtan.gov.cn", "/fjdzapp/search?channelid=200210"),
    ("POST", "www.fj-fam.gov.cn", "/fjdzapp/search?"),
    ("GET", "www.sm.gov.cn", "/fjdzapp/data?channelid=100000&classsql=chnlid%3D1377&prepage=100&page=1"),
    ("GET", "www.gd-fam.gov.cn", "/gkmlpt/api/all/2846?page=3"),
    ("GET", "www.gd2-fam.gov.cn", "/gkmlpt/api/all/502?page=2&sid=760099"),
    ("GET", "www.gd-fam.gov.cn", "/xxgk/xxgknb/bmxxgknb/index_2.html"),
    ("GET", "www.sx-fam.gov.cn", "/zfxxgk/zfxxgknb/2.html"),
    ("GET", "www.sx-fam.gov.cn", "/List-3301-2.html"),
    ("GET", "www.ucap-fam.gov.cn", "/sygfj/gknb/index_2.shtml"),
    ("GET", "www.vsb-fam.gov.cn", "/xxgk/gknb/1.htm"),
    ("GET", "www.asp-fam.gov.cn", "/gk/year_details.aspx?dept=0&year=2021"),
    ("POST", "www.aspx-fam.gov.cn", "/gk/InfoPublic.aspx?cid=8&__EVENTARGUMENT=Page%243"),
    ("GET", "www.gen-fam.gov.cn", "/nianbao/list_3.html"),
)


def test_adapters_walk_the_real_pagers(crawled):
    _, log = crawled
    hits = [(h.method, h.host, h.path) for h in log]
    missing = [r for r in PAGER_REQUESTS if not any(m == r[0] and h == r[1] and p.startswith(r[2]) for m, h, p in hits)]
    assert not missing
    fujian_pages = {p for m, h, p in hits if h == "www.fj-fam.gov.cn" and m == "POST"}
    assert len(fujian_pages) == 3  # 8 items, 3 a page


def test_related_documents_are_not_fetched_as_reports(crawled):
    _, log = crawled
    titles = [h for h in log if h.method == "GET" and h.path.endswith((".html", ".htm", ".shtml"))]
    assert titles
    for site in SITES.values():
        for url, route in site.routes.items():
            body = getattr(route, "body", b"")
            if b"<h1>" in body and any(w.encode() in body.split(b"<h1>")[1][:200] for w in ("图解", "一图读懂", "解读")):
                host_path = url.split("://", 1)[1]
                host, path = host_path.split("/", 1)
                assert ("GET", host, "/" + path) not in {(h.method, h.host, h.path) for h in log}, url


def test_adapter_of_each_listing_page_is_archived(crawled):
    """fetches.adapter names the family that read each listing page, so a mis-fingerprint shows in Datasette."""
    crawl, _ = crawled
    entries = {url: family for family, site in SITES.items() for _, url in site.portals}
    with archive.Archive(crawl.db) as arc:
        rows = arc.db.execute("select portal, adapter, count(*) from fetches where adapter is not null"
                              " group by portal, adapter").fetchall()
    by_family: dict[str, dict[str, int]] = {}
    for portal, adapter, n in rows:
        counts = by_family.setdefault(entries[portal], {})
        counts[adapter] = counts.get(adapter, 0) + n
    print("\n" + "\n".join(f"{f:10s} {by_family.get(f)}" for f in FAMILIES))
    for family in FAMILIES:
        assert family in by_family.get(family, {}), (family, by_family.get(family))


def test_unchanged_recrawl_downloads_no_document_again(crawled, server):
    """The second crawl of unchanged portals: no report page or attachment comes again with a body (the
    listing walk stops at the first page of known reports; known documents cost a 304 at most)."""
    crawl, _ = crawled
    with archive.Archive(crawl.db) as arc:
        documents = {u for (u,) in arc.db.execute("select distinct url from report_versions")}
    server.log.clear()
    proc = crawl()
    again = {f"http://{h.host}{h.path}" for h in server.log if h.status == 200}
    assert again & documents == set()
    assert "nothing new" in proc.stdout
