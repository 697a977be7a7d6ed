"""Fixtures: the sample portal server and a crawl runner (a subprocess: Scrapy's reactor starts once per process)."""

from __future__ import annotations

import pytest
from crawl_helpers import Crawl, SamplePortals


@pytest.fixture(scope="module")
def portals():
    with SamplePortals() as server:
        yield server


@pytest.fixture(scope="module")
def crawl(portals, tmp_path_factory) -> Crawl:
    return Crawl(portals, tmp_path_factory.mktemp("crawl"))
