"""Benchmark of the PDF and OCR builders on the sample reports.

    python bench/parse_pdf.py [--repeat 5] [--no-ocr] [PDF ...]

Prints milliseconds per PDF page for the full parse (`parsers.parse`: PDF grids + table mapper),
the same pages through pdfplumber's bare `extract_tables()` measured in the same run, their ratio
(target ≤ 1.5), and OCR seconds per page for a page rendered at 150 and 300 dpi.
"""

from __future__ import annotations

import argparse
import io
import shutil
import time
from pathlib import Path

import pdfplumber
import pypdfium2

import parsers
from parsers import ocr

SAMPLES = Path(__file__).resolve().parents[1] / "reference" / "samples"
DEFAULT = [SAMPLES / f"{n}.pdf" for n in ("hongze-2023", "hongze-2024", "huaian-2024")]


def best_of(repeat: int, fn) -> float:  # noqa: ANN001 - any callable
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_pdfplumber(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_tables()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-ocr", action="store_true")
    args = ap.parse_args(argv)
    total_ours = total_bare = 0.0
    pages = 0
    for path in args.pdfs:
        data = path.read_bytes()
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            n = len(pdf.pages)
        ours = best_of(args.repeat, lambda data=data: parsers.parse(data))
        bare = best_of(args.repeat, lambda data=data: bare_pdfplumber(data))
        pages += n
        total_ours += ours
        total_bare += bare
        print(f"{path.name:24} {n:3} pages  ours {1000 * ours / n:6.1f} ms/page  "
              f"pdfplumber extract_tables {1000 * bare / n:6.1f} ms/page  ratio {ours / bare:.2f}")
    print(f"{'all':24} {pages:3} pages  ours {1000 * total_ours / pages:6.1f} ms/page  "
          f"pdfplumber extract_tables {1000 * total_bare / pages:6.1f} ms/page  ratio {total_ours / total_bare:.2f}")
    if args.no_ocr or shutil.which("tesseract") is None:
        return
    doc = pypdfium2.PdfDocument(args.pdfs[0].read_bytes())
    for dpi in (150, 300):
        image = doc[2].render(scale=dpi / 72).to_pil()
        secs = best_of(1, lambda image=image, dpi=dpi: ocr.read_page(image, dpi))
        print(f"OCR page 3 of {args.pdfs[0].name} at {dpi} dpi: {secs:.2f} s/page")
    doc.close()


if __name__ == "__main__":
    main()
