"""PDF grid builder on the real reports in reference/samples, checked at the grid level.

Every value of the golden files in tests/documents is looked up in the builder's grids by its row
label, so these tests hold whatever the table mapper does; test_pdf_golden.py checks the mapped
record.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from parsers.model import Cell, Extracted, Paragraph, Table
from parsers.pdf import extract
from parsers.registry import Context

DOCS = Path(__file__).resolve().parent.parent / "documents"
CASES = ["hongze-2023", "hongze-2024", "huaian-2024"]

# Row label (start of the item label as printed) -> canonical row key of table 三.
ROWS = {
    "一、本年新收": "new_received",
    "二、上年结转": "carried_in",
    "（一）予以公开": "granted",
    "（二）部分公开": "partial",
    "1.属于国家秘密": "withheld_state_secret",
    "2.其他法律行政": "withheld_law_prohibited",
    "3.危及": "withheld_security_stability",
    "4.保护第三方": "withheld_third_party",
    "5.属于三类": "withheld_internal_affairs",
    "6.属于四类": "withheld_process_info",
    "7.属于行政执法": "withheld_enforcement_file",
    "8.属于行政查询": "withheld_admin_query",
    "1.本机关不掌握": "unable_not_held",
    "2.没有现成": "unable_needs_creation",
    "3.补正后": "unable_unclear",
    "1.信访": "not_processed_petition",
    "2.重复申请": "not_processed_repeat",
    "3.要求提供公开出版物": "not_processed_publication",
    "4.无正当理由": "not_processed_excessive",
    "5.要求行政机关确认": "not_processed_reconfirm",
    "1、申请人无正当理由": "other_no_correction",
    "2、申请人逾期": "other_fee_unpaid",
    "3、其他": "other_misc",
    "（六）其他处理": "other_single",
    "（七）总计": "total",
    "四、结转": "carried_out",
}
COLUMNS = [
    "natural_person",
    "org_business",
    "org_research",
    "org_public_welfare",
    "org_legal_service",
    "org_other",
    "total",
]
ACTIVE = {
    "规章": ("rules", ["issued", "repealed", "in_force"]),
    "行政规范性文件": ("normative_docs", ["issued", "repealed", "in_force"]),
    "行政许可": ("licensing", ["decisions"]),
    "行政处罚": ("penalty", ["decisions"]),
    "行政强制": ("coercion", ["decisions"]),
    "行政事业性收费": ("fees", ["amount_wan_yuan"]),
}


def source(case: str) -> Path:
    return (DOCS / (DOCS / f"{case}.source").read_text().strip()).resolve()


@cache
def extracted(case: str) -> Extracted:
    return extract(source(case).read_bytes(), Context(path=str(source(case))))


def tables(case: str) -> list[Table]:
    return [b for b in extracted(case).blocks if isinstance(b, Table)]


def number(text: str) -> float:
    return float(text)


def distinct(row: list[Cell]) -> list[Cell]:
    """The row's cells with merged positions counted once."""
    out: list[Cell] = []
    for cell in row:
        if not out or cell.origin != out[-1].origin:
            out.append(cell)
    return out


def grid_values(case: str, found: list[Table] | None = None) -> dict[str, float]:
    """Canonical key -> number, read from the grids by label (a tiny stand-in for the mapper)."""
    found = tables(case) if found is None else found
    values: dict[str, float] = {}
    for table in found:
        for row in table.rows:
            cells = distinct(row)
            labels = [c.text for c in cells if c.text and not c.text.replace(".", "").isdigit()]
            nums = [number(c.text) for c in cells if c.text.replace(".", "").isdigit()]
            if not nums or not labels:
                continue
            if labels[0] in ACTIVE:
                key, cols = ACTIVE[labels[0]]
                values.update({f"active.{key}.{c}": n for c, n in zip(cols, nums, strict=True)})
                continue
            label = labels[-1]
            key = next((k for prefix, k in ROWS.items() if label.startswith(prefix)), None)
            assert key is not None, f"{case}: unknown row label {label!r}"
            assert len(nums) == 7, f"{case}: row {label!r} has {nums}"
            values.update({f"requests.{key}.{c}": n for c, n in zip(COLUMNS, nums, strict=True)})
    redress = [t for t in found if t.rows[0][0].text == "行政复议"]
    assert len(redress) == 1
    nums = [number(c.text) for c in redress[0].rows[-1]]
    for g, group in enumerate(["review", "lit_direct", "lit_after_review"]):
        for c, col in enumerate(["upheld", "corrected", "other", "pending", "total"]):
            values[f"redress.{group}.{col}"] = nums[5 * g + c]
    return values


