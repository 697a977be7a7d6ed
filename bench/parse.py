"""Parse speed over the golden documents: median milliseconds per document, per detected media type.

    .venv/bin/python bench/parse.py [--repeat N] [--check] [-k SUBSTRING] [--quick]

Each document is parsed N times (default 5) after one warm-up parse and its median time is kept;
the table shows, for full reports (150 or more table cells read) and for excerpts apart, per media
type (from the record's source.media_type, i.e. what the parser detected), how many documents, the
median and the slowest of those per-document medians. Target: full HTML and DOCX reports under 30 ms
median per report; `--check` exits 1 when a target is missed.
Then (unless --quick or -k) the PDF figures of bench/parse_pdf.py (ms per page, ratio to
pdfplumber's bare extract_tables(), OCR seconds per page) and the LibreOffice conversion seconds
per document of bench/parse_office.py.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
FULL_REPORT_CELLS = 150  # a full 2021 report has 200 cells (2019: 205); fewer is an excerpt or a piece
TARGET_MS = {"text/html": 30.0, "application/vnd.openxmlformats-officedocument.wordprocessingml.document": 30.0}


def _lxml_html(data: bytes) -> object:
    import lxml.html

    return lxml.html.fromstring(data)


def _lxml_docx(data: bytes) -> object:
    import io
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
BASELINES = {"text/html": _lxml_html, DOCX: _lxml_docx}


MISSING = object()


def _golden() -> ModuleType:
    """tests/documents/golden.py, loaded by path (tests/ is not a package)."""
    spec = importlib.util.spec_from_file_location("nianbao_golden", ROOT / "tests" / "documents" / "golden.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["nianbao_golden"] = module
    spec.loader.exec_module(module)
    return module


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5, help="timed parses per document (default 5)")
    ap.add_argument("--check", action="store_true", help="exit 1 when a media type misses its target")
    ap.add_argument("-k", dest="only", default="", help="only cases whose name contains this")
    ap.add_argument("--quick", action="store_true", help="golden documents only: no PDF, OCR or LibreOffice runs")
    args = ap.parse_args(argv)

    import parsers
    from parsers.registry import builder_for
    from parsers.sniff import MEDIA_TYPES

    short = {media_type: kind for kind, media_type in MEDIA_TYPES.items()}
    golden = _golden()
    tally = {"right": 0, "wrong": 0, "not read": 0}  # expected values of the golden files
    per_type: dict[tuple[str, str], list[tuple[float, str, float | None]]] = defaultdict(list)
    for case in golden.cases():
        if args.only not in case.name:
            continue
        data = case.data()
        kind = parsers.sniff(data)
        if builder_for(kind) is None:
            print(f"{case.name}: skipped, no builder for {kind}", file=sys.stderr)
            continue
        try:
            record = parsers.parse(data, path=case.path, url=case.url)  # warm-up; also tells the type
        except parsers.UnreadableDocument as exc:
            print(f"{case.name}: unreadable: {exc}", file=sys.stderr)
            continue
        for key, want in (case.expected.get("values") or {}).items():
            got = record["values"].get(key, MISSING)
            tally["right" if got is not MISSING and golden._num_equal(got, want) else
                  "wrong" if got is not MISSING else "not read"] += 1
        times, bases = [], []
        media_type = record["source"]["media_type"]
        for _ in range(max(1, args.repeat)):
            start = time.perf_counter()
            parsers.parse(data, path=case.path, url=case.url)
            times.append((time.perf_counter() - start) * 1000)
            if media_type in BASELINES:
                start = time.perf_counter()
                BASELINES[media_type](data)
                bases.append((time.perf_counter() - start) * 1000)
        cells = len(record["values"]) + len(record["uncertain"])
        kind_of = "full" if cells >= FULL_REPORT_CELLS else "excerpt"
        ratio = statistics.median(times) / statistics.median(bases) if bases else None
        per_type[(kind_of, media_type)].append((statistics.median(times), case.name, ratio))

    missed = False
    print(f"golden values: {sum(tally.values())} expected, {tally['right']} right, {tally['wrong']} wrong, "
          f"{tally['not read']} not read (uncertain or missing)")
    print(f"full reports: >= {FULL_REPORT_CELLS} table cells read; excerpts: fewer (pieces, non-reports, missing tables)")
    print("x lxml: median ratio to reading the same bytes with lxml alone (HTML: lxml.html.fromstring; DOCX: "
          "unzip + parse word/document.xml), measured in the same run: stable on a busy machine")
    print(f"{'set':<8} {'type':<6} {'docs':>4} {'median ms':>10} {'max ms':>8} {'x lxml':>7} {'target':>7}  slowest")
    for (kind_of, media_type), rows in sorted(per_type.items()):
        medians = [ms for ms, _, _ in rows]
        slow_ms, slow_name, _ = max(rows)
        ratios = [r for _, _, r in rows if r is not None]
        shown = f"{statistics.median(ratios):>7.1f}" if ratios else " " * 7
        median = statistics.median(medians)
        target = TARGET_MS.get(media_type) if kind_of == "full" else None
        ok = target is None or median < target
        missed |= not ok
        mark = "" if target is None else f"{target:>5.0f}{'' if ok else ' !'}"
        print(f"{kind_of:<8} {short.get(media_type, media_type):<6} {len(rows):>4} {median:>10.1f} {slow_ms:>8.1f} "
              f"{shown} {mark:>7}  {slow_name}")
    if not (args.quick or args.only):
        import parse_office  # siblings in bench/, on sys.path when run as a script
        import parse_pdf

        print("\nPDF and OCR")
        parse_pdf.main([])
        print("\nLibreOffice conversions")
        parse_office.main([])
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
