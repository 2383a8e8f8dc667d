"""The demo's fictional city: 江临市, 东川省. Every name, person and phone number
here is made up."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

CITY = "江临市"
PROVINCE = "东川省"
FONDS = "J012"
YEARS = (2024, 2025, 2026)
LAST_MONTH = 10  # the demo's last year is filed up to October
GUIDE = "national-city-2021"
# The day the demo is audited as of (docgen audit --today 2026-11-01): the planted
# data.overdue holds for any day from 2026-09-01 to 2027-03-31, when the open
# problems' deadlines pass.
DEMO_TODAY = dt.date(2026, 11, 1)


@dataclass(frozen=True)
class MemberUnit:
    key: str  # how the document plan refers to the unit
    name: str
    aliases: str  # 简称, comma-separated as in 成员单位.xlsx
    contact: str
    prefix: str  # 机关代字 of its 文号


# fmt: off
UNITS: tuple[MemberUnit, ...] = (
    MemberUnit("awh", "江临市爱国卫生运动委员会", "市爱卫会,爱卫会", "陈立新", "江爱卫"),
    MemberUnit("awb", "江临市爱国卫生运动委员会办公室", "市爱卫办,爱卫办,市创卫办", "王晓燕",
        "江爱卫办"),
    MemberUnit("gov", "江临市人民政府办公室", "市政府办,市政府办公室", "刘建国", "江政办发"),
    MemberUnit("cgj", "江临市城市管理局", "市城管局,城管局", "赵敏", "江城管发"),
    MemberUnit("wjw", "江临市卫生健康委员会", "市卫健委,卫健委", "孙志强", "江卫健发"),
    MemberUnit("sthj", "江临市生态环境局", "市生态环境局,生态环境局", "周丽华", "江环发"),
    MemberUnit("scjg", "江临市市场监督管理局", "市市场监管局,市场监管局", "吴海峰", "江市监发"),
    MemberUnit("jy", "江临市教育局", "市教育局,教育局", "郑雪梅", "江教发"),
    MemberUnit("zjj", "江临市住房和城乡建设局", "市住建局,住建局", "冯国栋", "江建发"),
    MemberUnit("jk", "江临市疾病预防控制中心", "市疾控中心,疾控中心", "何静", "江疾控发"),
    MemberUnit("sw", "江临市水务局", "市水务局,水务局", "许文斌", "江水发"),
    MemberUnit("wlt", "江临市文化广电旅游体育局", "市文广旅体局,文广旅体局", "韩晓东",
        "江文旅体发"),
    MemberUnit("xcb", "中共江临市委宣传部", "市委宣传部,宣传部", "曹颖", "江宣发"),
    MemberUnit("jt", "江临市交通运输局", "市交通运输局,交通运输局", "彭涛", "江交发"),
    MemberUnit("sw2", "江临市商务局", "市商务局,商务局", "邓凯", "江商发"),
    MemberUnit("ga", "江临市公安局", "市公安局,公安局", "萧雅琴", "江公发"),
)
# fmt: on
UNIT = {u.key: u for u in UNITS}


def phone(index: int) -> str:
    """A made-up office number in the 0000- area, which no real city uses."""
    return f"0000-68{10 + index:02d}{300 + 7 * index:03d}"


# A unit that is not on the member-unit list: planted in the problem list.
UNKNOWN_UNIT = "江临市环境卫生管理处"


@dataclass(frozen=True)
class Indicator:
    name: str
    unit: str
    values: tuple[float | str, float | str, float | str]  # 2024, 2025, 2026 ("C级" for a grade)
    source: str  # unit key


# Figures for 2024–2026. The 2025 严重精神障碍患者规范管理率 is below the 2021
# standard's 85 %, the 2025 重点行业和单位防蝇和防鼠设施合格率 below its 95 % (a 必备条件),
# and in 2026 建成区绿地率 exceeds 建成区绿化覆盖率 (which cannot be): all are planted
# for the data checks and listed in 问题说明.md.
# fmt: off
INDICATORS: tuple[Indicator, ...] = (
    Indicator("建成区绿化覆盖率", "%", (40.6, 41.2, 41.8), "zjj"),
    Indicator("建成区绿地率", "%", (36.9, 37.5, 42.3), "zjj"),
    Indicator("人均公园绿地面积", "平方米", (14.1, 14.6, 15.0), "zjj"),
    Indicator("生活垃圾无害化处理率", "%", (100, 100, 100), "cgj"),
    Indicator("生活垃圾回收利用率", "%", (36.5, 38.2, 40.1), "cgj"),
    Indicator("城市生活污水集中处理率", "%", (95.8, 96.3, 96.9), "sw"),
    Indicator("空气质量优良天数比率", "%", (88.5, 89.3, 90.1), "sthj"),
    Indicator("空气质量优良天数", "天", (324, 326, 329), "sthj"),
    Indicator("群众对卫生状况满意率", "%", (91.3, 92.1, 93.0), "awb"),
    Indicator("居民健康素养水平", "%", (28.6, 31.2, 33.5), "wjw"),
    Indicator("15岁以上人群吸烟率", "%", (22.1, 21.5, 20.8), "wjw"),
    Indicator("中小学生近视率", "%", (52.6, 51.9, 51.2), "jy"),
    Indicator("中小学生肥胖率", "%", (11.8, 11.5, 11.2), "jy"),
    Indicator("食品生产经营风险分级管理率", "%", (96.5, 97.2, 98.0), "scjg"),
    Indicator("婴儿死亡率", "‰", (3.1, 2.9, 2.8), "wjw"),
    Indicator("5岁以下儿童死亡率", "‰", (4.2, 4.0, 3.8), "wjw"),
    Indicator("孕产妇死亡率", "1/10万", (8.6, 8.1, 7.9), "wjw"),
    Indicator("人均预期寿命", "岁", (79.2, 79.5, 79.7), "wjw"),
    Indicator("免疫规划疫苗接种率", "%", (98.6, 98.8, 98.9), "jk"),
    Indicator("适龄儿童建卡建证率", "%", (97.2, 97.6, 98.1), "jk"),
    Indicator("3岁以下儿童系统管理率", "%", (92.4, 93.1, 93.8), "wjw"),
    Indicator("0-6岁儿童眼保健和视力检查率", "%", (93.5, 94.8, 95.6), "wjw"),
    Indicator("严重精神障碍患者规范管理率", "%", (86.2, 83.6, 88.4), "wjw"),
    Indicator("重点行业和单位防蝇和防鼠设施合格率", "%", (95.8, 94.2, 97.1), "awb"),
    Indicator("存在职业病目录所列职业病危害因素的企业职业病危害项目申报率", "%", (92.5, 94.1,
        95.3), "wjw"),
    Indicator("个人卫生支出占卫生总费用的比重", "%", (24.6, 24.1, 23.7), "wjw"),
    Indicator("甲、乙类法定传染病报告发病率", "1/10万", (178.2, 174.5, 170.9), "jk"),
    Indicator("重大慢性病过早死亡率", "%", (15.8, 15.3, 14.9), "wjw"),
    Indicator("建成区鼠、蚊、蝇、蟑螂的密度", "级", ("C级", "C级", "C级"), "jk"),
    # the 2014 必备条件 “近3年无…”: counts, none in the window
    Indicator("重大环境污染和生态破坏事故", "起", (0, 0, 0), "sthj"),
    Indicator("重大食品安全事故", "起", (0, 0, 0), "scjg"),
    Indicator("重大职业病危害事故", "起", (0, 0, 0), "wjw"),
    Indicator("重大实验室生物安全事故", "起", (0, 0, 0), "jk"),
    Indicator("甲、乙类传染病暴发流行", "起", (0, 0, 0), "jk"),
    Indicator("建成区烟草广告", "处", (0, 0, 0), "scjg"),
)
# Years before the window, for a target set against the mean of the last 5 years.
# They follow the window's rows at the end of data/指标数据.xlsx.
HISTORY: dict[str, dict[int, float]] = {
    "甲、乙类法定传染病报告发病率": {2019: 215.3, 2020: 168.4, 2021: 181.7, 2022: 176.9,
        2023: 192.6},
}
# fmt: on
INDICATOR = {i.name: i for i in INDICATORS}
BELOW_STANDARD = ("严重精神障碍患者规范管理率", 2025)
# A 必备条件 missed: the 2025 figure is below 95 %; the year's 防蝇防鼠设施检查记录 states it
# (its 档号 is the evidence in the 必备条件完成情况 table).
PREREQUISITE_BELOW = ("重点行业和单位防蝇和防鼠设施合格率", 2025)
LOGIC_BREAK = ("建成区绿地率", "建成区绿化覆盖率", 2026)


# A 住建局 report that states a figure differently from data/指标数据.xlsx.
MISMATCH = ("建成区绿化覆盖率", 2025, "40.1")
# A 城管局 总结 filed as a scan states this figure 1.4 below the data sheet's: only OCR reads it.
SCAN_MISMATCH = ("生活垃圾无害化处理率", 2024)


def indicator_row(name: str, year: int) -> int:
    """The spreadsheet row of an indicator's value in data/指标数据.xlsx (header on row 1)."""
    index = [i.name for i in INDICATORS].index(name)
    return 2 + index * len(YEARS) + YEARS.index(year)


