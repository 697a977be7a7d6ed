"""Portal discovery (`nianbao portals discover`) on the city portal of the sample portals, and `crawl --region`."""

from __future__ import annotations

import csv

import pytest
from click.testing import CliRunner
from crawl_helpers import SamplePortals

from crawler import discover
from crawler.portals import load
from nianbao_cli import main

CITY = "http://www.city-demo.gov.cn/"


@pytest.fixture(scope="module")
def server():
    with SamplePortals() as s:
        yield s


@pytest.fixture
def proxied(server, monkeypatch):
    for name in ("http_proxy", "https_proxy"):
        monkeypatch.setenv(name, server.proxy)
    monkeypatch.delenv("no_proxy", raising=False)
    monkeypatch.delenv("NO_PROXY", raising=False)
    return server


def test_discovers_the_governments_and_departments_under_a_city(proxied):
    found = {f.entry_url: f for f in discover.discover([CITY]) if isinstance(f, discover.Found)}
    codes = {f.region_code for f in found.values()}
    assert codes >= {"320803", "320804", "320812", "320813", "320826", "320830", "320831", "320871"}
    assert found["http://www.hongze-demo.gov.cn/"].region_code == "320813"
    assert found["http://www.hongze-demo.gov.cn/"].level == "县级政府"
    assert found["http://www.hongze-demo.gov.cn/"].found_on == "http://www.city-demo.gov.cn/xqzf/"
    assert found["http://jyj.city-demo.gov.cn/"].level == "地级部门"
    assert found["http://czj.city-demo.gov.cn/sy/index.html"].region_code == "320800"
    assert found["http://kfq.city-demo.gov.cn/"].level == "派出机构"
    # above it or beside it: the central portal, the province, a neighbouring city
    assert not {"http://www.gov.cn/", "http://www.js.gov.cn/", "http://www.suqian-demo.gov.cn/"} & set(found)
    assert len(found) == 10


def test_unreadable_page_is_named_and_discovery_goes_on(proxied):
    out = list(discover.discover(["http://www.gone-demo.gov.cn/", CITY]))
    errors = [x for x in out if isinstance(x, discover.DiscoveryError)]
    assert len(errors) == 1 and "www.gone-demo.gov.cn" in str(errors[0])
    assert any(isinstance(x, discover.Found) for x in out)


def test_cli_writes_a_portal_list_and_crawl_takes_a_region(proxied, tmp_path):
    out = tmp_path / "discovered.csv"
    result = CliRunner().invoke(main, ["portals", "discover", CITY, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "10 portals" in result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {"name", "entry_url", "level", "region", "region_code", "found_on"} <= set(rows[0])
    portals = load(out)
    assert {p.region_code for p in portals if p.entry_url == "http://www.hongze-demo.gov.cn/"} == {"320813"}
    from crawler.cli import region_portals
    assert [p.entry_url for p in region_portals(portals, "320813")] == ["http://www.hongze-demo.gov.cn/"]
    assert len(region_portals(portals, "3208")) == 10
    result = CliRunner().invoke(main, ["crawl", "--portals", str(out), "--region", "110000", "--db", str(tmp_path / "a.db")])
    assert result.exit_code == 1 and "no portal of region 110000" in result.output
