"""Reading indicator statements out of document text: every written form, the
longest alias, year attribution, targets skipped; and text read back from a real
PDF (reportlab, STSong-Light CID font), a real DOCX with a table and a real XLSX."""

from __future__ import annotations

from pathlib import Path

import pytest
from projectkit import make_pdf

from docgen.extract.numbers import chinese_integer
from docgen.extract.statements import AliasMatcher, find_statements
from docgen.extract.text import document_text, join_wrapped, table_lines, unspace
from docgen.load.indicator_catalogue import load_catalogue


@pytest.fixture(scope="module")
def aliases() -> dict[str, str]:
    return load_catalogue().aliases()


def said(text: str, aliases: dict[str, str]) -> list[tuple]:
    return [
        (s.indicator, s.value, s.decimals, s.unit, s.year) for s in find_statements(text, aliases)
    ]


# ---------------------------------------------------------------- written forms


@pytest.mark.parametrize(
    "text, expected",
    [
        ("建成区绿化覆盖率达到40.85%", ("green-coverage", 40.85, 2, "%")),
        ("群众满意率为91.8％", ("health-satisfaction", 91.8, 1, "%")),
        ("建成区绿化覆盖率达到４０．８５％", ("green-coverage", 40.85, 2, "%")),
        ("群众对卫生状况满意率达到百分之九十", ("health-satisfaction", 90.0, 0, "%")),
        ("群众对卫生状况满意率为百分之九十五点三", ("health-satisfaction", 95.3, 1, "%")),
        ("生活垃圾无害化处理率达到百分之百", ("garbage-harmless", 100.0, 0, "%")),
        ("婴儿死亡率为3.52‰", ("infant-mortality", 3.52, 2, "‰")),
        ("婴儿死亡率千分之三点五", ("infant-mortality", 3.5, 1, "‰")),
        ("人均公园绿地面积达到14.2平方米", ("park-green-per-capita", 14.2, 1, "平方米")),
        ("人均公园绿地面积 14.20 平方米/人", ("park-green-per-capita", 14.2, 2, "平方米")),
        ("空气质量优良天数达到320天", ("air-good-days", 320.0, 0, "天")),
        ("区域环境噪声平均值为54.3分贝", ("noise", 54.3, 1, "分贝")),
        ("建成区绿化覆盖面积1,250.5公顷", ("green-coverage-area", 1250.5, 1, "公顷")),
        ("建成区绿化覆盖率：40.85%", ("green-coverage", 40.85, 2, "%")),
        ("建成区绿化覆盖率 | 40.85 | %", ("green-coverage", 40.85, 2, "%")),
        ("孕产妇死亡率为12.5/10万", ("maternal-mortality", 12.5, 1, "1/10万")),
    ],
)
def test_each_written_form(text, expected, aliases):
    assert said(text, aliases) == [(*expected, None)]


def test_chinese_numerals():
    assert [
        chinese_integer(t) for t in ("九十", "九十五", "十", "十二", "一百", "百", "一百零五", "三")
    ] == [90, 95, 10, 12, 100, 100, 105, 3]
    assert chinese_integer("九五") is None
    assert chinese_integer("十百") is None


def test_several_statements_in_one_sentence(aliases):
    text = "建成区绿化覆盖率40.85%，人均公园绿地面积14.2平方米，生活垃圾无害化处理率100%。"
    assert [s[:2] for s in said(text, aliases)] == [
        ("green-coverage", 40.85),
        ("park-green-per-capita", 14.2),
        ("garbage-harmless", 100.0),
    ]


def test_respectively_pairs_names_and_figures(aliases):
    text = "建成区绿化覆盖率、建成区绿地率分别为40.85%、36.2%。"
    assert [s[:2] for s in said(text, aliases)] == [
        ("green-coverage", 40.85),
        ("green-space", 36.2),
    ]
    # counts that do not line up: nothing rather than a guess
    assert said("建成区绿化覆盖率、建成区绿地率分别为40.85%。", aliases) == []


# ---------------------------------------------------------------- longest alias


def test_longest_alias_wins(aliases):
    assert said("人均公园绿地面积14.2平方米", aliases)[0][0] == "park-green-per-capita"
    assert said("公园绿地面积856公顷", aliases)[0][0] == "park-green-area"
    assert said("空气质量优良天数比率为87.7%", aliases)[0][0] == "air-good-rate"
    assert said("空气质量优良天数为320天", aliases)[0][0] == "air-good-days"
    custom = {"绿地率": "a", "建成区绿地率": "b", "公园绿地": "c", "人均公园绿地面积": "d"}
    assert said("建成区绿地率36.5%", custom)[0][0] == "b"
    assert said("人均公园绿地面积14.2平方米", custom)[0][0] == "d"


