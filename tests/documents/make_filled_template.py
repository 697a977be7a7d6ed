"""Fill the official 2021 template (reference/samples/template-2021.docx) with numbers.

Golden DOCX/DOC/ODT/PDF fixtures are made from the real official form rather than hand-built tables,
so every builder is tested on the layout agencies actually fill in. Because this module writes the
numbers, it also writes the expected record (CONTRACT §2 subset) for them.

    python tests/documents/make_filled_template.py OUT.docx [--variant balanced|r4_fail] [--expected OUT.json]

From code:

    from make_filled_template import BALANCED, fill, expected
    data = fill(BALANCED)                     # DOCX bytes
    exp = expected(BALANCED)                  # {"title", "agency", "year", "format", "values", "checks_failing"}

Zeros: written as "0" in tables 二 and 四 and in the 总计 column of table 三, left blank elsewhere
(real reports mix both; a blank cell means 0 under CONTRACT §2). Pass zeros="0" or zeros="blank"
to write every zero one way.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
from pathlib import Path
from typing import Any

import docx

TEMPLATE = Path(__file__).resolve().parents[2] / "reference" / "samples" / "template-2021.docx"

AGENCY = "示例市示例区人民政府办公室"
YEAR = 2024

ACTIVE_ROWS = {  # template table 0: row index -> (row key, columns in order)
    2: ("rules", ["issued", "repealed", "in_force"]),
    3: ("normative_docs", ["issued", "repealed", "in_force"]),
    6: ("licensing", ["decisions"]),
    9: ("penalty", ["decisions"]),
    10: ("coercion", ["decisions"]),
    13: ("fees", ["amount_wan_yuan"]),
}
REQUEST_ROWS = [  # template table 1, rows 3..27 in order
    "new_received", "carried_in", "granted", "partial",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability", "withheld_third_party",
    "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file", "withheld_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication", "not_processed_excessive",
    "not_processed_reconfirm",
    "other_no_correction", "other_fee_unpaid", "other_misc",
    "total", "carried_out",
]
REQUEST_COLS = [  # template table 1, columns 3..9
    "natural_person", "org_business", "org_research", "org_public_welfare", "org_legal_service", "org_other", "total",
]
REDRESS_GROUPS = ["review", "lit_direct", "lit_after_review"]
REDRESS_COLS = ["upheld", "corrected", "other", "pending", "total"]
OUTCOME_ROWS = REQUEST_ROWS[2:23]

# Non-zero counts per applicant column of table 三; every other cell of those columns is 0.
_REQUESTS_BY_COLUMN: dict[str, dict[str, int]] = {
    "natural_person": {
        "new_received": 40, "carried_in": 3, "granted": 15, "partial": 4,
        "withheld_law_prohibited": 1, "withheld_third_party": 2, "withheld_internal_affairs": 1,
        "withheld_process_info": 1, "withheld_admin_query": 1,
        "unable_not_held": 6, "unable_needs_creation": 2, "unable_unclear": 1,
        "not_processed_petition": 1, "not_processed_repeat": 2, "not_processed_reconfirm": 1,
        "other_no_correction": 1, "other_misc": 1, "carried_out": 3,
    },
    "org_business": {"new_received": 5, "carried_in": 1, "granted": 3, "partial": 1, "unable_not_held": 1,
                     "carried_out": 1},
    "org_research": {},
    "org_public_welfare": {"new_received": 1, "granted": 1},
    "org_legal_service": {"new_received": 2, "granted": 1, "withheld_third_party": 1},
    "org_other": {"carried_in": 1, "unable_unclear": 1},
}


def _balanced() -> dict[str, int | float]:
    values: dict[str, int | float] = {
        "active.rules.issued": 0, "active.rules.repealed": 0, "active.rules.in_force": 0,
        "active.normative_docs.issued": 3, "active.normative_docs.repealed": 1, "active.normative_docs.in_force": 25,
        "active.licensing.decisions": 1234, "active.penalty.decisions": 56, "active.coercion.decisions": 0,
        "active.fees.amount_wan_yuan": 837.25,
    }
    for row in REQUEST_ROWS:
        total = 0
        for col in REQUEST_COLS[:-1]:
            n = _REQUESTS_BY_COLUMN[col].get(row, 0)
            if row == "total":
                n = sum(_REQUESTS_BY_COLUMN[col].get(r, 0) for r in OUTCOME_ROWS)
            values[f"requests.{row}.{col}"] = n
            total += n
        values[f"requests.{row}.total"] = total
    redress = {"review": [2, 1, 0, 1], "lit_direct": [1, 0, 0, 0], "lit_after_review": [0, 0, 0, 0]}
    for group, parts in redress.items():
        for col, n in zip(REDRESS_COLS, [*parts, sum(parts)], strict=True):
            values[f"redress.{group}.{col}"] = n
    return values


BALANCED = _balanced()
# Like 洪泽区 2023: table 四's 行政复议 总计 printed as 0 although its parts add up to 4 (R4 fails).
R4_FAIL = {**BALANCED, "redress.review.total": 0}
VARIANTS: dict[str, tuple[dict[str, int | float], list[dict[str, str]]]] = {
    "balanced": (BALANCED, []),
    "r4_fail": (R4_FAIL, [{"rule": "R4", "scope": "redress.review"}]),
}


def title(agency: str = AGENCY, year: int = YEAR) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


def _set_text(cell: Any, text: str) -> None:
    """Replace a cell's text, keeping its first paragraph (and so its alignment and style)."""
    paragraphs = cell.paragraphs
    first = paragraphs[0]
    for run in list(first.runs):
        run._r.getparent().remove(run._r)
    if text:
        first.add_run(text)
    for extra in paragraphs[1:]:
        extra._p.getparent().remove(extra._p)


def _number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value}"


