"""Export the archive as CONTRACT.md §3 says: one object (jsonl) or one wide row (csv) per report.

`--excel` is the same wide table made for spreadsheets: a byte-order mark (a Chinese-locale spreadsheet
reads UTF-8 only with one), the form's Chinese labels with units as headers, and in each cell either its
number or a word saying what stands there instead, because a blank cannot tell "uncertain" from "not read",
"not in this form" or the "/" the report printed. The codebook lists every column with its key and unit.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from typing import IO, Any

from . import keys, site
from .keys import ALL_KEYS, split_key
from .store import Archive

CSV_META = ("id", "agency", "year", "title", "format", "level", "province", "city", "county", "region_code", "url",
            "published_at", "deadline", "deadline_basis", "timeliness", "portal", "check_status", "failed_checks",
            "sha256", "parser_version")

# Spreadsheet headers of the meta columns, and the words for their coded values.
META_LABELS = {
    "id": "报告编号", "agency": "机关", "year": "年度", "title": "标题", "format": "表式", "level": "机关层级",
    "province": "省", "city": "市", "county": "县", "region_code": "区划代码", "url": "报告链接",
    "published_at": "发布日期", "deadline": "法定公开期限", "deadline_basis": "期限依据", "timeliness": "是否按时",
    "portal": "门户", "check_status": "勾稽校验", "failed_checks": "未通过校验（项）", "sha256": "文件SHA-256",
    "parser_version": "解析程序版本",
}
META_WORDS = {
    "timeliness": {"on_time": "按时", "late": "逾期", "unknown": "不详"},
    "check_status": {"pass": "全部通过", "fail": "有未通过", "uncertain": "有未能判定"},
}
SELECT = {"agency": "r.agency_id"}  # meta columns not named as in `reports`
TABLE_LABELS = {"active": "二、主动公开", "requests": "三、依申请公开", "redress": "四、复议诉讼"}

# What stands in a cell that holds no number, in the spreadsheet and in the codebook.
UNCERTAIN, NOT_READ, NOT_IN_FORM, SLASH = "不确定", "未读出", "本表式无此项", "/"
STATUS_MEANINGS = {
    UNCERTAIN: "uncertain: the parser read this cell but cannot place its number with certainty (see the jsonl "
               "export or the report)",
    NOT_READ: "not read: the report's form has this cell, but no number was read (table missing, an image, a row "
              "not printed)",
    NOT_IN_FORM: "not in this form: the report's form (2019 or 2021) has no such cell",
    SLASH: "the report printed / (not applicable)",
}

# The one-row and three-row variants of （六）其他处理: a report prints one or the other (CONTRACT.md §1).
OTHER_ROWS = {"2021": ("other_no_correction", "other_fee_unpaid", "other_misc"), "2019": ("other_single",)}


def _form_keys() -> dict[str, frozenset[str]]:
    """The canonical keys of each form; `hybrid` has both, `pre2019` none of them."""
    both = set(keys.TABLE_KEYS["requests"]) | set(keys.TABLE_KEYS["redress"])
    out = {}
    for fmt, active in (("2021", keys.ACTIVE_2021), ("2019", keys.ACTIVE_2019)):
        other = {k for k in both if split_key(k)[1] in OTHER_ROWS["2019" if fmt == "2021" else "2021"]}
        out[fmt] = frozenset((both - other) | {f"active.{row}.{col}" for row, cols, _ in active for col in cols})
    out["hybrid"] = frozenset(ALL_KEYS)
    out["pre2019"] = frozenset()
    return out


FORM_KEYS = _form_keys()


def report_objects(arc: Archive) -> Iterator[dict[str, Any]]:
    """The `parse --json` object of each report's current version plus url, published_at, documents, portal."""
    reports = arc.db.execute(
        "select r.id, r.current_version, r.url, r.published_at, r.portal, a.name, r.year from reports r"
        " left join agencies a on a.id = r.agency_id where r.current_version is not null order by r.id").fetchall()
    for report_id, vid, url, published_at, portal, agency, year in reports:
        obj = arc.record(vid)
        # A document that names neither (a scanned PDF) was filed by its page's agency and year.
        obj["agency"] = obj.get("agency") or agency
        obj["year"] = obj.get("year") or year
        docs = arc.db.execute(
            "select url, media_type, sha256, fetched_at from report_versions where report_id = ? order by seq",
            [report_id]).fetchall()
        obj.update(
            report_id=report_id,
            url=url,
            published_at=published_at[:10] if published_at else None,
            documents=[{"url": u, "media_type": m, "sha256": s, "fetched_at": f} for u, m, s, f in docs],
            portal=portal,
        )
        yield obj


