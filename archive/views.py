"""What the report, agency and chart pages show, read from the archive (the templates only lay it out).

The report page is the official form: rows, columns and units come from `keys.py` (the one transcription of
the forms); this module only knows how the printed form groups them (the 四 ）… rowspans, the blocks of table
二). The agency page and the charts read `figures` (one row per report, kept by triggers, schema m110), so a
chart over 20,000 reports reads 20,000 rows instead of pivoting millions of cells.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from .keys import (
    ACTIVE_2019,
    ACTIVE_2021,
    ACTIVE_COLUMNS,
    ALL_KEYS,
    REDRESS_COLUMNS,
    REDRESS_GROUPS,
    REQUEST_COLUMNS,
    REQUEST_ROWS,
)

# The six parts of a report, as the 2021 form heads them (the `sections` keys of CONTRACT.md §2).
SECTION_NAMES = {
    "overview": "一、总体情况",
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "redress": "四、政府信息公开行政复议、行政诉讼情况",
    "problems": "五、存在的主要问题及改进情况",
    "other": "六、其他需要报告的事项",
}
TABLE_NAMES = {
    "active": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "redress": "四、政府信息公开行政复议、行政诉讼情况",
}
# Group cells of table 三 that span their item rows (the form prints them once, left of the items).
REQUEST_GROUP_NAMES = {"三": "（三）不予公开", "四": "（四）无法提供", "五": "（五）不予处理", "六": "（六）其他处理"}
REQUEST_RESULTS = "三、本年度办理结果"
APPLICANT_GROUP = "法人或其他组织"
OTHER_2021 = ("other_no_correction", "other_fee_unpaid", "other_misc")
CHECK_RULES = {
    "R1": "一 + 二 = 三（七）+ 四（表三每列）",
    "R2": "三（七）总计 = 各办理结果之和（表三每列）",
    "R3": "总计列 = 各申请人列之和（表三每行）",
    "R4": "总计 = 维持 + 纠正 + 其他 + 尚未审结（表四每组）",
    "R5": "数量不为负",
    "S1": "本年上年结转 = 上年结转下年度（跨年）",
    "S2": "正文所述数字 = 表格数字",
}


@dataclass
class Cell:
    key: str
    value: Any = None
    in_values: bool = False
    raw: str | None = None
    kind: str | None = None
    flags: dict[str, Any] = field(default_factory=dict)
    uncertain: bool = False
    checks: list[int] = field(default_factory=list)  # numbers of the failing checks that involve this cell
    prev: Any = None
    s1: Any = None  # the previous year's 结转下年度 when it differs from this 上年结转

    @property
    def read(self) -> bool:
        return self.in_values or self.uncertain or self.raw is not None

    @property
    def text(self) -> str:
        """The value as the page shows it: the number, "/" for not applicable, the printed text when unsure."""
        if self.in_values:
            return "/" if self.value is None else number(self.value)
        if self.uncertain or self.raw:
            return self.raw or "?"
        return ""

    @property
    def classes(self) -> str:
        out = ["cell"]
        if not self.read:
            out.append("unread")
        if self.uncertain or (self.read and not self.in_values):
            out.append("uncertain")
        out += [flag for flag in ("inferred", "ocr") if self.flags.get(flag)]
        if self.checks:
            out.append("failing")
        if self.s1 is not None:
            out.append("s1diff")
        return " ".join(out)

    @property
    def tooltip(self) -> str:
        parts = [f"印刷文字 printed: “{self.raw}”" if self.raw else "printed: (blank)" if self.raw is not None
                 else "not read from the document"]
        parts.append(f"{self.key} — {ALL_KEYS.get(self.key, '')}")
        if self.uncertain:
            parts.append("uncertain: the parser could not place this cell with certainty")
        for flag in ("inferred", "ocr"):
            if self.flags.get(flag):
                parts.append(flag)
        return "\n".join(parts)


def number(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value}"


@dataclass
class FormRow:
    labels: list[dict[str, Any]]  # label cells before the numbers: {"text", "rowspan", "colspan"}
    cells: list[Cell]
    key: str = ""


@dataclass
class FormBlock:
    """One header plus rows: table 二 prints a block per column set, tables 三 and 四 are one block each."""
    header: list[list[dict[str, Any]]]
    rows: list[FormRow]
    cols: tuple[str, ...] = ()


def active_layout(fmt: str | None, keys: set[str]) -> list[tuple[str, tuple[str, ...], str]]:
    """The rows of table 二 of the report's form: 2019 when the report says so or only has 2019 cells."""
    only_2019 = {f"active.{r}.{c}" for r, cols, _ in ACTIVE_2019 for c in cols} - {
        f"active.{r}.{c}" for r, cols, _ in ACTIVE_2021 for c in cols}
    if fmt == "2019" or (fmt != "2021" and keys & only_2019):
        return ACTIVE_2019
    return ACTIVE_2021


