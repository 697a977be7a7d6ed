"""OFD builder: hand-built packages (a zip of XML), including one redrawn from a real report PDF."""

from __future__ import annotations

import io
import json
import shutil
import zipfile
from pathlib import Path

import pdfplumber
import pytest

from parsers import UnreadableDocument, sniff
from parsers.model import Paragraph, Table
from parsers.ofd import extract
from parsers.registry import Context

DOCS = Path(__file__).resolve().parent.parent / "documents"
NS = "http://www.ofdspec.org/2016"
MM = 25.4 / 72  # millimetres per point


def ofd_package(
    pages: list[str],
    templates: dict[str, str] | None = None,
    media: dict[str, tuple[str, bytes]] | None = None,
) -> bytes:
    """A minimal OFD: OFD.xml → Doc_0/Document.xml → one Content.xml per page (layer bodies given).

    `media` maps a resource ID to (file name, bytes), stored in Doc_0/Res/ and listed in
    DocumentRes.xml.
    """
    templates = templates or {}
    media = media or {}
    res_ref = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if media else ""
    tpl_refs = "".join(f'<ofd:TemplatePage ID="{tid}" BaseLoc="Tpls/{tid}.xml"/>' for tid in templates)
    page_refs = "".join(
        f'<ofd:Page ID="{i + 10}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(
            "OFD.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD">'
            "<ofd:DocBody><ofd:DocInfo><ofd:DocID>x</ofd:DocID></ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        zf.writestr(
            "Doc_0/Document.xml",
            f'<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID>'
            "<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>"
            f"{res_ref}{tpl_refs}</ofd:CommonData><ofd:Pages>{page_refs}</ofd:Pages></ofd:Document>",
        )
        if media:
            items = "".join(
                f'<ofd:MultiMedia ID="{rid}" Type="Image"><ofd:MediaFile>{name}</ofd:MediaFile></ofd:MultiMedia>'
                for rid, (name, _) in media.items()
            )
            zf.writestr(
                "Doc_0/DocumentRes.xml",
                f'<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{items}</ofd:MultiMedias></ofd:Res>',
            )
            for name, blob in media.values():
                zf.writestr(f"Doc_0/Res/{name}", blob)
        for tid, body in templates.items():
            zf.writestr(
                f"Doc_0/Tpls/{tid}.xml",
                f'<ofd:Page xmlns:ofd="{NS}"><ofd:Content><ofd:Layer>{body}</ofd:Layer></ofd:Content></ofd:Page>',
            )
        for i, body in enumerate(pages):
            tpl = "".join(f'<ofd:Template TemplateID="{tid}"/>' for tid in templates)
            zf.writestr(
                f"Doc_0/Pages/Page_{i}/Content.xml",
                f'<ofd:Page xmlns:ofd="{NS}">{tpl}<ofd:Content><ofd:Layer ID="1">{body}</ofd:Layer></ofd:Content></ofd:Page>',
            )
    return buf.getvalue()


def text(x: float, y: float, s: str, size: float = 3.7, **attrs: str) -> str:
    """A TextObject at (x, y) mm (top-left of its boundary), glyphs one size apart ("g" form)."""
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    delta = f' DeltaX="g {len(s) - 1} {size}"' if len(s) > 1 else ""
    return (
        f'<ofd:TextObject ID="1" Boundary="{x} {y} {size * len(s) + 1} {size * 1.4}" Font="2" Size="{size}"{extra}>'
        f'<ofd:TextCode X="0" Y="{size}"{delta}>{s}</ofd:TextCode></ofd:TextObject>'
    )


def line(x0: float, y0: float, x1: float, y1: float) -> str:
    return (
        f'<ofd:PathObject ID="2" Boundary="0 0 210 297" LineWidth="0.25">'
        f"<ofd:AbbreviatedData>M {x0} {y0} L {x1} {y1}</ofd:AbbreviatedData></ofd:PathObject>"
    )


def small_report() -> bytes:
    """A heading, a 3×3 ruled table with a merged header cell, and a page footer."""
    xs, ys = [20, 80, 120, 160], [40, 50, 60, 70]
    body = [text(20, 20, "某某局2024年政府信息公开工作年度报告", size=5)]
    body += [line(xs[0], y, xs[-1], y) for y in ys]
    body += [line(x, ys[0], x, ys[-1]) for x in (xs[0], xs[-1])]
    body += [line(x, ys[1], x, ys[-1]) for x in xs[1:-1]]  # the first row is one merged cell
    body += [text(22, 42, "申请人情况"), text(22, 52, "项目"), text(82, 52, "自然人"), text(122, 52, "总计")]
    body += [text(22, 62, "一、本年新收"), text(82, 62, "12"), text(122, 62, "12")]
    body.append(text(100, 285, "— 3 —"))
    return ofd_package(["".join(body)])


