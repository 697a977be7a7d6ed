"""Agency level, region and deadline from the printed name (FORMAT.md §1.1, §7.3, §7.5)."""

from __future__ import annotations

import pytest

from archive.agencies import classify, deadline

CASES = [
    # name, level, aggregate, province, city, county, code
    ("淮安市洪泽区人民政府", "县级政府", True, "江苏省", "淮安市", "洪泽区", "320813"),
    ("洪泽区人民政府", "县级政府", True, "江苏省", "淮安市", "洪泽区", "320813"),
    ("淮安市人民政府", "地级政府", True, "江苏省", "淮安市", None, "320800"),
    ("上海市人民政府", "省级政府", True, "上海市", None, None, "310000"),
    ("上海市人民政府办公厅", "省级部门", False, "上海市", None, None, "310000"),
    ("武汉市生态环境局", "地级部门", False, "湖北省", "武汉市", None, "420100"),
    ("威海市文登区信访局", "县级部门", False, "山东省", "威海市", "文登区", "371003"),
    ("宁国市商务局", "县级部门", False, "安徽省", "宣城市", "宁国市", "341881"),
    ("秦皇岛经济技术开发区管理委员会", "派出机构", False, "河北省", "秦皇岛市", None, "130300"),
    ("太平镇人民政府", "乡级", False, None, None, None, None),
    ("国家税务总局淮安市税务局", "垂直管理", False, "江苏省", "淮安市", None, "320800"),
    ("中华人民共和国教育部", "国务院部门", False, None, None, None, None),
]


@pytest.mark.parametrize(("name", "level", "aggregate", "province", "city", "county", "code"), CASES)
def test_classify(name: str, level: str, aggregate: bool, province: str | None, city: str | None,
                  county: str | None, code: str | None) -> None:
    info = classify(name)
    assert (info.level, info.is_aggregate, info.province, info.city, info.county, info.region_code) == (
        level, aggregate, province, city, county, code)
    assert info.region_vintage == ("2023" if code else None)


def test_ambiguous_county_needs_the_portal_region() -> None:
    assert classify("鼓楼区人民政府").region_code is None  # 南京, 福州, 徐州, 开封 all have one
    assert classify("鼓楼区人民政府", region_hint="福州市").region_code == "350102"


@pytest.mark.parametrize(("year", "level", "due"), [
    (2024, "县级政府", "2025-03-31"),
    (2024, "县级部门", "2025-01-31"),
    (2024, "乡级", "2025-01-31"),
    (2018, "县级部门", "2019-03-31"),
    (2019, "省级部门", "2020-01-31"),
    (None, "县级部门", None),
])
def test_deadline(year: int | None, level: str, due: str | None) -> None:
    assert deadline(year, level) == due
