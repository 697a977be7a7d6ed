"""The state of one run's listing walks: which columns were opened, of which body, how many pages each
read, what settled it, and what was seen on it.

The spider's callbacks used to keep this in counters spread over the spider (requests in flight per
column, ended walks, report links per portal); one object with its own tests keeps the rules in one
place:

- a column is *open* from its first page until its pager ended (or the walk stopped: known reports,
  page bound, request cap) **and** its last request (pages, reports, attachments) came back; only then
  is it *finished* and `on_finish` tells the persistent walk state, so a crawl killed half-way walks the
  column to its end next time;
- every report link seen on a listing is counted, known or new: a portal whose listing was read and
  showed only known reports is not silent;
- bodies (departments, townships) reached from a portal's directory of bodies are remembered with the
  column they led to, for the run's log and summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

# Why a column's walk ended: the pager had no next page, every report on a page was known already,
# the per-column page bound or the per-portal request bound was reached. A page that failed settles
# nothing: the column stays unfinished and the next run walks it to its end.
SETTLED_REASONS = ("last page", "known reports", "page bound", "request cap")


@dataclass
class Column:
    """One 年报 column (or sub-column) walked in this run."""

    url: str
    portal: str
    body: str = ""  # the department or township whose column it is, when reached from a directory
    pages: int = 0  # listing pages read
    items: int = 0  # report candidates listed, known or new
    known: int = 0  # of which already in the archive
    in_flight: int = 0  # requests of this column not yet answered
    settled: str = ""  # one of SETTLED_REASONS once the pager stopped

    @property
    def finished(self) -> bool:
        return bool(self.settled) and self.in_flight <= 0


@dataclass
class Walk:
    """Every column of the run, keyed by its first page's URL."""

    on_finish: Callable[[str], None] = lambda column: None
    columns: dict[str, Column] = field(default_factory=dict)
    bodies: dict[str, dict[str, str]] = field(default_factory=dict)  # portal -> body URL -> body name
    listed: Counter[str] = field(default_factory=Counter)  # report links per portal (known or new)
    known_listed: dict[str, set[str]] = field(default_factory=dict)  # portal -> known report URLs seen

    def open(self, column: str, portal: str, body: str = "") -> Column:
        """The column, from its first request on (opening it again, e.g. linked twice, keeps its state)."""
        col = self.columns.get(column)
        if col is None:
            col = self.columns[column] = Column(column, portal, body)
        elif body and not col.body:
            col.body = body
        return col

    def page(self, column: str, portal: str, items: list[str], known: set[str]) -> None:
        """A listing page of the column was read: its report links, and which of them are known."""
        col = self.columns.get(column) or self.open(column, portal)
        col.pages += 1
        col.items += len(items)
        col.known += sum(1 for u in items if u in known)
        self.listed[portal] += len(items)
        self.known_listed.setdefault(portal, set()).update(u for u in items if u in known)

    def seen(self, portal: str, count: int = 1) -> None:
        """Report links seen outside a column walk (a portal whose entry point is one e-book)."""
        self.listed[portal] += count

    def sent(self, column: str | None, portal: str) -> None:
        """A request on behalf of the column left (its first page, a next page, a report, an attachment)."""
        if column:
            self.open(column, portal).in_flight += 1

    def answered(self, column: str | None) -> None:
        """A request of the column came back (or failed): the column may be finished now."""
        if column and column in self.columns:
            self.columns[column].in_flight -= 1
            self._maybe_finish(self.columns[column])

    def settle(self, column: str, reason: str) -> None:
        """The column's pager stopped for `reason`; it finishes when its last request is answered."""
        if reason not in SETTLED_REASONS:
            raise ValueError(f"unknown reason {reason!r}; known: {', '.join(SETTLED_REASONS)}")
        col = self.columns.get(column)
        if col is None or col.settled:
            return
        col.settled = reason
        self._maybe_finish(col)

    def body(self, portal: str, url: str, name: str) -> bool:
        """A body found in the portal's directory; False when it was found before (another list)."""
        known = self.bodies.setdefault(portal, {})
        if url in known:
            return False
        known[url] = name
        return True

    def _maybe_finish(self, col: Column) -> None:
        if col.finished:
            self.on_finish(col.url)

    # --- what the run saw ----------------------------------------------------------------------------

    def unfinished(self) -> list[str]:
        return sorted(c.url for c in self.columns.values() if not c.finished)

    def portal_columns(self, portal: str) -> list[Column]:
        return [c for c in self.columns.values() if c.portal == portal]

    def known_seen(self) -> int:
        """Known report links seen on listings this run, over all portals."""
        return sum(len(v) for v in self.known_listed.values())
