"""Figures as real documents write them: names a PDF wrapped across lines, the
spellings real reports use, the year from the document's own title before its filing
date, and the 2021 online evaluation form's indicators 1–32 in the catalogue."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from projectkit import audit as run_audit
from projectkit import cid_pdf, project, row
from projectkit import code as archive_code

from docgen.extract.statements import find_statements
from docgen.extract.years import lead_year, title_year
from docgen.load.indicator_catalogue import load_catalogue


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    return load_catalogue().aliases()


def said(text: str, aliases: dict[str, str]) -> list[tuple]:
    return [(s.indicator, s.value, s.unit, s.year) for s in find_statements(text, aliases)]


# ---------------------------------------------------------------- names wrapped across lines


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2025年，全市建成区绿化覆\n盖率为40.85%。", ("green-coverage", 40.85, "%", 2025)),
        ("生活垃圾无害化\n处理率达到100%", ("garbage-harmless", 100.0, "%", None)),
        ("全年空气质量优良天数\n比率为87.7%", ("air-good-rate", 87.7, "%", None)),
        # the page ends mid-name: its number stands between the halves
        ("全市建成区绿化覆\n— 3 —\n盖率达到40.85%。", ("green-coverage", 40.85, "%", None)),
        # a wrong join left a blank inside the name
        ("细颗粒物（PM 2.5）年均浓度为32微克/立方米", ("pm25", 32.0, "微克/立方米", None)),
        ("建成区绿化覆 盖率 | 40.85%", ("green-coverage", 40.85, "%", None)),
        # a table cell wrapped below its row, the figure on the first line
        ("生活垃圾无害化 100 %\n处理率", ("garbage-harmless", 100.0, "%", None)),
        # ... or on the second
        ("人均公园绿地\n面积 14.2 平方米", ("park-green-per-capita", 14.2, "平方米", None)),
    ],
)
def test_a_wrapped_name_is_read_whole(text, expected, aliases):
    assert said(text, aliases) == [expected]


def test_the_statement_keeps_its_place_in_the_original(aliases):
    text = "一、主要指标\n全市建成区绿化覆\n盖率为40.85%。"
    [s] = find_statements(text, aliases)
    assert text[s.offset :].startswith("建成区绿化覆\n盖率")
    assert "建成区绿化覆盖率为40.85%" in s.text


def test_two_table_rows_are_not_joined(aliases):
    # each row has its own name and figure
    assert said("建成区绿化覆盖率 | 40.85 | %\n绿地率 | 36.2 | %", aliases) == [
        ("green-coverage", 40.85, "%", None),
        ("green-space", 36.2, "%", None),
    ]
    # a row ending in a name's first part and the next row beginning with its rest
    # are two rows of a table, not one name: 覆盖率 40.85 % is no statement
    assert said("绿地率 36.2 % 建成区绿化\n覆盖率 40.85 %", aliases) == [
        ("green-space", 36.2, "%", None)
    ]
    # a line of figures below is not the rest of a cell
    text = "生活垃圾无害化 100 %\n处理率 99 %"
    assert ("garbage-harmless", 100.0, "%", None) not in said(text, aliases)


def test_a_break_no_name_runs_across_still_ends_the_clause(aliases):
    assert said("建成区绿化覆盖率\n40.85%", aliases) == []
    assert said("建成区绿化\n工作稳步推进，40.85%的居民满意", aliases) == []


# ---------------------------------------------------------------- spellings real documents use


@pytest.mark.parametrize(
    "text, expected",
    [
        ("饮用水源地水质达标率100%", ("water-source-quality", 100.0, "%")),
        ("集中式饮用水水源地水质达标率为100%", ("water-source-quality", 100.0, "%")),
        ("PM2.5年平均浓度为28µg/m³", ("pm25", 28.0, "微克/立方米")),  # the micro sign
        ("PM2.5年均浓度28μg/m3", ("pm25", 28.0, "微克/立方米")),
        ("细颗粒物（PM2.5）年均浓度为31微克/立方米", ("pm25", 31.0, "微克/立方米")),
        ("可吸入颗粒物（PM10）年均浓度为56微克/立方米", ("pm10", 56.0, "微克/立方米")),
        ("二氧化硫年均浓度为9微克/立方米", ("so2", 9.0, "微克/立方米")),
        ("空气质量优良天数比率为87.7%", ("air-good-rate", 87.7, "%")),
        ("环境空气质量优良天数比例达到89.3%", ("air-good-rate", 89.3, "%")),
        ("优良天数比例为90.1%", ("air-good-rate", 90.1, "%")),
        ("空气质量优良天数达到326天", ("air-good-days", 326.0, "天")),
        ("环境空气质量指数（AQI）不超过100的天数为318天", ("air-good-days", 318.0, "天")),
        ("市民对卫生状况满意率为91.8%", ("health-satisfaction", 91.8, "%")),
        ("声功能区环境质量夜间达标率为85.2%", ("noise-night-compliance", 85.2, "%")),
        ("医疗废物无害化处置率达到100%", ("medical-waste", 100.0, "%")),
        ("窖井盖完好率为98.5%", ("manhole-covers", 98.5, "%")),
        ("学校眼保健操普及率100%", ("eye-exercises", 100.0, "%")),
        ("主次干道每日保洁时间16小时", ("main-street-cleaning", 16.0, "小时")),
    ],
)
def test_spellings_of_real_documents(text, expected, aliases):
    assert said(text, aliases) == [(*expected, None)]


@pytest.mark.parametrize(
    "text",
    [
        "污水管网明年建成，届时生活污水集中处理率可达到85%",
        "二期工程投运后生活垃圾无害化处理率将达到100%",
        "建成区绿化覆盖率有望达到42%",
    ],
)
def test_what_a_speech_expects_is_no_figure(text, aliases):
    assert said(text, aliases) == []


def test_days_and_a_rate_of_days_are_told_apart(aliases):
    text = "全年空气质量优良天数326天，优良天数比例89.3%。"
    assert said(text, aliases) == [
        ("air-good-days", 326.0, "天", None),
        ("air-good-rate", 89.3, "%", None),
    ]


# ---------------------------------------------------------------- the year the document speaks of


BULLETIN = [
    "江临市统计局",
    "2023年江临市国民经济和社会发展统计公报",
    "2024年3月15日",
    "全年建成区绿化覆盖率40.85%，比2022年提高1.2个百分点。",
]


def test_the_title_gives_its_year_to_sentences_without_one(aliases):
    assert said("\n".join(BULLETIN), aliases) == [("green-coverage", 40.85, "%", 2023)]
    # the sentence's own year comes first
    text = "2023年度工作总结\n2022年，建成区绿化覆盖率为39.6%。"
    assert said(text, aliases) == [("green-coverage", 39.6, "%", 2022)]


@pytest.mark.parametrize(
    "lead, year",
    [
        ("2023年全市国民经济和社会发展统计公报", 2023),
        ("江临市2023年度工作总结", 2023),
        ("关于2023年创建国家卫生城市工作情况的报告", 2023),
        ("2023年全市创卫工作总结", 2023),
        ("江临市人民政府文件\n江政发〔2024〕3号\n关于2023年爱国卫生工作情况的报告", 2023),
        ("关于到2026年建成国家卫生城市的实施意见", None),  # a horizon
        ("江临市创卫三年行动（2024—2026年）", None),  # a range
        ("2024年3月15日", None),  # a date
        ("与2022年相比", None),
        ("2024年工作回顾。建成区绿化覆盖率达到40.85%。", None),  # a sentence, no title
        ("2025年，全市建成区绿化覆盖率达到40.85%。", None),  # the body began
    ],
)
def test_lead_year(lead, year):
    assert lead_year(lead) == year


def test_a_target_or_a_comparison_takes_no_year_from_them(aliases):
    text = "2023年全市创卫工作总结\n到2026年，建成区绿化覆盖率达到42%。"
    [s] = find_statements(text, aliases)
    assert (s.value, s.year, s.horizon) == (42.0, 2026, 2026)  # the caller drops it as a target
    text = "2023年全市创卫工作总结\n与2022年相比，生活垃圾无害化处理率达到99.5%。"
    assert said(text, aliases) == [("garbage-harmless", 99.5, "%", 2023)]
    # no title: the compared year is still not the statement's
    assert said("与2022年相比，生活垃圾无害化处理率达到99.5%。", aliases) == [
        ("garbage-harmless", 99.5, "%", None)
    ]


def test_title_year_of_a_ledger_title():
    assert title_year("江临市2023年国民经济和社会发展统计公报") == 2023
    assert title_year("关于2023年度创卫工作的总结") == 2023
    assert title_year("关于印发《三年行动方案（2024—2026年）》的通知") is None
    assert title_year("江临市园林绿化工作总结") is None
    assert title_year(None) is None


# ---------------------------------------------- end to end: a 2023 公报 filed in 2024


def bulletin_project(root: Path, title: str, lines: list[str]) -> tuple[Path, str]:
    code = archive_code(1, 2024, section="03")
    project(
        root,
        [row(code, item="3.3", kind="总结", date="20240315", title=title)],
        years=[2023, 2024],
    )
    cid_pdf(root / "archive" / f"{code}.pdf", lines)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "指标数据"
    ws.append(["指标名称", "年度", "数值", "单位"])
    ws.append(["建成区绿化覆盖率", 2023, 41.2, "%"])
    ws.append(["建成区绿化覆盖率", 2024, 42.0, "%"])
    (root / "data").mkdir(exist_ok=True)
    book.save(root / "data" / "指标数据.xlsx")
    return root, code


def mismatches(root: Path) -> list:
    return [f for f in run_audit(root) if f.rule == "data.mismatch"]


def test_a_2023_bulletin_filed_in_2024_is_compared_as_2023(tmp_path: Path):
    """The PDF's title says 2023, the ledger's 日期 2024 and its 题名 no year; the
    name is wrapped across two lines. The figure disagrees with 2023's value (found)
    and is never compared with 2024's."""
    lines = [
        "江临市统计局",
        "2023年江临市国民经济和社会发展统计公报",
        "2024年3月15日",
        "城市建设。全年新建城市公园3座，全市建成区绿化覆",
        "盖率40.85%，比2022年提高1.2个百分点。",
    ]
    root, code = bulletin_project(tmp_path, "江临市国民经济和社会发展统计公报", lines)
    found = mismatches(root)
    assert [(f.indicator, f.year, f.value, f.expected) for f in found] == [
        ("green-coverage", 2023, 40.85, 41.2)
    ], [f.message for f in found]
    f = found[0]
    assert (f.archive_code, f.row) == (code, 2)  # the data sheet's 2023 row
    assert "41.2%" in f.message and "40.85%" in f.message


