"""The data.* rules on indicator figures — each test on a real workbook written with openpyxl.

The rules are not wired into run_audit yet: each test builds the AuditInput with
load_input and sets the catalogue and the data sheet itself.
"""

from __future__ import annotations

import pytest
from indicatorkit import (
    DATA,
    DATA_RULES,
    YEARS,
    clean_rows,
    project,
    row_of,
    run,
)

from docgen.indicators import figures_from_sheet
from docgen.load.datasheet import load_indicators, read_data_facts
from docgen.load.indicator_catalogue import load_catalogue
from docgen.model import Figure
from docgen.rules.data.below_standard import below_standard

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