def request_rows(fmt: str | None, keys: set[str]) -> list[str]:
    single = fmt == "2019" or any(k.startswith("requests.other_single.") for k in keys)
    return [r for r in REQUEST_ROWS if (r == "other_single") == single or r not in OTHER_2021 + ("other_single",)]


def request_labels(row: str) -> tuple[str | None, str]:
    """(group, item) of a table-三 row, from its label in keys.py ("三（三）1.属于国家秘密" -> 不予公开, 1.…)."""
    label = REQUEST_ROWS[row].replace("（2021）", "").replace("（一行）", "")
    m = re.match(r"^三（(.)）(.*)$", label)
    if not m:
        return None, label
    group = REQUEST_GROUP_NAMES.get(m.group(1))
    if group is None or row == "other_single":
        return None, f"（{m.group(1)}）{m.group(2)}" if group is None else group
    return group, m.group(2)


def build_form(fmt: str | None, cells: dict[str, Cell]) -> dict[str, list[FormBlock]]:
    """The three tables as printed on the form, each cell a `Cell` (an unread one when the report has none)."""

    def cell(key: str) -> Cell:
        return cells.get(key) or Cell(key)

    keys = set(cells)
    active: list[FormBlock] = []
    for row, cols, label in active_layout(fmt, keys):
        if not active or active[-1].cols != cols:
            head: list[dict[str, Any]] = [{"text": "信息内容", "rowspan": 1, "colspan": 1}]
            head += [{"text": ACTIVE_COLUMNS[c], "rowspan": 1, "colspan": 1} for c in cols]
            active.append(FormBlock([head], [], cols))
        active[-1].rows.append(FormRow([{"text": label, "rowspan": 1, "colspan": 1}],
                                       [cell(f"active.{row}.{c}") for c in cols], row))

    applicants = [c for c in REQUEST_COLUMNS if c not in ("natural_person", "total")]
    header: list[list[dict[str, Any]]] = [
        [{"text": "本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和", "rowspan": 3, "colspan": 3},
         {"text": "申请人情况", "rowspan": 1, "colspan": len(REQUEST_COLUMNS)}],
        [{"text": REQUEST_COLUMNS["natural_person"], "rowspan": 2, "colspan": 1},
         {"text": APPLICANT_GROUP, "rowspan": 1, "colspan": len(applicants)},
         {"text": REQUEST_COLUMNS["total"], "rowspan": 2, "colspan": 1}],
        [{"text": REQUEST_COLUMNS[c], "rowspan": 1, "colspan": 1} for c in applicants],
    ]
    rows = request_rows(fmt, keys)
    results = [r for r in rows if r not in ("new_received", "carried_in", "carried_out")]
    form_rows: list[FormRow] = []
    seen_groups: set[str] = set()
    for row in rows:
        group, item = request_labels(row)
        labels: list[dict[str, Any]] = []
        if row in ("new_received", "carried_in", "carried_out"):
            labels.append({"text": REQUEST_ROWS[row], "rowspan": 1, "colspan": 3})
        else:
            if row == results[0]:
                labels.append({"text": REQUEST_RESULTS, "rowspan": len(results), "colspan": 1, "class": "vertical"})
            if group is None:
                labels.append({"text": item, "rowspan": 1, "colspan": 2})
            else:
                if group not in seen_groups:
                    seen_groups.add(group)
                    span = sum(1 for r in results if request_labels(r)[0] == group)
                    labels.append({"text": group, "rowspan": span, "colspan": 1})
                labels.append({"text": item, "rowspan": 1, "colspan": 1})
        form_rows.append(FormRow(labels, [cell(f"requests.{row}.{c}") for c in REQUEST_COLUMNS], row))
    requests = [FormBlock(header, form_rows)]

    groups = list(REDRESS_GROUPS)
    review, litigation = groups[0], groups[1:]
    rheader = [
        [{"text": REDRESS_GROUPS[review], "rowspan": 2, "colspan": len(REDRESS_COLUMNS)},
         {"text": REDRESS_GROUPS[litigation[0]].split("·")[0], "rowspan": 1,
          "colspan": len(REDRESS_COLUMNS) * len(litigation)}],
        [{"text": REDRESS_GROUPS[g].split("·")[-1], "rowspan": 1, "colspan": len(REDRESS_COLUMNS)}
         for g in litigation],
        [{"text": label, "rowspan": 1, "colspan": 1} for _ in groups for label in REDRESS_COLUMNS.values()],
    ]
    redress = [FormBlock(rheader, [FormRow([], [cell(f"redress.{g}.{c}") for g in groups for c in REDRESS_COLUMNS])])]
    return {"active": active, "requests": requests, "redress": redress}