def test_sniffed_as_ofd() -> None:
    assert sniff(small_report()) == "ofd"


def test_table_from_path_objects_with_merged_cell() -> None:
    ex = extract(small_report(), Context())
    paragraphs = [b.text for b in ex.blocks if isinstance(b, Paragraph)]
    (table,) = [b for b in ex.blocks if isinstance(b, Table)]
    assert paragraphs == ["某某局2024年政府信息公开工作年度报告"]  # the footer "— 3 —" is dropped
    assert [[c.text for c in row] for row in table.rows] == [
        ["申请人情况"] * 3,
        ["项目", "自然人", "总计"],
        ["一、本年新收", "12", "12"],
    ]
    assert len({c.origin for c in table.rows[0]}) == 1


def test_template_ctm_and_filled_thin_rectangles() -> None:
    # Borders drawn on a template page as filled hairline rectangles; text scaled by a CTM.
    rules = "".join(
        f'<ofd:PathObject ID="3" Boundary="{x} {y} {w} {h}" Fill="true" Stroke="false">'
        f"<ofd:AbbreviatedData>M 0 0 L {w} 0 L {w} {h} L 0 {h} C</ofd:AbbreviatedData></ofd:PathObject>"
        for x, y, w, h in [
            (20, 40, 100, 0.3),
            (20, 50, 100, 0.3),
            (20, 60, 100, 0.3),
            (20, 40, 0.3, 20),
            (70, 40, 0.3, 20),
            (120, 40, 0.3, 20.3),
        ]
    )
    body = (
        text(22, 42, "规章", size=1.85, CTM="2 0 0 2 0 0")
        + text(72, 42, "3")
        + text(22, 52, "行政许可")
        + text(72, 52, "7")
    )
    ex = extract(ofd_package([body], {"T1": rules}), Context())
    (table,) = [b for b in ex.blocks if isinstance(b, Table)]
    assert [[c.text for c in row] for row in table.rows] == [["规章", "3"], ["行政许可", "7"]]


@pytest.mark.parametrize(
    "bad", [b"PK\x03\x04 not really a zip", ofd_package([]), b"PK\x05\x06" + b"\x00" * 18]
)
def test_bad_packages_raise_unreadable(bad: bytes) -> None:
    with pytest.raises(UnreadableDocument):
        extract(bad, Context())


def pdf_as_ofd(path: Path) -> bytes:
    """Redraw a text PDF as OFD: every character a TextObject, every ruling line a PathObject."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            body = []
            for ch in page.chars:
                if ch["text"].strip():
                    size = (ch["bottom"] - ch["top"]) * MM
                    x, y = ch["x0"] * MM, ch["top"] * MM
                    body.append(
                        f'<ofd:TextObject ID="1" Boundary="{x:.3f} {y:.3f} {size * 1.2:.3f} {size * 1.2:.3f}" Font="2" Size="{size:.3f}">'
                        f'<ofd:TextCode X="0" Y="{size * 0.88:.3f}">{ch["text"].replace("&", "&amp;").replace("<", "&lt;")}</ofd:TextCode></ofd:TextObject>'
                    )
            for ln in page.lines:
                body.append(line(ln["x0"] * MM, ln["top"] * MM, ln["x1"] * MM, ln["bottom"] * MM))
            pages.append("".join(body))
    return ofd_package(pages)


def source_pdf(case: str) -> Path:
    return (DOCS / (DOCS / f"{case}.source").read_text().strip()).resolve()


def test_real_report_redrawn_as_ofd_gives_the_pdf_grids() -> None:
    from test_pdf import grid_values

    ex = extract(pdf_as_ofd(source_pdf("hongze-2023")), Context())
    expected = json.loads((DOCS / "hongze-2023.expected.json").read_text())["values"]
    tables = [b for b in ex.blocks if isinstance(b, Table)]
    assert len(tables) == 4
    assert grid_values("hongze-2023", tables) == pytest.approx(expected)


@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract-ocr not installed")
def test_scanned_ofd_page_is_read_by_ocr() -> None:
    """A page that is one ImageObject (a scan), its image a MultiMedia resource in Res/."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(source_pdf("hongze-2023").read_bytes())
    image = pdf[3].render(scale=150 / 72).to_pil().convert("L")
    pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    page = '<ofd:ImageObject ID="5" Boundary="0 0 210 297" ResourceID="77" CTM="210 0 0 297 0 0"/>'
    data = ofd_package([page], media={"77": ("scan.png", buf.getvalue())})
    ex = extract(data, Context())
    assert ex.ocr
    redress = [b for b in ex.blocks if isinstance(b, Table) and b.rows[0][0].text == "行政复议"]
    assert redress and [c.text for c in redress[0].rows[-1]][:5] == ["10", "1", "0", "0", "0"]
    assert all(c.ocr for c in redress[0].rows[-1])
