"""Which grid builder reads which document kind.

A new format is a new builder registered here, never a new table mapper: every builder returns an
`Extracted` (paragraphs and cell grids) that `parsers.interpret` maps onto canonical keys.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from .model import Extracted


@dataclass(frozen=True, slots=True)
class Context:
    """What a builder may know besides the bytes."""

    path: str | None = None
    url: str | None = None
    media_type: str | None = None
    depth: int = 0  # nesting level for containers (ZIP inside ZIP)


Builder = Callable[[bytes, Context], Extracted]

# kind -> "module:function"; imported lazily so a missing optional library only affects its kind.
BUILDERS: dict[str, str] = {
    "html": "parsers.html:extract",
    "text": "parsers.text:extract",
    "docx": "parsers.docx:extract",
    "pdf": "parsers.pdf:extract",
    "ofd": "parsers.ofd:extract",
    "png": "parsers.ocr:extract",
    "jpeg": "parsers.ocr:extract",
    "ole": "parsers.office:extract_ole",
    "odt": "parsers.office:extract_odt",
    "rtf": "parsers.office:extract_rtf",
    "xlsx": "parsers.sheet:extract_xlsx",
    "ods": "parsers.sheet:extract_ods",
    "zip": "parsers.container:extract",
}


def builder_for(kind: str) -> Builder | None:
    spec = BUILDERS.get(kind)
    if spec is None:
        return None
    module, func = spec.split(":")
    builder: Builder = getattr(importlib.import_module(module), func)
    return builder
