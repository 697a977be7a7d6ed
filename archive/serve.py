"""Serve the archive with Datasette under the database name `nianbao`, with the metadata of site.py."""

from __future__ import annotations

import asyncio
import inspect
import logging
from pathlib import Path
from typing import Any

from . import datasette_plugin, site
from .store import Archive

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent  # templates/ (report, agency and chart pages) and static/ (Vega-Lite)


def build(db_path: str | Path) -> Any:
    """A Datasette instance on the archive (created and migrated first, so the schema is current)."""
    from datasette.app import Datasette
    from datasette.database import Database
    from datasette.plugins import pm

    Archive(db_path).close()  # validates the file and applies pending migrations
    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="nianbao-archive")
    conf = site.config()
    pages = {"template_dir": str(HERE / "templates"), "static_mounts": [("nianbao-static", str(HERE / "static"))]}
    if "config" in inspect.signature(Datasette.__init__).parameters:  # Datasette 1.0: metadata and config apart
        ds = Datasette(metadata=site.metadata(), config=conf, settings=conf["settings"], **pages)
    else:
        ds = Datasette(metadata=site.merged(), settings=conf["settings"], **pages)
    # mutable (not immutable): the crawler and `nianbao import` keep writing while Datasette reads (WAL)
    ds.add_database(Database(ds, path=str(db_path), is_mutable=True), name=site.DATABASE)
    return ds


def serve(db_path: str | Path, host: str = "127.0.0.1", port: int = 8001) -> None:
    import uvicorn

    ds = build(db_path)
    asyncio.run(ds.invoke_startup())
    log.info("serving %s at http://%s:%s/%s", db_path, host, port, site.DATABASE)
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
