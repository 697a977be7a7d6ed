"""Agency level, region and deadline from the printed name (FORMAT.md §1.1, §7.3, §7.5)."""

from __future__ import annotations

import pytest

from archive.agencies import canonical_name, classify, deadline

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
    ("秦皇岛经济技术开发区管理委员会", "派出机构", False, "河北省", "秦皇岛市", "秦皇岛市经济技术开发区", "130371"),
    ("太平镇人民政府", "乡级", False, None, None, None, None),
    ("国家税务总局淮安市税务局", "垂直管理", False, "江苏省", "淮安市", None, "320800"),
    ("中华人民共和国教育部", "国务院部门", False, None, None, None, None),
    # names of FORMAT.md, the excerpts and the samples
    ("汉台区徐望镇人民政府", "乡级", False, "陕西省", "汉中市", "汉台区", "610702"),
    ("湖口县卫生健康委员会", "县级部门", False, "江西省", "九江市", "湖口县", "360429"),
    ("桃江县鲊埠回族乡", "乡级", False, "湖南省", "益阳市", "桃江县", "430922"),
    ("高平市人民政府办公室", "县级部门", False, "山西省", "晋城市", "高平市", "140581"),
    ("乌海市工业和信息化局", "地级部门", False, "内蒙古自治区", "乌海市", None, "150300"),
    ("平潭综合实验区", "派出机构", True, "福建省", "福州市", "平潭县", "350128"),  # data/bodies.csv; 全区 report
    ("平潭综合实验区管理委员会", "派出机构", False, "福建省", "福州市", "平潭县", "350128"),
    # a short name inside a longer one is no match of its own: 吉林 in 吉林省, 朝阳 (辽宁朝阳市) in 朝阳区
    ("吉林省人民政府", "省级政府", True, "吉林省", None, None, "220000"),
    ("吉林市人民政府", "地级政府", True, "吉林省", "吉林市", None, "220200"),
    ("北京市朝阳区人民政府", "县级政府", True, "北京市", "北京市", "朝阳区", "110105"),
    ("北京市朝阳区教育委员会", "县级部门", False, "北京市", "北京市", "朝阳区", "110105"),
    ("重庆市人民政府办公厅", "省级部门", False, "重庆市", None, None, "500000"),
    # 不设区的地级市 are cities, not counties
    ("东莞市人民政府", "地级政府", True, "广东省", "东莞市", None, "441900"),
    ("嘉峪关市人民政府", "地级政府", True, "甘肃省", "嘉峪关市", None, "620200"),
    ("仙桃市人民政府", "县级政府", True, "湖北省", None, "仙桃市", "429004"),
    # 行政公署 governs a 盟/地区
    ("阿拉善盟行政公署", "地级政府", True, "内蒙古自治区", "阿拉善盟", None, "152900"),
    # 管理委员会 is a 派出机构 only for a zone
    ("上海市住房和城乡建设管理委员会", "省级部门", False, "上海市", None, None, "310000"),
    ("中国证券监督管理委员会", "国务院部门", False, None, None, None, None),
    ("海关总署", "国务院部门", False, None, None, None, None),
    ("中国气象局", "国务院部门", False, None, None, None, None),
    ("江苏省气象局", "垂直管理", False, "江苏省", None, None, "320000"),
    ("淮安经济技术开发区管理委员会", "派出机构", False, "江苏省", "淮安市", "淮安经济技术开发区", "320871"),
    ("淮安经济技术开发区财政局", "县级部门", False, "江苏省", "淮安市", "淮安经济技术开发区", "320871"),
    ("广州开发区管理委员会", "派出机构", False, "广东省", "广州市", None, "440100"),
    # the region alone is its government's report ("2022年上海市政府信息公开工作年度报告")
    ("上海市", "省级政府", True, "上海市", None, None, "310000"),
    ("洪泽区政府", "县级政府", True, "江苏省", "淮安市", "洪泽区", "320813"),
    # places the 2023 table does not know (撤县设区, fictional): the printed suffix gives the tier
    ("淮安市洪泽县人民政府", "县级政府", True, "江苏省", "淮安市", None, "320800"),
    ("青山县审计局", "县级部门", False, None, None, None, None),
    ("示例市示例区人民政府办公室", "县级部门", False, None, None, None, None),
    ("青山市人民政府办公室", None, False, None, None, None, None),  # 市: 地级 or 县级, unknown
    ("审计局", None, False, None, None, None, None),
]


