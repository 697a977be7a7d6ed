"""Load the golden documents and compare a parse record with an expected file.

Shared by tests/parsers/test_golden.py and bench/parse.py; the conventions are in README.md here.
Kept free of pytest so the benchmark can use it too.
"""

from __future__ import annotations

import importlib.util
import json
import math
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
CHECK_CONTRACT = REPO / "reference" / "tools" / "check_contract.py"
EXPECTED_SUFFIX = ".expected.json"
# Files in this folder that are not documents.
NOT_DOCUMENTS = {"README.md", "golden.py", "generate.py", "make_filled_template.py"}

KNOWN_KEYS = {
    "title", "agency", "year", "format", "values", "uncertain", "not_values", "inferred",
    "no_values", "checks_failing", "checks_passing", "warnings_contain", "has_warnings",
    "sections_contain", "sections_absent", "note",
}


def _load(name: str, path: Path) -> ModuleType:
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader, path
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


generate = _load("nianbao_golden_generate", HERE / "generate.py")


@dataclass
class Case:
    """One golden document: where its bytes come from and what it must yield."""

    name: str
    expected: dict[str, Any]
    origin: str  # a path relative to tests/documents, or "generate.py:<name>"
    url: str | None = None
    _data: bytes | None = field(default=None, repr=False)

    def data(self) -> bytes:
        if self._data is None:
            if self.origin.startswith("generate.py:"):
                self._data = generate.GENERATED[self.name]()
            else:
                self._data = corpus_body((HERE / self.origin).read_bytes())
        return self._data

    @property
    def path(self) -> str:
        """The file name the parser is told; a generated document gets a neutral one."""
        if self.origin.startswith("generate.py:"):
            return f"{self.name}.{generate.EXTENSIONS.get(self.name, 'bin')}"
        return str(HERE / self.origin)


def _origin(name: str) -> str:
    source = HERE / f"{name}.source"
    if source.exists():
        rel = source.read_text(encoding="utf-8").strip()
        if not (HERE / rel).is_file():
            raise FileNotFoundError(f"{source.name} points to missing {rel}")
        return rel
    if name in generate.GENERATED:
        return f"generate.py:{name}"
    files = [p for p in HERE.glob(f"{name}.*") if _case_of(p) == name and not p.name.endswith(EXPECTED_SUFFIX)]
    if len(files) != 1:
        raise FileNotFoundError(f"case {name}: expected one document file, found {[p.name for p in files]}")
    return files[0].name


def _case_of(p: Path) -> str | None:
    """The case a file in tests/documents belongs to (None for helpers and folders)."""
    if not p.is_file() or p.name in NOT_DOCUMENTS or p.name.startswith("."):
        return None
    if p.name.endswith(EXPECTED_SUFFIX):
        return p.name[: -len(EXPECTED_SUFFIX)]
    return p.name.split(".", 1)[0]


_NOTE_KEY = re.compile(r"^[A-Za-z_][\w-]*:\s")


def corpus_body(data: bytes) -> bytes:
    """An excerpt of our sample corpus without its header ("url: …", "site: …", … then '---'): the
    header is a note about the excerpt, not part of the report, so the parser never sees it."""
    lines = data.split(b"\n")
    for i, line in enumerate(lines[:30]):
        if line.strip() == b"---":
            head = [x.decode("utf-8", "replace") for x in lines[:i] if x.strip()]
            if head and all(_NOTE_KEY.match(x) for x in head):
                return b"\n".join(lines[i + 1:])
            break
    return data


def _header_url(data: bytes) -> str | None:
    """Excerpts begin with a `url:` header line; pass it on as the document's address."""
    first = data[:600].decode("utf-8", "replace").splitlines()[:1]
    if first and first[0].startswith("url: http"):
        return first[0][5:].split()[0]
    return None


def cases() -> list[Case]:
    out = []
    for exp in sorted(HERE.glob(f"*{EXPECTED_SUFFIX}")):
        name = exp.name[: -len(EXPECTED_SUFFIX)]
        expected = json.loads(exp.read_text(encoding="utf-8"))
        unknown = set(expected) - KNOWN_KEYS
        if unknown:
            raise ValueError(f"{exp.name}: unknown keys {sorted(unknown)}")
        case = Case(name, expected, _origin(name))
        if not case.origin.startswith("generate.py:"):
            case.url = _header_url((HERE / case.origin).read_bytes())
        out.append(case)
    return out


def orphans() -> list[str]:
    """Documents or generators without an expected file (a document nobody checks)."""
    names = {c.name for c in cases()}
    found = {n for p in HERE.iterdir() if (n := _case_of(p))} | set(generate.GENERATED)
    return sorted(found - names)


def parse_case(case: Case) -> dict[str, Any]:
    import parsers

    return parsers.parse(case.data(), path=case.path, url=case.url)