def write_jsonl(arc: Archive, out: IO[str]) -> int:
    n = 0
    for obj in report_objects(arc):
        out.write(json.dumps(obj, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(arc: Archive, out: IO[str], *, excel: bool = False) -> int:
    """Meta fields, then one column per canonical key (form order; keys outside the contract at the end).

    Plain csv (the contract): keys as headers, a blank where there is no number. `excel`: BOM, Chinese
    headers, Chinese words for coded meta values, and the status word of every cell without a number."""
    found = {r[0] for r in arc.db.execute(
        "select distinct c.key from reports r join cells c on c.version_id = r.current_version")}
    columns = list(ALL_KEYS) + sorted(found - set(ALL_KEYS))
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if excel:
        out.write("\ufeff")
        writer.writerow([*(META_LABELS[m] for m in CSV_META), *(column_label(k) for k in columns)])
    else:
        writer.writerow([*CSV_META, *columns])
    n = 0
    for row in arc.db.execute(
        f"select {', '.join(SELECT.get(m, 'r.' + m) for m in CSV_META)}, r.current_version, v.meta from reports r"
        " join report_versions v on v.id = r.current_version order by r.id"
    ).fetchall():
        meta, vid, version_meta = dict(zip(CSV_META, row[:-2], strict=True)), row[-2], row[-1]
        cells = arc.db.execute("select key, value, in_values from cells where version_id = ?", [vid]).fetchall()
        values = {k: v for k, v, in_values in cells if in_values}
        if not excel:
            writer.writerow([*meta.values(), *(_blank(values.get(k)) for k in columns)])
        else:
            uncertain = set(json.loads(version_meta).get("uncertain") or [])
            form = _form_of(meta["format"], {k for k, _, _ in cells} | uncertain)
            writer.writerow([*(_meta_word(m, v) for m, v in meta.items()),
                             *(cell_status(k, values, uncertain, form) for k in columns)])
        n += 1
    return n


def cell_status(key: str, values: dict[str, Any], uncertain: set[str], form: frozenset[str] | None) -> Any:
    """The number of a cell, or the word for what stands there instead; `form` None: the form is unknown."""
    if key in values:
        return SLASH if values[key] is None else values[key]
    if key in uncertain:
        return UNCERTAIN
    if form is not None and key not in form:
        return NOT_IN_FORM
    return NOT_READ


def _form_of(fmt: str | None, seen: set[str]) -> frozenset[str] | None:
    """The keys of the report's form (None: unknown format), with the （六）其他处理 variant it printed."""
    form = FORM_KEYS.get(fmt or "")
    if form is None:
        return None
    printed = {split_key(k)[1] for k in seen if k.startswith("requests.")}
    for variant, rows in OTHER_ROWS.items():
        if printed & set(rows):  # the report printed this variant: the other one is not in its form
            other = OTHER_ROWS["2019" if variant == "2021" else "2021"]
            mine = {f"requests.{row}.{col}" for row in rows for col in keys.REQUEST_COLUMNS}
            return frozenset({k for k in form if split_key(k)[1] not in other} | mine)
    return form


def column_label(key: str) -> str:
    """The spreadsheet header of a cell column: the form's table, row and column label with the unit."""
    label = ALL_KEYS.get(key)
    return f"{TABLE_LABELS[split_key(key)[0]]}｜{label}" if label else key


def unit_of(key: str) -> str:
    """The unit printed in the column label (件, 万元, 项 …), empty when the label names none."""
    match = re.search(r"（([^（）]*)）$", ALL_KEYS.get(key, ""))
    return match.group(1) if match else ""


def write_codebook(out: IO[str], *, excel: bool = False) -> int:
    """One row per column of the csv export (plain and --excel headers, unit, forms), then the cell words."""
    writer = csv.writer(out, lineterminator="\r\n" if excel else "\n")
    if excel:
        out.write("\ufeff")
    writer.writerow(["kind", "column", "excel_header", "unit", "forms", "meaning"])
    described = site.metadata()["databases"][site.DATABASE]["tables"]["reports"]["columns"]
    for m in CSV_META:
        words = "; ".join(f"{word} = {code}" for code, word in META_WORDS.get(m, {}).items())
        meaning = " ".join(filter(None, [described.get(m, ""), f"({words})" if words else ""]))
        writer.writerow(["meta", m, META_LABELS[m], "", "", meaning])
    for key, label in ALL_KEYS.items():
        forms = [f for f in ("2021", "2019") if key in FORM_KEYS[f]]
        writer.writerow(["cell", key, column_label(key), unit_of(key), " ".join(forms), label])
    for word, meaning in STATUS_MEANINGS.items():
        writer.writerow(["status", "", word, "", "", meaning])
    return len(CSV_META) + len(ALL_KEYS) + len(STATUS_MEANINGS)


def _meta_word(name: str, value: Any) -> Any:
    if name == "published_at" and value:
        return str(value)[:10]
    return META_WORDS.get(name, {}).get(value, _blank(value))


def _blank(v: Any) -> Any:
    return "" if v is None else v
