"""Datasette metadata and configuration of the archive, generated from code so they never drift from the schema.

Kept as two documents, as Datasette 1.0 splits them: `metadata()` describes (title, license, source, column
descriptions with units) and `config()` configures (facets, sorts, hidden tables, full-text search, canned
queries). Datasette 0.65 takes both in one metadata file: `merged()`.
"""

from __future__ import annotations

import copy
from functools import cache
from typing import Any

from sqlite_utils import Database

from . import schema
from .keys import ALL_KEYS, TABLE_KEYS

DATABASE = "nianbao"  # the database name in every Datasette URL (CONTRACT.md §3)
LICENSE = {
    "license": "Public government information (条例 第四十九条); archive data CC0 1.0",
    "license_url": "https://creativecommons.org/publicdomain/zero/1.0/",
}
SOURCE = {
    "source": "政府信息公开工作年度报告 published on Chinese government portals (each row links its source URL)",
    "source_url": "https://www.gov.cn/zhengce/xxgk/",
}
REPORT_LINK = "report: the report's row (/nianbao/reports/<id>), a stable citation"

COMMON = {
    "report_id": "The report (agency and year) this row belongs to",
    "version_id": "The report version (one parsed document) this row comes from",
    "sha256": "SHA-256 of the document's bytes; download them from the document's row",
    "first_seen": "When the archive first saw it (UTC)",
    "last_seen": "When the archive last saw it (UTC)",
    "province": "Province (省级行政区) of the agency, from the 2023 统计用区划代码",
    "city": "Prefecture-level city (地级) of the agency",
    "county": "County-level division (县级) of the agency",
    "region_code": "6-digit GB/T 2260 region code (统计用区划代码 2023) of the deepest region named",
    "level": "Agency level (FORMAT.md §7.3): 省级政府, 地级部门, 乡级, 派出机构 …",
    "portal": "Entry URL of the portal the report was found on (empty for imports)",
    "url": "Where the document was found (source URL)",
    "year": "Year the report covers (statistics year, not publication year)",
    "format": "Report format: 2021, 2019, hybrid, pre2019 or unknown",
    "title": "Title as printed in the report",
    "published_at": "Publication date shown by the portal (ISO date; for a report, the earliest of its versions)",
    "media_type": "Media type of the document, sniffed from its bytes (application/pdf, text/html …)",
    "content_type": "Content-Type header the server sent with the document (empty for imports)",
}