def test_number_inside_an_alias_is_not_a_figure(aliases):
    assert said("15岁以上人群吸烟率下降到20.8%", aliases) == [("smoking-rate", 20.8, 1, "%", None)]
    assert said("0-6岁儿童眼保健和视力检查率为93.5%", aliases)[0][:2] == ("child-eye-care", 93.5)


def test_a_figure_of_another_area_is_not_read(aliases):
    assert said("农村生活垃圾无害化处理率95%", aliases) == []
    assert said("全国婴儿死亡率为4.5‰", aliases) == []
    assert said("城东区建成区绿化覆盖率为40.2%", aliases) == []
    assert said("各区绿化覆盖率均达到40%", aliases) == []
    assert said("全区建成区绿化覆盖率为40.2%", aliases)[0][1] == 40.2
    # the project's own name may end like a district's
    own = AliasMatcher(aliases, home=("示例县",))
    assert [s.value for s in find_statements("示例县建成区绿化覆盖率为40.2%", own)] == [40.2]


# ---------------------------------------------------------------- clauses


@pytest.mark.parametrize(
    "text",
    [
        "建成区绿化覆盖率。40.85%",
        "建成区绿化覆盖率；40.85%",
        "建成区绿化覆盖率\n40.85%",
        "建成区绿化覆盖率稳步提升，全市新增公园12座，40.85%的居民步行可达",
        "建成区绿化覆盖率 | 见附表 | 全市公园数 | 40 | 座",
        "满意率较上年提高1.2个百分点",
    ],
)
def test_no_figure_across_a_clause(text, aliases):
    assert said(text, aliases) == []


def test_a_comma_between_digit_groups_does_not_end_a_clause(aliases):
    assert said("常住人口1,234.5万人", aliases) == [("population", 1234.5, 1, "万人", None)]


def test_two_unlabelled_columns_are_skipped(aliases):
    # which column is which year (or the target) is unknown: read neither
    assert said("建成区绿化覆盖率 | 39.5% | 40.85%", aliases) == []
    assert said("建成区绿化覆盖率 | 2024年39.5% | 2025年40.85%", aliases) == [
        ("green-coverage", 39.5, 1, "%", 2024),
        ("green-coverage", 40.85, 2, "%", 2025),
    ]


# ---------------------------------------------------------------- years


def test_year_of_the_sentence(aliases):
    assert said("2025年，全市建成区绿化覆盖率达到40.85%。", aliases)[0][4] == 2025
    assert said("2025年度建成区绿化覆盖率为40.85%", aliases)[0][4] == 2025
    assert (
        said("全市建成区绿化覆盖率达到40.85%。", aliases)[0][4] is None
    )  # the document's date decides
    # a year belongs to its sentence only
    assert said("2024年工作回顾。建成区绿化覆盖率达到40.85%。", aliases)[0][4] is None


def test_year_bound_to_a_figure(aliases):
    text = "2025年，建成区绿化覆盖率由2024年的39.5%提高到40.85%。"
    assert said(text, aliases) == [
        ("green-coverage", 39.5, 1, "%", 2024),
        ("green-coverage", 40.85, 2, "%", 2025),
    ]
    # a starting point of no stated year is skipped; the result it rose to is kept
    text = "2020年以来，全市建成区绿化覆盖率从35%提高到40.85%。"
    assert said(text, aliases) == [("green-coverage", 40.85, 2, "%", None)]


# ---------------------------------------------------------------- targets and bounds


@pytest.mark.parametrize(
    "text",
    [
        "目标：建成区绿化覆盖率达到40%",
        "全年目标，建成区绿化覆盖率40%",
        "力争建成区绿化覆盖率达到42%",
        "建成区绿化覆盖率目标值40%",
        "建成区绿化覆盖率不低于36%",
        "建成区绿化覆盖率≥36%",
        "建成区绿化覆盖率>36%",
        "建成区绿化覆盖率达到40%以上的要求",
        "群众满意率达到90%以上",
        "建成区绿化覆盖率约40%",
        "建成区绿化覆盖率比上年提高1.2%",
        "去年建成区绿化覆盖率39.5%",
        "建成区绿化覆盖率应达到36%",
    ],
)
def test_targets_and_bounds_are_skipped(text, aliases):
    assert said(text, aliases) == []


def test_a_by_year_phrase_keeps_its_horizon(aliases):
    [s] = find_statements("到2027年，建成区绿化覆盖率达到42%。", aliases)
    assert (s.value, s.horizon) == (42.0, 2027)  # the caller drops it from documents before 2027
    [s] = find_statements("截至2025年底，建成区绿化覆盖率达到40.85%。", aliases)
    assert (s.year, s.horizon) == (2025, None)


def test_clause_text_is_kept(aliases):
    [s] = find_statements("2025年，全市建成区绿化覆盖率达到４０．８５％。", aliases)
    assert "建成区绿化覆盖率达到４０．８５％" in s.text  # as written, full-width and all


# ---------------------------------------------------------------- text of real files


