"""Datasette plugin of the archive: every number links back to its proof.

The report row page (`/nianbao/reports/<id>`, the citation URL) and the agency row page are the official form
and an agency's years (templates `row-nianbao-reports.html`, `row-nianbao-agencies.html`, filled by
`extra_template_vars` from archive/views.py); `/nianbao/-/charts` draws a region's figures with the vendored
Vega-Lite (archive/static/vendor) and `/nianbao/-/charts.csv` gives the same numbers; `/nianbao/-/document/<sha>`
serves stored bytes under their sniffed media type, named after their report. A 1–2 character term typed
in the `sections` search box goes to the `search` query, which scans (the trigram index needs 3).

A `report` cell (in views and canned queries) links the report's row; a `sha256` cell of documents, reports
and versions gets a download link for the raw bytes, which live in the hidden `blobs` table. A `version_id`
cell of cells, checks and sections names its report and links the source document and its raw bytes; a
report's `current_version` links that version's cells, checks and texts; a cell's key shows the form's
wording and unit. A small stylesheet keeps the long
column descriptions from pushing the table off the first screen.
"""

from __future__ import annotations

import csv
import io
import json
import re
import urllib.parse
from typing import Any

from datasette import Response, hookimpl
from datasette.utils import tilde_encode, urlsafe_components
from markupsafe import Markup, escape

import parsers

from . import views
from .keys import ALL_KEYS
from .site import DATABASE

SHA_TABLES = frozenset({"documents", "reports", "report_versions", "fetches", "unparsed"})
REPORT_COLUMNS = frozenset({"report", "previous_report", "last_report", "moved_to"})
SOURCED_TABLES = frozenset({"cells", "checks", "sections"})
AGENCY_ID_TABLES = frozenset({"scorecard", "active_wide", "requests_wide", "redress_wide"})  # `agency` = agency id
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
    """The stored bytes, served by `document` (media type and a file name from the report)."""
    return str(datasette.urls.path(f"/{DATABASE}/-/document/{sha}"))


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
    if column == "section" and value in views.SECTION_NAMES:  # sections table, search query
        return Markup(f'{escape(views.SECTION_NAMES[value])}<br><small>{escape(value)}</small>')
    if column == "key" and table == "cells" and value in ALL_KEYS:  # the form's wording and unit under the key
        return Markup(f'{escape(value)}<br><small>{escape(ALL_KEYS[value])}</small>')
    if column == "agency" and (table is None or table in AGENCY_ID_TABLES):  # canned queries and views
        return Markup(_link(datasette.urls.row(DATABASE, "agencies", tilde_encode(value)), value))
    if column in REPORT_COLUMNS:
        return Markup(_link(datasette.urls.row(DATABASE, "reports", tilde_encode(value)), value))
    if column == "sha256" and (table in SHA_TABLES or table is None) and len(value) == 64:
        doc = datasette.urls.row(DATABASE, "documents", tilde_encode(value))
        return Markup(f"{_link(doc, value[:12] + '…')} {_link(_blob(datasette, value), 'document')}")
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
        links.append(_link(_blob(datasette, sha), "document"))
        return Markup(" · ".join(links))

    return inner


@hookimpl
def extra_css_urls(database: str | None) -> list[str]:
    return [CSS_PATH]


@hookimpl
def prepare_connection(conn: Any, database: str) -> None:
    """Charts and the scorecard scan `figures` (a few MB for 20,000 reports): read it through a memory map and
    keep it in a 16 MB page cache instead of copying every page from the OS on each request."""
    if database == DATABASE:
        conn.execute("pragma mmap_size = 268435456")
        conn.execute("pragma cache_size = -16384")


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path(f"/{DATABASE}/-/charts"), "label": "Charts 图表"},
            {"href": datasette.urls.table(DATABASE, "scorecard"), "label": "Scorecard 评分"}]


@hookimpl
def extra_template_vars(template: str, view_name: str, table: str | None, database: str | None, request: Any,
                        datasette: Any) -> Any:
    """The report and agency row pages get what their templates lay out (views.py)."""
    if database != DATABASE or view_name != "row" or table not in ("reports", "agencies") or request is None:
        return {}

    async def inner() -> dict[str, Any]:
        key = urlsafe_components(request.url_vars["pks"])[0]
        db = datasette.get_database(DATABASE)
        if table == "reports":
            return {"nb": await views.report_page(db, key), "nb_check_rules": views.CHECK_RULES}
        return {"nb": await views.agency_page(db, key)}

    return inner


STATIC = "/nianbao-static"
INLINE = {"pdf", "html", "text", "png", "jpeg", "gif"}  # what a browser shows itself
EXTENSIONS = {"text": "txt", "jpeg": "jpg", "ole": "doc", "unknown": "bin"}