TABLES: dict[str, dict[str, Any]] = {
    "reports": {
        "title": "Reports 年度报告",
        "description": "One row per agency and year: the report, its current version and where it was found. "
                       "The row URL is a stable citation.",
        "columns": {
            "id": "Stable key: '<year>-<agency id>'",
            "agency_id": "The issuing agency (see agencies; spelling variants are one agency)",
            "deadline": "Legal publication deadline (31 Jan for departments, 31 Mar for 本级政府; 31 Mar for all "
                        "before 2019)",
            "deadline_basis": "Where the deadline comes from: 条例 article, or a local rule (乡级, 派出机构: "
                              "31 Jan assumed)",
            "late": "1 when published after the deadline, 0 when on time, empty when unknown",
            "timeliness": "on_time, late, or unknown (no publication date shown and not crawled by the deadline)",
            "check_status": "Worst result of the checks R1–R5 and S2 of the current version (fail, uncertain, "
                            "pass)",
            "failed_checks": "Number of failing checks in the current version（项）",
            "n_versions": "Number of stored versions (documents) of this report（个）",
            "current_version": "The version whose numbers are shown (most table cells, HTML winning ties)",
            "parser_version": "Parser version that produced the current version's cells",
        },
        "facets": ["year", "format", "province", "city", "level", "check_status", "timeliness"],
        "sort_desc": "year",
        "label_column": "title",
    },
    "report_versions": {
        "title": "Report versions 版本",
        "description": "Every parsed document of a report; corrections make new versions, none is ever dropped.",
        "columns": {
            "id": "Version number (stable)",
            "seq": "Order of this version within its report (1 = first seen)",
            "source_key": "The source the document came from (URL or local path)",
            "page_url": "The page that linked this document (for attachments)",
            "path": "Local path of an imported file",
            "fetched_at": "When the document was fetched or imported (UTC)",
            "parser_version": "Parser version that produced this version's cells",
            "parsed_at": "When it was parsed (UTC)",
            "agency": "Agency as printed in this document",
            "n_values": "Cells with a certain numeric value（个）",
            "n_cells": "Table cells read（个）",
            "n_uncertain": "Cells left out because they could not be placed with certainty（个）",
            "failed_checks": "Failing checks（项）",
            "meta": "The rest of the parse object (JSON): parser, source, uncertain, warnings …",
        },
        "facets": ["format", "parser_version"],
        "sort_desc": "id",
        "label_column": "title",
    },
    "cells": {
        "title": "Table cells 表格数据（长表）",
        "description": "Every table cell of every version in long form: canonical key (CONTRACT.md §1), number "
                       "and the raw text it was read from.",
        "columns": {
            "key": "Canonical key <table>.<row>.<column>",
            "table_key": "Standard table: active (二), requests (三), redress (四)",
            "row_key": "Row of the standard table",
            "column_key": "Column of the standard table",
            "value": "The number（件; 万元 for active.fees.amount_wan_yuan）; empty for '/' or an unsure cell",
            "in_values": "1 when the parser is sure of the number (it is in `values`)",
            "raw": "Cell text as printed",
            "kind": "Kind of cell text: number, blank, dash, slash, word, text",
            "extra": "Further flags (JSON), e.g. ocr, inferred",
        },
        "facets": ["table_key", "kind"],
    },
    "checks": {
        "title": "Checks 勾稽关系校验",
        "description": "Arithmetic checks R1–R5 (FORMAT.md §2.6) and the text-against-table check S2 of every "
                       "version.",
        "columns": {
            "ord": "Position in the parser's list",
            "rule": "Rule: R1 一+二=三(七)+四, R2 total = sum of outcomes, R3 row total, R4 table 四, R5 no negative, "
                    "S2 a number stated in the text against the table",
            "scope": "Column, row or group checked",
            "status": "pass, fail or uncertain",
            "left": "Left-hand side（件）",
            "right": "Right-hand side（件）",
            "detail": "Readable explanation",
            "extra": "Further fields (JSON)",
        },
        "facets": ["status", "rule"],
    },
    "sections": {
        "title": "Report texts 正文",
        "description": "Text of the six parts of each version. The search box finds Chinese terms across wrapped "
                       "lines; a 1–2 character term (公开, 复议) is answered by the `search` query "
                       "(/nianbao/search?q=公开), which the box sends it to.",
        "columns": {
            "id": "Row number",
            "section": "Part: overview, active, requests, redress, problems, other",
            "text": "The part's text",
        },
        "facets": ["section"],
        "fts_table": "sections_fts",
        "fts_pk": "id",
    },
    "documents": {
        "title": "Documents 原始文件",
        "description": "Every fetched or imported document, stored once by SHA-256; the sha256 cell links the "
                       "raw bytes for download.",
        "columns": {"size": "Size in bytes（字节）"},
        "facets": ["media_type"],
        "sort_desc": "first_seen",
    },
    "fetches": {
        "title": "Fetches 抓取记录",
        "description": "One row per HTTP fetch by the crawler, whatever its outcome.",
        "columns": {
            "id": "Fetch number",
            "run_id": "Crawl run",
            "fetched_at": "When (UTC)",
            "status": "HTTP status",
            "etag": "ETag response header",
            "last_modified": "Last-Modified response header",
            "outcome": "ok, not_modified, not_found, blocked or error",
            "error": "Error text",
            "adapter": "CMS-family adapter that read this listing page (a wrong family shows a mis-fingerprint)",
        },
        "facets": ["outcome", "status", "adapter"],
        "sort_desc": "id",
    },
    "portals": {
        "title": "Portals 门户网站",
        "description": "Government portals crawled (entry points).",
        "columns": {
            "entry_url": "Entry URL (home, 信息公开 page or 年报 column)",
            "name": "Portal name",
            "platform": "CMS family",
        },
        "facets": ["level", "province", "platform"],
        "label_column": "name",
    },
    "agencies": {
        "title": "Agencies 发布机关",
        "description": "Issuing agencies, with level and region derived from the name.",
        "columns": {
            "id": "The agency's key: its name with city and county spelt out (洪泽区人民政府 -> "
                  "淮安市洪泽区人民政府) when they can be determined, else as printed",
            "name": "The agency name as first printed",
            "is_aggregate": "1 for a 本级人民政府 report (region-wide aggregate)",
            "region_vintage": "Vintage of the region code table used",
        },
        "facets": ["level", "province", "city"],
        "label_column": "name",
    },
    "agency_names": {
        "title": "Agency names 机关名称写法",
        "description": "Every spelling of an agency name seen in reports, and the agency it belongs to.",
        "columns": {"name": "The agency name as printed", "agency_id": "The agency (one per body, whatever the "
                    "spelling)"},
    },
    "runs": {
        "title": "Crawl runs 抓取批次",
        "description": "Crawl runs.",
        "columns": {
            "id": "Run number",
            "started_at": "Start (UTC)",
            "finished_at": "End (UTC)",
            "portals": "Portals crawled (JSON list)",
            "n_portals": "Number of portals（个）",
            "pages": "Pages fetched（页）",
            "new_reports": "New reports（份）",
            "new_versions": "New versions（个）",
            "blocked": "Fetches blocked（次）",
            "errors": "Fetch errors（次）",
            "stats": "All run statistics (JSON)",
        },
        "sort_desc": "id",
    },
    "unparsed": {
        "title": "Unparsed documents 未解析文件",
        "description": "Documents that could not be read as a report, kept raw and flagged for review.",
        "columns": {
            "outcome": "unparsed (unreadable) or not_report",
            "parser_version": "Parser version that tried",
            "error": "Why",
            "path": "File name of an imported file",
            "environment": "1 when the machine failed (converter missing, timeout), not the document: retried",
        },
        "facets": ["outcome"],
    },
    "report_moves": {
        "title": "Report moves 报告归属变更",
        "description": "When a newer parser read another agency or year, the document moved to another report; "
                       "a citation of the old report id is followed here.",
        "columns": {
            "id": "Row number",
            "report_id": "The report id before (as cited)",
            "moved_to": "The report id the document is filed under now",
            "report_deleted": "1 when the old report had no other document and is gone",
            "parser_version": "The parser version that moved it",
            "moved_at": "When (UTC)",
        },
        "sort_desc": "id",
    },
    "sections_joined": {
        "title": "Report texts as searched 正文（检索用）",
        "description": "The sections with the line breaks inside paragraphs removed (a PDF's wrapped "
                       "\"中国\\n特色社会主义\" is one phrase here); the full-text index is built from this view.",
        "columns": {"id": "Row of sections", "section": "Part: overview, active, requests, redress, problems, other",
                    "text": "The part's text, wrapped lines joined, paragraphs kept"},
    },
    "figures": {
        "title": "Figures per report 报告数据汇总",
        "description": "One row per report with the numbers the charts, agency pages and scorecard add up, from "
                       "the report's current version (kept up to date by triggers). Empty: the report does not "
                       "show that number with certainty.",
        "columns": {
            "report_id": REPORT_LINK,
            "agency_id": "The issuing agency",
            "deadline": "Legal publication deadline",
            "timeliness": "on_time, late or unknown",
            "failed_checks": "Failing checks of the current version（项）",
            "version_id": "The current version",
            "tables_read": "Standard tables (二, 三, 四) with at least one number read with certainty（张, 0–3）",
            "sections_present": "Parts 一…六 the document has (a heading found, with or without text)（个, 0–6）",
            "rule_checks_failed": "Failing arithmetic checks R1–R5（项）",
            "rule_checks_decided": "Arithmetic checks R1–R5 that passed or failed（项）",
            "s2_failed": "Failing S2 checks: numbers in the text that contradict the tables（项）",
            "s2_checked": "S2 checks decided（项）",
            "on_time": "Scorecard: 1 on time, 0 late, empty unknown",
            "checks_pass": "Scorecard: 1 when no R1–R5 check fails, 0 when one does, empty when none was decided",
            "narrative_consistent": "Scorecard: 1 when no S2 check fails, 0 when one does, empty when none was "
                                    "decided",
            "score": "Scorecard: 0–100, see the scorecard view",
            **{col: f"{key}: {ALL_KEYS[key]}" for col, key in schema.figure_columns().items()},
        },
        "facets": ["year", "province", "level", "timeliness"],
        "sort_desc": "year",
    },
    "scorecard": {
        "title": "Scorecard per agency and year 政务公开年报评分",
        "description": "One row per agency and year. score = 100 × the average of the decided components: "
                       "published (1 when the report is in the archive; an agency that reported for N−1 and not "
                       "for N gets a row with 0), on_time (1 on time, 0 late, empty = unknown and left out), "
                       "tables_read ÷ 3, checks_pass (1 when no R1–R5 check fails, 0 otherwise, empty when none "
                       "was decided), narrative_consistent (1 when no S2 check fails, 0 otherwise, empty when the "
                       "text states no number the parser compares) and sections_present ÷ 6. Filter by "
                       "province, city and level; sort by any column.",
        "columns": {
            "report": REPORT_LINK + " (empty: not published)",
            "agency": "The issuing agency",
            "published": "1 = published (in the archive), 0 = reported for the previous year, not for this one",
            "on_time": "1 = published by the deadline, 0 = late, empty = publication date unknown",
            "tables_read": "Standard tables (二, 三, 四) read with certainty, of 3",
            "checks_pass": "1 = no arithmetic check R1–R5 fails, 0 = at least one fails, empty = none decided",
            "narrative_consistent": "1 = no S2 check fails (the text's numbers agree with the tables), 0 = one "
                                    "fails, empty = nothing to compare",
            "sections_present": "Parts 一…六 the document has (a heading found), of 6",
            "score": "0–100: 100 × the average of the decided components (see the description)",
        },
        "facets": ["year", "province", "level"],
        "sort_desc": "year",
    },
    "blobs": {"title": "Raw bytes", "description": "Raw bytes of documents (internal).", "columns": {"content": "The bytes"},
              "hidden": True},
    "sightings": {
        "title": "Sightings",
        "description": "Which portal yielded which report in which run (internal).",
        "columns": {"run_id": "Crawl run", "seen_at": "When (UTC)"},
        "hidden": True,
    },
    "_sqlite_migrations": {
        "title": "Schema migrations",
        "description": "Applied schema migrations (internal).",
        "columns": {"id": "Row", "migration_set": "Set", "name": "Migration", "applied_at": "When"},
        "hidden": True,
    },
}

