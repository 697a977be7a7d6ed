"""The official forms as data: label variants for every row and column of the standard tables.

Each table reads like the printed form (國办公开办函〔2019〕60号 and 〔2021〕30号, FORMAT.md §2–3) so a
reviewer can compare it line by line. Labels are matched after `normalize.squash` (NFKC, no white
space); a row matches its first keyword found in the label, checked in the order given, so more
specific rows come before rows whose keyword they contain ("不予公开" before "予以公开").
"""

from __future__ import annotations

from .titles import LOOKALIKE_WORDS, RELATED_WORDS

# --- Table 二 主动公开政府信息情况 -------------------------------------------------------------------

# (row key, keywords). 其他对外管理服务事项 definitions may mention 行政许可, so it comes first;
# 规范性文件 definitions may mention 规章.
ACTIVE_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("other_services", ("其他对外管理服务",)),
    ("normative_docs", ("规范性文件",)),
    ("rules", ("规章",)),
    ("licensing", ("行政许可",)),
    ("penalty", ("行政处罚",)),
    ("coercion", ("行政强制",)),
    ("fees", ("行政事业性收费", "事业性收费")),
    ("procurement", ("政府集中采购", "集中采购")),
]

# Column headers of table 二 (both formats). Prefix-tolerant: 武汉 2020 appends guidance in brackets.
ACTIVE_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("issued", ("本年制发件数", "本年制发")),
    ("repealed", ("本年废止件数", "本年废止")),
    ("in_force", ("现行有效件数", "现行有效")),
    ("amount_wan_yuan", ("本年收费金额", "收费金额")),
    ("new_made", ("本年新制作数量", "新制作")),
    ("new_published", ("本年新公开数量", "新公开")),
    ("total_published", ("对外公开总数量", "公开总数")),
    ("prev_items", ("上一年项目数量", "上一年")),
    ("delta", ("本年增/减", "增/减", "增减")),
    ("projects", ("采购项目数量", "采购项目")),
    ("amount", ("采购总金额", "采购金额")),
    ("decisions", ("处理决定数量", "处理决定")),
]

# When a header is missing or truncated ("本年新 | 本年新"), the columns each row has in its format.
ACTIVE_DEFAULT_COLUMNS: dict[str, dict[str, list[str]]] = {
    "2021": {
        "rules": ["issued", "repealed", "in_force"],
        "normative_docs": ["issued", "repealed", "in_force"],
        "licensing": ["decisions"],
        "penalty": ["decisions"],
        "coercion": ["decisions"],
        "fees": ["amount_wan_yuan"],
    },
    "2019": {
        "rules": ["new_made", "new_published", "total_published"],
        "normative_docs": ["new_made", "new_published", "total_published"],
        "licensing": ["prev_items", "delta", "decisions"],
        "other_services": ["prev_items", "delta", "decisions"],
        "penalty": ["prev_items", "delta", "decisions"],
        "coercion": ["prev_items", "delta", "decisions"],
        "fees": ["prev_items", "delta"],
        "procurement": ["projects", "amount"],
    },
}

# Row and column labels of table 二 as each form prints them.
ACTIVE_ROW_LABELS: dict[str, dict[str, str]] = {
    "2021": {"rules": "规章", "normative_docs": "行政规范性文件", "licensing": "行政许可", "penalty": "行政处罚",
             "coercion": "行政强制", "fees": "行政事业性收费"},
    "2019": {"rules": "规章", "normative_docs": "规范性文件", "licensing": "行政许可",
             "other_services": "其他对外管理服务事项", "penalty": "行政处罚", "coercion": "行政强制",
             "fees": "行政事业性收费", "procurement": "政府集中采购"},
}
ACTIVE_COLUMN_LABELS: dict[str, str] = {
    "issued": "本年制发件数", "repealed": "本年废止件数", "in_force": "现行有效件数", "decisions": "处理决定数量",
    "amount_wan_yuan": "本年收费金额", "new_made": "本年新制作数量", "new_published": "本年新公开数量",
    "total_published": "对外公开总数量", "prev_items": "上一年项目数量", "delta": "本年增/减",
    "projects": "采购项目数量", "amount": "采购总金额",
}
# The unit of a column's values; every other column counts 件.
UNITS: dict[str, str] = {"amount_wan_yuan": "万元", "prev_items": "项", "delta": "项，有符号", "projects": "个",
                         "amount": "按原文单位"}

