"""What the spider hands the pipeline: a fetched document, or the outcome of a fetch without one."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class DocumentItem:
    """Bytes of a page or attachment that may be a report (the archive parses and decides)."""

    url: str
    body: bytes
    portal: str
    status: int = 200
    media_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    published_at: str | None = None
    fetched_at: str | None = None
    hints: dict = field(default_factory=dict)


@dataclass(slots=True)
class FetchItem:
    """A fetch with no document to ingest: a listing or e-book page, a 304, a block, an HTTP error, a timeout."""

    url: str
    portal: str
    outcome: str  # ok | not_modified | not_found | blocked | error
    status: int | None = None
    error: str | None = None
    sha256: str | None = None
    fetched_at: str | None = None
    adapter: str | None = None  # the CMS-family adapter that read a listing page


@dataclass(slots=True)
class PortalItem:
    """What the crawler learnt about a portal from its pages (name from the site's own metadata)."""

    entry_url: str
    name: str | None = None
    platform: str | None = None
