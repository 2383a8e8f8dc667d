"""The indicator catalogue, units and reading 指标数据.xlsx, each test on a real workbook
written with openpyxl (the data.* rules on the figures: test_data_indicator_rules.py)."""

from __future__ import annotations

import pytest
import yaml
from indicatorkit import (
    DATA,
    project,
)

from docgen.errors import InputError
from docgen.indicators import figures_from_sheet, normalise, read_sheet, same_unit
from docgen.indicators.catalogue import standard_version
from docgen.load.indicator_catalogue import load_catalogue

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
