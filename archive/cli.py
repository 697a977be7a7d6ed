"""Click commands of the archive (import, reparse, export, serve); nianbao_cli registers them.

Only option parsing and output here: the work is in store/importer/export/serve. ArchiveError becomes a
one-line ClickException at this edge.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import sys
from functools import partial
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

    Example: .venv/bin/nianbao import downloads/ extra/report.pdf
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

    Example: .venv/bin/nianbao reparse --db data/nianbao.db
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


def _existing(db_path: Path) -> None:
    """Commands that read an archive refuse a mistyped path instead of creating an empty archive there."""
    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such archive (check the path; import and crawl create one)")


@click.command("export")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "codebook"]), default=None,
              help="jsonl: the parse object of each report's current version plus url, published_at, documents, "
                   "portal; csv: one wide row per report; codebook: what each csv column holds (key, Chinese "
                   "label, unit, forms). Default csv with --excel, else required.")
@click.option("--excel", is_flag=True,
              help="For spreadsheets: UTF-8 with a byte-order mark, Chinese headers with units, and in each cell "
                   "either its number or what stands there instead (不确定, 未读出, 本表式无此项, /).")
def export_cmd(db_path: Path, fmt: str | None, excel: bool) -> None:
    """Print one record per report (agency and year) to standard output.

    The default csv and jsonl are the data contract (keys as column names, a blank for no number);
    --excel gives a table a spreadsheet opens as it is, where a blank never hides why a number is missing.

    Example: .venv/bin/nianbao export --excel > reports.csv
    """
    import io

    from .export import write_codebook, write_csv, write_jsonl

    if fmt is None:
        if not excel:
            raise click.UsageError("Missing option '--format' (jsonl, csv or codebook; --excel alone means csv).")
        fmt = "csv"
    if excel and fmt == "jsonl":
        raise click.UsageError("--excel applies to csv and codebook, not to jsonl.")
    if fmt != "codebook":
        _existing(db_path)
    # UTF-8 whatever the locale (a C locale would turn Chinese into escapes or errors); newlines as written.
    out = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
    try:
        if fmt == "codebook":
            write_codebook(out, excel=excel)
        else:
            with _open(db_path) as arc:
                try:
                    (write_jsonl if fmt == "jsonl" else partial(write_csv, excel=excel))(arc, out)
                except sqlite3.DatabaseError as exc:
                    raise click.ClickException(f"{db_path}: cannot read the archive: {exc}") from exc
        out.flush()
    except BrokenPipeError:  # the reader stopped early (`| head`): end quietly, as other Unix tools do
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(1)
    except OSError as exc:
        raise click.ClickException(f"cannot write the export: {exc.strerror or exc}") from exc
    finally:
        try:
            out.detach()
        except (OSError, ValueError):
            pass  # nothing more can be written; the error is reported above


def _port_free(host: str, port: int) -> str | None:
    """Why `host:port` cannot be served (the port is taken, the address is not this machine's), or None.

    Bound and released with the options uvicorn binds with, so the answer holds for the real bind."""
    try:
        family = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0][0]
        with socket.create_server((host, port), family=family):
            return None
    except OSError as exc:
        return os.strerror(exc.errno) if exc.errno and exc.errno > 0 else exc.strerror or str(exc)


@click.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port.")
def serve_cmd(db_path: Path, host: str, port: int) -> None:
    """Browse the archive in Datasette (database `nianbao`: /nianbao/reports), while crawls keep writing.

    The archive must exist (a mistyped path is refused, not served empty); a port already in use is reported
    before anything is announced.

    Example: .venv/bin/nianbao serve --db data/nianbao.db --port 8001
    """
    from .serve import serve

    _existing(db_path)
    busy = _port_free(host, port)
    if busy:
        raise click.ClickException(f"cannot serve on {host}:{port}: {busy} (another server there? choose "
                                   f"another port with --port)")
    click.echo(f"serving {db_path} at http://{host}:{port}/nianbao (Ctrl-C to stop)", err=True)
    try:
        serve(db_path, host=host, port=port)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc
