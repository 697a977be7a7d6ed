"""The archive's SQLite schema, applied through sqlite-utils `Migrations` (one named step per change).

Raw bytes live in the database (`blobs`), not in files beside it: a document and the rows that cite it
commit in one transaction (a crash can never leave a row pointing at a missing file, or an orphan file),
the archive stays one file to copy, publish and cite, and Datasette serves the bytes of any row
(`.blob` download) without a plugin. SQLite handles 100k documents (tens of GB) fine; `blobs` is a table
of its own so that browsing `documents` never reads the bytes.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from .keys import REDRESS_COLUMNS, REDRESS_GROUPS, REQUEST_COLUMNS, REQUEST_ROWS, TABLE_KEYS

MIGRATION_SET = "nianbao"
migrations = Migrations(MIGRATION_SET)

SCHEMA_V1 = """
CREATE TABLE blobs (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL
);
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY REFERENCES blobs(sha256),
    media_type TEXT,
    size INTEGER NOT NULL,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    portals TEXT,
    n_portals INTEGER,
    pages INTEGER,
    new_reports INTEGER,
    new_versions INTEGER,
    blocked INTEGER,
    errors INTEGER,
    stats TEXT
);
CREATE TABLE portals (
    entry_url TEXT PRIMARY KEY,
    name TEXT,
    level TEXT,
    province TEXT,
    city TEXT,
    county TEXT,
    region_code TEXT,
    platform TEXT,
    first_seen TEXT,
    last_seen TEXT
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY,
    run_id INTEGER REFERENCES runs(id),
    portal TEXT,
    url TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    status INTEGER,
    etag TEXT,
    last_modified TEXT,
    sha256 TEXT REFERENCES documents(sha256),
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'not_modified', 'not_found', 'blocked', 'error')),
    error TEXT
);
CREATE INDEX fetches_url ON fetches(url, fetched_at);
CREATE INDEX fetches_run ON fetches(run_id);
CREATE TABLE agencies (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    level TEXT,
    is_aggregate INTEGER,
    province TEXT,
    city TEXT,
    county TEXT,
    region_code TEXT,
    region_vintage TEXT
);
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    agency_id TEXT REFERENCES agencies(id),
    year INTEGER,
    title TEXT,
    format TEXT,
    level TEXT,
    province TEXT,
    city TEXT,
    county TEXT,
    region_code TEXT,
    url TEXT,
    portal TEXT REFERENCES portals(entry_url),
    published_at TEXT,
    deadline TEXT,
    late INTEGER,
    check_status TEXT,
    failed_checks INTEGER,
    n_versions INTEGER,
    current_version INTEGER REFERENCES report_versions(id),
    sha256 TEXT REFERENCES documents(sha256),
    parser_version TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE INDEX reports_agency_year ON reports(agency_id, year);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX reports_current ON reports(current_version);
