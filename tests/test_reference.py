"""reference/ is the repository's copy of ../shared (spec, samples, real pages, contract checker).

The tests and the README use only reference/, so a clone works alone. Where ../shared sits beside the
clone (the developers' machines, CI) the copy must not have drifted from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import ROOT, SHARED

UPSTREAM = ROOT.parent / "shared"
PARTS = ("spec", "samples", "real-pages", "tools", "ARCHITECTURE.md")


def _files(base: Path) -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    for part in PARTS:
        top = base / part
        for p in [top] if top.is_file() else sorted(top.rglob("*")):
            if p.is_file() and "__pycache__" not in p.parts:
                out[str(p.relative_to(base))] = p.read_bytes()
    return out


def test_reference_holds_what_the_readme_and_tests_name() -> None:
    for rel in ("spec/CONTRACT.md", "spec/FORMAT.md", "spec/PORTALS.md", "spec/portals-seed.csv",
                "tools/check_contract.py", "samples/qinhuangdao-etdz-2024.txt", "samples/hongze-2023.pdf",
                "real-pages/ordos-egb-xxgknb-list-index.html"):
        assert (SHARED / rel).is_file(), rel


@pytest.mark.skipif(not UPSTREAM.is_dir(), reason="no ../shared beside this clone: nothing to compare with")
def test_reference_is_an_unchanged_copy_of_shared() -> None:
    ours, theirs = _files(SHARED), _files(UPSTREAM)
    assert sorted(ours) == sorted(theirs)
    changed = [name for name in ours if ours[name] != theirs[name]]
    assert not changed, f"reference/ differs from ../shared in {changed}: copy them again"
