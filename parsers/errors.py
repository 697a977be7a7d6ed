"""Errors a caller can act on: the document could not be read at all."""


class UnreadableDocument(Exception):
    """The bytes are not a document we can read (empty, corrupt, encrypted, too large, …).

    The message says what is wrong in one line; callers prefix the document's name.
    """


class ConversionUnavailable(UnreadableDocument):
    """A helper program (LibreOffice, tesseract) needed for this kind is missing."""