PAGES_HTML = (
    "The nianbao archive. Pages: <a href=\"/nianbao/-/charts\">charts 图表</a> (a region or level over years, "
    "with CSV) · <a href=\"/nianbao/scorecard\">scorecard 评分</a> · <a href=\"/nianbao/reports\">reports</a> "
    "(each report's page is the official form) · <a href=\"/nianbao/agencies\">agencies</a> · "
    "<a href=\"/nianbao/search?q=\">search 检索</a>."
)

VIEW_META = ("report", "agency", "year", "format", "level", "province", "city")
VIEW_META_DOCS = {"report": REPORT_LINK, "agency": "The issuing agency as printed"}


VIEW_TITLES = {
    "active_wide": "Table 二 主动公开 (wide)",
    "requests_wide": "Table 三 依申请公开 (wide)",
    "redress_wide": "Table 四 复议、诉讼 (wide)",
}
VIEW_DESCRIPTIONS = {
    "active_wide": "Table 二 主动公开 of every report's current version, one row per report (2021 and 2019 keys).",
    "requests_wide": "Table 三 依申请公开 of every report's current version, one row per report.",
    "redress_wide": "Table 四 行政复议、行政诉讼 of every report's current version, one row per report.",
}

_FTS_QUOTED = "'\"' || replace(:q, '\"', '\"\"') || '\"'"
# Excerpts from the text as stored; the joined text (schema.joined_lines_sql) only where the term is wrapped.
_JOINED = schema.joined_lines_sql("s.text")
_EXCERPT = (f"case when instr(s.text, :q) > 0 then '…' || substr(s.text, max(1, instr(s.text, :q) - 20), 48) || '…'"
            f" else '…' || substr({_JOINED}, max(1, instr({_JOINED}, :q) - 20), 48) || '…' end")
