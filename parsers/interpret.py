"""Turn an `Extracted` document into the canonical record fields of CONTRACT.md §2."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import Any

from . import labels as L
from .checks import narrative_checks, rules_for, run_checks
from .meta import (
    agency_from_title,
    find_title,
    find_year,
    narrative_agency,
    section_of,
    split_sections,
    title_match,
)
from .model import Extracted, Paragraph, Table
from .normalize import is_traditional, squash, to_simplified
from .tables import Mapper, Mapping, settle_unplaced, solve

TABLE_NAMES = {"active": "二、主动公开政府信息情况", "requests": "三、收到和处理政府信息公开申请情况",
               "redress": "四、政府信息公开行政复议、行政诉讼情况"}


def _signals(texts: list[str]) -> set[str]:
    joined = "".join(texts)
    return {fmt for fmt, words in L.FORMAT_SIGNALS.items() if any(w in joined for w in words)}


def _format(signals: set[str], year: int | None, has_tables: bool, pre2019_words: bool,
            looks_like_report: bool) -> str:
    if signals == {"2021", "2019"}:
        return "hybrid"
    if signals:
        return signals.pop()
    if year is not None and year < 2019:
        return "pre2019" if looks_like_report or has_tables else "unknown"
    if pre2019_words:  # free-form headings and no label of either national form
        return "pre2019"
    if has_tables or looks_like_report:
        if year is None:
            return "unknown"  # tables without a distinguishing label and no year to go by
        return "2019" if year < 2021 else "2021"
    return "unknown"


def _simplified(ex: Extracted) -> Extracted | None:
    """A 繁體 document (mirror sites, big5 gateways) converted to simplified for matching; None when
    the document is simplified already. Numbers and positions are unchanged."""
    sample = "".join([ex.title or "", *(b.text for b in ex.blocks[:300] if isinstance(b, Paragraph)),
                      *(c.text for b in ex.blocks if isinstance(b, Table) for r in b.rows[:10] for c in r)])[:20000]
    if not is_traditional(sample):
        return None
    blocks: list[Paragraph | Table] = []
    for b in ex.blocks:
        if isinstance(b, Paragraph):
            blocks.append(Paragraph(to_simplified(b.text)))
        else:
            rows = [[replace(c, text=to_simplified(c.text)) for c in r] for r in b.rows]
            blocks.append(replace(b, rows=rows))
    meta = {k: to_simplified(v) for k, v in ex.meta.items()}
    return replace(ex, blocks=blocks, title=to_simplified(ex.title) if ex.title else None, meta=meta)


def _printed(found: str | None, matched: list[str], printed: list[str]) -> str | None:
    """The printed (繁體) form of a string found in the converted text: same offsets, where the
    conversion kept the length."""
    if not found:
        return found
    conv, orig = "".join(map(squash, matched)), "".join(map(squash, printed))
    at = conv.find(squash(found))
    if at < 0 or len(conv) != len(orig):
        return found
    return orig[at:at + len(squash(found))]


def interpret(ex: Any) -> dict[str, Any]:
    printed_ex = ex
    converted = _simplified(ex)
    if converted is not None:
        ex = converted
    paragraphs = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    table_text = [squash(c.text) for t in tables for r in t.rows for c in r]
    warnings = list(ex.warnings)

    title = find_title(paragraphs, ex.title)
    agency = agency_from_title(title) or ex.meta.get("publisher") or narrative_agency(paragraphs) or None
    year, _ = find_year(paragraphs, title, ex.meta.get("published"))
    if converted is not None:
        shown = [b.text for b in printed_ex.blocks if isinstance(b, Paragraph)]
        matched_lines, printed_lines = [ex.title or "", *paragraphs], [printed_ex.title or "", *shown]
        title, agency = _printed(title, matched_lines, printed_lines), _printed(agency, matched_lines, printed_lines)
        sections = split_sections(paragraphs, shown)
        warnings.append("traditional characters: labels matched after conversion to simplified Chinese")
    else:
        sections = split_sections(paragraphs)
    signals = _signals(table_text)
    mapping_fmt = "hybrid" if len(signals) == 2 else (next(iter(signals)) if signals else
                                                      ("2019" if year in (2019, 2020) else "2021"))

    mapper = Mapper("2019" if mapping_fmt == "2019" else "2021")
    for block in ex.blocks:
        if isinstance(block, Paragraph):
            key, _ = section_of(block.text)
            if key:
                mapper.enter_section(key)
            else:
                mapper.note_paragraph(block.text)
        else:
            mapper.feed(block)
    mapper.end()
    m = mapper.m
    solve(m)
    settle_unplaced(m, mapper.fmt)

    body = squash("".join(paragraphs[:400]))
    pre2019_words = any(w in body for w in L.PRE2019_SIGNALS) and "第二十条" not in body + "".join(table_text)
    heading = squash(ex.title or (paragraphs[0] if paragraphs else ""))
    tm = title_match(title or "")
    # A bare "政府信息公开年报" is also the name of the listing column: it needs a body to be a report.
    looks_like_report = bool(tm and (tm.groupdict().get("year") or m.tables_seen or len(sections) >= 2)) or (
        len(sections) >= 4 and not any(w in heading for w in L.NON_REPORT_WORDS))
    fmt = _format(set(signals), year, bool(m.tables_seen), pre2019_words, looks_like_report)
    if agency and re.search(L.PLACEHOLDER_AGENCY, agency):
        # The blank form attached to a notice about compiling reports: archiving it as a report of
        # "XX（行政机关名称）" with zeros would pollute the archive.
        fmt, looks_like_report = "unknown", False
        m = Mapping(warnings=m.warnings + [f"blank form: the agency is a placeholder ({agency})"])

    if fmt == "pre2019":
        m = Mapping(warnings=m.warnings)
    if fmt == "unknown":
        warnings.append("not recognised as an annual report: no report title, sections or standard tables")
        if not looks_like_report:
            title = agency = year = None  # a column name or a guide's date says nothing about a report
    elif fmt != "pre2019":
        missing = [f"{t} ({TABLE_NAMES[t]})" for t in TABLE_NAMES if t not in m.tables_seen]
        if missing:
            warnings.append("tables not found (images or omitted?): " + "; ".join(missing))
        if year is not None and ((fmt == "2019" and year >= 2021) or (fmt == "2021" and year < 2021)):
            warnings.append(f"format/year mismatch: {fmt} tables in a report for {year}")
    warnings.extend(m.warnings)

    _demote_ocr_failures(m)
    uncertain = set(m.uncertain) | {k for k, v in m.cells.items() if v.kind == "text"}
    checks = run_checks(m.cells, uncertain, m.tables_seen)
    narrative = [sections.get(k, "") for k in ("overview", "requests", "redress")]
    checks += narrative_checks(narrative, m.cells, uncertain, m.tables_seen)
    values = {k: v.value for k, v in m.cells.items() if k not in uncertain}
    cells: dict[str, dict[str, Any]] = {}
    for k, v in m.cells.items():
        c: dict[str, Any] = {"raw": v.raw, "kind": v.kind}
        if v.ocr:
            c["ocr"] = True
        if v.inferred:
            c["inferred"] = True
        cells[k] = c
    return {
        "title": title,
        "agency": agency,
        "year": year,
        "format": fmt,
        "sections": sections,
        "values": dict(sorted(values.items(), key=lambda kv: _key_order(kv[0]))),
        "cells": dict(sorted(cells.items(), key=lambda kv: _key_order(kv[0]))),
        "uncertain": sorted(uncertain, key=_key_order),
        "checks": checks,
        "warnings": warnings,
    }


def _demote_ocr_failures(m: Mapping) -> None:
    """An OCR value that breaks R1–R4 is not trusted: it becomes uncertain.

    Counts are never negative, so a sum rule whose known parts already exceed its total breaks
    even while some part is still unknown.
    """
    if not any(v.ocr for v in m.cells.values()):
        return
    for rule in rules_for(m.cells, m.uncertain, m.tables_seen):
        keys = rule.left + rule.right
        if not any(m.cells[k].ocr for k in keys if k in m.cells):
            continue

        def known(side: tuple[str, ...]) -> tuple[float, bool]:
            vals = [m.cells[k].value for k in side if k in m.cells and k not in m.uncertain]
            complete = len(vals) == len(side) and all(v is not None for v in vals)
            return sum(v for v in vals if v is not None), complete

        (lsum, lfull), (rsum, rfull) = known(rule.left), known(rule.right)
        broken = (lfull and rfull and lsum != rsum) or (rule.rule != "R1" and lfull and rsum > lsum)
        if broken:
            m.uncertain.update(k for k in keys if k in m.cells and m.cells[k].ocr)


@lru_cache(maxsize=4096)
def _key_order(key: str) -> tuple[int, int, int, str]:
    table, _, rest = key.partition(".")
    row, _, col = rest.partition(".")
    t = ["active", "requests", "redress"].index(table) if table in ("active", "requests", "redress") else 9
    rows = ([r for r, _ in L.ACTIVE_ROWS] if table == "active" else
            L.REQUEST_ROW_ORDER_2021 + ["other_single"] if table == "requests" else L.REDRESS_GROUP_ORDER)
    cols = L.REQUEST_COLUMN_ORDER + L.REDRESS_COLUMN_ORDER
    return (t, rows.index(row) if row in rows else 99, cols.index(col) if col in cols else 99, key)