def check_keys(rule: str | None, scope: str | None, fmt: str | None, keys: set[str]) -> list[str]:
    """The cells a check adds up (FORMAT.md §2.6), so a failing check can be highlighted on the form."""
    scope = scope or ""
    table, part = (scope.split(".", 1) + [""])[:2]
    if rule == "R1" and table == "requests":
        return [f"requests.{r}.{part}" for r in ("new_received", "carried_in", "total", "carried_out")]
    if rule == "R2" and table == "requests":
        rows = [r for r in request_rows(fmt, keys) if r not in ("new_received", "carried_in", "carried_out")]
        return [f"requests.{r}.{part}" for r in rows]
    if rule == "R3" and table == "requests":
        return [f"requests.{part}.{c}" for c in REQUEST_COLUMNS]
    if rule == "R4" and table == "redress":
        return [f"redress.{part}.{c}" for c in REDRESS_COLUMNS]
    if scope in ALL_KEYS:  # R5 and S2: the scope is the cell
        return [scope]
    return []


async def report_page(db: Any, report_id: str) -> dict[str, Any] | None:
    """Everything the report page shows, or None when there is no such report (Datasette then says 404)."""
    rep = await _one(db, "select r.*, a.name as agency_name, a.is_aggregate from reports r"
                         " left join agencies a on a.id = r.agency_id where r.id = ?", [report_id])
    if rep is None:
        return None
    vid = rep["current_version"]
    version = await _one(db, "select * from report_versions where id = ?", [vid]) or {}
    meta = json.loads(version.get("meta") or "{}")
    cells = await load_cells(db, vid, set(meta.get("uncertain") or []))
    checks = await _all(db, "select ord, rule, scope, status, left, right, detail from checks where version_id = ?"
                            " order by ord", [vid])
    fmt = rep["format"]
    failing: list[dict[str, Any]] = []
    for check in checks:
        if check["status"] != "fail":
            continue
        check["n"] = len(failing) + 1
        check["rule_text"] = CHECK_RULES.get(check["rule"] or "", "")
        check["keys"] = check_keys(check["rule"], check["scope"], fmt, set(cells))
        for key in check["keys"]:
            cells.setdefault(key, Cell(key)).checks.append(check["n"])
        failing.append(check)
    prev = await _one(db, "select id, current_version, year, format from reports where agency_id = ? and year = ?",
                      [rep["agency_id"], (rep["year"] or 0) - 1]) if rep["agency_id"] else None
    s1 = []
    compared = await compare_years(db, rep["agency_id"], rep["year"]) if prev else []
    if prev:
        prev_cells = await load_cells(db, prev["current_version"], set())
        for key, c in prev_cells.items():
            if c.in_values:
                cells.setdefault(key, Cell(key)).prev = c.text
        for col, label in REQUEST_COLUMNS.items():
            now_in, before_out = cells.get(f"requests.carried_in.{col}"), prev_cells.get(f"requests.carried_out.{col}")
            if now_in and before_out and now_in.in_values and before_out.in_values and now_in.value is not None \
                    and before_out.value is not None and now_in.value != before_out.value:
                now_in.s1 = before_out.text
                s1.append({"column": label, "carried_in": now_in.text, "carried_out_previous": before_out.text})
    sections = await _all(db, "select section, text from sections where version_id = ?", [vid])
    order = list(SECTION_NAMES)
    sections.sort(key=lambda s: order.index(s["section"]) if s["section"] in order else len(order))
    for s in sections:
        s["name"] = SECTION_NAMES.get(s["section"], s["section"])
    versions = await _all(db, "select id, seq, sha256, url, page_url, path, media_type, published_at, fetched_at,"
                              " format, n_cells, n_uncertain, failed_checks, parser_version from report_versions"
                              " where report_id = ? order by seq", [report_id])
    form = build_form(fmt, cells)
    placed = {c.key for blocks in form.values() for b in blocks for r in b.rows for c in r.cells}
    days_late = None
    if rep["published_at"] and rep["deadline"]:
        found = await _one(db, "select cast(julianday(?) - julianday(?) as integer) as d",
                           [rep["published_at"], rep["deadline"]])
        days_late = found["d"] if found else None
    return {
        "report": rep, "version": version, "meta": meta, "form": form, "table_names": TABLE_NAMES,
        "tables_read": {t: any(c.in_values for k, c in cells.items() if k.startswith(t + ".")) for t in TABLE_NAMES},
        "unplaced": [c for k, c in sorted(cells.items()) if k not in placed and c.read],
        "checks": checks, "failing": failing, "prev": prev, "s1": s1, "compared": compared, "sections": sections, "versions": versions,
        "days_late": days_late, "n_uncertain": sum(1 for c in cells.values() if c.uncertain),
    }