CREATE TABLE report_versions (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL REFERENCES reports(id),
    seq INTEGER NOT NULL,
    sha256 TEXT NOT NULL REFERENCES documents(sha256),
    source_key TEXT NOT NULL,
    url TEXT,
    page_url TEXT,
    path TEXT,
    media_type TEXT,
    fetched_at TEXT,
    published_at TEXT,
    portal TEXT,
    parser_version TEXT NOT NULL,
    parsed_at TEXT NOT NULL,
    title TEXT,
    agency TEXT,
    year INTEGER,
    format TEXT,
    n_values INTEGER,
    n_cells INTEGER,
    n_uncertain INTEGER,
    failed_checks INTEGER,
    meta TEXT NOT NULL,
    UNIQUE (report_id, sha256)
);
CREATE INDEX report_versions_sha ON report_versions(sha256);
CREATE INDEX report_versions_page ON report_versions(page_url);
CREATE TABLE cells (
    version_id INTEGER NOT NULL REFERENCES report_versions(id),
    key TEXT NOT NULL,
    table_key TEXT,
    row_key TEXT,
    column_key TEXT,
    value NUMERIC,
    in_values INTEGER NOT NULL,
    raw TEXT,
    kind TEXT,
    extra TEXT,
    PRIMARY KEY (version_id, key)
) WITHOUT ROWID;
CREATE TABLE checks (
    version_id INTEGER NOT NULL REFERENCES report_versions(id),
    ord INTEGER NOT NULL,
    rule TEXT,
    scope TEXT,
    status TEXT,
    left NUMERIC,
    right NUMERIC,
    detail TEXT,
    extra TEXT,
    PRIMARY KEY (version_id, ord)
) WITHOUT ROWID;
CREATE INDEX checks_status ON checks(status, rule);
CREATE TABLE sections (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES report_versions(id),
    section TEXT NOT NULL,
    text TEXT,
    UNIQUE (version_id, section)
);
CREATE TABLE unparsed (
    sha256 TEXT PRIMARY KEY REFERENCES documents(sha256),
    outcome TEXT NOT NULL,
    parser_version TEXT NOT NULL,
    error TEXT,
    url TEXT,
    path TEXT,
    first_seen TEXT NOT NULL,
    last_seen TEXT NOT NULL
);
CREATE TABLE sightings (
    run_id INTEGER NOT NULL REFERENCES runs(id),
    portal TEXT NOT NULL,
    report_id TEXT NOT NULL REFERENCES reports(id),
    seen_at TEXT NOT NULL,
    PRIMARY KEY (run_id, portal, report_id)
) WITHOUT ROWID;
"""


@migrations()
def m001_initial(db: Database) -> None:
    """Documents, fetches, portals, agencies, reports and versions, cells, checks, sections, runs."""
    for statement in _statements(SCHEMA_V1):  # not executescript(): it would commit mid-migration
        db.execute(statement)
    # Chinese full-text search: FTS5's trigram tokenizer indexes every 3-character window, so terms of three
    # or more characters (不予公开, 行政复议) match through the index, also in Datasette's own search box;
    # 1–2 character terms (公开) go through LIKE in the `search` canned query (see site.py).
    db.table("sections").enable_fts(["text"], tokenize="trigram", create_triggers=True)


def wide_views() -> dict[str, str]:
    """One view per standard table: the current version of each report as one wide row (column = key)."""
    out = {}
    for table, keys in TABLE_KEYS.items():
        pivots = ",\n  ".join(
            f"(select value from cells c where c.version_id = r.current_version and c.key = '{k}') as \"{k}\""
            for k in keys
        )
        out[f"{table}_wide"] = (
            f"select r.id as report, r.agency_id as agency, r.year, r.format, r.level, r.province, r.city,\n  "
            f"{pivots}\nfrom reports r"
        )
    return out


@migrations()
def m002_wide_views(db: Database) -> None:
    """Pivot views of the standard tables (a change of the key list is a new migration that recreates them)."""
    for name, sql in wide_views().items():
        db.execute(f"create view {name} as {sql}")


@migrations()
def m003_agency_names(db: Database) -> None:
    """Printed agency names -> agency id, so spelling variants share one agency and their reports one row.

    The mapping is stored, not recomputed: a later region table or rule change must not move existing
    reports to new ids (their URLs are citations).
    """
    db.execute(
        "create table agency_names (name text primary key, agency_id text not null references agencies(id),"
        " first_seen text not null)"
    )
    db.execute("insert into agency_names (name, agency_id, first_seen) select id, id, '' from agencies")


@migrations()
def m004_timeliness(db: Database) -> None:
    """The legal basis of each deadline and on_time | late | unknown, so that a report without a publication
    date is visibly unknown rather than silently left out of the late ones (FORMAT.md §1.1, S5)."""
    from .store import refresh_timing  # the one definition of timing; store imports this module at load

    db.execute("alter table reports add column deadline_basis text")
    db.execute("alter table reports add column timeliness text")
    for (report_id,) in db.execute("select id from reports").fetchall():
        refresh_timing(db, report_id)


@migrations()
def m005_report_moves(db: Database) -> None:
    """Where a report went when a newer parser read another agency or year: report ids are citations."""
    db.execute(
        "create table report_moves (id integer primary key, report_id text not null, moved_to text not null,"
        " sha256 text references documents(sha256), report_deleted integer not null, parser_version text,"
        " moved_at text not null)")
    db.execute("create index report_moves_report on report_moves(report_id)")


@migrations()
def m006_reclassify_agencies(db: Database) -> None:
    """Agency levels and regions from the corrected tables (吉林省 was read as 吉林市, 北京市朝阳区 as 省级,
    东莞 as a county, 中国证券监督管理委员会 as a 派出机构 …); ids stay, derived columns and deadlines follow."""
    from .store import reclassify

    reclassify(db)


# Line breaks inside a paragraph (PDF text layers wrap "中国\n特色社会主义") removed, paragraph ends kept: a break
# after 。！？；： stays (marked with char(1) while the others go), as do the texts people read in `sections`.
PARAGRAPH_ENDS = ("。", "！", "？", "；", "：")


def joined_lines_sql(column: str) -> str:
    """SQL expression of `column` with its wrapped lines joined (pure SQL: any client can write sections)."""
    expr = f"replace({column}, char(13), '')"
    for pad in (" ", " ", "\u3000"):
        expr = f"replace(replace({expr}, '{pad}' || char(10), char(10)), char(10) || '{pad}', char(10))"
    for end in PARAGRAPH_ENDS:
        expr = f"replace({expr}, '{end}' || char(10), '{end}' || char(1))"
    return f"replace(replace({expr}, char(10), ''), char(1), char(10))"


def figure_columns() -> dict[str, str]:
    """Column of the `figures` table -> the cell key it holds (the total column of each table-三 row, the
    applicant columns of 本年新收, every cell of table 四)."""
    out = {f"received_{col}": f"requests.new_received.{col}" for col in REQUEST_COLUMNS if col != "total"}
    out.update({f"requests_{row}": f"requests.{row}.total" for row in REQUEST_ROWS})
    out.update({f"{group}_{col}": f"redress.{group}.{col}" for group in REDRESS_GROUPS for col in REDRESS_COLUMNS})
    return out


def _figures_trigger_body() -> str:
    cols = figure_columns()
    pivots = ", ".join(f"max(case when c.key = '{key}' then c.value end)" for key in cols.values())
    v = "new.current_version"
    return (
        "insert or replace into figures (report_id, agency_id, year, level, province, city, county, format,"
        " published_at, deadline, timeliness, failed_checks, version_id, tables_read, sections_present,"
        " rule_checks_failed, rule_checks_decided, s2_failed, s2_checked, " + ", ".join(cols) + ")"
        " select new.id, new.agency_id, new.year, new.level, new.province, new.city, new.county, new.format,"
        f" new.published_at, new.deadline, new.timeliness, new.failed_checks, {v}, count(distinct c.table_key),"
        f" (select count(*) from sections s where s.version_id = {v}),"
        f" (select count(*) from checks k where k.version_id = {v} and k.rule like 'R%' and k.status = 'fail'),"
        f" (select count(*) from checks k where k.version_id = {v} and k.rule like 'R%'"
        "   and k.status in ('pass', 'fail')),"
        f" (select count(*) from checks k where k.version_id = {v} and k.rule = 'S2' and k.status = 'fail'),"
        f" (select count(*) from checks k where k.version_id = {v} and k.rule = 'S2' and k.status in ('pass', 'fail')),"
        f" {pivots} from cells c where c.version_id = {v} and c.in_values = 1"
    )


# The scorecard's components and score, stored in `figures` by its triggers (a 20,000-row scorecard sorts
# and facets on stored columns). score = 100 × the average of the decided components (site.py documents it).
SCORE_SQL = """update figures set
  on_time = case timeliness when 'on_time' then 1 when 'late' then 0 end,
  checks_pass = case when rule_checks_decided > 0 then rule_checks_failed = 0 end,
  narrative_consistent = case when s2_checked > 0 then s2_failed = 0 end,
  score = cast(round(100.0 * (1 + coalesce(timeliness = 'on_time', 0) + tables_read / 3.0
    + coalesce(rule_checks_decided > 0 and rule_checks_failed = 0, 0)
    + coalesce(s2_checked > 0 and s2_failed = 0, 0) + sections_present / 6.0)
    / (3 + (timeliness in ('on_time', 'late')) + (rule_checks_decided > 0) + (s2_checked > 0))) as integer)