async def document(datasette: Any, request: Any) -> Response:
    """The stored bytes of a document: its sniffed media type, named `<report id>.<ext>`, inline when a browser
    can show it (a stored HTML page is sandboxed: its scripts never run on the archive's origin)."""
    sha = request.url_vars["sha"]
    db = datasette.get_database(DATABASE)
    found = (await db.execute(
        "select b.content, d.media_type, (select report_id from report_versions v where v.sha256 = b.sha256"
        " order by (v.report_id = ?) desc, v.id limit 1) from blobs b left join documents d on d.sha256 = b.sha256"
        " where b.sha256 = ?", [request.args.get("report", ""), sha])).first()
    if found is None:
        return Response.text("No such document", status=404)
    data, stored_type, report_id = bytes(found[0]), found[1], found[2]
    kind = parsers.sniff(data)
    media_type = parsers.MEDIA_TYPES.get(kind, "application/octet-stream")
    ext = EXTENSIONS.get(kind, kind)
    if kind == "ole" and stored_type in parsers.MEDIA_TYPES.values():  # .doc/.xls/.wps share one container
        media_type = stored_type
        ext = next(k for k, v in parsers.MEDIA_TYPES.items() if v == stored_type)
    if kind in ("html", "text"):
        media_type += f"; charset={_charset(data)}" if kind == "text" else ""
    name = f"{report_id or sha[:16]}.{ext}"
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", name)
    disposition = "inline" if kind in INLINE else "attachment"
    headers = {"Content-Disposition": f"{disposition}; filename=\"{ascii_name}\"; "
                                      f"filename*=UTF-8''{urllib.parse.quote(name)}",
               "X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=86400"}
    if kind == "html":
        headers["Content-Security-Policy"] = "sandbox"
    return Response(data, content_type=media_type, headers=headers)


def _charset(data: bytes) -> str:
    for charset in ("utf-8", "gb18030"):
        try:
            data.decode(charset)
            return charset
        except UnicodeDecodeError:
            continue
    return "utf-8"


async def charts(datasette: Any, request: Any) -> Response:
    """Figures of a region or level over a year range, drawn; the same numbers as a table and as CSV."""
    db = datasette.get_database(DATABASE)
    rows = await views.chart_rows(db, request.args)
    if request.url_vars.get("format") == "csv":
        out = io.StringIO()
        out.write("\ufeff")  # spreadsheets in a Chinese locale read UTF-8 only with a BOM
        writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["year"])
        writer.writeheader()
        writer.writerows(rows)
        return Response(out.getvalue(), content_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="nianbao-charts.csv"'})
    _, params = views.chart_filters(request.args)
    choices = {
        col: [r[0] for r in (await db.execute(
            f"select distinct {col} from figures where {col} is not null order by {col}")).rows]
        for col in ("province", "level", "year")
    }
    csv_url = datasette.urls.path(f"/{DATABASE}/-/charts.csv") + (
        "?" + urllib.parse.urlencode(params) if params else "")
    scorecard = datasette.urls.table(DATABASE, "scorecard") + (
        "?" + urllib.parse.urlencode({k: v for k, v in params.items() if k in ("province", "city", "level")})
        if params else "")
    html = await datasette.render_template(
        "nianbao-charts.html",
        {"rows": rows, "charts": views.chart_specs(rows), "params": params, "choices": choices, "csv_url": csv_url,
         "scorecard_url": scorecard, "columns": list(rows[0]) if rows else [], "static": STATIC,
         "database": DATABASE},
        request=request, view_name="nianbao-charts")
    return Response.html(html)


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    async def stylesheet() -> Response:
        return Response(CSS, content_type="text/css; charset=utf-8", headers={"Cache-Control": "max-age=3600"})

    return [
        (r"^/-/nianbao\.css$", stylesheet),
        (rf"^/{DATABASE}/-/document/(?P<sha>[0-9a-f]{{64}})$", document),
        (rf"^/{DATABASE}/-/charts(\.(?P<format>csv))?$", charts),
    ]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """`sections?_search=公开`: the trigram index cannot answer 1–2 characters, the `search` query can."""

    def wrap(app: Any) -> Any:
        async def short_search(scope: dict[str, Any], receive: Any, send: Any) -> None:
            if scope.get("type") == "http" and scope.get("path") in (f"/{DATABASE}/sections",
                                                                       f"/{DATABASE}/sections.json"):
                args = urllib.parse.parse_qs(scope.get("query_string", b"").decode("utf-8", errors="replace"))
                term = (args.get("_search") or [""])[0].strip()
                if 0 < len(term) < 3:
                    suffix = ".json" if scope["path"].endswith(".json") else ""
                    extra = {k: v[0] for k, v in args.items() if k in ("_shape",)}
                    target = f"/{DATABASE}/search{suffix}?" + urllib.parse.urlencode({"q": term, **extra})
                    await send({"type": "http.response.start", "status": 302,
                                "headers": [(b"location", target.encode()), (b"content-length", b"0")]})
                    await send({"type": "http.response.body", "body": b""})
                    return
            await app(scope, receive, send)

        return short_search

    return wrap


def chart_json(value: Any) -> Markup:
    """JSON for a <script type="application/json"> block (no `</script>` can end it early)."""
    return Markup(json.dumps(value, ensure_ascii=False).replace("</", "<\\/"))


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["nb_json"] = chart_json
    env.filters["tilde_encode"] = tilde_encode