async def load_cells(db: Any, vid: int | None, uncertain: set[str]) -> dict[str, Cell]:
    out: dict[str, Cell] = {}
    if vid is None:
        return out
    for key, value, in_values, raw, kind, extra in (await db.execute(
            "select key, value, in_values, raw, kind, extra from cells where version_id = ?", [vid])).rows:
        out[key] = Cell(key, value, bool(in_values), raw, kind, json.loads(extra) if extra else {}, key in uncertain)
    for key in uncertain - set(out):
        out[key] = Cell(key, uncertain=True)
    return out


# --- Sums over `figures` (agency page, charts) --------------------------------------------------------------

APPLICANT_SERIES = {f"received_{c}": label for c, label in REQUEST_COLUMNS.items() if c != "total"}
OUTCOME_SERIES = {
    "granted": ("requests_granted",),
    "partial": ("requests_partial",),
    "withheld": tuple(f"requests_{r}" for r in REQUEST_ROWS if r.startswith("withheld_")),
    "unable": tuple(f"requests_{r}" for r in REQUEST_ROWS if r.startswith("unable_")),
    "not_processed": tuple(f"requests_{r}" for r in REQUEST_ROWS if r.startswith("not_processed_")),
    "other": tuple(f"requests_{r}" for r in REQUEST_ROWS if r.startswith("other_")),
}
OUTCOME_NAMES = {"granted": "予以公开", "partial": "部分公开", "withheld": "不予公开", "unable": "无法提供",
                 "not_processed": "不予处理", "other": "其他处理"}
REFUSAL_SERIES = {f"requests_{r}": REQUEST_ROWS[r].split("）", 1)[-1] for r in REQUEST_ROWS if r.startswith("withheld_")}
REDRESS_SERIES = {f"{g}_{c}": f"{REDRESS_GROUPS[g].split('·')[-1]} {label}" for g in REDRESS_GROUPS for c, label in
                  REDRESS_COLUMNS.items() if c != "total"}


def _sum(columns: tuple[str, ...]) -> str:
    return " + ".join(f"coalesce({c}, 0)" for c in columns)


def _total(columns: tuple[str, ...]) -> str:
    """Null when none of the reports shows any of the cells (a sum of nothing is not zero). Sums per column, added
    up after aggregating: SQLite computes each sum(column) once however many series use it."""
    if len(columns) == 1:
        return f"sum({columns[0]})"
    return f"case when {' + '.join(f'count({c})' for c in columns)} > 0 then " \
           f"{' + '.join(f'coalesce(sum({c}), 0)' for c in columns)} end"


