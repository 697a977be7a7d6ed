"""One adapter per CMS family, chosen by fingerprint (or by a portal's `platform` override).

The strongest fingerprint wins (a family's own scripts, then its URL shapes, then the most links of its
shape); on a tie the earlier adapter, so specific families come first and the general pager last.
"""

from __future__ import annotations

from scrapy.http import TextResponse

from .base import Adapter, Entry
from .fujian import FujianAdapter
from .generic import GenericAdapter
from .guangdong import GuangdongAdapter
from .hanweb import HanwebAdapter
from .legacy import LegacyAdapter
from .shaanxi import ShaanxiAdapter
from .trs import TrsAdapter
from .ucap import UcapAdapter
from .vsb import VsbAdapter

ADAPTERS: tuple[Adapter, ...] = (
    FujianAdapter(),  # before TRS: its pages are TRS-published too, but list through the platform API
    HanwebAdapter(),
    TrsAdapter(),
    UcapAdapter(),
    GuangdongAdapter(),
    ShaanxiAdapter(),
    VsbAdapter(),
    LegacyAdapter(),
    GenericAdapter(),
)
BY_NAME: dict[str, Adapter] = {a.name: a for a in ADAPTERS}

__all__ = ["ADAPTERS", "BY_NAME", "Adapter", "Entry", "choose"]


class UnknownPlatform(ValueError):
    """A portal override names a platform that has no adapter."""


def choose(response: TextResponse, override: str = "") -> Adapter:
    """The adapter for this listing page: the family that asked for it (a proxy or API answer has no
    fingerprint of its own), else the portal's override, else the first fingerprint that matches."""
    pinned = response.meta.get("nianbao_adapter") if response.request is not None else None
    if pinned in BY_NAME:
        return BY_NAME[pinned]
    if override:
        try:
            return BY_NAME[override]
        except KeyError:
            raise UnknownPlatform(f"unknown platform {override!r}; known: {', '.join(BY_NAME)}") from None
    best, strength = BY_NAME["generic"], (0, 0)
    for adapter in ADAPTERS:  # the strongest fingerprint; on a tie, the earlier (more specific) family
        found = adapter.fingerprint(response)
        if found > strength:
            best, strength = adapter, found
    return best
