"""Benchmark: LibreOffice conversion seconds per document, and whole-parse seconds, for office formats.

    python bench/parse_office.py [--repeat 3]

Makes the filled official template (tests/documents/make_filled_template.py) as DOC, WPS (a DOC
renamed), ODT, RTF, XLSX, XLS and ODS in a temporary folder, then times for each document
`parsers.office.convert` (one fresh LibreOffice start with a private profile, as `parse` does) and
`parsers.parse` (conversion + DOCX/sheet reading + table mapping). Prints one row per document.
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import parsers  # noqa: E402
from parsers import office  # noqa: E402

# What each made document is converted to when `parse` reads it (None: read directly, no conversion).
TARGETS = {"doc": "docx", "wps": "docx", "odt": "docx", "rtf": "docx", "ods": "xlsx", "xls": None, "xlsx": None}


def _template():  # type: ignore[no-untyped-def]
    path = REPO / "tests" / "documents" / "make_filled_template.py"
    spec = importlib.util.spec_from_file_location("make_filled_template", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def make_documents(tmp: Path) -> tuple[dict[str, Path], float]:
    """The filled template in every office format; returns the files and the one-call batch seconds."""
    t = _template()
    (tmp / "filled.docx").write_bytes(t.fill(t.BALANCED))
    (tmp / "filled.xlsx").write_bytes(t.fill_xlsx(t.BALANCED))
    batch = 0.0
    for target, src in [("doc", "filled.docx"), ("odt", "filled.docx"), ("rtf", "filled.docx"),
                        ("xls", "filled.xlsx"), ("ods", "filled.xlsx")]:
        batch += office.convert_files([tmp / src], target, tmp)
    shutil.copy(tmp / "filled.doc", tmp / "filled.wps")
    return {ext: tmp / f"filled.{ext}" for ext in TARGETS}, batch


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="runs per document (median reported)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nianbao-bench-") as tmpdir:
        tmp = Path(tmpdir)
        docs, making = make_documents(tmp)
        print(f"LibreOffice {office.soffice_path()}; made 5 documents in {making:.2f} s (one start each)")
        print(f"{'document':<8} {'bytes':>8} {'convert s (median)':>19} {'parse s (median)':>17} {'values':>7}")
        for ext, path in docs.items():
            data = path.read_bytes()
            conv: list[float] = []
            whole: list[float] = []
            values = 0
            for _ in range(args.repeat):
                if TARGETS[ext]:
                    conv.append(office.convert(data, TARGETS[ext] or "", suffix=f".{ext}").seconds)
                started = time.monotonic()
                try:
                    record = parsers.parse(data, path=path.name)
                    values = len(record["values"])
                except parsers.UnreadableDocument as exc:
                    print(f"  {path.name}: {exc}")
                whole.append(time.monotonic() - started)
            conv_s = f"{statistics.median(conv):.2f}" if conv else "-"
            print(f"{ext:<8} {len(data):>8} {conv_s:>19} {statistics.median(whole):>17.2f} {values:>7}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