CHART_SQL = (
    "select year, count(*) as reports, sum(timeliness = 'late') as late, sum(timeliness = 'on_time') as on_time,"
    " sum(timeliness = 'unknown' or timeliness is null) as timeliness_unknown,"
    " round(100.0 * sum(timeliness = 'late') / nullif(sum(timeliness in ('late', 'on_time')), 0), 1) as late_pct,"
    " sum(rule_checks_failed > 0 or s2_failed > 0) as failing_checks,"
    " round(100.0 * sum(rule_checks_failed > 0 or s2_failed > 0) / count(*), 1) as failing_pct, "
    + ", ".join(f"{_total((c,))} as {c}" for c in APPLICANT_SERIES)
    + ", " + ", ".join(f"{_total(cols)} as {name}" for name, cols in OUTCOME_SERIES.items())
    + ", " + ", ".join(f"{_total((c,))} as {c}" for c in REFUSAL_SERIES)
    + ", " + ", ".join(f"{_total((c,))} as {c}" for c in REDRESS_SERIES)
    + " from figures where {where} group by year order by year"
)
CHART_FILTERS = (("province", "province = :province"), ("city", "city = :city"), ("level", "level = :level"),
                 ("from", "year >= cast(:from as integer)"), ("to", "year <= cast(:to as integer)"))


def chart_filters(args: Any) -> tuple[str, dict[str, str]]:
    """SQL condition and parameters of the chart page's filters (region, level, year range)."""
    params = {name: args.get(name) for name, _ in CHART_FILTERS if args.get(name)}
    where = " and ".join(["1"] + [sql for name, sql in CHART_FILTERS if name in params])
    return where, params


async def chart_rows(db: Any, args: Any) -> list[dict[str, Any]]:
    where, params = chart_filters(args)
    return await _all(db, CHART_SQL.replace("{where}", where), params)


