"""The `nianbao` command: a thin click layer over parsers/, archive/ and crawler/."""

from __future__ import annotations

import json
import logging
import shlex
import shutil
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import click

import parsers
from archive import cli as archive_cli
from crawler import cli as crawler_cli
from crawler.cluster import cli as cluster_cli

SOURCE = Path(__file__).resolve().parent


def version() -> str:
    """The version of this checkout (its pyproject.toml) or, installed from a wheel, of the package."""
    pyproject = SOURCE / "pyproject.toml"
    if pyproject.is_file():
        return str(tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"])
    try:
        return metadata.version("nianbao")
    except metadata.PackageNotFoundError:
        return "unknown"


def command(*args: str) -> str:
    """A `nianbao …` command line as the user can type it in this directory.

    After the README's set-up the command is `.venv/bin/nianbao`, which is not on PATH: messages that tell
    the user what to run next name it the way it works here rather than a bare `nianbao`.
    """
    script = Path(sys.executable).parent / "nianbao"
    local = Path(".venv/bin/nianbao")
    if local.exists() and script.exists() and local.resolve() == script.resolve():
        head = str(local)
    elif not script.exists():
        head = f"{sys.executable} -m nianbao_cli"
    elif shutil.which("nianbao") == str(script):
        head = "nianbao"
    else:
        head = str(script)
    return " ".join([head, *map(shlex.quote, args)])


@click.group(epilog="Each command has its own --help. The README's first block shows how to set up.")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.version_option(version(), "--version", prog_name="nianbao",
                      message=f"%(prog)s %(version)s (parser {parsers.__version__})")
def main(verbose: int) -> None:
    """nianbao: crawl, parse and archive government information-disclosure annual reports.

    Example: .venv/bin/nianbao parse reference/samples/qinhuangdao-etdz-2024.txt
    """
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print the canonical JSON record (reference/spec/CONTRACT.md §2).")
@click.option("--max-bytes", type=int, default=parsers.DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
def parse_cmd(files: tuple[Path, ...], as_json: bool, max_bytes: int) -> None:
    """Parse local report documents (any supported format, detected from content).

    Without --json, one line per file: what the document is (year, format, agency, title) and what was
    read (values; cells it could not place with certainty and the rows they sit in; checks that pass,
    fail, or could not be decided). --json adds the cells, texts and warnings.

    Example: .venv/bin/nianbao parse --json report.pdf page.html
    """
    records = []
    failed = 0
    for f in files:
        try:
            records.append(parsers.parse_file(f, max_bytes=max_bytes))
        except parsers.UnreadableDocument as exc:
            failed += 1
            click.echo(f"{f}: {exc}", err=True)
    if as_json and (records or len(files) > 1):
        out = records[0] if len(files) == 1 else records
        json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        for r in records:
            click.echo(summary_line(r))
    if failed:
        sys.exit(1)


def summary_line(r: dict) -> str:
    """A record in one line of words: every field labelled, a missing one said to be missing (never `None`)."""
    def field(label: str, value: object, missing: str) -> str:
        return f"{label} {value}" if value not in (None, "") else f"{label} {missing}"

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    uncertain = r.get("uncertain") or []
    rows = {key.rsplit(".", 1)[0] for key in uncertain}
    status = [c.get("status") for c in r.get("checks") or []]
    meta = ", ".join([field("year", r.get("year"), "not found"), field("format", r.get("format"), "not found"),
                      field("agency", r.get("agency"), "not named"), field("title", r.get("title"), "not printed")])
    cells = ", ".join([count(len(r.get("values") or {}), "value", "values"),
                       count(len(uncertain), "uncertain cell", "uncertain cells"),
                       count(len(rows), "row not placed", "rows not placed")])
    checks = f"checks {status.count('pass')} pass, {status.count('fail')} fail, {status.count('uncertain')} undecided"
    return f"{r['source']['path']}: {meta} — {cells}; {checks}"


main.add_command(archive_cli.import_cmd)
main.add_command(archive_cli.reparse_cmd)
main.add_command(archive_cli.export_cmd)
main.add_command(archive_cli.serve_cmd)
main.add_command(crawler_cli.crawl_cmd)
main.add_command(crawler_cli.demo_cmd)
main.add_command(cluster_cli.worker_cmd)
main.add_command(crawler_cli.portals_group)


if __name__ == "__main__":
    main(prog_name="nianbao")