@pytest.mark.parametrize("case", CASES)
def test_every_cell_of_the_three_tables(case: str) -> None:
    expected = json.loads((DOCS / f"{case}.expected.json").read_text())["values"]
    assert grid_values(case) == pytest.approx(expected)


@pytest.mark.parametrize("case", CASES)
def test_table_three_continues_across_the_page_break(case: str) -> None:
    (requests,) = [t for t in tables(case) if any("本年新收" in c.text for row in t.rows for c in row)]
    assert "–" in requests.where  # one table spanning two pages
    labels = [distinct(row)[-8].text for row in requests.rows[3:]]
    assert any(label.startswith("2.没有现成信息需要另行制作") for label in labels)
    assert labels[-1] == "四、结转下年度继续办理"
    # The group label cut by the page break covers every row of its group.
    unable = [row for row in requests.rows if row[2].text.startswith(("1.本机关", "2.没有现成", "3.补正后"))]
    assert [row[1].text for row in unable] == ["（四）无法提供"] * 3
    assert len({row[1].origin for row in unable}) == 1


def test_split_merged_cell_text_is_joined_in_huaian() -> None:
    (requests,) = [t for t in tables("huaian-2024") if t.rows[0][0].text.startswith("（本列数据")]
    assert not any(c.text == "法提供" for row in requests.rows for c in row)


def test_vertical_label_and_stacked_header_words() -> None:
    (requests,) = [t for t in tables("hongze-2023") if t.rows[0][0].text.startswith("（本列数据")]
    assert requests.rows[5][0].text == "三、本年度办理结果"  # one character per line in the PDF
    assert [c.text for c in requests.rows[2][4:9]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert requests.rows[1][3].origin == requests.rows[2][3].origin  # 自然人 spans two header rows


def test_wrapped_labels_keep_their_numbers_on_the_row() -> None:
    (requests,) = [t for t in tables("hongze-2023") if t.rows[0][0].text.startswith("（本列数据")]
    row = next(r for r in requests.rows if r[2].text.startswith("5.要求行政机关确认"))
    assert row[2].text == "5.要求行政机关确认或重新出具已获取信息"
    partial = next(r for r in requests.rows if r[1].text.startswith("（二）部分公开"))
    assert [c.text for c in partial[3:]] == ["4", "0", "0", "0", "0", "0", "4"]


@pytest.mark.parametrize("case", CASES)
def test_page_footers_are_dropped_and_title_lines_joined(case: str) -> None:
    paragraphs = [b.text for b in extracted(case).blocks if isinstance(b, Paragraph)]
    assert not any(p.strip("-—– ").isdigit() for p in paragraphs)
    assert paragraphs[0].endswith("年政府信息公开工作年度报告")
    assert extracted(case).title is None  # PDF metadata titles are unreliable
    assert "五、存在的主要问题及改进情况" in paragraphs


def test_paragraph_broken_by_a_page_footer_is_one_paragraph() -> None:
    paragraphs = [b.text for b in extracted("hongze-2023").blocks if isinstance(b, Paragraph)]
    assert any("严格执行“分级审核、先审后发”程序" in p for p in paragraphs)


@pytest.mark.parametrize("case", CASES)
def test_tables_without_ruling_lines_give_the_same_record(case: str) -> None:
    """The same report with every stroke removed: columns come from where the words sit."""
    import io

    import pdfplumber

    from parsers.geometry import layout_blocks
    from parsers.interpret import interpret
    from parsers.pdf import _page_layout

    layouts = []
    with pdfplumber.open(io.BytesIO(source(case).read_bytes())) as pdf:
        for page in pdf.pages:
            layout = _page_layout(page)
            layout.hlines, layout.vlines = [], []
            layouts.append(layout)
    blocks = layout_blocks(layouts)
    assert all(b.positional for b in blocks if isinstance(b, Table))
    record = interpret(Extracted(blocks=blocks))
    expected = json.loads((DOCS / f"{case}.expected.json").read_text())["values"]
    assert record["values"] == expected
    assert record["year"] == int(case[-4:])


@pytest.mark.parametrize("turns", [(90,), (180,), (270, 90)])
def test_turned_pages_read_as_upright(turns: tuple[int, ...]) -> None:
    """Pages turned by /Rotate (scanned upright, shown landscape; or the reverse) read the same."""
    import io

    import pypdfium2

    import parsers

    doc = pypdfium2.PdfDocument(source("hongze-2024").read_bytes())
    for i in range(len(doc)):
        doc[i].set_rotation(turns[i % len(turns)])
    buf = io.BytesIO()
    doc.save(buf)
    doc.close()
    record = parsers.parse(buf.getvalue())
    assert record["values"] == json.loads((DOCS / "hongze-2024.expected.json").read_text())["values"]
    assert record["title"] == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