def _zero_text(zeros: str, written_as_zero: bool) -> str:
    if zeros == "0" or (zeros == "mixed" and written_as_zero):
        return "0"
    return ""


def fill(
    values: dict[str, int | float] = BALANCED,
    *,
    agency: str = AGENCY,
    year: int = YEAR,
    zeros: str = "mixed",
    template: Path = TEMPLATE,
) -> bytes:
    """The official template with its title, statistics period and every table cell filled: DOCX bytes."""
    doc = docx.Document(str(template))
    placeholders = [p for p in doc.paragraphs if p.text.startswith("（文字描述")]
    for p in doc.paragraphs:
        if p.text == "政府信息公开工作年度报告格式模板":
            _set_text_paragraph(p, title(agency, year))
            break
    texts = [
        f"本报告根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限为{year}年1月1日至12月31日。"
        f"{year}年，{agency}认真贯彻落实政府信息公开工作要求，主动公开、依申请公开、政府信息管理、平台建设和监督保障工作有序推进。",
        "一是公开内容还不够全面；二是解读形式较为单一。下一步将加强培训，提升公开质量。",
        "本年度未收取信息处理费。",
    ]
    for p, text in zip(placeholders, texts, strict=False):
        _set_text_paragraph(p, text)

    active, requests, redress = doc.tables[:3]
    for r, (row, cols) in ACTIVE_ROWS.items():
        for i, col in enumerate(cols):
            v = values[f"active.{row}.{col}"]
            _set_text(active.rows[r].cells[1 + i], _number(v) if v else _zero_text(zeros, True))
    for i, row in enumerate(REQUEST_ROWS):
        cells = requests.rows[3 + i].cells
        for j, col in enumerate(REQUEST_COLS):
            v = values[f"requests.{row}.{col}"]
            _set_text(cells[3 + j], _number(v) if v else _zero_text(zeros, col == "total"))
    cells = redress.rows[3].cells
    for g, group in enumerate(REDRESS_GROUPS):
        for j, col in enumerate(REDRESS_COLS):
            v = values[f"redress.{group}.{col}"]
            _set_text(cells[5 * g + j], _number(v) if v else _zero_text(zeros, True))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _set_text_paragraph(p: Any, text: str) -> None:
    for run in list(p.runs):
        run._r.getparent().remove(run._r)
    p.add_run(text)


def _grid(table: Any) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """A DOCX table as texts plus merged ranges (r0, c0, r1, c1 inclusive), from shared cell elements."""
    texts: list[list[str]] = []
    where: dict[Any, list[tuple[int, int]]] = {}  # keyed by the <w:tc> element, kept alive by the dict
    for r, row in enumerate(table.rows):
        texts.append([])
        for c, cell in enumerate(row.cells):
            texts[-1].append(cell.text.replace("\u3000", "").strip())
            where.setdefault(cell._tc, []).append((r, c))
    merges = []
    for spots in where.values():
        if len(spots) > 1:
            rows = [r for r, _ in spots]
            cols = [c for _, c in spots]
            merges.append((min(rows), min(cols), max(rows), max(cols)))
    return texts, merges


def fill_xlsx(values: dict[str, int | float] = BALANCED, *, agency: str = AGENCY, year: int = YEAR) -> bytes:
    """The filled form as one worksheet: title, headings, and the three tables with the template's merges.

    Numbers are stored as numbers, zeros left blank as in `fill(zeros="mixed")`.
    """
    import openpyxl

    doc = docx.Document(io.BytesIO(fill(values, agency=agency, year=year)))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "年报"
    row = 1

    def line(text: str, width: int = 10) -> None:
        nonlocal row
        ws.cell(row, 1, text)
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1

    line(title(agency, year))
    row += 1
    line("一、总体情况")
    line(f"本报告中所列数据的统计期限为{year}年1月1日至12月31日。")
    row += 1
    headings = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]
    for heading, table in zip(headings, doc.tables[:3], strict=True):
        line(heading)
        texts, merges = _grid(table)
        for r, cells in enumerate(texts):
            for c, text in enumerate(cells):
                if any(r0 <= r <= r1 and c0 <= c <= c1 and (r, c) != (r0, c0) for r0, c0, r1, c1 in merges):
                    continue
                value: str | int | float = text
                try:
                    value = float(text) if "." in text else int(text)
                except ValueError:
                    pass
                if text:
                    ws.cell(row + r, c + 1, value)
        for r0, c0, r1, c1 in merges:
            ws.merge_cells(start_row=row + r0, start_column=c0 + 1, end_row=row + r1, end_column=c1 + 1)
        row += len(texts) + 1
    line("五、存在的主要问题及改进情况")
    line("一是公开内容还不够全面；二是解读形式较为单一。")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def expected(
    values: dict[str, int | float] = BALANCED,
    *,
    agency: str = AGENCY,
    year: int = YEAR,
    checks_failing: list[dict[str, str]] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """The expected-file subset (golden conventions) for a document made by `fill`."""
    out: dict[str, Any] = {
        "title": title(agency, year),
        "agency": agency,
        "year": year,
        "format": "2021",
        "values": dict(values),
        "checks_failing": list(checks_failing or []),
    }
    if note:
        out["note"] = note
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, help="DOCX file to write")
    ap.add_argument("--variant", choices=sorted(VARIANTS), default="balanced")
    ap.add_argument("--zeros", choices=["mixed", "0", "blank"], default="mixed")
    ap.add_argument("--expected", type=Path, help="also write the expected JSON here")
    args = ap.parse_args(argv)
    values, failing = VARIANTS[args.variant]
    args.out.write_bytes(fill(values, zeros=args.zeros))
    if args.expected:
        exp = expected(values, checks_failing=failing)
        args.expected.write_text(json.dumps(exp, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
