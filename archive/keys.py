"""Canonical cell keys of CONTRACT.md §1, in the order the official forms print them.

The archive needs the full list (not only the keys a parse happened to yield) to build the wide views and
the CSV export with stable columns; it is transcribed from the contract, which is fixed.
"""

from __future__ import annotations

# (table, row, columns, label) — label with unit, for Datasette column descriptions.
ACTIVE_2021: list[tuple[str, tuple[str, ...], str]] = [
    ("rules", ("issued", "repealed", "in_force"), "规章"),
    ("normative_docs", ("issued", "repealed", "in_force"), "行政规范性文件"),
    ("licensing", ("decisions",), "行政许可"),
    ("penalty", ("decisions",), "行政处罚"),
    ("coercion", ("decisions",), "行政强制"),
    ("fees", ("amount_wan_yuan",), "行政事业性收费"),
]
ACTIVE_2019: list[tuple[str, tuple[str, ...], str]] = [
    ("rules", ("new_made", "new_published", "total_published"), "规章"),
    ("normative_docs", ("new_made", "new_published", "total_published"), "规范性文件"),
    ("licensing", ("prev_items", "delta", "decisions"), "行政许可"),
    ("other_services", ("prev_items", "delta", "decisions"), "其他对外管理服务事项"),
    ("penalty", ("prev_items", "delta", "decisions"), "行政处罚"),
    ("coercion", ("prev_items", "delta", "decisions"), "行政强制"),
    ("fees", ("prev_items", "delta"), "行政事业性收费"),
    ("procurement", ("projects", "amount"), "政府集中采购"),
]
ACTIVE_COLUMNS: dict[str, str] = {
    "issued": "本年制发件数（件）",
    "repealed": "本年废止件数（件）",
    "in_force": "现行有效件数（件）",
    "decisions": "处理决定数量（件）",
    "amount_wan_yuan": "本年收费金额（万元）",
    "new_made": "本年新制作数量（件）",
    "new_published": "本年新公开数量（件）",
    "total_published": "对外公开总数量（件）",
    "prev_items": "上一年项目数量（项）",
    "delta": "本年增/减（项，有符号）",
    "projects": "采购项目数量（个）",
    "amount": "采购总金额（按原文单位）",
}
REQUEST_COLUMNS: dict[str, str] = {
    "natural_person": "自然人",
    "org_business": "商业企业",
    "org_research": "科研机构",
    "org_public_welfare": "社会公益组织",
    "org_legal_service": "法律服务机构",
    "org_other": "其他",
    "total": "总计",
}
REQUEST_ROWS: dict[str, str] = {
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_in": "二、上年结转政府信息公开申请数量",
    "granted": "三（一）予以公开",
    "partial": "三（二）部分公开",
    "withheld_state_secret": "三（三）1.属于国家秘密",
    "withheld_law_prohibited": "三（三）2.其他法律行政法规禁止公开",
    "withheld_security_stability": "三（三）3.危及“三安全一稳定”",
    "withheld_third_party": "三（三）4.保护第三方合法权益",
    "withheld_internal_affairs": "三（三）5.属于三类内部事务信息",
    "withheld_process_info": "三（三）6.属于四类过程性信息",
    "withheld_enforcement_file": "三（三）7.属于行政执法案卷",
    "withheld_admin_query": "三（三）8.属于行政查询事项",
    "unable_not_held": "三（四）1.本机关不掌握相关政府信息",
    "unable_needs_creation": "三（四）2.没有现成信息需要另行制作",
    "unable_unclear": "三（四）3.补正后申请内容仍不明确",
    "not_processed_petition": "三（五）1.信访举报投诉类申请",
    "not_processed_repeat": "三（五）2.重复申请",
    "not_processed_publication": "三（五）3.要求提供公开出版物",
    "not_processed_excessive": "三（五）4.无正当理由大量反复申请",
    "not_processed_reconfirm": "三（五）5.要求行政机关确认或重新出具已获取信息",
    "other_no_correction": "三（六）1.逾期不补正（2021）",
    "other_fee_unpaid": "三（六）2.逾期未缴纳费用（2021）",
    "other_misc": "三（六）3.其他（2021）",
    "other_single": "三（六）其他处理（一行）",
    "total": "三（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
REDRESS_GROUPS: dict[str, str] = {
    "review": "行政复议",
    "lit_direct": "行政诉讼·未经复议直接起诉",
    "lit_after_review": "行政诉讼·复议后起诉",
}
REDRESS_COLUMNS: dict[str, str] = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


def _active_keys() -> dict[str, str]:
    out: dict[str, str] = {}
    for rows in (ACTIVE_2021, ACTIVE_2019):
        for row, cols, label in rows:
            for col in cols:
                out.setdefault(f"active.{row}.{col}", f"{label} {ACTIVE_COLUMNS[col]}")
    return out


def _requests_keys() -> dict[str, str]:
    return {
        f"requests.{row}.{col}": f"{rlabel} · {clabel}（件）"
        for row, rlabel in REQUEST_ROWS.items()
        for col, clabel in REQUEST_COLUMNS.items()
    }


def _redress_keys() -> dict[str, str]:
    return {
        f"redress.{g}.{col}": f"{glabel} · {clabel}（件）"
        for g, glabel in REDRESS_GROUPS.items()
        for col, clabel in REDRESS_COLUMNS.items()
    }


# table -> {key: description}, each in form order.
TABLE_KEYS: dict[str, dict[str, str]] = {
    "active": _active_keys(),
    "requests": _requests_keys(),
    "redress": _redress_keys(),
}
ALL_KEYS: dict[str, str] = {k: v for keys in TABLE_KEYS.values() for k, v in keys.items()}


def split_key(key: str) -> tuple[str, str, str]:
    """`table.row.column` -> its three parts (a key with fewer parts keeps empty ones)."""
    parts = key.split(".", 2)
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]
