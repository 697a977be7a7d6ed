"""ZIP attachments: members parsed, GBK names decoded, zip bombs refused (one LibreOffice start, for the PDF)."""

from __future__ import annotations

import dataclasses
import io
import shutil
import struct
import zipfile

import pytest
from office_fixtures import expected, problems, template

import parsers
from parsers import container, limits, office
from parsers.registry import Context

GBK_NAME = "政府信息公开年报.docx"


def make_zip(members: list[tuple[str, bytes]], *, gbk: bool = False) -> bytes:
    """A ZIP of `members`; with gbk=True the names are stored GBK-encoded WITHOUT the UTF-8 flag,
    as Chinese Windows archivers do (zipfile itself always flags non-ASCII names as UTF-8)."""
    out = io.BytesIO()
    swaps = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i, (name, data) in enumerate(members):
            raw = name.encode("gbk")
            if gbk and not name.isascii():
                placeholder = f"{i:0{len(raw)}d}"
                swaps.append((placeholder.encode(), raw))
                name = placeholder
            zf.writestr(name, data)
    blob = out.getvalue()
    for placeholder, raw in swaps:
        assert blob.count(placeholder) == 2  # local header and central directory
        blob = blob.replace(placeholder, raw)
    return blob


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("zip")
    (tmp / "filled.docx").write_bytes(template.fill(template.BALANCED))
    if shutil.which("soffice"):
        office.convert_files([tmp / "filled.docx"], "pdf", tmp)
    out = {p.name: p.read_bytes() for p in tmp.iterdir()}
    out["filled.xlsx"] = template.fill_xlsx(template.BALANCED)
    return out


def test_gbk_member_names_are_decoded(files: dict[str, bytes]) -> None:
    data = make_zip([(GBK_NAME, files["filled.docx"]), ("说明.txt", "附件说明".encode())], gbk=True)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = zf.infolist()
        assert not infos[0].flag_bits & 0x800
        assert infos[0].filename != GBK_NAME  # what zipfile alone shows: CP437 mojibake
        assert [container.member_name(i) for i in infos] == [GBK_NAME, "说明.txt"]


def test_utf8_names_without_flag_are_decoded() -> None:
    info = zipfile.ZipInfo("年报.pdf".encode().decode("cp437"))
    assert container.member_name(info) == "年报.pdf"


def test_zip_with_docx_and_pdf(files: dict[str, bytes]) -> None:
    if "filled.pdf" not in files:
        pytest.skip("LibreOffice not installed")
    data = make_zip([(GBK_NAME, files["filled.docx"]), ("年报.pdf", files["filled.pdf"])], gbk=True)
    record = parsers.parse(data, path="附件.zip")
    assert problems(expected("filled-2021"), record) == []
    assert record["source"]["media_type"] == "application/zip"
    assert any(GBK_NAME in w and "年报.pdf" in w for w in record["warnings"])

    members = container.parse_members(data, path="附件.zip")
    assert [m.name for m in members] == [GBK_NAME, "年报.pdf"]
    docx_member = members[0]
    assert docx_member.record is not None and docx_member.error is None
    assert docx_member.record["source"]["path"] == f"附件.zip!{GBK_NAME}"
    assert problems(expected("filled-2021"), docx_member.record) == []


def test_record_comes_from_a_readable_member(files: dict[str, bytes]) -> None:
    data = make_zip([("junk.bin", b"\x00\x01\x02" * 100), ("表格.xlsx", files["filled.xlsx"]), ("__MACOSX/._a", b"x")])
    ex = container.extract(data, Context(path="a.zip"))
    assert ex.meta["zip_member"] == "表格.xlsx"
    assert "junk.bin" in ex.warnings[0] and "unreadable" in ex.warnings[0]
    assert "__MACOSX" not in ex.warnings[0]
    members = container.parse_members(data, path="a.zip")
    assert [(m.name, m.record is not None) for m in members] == [("junk.bin", False), ("表格.xlsx", True)]
    assert members[0].error and "unsupported" in members[0].error


def test_zip_bomb_is_refused() -> None:
    bomb = make_zip([("report.txt", b"\0" * (64 * 1024 * 1024))])
    assert len(bomb) < 200_000
    with pytest.raises(parsers.UnreadableDocument, match=r"refused: ZIP member 'report.txt' is compressed \d+:1"):
        parsers.parse(bomb, path="bomb.zip")
    with pytest.raises(parsers.UnreadableDocument, match="zip bomb"):
        container.parse_members(bomb, path="bomb.zip")


def test_too_many_members_and_total_size(files: dict[str, bytes], monkeypatch: pytest.MonkeyPatch) -> None:
    data = make_zip([(f"{i}.xlsx", files["filled.xlsx"]) for i in range(4)])
    monkeypatch.setattr(container, "LIMITS", dataclasses.replace(limits.ARCHIVE, parts=3))
    with pytest.raises(parsers.LimitExceeded, match=r"4 parts \(zip.parts 4 over the limit of 3\)") as err:
        parsers.parse(data, path="many.zip")
    assert err.value.document == "many.zip" and err.value.limit == "zip.parts"
    monkeypatch.setattr(container, "LIMITS", dataclasses.replace(limits.ARCHIVE, total_bytes=len(files["filled.xlsx"]) * 2))
    with pytest.raises(parsers.LimitExceeded, match="expands to .* bytes"):
        parsers.parse(data, path="big.zip")


def test_nesting_depth(files: dict[str, bytes]) -> None:
    inner = make_zip([("t.xlsx", files["filled.xlsx"])])
    two = make_zip([("inner.zip", inner)])
    ex = container.extract(two, Context(path="two.zip"))
    assert ex.meta["zip_member"] == "inner.zip!t.xlsx"
    three = make_zip([("two.zip", two)])
    with pytest.raises(parsers.UnreadableDocument, match="nested more than 2 levels"):
        parsers.parse(three, path="three.zip")


def test_corrupt_zip() -> None:
    data = b"PK\x03\x04" + b"\x00" * 200
    with pytest.raises(parsers.UnreadableDocument, match="corrupt ZIP|no readable"):
        parsers.parse(data, path="bad.zip")


def test_lying_size_header_is_caught() -> None:
    data = bytearray(make_zip([("a.txt", b"\0" * 5_000_000)]))
    struct.pack_into("<I", data, data.find(b"PK\x01\x02") + 24, 1000)  # central directory: uncompressed size
    struct.pack_into("<I", data, 22, 1000)  # local header
    with pytest.raises(parsers.UnreadableDocument, match="no readable document.*cannot inflate"):
        parsers.parse(bytes(data), path="liar.zip")
