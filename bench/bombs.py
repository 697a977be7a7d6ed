"""Decompression and expansion bombs against the parsers: each must be refused in seconds under 1 GiB.

    python bench/bombs.py            # every bomb at full size (the sizes of issue 9)
    python bench/bombs.py --small    # the same bombs, small (what tests/parsers/test_limits.py uses)

Every bomb is generated here, written to a temporary file and parsed by `parsers.parse` in a fresh
child process, which reports its outcome, the seconds the parse took and its peak RSS. A baseline
child parses an ordinary DOCX report in the same run, so the figures read as ratios against it. A
child runs under a 4 GiB address-space guard, so a bomb that is NOT refused ends in MemoryError
instead of taking the machine down.

The builders are importable (tests generate small bombs with them).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUARD_BYTES = 4 * 1024**3
CHILD_TIMEOUT = 300.0
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
OFD_NS = "http://www.ofdspec.org/2016"

CONTENT_TYPES_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS_DOCX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"'
    ' Target="word/document.xml"/></Relationships>'
)


def _stream_member(zf: zipfile.ZipFile, name: str, chunks: Iterator[bytes]) -> None:
    """Write one deflated member from chunks, never holding it whole (zip64 when large)."""
    info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as fh:
        for chunk in chunks:
            fh.write(chunk)


def _repeat(head: bytes, unit: bytes, tail: bytes, total: int) -> Iterator[bytes]:
    """head + unit repeated until about `total` bytes + tail, in 1 MB chunks."""
    yield head
    block = unit * max(1, (1 << 20) // len(unit))
    left = total
    while left > 0:
        yield block
        left -= len(block)
    yield tail


def docx_bomb(inflated: int) -> bytes:
    """A DOCX whose word/document.xml inflates to about `inflated` bytes of one paragraph repeated."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES_DOCX)
        zf.writestr("_rels/.rels", RELS_DOCX)
        head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
        unit = "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>".encode()
        _stream_member(zf, "word/document.xml", _repeat(head, unit, b"</w:body></w:document>", inflated))
    return buf.getvalue()


def xlsx_rows(rows: int) -> bytes:
    """An XLSX of one sheet with `rows` rows of two numbers each (rows without r= attributes, as some
    writers emit them: the densest honest encoding)."""
    buf = io.BytesIO()
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName='
            '"/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.'
            'main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
            'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        zf.writestr("xl/workbook.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{main}" xmlns:r="{rel}"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'))
        zf.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
            'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'))

        def body() -> Iterator[bytes]:
            yield f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{main}"><sheetData>'.encode()
            for start in range(1, rows + 1, 10_000):
                yield "".join(f"<row><c><v>{r}</v></c><c><v>{r % 97}</v></c></row>"
                              for r in range(start, min(rows, start + 9_999) + 1)).encode()
            yield b"</sheetData></worksheet>"

        _stream_member(zf, "xl/worksheets/sheet1.xml", body())
    return buf.getvalue()


def ofd_package(content: str) -> bytes:
    """A one-page OFD whose page content is `content` (the layer body)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("OFD.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{OFD_NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>bomb</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"))
        zf.writestr("Doc_0/Document.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Document xmlns:ofd="{OFD_NS}"><ofd:CommonData>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData>"
            '<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>'))
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", (
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:Page xmlns:ofd="{OFD_NS}"><ofd:Content>'
            f'<ofd:Layer ID="2">{content}</ofd:Layer></ofd:Content></ofd:Page>'))
    return buf.getvalue()


def ofd_deltax(count: int) -> bytes:
    """A 1 KB OFD whose one TextCode says its glyph advance repeats `count` times ("g N 1")."""
    return ofd_package(
        '<ofd:TextObject ID="3" Boundary="20 20 170 10" Font="1" Size="4">'
        f'<ofd:TextCode X="0" Y="4" DeltaX="g {count} 1">二〇二四年政府信息公开工作年度报告</ofd:TextCode>'
        "</ofd:TextObject>")


def zip_bomb(inflated: int) -> bytes:
    """A ZIP attachment holding one "report" of zeros that inflates to about `inflated` bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        _stream_member(zf, "年报.txt", _repeat(b"", b"\0" * 4096, b"", inflated))
    return buf.getvalue()


def pdf_bomb(inflated: int) -> bytes:
    """A one-page PDF whose content stream inflates to about `inflated` bytes of spaces."""
    comp = zlib.compressobj(9)
    stream = b"".join(comp.compress(chunk) for chunk in _repeat(b"", b" " * 4096, b"", inflated)) + comp.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % n + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zip_of_entries(entries: int) -> bytes:
    """A ZIP of `entries` empty members: its central directory alone is the bomb (written by hand: fast)."""
    local, central = io.BytesIO(), io.BytesIO()
    crc = zlib.crc32(b"")
    for i in range(entries):
        name = f"f{i:07d}.txt".encode()
        offset = local.tell()
        local.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 0, 0, 0, crc, 0, 0, len(name), 0) + name)
        central.write(struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 0, 0, 0, crc, 0, 0, len(name),
                                  0, 0, 0, 0, 0, offset) + name)
    cd = central.getvalue()
    n = min(entries, 0xFFFF)
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, n, n, len(cd), local.tell(), 0)
    return local.getvalue() + cd + end


def html_colspan(span: int) -> bytes:
    """An HTML report page with one table cell claiming `span` columns."""
    return (f'<html><head><meta charset="utf-8"><title>2024年政府信息公开工作年度报告</title></head><body>'
            f'<table><tr><td colspan="{span}">本机关</td><td>1</td></tr><tr><td>收到申请</td><td>2</td></tr>'
            "</table></body></html>").encode()