def contract_problems(record: dict[str, Any], where: str) -> list[str]:
    """The shared checker's verdict (form only: keys, kinds, statuses)."""
    checker = _load("nianbao_check_contract", CHECK_CONTRACT)
    return [f"contract: {p}" for p in checker.check(record, where)]


def _num_equal(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, int | float) or not isinstance(b, int | float):
        return False
    return math.isclose(float(a), float(b), rel_tol=0.0, abs_tol=1e-9)


def _raw(record: dict[str, Any], key: str) -> str:
    cell = (record.get("cells") or {}).get(key)
    if not isinstance(cell, dict):
        return ""
    extra = " inferred" if cell.get("inferred") else ""
    return f" (raw {cell.get('raw')!r}, kind {cell.get('kind')}{extra})"


def compare(expected: dict[str, Any], record: dict[str, Any]) -> list[str]:
    """Every way `record` contradicts or falls short of `expected`, one readable line each."""
    problems: list[str] = []
    for key in ("title", "agency", "year", "format"):
        if key in expected and record.get(key) != expected[key]:
            problems.append(f"{key}: expected {expected[key]!r}, got {record.get(key)!r}")

    values = record.get("values") or {}
    uncertain = set(record.get("uncertain") or [])
    for key, want in (expected.get("values") or {}).items():
        if key not in values:
            why = "listed as uncertain" if key in uncertain else "missing"
            problems.append(f"value {key}: expected {want!r}, {why}{_raw(record, key)}")
        elif not _num_equal(values[key], want):
            problems.append(f"value {key}: expected {want!r}, got {values[key]!r}{_raw(record, key)}")
    for key in expected.get("uncertain") or []:
        if key not in uncertain:
            got = f"value {values[key]!r}" if key in values else "neither a value nor uncertain"
            problems.append(f"uncertain {key}: must be listed as uncertain, got {got}{_raw(record, key)}")
    for key in expected.get("not_values") or []:
        if key in values:
            problems.append(f"not_values {key}: must not be a value, got {values[key]!r}{_raw(record, key)}")
    for key in expected.get("inferred") or []:
        cell = (record.get("cells") or {}).get(key) or {}
        if not cell.get("inferred") or key not in values:
            problems.append(f"inferred {key}: must be a value with cells[key].inferred = true{_raw(record, key)}")
    if expected.get("no_values") and values:
        problems.append(f"no_values: expected no values, got {len(values)} (e.g. {sorted(values)[:3]})")

    status = {(c.get("rule"), c.get("scope")): c for c in record.get("checks") or []}
    must_fail = {(c["rule"], c["scope"]) for c in expected.get("checks_failing") or []}
    for rule, scope in sorted(must_fail):
        got = status.get((rule, scope))
        if not got or got.get("status") != "fail":
            problems.append(f"check {rule} {scope}: must fail, got {_check_text(got)}")
    for c in expected.get("checks_passing") or []:
        got = status.get((c["rule"], c["scope"]))
        if got and got.get("status") == "fail":
            problems.append(f"check {c['rule']} {c['scope']}: must not fail, got {_check_text(got)}")
    if "checks_failing" in expected:
        # Complete for R1–R5; for S2 (narrative against table) only where the file lists S2 checks,
        # since files written before S2 existed say nothing about the narrative.
        listed = {c["rule"] for c in (expected.get("checks_failing") or []) + (expected.get("checks_passing") or [])}
        for (rule, scope), got in sorted(status.items(), key=lambda kv: str(kv[0])):
            if str(rule).startswith("S") and rule not in listed:
                continue
            if got.get("status") == "fail" and (rule, scope) not in must_fail:
                problems.append(f"check {rule} {scope}: fails but the document balances there: {_check_text(got)}")

    warnings = record.get("warnings") or []
    for part in expected.get("warnings_contain") or []:
        if not any(part in w for w in warnings):
            problems.append(f"warnings: none contains {part!r}; got {warnings!r}")
    if expected.get("has_warnings") and not warnings:
        problems.append("warnings: expected at least one warning, got none")

    sections = record.get("sections") or {}
    for sec, part in (expected.get("sections_contain") or {}).items():
        if part not in (sections.get(sec) or ""):
            problems.append(f"section {sec}: must contain {part!r}, got {(sections.get(sec) or '')[:80]!r}")
    for sec in expected.get("sections_absent") or []:
        if sections.get(sec):
            problems.append(f"section {sec}: the document has no such part, got {sections[sec][:60]!r}")
    return problems


def _check_text(c: dict[str, Any] | None) -> str:
    if not c:
        return "no such check"
    return f"{c.get('status')} (left {c.get('left')!r}, right {c.get('right')!r}; {c.get('detail', '')})"