# Columns that may legitimately be negative (R5 exemption) or decimal.
SIGNED_COLUMNS = {"delta"}

# --- Table 三 收到和处理政府信息公开申请情况 ---------------------------------------------------------

REQUEST_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("org_business", ("商业企业", "商业")),
    ("org_research", ("科研机构", "科研")),
    ("org_public_welfare", ("社会公益组织", "公益组织", "公益")),
    ("org_legal_service", ("法律服务机构", "法律服务")),
    ("natural_person", ("自然人",)),
    ("subtotal", ("小计",)),
    ("total", ("总计", "合计")),
    ("org_other", ("其他",)),
]
# Words of the header's group cells, removed before a column header is matched.
REQUEST_HEADER_GROUPS = ("法人或其他组织", "法人或者其他组织", "申请人情况")
REQUEST_COLUMN_ORDER = ["natural_person", "org_business", "org_research", "org_public_welfare",
                        "org_legal_service", "org_other", "total"]
APPLICANT_COLUMNS = REQUEST_COLUMN_ORDER[:-1]

# (row key, keywords) — item rows; the specific reasons first.
REQUEST_ROWS: list[tuple[str, tuple[str, ...]]] = [
    ("withheld_state_secret", ("国家秘密",)),
    ("withheld_law_prohibited", ("法律行政法规禁止", "行政法规禁止", "法规禁止")),
    ("withheld_security_stability", ("三安全", "一稳定")),
    ("withheld_third_party", ("第三方",)),
    ("withheld_internal_affairs", ("内部事务",)),
    ("withheld_process_info", ("过程性",)),
    ("withheld_enforcement_file", ("执法案卷",)),
    ("withheld_admin_query", ("行政查询",)),
    ("unable_not_held", ("不掌握",)),
    ("unable_needs_creation", ("另行制作", "现成信息")),
    ("unable_unclear", ("仍不明确", "不明确")),
    ("not_processed_petition", ("信访", "举报投诉")),
    ("not_processed_repeat", ("重复申请",)),
    ("not_processed_publication", ("出版物",)),
    ("not_processed_excessive", ("大量反复",)),
    ("not_processed_reconfirm", ("重新出具", "确认或")),
    ("other_no_correction", ("不补正",)),
    ("other_fee_unpaid", ("缴纳费用", "不缴费", "缴费")),
    ("carried_out", ("结转下年度", "结转下一年度", "结转下年", "转下年度")),
    ("new_received", ("本年新收", "新收")),
    ("carried_in", ("上年结转",)),
    ("partial", ("部分公开",)),
    ("granted", ("予以公开",)),
    ("total", ("总计",)),  # not 合计: that is the total row of the narrative's own small tables
]
# "3.其他" under （六）其他处理 (2021), and 其他处理 as a single row (2019 and some 2021 reports).
REQUEST_OTHER_MISC = r"^(?:\(六\)其他处理)?\d+[.、]?其他(?:情形|处理)?$"
REQUEST_OTHER_SINGLE = ("其他处理",)
# Group labels, which only give context ("3.其他" belongs to 其他处理).
REQUEST_GROUPS = ("不予公开", "无法提供", "不予处理", "其他处理", "本年度办理结果")

REQUEST_ROW_ORDER_2021 = [
    "new_received", "carried_in", "granted", "partial",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability",
    "withheld_third_party", "withheld_internal_affairs", "withheld_process_info",
    "withheld_enforcement_file", "withheld_admin_query",
    "unable_not_held", "unable_needs_creation", "unable_unclear",
    "not_processed_petition", "not_processed_repeat", "not_processed_publication",
    "not_processed_excessive", "not_processed_reconfirm",
    "other_no_correction", "other_fee_unpaid", "other_misc",
    "total", "carried_out",
]
# Rows whose sum is （七）总计 (R2); the 其他处理 rows are whichever the report prints.
REQUEST_HANDLING_ROWS = REQUEST_ROW_ORDER_2021[2:20]
REQUEST_OTHER_ROWS_2021 = ["other_no_correction", "other_fee_unpaid", "other_misc"]