def chart_specs(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Vega-Lite specs of the chart page, each with its data inline (long form for the stacked ones)."""

    def long(series: dict[str, str]) -> list[dict[str, Any]]:
        return [{"year": r["year"], "series": label, "value": r[col]} for r in rows
                for col, label in series.items() if r[col] is not None]

    outcomes = {name: OUTCOME_NAMES[name] for name in OUTCOME_SERIES}
    return [
        _bar("reports", "Reports found per year 年报数量", rows, "reports", "份"),
        _bar("late", "Share published after the deadline 逾期发布比例", rows, "late_pct", "%"),
        _stacked("applicants", "Applications received by applicant 本年新收申请（按申请人）", long(APPLICANT_SERIES), "件"),
        _stacked("outcomes", "How applications were answered 办理结果", long(outcomes), "件"),
        _stacked("refusals", "Refused (不予公开) by reason 不予公开理由", long(REFUSAL_SERIES), "件"),
        _stacked("redress", "Reviews and lawsuits and how they ended 行政复议、行政诉讼结果", long(REDRESS_SERIES), "件"),
        _bar("failing", "Share of reports with failing checks 勾稽关系不符的比例", rows, "failing_pct", "%"),
    ]


def _bar(name: str, title: str, rows: list[dict[str, Any]], column: str, unit: str) -> dict[str, Any]:
    return {"name": name, "title": title, "spec": {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 160,
        "data": {"values": [{"year": r["year"], column: r[column]} for r in rows]},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {"x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
                     "y": {"field": column, "type": "quantitative", "title": unit}}}}


def _stacked(name: str, title: str, values: list[dict[str, Any]], unit: str) -> dict[str, Any]:
    return {"name": name, "title": title, "spec": {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 180,
        "data": {"values": values}, "mark": {"type": "bar", "tooltip": True},
        "encoding": {"x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
                     "y": {"field": "value", "type": "quantitative", "title": unit, "stack": "zero"},
                     "color": {"field": "series", "type": "nominal", "title": None, "scale": {"scheme": "tableau20"},
                               "legend": {"orient": "bottom", "columns": 2, "labelLimit": 220}}}}}


AGENCY_SQL = (
    "select f.report_id, f.year, f.published_at, f.deadline, f.timeliness, f.format,"
    " cast(julianday(f.published_at) - julianday(f.deadline) as integer) as days_late,"
    " f.requests_new_received as received, f.requests_carried_in as carried_in, "
    + ", ".join(f"{_sum(cols)} as {name}" for name, cols in OUTCOME_SERIES.items())
    + ", f.requests_total as answered, f.review_total, coalesce(f.lit_direct_total, 0) +"
      " coalesce(f.lit_after_review_total, 0) as lawsuits, f.rule_checks_failed, f.s2_failed, f.tables_read,"
      " f.sections_present, f.score from figures f where f.agency_id = ? {and_year} order by f.year"
)
COMPARED = {"received": "本年新收 received", "carried_in": "上年结转 carried in", "granted": "予以公开 granted",
            "partial": "部分公开 partly", "withheld": "不予公开 refused", "unable": "无法提供 unable",
            "not_processed": "不予处理 not processed", "other": "其他处理 other", "answered": "总计 answered",
            "review_total": "行政复议 reviews", "lawsuits": "行政诉讼 lawsuits", "days_late": "days after the deadline",
            "score": "score"}


async def compare_years(db: Any, agency_id: str, year: int) -> list[dict[str, Any]]:
    """The previous year beside this one: key figures of both reports and the change (table 三 总计 column)."""
    rows = {r["year"]: r for r in await _all(db, AGENCY_SQL.replace("{and_year}", "and f.year in (?, ?)"),
                                             [agency_id, year - 1, year])}
    before, now = rows.get(year - 1), rows.get(year)
    if not before or not now:
        return []
    out = []
    for col, label in COMPARED.items():
        a, b = before[col], now[col]
        change = b - a if isinstance(a, int | float) and isinstance(b, int | float) else None
        out.append({"label": label, "before": a, "now": b, "change": change})
    return out


async def agency_page(db: Any, agency_id: str) -> dict[str, Any]:
    agency = await _one(db, "select * from agencies where id = ?", [agency_id]) or {"id": agency_id}
    rows = await _all(db, AGENCY_SQL.replace("{and_year}", ""), [agency_id])
    failing = await _all(db, "select r.id as report, r.year, c.rule, c.scope, c.left, c.right, c.detail"
                             " from reports r join checks c on c.version_id = r.current_version"
                             " where r.agency_id = ? and c.status = 'fail' order by r.year, c.ord", [agency_id])
    names = await _all(db, "select name from agency_names where agency_id = ? order by name", [agency_id])
    received = [{"year": r["year"], "series": label, "value": r[name]} for r in rows
                for name, label in (("received", "本年新收"), ("carried_in", "上年结转")) if r[name] is not None]
    answered = [{"year": r["year"], "series": OUTCOME_NAMES[n], "value": r[n]} for r in rows for n in OUTCOME_SERIES
                if r["answered"] is not None]
    delay = [{"year": r["year"], "days_late": r["days_late"]} for r in rows if r["days_late"] is not None]
    charts = [
        _stacked("received", "Applications received 申请数量", received, "件"),
        _stacked("answered", "How they were answered 办理结果", answered, "件"),
        {"name": "delay", "title": "Days published after (+) or before (−) the deadline 发布日期与截止日期",
         "spec": {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": "container", "height": 140,
                  "data": {"values": delay}, "mark": {"type": "bar", "tooltip": True},
                  "encoding": {"x": {"field": "year", "type": "ordinal", "axis": {"labelAngle": 0}},
                               "y": {"field": "days_late", "type": "quantitative", "title": "days 天"},
                               "color": {"condition": {"test": "datum.days_late > 0", "value": "#c0392b"},
                                         "value": "#2e7d32"}}}},
    ]
    return {"agency": agency, "years": rows, "failing": failing, "names": [n["name"] for n in names], "charts": charts}


async def _all(db: Any, sql: str, params: Any = None) -> list[dict[str, Any]]:
    result = await db.execute(sql, params or [])
    return [dict(zip(result.columns, row, strict=False)) for row in result.rows]


async def _one(db: Any, sql: str, params: Any = None) -> dict[str, Any] | None:
    rows = await _all(db, sql, params)
    return rows[0] if rows else None
