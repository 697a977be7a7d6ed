"""The portal list: one row per portal entry point, with per-portal overrides as data.

`data/portals.csv` columns (header required, extra columns ignored):

    name         display name ("" until the crawler reads it from the portal's pages)
    entry_url    a home page, its 政府信息公开 page or a 年报 column
    level        省/市/县/乡, a level of archive/agencies.py (县级政府, 地级部门 …) or "" (unknown)
    region       region name or ""
    region_code  region code of archive/data/regions.csv ("" unknown): `nianbao crawl --region` selects by it
    platform     CMS family override (an adapter name of crawler.adapters; "" = detect by fingerprint)
    encoding     page encoding override, e.g. gb18030, for portals that declare one charset and send another
    tls_ciphers  OpenSSL cipher string for weak-DH servers, e.g. DEFAULT:!DH
    hosts        more hosts the portal's documents live on, space separated (attachment servers)

Rebuild it from the seed list with `python -m crawler.portals reference/spec/portals-seed.csv data/portals.csv`.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from urllib.parse import urlsplit

from . import ebook

FIELDS = ("name", "entry_url", "level", "region", "region_code", "platform", "encoding", "tls_ciphers", "hosts")

# cms_guess of the seed list -> adapter name
SEED_PLATFORMS = {"TRS": "trs", "Hanweb": "hanweb", "ucap": "ucap", "Guangdong": "guangdong",
                  "Shaanxi": "shaanxi", "VSB": "vsb"}


class PortalListError(ValueError):
    """The portal list cannot be read (missing file, missing column, bad URL)."""


@dataclass(frozen=True, slots=True)
class Portal:
    entry_url: str
    name: str = ""
    level: str = ""
    region: str = ""
    region_code: str = ""
    platform: str = ""
    encoding: str = ""
    tls_ciphers: str = ""
    hosts: str = ""

    @property
    def host(self) -> str:
        return (urlsplit(self.entry_url).hostname or "").lower()

    def allowed_hosts(self) -> set[str]:
        """The portal's own hosts: the entry host, its www/bare twin and the declared attachment hosts."""
        own = {self.host}
        own.add(self.host[4:] if self.host.startswith("www.") else "www." + self.host)
        own.update(h.lower() for h in self.hosts.split())
        return own


def portal_for_url(url: str) -> Portal:
    """A portal given on the command line: no overrides."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise PortalListError(f"not an http(s) URL: {url}")
    return Portal(entry_url=url)


def load(path: str | Path) -> list[Portal]:
    """Read the portal list; a clear PortalListError instead of a traceback on a bad file."""
    p = Path(path)
    try:
        with p.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "entry_url" not in reader.fieldnames:
                raise PortalListError(f"{p}: no entry_url column in the header")
            known = {f.name for f in fields(Portal)}
            portals = []
            for lineno, row in enumerate(reader, start=2):
                values = {k: (row.get(k) or "").strip() for k in known}
                if not values["entry_url"] or values["entry_url"].startswith("#"):
                    continue
                if urlsplit(values["entry_url"]).scheme not in ("http", "https"):
                    raise PortalListError(f"{p}:{lineno}: not an http(s) URL: {values['entry_url']}")
                portals.append(Portal(**values))
            return portals
    except OSError as exc:
        raise PortalListError(f"cannot read portal list {p}: {exc.strerror}") from exc


def write(portals: Iterable[Portal], path: str | Path) -> None:
    with Path(path).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=FIELDS)
        writer.writeheader()
        for portal in portals:
            writer.writerow({k: v for k, v in asdict(portal).items() if k in FIELDS})


def _entry_of_example(url: str) -> str | None:
    """A seed example that is itself an entry point: a listing page, or a page of an e-book (its page 1)."""
    if _looks_like_column(url):
        return url
    base = ebook.base_of(url)
    return ebook.page_url(base, 1) if base else None


def _looks_like_column(url: str) -> bool:
    path = urlsplit(url).path.lower()
    return path.endswith("/") or path.endswith(("index.html", "index.htm", "index.shtml", "list.shtml")) or "/col/col" in path


def from_seed(seed: str | Path) -> list[Portal]:
    """One portal row per distinct entry point of the seed list (columns: host, root, nianbao_column,
    example_url, cms_guess). A row without a known column starts from the example when that is a
    listing page (or page 1 of the e-book the example is a page of), else from the portal root, where
    discovery finds the 年报 column."""
    seen: dict[str, Portal] = {}
    with Path(seed).open(newline="", encoding="utf-8-sig") as fh:
        for row in csv.DictReader(fh):
            entry = row["nianbao_column"] or _entry_of_example(row["example_url"]) or row["root"]
            if entry in seen:
                continue
            seen[entry] = Portal(entry_url=entry, name=row["host"], platform=SEED_PLATFORMS.get(row["cms_guess"], ""))
    return list(seen.values())


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m crawler.portals SEED.csv OUT.csv", file=sys.stderr)
        return 2
    portals = from_seed(argv[0])
    write(portals, argv[1])
    print(f"wrote {len(portals)} portals to {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
