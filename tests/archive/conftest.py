"""Fixtures of the archive tests (helpers live in archive_helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from archive_helpers import fake_parse

import parsers
from archive import Archive


@pytest.fixture
def fake_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parsers, "parse", fake_parse)


@pytest.fixture
def arc(tmp_path: Path) -> Iterator[Archive]:
    with Archive(tmp_path / "nianbao.db") as a:
        yield a