def test_pdf_text_reportlab_cid_font(tmp_path: Path, aliases):
    """pypdfium2 reads reportlab's STSong-Light (a CID font, not embedded) as Unicode,
    full-width forms included; a table row stays on one line."""
    from reportlab.pdfgen import canvas

    path = make_pdf(tmp_path / "a.pdf", text="标题")
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(
        72, 760, "2025年，全市建成区绿化覆盖率达到４０．８５％，群众满意率为百分之九十五点三。"
    )
    for x, cell in ((72, "人均公园绿地面积"), (260, "14.2"), (340, "平方米")):
        c.drawString(x, 730, cell)
    c.showPage()
    c.save()
    text = document_text(str(path), "pdf")
    assert "建成区绿化覆盖率达到４０．８５％" in text
    assert "人均公园绿地面积 14.2 平方米" in text
    assert said(text, aliases) == [
        ("green-coverage", 40.85, 2, "%", 2025),
        ("health-satisfaction", 95.3, 1, "%", 2025),
        ("park-green-per-capita", 14.2, 1, "平方米", None),
    ]


def test_wrapped_pdf_lines_are_joined():
    page = "2025年，全市建成区绿化覆\r\n盖率达到40.85%，人均公园\r\n绿地面积14.2平方米。\r\n— 1 —"
    assert (
        join_wrapped(page).split("\n")[0]
        == "2025年，全市建成区绿化覆盖率达到40.85%，人均公园绿地面积14.2平方米。"
    )
    # table rows (cells apart) and short lines stay apart
    assert (
        join_wrapped("绿化覆盖率 40.85 %\r\n绿地率 36.2 %") == "绿化覆盖率 40.85 %\n绿地率 36.2 %"
    )


def test_docx_paragraphs_and_table(tmp_path: Path, aliases):
    import docx

    d = docx.Document()
    d.add_paragraph("2025年，全市群众对卫生状况满意率达到95.3%。")
    table = d.add_table(rows=4, cols=4)
    for r, cells in enumerate(
        [
            ("指标", "2025年完成值（%）", "目标值", "备注"),
            ("建成区绿化覆盖率", "40.85", "40", ""),
            ("建成区绿地率", "36.2", "35", ""),
            ("生活垃圾无害化处理率", "100", "100", "%"),
        ]
    ):
        for c, value in enumerate(cells):
            table.cell(r, c).text = value
    path = tmp_path / "b.docx"
    d.save(str(path))
    text = document_text(str(path), "docx")
    assert "建成区绿化覆盖率 | 2025年40.85%" in text  # the header's year and unit; no target
    assert said(text, aliases) == [
        ("health-satisfaction", 95.3, 1, "%", 2025),
        ("green-coverage", 40.85, 2, "%", 2025),
        ("green-space", 36.2, 1, "%", 2025),
        ("garbage-harmless", 100.0, 0, "%", 2025),
    ]


def test_docx_merged_header_cell_keeps_columns_aligned(tmp_path: Path, aliases):
    import docx

    d = docx.Document()
    table = d.add_table(rows=2, cols=4)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "指标"
    table.cell(0, 2).text = "完成值（%）"
    table.cell(0, 3).text = "目标值"
    for c, value in enumerate(("建成区绿化覆盖率", "（城市）", "40.85", "40")):
        table.cell(1, c).text = value
    path = tmp_path / "m.docx"
    d.save(str(path))
    assert said(document_text(str(path), "docx"), aliases) == [
        ("green-coverage", 40.85, 2, "%", None)
    ]


def test_letter_spaced_pdf_lines_are_closed_up():
    assert (
        unspace("2 0 2 5 年 ， 全 市 建 成 区 绿 化 覆 盖 率 达 到 4 0 . 8 5 %")
        == "2025年，全市建成区绿化覆盖率达到40.85%"
    )
    assert unspace("建成区绿化覆盖率 40.85 % 36 %") == "建成区绿化覆盖率 40.85 % 36 %"


def test_xlsx_rows_with_a_year_column(tmp_path: Path, aliases):
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2024—2025年园林绿化指标"])
    ws.append(["指标", "年度", "数值", "单位", "标准值"])
    ws.append(["建成区绿化覆盖率", 2024, 39.5, "%", 36])
    ws.append(["建成区绿化覆盖率", 2025, 40.85, "%", 36])
    path = tmp_path / "c.xlsx"
    wb.save(path)
    text = document_text(str(path), "xlsx")
    assert said(text, aliases) == [
        ("green-coverage", 39.5, 1, "%", 2024),
        ("green-coverage", 40.85, 2, "%", 2025),
    ]


def test_table_header_steers_rows():
    lines = table_lines([["项目", "数值（%）", "考核要求"], ["绿化覆盖率", "40.85", "≥36"]])
    assert lines == ["项目 | 数值（%） | 考核要求", "绿化覆盖率 | 40.85%"]
