"""Datasette plugin of the archive: every number links back to its proof.

A `report` cell (in views and canned queries) links the report's row; a `sha256` cell of documents, reports
and versions gets a download link for the raw bytes, which live in the hidden `blobs` table. A `version_id`
cell of cells, checks and sections names its report and links the source document and its raw bytes; a
report's `current_version` links that version's cells, checks and texts; a cell's key shows the form's
wording and unit. A small stylesheet keeps the long
column descriptions from pushing the table off the first screen.
"""

from __future__ import annotations

from typing import Any

from datasette import Response, hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from .keys import ALL_KEYS
from .site import DATABASE

SHA_TABLES = frozenset({"documents", "reports", "report_versions", "fetches", "unparsed"})
REPORT_COLUMNS = frozenset({"report", "previous_report", "last_report", "moved_to"})
SOURCED_TABLES = frozenset({"cells", "checks", "sections"})
CSS_PATH = "/-/nianbao.css"
CSS = """
dl.column-descriptions { column-width: 26em; column-gap: 2em; font-size: 0.85em; }
dl.column-descriptions dt { break-after: avoid; }
dl.column-descriptions dd { margin: 0 0 0.4em 1em; break-inside: avoid; }
.rows-and-columns td.col-title { min-width: 16em; }
.rows-and-columns td.col-id, .rows-and-columns td.col-report, .rows-and-columns td.col-agency_id,
.rows-and-columns td.col-agency { min-width: 9em; }
"""


def _link(href: str, text: str, **attrs: str) -> str:
    extra = "".join(f' {k}="{escape(v)}"' for k, v in attrs.items())
    return f'<a href="{escape(href)}"{extra}>{escape(text)}</a>'


def _blob(datasette: Any, sha: str) -> str:
    return str(datasette.urls.row_blob(DATABASE, "blobs", tilde_encode(sha), "content"))


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != DATABASE:
        return None
    vid = value.get("value") if isinstance(value, dict) else value  # a table page expands foreign keys, a row not
    if isinstance(vid, int) and table in SOURCED_TABLES and column == "version_id":
        return _version_source(datasette, vid)
    if isinstance(vid, int) and table == "reports" and column == "current_version":
        return _version_parts(datasette, vid)
    if not isinstance(value, str) or not value:
        return None
    if column == "key" and table == "cells" and value in ALL_KEYS:  # the form's wording and unit under the key
        return Markup(f'{escape(value)}<br><small>{escape(ALL_KEYS[value])}</small>')
    if column in REPORT_COLUMNS:
        return Markup(_link(datasette.urls.row(DATABASE, "reports", tilde_encode(value)), value))
    if column == "sha256" and (table in SHA_TABLES or table is None) and len(value) == 64:
        doc = datasette.urls.row(DATABASE, "documents", tilde_encode(value))
        return Markup(f"{_link(doc, value[:12] + '…')} {_link(_blob(datasette, value), 'download', download=value)}")
    return None


def _version_parts(datasette: Any, vid: int) -> Markup:
    """v6 · cells · checks · texts: the numbers, checks and sections a report row shows come from this version."""
    links = [_link(datasette.urls.row(DATABASE, "report_versions", str(vid)), f"v{vid}")]
    links += [_link(f"{datasette.urls.table(DATABASE, t)}?version_id={vid}", label) for t, label in
              (("cells", "cells"), ("checks", "checks"), ("sections", "texts"))]
    return Markup(" · ".join(links))


def _version_source(datasette: Any, vid: int) -> Any:
    """The report, the version, the source document and its raw bytes of one cell/check/section row."""

    async def inner() -> Markup:
        db = datasette.get_database(DATABASE)
        found = (await db.execute(
            "select report_id, coalesce(url, page_url), sha256 from report_versions where id = ?", [vid])).first()
        version = _link(datasette.urls.row(DATABASE, "report_versions", str(vid)), f"v{vid}")
        if found is None:
            return Markup(version)
        report_id, url, sha = found
        links = [_link(datasette.urls.row(DATABASE, "reports", tilde_encode(report_id)), report_id), version]
        if url:
            links.append(_link(url, "source"))
        links.append(_link(_blob(datasette, sha), "download", download=sha))
        return Markup(" · ".join(links))

    return inner


@hookimpl
def extra_css_urls(database: str | None) -> list[str]:
    return [CSS_PATH]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    async def stylesheet() -> Response:
        return Response(CSS, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})

    return [(r"^/-/nianbao\.css$", stylesheet)]
