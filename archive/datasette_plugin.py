"""Datasette plugin of the archive: turns report ids and document hashes into links to their proof.

A `report` cell (in views and canned queries) links the report's row; a `sha256` cell of documents, reports
and versions gets a download link for the raw bytes, which live in the hidden `blobs` table.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_encode
from markupsafe import Markup, escape

from .site import DATABASE

SHA_TABLES = frozenset({"documents", "reports", "report_versions", "fetches", "unparsed"})


@hookimpl
def render_cell(row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any) -> Any:
    if database != DATABASE or not isinstance(value, str) or not value:
        return None
    if column in ("report", "previous_report", "last_report"):
        href = datasette.urls.row(DATABASE, "reports", tilde_encode(value))
        return Markup(f'<a href="{escape(href)}">{escape(value)}</a>')
    if column == "sha256" and (table in SHA_TABLES or table is None) and len(value) == 64:
        doc = datasette.urls.row(DATABASE, "documents", tilde_encode(value))
        blob = datasette.urls.row_blob(DATABASE, "blobs", tilde_encode(value), "content")
        return Markup(
            f'<a href="{escape(doc)}">{escape(value[:12])}…</a> '
            f'<a href="{escape(blob)}" download="{escape(value)}">download</a>'
        )
    return None