where report_id = new.id"""

SCORECARD_SQL = """
select f.report_id as report, f.agency_id as agency, f.year, f.level, f.province, f.city, 1 as published,
  f.on_time, f.tables_read, f.checks_pass, f.narrative_consistent, f.sections_present, f.score
from figures f
union all
select null, p.agency_id, p.year + 1, p.level, p.province, p.city, 0, null, 0, null, null, 0, 0
from figures p
where p.agency_id is not null and p.year < (select max(year) from reports)
  and not exists (select 1 from reports r where r.agency_id = p.agency_id and r.year = p.year + 1)"""


@migrations()
def m110_views_figures_and_search(db: Database) -> None:
    """Search over joined lines, and `figures`: one row per report with the numbers the charts, the agency
    page and the scorecard sum, kept by triggers on `reports` (the store stays unaware of it; a 20,000-report
    chart then reads 20,000 rows instead of pivoting four million cells)."""
    for trigger in ("sections_ai", "sections_ad", "sections_au"):
        db.execute(f"drop trigger if exists {trigger}")
    db.execute("drop table if exists sections_fts")
    db.execute(f"create view sections_joined as select id, version_id, section, {joined_lines_sql('text')} as text"
               " from sections")
    db.execute("create virtual table sections_fts using fts5(text, tokenize='trigram', content='sections_joined',"
               " content_rowid='id')")
    new, old = joined_lines_sql("new.text"), joined_lines_sql("old.text")
    delete = f"insert into sections_fts (sections_fts, rowid, text) values ('delete', old.id, {old});"
    insert = f"insert into sections_fts (rowid, text) values (new.id, {new});"
    db.execute(f"create trigger sections_ai after insert on sections begin {insert} end")
    db.execute(f"create trigger sections_ad after delete on sections begin {delete} end")
    db.execute(f"create trigger sections_au after update on sections begin {delete} {insert} end")
    db.execute("insert into sections_fts (sections_fts) values ('rebuild')")
    numbers = ", ".join(f"{c} numeric" for c in figure_columns())
    db.execute(
        "create table figures (report_id text primary key references reports(id), agency_id text, year integer,"
        " level text, province text, city text, county text, format text, published_at text, deadline text,"
        " timeliness text, failed_checks integer, version_id integer, tables_read integer,"
        " sections_present integer, rule_checks_failed integer, rule_checks_decided integer, s2_failed integer,"
        f" s2_checked integer, on_time integer, checks_pass integer, narrative_consistent integer, score integer,"
        f" {numbers})")
    for index in ("agency_id, year", "year, province", "province, city, year", "level, year", "score"):
        db.execute(f"create index figures_{index.replace(', ', '_')} on figures({index})")
    body = _figures_trigger_body()
    db.execute(f"create trigger figures_ai after insert on reports begin {body}; {SCORE_SQL}; end")
    db.execute(f"create trigger figures_au after update on reports begin {body}; {SCORE_SQL}; end")
    db.execute("create trigger figures_ad after delete on reports begin"
               " delete from figures where report_id = old.id; end")
    db.execute("update reports set id = id")  # fills figures for the reports already archived
    db.execute(f"create view scorecard as {SCORECARD_SQL}")
@migrations()
def m101_families_fetch_adapter(db: Database) -> None:
    """The CMS-family adapter that read each listing page (fetches.adapter), so a mis-fingerprinted column
    shows in Datasette: filter fetches by adapter, or look up the adapter of a column's pages."""
    db.execute("alter table fetches add column adapter text")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def apply(db: Database) -> None:
    migrations.apply(db)


