"""The ledger rules end to end: each case on a real workbook written with openpyxl and
run through the whole audit (test_ledger_rules.py calls each rule on an in-memory input).

Most workbooks carry a merged title row above the header (as real 归档文件目录 do),
so data rows start at spreadsheet row 3 and the reported row numbers are checked
against the spreadsheet's own numbering.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from projectkit import HEADER, audit_result, row, write_config

from docgen.load.guide import load_guide

TODAY = dt.date(2026, 1, 15)
TITLE = "示例市创建国家卫生城市归档文件目录（2025年度）"
FIRST = 3  # spreadsheet row of the first data row under a title row and the header


def write_book(
    root: Path, sheets: dict[str, list[list]], header: list[str] = HEADER, title: bool = True
) -> Path:
    """A ledger workbook; with `title`, row 1 is a merged title and row 2 the header."""
    path = root / "ledger" / "归档文件目录.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        if title:
            ws.append([TITLE])
            ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
        ws.append(header)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def project(tmp_path: Path, sheets: dict[str, list[list]], **kw) -> Path:
    write_config(tmp_path)
    (tmp_path / "archive").mkdir(exist_ok=True)
    write_book(tmp_path, sheets, **kw)
    return tmp_path


def audit(root: Path, rules: tuple[str, ...] = ("ledger",)):
    return audit_result(root, rules=list(rules), today=TODAY)


def found(root: Path, rule_id: str) -> list:
    return [f for f in audit(root).findings if f.rule == rule_id]


def good(n: int, section: str = "01", **kw) -> list:
    """A correct row of group J012-2025-D30-{section}; item 1.3 (section 01) unless given."""
    return row(f"J012-2025-D30-{section}-{n:04d}", **kw)


def blank(r: list, column: str) -> list:
    r[HEADER.index(column)] = None
    return r


def only(findings: list):
    assert len(findings) == 1, [f.message for f in findings]
    return findings[0]


# ---------------------------------------------------------------- columns


def test_missing_column_names_sheet_header_row_and_column(tmp_path):
    header = [h for h in HEADER if h != "页数"]
    data = [c for h, c in zip(HEADER, good(1)) if h != "页数"]
    root = project(tmp_path, {"2025年度": [data]}, header=header)
    f = only(found(root, "ledger.missing-column"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025年度", 2, "页数")
    assert "缺少必备列“页数”" in f.message
    assert found(root, "ledger.required-empty") == []  # an absent column is not an empty cell


def test_required_empty(tmp_path):
    root = project(tmp_path, {"2025": [good(1), good(2, who=None), blank(good(3), "题名")]})
    fs = found(root, "ledger.required-empty")
    assert [(f.sheet, f.row, f.column) for f in fs] == [
        ("2025", FIRST + 1, "责任者"),
        ("2025", FIRST + 2, "题名"),
    ]
    assert "“责任者”为空" in fs[0].message and "第 4 行" in fs[0].message
    assert (
        fs[0].archive_code == "J012-2025-D30-01-0002" and fs[0].year == 2025 and fs[0].item == "1.3"
    )


# ---------------------------------------------------------------- dates


def test_bad_date(tmp_path):
    root = project(tmp_path, {"2025": [good(1), good(2, date="20250231")]})
    f = only(found(root, "ledger.bad-date"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025", FIRST + 1, "日期")
    assert "“20250231”不是有效日期" in f.message


def test_nonstandard_date(tmp_path):
    root = project(tmp_path, {"2025": [good(1, date="2025-06-11")]})
    f = only(found(root, "ledger.nonstandard-date"))
    assert (f.severity, f.sheet, f.row, f.column) == ("warning", "2025", FIRST, "日期")
    assert "8 位数字：20250611" in f.message and f.expected == "20250611"


def test_year_mismatch(tmp_path):
    root = project(tmp_path, {"2025": [good(1), good(2, item="1.3", kind="总结", date="20260115")]})
    f = only(found(root, "ledger.year-mismatch"))
    assert (f.severity, f.sheet, f.row, f.column) == ("warning", "2025", FIRST + 1, "日期")
    assert "日期年份 2026 与档号年度 2025 不同" in f.message


# ---------------------------------------------------------------- 档号


@pytest.mark.parametrize(
    "code, kw, part",
    [
        ("J012-2025-D30-1-1", {}, "不符合格式"),
        ("J012/2025/D30/01/0001", {}, "不符合格式"),
        ("J099-2025-D30-01-0001", {}, "全宗号“J099”与本项目的全宗号“J012”不同"),
        ("J012-2025-D10-01-0001", {}, "保管期限代码“D10”与本行保管期限“定期30年”"),
        (
            "J012-2025-Y-01-0001",
            {"retention": "定期10年"},
            "保管期限代码“Y”与本行保管期限“定期10年”",
        ),
        ("J012-2025-D30-03-0001", {}, "类目代码“03”与条目 1.3 所属类目“01”不符"),
        ("J012-2025-X5-01-0001", {}, "保管期限代码“X5”不是 Y、D30、D10 之一"),
        ("J012-2025-D30-01-0000", {}, "件号 0000 无效"),
    ],
)
def test_bad_archive_code(tmp_path, code, kw, part):
    root = project(tmp_path, {"2025": [row(code, **kw)]})
    f = only(found(root, "ledger.bad-archive-code"))
    assert (f.severity, f.sheet, f.row, f.column, f.value) == ("error", "2025", FIRST, "档号", code)
    assert part in f.message


def test_archive_code_against_item_number_column(tmp_path):
    header = ["件号", *HEADER]
    rows = [[1, *good(1)], [5, *good(2)], ["0003", *good(3)]]
    root = project(tmp_path, {"2025": rows}, header=header)
    f = only(found(root, "ledger.bad-archive-code"))
    assert (f.sheet, f.row, f.column) == ("2025", FIRST + 1, "档号")
    assert "件号列“5”与档号末段 0002 不一致" in f.message


def test_correct_codes_give_no_code_findings(tmp_path):
    rows = [
        good(1),
        good(2),
        row("J012-2025-Y-01-0001", retention="永久"),
        row("J012-2025-D10-01-0001", retention="定期10年"),
        row("J012-2025-D30-03-0001", item="3.2", kind="文件"),
    ]
    root = project(tmp_path, {"2025": rows})
    assert audit(root).findings == []


def test_doc_class_code_is_accepted_and_grouped_separately(tmp_path):
    rows = [
        good(1),
        good(2),
        row("J012-WS·2025-D30-01-0001"),
        row("J012-WS·2025-D30-01-0002"),
        row("J012-WS·2025-D30-01-0004"),
    ]
    root = project(tmp_path, {"2025": rows})
    fs = audit(root).findings
    assert [f.rule for f in fs] == ["ledger.item-number-gap"]
    f = fs[0]
    assert "J012-WS·2025-D30-01" in f.message and "缺少件号 0003" in f.message
    assert (f.row, f.archive_code) == (FIRST + 4, "J012-WS·2025-D30-01-0004")


def test_duplicate_archive_code(tmp_path):
    root = project(
        tmp_path, {"2025": [good(1), good(2)], "2025补充": [good(2, title="另一份文件")]}
    )
    f = only(found(root, "ledger.duplicate-archive-code"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025补充", FIRST, "档号")
    assert "与工作表“2025”第 4 行重复" in f.message


def test_item_number_gap_once_per_group_naming_missing_numbers(tmp_path):
    gappy = [good(1), good(2), good(5), good(6), good(8)]
    whole = [row(f"J012-2025-D30-03-{n:04d}", item="3.2", kind="文件") for n in (1, 2, 3)]
    root = project(tmp_path, {"2025": gappy + whole})
    f = only(found(root, "ledger.item-number-gap"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025", FIRST + 2, "档号")
    assert "J012-2025-D30-01（5 件）" in f.message
    assert "缺少件号 0003、0004、0007" in f.message


def test_item_number_gap_repeat(tmp_path):
    root = project(tmp_path, {"2025": [good(1), good(2), good(2, title="重复编号的另一文件")]})
    f = only(found(root, "ledger.item-number-gap"))
    assert f.row == FIRST + 2 and "件号 0002 重复" in f.message


def test_item_number_runs_separately_per_retention_and_year(tmp_path):
    rows = [
        good(1),
        row("J012-2025-Y-01-0001", retention="永久"),
        row("J012-2024-D30-01-0001", date="20240310"),
    ]
    root = project(tmp_path, {"2025": rows})
    assert found(root, "ledger.item-number-gap") == []


# ---------------------------------------------------------------- values


def test_bad_retention(tmp_path):
    root = project(tmp_path, {"2025": [good(1), good(2, retention="长期")]})
    f = only(found(root, "ledger.bad-retention"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025", FIRST + 1, "保管期限")
    assert "保管期限“长期”不规范" in f.message and "定期30年" in f.message


@pytest.mark.parametrize(
    "number, part",
    [
        ("示创卫办发[2025]3号", "年份用了“[]”"),
        ("示创卫办发【2025】3号", "年份用了“【】”"),
        ("示创卫办发（2025）3号", "年份用了“（）”"),
        ("示创卫办发3号", "缺少年份"),
        ("示创卫办〔2024〕3号", "文号年份 2024 与成文日期年份 2025 不一致"),
        ("示创卫办〔2025〕03号", "序号 03 带有虚位 0"),
        ("示创卫办〔2025〕第3号", "序号前不应加“第”"),
    ],
)
def test_bad_doc_number(tmp_path, number, part):
    root = project(
        tmp_path, {"2025": [good(1, number="示创卫办〔2025〕1号"), good(2, number=number)]}
    )
    f = only(found(root, "ledger.bad-doc-number"))
    assert (f.severity, f.sheet, f.row, f.column) == ("warning", "2025", FIRST + 1, "文号")
    assert part in f.message


def test_wrong_brackets_and_wrong_year_both_named(tmp_path):
    root = project(tmp_path, {"2025": [good(1, number="示创卫办[2024]3号")]})
    f = only(found(root, "ledger.bad-doc-number"))
    assert "“[]”" in f.message and "文号年份 2024" in f.message


@pytest.mark.parametrize("pages", [0, -2, "三", 2.5, "2页"])
def test_bad_page_count(tmp_path, pages):
    root = project(tmp_path, {"2025": [good(1, pages="3"), good(2, pages=pages)]})
    f = only(found(root, "ledger.bad-page-count"))
    assert (f.severity, f.sheet, f.row, f.column) == ("error", "2025", FIRST + 1, "页数")
    assert "不是不小于 1 的整数" in f.message


def test_duplicate_entry(tmp_path):
    same = {"title": "关于印发2025年爱国卫生工作计划的通知", "number": "示爱卫发〔2025〕2号"}
    rows = [good(1, **same), good(2), good(3, **same, date=dt.datetime(2025, 3, 10))]
    root = project(tmp_path, {"2025": rows})
    f = only(found(root, "ledger.duplicate-entry"))
    assert (f.severity, f.sheet, f.row, f.column) == ("warning", "2025", FIRST + 2, "题名")
    assert "与工作表“2025”第 3 行题名、文号、日期都相同" in f.message


def test_duplicate_doc_number(tmp_path):
    rows = [
        good(1, title="关于开展春季爱国卫生运动的通知", number="枣创卫办〔2025〕16号"),
        good(2, title="关于开展病媒生物防制工作的通知", number="枣创卫办〔2025〕16号"),
    ]
    root = project(tmp_path, {"2025": rows})
    f = only(found(root, "ledger.duplicate-doc-number"))
    assert (f.severity, f.sheet, f.row, f.column) == ("warning", "2025", FIRST + 1, "文号")
    assert "文号“枣创卫办〔2025〕16号”已用于工作表“2025”第 3 行" in f.message
    assert found(root, "ledger.duplicate-entry") == []


def test_unknown_item_and_kind(tmp_path):
    rows = [good(1), good(2, item="9.9"), good(3, kind="通知")]
    root = project(tmp_path, {"2025": rows})
    fs = found(root, "ledger.unknown-item")
    assert [(f.severity, f.sheet, f.row, f.column) for f in fs] == [
        ("error", "2025", FIRST + 1, "条目"),
        ("error", "2025", FIRST + 2, "材料类型"),
    ]
    assert "条目“9.9”不在建档指引 national-city-2021 中" in fs[0].message
    assert "材料类型“通知”不在建档指引" in fs[1].message and fs[1].kind == "通知"


# ---------------------------------------------------------------- a clean project


def clean_rows(year: int = 2025) -> list[list]:
    """Every requirement of national-city-2021 met for `year`, 档号 numbered per group."""
    guide = load_guide("national-city-2021")
    next_number: dict[str, int] = {}
    rows = []
    for section in guide.sections:
        for item in section.items:
            for req in item.requires:
                for month in _months(req.per):
                    for k in range(req.min):
                        n = next_number.get(section.code, 0) + 1
                        next_number[section.code] = n
                        rows.append(
                            row(
                                f"J012-{year}-D30-{section.code}-{n:04d}",
                                item=item.code,
                                kind=req.kind,
                                date=f"{year}{month:02d}{10 + k:02d}",
                                title=f"{item.name}{req.kind}（{month}月第{k + 1}件）",
                                number=f"示爱卫办〔{year}〕{len(rows) + 1}号"
                                if req.kind == "文件"
                                else None,
                            )
                        )
    return rows


def _months(per: str) -> list[int]:
    return {"quarter": [2, 5, 8, 11], "month": list(range(1, 13))}.get(per, [6])


def test_clean_project_has_no_errors(tmp_path):
    root = project(tmp_path, {"2025": clean_rows()})
    result = audit(root, ("ledger", "completeness"))
    assert [f for f in result.findings if f.severity == "error"] == []
    assert result.findings == []
    assert result.completeness.overall == 1.0
