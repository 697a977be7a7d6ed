"""Report titles, look-alikes and column links (FORMAT.md §7.1, PORTALS.md)."""

from __future__ import annotations

import pytest

from crawler.titles import is_column_link, is_disclosure_link, is_subcolumn_link, report_title


@pytest.mark.parametrize("title, agency, year", [
    ("平潭综合实验区2025年度政府信息公开工作年度报告", "平潭综合实验区", 2025),
    ("2022年上海市人民政府办公厅政府信息公开工作年度报告", "上海市人民政府办公厅", 2022),
    ("淮安市洪泽区人民政府\n2023年政府信息公开工作年度报告", "淮安市洪泽区人民政府", 2023),
    ("2020年报_审计局", None, 2020),
    ("舒兰市2016年政务信息公开年度报告", "舒兰市", 2016),
    ("政府信息公开工作年度报告", None, None),
])
def test_report_titles(title, agency, year):
    info = report_title(title)
    assert info is not None
    assert (info.agency, info.year) == (agency, year)


@pytest.mark.parametrize("title", [
    "示例县政府信息公开指南", "示例县政府信息公开制度", "2023年度部门预决算公开", "2024年政务公开工作要点",
    "关于做好2023年政府信息公开工作年度报告编制工作的通知", "2022年度部门决算", "新闻中心", "",
])
def test_lookalikes_refused(title):
    assert report_title(title) is None


def test_column_links():
    assert is_column_link("政府信息公开年报", "/zfxxgk/zfxxgknb/")
    assert is_column_link("", "/xxgk/xxgknb_9490/")
    assert is_column_link("年度报告", "/col/col123/index.html")
    assert not is_column_link("示例县2024年政府信息公开工作年度报告", "/zfxxgknb/202501/t20250120_1.html")
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
    assert not is_subcolumn_link("首页", "/", col)


def test_yearless_report_title_linking_an_article_is_not_a_column() -> None:
    assert not is_column_link("青山县民政局政府信息公开工作年度报告", "/zfxxgk/zfxxgknb/202401/t20240115_3271106.html")
    assert is_column_link("政府信息公开年报", "/zfxxgk/zfxxgknb/")
