"""Helpers of the indicator tests (test_data_indicators.py, test_data_indicator_rules.py):
a clean 指标数据 sheet, a project with it, the data rules run on its input."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from projectkit import project as ledger_project

from docgen.audit import load_input
from docgen.load.datasheet import load_indicators, read_data_facts
from docgen.load.indicator_catalogue import load_catalogue
from docgen.rules.data.below_standard import below_standard
from docgen.rules.data.logic import logic
from docgen.rules.data.missing_indicator import missing_indicator
from docgen.rules.data.out_of_range import out_of_range
from docgen.rules.data.unit import unit_mismatch

YEARS = [2024, 2025, 2026]
DATA = "data/指标数据.xlsx"
COLUMNS = ["指标代码", "指标名称", "年度", "数值", "单位", "来源"]
DATA_RULES = (below_standard, out_of_range, logic, unit_mismatch, missing_indicator)

# every indicator the 2021 standard sets a checkable target for, passing it, 2024–2026
CLEAN_2021: dict[str, tuple[str, list, str]] = {
    "health-satisfaction": ("群众对卫生状况满意率", [91.3, 92.1, 93.0], "%"),
    "garbage-harmless": ("生活垃圾无害化处理率", [100, 100, 100], "%"),
    "sewage-treatment": ("城市生活污水集中处理率", [95.8, 96.3, 96.9], "%"),
    "green-coverage": ("建成区绿化覆盖率", [40.6, 41.2, 41.8], "%"),
    "green-space": ("建成区绿地率", [36.9, 37.5, 38.0], "%"),
    "park-green-per-capita": ("人均公园绿地面积", [14.1, 14.6, 15.0], "平方米"),
    "air-good-days": ("空气质量优良天数", [324, 326, 329], "天"),
    "air-good-rate": ("空气质量优良天数比率", [88.5, 89.3, 90.1], "%"),
    "myopia": ("中小学生近视率", [52.6, 51.9, 51.2], "%"),
    "obesity": ("中小学生肥胖率", [11.8, 11.5, 11.2], "%"),
    "occupational-hazard-declaration": ("职业病危害项目申报率", [93.5, 94.2, 95.0], "%"),
    "food-risk-grading": ("食品生产经营风险分级管理率", [96.5, 97.2, 98.0], "%"),
    "personal-health-spending": ("个人卫生支出占卫生总费用的比重", [26.1, 25.4, 24.8], "%"),
    "notifiable-disease-incidence": ("甲乙类法定传染病报告发病率", [180.2, 175.6, 170.3], "1/10万"),
    "infant-mortality": ("婴儿死亡率", [3.1, 2.9, 2.8], "‰"),
    "under5-mortality": ("5岁以下儿童死亡率", [4.2, 4.0, 3.8], "‰"),
    "maternal-mortality": ("孕产妇死亡率", [8.6, 8.1, 7.9], "1/10万"),
    "life-expectancy": ("人均预期寿命", [79.2, 79.5, 79.7], "岁"),
    "immunisation": ("免疫规划疫苗接种率", [98.6, 98.8, 98.9], "%"),
    "child-card": ("适龄儿童建卡建证率", [97.2, 97.6, 98.1], "%"),
    "child-management": ("3岁以下儿童系统管理率", [92.4, 93.1, 93.8], "%"),
    "child-eye-care": ("0-6岁儿童眼保健和视力检查率", [93.5, 94.8, 95.6], "%"),
    "premature-chronic-mortality": ("重大慢性病过早死亡率", [15.2, 14.9, 14.6], "%"),
    "mental-standard-management": ("严重精神障碍患者规范管理率", [86.2, 87.0, 88.4], "%"),
    "beds-per-1000": ("每千常住人口医疗卫生机构床位数", [6.8, 7.0, 7.1], "张"),
    "vector-density": ("建成区鼠、蚊、蝇、蟑螂的密度", ["C级", "B级", "B级"], "级"),
    "fly-rat-proofing": ("重点行业和单位防蝇和防鼠设施合格率", [95.8, 96.4, 97.1], "%"),
}
# 不高于近5年平均水平 needs earlier years
HISTORY = [
    ["", "甲乙类法定传染病报告发病率", y, v, "1/10万", "卫健委"]
    for y, v in [(2019, 201.0), (2020, 190.5), (2021, 188.0), (2022, 185.1), (2023, 183.0)]
]


def clean_rows(**changes: list) -> list[list]:
    """Data rows for CLEAN_2021 (with some indicators' three values replaced)."""
    rows = list(HISTORY)
    for code, (name, values, u) in CLEAN_2021.items():
        for year, value in zip(YEARS, changes.get(code.replace("-", "_"), values), strict=True):
            rows.append(["", name, year, value, u, "示例市卫生健康委员会"])
    return rows


def write_data(root: Path, rows: list[list], sheet: str = "指标数据") -> Path:
    path = root / DATA
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(COLUMNS)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def project(
    tmp_path: Path, rows: list[list], level: str = "city", guide: str = "national-city-2021"
):
    root = tmp_path / "p"
    ledger_project(
        root,
        [],
        archive=False,
        years=YEARS,
        guide=guide,
        city={"name": "示例市", "level": level, "province": "示例省", "fonds": "J012"},
    )
    write_data(root, rows)
    ctx = load_input(root, inspect=False)
    ctx.catalogue = load_catalogue()
    ctx.indicators = load_indicators(root, DATA)
    return read_data_facts(ctx)


def run(ctx, *rules) -> list:
    return [f for r in (rules or DATA_RULES) for f in r(ctx)]


def row_of(rows: list[list], name: str, year: int) -> int:
    """The spreadsheet row (header = 1) of a data row."""
    return next(i for i, r in enumerate(rows, 2) if r[1] == name and r[2] == year)
