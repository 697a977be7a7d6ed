"""Shared pieces of the office/sheet/ZIP tests: the template filler, expected files, a record check."""

from __future__ import annotations

import json
import math
from typing import Any

from tests.support import DOCUMENTS, load_module

template = load_module("make_filled_template", DOCUMENTS / "make_filled_template.py")

def expected(name: str) -> dict[str, Any]:
    """An expected file: tests/documents/<name>.expected.json or tests/documents/office/<name>…"""
    for folder in (DOCUMENTS, DOCUMENTS / "office"):
        p = folder / f"{name}.expected.json"
        if p.exists():
            return json.loads(p.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    raise FileNotFoundError(name)


def problems(exp: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """How `record` departs from `exp` (meta fields, values as numbers, failing checks)."""
    out = [
        f"{k}: expected {exp[k]!r}, got {record.get(k)!r}"
        for k in ("title", "agency", "year", "format")
        if k in exp and record.get(k) != exp[k]
    ]
    values = record.get("values") or {}
    for key, want in exp.get("values", {}).items():
        got = values.get(key)
        if got is None or not math.isclose(float(got), float(want), abs_tol=1e-9):
            raw = (record.get("cells") or {}).get(key)
            out.append(f"value {key}: expected {want!r}, got {got!r} (cell {raw!r})")
    failing = {(c["rule"], c["scope"]) for c in record.get("checks", []) if c.get("status") == "fail"}
    want_fail = {(c["rule"], c["scope"]) for c in exp.get("checks_failing", [])}
    out += [f"check {r} {s}: must fail" for r, s in sorted(want_fail - failing)]
    out += [f"check {r} {s}: fails unexpectedly" for r, s in sorted(failing - want_fail)]
    return out
