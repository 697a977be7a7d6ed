"""Shared fixtures: the contract checker of reference/tools as an assertion."""

from __future__ import annotations

import pytest

from tests.support import CHECKER, load_module


@pytest.fixture(scope="session")
def contract():
    """`contract(record)` asserts that a parse record has the shape CONTRACT.md §2 fixes."""
    checker = load_module("check_contract", CHECKER)

    def check(record: dict) -> None:
        problems = checker.check(record, record.get("source", {}).get("path") or "record")
        assert not problems, "\n".join(problems)

    return check