@migrations()
def m100_pipeline_media_types(db: Database) -> None:
    """The sniffed media type of every document and version, the server's Content-Type in a column of its own
    (crawls stored the header, `text/html; charset=gbk`, so "an HTML page wins ties" never fired), and which
    failures were the machine's (converter missing, timeout) rather than the document's: those are retried."""
    from .store import refresh_report

    db.execute("alter table report_versions add column content_type text")
    db.execute("alter table unparsed add column environment integer not null default 0")
    db.execute("update report_versions set content_type = media_type where media_type is not null and url is not null")
    db.execute(
        "update report_versions set media_type = coalesce(json_extract(meta, '$.source.media_type'),"
        " lower(trim(case when instr(media_type, ';') then substr(media_type, 1, instr(media_type, ';') - 1)"
        " else media_type end)))")
    db.execute(
        "update documents set media_type = coalesce((select v.media_type from report_versions v"
        " where v.sha256 = documents.sha256 and v.media_type is not null limit 1),"
        " lower(trim(case when instr(media_type, ';') then substr(media_type, 1, instr(media_type, ';') - 1)"
        " else media_type end)))")
    db.execute("update unparsed set environment = 1 where error like '%not found%' and error like '%LibreOffice%'"
               " or error like '%timed out%'")
    for (report_id,) in db.execute("select id from reports").fetchall():
        refresh_report(db, report_id)