@pytest.mark.parametrize(("name", "level", "aggregate", "province", "city", "county", "code"), CASES)
def test_classify(name: str, level: str | None, aggregate: bool, province: str | None, city: str | None,
                  county: str | None, code: str | None) -> None:
    info = classify(name)
    assert (info.level, info.is_aggregate, info.province, info.city, info.county, info.region_code) == (
        level, aggregate, province, city, county, code)
    assert info.region_vintage == ("2023" if code else None)


def test_ambiguous_county_needs_the_portal_region() -> None:
    assert classify("鼓楼区人民政府").region_code is None  # 南京, 福州, 徐州, 开封 all have one
    assert classify("鼓楼区人民政府", region_hint="福州市").region_code == "350102"


@pytest.mark.parametrize(("name", "canonical"), [
    ("洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("江苏省淮安市洪泽区人民政府", "淮安市洪泽区人民政府"),
    ("江苏淮安经济技术开发区管理委员会", "淮安经济技术开发区管理委员会"),
    ("秦皇岛经济技术开发区管理委员会", "秦皇岛经济技术开发区管理委员会"),
    ("北京经济技术开发区管理委员会", "北京经济技术开发区管理委员会"),  # 北京 starts a proper name here
    ("吉林省吉林市人民政府", "吉林市人民政府"),
    ("上海市人民政府办公厅", "上海市人民政府办公厅"),
    ("洪泽区政府", "淮安市洪泽区人民政府"),  # short forms of the body's name are one agency
    ("太平镇政府", "太平镇人民政府"),
    ("洪泽区人民政府办", "淮安市洪泽区人民政府办公室"),
    ("秦皇岛经济技术开发区管委会", "秦皇岛经济技术开发区管理委员会"),
])
def test_canonical_name(name: str, canonical: str) -> None:
    assert canonical_name(name) == canonical


def test_the_portal_region_spells_out_a_name_shared_by_several_places() -> None:
    assert canonical_name("鼓楼区人民政府") == "鼓楼区人民政府"
    assert canonical_name("鼓楼区人民政府", region_hint="福建省福州市") == "福州市鼓楼区人民政府"
    assert canonical_name("鼓楼区人民政府", region_hint="江苏省南京市") == "南京市鼓楼区人民政府"


@pytest.mark.parametrize(("year", "level", "aggregate", "due", "basis"), [
    (2024, "县级政府", True, "2025-03-31", "本级政府"),
    (2024, None, True, "2025-03-31", "本级政府"),  # 洪河区人民政府: a government, region unknown
    (2024, "县级部门", False, "2025-01-31", "部门"),
    (2024, "省级部门", False, "2025-01-31", "部门"),  # 上海市人民政府办公厅 is a department
    (2024, "乡级", False, "2025-01-31", "假定"),
    (2024, "派出机构", True, "2025-01-31", "假定"),
    (2018, "县级部门", False, "2019-03-31", "2008"),
    (2018, "县级政府", True, "2019-03-31", "2008"),
    (2019, "省级部门", False, "2020-01-31", "部门"),
])
def test_deadline(year: int, level: str | None, aggregate: bool, due: str, basis: str) -> None:
    date, why = deadline(year, level, aggregate) or ("", "")
    assert date == due and basis in why


def test_no_year_no_deadline() -> None:
    assert deadline(None, "县级部门") is None
