"""`nianbao crawl` and `nianbao demo`: option parsing only; the work is in crawler.run."""

from __future__ import annotations

import csv
import logging
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import click

from .lock import CrawlLocked
from .portals import FIELDS, Portal, PortalListError, load, write
from .run import EXIT_CANNOT_RUN, EXIT_LOCKED, SUMMARY_TERMS, CrawlFailed, crawl, proxy_environment

SAMPLE_PORTALS = Path(__file__).resolve().parent.parent / "tests" / "portals"


def _run(urls: tuple[str, ...], redis_url: str | None = None, **kwargs: object) -> None:
    # Scrapy configures logging for the crawl (console or --log-file); drop the CLI's default handler
    # so that lines are not printed twice.
    for handler in list(logging.root.handlers):
        logging.root.removeHandler(handler)
    try:
        if redis_url:
            from .cluster.writer import crawl_cluster

            summary = crawl_cluster(urls, redis_url=redis_url, **kwargs)  # type: ignore[arg-type]
        else:
            summary = crawl(urls, **kwargs)  # type: ignore[arg-type]
    except CrawlLocked as exc:
        click.echo(f"nianbao crawl: {exc}", err=True)
        sys.exit(EXIT_LOCKED)
    except (CrawlFailed, PortalListError) as exc:
        click.echo(f"nianbao crawl: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    for line in summary.lines():
        click.echo(line)


@click.command("crawl", epilog=SUMMARY_TERMS)
@click.argument("urls", nargs=-1)
@click.option("--portals", "portals_file", type=click.Path(dir_okay=False), default=None,
              help="Portal list CSV (default data/portals.csv); used when no URL is given.")
@click.option("--db", type=click.Path(dir_okay=False), default="data/nianbao.db", show_default=True,
              help="Archive database.")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Scrapy setting, as with `scrapy crawl -s` (repeatable).")
@click.option("--full", is_flag=True,
              help="Walk every listing page and revalidate every known document (the weekly run).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the log here.")
@click.option("--progress/--no-progress", default=None, help="Progress line (default: when on a terminal).")
@click.option("--redis", "redis_url", default=None, metavar="URL",
              help="Crawl with `nianbao worker`s sharing this Redis (redis://[:PASSWORD@]HOST:PORT/DB); "
                   "this process seeds the frontier and is the archive's single writer.")
@click.option("--region", "region", default=None, metavar="CODE",
              help="Crawl only the listed portals of this region (a region code: 32 or 320000 a province, 3208 a "
                   "city, 320813 a county; the portal list's region_code column, as `nianbao portals discover` writes it).")
def crawl_cmd(urls: tuple[str, ...], portals_file: str | None, db: str, overrides: tuple[str, ...], full: bool,
              log_file: str | None, progress: bool | None, redis_url: str | None, region: str | None) -> None:
    """Crawl portals for annual reports and add what is new to the archive.

    URLS are portal entry points (a home page, its 政府信息公开 page or a 年报 column); without them the
    portal list is crawled. Exit 0 when the run finished (page failures are recorded in the archive),
    1 when it could not run, 75 when another crawl holds the lock of this archive.

    \b
    Example: .venv/bin/nianbao crawl --db data/nianbao.db -s DOWNLOAD_DELAY=2 https://www.pingtan.gov.cn/zwgk/zfxxgk/zfxxgknb/
    """
    if region and not urls:
        try:
            chosen = region_portals(load(portals_file or "data/portals.csv"), region)
        except PortalListError as exc:
            click.echo(f"nianbao crawl: {exc}", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        if not chosen:
            click.echo(f"nianbao crawl: no portal of region {region} in {portals_file or 'data/portals.csv'} "
                       "(its region_code column; `nianbao portals discover` fills it)", err=True)
            sys.exit(EXIT_CANNOT_RUN)
        with tempfile.TemporaryDirectory() as tmp:
            selected = Path(tmp) / "portals.csv"
            write(chosen, selected)
            _run(urls, redis_url, db=db, portals_file=str(selected), overrides=overrides, full=full,
                 log_file=log_file, progress=progress)
        return
    _run(urls, redis_url, db=db, portals_file=portals_file, overrides=overrides, full=full, log_file=log_file,
         progress=progress)


def region_portals(portals: list[Portal], code: str) -> list[Portal]:
    """The portals whose region code lies in region `code` (trailing zeros of a province or city dropped)."""
    prefix = code.strip()[:6]
    prefix = prefix.rstrip("0") if len(prefix) == 6 else prefix
    prefix += "0" * (len(prefix) % 2)
    return [p for p in portals if p.region_code and p.region_code.startswith(prefix)]


@click.group("portals")
def portals_group() -> None:
    """The portal list: find the government portals under a portal.

    \b
    Example: .venv/bin/nianbao portals discover http://www.huaian.gov.cn/ --out huaian-portals.csv
    """


@portals_group.command("discover")
@click.argument("urls", nargs=-1, required=True)
@click.option("--out", type=click.Path(dir_okay=False), default="data/portals-discovered.csv", show_default=True,
              help="Portal list CSV to write, for review (then: nianbao crawl --portals FILE --region CODE).")
@click.option("--region", default="", metavar="CODE",
              help="Keep portals of this region (default: the region of each given portal, from its name).")
def discover_cmd(urls: tuple[str, ...], out: str, region: str) -> None:
    """Find the government portals a province, city or county portal links to (县区政府 / 部门网站 / 政府网站
    lists, drop-downs, site maps), name their body, level and region code, and write them as a portal list.

    \b
    Example: .venv/bin/nianbao portals discover http://www.huaian.gov.cn/ --out huaian-portals.csv
    """
    from .discover import DiscoveryError, discover

    found = []
    for item in discover(urls, region=region):
        if isinstance(item, DiscoveryError):
            click.echo(f"nianbao portals discover: cannot read {item}", err=True)
            continue
        found.append(item)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    with Path(out).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=[*FIELDS, "found_on"], extrasaction="ignore")
        writer.writeheader()
        for f in found:
            writer.writerow({**asdict(f)})
    from nianbao_cli import command

    click.echo(f"{len(found)} portals written to {out}; review it, then: "
               + command("crawl", "--portals", out, "--region", "CODE"))


@click.command("demo")
@click.option("--db", type=click.Path(dir_okay=False), default="data/demo.db", show_default=True,
              help="The demo's own archive, apart from data/nianbao.db (its agencies are fictional).")
def demo_cmd(db: str) -> None:
    """Crawl the bundled sample portals into a demo archive and show how to browse it.

    Starts the sample portal server of tests/portals on 127.0.0.1 (it poses as every sample portal, as
    an HTTP proxy), crawls it without delays into its own archive (data/demo.db: the sample agencies are
    fictional), prints the summary, the failures the sample portals stage on purpose, and
    the command that serves the demo archive.

    Example: make demo
    """
    if not (SAMPLE_PORTALS / "server.py").exists():
        raise click.ClickException("the demo needs a source checkout (tests/portals is missing)")
    sys.path.insert(0, str(SAMPLE_PORTALS))
    from server import SamplePortals
    from sites import WAF_HOSTS

    from nianbao_cli import command

    with SamplePortals() as server, tempfile.TemporaryDirectory() as tmp:
        click.echo(f"sample portals serving on {server.proxy}")
        proxy_environment(server.proxy)
        portals = server.write_portals(Path(tmp) / "sample-portals.csv")
        _run((), db=db, portals_file=str(portals), full=False, log_file=None, progress=None,
             overrides=("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "NIANBAO_BACKOFF_BASE=0",
                        "CONCURRENT_REQUESTS_PER_DOMAIN=4", "LOG_LEVEL=WARNING"))
    click.echo("staged by the sample portals on purpose (the crawler meets them on real portals):")
    click.echo("  blocked on purpose: " + ", ".join(sorted(WAF_HOSTS)) + " answers every page with a 521 "
               "JS-cookie challenge (a WAF); nianbao records it as blocked and never tries to defeat it")
    click.echo("  one report page fails once with HTTP 500 and is fetched again; a robots.txt trap and a spam "
               "mirror are left alone")
    apart = " (kept apart from your archive data/nianbao.db)" if Path(db) != Path("data/nianbao.db") else ""
    click.echo(f"the demo archive is {db}{apart}; browse it at http://127.0.0.1:8001/nianbao/reports after running:")
    click.echo(command("serve", "--db", db))