def baseline_docx() -> bytes:
    """An ordinary small DOCX report (the figures of the bombs read against its parse)."""
    import docx

    document = docx.Document()
    document.add_paragraph("某某区人民政府2024年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    table = document.add_table(rows=3, cols=3)
    for r in range(3):
        for c in range(3):
            table.cell(r, c).text = str(r * 3 + c)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def limits_rows() -> int:
    sys.path.insert(0, str(ROOT))
    from parsers import limits

    return limits.SHEET_ROWS


# name -> (builder at full size, builder small, what it is)
BOMBS: dict[str, tuple[Callable[[], bytes], Callable[[], bytes], str]] = {
    "baseline-docx": (baseline_docx, baseline_docx, "an ordinary DOCX report (baseline)"),
    "docx-bomb": (lambda: docx_bomb(1536 * 1024**2), lambda: docx_bomb(48 * 1024**2),
                  "DOCX whose document.xml inflates to 1.5 GB"),
    "xlsx-1m-rows": (lambda: xlsx_rows(1_000_000), lambda: xlsx_rows(20_000),
                     "XLSX of 1,000,000 rows (its sheet XML past the part limit)"),
    "xlsx-800k-rows": (lambda: xlsx_rows(800_000), lambda: xlsx_rows(limits_rows() + 1000),
                       "XLSX of 800,000 rows, its sheet under the part limit (read by streaming)"),
    "ofd-deltax": (lambda: ofd_deltax(300_000_000), lambda: ofd_deltax(300_000_000),
                   'OFD with DeltaX="g 300000000 1"'),
    "pdf-bomb": (lambda: pdf_bomb(1536 * 1024**2), lambda: pdf_bomb(160 * 1024**2),
                 "PDF whose page content stream inflates to 1.5 GB"),
    "zip-bomb": (lambda: zip_bomb(1536 * 1024**2), lambda: zip_bomb(48 * 1024**2),
                 "ZIP attachment whose member inflates to 1.5 GB"),
    "zip-entries": (lambda: zip_of_entries(200_000), lambda: zip_of_entries(20_000),
                    "ZIP of 200,000 empty members (a central-directory bomb)"),
    "html-colspan": (lambda: html_colspan(1_000_000_000), lambda: html_colspan(1_000_000_000),
                     'HTML table cell with colspan="1000000000"'),
}


def child(path: str) -> None:
    """Parse one file and print what happened as JSON (run in a fresh process)."""
    resource.setrlimit(resource.RLIMIT_AS, (GUARD_BYTES, GUARD_BYTES))
    sys.path.insert(0, str(ROOT))
    import parsers

    data = Path(path).read_bytes()
    started = time.perf_counter()
    try:
        record = parsers.parse(data, path=Path(path).name)
        outcome = {"outcome": "read", "detail": "; ".join(record.get("warnings", []))[:200]}
    except parsers.UnreadableDocument as exc:
        kind = type(exc).__name__
        outcome = {"outcome": f"refused ({kind}: {getattr(exc, 'limit', '')})" if isinstance(
            exc, parsers.LimitExceeded) else f"unreadable ({kind})", "detail": str(exc)[:200]}
    except MemoryError:
        outcome = {"outcome": "MemoryError (not refused: guard hit)", "detail": ""}
    seconds = time.perf_counter() - started
    print(json.dumps({**outcome, "seconds": round(seconds, 2), "peak_mib": round(_peak_rss_mib(), 1)}))


def _peak_rss_mib() -> float:
    """This process's peak resident memory (VmHWM: of its own address space since exec; ru_maxrss
    would include the parent's, inherited through fork)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(names: list[str], small: bool) -> list[dict[str, object]]:
    rows = []
    with tempfile.TemporaryDirectory(prefix="nianbao-bombs-") as tmp:
        for name in names:
            full, little, what = BOMBS[name]
            started = time.perf_counter()
            data = (little if small else full)()
            built = time.perf_counter() - started
            path = Path(tmp) / name
            path.write_bytes(data)
            del data
            try:
                proc = subprocess.run([sys.executable, __file__, "--child", str(path)], capture_output=True,
                                      text=True, timeout=CHILD_TIMEOUT, check=False,
                                      env={**os.environ, "PYTHONPATH": str(ROOT)})
                lines = proc.stdout.strip().splitlines()
                result = json.loads(lines[-1]) if lines else {
                    "outcome": f"crashed (exit {proc.returncode})", "detail": proc.stderr.strip()[-200:]}
            except subprocess.TimeoutExpired:
                result = {"outcome": f"HANG (killed after {CHILD_TIMEOUT:g} s)", "detail": ""}
            rows.append({"bomb": name, "what": what, "file_bytes": path.stat().st_size,
                         "build_seconds": round(built, 1), **result})
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", action="store_true", help="small bombs (seconds to build)")
    ap.add_argument("--only", nargs="*", choices=sorted(BOMBS), help="run only these")
    ap.add_argument("--json", action="store_true", help="print the rows as JSON")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return
    names = args.only or list(BOMBS)
    if "baseline-docx" not in names:
        names.insert(0, "baseline-docx")
    rows = run(names, args.small)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return
    base = next(r for r in rows if r["bomb"] == "baseline-docx")
    print(f"{'bomb':14} {'file':>10} {'seconds':>8} {'peak MiB':>9} {'x base':>7}  outcome")
    for r in rows:
        ratio = float(r.get("peak_mib", 0) or 0) / max(float(base.get("peak_mib", 1) or 1), 1.0)  # type: ignore[arg-type]
        print(f"{r['bomb']:14} {r['file_bytes']:>10} {r.get('seconds', '-'):>8} {r.get('peak_mib', '-'):>9} "
              f"{ratio:>7.2f}  {r['outcome']}")
        if r.get("detail"):
            print(f"{'':14} {r['detail']}")


if __name__ == "__main__":
    main()
