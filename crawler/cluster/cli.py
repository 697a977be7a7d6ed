"""`nianbao worker` (each crawler machine) and the `--redis` form of `nianbao crawl` (the archive machine)."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import click

from .frontier import connect


@click.command("worker")
@click.option("--redis", "redis_url", required=True, metavar="URL",
              help="The cluster's Redis: redis://[:PASSWORD@]HOST:PORT/DB (the writer's).")
@click.option("--once", is_flag=True, help="Take part in one run, then exit (default: serve run after run).")
@click.option("--name", default=None, help="Worker name in Redis (default: host name and pid).")
@click.option("-s", "--set", "overrides", multiple=True, metavar="NAME=VALUE",
              help="Scrapy setting for this worker (after the run's own -s settings; repeatable).")
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Write the log here.")
def worker_cmd(redis_url: str, once: bool, name: str | None, overrides: tuple[str, ...], log_file: str | None) -> None:
    """Crawl for a cluster: fetch from the shared frontier, parse, hand records to the writer.

    Waits for a run started by `nianbao crawl --redis URL` on the archive machine. With --once the worker
    exits after that run; without it, each run is crawled by a fresh worker process (Scrapy's reactor
    starts once per process), for systemd or a container to keep running.

    Example: .venv/bin/nianbao worker --redis redis://:secret@10.0.0.5:6379/0
    """
    try:
        connect(redis_url)
    except ConnectionError as exc:
        click.echo(f"nianbao worker: {exc}", err=True)
        sys.exit(1)
    if not once:
        args = [sys.executable, "-m", "nianbao_cli", "worker", "--once", "--redis", redis_url]
        args += [a for o in overrides for a in ("-s", o)] + (["--log-file", log_file] if log_file else [])
        args += ["--name", name] if name else []
        while True:
            code = subprocess.call(args)
            if code != 0:
                click.echo(f"nianbao worker: run ended with exit code {code}; starting again in 5 s", err=True)
                time.sleep(5)
    from .worker import run_worker

    for handler in list(logging.root.handlers):  # Scrapy configures logging for the crawl
        logging.root.removeHandler(handler)
    run_id = run_worker(redis_url, overrides, log_file, name)
    click.echo(f"worker: run {run_id} finished")