def figure(name: str, year: int) -> str:
    """An indicator's value as written in documents: 41.2, 100."""
    value = INDICATOR[name].values[YEARS.index(year)]
    return value if isinstance(value, str) else f"{value:g}"


# The city profile in docgen.yaml (for the dossier's 城市基本情况 and 爱卫会机构设置).
PROFILE = """\
  # 城市基本情况（申报材料用）：面积单位平方千米，人口单位万人，地区生产总值单位亿元
  area: 2156.8
  built_up_area: 86.5
  population: 128.6
  gdp: 1586.2
  streets: 12
  townships: 9
  communities: 96
  # 辖区：名称，冒号后可写一句说明
  districts:
    城东区: 老城区，市委、市政府驻地
    城西区:
    江临新区: 省级经济开发区所在地
    临江县:
  summary:
    - 江临市地处东川省东部，东河穿城而过，是省内重要的交通枢纽和商贸中心。
  # 爱卫会组成和爱卫办设置（申报材料“爱卫会机构设置及人员组成”用，可不写）
  committee:
    director: 李文华（市长）
    deputies: [张明（副市长）, 赵红梅（市政府秘书长）, 周建新（市卫生健康委员会主任）]
    office: 市爱卫办设在市卫生健康委员会，相对独立设置，负责爱卫会日常工作。
    staff: 行政编制6名，现有在编人员6名
"""
