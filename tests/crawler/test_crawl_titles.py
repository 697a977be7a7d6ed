"""The one title grammar (parsers/titles.py) as the crawler and the parser read it, on real title shapes.

Sources of the titles, by row comment: [sm] the 三明 list answer of reference/real-pages, [od] the 鄂尔多斯
list page of reference/real-pages, [pt] the Pingtan list page of reference/samples/pages, [ex] the
excerpts of reference/samples/excerpts, [seed] portals of reference/spec/portals-seed.csv, [i8] shapes
named in issue 8 (a real portal's titles that were missed), [desc] shapes only described in
FORMAT.md/PORTALS.md.
"""

from __future__ import annotations

import pytest

from crawler.titles import is_column_link, is_disclosure_link, is_subcolumn_link, report_title
from parsers.meta import agency_from_title, title_year
from parsers.titles import is_related

REPORTS = [  # (title, agency, year)
    ("三明市2025年政府信息公开工作年度报告", "三明市", 2025),  # [sm]
    ("三明市2013年政府信息公开工作年度报告", "三明市", 2013),  # [sm]
    ("鄂尔多斯市人民政府办公室2019年政府信息公开工作年度报告", "鄂尔多斯市人民政府办公室", 2019),  # [od]
    ("鄂尔多斯市2018年政府信息公开年度报告", "鄂尔多斯市", 2018),  # [od]
    ("内蒙古自治区2018年政府信息公开工作年度报告", "内蒙古自治区", 2018),  # [od]
    ("平潭综合实验区2025年度政府信息公开工作年度报告", "平潭综合实验区", 2025),  # [pt]
    ("2022年湖口县卫生健康委员会信息公开年报", "湖口县卫生健康委员会", 2022),  # [ex]
    ("桃江县鲊埠回族乡2021年政府信息公开工作年度报告", "桃江县鲊埠回族乡", 2021),  # [ex]
    ("汉台区徐望镇人民政府2025年政府信息公开工作年度报告", "汉台区徐望镇人民政府", 2025),  # [ex]
    ("2023年政府信息公开工作年度报告", None, 2023),  # [ex]
    ("2020年报_审计局", None, 2020),  # [ex] a flipbook page title
    ("2022年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2022),  # [ex]
    ("淮安市洪泽区人民政府\n2023年政府信息公开工作年度报告", "淮安市洪泽区人民政府", 2023),  # [ex] wrapped
    ("舒兰市2016年政务信息公开年度报告", "舒兰市", 2016),  # [desc]
    ("市扶农办2016年度政府信息公开工作报告", "市扶农办", 2016),  # [i8] 年度 + 工作报告
    ("张家口市民政局2021年度政府信息公开工作报告", "张家口市民政局", 2021),  # [i8]
    ("青山县林业局政府信息公开报告", "青山县林业局", None),  # [i8] 政府信息公开报告, no year
    ("青山县林业局2012年政府信息公开报告", "青山县林业局", 2012),  # [i8]
    ("关于报送《青山县交通局2010年政府信息公开工作情况》的函", "青山县交通局", 2010),  # [i8] a letter carrying it
    ("关于印发《青山县2011年政府信息公开工作年度报告》的通知", "青山县", 2011),  # [i8]
    ("二○二三年青山县人民政府政府信息公开工作年度报告", "青山县人民政府", 2023),  # [i8] ○ (U+25CB)
    ("青山县人民政府二〇二二年政府信息公开工作年度报告", "青山县人民政府", 2022),  # [i8] 〇 (U+3007)
    ("青山县民政局2009年政府信息公开工作年报", "青山县民政局", 2009),  # [i8]
    ("青山县2024工作年度政府信息公开年报", "青山县", 2024),  # [i8] 工作年度
    ("青山县民政局政府信息公开工作年度报告（2023年度）", "青山县民政局", 2023),  # [desc] year after
    ("青山县教育局2023年政府信息公开工作年度报告（更正版）", "青山县教育局", 2023),  # [desc]
    ("政府信息公开工作年度报告", None, None),  # [ex] neither year nor agency: the content decides
    ("【2023年】青山县水利局政府信息公开工作年度报告", "青山县水利局", 2023),  # [desc] a list decoration
]

NOT_REPORTS = [
    "图解：三明市2023年政府信息公开工作年度报告",  # related documents [i8]
    "一图读懂2023年政府信息公开工作年度报告",
    "《青山县2023年政府信息公开工作年度报告》解读",
    "青山县2023年政府信息公开工作年度报告（H5版）",
    "青山县2023年政府信息公开工作年度报告（图文版）",
    "一图读懂示范区2017年重点工作",  # [od]
    "恩格贝生态示范区召开2020年度工作会暨党风廉政建设会议",  # [od] news
    "2016，恩格贝，精彩继续！",  # [od]
    "示例县政府信息公开指南", "示例县政府信息公开制度", "2023年度部门预决算公开", "2024年政务公开工作要点",  # [desc]
    "关于做好2023年政府信息公开工作年度报告编制工作的通知",
    "2022年度部门决算", "2023年统计年报", "企业年报公示", "新闻中心", "",
    "青山县2023年政府信息公开情况统计表",  # tables without the report words
    "关于报送2023年度安全生产工作情况的函",  # a letter, but not about disclosure
    "我县召开2023年政府信息公开工作年度报告编制培训会",  # news about the reports
    "关于2023年度政府信息公开工作年度报告检查情况的通报",
    "2023年度政府信息公开工作年度报告第三方评估报告",
]


@pytest.mark.parametrize("title, agency, year", REPORTS)
def test_report_titles(title, agency, year):
    info = report_title(title)
    assert info is not None
    assert (info.agency, info.year) == (agency, year)


@pytest.mark.parametrize("title, agency, year", [r for r in REPORTS if "_" not in r[0]])
def test_parser_reads_the_same_title(title, agency, year):
    """One grammar: the parser's title reading agrees with the crawler's."""
    assert title_year(title) == year
    assert agency_from_title(title) == agency


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_lookalikes_and_related_documents_refused(title):
    assert report_title(title) is None


def test_related_documents_are_named():
    assert is_related("图解：三明市2023年政府信息公开工作年度报告")
    assert not is_related("三明市2023年政府信息公开工作年度报告")


def test_column_links():
    assert is_column_link("政府信息公开年报", "/zfxxgk/zfxxgknb/")
    assert is_column_link("", "/xxgk/xxgknb_9490/")
    assert is_column_link("年度报告", "/col/col123/index.html")
    assert is_column_link("政府信息公开年报", "/gkmlpt/api/all/2846")
    assert not is_column_link("示例县2024年政府信息公开工作年度报告", "/zfxxgknb/202501/t20250120_1.html")
    assert not is_column_link("二○二四年政府信息公开年报", "/zfxxgknb/")  # a report: it has a year
    assert is_disclosure_link("政府信息公开", "/zfxxgk/")
    assert not is_disclosure_link("新闻中心", "/xwzx/")


def test_subcolumns():
    col = "/zfxxgk/zfxxgknb/"
    assert is_subcolumn_link("部门信息公开年报", "/zfxxgk/zfxxgknb/bmnb/", col)
    assert is_subcolumn_link("2024年", "/zfxxgk/zfxxgknb/2024n/", col)
    assert is_subcolumn_link("乡镇街道", "/zfxxgk/zfxxgknb/xzjd/", col)
    assert is_subcolumn_link("区政府工作部门年报", "/col/col1229/index.html", col)
    assert not is_subcolumn_link("示例县政府信息公开指南", "/zfxxgk/zfxxgknb/202402/t20240201_9001.html", col)
    assert not is_subcolumn_link("示例县2024年政府信息公开工作年度报告", "/zfxxgk/zfxxgknb/2024n/", col)
    assert not is_subcolumn_link("图解2024年政府信息公开工作年度报告", "/zfxxgk/zfxxgknb/tj/", col)
    assert not is_subcolumn_link("首页", "/", col)


def test_yearless_report_title_linking_an_article_is_not_a_column() -> None:
    assert not is_column_link("青山县民政局政府信息公开工作年度报告", "/zfxxgk/zfxxgknb/202401/t20240115_3271106.html")
    assert is_column_link("政府信息公开年报", "/zfxxgk/zfxxgknb/")
