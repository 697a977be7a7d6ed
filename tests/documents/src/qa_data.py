"""Numbers and label texts shared by the QA golden documents (qa-* cases).

One balanced 2021-format report (R1–R4 hold everywhere) whose values are distinct enough that a
column shift or a row swap shows in the diff. `qa_build.py` renders it in the layouts real portals
use and writes each document beside its expected file; `qa_docx.py` builds the DOCX variants at test
time. The expected values come from these numbers (what the documents print), never from the parser.
"""

from __future__ import annotations

REQ_COLS = ["natural_person", "org_business", "org_research", "org_public_welfare", "org_legal_service",
            "org_other", "total"]
RED_GROUPS = ["review", "lit_direct", "lit_after_review"]
RED_COLS = ["upheld", "corrected", "other", "pending", "total"]

ROWS_2021 = [
    "new_received", "carried_in", "granted", "partial",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability", "withheld_third_party",
    "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file", "withheld_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication", "not_processed_excessive",
    "not_processed_reconfirm", "other_no_correction", "other_fee_unpaid", "other_misc", "total", "carried_out",
]

LABELS = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "withheld_state_secret": "1.属于国家秘密",
    "withheld_law_prohibited": "2.其他法律行政法规禁止公开",
    "withheld_security_stability": "3.危及“三安全一稳定”",
    "withheld_third_party": "4.保护第三方合法权益",
    "withheld_internal_affairs": "5.属于三类内部事务信息",
    "withheld_process_info": "6.属于四类过程性信息",
    "withheld_enforcement_file": "7.属于行政执法案卷",
    "withheld_admin_query": "8.属于行政查询事项",
    "unable_not_held": "1.本机关不掌握相关政府信息",
    "unable_needs_creation": "2.没有现成信息需要另行制作",
    "unable_unclear": "3.补正后申请内容仍不明确",
    "not_processed_petition": "1.信访举报投诉类申请",
    "not_processed_repeat": "2.重复申请",
    "not_processed_publication": "3.要求提供公开出版物",
    "not_processed_excessive": "4.无正当理由大量反复申请",
    "not_processed_reconfirm": "5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "other_fee_unpaid": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "other_misc": "3.其他",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
GROUPS = {
    "withheld": "（三）不予公开", "unable": "（四）无法提供", "not": "（五）不予处理", "other": "（六）其他处理",
}


def group_of(row: str) -> str | None:
    prefix = row.split("_")[0]
    return prefix if prefix in GROUPS and row not in ("total",) else None


Z7 = ["0"] * 7
REQUESTS: dict[str, list[str]] = {r: list(Z7) for r in ROWS_2021} | {
    "new_received": ["12", "3", "1", "0", "2", "1", "19"],
    "carried_in": ["2", "1", "0", "0", "0", "0", "3"],
    "granted": ["5", "1", "0", "0", "1", "0", "7"],
    "partial": ["2", "0", "1", "0", "0", "0", "3"],
    "withheld_third_party": ["1", "0", "0", "0", "0", "0", "1"],
    "withheld_process_info": ["1", "0", "0", "0", "0", "0", "1"],
    "unable_not_held": ["3", "1", "0", "0", "0", "1", "5"],
    "unable_needs_creation": ["0", "1", "0", "0", "0", "0", "1"],
    "not_processed_repeat": ["1", "0", "0", "0", "0", "0", "1"],
    "other_no_correction": ["0", "0", "0", "0", "1", "0", "1"],
    "total": ["13", "3", "1", "0", "2", "1", "20"],
    "carried_out": ["1", "1", "0", "0", "0", "0", "2"],
}
ACTIVE_2021: list[tuple[str, list[str]]] = [
    ("rules", ["1", "0", "4"]),
    ("normative_docs", ["6", "2", "31"]),
    ("licensing", ["2417"]),
    ("penalty", ["133"]),
    ("coercion", ["7"]),
    ("fees", ["86.45"]),
]
ACTIVE_COLS = {"rules": ["issued", "repealed", "in_force"], "normative_docs": ["issued", "repealed", "in_force"],
               "licensing": ["decisions"], "penalty": ["decisions"], "coercion": ["decisions"],
               "fees": ["amount_wan_yuan"]}
REDRESS: dict[str, list[str]] = {
    "review": ["2", "1", "0", "1", "4"],
    "lit_direct": ["1", "0", "0", "1", "2"],
    "lit_after_review": ["0", "0", "1", "0", "1"],
}

# What a printed cell means (CONTRACT.md §2): blank, dashes and 无 are 0, "/" is null.
_ZERO = {"", "—", "-", "－", "无", "0件", "——"}


def meaning(raw: str) -> int | float | None:
    s = raw.replace("\u00a0", "").replace("&nbsp;", "").strip()
    if s in _ZERO:
        return 0
    if s == "/":
        return None
    s = s.removesuffix("件")
    return float(s) if "." in s else int(s)


def expected_values(requests: dict[str, list[str]] | None = REQUESTS,
                    active: list[tuple[str, list[str]]] | None = ACTIVE_2021,
                    redress: dict[str, list[str]] | None = REDRESS,
                    rows: list[str] = ROWS_2021) -> dict[str, int | float | None]:
    out: dict[str, int | float | None] = {}
    for row, vals in active or []:
        for col, v in zip(ACTIVE_COLS[row], vals, strict=True):
            out[f"active.{row}.{col}"] = meaning(v)
    for row in rows if requests else []:
        for col, v in zip(REQ_COLS, requests[row], strict=True):  # type: ignore[index]
            out[f"requests.{row}.{col}"] = meaning(v)
    for g in RED_GROUPS if redress else []:
        for col, v in zip(RED_COLS, redress[g], strict=True):  # type: ignore[index]
            out[f"redress.{g}.{col}"] = meaning(v)
    return out
