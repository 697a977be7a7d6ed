"""Paths and loaders shared by the test modules (tests/ is not a package; pytest puts the repo root on sys.path)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "reference"  # vendored copy of ../shared (spec, samples, real pages, contract checker)
SAMPLES = SHARED / "samples"
DOCUMENTS = ROOT / "tests" / "documents"
CHECKER = SHARED / "tools" / "check_contract.py"


def load_module(name: str, path: Path) -> ModuleType:
    """Import a script by path once (the golden helpers, the contract checker in reference/tools)."""
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
