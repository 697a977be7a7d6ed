"""Turn an `Extracted` document into the canonical record fields (placeholder, being written)."""

from __future__ import annotations

from typing import Any

from .model import Extracted


def interpret(ex: Extracted) -> dict[str, Any]:
    return {
        "title": ex.title,
        "agency": None,
        "year": None,
        "format": "unknown",
        "sections": {},
        "values": {},
        "cells": {},
        "uncertain": [],
        "checks": [],
        "warnings": list(ex.warnings),
    }