def test_the_ledger_title_year_comes_before_its_date(tmp_path: Path):
    """No year in the PDF's text: the 题名 "2023年…" decides, not the 日期 2024."""
    root, _ = bulletin_project(
        tmp_path,
        "江临市2023年国民经济和社会发展统计公报",
        ["城市建设。全市建成区绿化覆盖率40.85%。"],
    )
    found = mismatches(root)
    assert [(f.year, f.expected) for f in found] == [(2023, 41.2)]


def test_an_agreeing_2023_bulletin_is_no_finding(tmp_path: Path):
    root, _ = bulletin_project(
        tmp_path,
        "江临市国民经济和社会发展统计公报",
        ["2023年江临市国民经济和社会发展统计公报", "全市建成区绿化覆盖率41.2%。"],
    )
    assert mismatches(root) == []  # 2024's 42.0 is not this document's year


# ---------------------------------------------------------------- the 2021 form in the catalogue


def test_the_catalogue_holds_the_forms_indicators_1_to_32_in_order():
    form = load_catalogue().form()
    numbers = [i.form_no for i in form]
    assert numbers == sorted(numbers)
    assert set(range(1, 57)) <= set(numbers)
    by_no = {}
    for i in form:
        by_no.setdefault(i.form_no, i)
    assert by_no[1].form_label == "群众对卫生状况满意率"
    assert by_no[7].form_label == "15岁以上人群吸烟率"
    assert by_no[16].form_label == "建成区绿化覆盖率"
    assert by_no[19].form_label == "城市生活垃圾无害化处理率"
    assert by_no[20].form_label == "窨井盖完好率"
    assert by_no[23].form_label == "环境空气质量指数(AQI)不超过100的天数"
    assert by_no[27].form_label == "集中式饮用水水源地水质达标率"
    assert by_no[32].form_label == "学校眼保健操普及率"
    assert by_no[33].form_label == "中小学生近视率"
    # the four 主要污染物 share no. 24
    assert {i.code for i in form if i.form_no == 24} == {"pm25", "pm10", "so2", "no2"}
    # the county form lacks 4 city-only fields
    county = {i.form_no for i in load_catalogue().form("county")}
    assert {14, 15, 20, 21}.isdisjoint(county) and {1, 16, 19, 22, 32} <= county


def test_no_2021_target_of_1_to_32_is_verified():
    for ind in load_catalogue().form():
        if ind.form_no <= 32:
            target = ind.threshold("2021")
            assert target is None or not target.verified, ind.code


def test_existing_codes_keep_their_names_and_aliases():
    cat = load_catalogue()
    assert cat.find("建成区绿化覆盖率").code == "green-coverage"
    assert cat.find("无烟党政机关建成率").code == "smoke-free-agencies"  # the old name, an alias
    assert cat.find("主要街道保洁时间").code == "main-street-cleaning"
    assert cat.find("主次干道每日保洁时间").code == "main-street-cleaning"
