"""Click commands of the archive (import, reparse, export, serve); nianbao_cli registers them.

Only option parsing and output here: the work is in store/importer/export/serve. ArchiveError becomes a
one-line ClickException at this edge.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import click
from tqdm import tqdm

from .store import Archive, ArchiveError

DEFAULT_DB = Path("data/nianbao.db")
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                         show_default=True, help="The archive file.")


def _open(db_path: Path) -> Archive:
    try:
        return Archive(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
def import_cmd(paths: tuple[Path, ...], db_path: Path) -> None:
    """Parse local report files or folders into the archive.

    Importing the same bytes again changes nothing; changed bytes of a report make a new version.
    An interrupted import is finished by running it again.

    Example: nianbao import downloads/ extra/report.pdf --db data/nianbao.db
    """
    from .importer import expand, import_files

    files = expand(paths)
    with _open(db_path) as arc:
        bar = tqdm(total=len(files), unit="file", disable=None, file=sys.stderr)
        try:
            summary = import_files(arc, files, progress=lambda f, r: bar.update(1))
        except ArchiveError as exc:
            raise click.ClickException(f"{exc} (earlier batches are kept; run the import again to finish)") from exc
        finally:
            bar.close()
    for line in summary.problems:
        click.echo(line, err=True)
    click.echo(f"imported {summary.line()}")
    if summary.unreadable:
        sys.exit(1)


@click.command("reparse")
@db_option
def reparse_cmd(db_path: Path) -> None:
    """Re-parse stored documents whose parser version is older than the installed one.

    Each document's parsed rows are replaced in one transaction; a document the new parser cannot read keeps
    its old rows. A document the new parser files under another agency or year moves to that report; the
    move is listed and kept in the report_moves table (report ids are citations).

    Example: nianbao reparse --db data/nianbao.db
    """
    with _open(db_path) as arc:
        stale = arc.stale()
        done = 0
        moved: list[str] = []
        try:
            for sha in tqdm(stale, unit="doc", disable=None, file=sys.stderr):
                result = arc.reparse_document(sha)
                if result.outcome == "moved":
                    moved.append(f"{sha[:12]}: {result.message}")
                done += 1
        except ArchiveError as exc:
            raise click.ClickException(f"{exc} ({done} documents re-parsed before; run again to finish)") from exc
    for line in moved:
        click.echo(line, err=True)
    click.echo(f"re-parsed {done} documents" + (f", {len(moved)} moved to another report (see report_moves)"
                                               if moved else ""))


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), required=True,
              help="jsonl: the parse object of each report's current version plus url, published_at, documents, "
                   "portal; csv: one wide row per report.")
def export_cmd(db_path: Path, fmt: str) -> None:
    """Print one record per report (agency and year) to standard output.

    Example: nianbao export --format csv > reports.csv
    """
    from .export import write_csv, write_jsonl

    if not db_path.exists():
        raise click.ClickException(f"{db_path}: no such archive")
    with _open(db_path) as arc:
        try:
            (write_jsonl if fmt == "jsonl" else write_csv)(arc, sys.stdout)
        except sqlite3.DatabaseError as exc:
            raise click.ClickException(f"{db_path}: cannot read the archive: {exc}") from exc


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port.")
def serve_cmd(db_path: Path, host: str, port: int) -> None:
    """Browse the archive in Datasette (database `nianbao`: /nianbao/reports), while crawls keep writing.

    Example: nianbao serve --db data/nianbao.db --port 8001
    """
    from .serve import serve

    click.echo(f"serving {db_path} at http://{host}:{port}/nianbao (Ctrl-C to stop)", err=True)
    try:
        serve(db_path, host=host, port=port)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
