"""Shared test helpers: paths to the read-only samples and the contract checker."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = SHARED / "samples"


def _load_checker():  # the contract checker ships as a script in ../shared/tools
    spec = importlib.util.spec_from_file_location("check_contract", SHARED / "tools" / "check_contract.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["check_contract"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def contract():
    """`contract(record)` asserts that a parse record has the shape CONTRACT.md §2 fixes."""
    checker = _load_checker()

    def check(record: dict) -> None:
        problems = checker.check(record, record.get("source", {}).get("path") or "record")
        assert not problems, "\n".join(problems)

    return check
