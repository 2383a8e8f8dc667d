"""`docgen render`: the built-in templates on the demo project (with its sample --data
in DIR/render/), the sandbox, missing fields, --each unit, project templates,
reproducible output and the Chinese filters."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from renderkit import (
    BUILTINS,
    FINDING_UNITS,
    LEADING_ZERO,
    OPEN_UNITS,
    text_of,
)

from docgen.render import leftover_tags, render
from docgen.templating.filters import cn_date, cn_number1, cn_number2, doc_no, percent, wan_yuan


@pytest.fixture(scope="module")
def rendered(module_demo) -> dict[str, list[Path]]:
    """Every built-in rendered once with its sample data (assignment per unit)."""
    return {
        tid: render(
            tid,
            module_demo,
            data_file=module_demo / "render" / f"{tid}.yaml",
            each="unit" if tid == "assignment" else None,
        )
        for tid in BUILTINS
    }


# ---------------------------------------------------------------- built-in templates


@pytest.mark.parametrize("tid", BUILTINS)
def test_builtin_template_renders_on_the_demo_and_passes_lint(rendered, tid):
    lint = pytest.importorskip("docgen.lint")
    for path in rendered[tid]:
        findings = lint.lint_file(path)
        assert findings == [], [f"{f.rule}: {f.message}" for f in findings]


@pytest.mark.parametrize("tid", BUILTINS)
def test_no_output_keeps_an_unrendered_tag(rendered, tid):
    for path in rendered[tid]:
        data = path.read_bytes()
        assert leftover_tags(data) == []
        with zipfile.ZipFile(path) as z:
            for name in z.namelist():
                if re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                    xml = z.read(name).decode("utf-8")
                    for tag in ("{{", "{%", "}}", "%}"):
                        assert tag not in xml, (path.name, name, tag)


@pytest.mark.parametrize("tid", BUILTINS)
def test_dates_are_written_without_leading_zeros(rendered, tid):
    for path in rendered[tid]:
        text = text_of(path)
        assert "2026年11月20日" in text
        assert not LEADING_ZERO.search(text)


def test_default_output_is_out_id_and_date(rendered, module_demo):
    assert rendered["notice"] == [module_demo / "out" / "notice-20261120.docx"]
    assert {p.parent for p in rendered["assignment"]} == {module_demo / "out" / "assignment"}


def test_notice_holds_its_data_and_doc_number(rendered):
    text = text_of(rendered["notice"][0])
    assert "江爱卫办〔2026〕21号" in text
    assert "关于开展2026年冬春季爱国卫生运动的通知" in text
    assert "一、工作时间" in text and "三、工作要求" in text
    assert "附件：1.江临市2026年冬春季爱国卫生运动工作方案" in text
    assert "抄送：江临市人民政府办公室，东川省爱国卫生运动委员会办公室。" in text
    assert "2026年11月20日印发" in text


def test_meeting_notice_lists_the_member_units(rendered):
    text = text_of(rendered["meeting-notice"][0])
    assert "江临市行政中心三楼第一会议室" in text
    assert "江临市疾病预防控制中心" in text and "何静" in text
    assert "江临市环境卫生管理处" not in text  # named in the problem list only, not a member


def test_circular_groups_the_problems_by_unit(rendered):
    text = text_of(rendered["circular"][0])
    assert "（一）江临市城市管理局" in text
    assert "沿街门店乱贴乱画" in text and "2026年5月12日交办" in text
    assert "已逾期81天" in text  # 2026-08-31 → 2026-11-20 (today in the sample data)
    assert "2026年共督查交办问题12个" in text
    assert "背街小巷垃圾桶满溢" not in text  # a 2025 problem


def test_assignment_sheet_holds_the_unit_its_problems_and_contact(rendered):
    by_name = {p.stem: p for p in rendered["assignment"]}
    text = text_of(by_name["江临市城市管理局"])
    assert "江临市城市管理局：" in text
    for expected in (
        "WT-2026-004",
        "沿街门店乱贴乱画",
        "中山路",
        "2026年8月31日",
        "公厕无障碍设施损坏",
        "2027年3月31日",
        "赵敏",
        "0000-6814328",
    ):
        assert expected in text
    assert "老旧小区化粪池满溢" not in text  # 住建局's problem
    assert "背街小巷垃圾桶满溢" not in text  # closed problems are not assigned again


def test_briefing_has_a_masthead_and_no_doc_number(rendered):
    text = text_of(rendered["briefing"][0])
    assert "第12期" in text and "江临市爱国卫生运动委员会办公室" in text
    assert "〔" not in text


def test_work_report_compares_figures_with_thresholds(rendered):
    text = text_of(rendered["work-report"][0])
    assert "严重精神障碍患者规范管理率" in text
    assert "2025年为83.6%，未达到“≥85%”的要求" in text
    assert "≥36%" in text and "41.8%" in text


def test_each_unit_writes_one_file_per_unit_named_after_it(rendered):
    paths = rendered["assignment"]
    assert {p.stem for p in paths} == OPEN_UNITS | FINDING_UNITS
    assert all(p.suffix == ".docx" for p in paths)
    for p in paths:
        assert f"{p.stem}：" in text_of(p)


# ---------------------------------------------------------------- filters


@pytest.mark.parametrize(
    "value",
    [
        dt.date(2026, 1, 5),
        dt.datetime(2026, 1, 5, 9, 30),
        "20260105",
        20260105,
        "2026-01-05",
        "2026/1/5",
        "2026.01.05",
        "2026年1月5日",
    ],
)
def test_cn_date_writes_year_month_day_without_leading_zeros(value):
    assert cn_date(value) == "2026年1月5日"


def test_cn_date_refuses_what_is_no_date():
    for bad in ("下旬", "20260231", "2026-13-01"):
        with pytest.raises(ValueError):
            cn_date(bad)


def test_chinese_numbering():
    assert [cn_number1(n) for n in (1, 2, 10, 11, 20, 99)] == [
        "一、",
        "二、",
        "十、",
        "十一、",
        "二十、",
        "九十九、",
    ]
    assert cn_number2(1) == "（一）" and cn_number2(12) == "（十二）"
    with pytest.raises(ValueError):
        cn_number1(100)


def test_percent_wan_yuan_and_doc_no():
    assert percent(91.8) == "91.8%" and percent(100.0) == "100%" and percent(91.85, 1) == "91.9%"
    assert wan_yuan(123456) == "12.35万元" and wan_yuan("1,000,000") == "100.00万元"
    assert doc_no("江爱卫办", 2026, 5) == "江爱卫办〔2026〕5号"
    assert doc_no("江爱卫办", "2026", "05") == "江爱卫办〔2026〕5号"
    with pytest.raises(ValueError):
        doc_no("江爱卫办", 26, 5)