# The rows as the form prints them (2021; other_single is the 2019 row), with the group each sits under.
REQUEST_ROW_LABELS: dict[str, str] = {
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
    "other_single": "（六）其他处理",
    "total": "（七）总计",
    "carried_out": "四、结转下年度继续办理",
}
REQUEST_ROW_GROUP: dict[str, str] = {
    **dict.fromkeys(["granted", "partial", "other_single", "total"], "三、本年度办理结果"),
    **dict.fromkeys([r for r in REQUEST_ROW_LABELS if r.startswith("withheld_")], "（三）不予公开"),
    **dict.fromkeys([r for r in REQUEST_ROW_LABELS if r.startswith("unable_")], "（四）无法提供"),
    **dict.fromkeys([r for r in REQUEST_ROW_LABELS if r.startswith("not_processed_")], "（五）不予处理"),
    **dict.fromkeys(REQUEST_OTHER_ROWS_2021, "（六）其他处理"),
}
# For fuzzy matching of typos and truncations when no keyword matches ("3.其他" and "（七）总计" are
# too short to be told from other text by similarity).
REQUEST_FULL_LABELS: dict[str, str] = {
    k: v for k, v in REQUEST_ROW_LABELS.items() if k not in ("other_misc", "other_single", "total")
}
REQUEST_COLUMN_LABELS: dict[str, str] = {
    "natural_person": "自然人", "org_business": "商业企业", "org_research": "科研机构",
    "org_public_welfare": "社会公益组织", "org_legal_service": "法律服务机构", "org_other": "其他", "total": "总计",
}

# --- Table 四 政府信息公开行政复议、行政诉讼情况 -----------------------------------------------------

# Group headers; 复议后起诉 and 未经复议直接起诉 contain 复议, so they come first.
REDRESS_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("lit_after_review", ("复议后起诉", "复议后")),
    ("lit_direct", ("未经复议直接起诉", "直接起诉", "未经复议")),
    ("review", ("行政复议",)),
]
REDRESS_COLUMNS: list[tuple[str, tuple[str, ...]]] = [
    ("upheld", ("结果维持",)),  # not a bare 维持: old local tables count "维持具体行政行为数"
    ("corrected", ("结果纠正",)),
    ("other", ("其他结果",)),
    ("pending", ("尚未审结", "未审结")),
    ("total", ("总计", "合计")),
]
REDRESS_GROUP_LABELS: dict[str, str] = {"review": "行政复议", "lit_direct": "行政诉讼·未经复议直接起诉",
                                        "lit_after_review": "行政诉讼·复议后起诉"}
REDRESS_COLUMN_LABELS: dict[str, str] = {"upheld": "结果维持", "corrected": "结果纠正", "other": "其他结果",
                                         "pending": "尚未审结", "total": "总计"}
REDRESS_GROUP_ORDER = ["review", "lit_direct", "lit_after_review"]
REDRESS_COLUMN_ORDER = ["upheld", "corrected", "other", "pending", "total"]

# --- Which table a header row announces -------------------------------------------------------------

TABLE_MARKERS: dict[str, tuple[str, ...]] = {
    "active": ("第二十条", "信息内容", "本年制发件数", "本年新制作数量", "上一年项目数量", "本年收费金额",
               "采购项目数量", "处理决定数量"),
    "requests": ("申请人情况", "自然人", "勾稽关系", "商业企业", "法人或其他组织"),
    "redress": ("结果维持", "结果纠正", "尚未审结", "直接起诉", "复议后起诉", "行政复议", "行政诉讼"),
}

# Header words of the narrative's own tables (application channels, categories): a table under such a
# header is not table 三 even where its rows carry table-三 words (部分公开, 合计).
FOREIGN_HEADER_WORDS = ("当面", "传真", "电子邮件", "信函", "网上申请", "网络申请", "申请方式", "申请渠道")

# --- Format signals (FORMAT.md §5), matched on table text ------------------------------------------

