"""The indicator catalogue, units, reading 指标数据.xlsx, and the data.* rules on
indicator figures — each test on a real workbook written with openpyxl.

The rules are not wired into run_audit yet: each test builds the AuditInput with
load_input and sets the catalogue and the data sheet itself.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml
from projectkit import HEADER, write_config, write_ledger

from docgen.audit import load_input
from docgen.errors import InputError
from docgen.indicators import figures_from_sheet, normalise, read_sheet, same_unit
from docgen.indicators.catalogue import standard_version
from docgen.load.datasheet import load_indicators, read_data_facts
from docgen.load.indicator_catalogue import load_catalogue
from docgen.model import Figure
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
    write_config(
        root,
        years=YEARS,
        guide=guide,
        city={"name": "示例市", "level": level, "province": "示例省", "fonds": "J012"},
    )
    write_ledger(root, {"2025": [HEADER]})
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


# ---------------------------------------------------------------- catalogue and units


def test_catalogue_names_every_confirmed_2021_indicator_and_the_demo_names():
    cat = load_catalogue()
    numbers = sorted(i.number for i in cat.indicators if i.number)
    assert numbers == list(range(33, 57))
    for n in [
        "建成区绿化覆盖率",
        "建成区 绿地率",
        "城市生活垃圾无害化处理率",
        "垃圾无害化处理率",
        "绿化覆盖率",
        "0–6岁儿童眼保健和视力检查率",
        "每千常住人口执业（助理）医师数",
        "空气质量优良天数比率",
        "优良天数",
        "免疫规划疫苗接种率",
        "适龄儿童建卡建证率",
        "green-coverage",
        "区域环境噪声",
    ]:
        assert cat.find(n) is not None, n
    assert cat.find("绿化复盖率") is None
    aliases = cat.aliases()
    assert aliases["垃圾无害化处理率"] == "garbage-harmless" and aliases["绿地率"] == "green-space"
    assert cat.get("green-coverage").unit == "%" and cat.get("green-coverage").range == (0, 100)


def test_thresholds_per_version_and_level():
    cat = load_catalogue()
    green = cat.get("green-coverage")
    assert green.threshold("2014").verified and green.threshold("2014").value == 36
    stand_in = green.threshold("2021")
    assert stand_in.source == "2014" and not stand_in.verified
    mental = cat.get("mental-standard-management")
    assert (
        mental.threshold("2021").verified and mental.threshold("2021", "county").verified is False
    )
    assert "县级" in mental.threshold("2021", "county").note
    garbage = cat.get("garbage-harmless").threshold("2014")
    assert not garbage.verified and garbage.readings == (90, 100)
    # 1–32 never get a 2021 value of their own
    for ind in cat.indicators:
        t = ind.threshold("2021")
        if t is not None and not ind.number:
            assert t.source == "2014" and not t.verified, ind.code
    assert standard_version("national-city-2014") == "2014"
    assert (
        standard_version("national-county-2021") == "2021"
        and standard_version("my-guide") == "2021"
    )


def test_malformed_catalogue_is_an_input_error(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("indicators:\n  - {code: x, name: 某指标, unit: 公斤}\n", encoding="utf-8")
    with pytest.raises(InputError, match="公斤"):
        load_catalogue(bad)
    bad.write_text(
        "indicators:\n  - {code: x, name: 某率, unit: '%', thresholds: [{version: '2021', op: '>=',"
        " value: 90}]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="verified"):
        load_catalogue(bad)
    bad.write_text(
        "indicators:\n  - {code: a, name: 甲率, unit: '%'}\n  - {code: b, name: 乙率, unit: '%',"
        " aliases: [甲率]}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="甲率"):
        load_catalogue(bad)
    bad.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(InputError, match="indicators"):
        load_catalogue(bad)


def test_project_catalogue_extends_builtin(tmp_path):
    own = tmp_path / "indicators.yaml"
    own.write_text(
        yaml.safe_dump(
            {
                "extends": "builtin",
                "indicators": [
                    {
                        "code": "garbage-harmless",
                        "thresholds": [
                            {
                                "version": "2021",
                                "op": ">=",
                                "value": 100,
                                "verified": False,
                                "source": "2014",
                            }
                        ],
                    }
                ],
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    cat = load_catalogue(own)
    assert cat.get("garbage-harmless").threshold("2021").value == 100
    assert cat.get("garbage-harmless").threshold("2014").value == 90  # other versions kept
    assert cat.find("绿化覆盖率").code == "green-coverage"


def test_units_convert_within_a_dimension_only():
    assert normalise(125, "万元", "元") == 1250000
    assert normalise(1250000, "元", "万元") == 125
    assert normalise(2.5, "平方千米", "平方米") == 2500000
    assert normalise(2500000, "㎡", "平方千米") == pytest.approx(2.5)
    assert normalise(350, "公顷", "平方千米") == pytest.approx(3.5)
    assert normalise(41.2, "百分比", "%") == 41.2 and normalise(41.2, "％", "%") == 41.2
    assert normalise(5, "‰", "%") == pytest.approx(0.5)
    assert normalise(326, "日", "天") == 326 and normalise(55, "dB(A)", "分贝") == 55
    assert normalise(79.5, "周岁", "岁") == 79.5 and normalise(40.6, None, "%") == 40.6
    assert normalise(3, "公斤", "%") is None and normalise(3, "天", "%") is None
    assert same_unit("平方米/人", "平方米") and same_unit(" % ", "%") and same_unit("人", "人/千人")
    assert not same_unit("万元", "元")


def test_reading_the_sheet(tmp_path):
    rows = [
        ["", "建成区绿化覆盖率（%）", "2025年", "41.20", None, ""],
        ["green-space", "", 2025, 37.5, "％", ""],
        ["", "建成区鼠、蚊、蝇、蟑螂的密度", 2025, "c级", "", ""],
        ["", "建成区面积（城东区）", 2025, 20.5, "平方千米", ""],
        ["", "绿化复盖率", 2025, 40, "%", ""],
        ["", "群众对卫生状况满意率", 2025, "待统计", "%", ""],
    ]
    ctx = project(tmp_path, rows)
    sheet = read_sheet(ctx.indicators, ctx.catalogue)
    figs = {f.indicator: f for f in figures_from_sheet(ctx.indicators, ctx.catalogue)}
    assert figs["green-coverage"].value == 41.2 and figs["green-coverage"].decimals == 2
    assert figs["green-coverage"].year == 2025 and figs["green-coverage"].row == 2
    assert figs["green-space"].file == DATA and figs["green-space"].sheet == "指标数据"
    assert figs["vector-density"].value == 3
    assert [(d.district, d.figure.indicator) for d in sheet.districts] == [
        ("城东区", "built-up-area")
    ]
    kinds = {s.kind: s for s in sheet.skipped}
    assert kinds["unknown-indicator"].suggestions[0] == "绿化覆盖率"
    assert kinds["bad-value"].indicator == "health-satisfaction" and kinds["bad-value"].row.row == 7


# ---------------------------------------------------------------- rules


def test_clean_sheet_gives_no_data_findings(tmp_path):
    assert run(project(tmp_path, clean_rows())) == []


def test_below_standard_verified_is_an_error(tmp_path):
    rows = clean_rows(mental_standard_management=[86.2, 83.6, 88.4])
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.severity) for f in found] == [("data.below-standard", "error")]
    f = found[0]
    assert f.row == row_of(rows, "严重精神障碍患者规范管理率", 2025) and f.sheet == "指标数据"
    assert f.file == DATA and f.column == "数值" and f.indicator == "mental-standard-management"
    assert f.year == 2025 and f.value == 83.6 and f.expected == "≥85%"
    assert "83.6%" in f.message and "2021版标准" in f.message and "未核实" not in f.message


def test_unverified_threshold_is_a_warning_naming_version_and_both_readings(tmp_path):
    rows = clean_rows(garbage_harmless=[100, 88.0, 100])
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.severity, f.year) for f in found] == [
        ("data.below-standard", "warning", 2025)
    ]
    msg = found[0].message
    assert "2021版标准" in msg and "参照2014版" in msg and "未核实" in msg
    assert "≥90%" in msg and "≥100%" in msg


def test_2014_guide_uses_2014_thresholds(tmp_path):
    rows = [["", "城市生活污水集中处理率", y, 80.0, "%", ""] for y in YEARS]
    rows += [["", "建成区绿化覆盖率", y, 35.0, "%", ""] for y in YEARS]
    ctx = project(tmp_path, rows, guide="national-city-2014")
    found = list(below_standard(ctx))
    sewage = [f for f in found if f.indicator == "sewage-treatment"]
    green = [f for f in found if f.indicator == "green-coverage"]
    assert len(sewage) == 3 and all(f.severity == "warning" for f in sewage)
    assert "（≥85%；2014版标准，未核实" in sewage[0].message and "≥100%" in sewage[0].message
    assert len(green) == 3 and all(f.severity == "error" for f in green)


def test_county_uses_city_values_as_unverified_default(tmp_path):
    rows = clean_rows(mental_standard_management=[86.2, 83.6, 88.4])
    found = run(project(tmp_path, rows, level="county"))
    assert [(f.rule, f.severity) for f in found] == [("data.below-standard", "warning")]
    assert "县级目标值未查到" in found[0].message


def test_trend_down_violated(tmp_path):
    rows = clean_rows(myopia=[52.6, 53.1, 53.1])
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.year) for f in found] == [
        ("data.below-standard", 2025),
        ("data.below-standard", 2026),
    ]
    assert "上升" in found[0].message and "逐年下降" in found[0].message
    assert f"第 {row_of(rows, '中小学生近视率', 2024)} 行" in found[0].message
    assert "持平" in found[1].message


def test_any_of_met_by_the_trend_branch(tmp_path):
    # above 5.6‰ but falling every year: "5.6‰ 或持续降低" is met
    assert run(project(tmp_path, clean_rows(infant_mortality=[6.4, 6.1, 5.9]))) == []


def test_any_of_missed_by_both_branches(tmp_path):
    found = run(project(tmp_path, clean_rows(infant_mortality=[6.0, 6.1, 5.9])))
    assert [(f.rule, f.year, f.severity) for f in found] == [("data.below-standard", 2025, "error")]
    assert "高于 5.6‰" in found[0].message and "上升" in found[0].message


def test_not_above_recent_mean(tmp_path):
    found = run(project(tmp_path, clean_rows(notifiable_disease_incidence=[180.2, 195.0, 170.3])))
    assert [(f.rule, f.year) for f in found] == [("data.below-standard", 2025)]
    assert "平均水平" in found[0].message


def test_recent_mean_without_history_is_reported_missing(tmp_path):
    rows = [r for r in clean_rows() if r[2] >= 2024]
    found = run(project(tmp_path, rows))
    assert {(f.rule, f.year) for f in found} == {
        ("data.missing-indicator", 2024),
        ("data.missing-indicator", 2025),
    }
    assert all(f.indicator == "notifiable-disease-incidence" for f in found)


def test_grade_below_c(tmp_path):
    found = run(project(tmp_path, clean_rows(vector_density=["C级", "D级", "C"])))
    assert [(f.rule, f.year) for f in found] == [("data.below-standard", 2025)]
    assert "D级" in found[0].message and "达到C级" in found[0].message and found[0].value == "D级"


def test_rate_above_100_is_out_of_range(tmp_path):
    rows = clean_rows(child_card=[97.2, 104.5, 98.1])
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.year) for f in found] == [("data.out-of-range", 2025)]
    f = found[0]
    assert (
        f.row == row_of(rows, "适龄儿童建卡建证率", 2025)
        and f.value == 104.5
        and "104.5%" in f.message
    )


def test_document_figure_out_of_range(tmp_path):
    ctx = project(tmp_path, clean_rows())
    ctx.statements = [
        Figure(
            indicator="health-satisfaction",
            year=2025,
            value=918.0,
            unit="%",
            decimals=0,
            source="document",
            file="archive/2025/01/J012-2025-D30-01-0003.pdf",
            archive_code="J012-2025-D30-01-0003",
            text="满意率为918%",
        )
    ]
    found = run(ctx)
    assert [(f.rule, f.file, f.archive_code) for f in found] == [
        ("data.out-of-range", "archive/2025/01/J012-2025-D30-01-0003.pdf", "J012-2025-D30-01-0003")
    ]
    assert found[0].sheet is None and "满意率为918%" in found[0].message


def test_part_above_whole_names_both_rows(tmp_path):
    rows = clean_rows(green_space=[36.9, 37.5, 42.3])
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.year) for f in found] == [("data.logic", 2026)]
    f = found[0]
    assert f.row == row_of(rows, "建成区绿地率", 2026)
    assert f"第 {row_of(rows, '建成区绿化覆盖率', 2026)} 行" in f.message
    assert "建成区绿地率" in f.message and "建成区绿化覆盖率" in f.message and "42.3%" in f.message


def test_rate_disagrees_with_numerator_and_denominator(tmp_path):
    rows = clean_rows() + [
        ["", "免疫规划疫苗接种人数", 2025, 9520, "人", ""],
        ["", "应种人数", 2025, 10000, "人", ""],
        ["", "免疫规划疫苗接种人数", 2026, 9890, "人", ""],
        ["", "免疫规划疫苗应种人数", 2026, 10000, "人", ""],
    ]
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.year) for f in found] == [("data.logic", 2025)]
    f = found[0]
    assert f.row == row_of(rows, "免疫规划疫苗接种率", 2025) and f.expected == 95.2
    assert "98.8%" in f.message and "95.2%" in f.message and "9520" in f.message


def test_district_figures_must_add_up(tmp_path):
    rows = clean_rows() + [
        ["", "建成区面积", 2025, 86.4, "平方千米", ""],
        ["", "建成区面积（城东区）", 2025, 40.2, "平方千米", ""],
        ["", "建成区面积（城西区）", 2025, 41.1, "平方千米", ""],
        ["", "建成区面积", 2026, 88.0, "平方千米", ""],
        ["", "建成区面积（城东区）", 2026, 44.0, "平方千米", ""],
        ["", "建成区面积(城西区)", 2026, 44.0, "平方千米", ""],
    ]
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.year) for f in found] == [("data.logic", 2025)]
    assert (
        "城东区" in found[0].message and "城西区" in found[0].message and "81.3" in found[0].message
    )


def test_wan_yuan_converted_to_yuan_and_back(tmp_path):
    rows = clean_rows() + [["", "爱国卫生工作经费", 2025, 1250000, "元", "财政局"]]
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.severity, f.column) for f in found] == [("data.unit", "warning", "单位")]
    assert (
        "“元”" in found[0].message
        and "125 万元" in found[0].message
        and found[0].expected == "万元"
    )


def test_square_metres_converted_to_square_kilometres(tmp_path):
    rows = clean_rows() + [
        ["", "建成区面积", 2025, 86400000, "平方米", ""],
        ["", "建成区绿化覆盖面积", 2025, 3559.7, "公顷", ""],
    ]
    ctx = project(tmp_path, rows)
    found = run(ctx)
    assert [f.rule for f in found] == ["data.unit"] and "86.4 平方千米" in found[0].message
    area = [
        f
        for f in figures_from_sheet(ctx.indicators, ctx.catalogue)
        if f.indicator == "built-up-area"
    ]
    assert area[0].value == pytest.approx(86.4)


def test_unconvertible_unit_leaves_the_row_out(tmp_path):
    rows = clean_rows()
    rows[row_of(rows, "建成区绿化覆盖率", 2025) - 2][4] = "公顷"
    found = run(project(tmp_path, rows))
    assert {(f.rule, f.year) for f in found} == {
        ("data.unit", 2025),
        ("data.missing-indicator", 2025),
    }
    u = next(f for f in found if f.rule == "data.unit")
    assert u.severity == "warning" and "无法换算" in u.message and u.value == "公顷"


def test_missing_year_is_reported_with_the_place_to_add_it(tmp_path):
    rows = [r for r in clean_rows() if not (r[1] == "孕产妇死亡率" and r[2] == 2026)]
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.severity, f.year, f.indicator) for f in found] == [
        ("data.missing-indicator", "warning", 2026, "maternal-mortality")
    ]
    assert (
        "2026" in found[0].message
        and "工作表“指标数据”" in found[0].message
        and DATA in found[0].message
    )


def test_unknown_name_and_bad_value_rows(tmp_path):
    rows = clean_rows() + [["", "绿化复盖率", 2025, 41.2, "%", ""]]
    rows[row_of(rows, "婴儿死亡率", 2026) - 2][3] = "待统计"
    found = run(project(tmp_path, rows))
    assert [(f.rule, f.row) for f in found] == [
        ("data.missing-indicator", row_of(rows, "婴儿死亡率", 2026)),
        ("data.missing-indicator", len(rows) + 1),
    ]
    bad, unknown = found
    assert bad.year == 2026 and "待统计" in bad.message and bad.column == "数值"
    assert (
        unknown.severity == "warning"
        and "绿化复盖率" in unknown.message
        and "绿化覆盖率" in unknown.message
    )


def test_no_catalogue_or_no_sheet_gives_nothing(tmp_path):
    ctx = project(tmp_path, clean_rows(child_card=[97.2, 104.5, 98.1]))
    ctx.catalogue = None
    assert run(read_data_facts(ctx)) == []
    ctx.catalogue = load_catalogue()
    ctx.indicators = load_indicators(tmp_path, "nowhere.xlsx")
    assert run(read_data_facts(ctx)) == []


def test_every_data_rule_words_its_findings_from_the_catalogue():
    """No data rule passes its message through the catalogue's transition fallback."""
    from docgen.catalogue import CATALOGUE

    for rule_fn in DATA_RULES:
        assert CATALOGUE[rule_fn.rule_id].messages, rule_fn.rule_id
