"""Errors a caller can act on: the document could not be read, and whose fault that is.

Every error a parser raises for bad input is an `UnreadableDocument`; callers catch that one class.
Two subclasses tell them more:

- `LimitExceeded`: the document would expand past a limit of `parsers.limits` (a bomb, or a
  document too large to be a report). It names the limit, the value found and the maximum.
- `EnvironmentFailure`: this machine could not read the document now (LibreOffice or tesseract
  missing, a converter or the time budget overrun on a busy machine). It is not the document's fate:
  an archive must not cache it as such, and a later `nianbao reparse --unparsed` retries it.
"""

from __future__ import annotations


class UnreadableDocument(Exception):
    """The bytes are not a document we can read (empty, corrupt, encrypted, too large, …).

    The message says what is wrong in one line; callers prefix the document's name. `document`
    is that name (path or URL) when the parser knew it (`parsers.parse` fills it in).
    """

    document: str | None = None

    @property
    def retriable(self) -> bool:
        """True when trying again later (another machine, more time) may succeed."""
        return isinstance(self, EnvironmentFailure)


class LimitExceeded(UnreadableDocument):
    """The document expands past one of the limits in `parsers.limits`; it was refused, not read.

    `limit` is the limit's name (e.g. "zip.ratio", "ofd.glyphs"), `value` what the document asked
    for and `maximum` what is allowed.
    """

    def __init__(self, what: str, *, limit: str, value: float, maximum: float, document: str | None = None) -> None:
        super().__init__(f"refused: {what} ({limit} {_number(value)} over the limit of {_number(maximum)})")
        self.what = what
        self.limit = limit
        self.value = value
        self.maximum = maximum
        self.document = document


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class EnvironmentFailure(UnreadableDocument):
    """The document was not read because of this machine, not because of its bytes: retry later."""


class ConversionUnavailable(EnvironmentFailure):
    """A helper program (LibreOffice, tesseract) needed for this kind is missing."""


class ConversionTimeout(EnvironmentFailure):
    """A helper program (LibreOffice, tesseract) ran past its timeout and was killed."""


class TimeBudgetExceeded(LimitExceeded, EnvironmentFailure):
    """The parser ran past its time budget for one document (a limit, but one a busy machine may hit)."""
