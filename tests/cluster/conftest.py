"""Fixtures of the cluster tests: one real redis-server and one sample portal server for the module."""

from __future__ import annotations

import shutil

import pytest
from cluster_helpers import OverlapPortals, RedisServer

if shutil.which("redis-server") is None:
    pytest.skip("redis-server is not installed (make system installs it)", allow_module_level=True)


@pytest.fixture(scope="module")
def redis_server():
    with RedisServer() as server:
        yield server


@pytest.fixture(scope="module")
def portals():
    with OverlapPortals() as server:
        yield server