FORMAT_SIGNALS: dict[str, tuple[str, ...]] = {
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额", "逾期未按收费通知", "逾期不补正",
             "不补正", "缴纳费用", "不缴费"),
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减", "第二十条第(九)项",
             "政府集中采购", "其他对外管理服务事项"),
}
# Headings and words of free-form reports before the national format.
PRE2019_SIGNALS = ("依申请公开政府信息情况", "收费及减免", "收费和减免", "回应解读", "机构建设和保障经费",
                   "依申请公开和不予公开", "会议和培训")

# --- Sections 一…六 ---------------------------------------------------------------------------------

# (section key, keywords), checked in order on a top-level heading ("一、…", "3、…").
SECTION_HEADINGS: list[tuple[str, tuple[str, ...]]] = [
    ("problems", ("存在的主要问题", "存在问题", "主要问题", "问题及改进", "问题和改进", "改进措施", "不足")),
    ("other", ("其他需要报告", "其他事项", "需要说明的事项", "其他需要说明")),
    ("redress", ("复议", "诉讼")),
    ("other", ("收费及减免", "收费和减免", "收费情况", "回应解读", "机构建设", "会议和培训", "培训情况")),
    ("requests", ("收到和处理", "依申请", "申请公开", "政府信息公开申请")),
    ("active", ("主动公开",)),
    ("overview", ("总体情况", "概述", "基本情况", "工作概述", "总体工作", "基本工作情况", "工作要点落实")),
]
# The template's headings, recognised at the start of a paragraph that runs on into its first sentence
# ("一、总体情况2023年，我局…", a bold heading inside the paragraph).
SECTION_TITLES = ("总体情况", "概述", "主动公开政府信息情况", "收到和处理政府信息公开申请情况",
                  "政府信息公开行政复议、行政诉讼情况", "政府信息公开行政复议和行政诉讼情况",
                  "存在的主要问题及改进情况", "存在的主要问题和改进措施", "其他需要报告的事项")
# Table-三 row labels that look like section headings ("一、本年新收政府信息公开申请数量",
# "四、结转下年度继续办理"): never a section.
NOT_SECTION_WORDS = ("本年新收", "上年结转", "结转下", "办理结果", "申请数量")

# --- Titles (FORMAT.md §7.1) ------------------------------------------------------------------------

# Report words and look-alikes: the title grammar of parsers/titles.py (one copy for crawler and parser).

# A blank form's placeholder where the agency belongs ("XX（行政机关名称）"): a template, not a report.
PLACEHOLDER_AGENCY = r"^(?:XX|××|xx|ＸＸ)|行政机关名称|单位名称|机关名称"
# Pages that look like reports to a keyword filter but are not (PORTALS.md "Noise"), and documents about one.
NON_REPORT_WORDS = LOOKALIKE_WORDS + RELATED_WORDS

# --- S2: quantities the narrative states that a table also gives (FORMAT.md §2.6) ---------------------

# (value key, pattern on the squashed text of one sentence). Only sentences about applications
# (NARRATIVE_CONTEXT) are read for table 三, so "民政互动栏目办结104件" is not taken for 办结 applications.
_GAP = r"[^,，。;；:：\d]{0,14}?"
NARRATIVE_QUANTITIES: list[tuple[str, str]] = [
    ("requests.new_received.total", rf"(?:新收|收到|受理|接收){_GAP}(?:申请|事项){_GAP}(?P<n>\d+)(?:件|条|份|个)"),
    ("requests.carried_in.total", rf"上年度?结转{_GAP}(?P<n>\d+)件"),
    ("requests.total.total", rf"(?<!按时)办结{_GAP}(?P<n>\d+)件"),
    ("requests.carried_out.total", rf"结转(?:至|到)?下一?年度?{_GAP}(?P<n>\d+)件"),
    ("requests.granted.total", r"(?<![部分不])予以公开(?P<n>\d+)件"),
    ("requests.partial.total", r"部分公开(?P<n>\d+)件"),
    ("redress.review.total", r"行政复议(?:案件|申请)?(?:共计|共)?(?P<n>\d+)(?:件|起)"),
]
NARRATIVE_CONTEXT = {"requests": ("申请",), "redress": ("复议",)}
