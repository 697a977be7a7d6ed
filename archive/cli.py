"""Click commands of the archive (import, reparse, export, serve); nianbao_cli registers them.

Only option parsing and output here: the work is in store/importer/export/serve. ArchiveError becomes a
one-line ClickException at this edge.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sqlite3
import sys
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import click
from tqdm import tqdm

from crawler.lock import CrawlLock, CrawlLocked

from .ingest import DEFAULT_DEADLINE, Workers
from .store import Archive, ArchiveError

EXIT_LOCKED = 75  # as `nianbao crawl`: another run holds the archive's lock

DEFAULT_DB = Path("data/nianbao.db")
db_option = click.option("--db", "db_path", type=click.Path(dir_okay=False, path_type=Path), default=DEFAULT_DB,
                         show_default=True, help="The archive file.")


def _open(db_path: Path) -> Archive:
    try:
        return Archive(db_path)
    except ArchiveError as exc:
        raise click.ClickException(str(exc)) from exc


def _workers_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--workers", type=click.IntRange(min=0), default=None,
                        help="Parse worker processes (default: cores - 1, at least 1); 0 parses in this process "
                             "without a deadline.")(click.option(
        "--deadline", type=click.FloatRange(min=1), default=DEFAULT_DEADLINE, show_default=True,
        help="Seconds one document may take to parse; an overrun is recorded unparsed and retried by "
             "`reparse --unparsed`.")(f))


@contextlib.contextmanager
def _locked(db_path: Path) -> Iterator[None]:
    """The crawl lock of this archive: crawl, import and reparse never write it at the same time."""
    try:
        with CrawlLock(db_path):
            yield
    except CrawlLocked as exc:
        click.echo(f"nianbao: {exc}", err=True)
        sys.exit(EXIT_LOCKED)


@click.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.option("--url", default=None, help="Where the (one) file was published.")
@click.option("--published", default=None, help="Its publication date (YYYY-MM-DD).")
@click.option("--manifest", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="CSV of many files: path,url,published (header row; paths relative to the CSV).")
@db_option
@_workers_option
def import_cmd(paths: tuple[Path, ...], url: str | None, published: str | None, manifest: Path | None,
               db_path: Path, workers: int | None, deadline: float) -> None:
    """Parse local report files or folders into the archive.

    Importing the same bytes again changes nothing; changed bytes of a report make a new version.
    An interrupted import is finished by running it again. The archive keeps each file's name, never its
    local path; --url and --published say where one file came from, --manifest for many.

    \b
    Example: .venv/bin/nianbao import downloads/ extra/report.pdf
    Example: .venv/bin/nianbao import report.pdf --url https://www.example.gov.cn/nb2024.pdf --published 2025-01-20
    """
    from .importer import ImportFile, ManifestError, expand, import_files, read_manifest

    if not paths and not manifest:
        raise click.UsageError("name files or folders to import, or a --manifest")
    files = [ImportFile(f) for f in expand(paths)]
    if url or published:
        if len(files) != 1:
            raise click.UsageError("--url and --published describe one file; use --manifest for many")
        files = [ImportFile(files[0].path, url, published)]
    if manifest:
        try:
            files += read_manifest(manifest)
        except ManifestError as exc:
            raise click.ClickException(str(exc)) from exc
    with _locked(db_path), _open(db_path) as arc, _pool(workers, deadline) as pool:
        bar = tqdm(total=len(files), unit="file", disable=None, file=sys.stderr)
        try:
            summary = import_files(arc, files, workers=pool, progress=lambda f, r: bar.update(1))
            arc.checkpoint()
        except ArchiveError as exc:
            raise click.ClickException(f"{exc} (documents before it are kept; run the import again to finish)"
                                       ) from exc
        finally:
            bar.close()
    for line in summary.problems:
        click.echo(line, err=True)
    click.echo(f"imported {summary.line()}")
    if summary.unreadable:
        sys.exit(1)


def _pool(workers: int | None, deadline: float) -> Workers:
    from .ingest import default_workers

    return Workers(default_workers() if workers is None else workers, deadline)


@click.command("reparse")
@click.option("--unparsed", "retry_unparsed", is_flag=True,
              help="Also retry every document no parser could read yet (e.g. LibreOffice installed since, "
                   "a parse that timed out).")
@db_option
@_workers_option
def reparse_cmd(retry_unparsed: bool, db_path: Path, workers: int | None, deadline: float) -> None:
    """Re-parse stored documents parsed by another parser version than the installed one.

    Each document's parsed rows are replaced in one transaction; a document the new parser cannot read keeps
    its old rows. A document the new parser files under another agency or year moves to that report; the
    move is listed and kept in the report_moves table (report ids are citations).

    Example: .venv/bin/nianbao reparse --unparsed --db data/nianbao.db
    """
    from .ingest import Pipeline

    with _locked(db_path), _open(_existing(db_path)) as arc, _pool(workers, deadline) as pool:
        stale = arc.stale(unparsed=retry_unparsed)
        pipeline = Pipeline(arc, pool)
        done = 0
        moved: list[str] = []
        try:
            jobs = ((sha, lambda sha=sha: pipeline.reparse_steps(sha)) for sha in stale)
            for sha, result, _ in tqdm(pipeline.many(jobs), total=len(stale), unit="doc", disable=None,
                                       file=sys.stderr):
                if result is not None and result.outcome == "moved":
                    moved.append(f"{sha[:12]}: {result.message}")
                done += 1
            arc.checkpoint()
        except ArchiveError as exc:
            raise click.ClickException(f"{exc} ({done} documents re-parsed before; run again to finish)") from exc
    for line in moved:
        click.echo(line, err=True)
    click.echo(f"re-parsed {done} documents" + (f", {len(moved)} moved to another report (see report_moves)"
                                               if moved else ""))


def _existing(db_path: Path) -> Path:
    """Commands that read an archive refuse a mistyped path instead of creating an empty archive there."""
    if not db_path.is_file():
        raise click.ClickException(f"{db_path}: no such archive (check the path; import and crawl create one)")
    return db_path


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