QUERIES: dict[str, dict[str, Any]] = {
    "failing_checks": {
        "title": "Reports failing checks",
        "description": "Checks with status fail in each report's current version; rule R1…R5 or S2 (text against "
                       "table); leave year/rule empty for all.",
        "sql": """select r.id as report, r.agency_id as agency, r.year, r.province, r.city, c.rule, c.scope,
  c.left, c.right, c.detail, r.url, r.sha256
from reports r join checks c on c.version_id = r.current_version
where c.status = 'fail'
  and (:year = '' or r.year = cast(:year as integer))
  and (:rule = '' or c.rule = :rule)
order by r.year desc, r.agency_id, c.ord""",
    },
    "applications_received": {
        "title": "Applications received per agency and year",
        "description": "一、本年新收 and 二、上年结转 (total column, 件) of table 三 of each report's current version; "
                       "agency matches a part of the name. Empty: the document shows no such number (pre2019, "
                       "tables missing, or the cell is uncertain). url and sha256 lead to the source document.",
        "sql": """select r.id as report, r.agency_id as agency, r.year, r.level, r.province, r.city,
  (select value from cells where version_id = r.current_version
     and key = 'requests.new_received.total') as new_received,
  (select value from cells where version_id = r.current_version
     and key = 'requests.carried_in.total') as carried_in,
  (select value from cells where version_id = r.current_version
     and key = 'requests.new_received.natural_person') as from_natural_persons,
  r.format, r.url, r.sha256
from reports r
where (:agency = '' or r.agency_id like '%' || :agency || '%')
  and (:year = '' or r.year = cast(:year as integer))
order by r.agency_id, r.year""",
    },
    "late_reports": {
        "title": "Reports published after the deadline",
        "description": "31 January for departments, 31 March for 本级政府 (before 2019: 31 March for all) "
                       "— FORMAT.md §1.1; deadline_basis says when the date is only assumed (乡级, 派出机构). "
                       "Reports without a publication date are not listed: they are timeliness = unknown in "
                       "the reports table.",
        "sql": """select id as report, agency_id as agency, year, level, published_at, deadline,
  cast(julianday(published_at) - julianday(deadline) as integer) as days_late, deadline_basis, url, sha256
from reports
where timeliness = 'late'
  and (:year = '' or year = cast(:year as integer))
order by days_late desc, id""",
    },
    "missing_reports": {
        "title": "Agencies that published for year N−1 but not for N",
        "description": "Give the year N.",
        "sql": """select prev.agency_id as agency, prev.id as last_report, prev.level, prev.province, prev.city,
  prev.portal
from reports prev
where prev.year = cast(:year as integer) - 1 and prev.agency_id is not null
  and not exists (select 1 from reports cur
                  where cur.agency_id = prev.agency_id and cur.year = cast(:year as integer))
order by prev.province, prev.city, prev.agency_id""",
    },
    "silent_portals": {
        "title": "Portals that yielded reports before and none in the last run",
        "description": "Often a site redesign: the crawler finds the portal but no report any more; "
                       "failed_fetches_last_run tells a blocked or broken site from a moved column.",
        "sql": """with last_run as (select max(id) as id, portals from runs where finished_at is not null)
select s.portal, p.name, p.province, p.city, max(s.run_id) as last_run_with_reports,
  count(distinct s.report_id) as reports_before,
  (select count(*) from fetches f where f.run_id = l.id and f.portal = s.portal
     and f.outcome in ('blocked', 'error', 'not_found')) as failed_fetches_last_run
from sightings s join last_run l left join portals p on p.entry_url = s.portal
where s.run_id < l.id
  and not exists (select 1 from sightings t where t.portal = s.portal and t.run_id = l.id)
  and (l.portals is null or l.portals = '[]'
       or exists (select 1 from json_each(l.portals) j where j.value = s.portal))
group by s.portal
order by s.portal""",
    },
    "carryover_mismatches": {
        "title": "Carry-over mismatches between years (S1)",
        "description": "上年结转 of year N differs from 结转下年度 of year N−1 for the same agency (per applicant "
                       "column, 件).",
        "sql": """select cur.agency_id as agency, cur.year, prev.id as previous_report, cur.id as report,
  ci.column_key as applicant, co.value as carried_out_previous_year, ci.value as carried_in, cur.url,
  cur.sha256
from reports cur
join reports prev on prev.agency_id = cur.agency_id and prev.year = cur.year - 1
join cells ci on ci.version_id = cur.current_version and ci.table_key = 'requests'
  and ci.row_key = 'carried_in'
join cells co on co.version_id = prev.current_version and co.key = 'requests.carried_out.' || ci.column_key
where ci.in_values = 1 and co.in_values = 1 and ci.value is not null and co.value is not null
  and ci.value != co.value
  and (:year = '' or cur.year = cast(:year as integer))
order by cur.agency_id, cur.year, ci.column_key""",
    },
    "search": {
        "title": "Full-text search of report texts",
        "description": "Any Chinese term: three or more characters use the trigram index, one or two characters "
                       "a scan of the texts (the sections table's search box sends those here). Lines wrapped "
                       "inside a paragraph are joined first. Searches the current version of each report; the "
                       "excerpt shows the first occurrence.",
        "sql": f"""select r.id as report, r.agency_id as agency, r.year, s.section, {_EXCERPT} as excerpt
from sections_fts f join sections s on s.id = f.rowid join reports r on r.current_version = s.version_id
where length(:q) >= 3 and sections_fts match {_FTS_QUOTED}
union all
select r.id as report, r.agency_id as agency, r.year, s.section, {_EXCERPT} as excerpt
from sections s join reports r on r.current_version = s.version_id
where length(:q) between 1 and 2 and (instr(s.text, :q) > 0
  or (instr(s.text, substr(:q, 1, 1)) > 0 and instr({_JOINED}, :q) > 0))
order by year desc, report""",
    },
}

@cache
def schema_columns() -> dict[str, list[str]]:
    """Columns of every table and view of a freshly migrated archive (so descriptions match the schema)."""
    db = Database(memory=True)
    schema.apply(db)
    names = db.table_names() + db.view_names()
    return {name: [c.name for c in db[name].columns] for name in names if not name.startswith("sections_fts")}


def metadata() -> dict[str, Any]:
    """Descriptive metadata: what Datasette 1.0 reads from metadata.json. Raises if a column is undescribed."""
    docs: dict[str, tuple[str, str, dict[str, str]]] = {
        name: (spec["title"], spec["description"], {**COMMON, **spec.get("columns", {})})
        for name, spec in TABLES.items()
    }
    for view, description in VIEW_DESCRIPTIONS.items():
        cols = {c: VIEW_META_DOCS.get(c) or COMMON[c] for c in VIEW_META}
        docs[view] = (VIEW_TITLES[view], description, {**cols, **TABLE_KEYS[view.removesuffix("_wide")]})
    tables: dict[str, Any] = {}
    for name, columns in schema_columns().items():
        title, description, described = docs[name]
        missing = [c for c in columns if c not in described]
        if missing:
            raise KeyError(f"undescribed columns of {name}: {missing}")
        tables[name] = {"title": title, "description": description, **LICENSE, **SOURCE,
                        "columns": {c: described[c] for c in columns}}
    return {
        "title": "nianbao — 政府信息公开工作年度报告 archive",
        "description": "Annual reports on government information disclosure: every number with the document "
                       "it was read from. Cite a report by its row URL.",
        **LICENSE,
        **SOURCE,
        "databases": {DATABASE: {"description": "The nianbao archive", "description_html": PAGES_HTML, **LICENSE,
                                 **SOURCE, "tables": tables}},
    }


def config() -> dict[str, Any]:
    """Behaviour: what Datasette 1.0 reads from datasette.yaml (facets, sorts, hidden, search, queries)."""
    keys = ("facets", "sort", "sort_desc", "hidden", "label_column", "fts_table", "fts_pk")
    tables = {name: {k: spec[k] for k in keys if k in spec} for name, spec in TABLES.items()}
    queries = copy.deepcopy(QUERIES)
    return {
        # facet suggestions would run one query per column: too slow on the 190-column wide views
        "settings": {"facet_time_limit_ms": 1000, "sql_time_limit_ms": 5000, "allow_download": False,
                     "suggest_facets": False},
        "plugins": {},
        "databases": {DATABASE: {"tables": {k: v for k, v in tables.items() if v}, "queries": queries}},
    }


def merged() -> dict[str, Any]:
    """Datasette 0.65: one metadata document holding both (settings are passed separately)."""
    out = copy.deepcopy(metadata())
    conf = config()
    db = out["databases"][DATABASE]
    for table, spec in conf["databases"][DATABASE]["tables"].items():
        db["tables"].setdefault(table, {}).update(spec)
    db["queries"] = conf["databases"][DATABASE]["queries"]
    return out
