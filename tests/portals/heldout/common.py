"""What a held-out portal is: its routes (for tests/portals/server.py), its entry points, and the ground truth
(the URLs of the report pages a complete crawl archives). Report bodies come from tests/portals/report.py; the
listing markup, URL schemes and endpoints are what each module replays from real sites."""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field

from report import tables_html
from sites import Resource

HTML = "text/html; charset=utf-8"


@dataclass
class Portal:
    name: str
    entries: list[tuple[str, str]]  # (portal name, entry URL)
    routes: dict[str, Resource | Callable] = field(default_factory=dict)
    reports: set[str] = field(default_factory=set)  # report page URLs (ground truth)
    distractors: set[str] = field(default_factory=set)  # item pages that are not reports

    def page(self, url: str, html: str, content_type: str = HTML, encoding: str = "utf-8") -> None:
        self.routes[url] = Resource(html.encode(encoding), content_type)

    def json(self, url: str, obj: object) -> None:
        self.routes[url] = Resource(json.dumps(obj, ensure_ascii=False).encode(), "application/json;charset=UTF-8")


def seed(agency: str, year: int) -> int:
    return zlib.crc32(f"{agency}{year}".encode())


def report_body(agency: str, year: int) -> str:
    """The report text as published in an HTML article (title line, period, six sections, three tables)."""
    return (f"<p>本报告根据《中华人民共和国政府信息公开条例》编制，所列数据的统计期限自{year}年1月1日起至"
            f"{year}年12月31日止。</p>" + tables_html(agency, year, seed(agency, year)))


def interpretation_body(agency: str, year: int) -> str:
    """A 解读 article: talks about the report, has none of its tables."""
    return (f"<p>近日，{agency}发布了{year}年政府信息公开工作年度报告。报告显示，{year}年全年主动公开政府信息"
            "数量稳步增长，依申请公开办理规范有序。</p><p>下一步，将继续深化政务公开，提升公开质效。</p>")


def picture_body(title: str) -> str:
    """A 图解 / 一图读懂 article: images only."""
    return f'<p style="text-align:center"><img src="./W020240201_tujie.jpg" alt="{title}" /></p>'


def notice_body(year: int) -> str:
    """A notice asking the bodies for their reports: it names the six parts of the format, as real ones do."""
    return (f"<p>各乡镇人民政府、县政府各部门：</p><p>根据《中华人民共和国政府信息公开条例》要求，现就做好{year}年政府信息"
            "公开工作年度报告编制发布工作通知如下：</p><p>一、报告内容。年度报告应包括：一、总体情况；二、主动公开政府信息"
            "情况；三、收到和处理政府信息公开申请情况；四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；"
            f"六、其他需要报告的事项。</p><p>二、时间要求。请于{year + 1}年1月31日前在本单位政府信息公开平台发布。</p>")


def news_body(title: str) -> str:
    return f"<p>{title}。会议强调，要进一步提高认识，压实责任，推动政务公开工作提质增效。</p>"
