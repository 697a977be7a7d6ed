"""The `nianbao` command: a thin click layer over parsers/, archive/ and crawler/."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

import parsers
from archive import cli as archive_cli
from crawler import cli as crawler_cli


@click.group()
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
def main(verbose: int) -> None:
    """nianbao: crawl, parse and archive government information-disclosure annual reports."""
    level = logging.WARNING - 10 * verbose
    logging.basicConfig(level=max(level, logging.DEBUG), format="%(levelname)s %(name)s: %(message)s")


@main.command("parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the canonical JSON record (CONTRACT.md §2).")
@click.option("--max-bytes", type=int, default=parsers.DEFAULT_MAX_BYTES, show_default=True,
              help="Refuse files larger than this.")
def parse_cmd(files: tuple[Path, ...], as_json: bool, max_bytes: int) -> None:
    """Parse local report documents (any supported format, detected from content).

    Example: nianbao parse --json report.pdf page.html
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
            click.echo(_summary_line(r))
    if failed:
        sys.exit(1)


def _summary_line(r: dict) -> str:
    fails = sum(1 for c in r["checks"] if c["status"] == "fail")
    return (f"{r['source']['path']}: {r['year']} {r['format']} {r['agency'] or '?'} — "
            f"{len(r['values'])} values, {len(r['uncertain'])} uncertain, {fails} failing checks")


main.add_command(archive_cli.import_cmd)
main.add_command(archive_cli.reparse_cmd)
main.add_command(archive_cli.export_cmd)
main.add_command(archive_cli.serve_cmd)
main.add_command(crawler_cli.crawl_cmd)
main.add_command(crawler_cli.demo_cmd)
main.add_command(crawler_cli.portals_group)


if __name__ == "__main__":
    main()
