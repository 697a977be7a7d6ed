"""The arithmetic rules R1–R5 (FORMAT.md §2.6), as data: each rule names its cells, the mapper's
values are looked up, and a check is pass, fail or uncertain (a cell missing, uncertain or inferred).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from . import labels as L

if TYPE_CHECKING:
    from .tables import CellValue


@dataclass(frozen=True, slots=True)
class Rule:
    """left = sum(left_keys) must equal right = sum(right_keys)."""

    rule: str
    scope: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    left_label: str
    right_label: str


def _other_rows(cells: Mapping[str, Any]) -> list[str]:
    printed = [r for r in L.REQUEST_OTHER_ROWS_2021 if any(k.startswith(f"requests.{r}.") for k in cells)]
    if printed:
        return printed
    return ["other_single"]


def rules_for(cells: Mapping[str, Any], uncertain: set[str], tables: set[str]) -> Iterator[Rule]:
    """The rules that apply to the tables this document has."""
    present = set(cells) | uncertain
    if "requests" in tables or any(k.startswith("requests.") for k in present):
        handling = L.REQUEST_HANDLING_ROWS + _other_rows(cells)
        for c in L.REQUEST_COLUMN_ORDER:
            yield Rule("R1", f"requests.{c}",
                       (f"requests.new_received.{c}", f"requests.carried_in.{c}"),
                       (f"requests.total.{c}", f"requests.carried_out.{c}"),
                       "一+二", "三(七)+四")
        for c in L.REQUEST_COLUMN_ORDER:
            yield Rule("R2", f"requests.{c}", (f"requests.total.{c}",),
                       tuple(f"requests.{r}.{c}" for r in handling), "三(七)总计", "三(一)至(六)之和")
        rows = L.REQUEST_ROW_ORDER_2021[:20] + _other_rows(cells) + ["total", "carried_out"]
        for r in rows:
            if not any(k.startswith(f"requests.{r}.") for k in present):
                continue
            yield Rule("R3", f"requests.{r}", (f"requests.{r}.total",),
                       tuple(f"requests.{r}.{c}" for c in L.APPLICANT_COLUMNS), "总计", "各类申请人之和")
    if "redress" in tables or any(k.startswith("redress.") for k in present):
        for g in L.REDRESS_GROUP_ORDER:
            yield Rule("R4", f"redress.{g}", (f"redress.{g}.total",),
                       tuple(f"redress.{g}.{c}" for c in L.REDRESS_COLUMN_ORDER[:-1]), "总计",
                       "维持+纠正+其他+尚未审结")


def holds(rules: Iterable[Rule], values: Mapping[str, float | None]) -> bool:
    """Whether every rule whose cells all have numbers holds (the solver tries placements with this)."""
    for rule in rules:
        left, right = [values.get(k) for k in rule.left], [values.get(k) for k in rule.right]
        if None in left or None in right:
            continue
        if sum(left) != sum(right):  # type: ignore[arg-type]
            return False
    return True


def _fmt(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


def run_checks(cells: dict[str, CellValue], uncertain: set[str], tables: set[str]) -> list[dict[str, Any]]:
    """Every applicable R1–R4 check, then R5 entries for negative counts."""
    out: list[dict[str, Any]] = []
    for rule in rules_for(cells, uncertain, tables):
        sides = []
        status = "pass"
        for keys in (rule.left, rule.right):
            total: float = 0
            for k in keys:
                cv = cells.get(k)
                if cv is None or k in uncertain:
                    status = "uncertain"
                    continue
                if cv.inferred:
                    status = "uncertain"
                if cv.value is None:  # "/" (not applicable) where the rule needs a number
                    status = "uncertain"
                    continue
                total += cv.value
            sides.append(round(total, 6))
        left, right = sides
        if status == "pass" and left != right:
            status = "fail"
        missing = [k for k in rule.left + rule.right if k not in cells or k in uncertain]
        detail = f"{rule.left_label}={_fmt(left)}, {rule.right_label}={_fmt(right)}"
        if missing:
            detail += f"; not known: {', '.join(missing[:4])}{'…' if len(missing) > 4 else ''}"
        out.append({"rule": rule.rule, "scope": rule.scope, "status": status,
                    "left": _num(left), "right": _num(right), "detail": detail})
    for k, cv in cells.items():
        col = k.rsplit(".", 1)[1]
        if k in uncertain or cv.value is None or col in L.SIGNED_COLUMNS:
            continue
        if cv.value < 0:
            out.append({"rule": "R5", "scope": k, "status": "fail", "left": cv.value, "right": 0,
                        "detail": f"negative count {cv.raw!r}"})
    return out


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


_QUANTITIES = [(key, re.compile(rx)) for key, rx in L.NARRATIVE_QUANTITIES]
_SENTENCE = re.compile(r"[^。;；!！?？\n]+")


def narrative_checks(texts: Iterable[str], cells: dict[str, CellValue], uncertain: set[str],
                     tables: set[str]) -> list[dict[str, Any]]:
    """S2: each quantity the narrative states ("共收到政府信息公开申请34件") against the table's value.

    One entry per stated quantity (its first statement); `left` is the text's number, `right` the
    table's; uncertain when the table's cell is not known, omitted when its table is missing.
    """
    from .normalize import squash

    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for text in texts:
        for sentence in _SENTENCE.findall(text):
            s = squash(sentence)
            for key, rx in _QUANTITIES:
                table = key.partition(".")[0]
                if key in done or table not in tables or not any(w in s for w in L.NARRATIVE_CONTEXT[table]):
                    continue
                m = rx.search(s)
                if not m:
                    continue
                done.add(key)
                stated = int(m.group("n"))
                cv = cells.get(key)
                known = cv is not None and key not in uncertain and cv.value is not None
                status = "uncertain" if not known or cv.inferred else ("pass" if cv.value == stated else "fail")  # type: ignore[union-attr]
                right = _num(cv.value) if known else None  # type: ignore[union-attr,arg-type]
                quote = sentence.strip()[:80]
                out.append({"rule": "S2", "scope": key, "status": status, "left": stated, "right": right,
                            "detail": f"text: {m.group(0)} — table: {_fmt(right) if right is not None else 'not known'} "
                                      f"(「{quote}」)"})
    return out
