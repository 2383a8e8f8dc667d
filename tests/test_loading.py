"""Reading the ledger workbook: header detection, aliases, cell forms, sheets."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from projectkit import HEADER, audit, code, project, row, write_config

from docgen.load.ledger import load_ledger
from docgen.model import REQUIRED_COLUMNS

TODAY = dt.date(2026, 1, 15)
LEDGER = "ledger/归档文件目录.xlsx"


def findings(root: Path, prefix: str = "ledger"):
    return audit(root, rules=[prefix], today=TODAY)


def rules_of(root: Path) -> list[str]:
    return [f.rule for f in findings(root)]


def load(root: Path, sheets: list[str] | None = None):
    return load_ledger(root / LEDGER, LEDGER, sheets)


# ---------------------------------------------------------------- header


def test_header_in_row_three_under_merged_title(tmp_path):
    path = tmp_path / LEDGER
    path.parent.mkdir(parents=True)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "2025"
    ws["A1"] = "归档文件目录"
    ws.merge_cells("A1:K1")
    ws["A2"] = "全宗名称：示例市爱国卫生运动委员会办公室"
    ws.merge_cells("A2:F2")
    for c, name in enumerate(HEADER, start=1):
        ws.cell(3, c, name)
    for r, n in enumerate((1, 2), start=4):
        for c, v in enumerate(row(code(n)), start=1):
            ws.cell(r, c, v)
    wb.save(path)
    write_config(tmp_path)
    (tmp_path / "archive").mkdir()
    ledger = load(tmp_path)
    assert ledger.sheets[0].header_row == 3
    assert [r.row for r in ledger.rows] == [4, 5]
    assert ledger.rows[0].cells["档号"] == code(1)
    assert findings(tmp_path) == []


def test_column_aliases(tmp_path):
    header = [
        "序号",
        "档号",
        "发文机关",
        "文号",
        "文件题名",
        "成文日期",
        "页数",
        "保管期限",
        "条目",
        "类型",
    ]
    data = [
        1,
        code(1),
        "示例市人民政府",
        "示政发〔2025〕3号",
        "关于创建国家卫生城市的实施意见",
        "20250310",
        4,
        "定期30年",
        "1.3",
        "计划",
    ]
    root = project(tmp_path, {"2025": [header, data]})
    sheet = load(root).sheets[0]
    assert sheet.missing == ()
    assert {"件号", "责任者", "题名", "日期", "材料类型"} <= set(sheet.columns)
    cells = load(root).rows[0].cells
    assert (
        cells["责任者"] == "示例市人民政府" and cells["材料类型"] == "计划" and cells["件号"] == 1
    )
    assert findings(root) == []


def test_headers_with_spaces(tmp_path):
    header = [
        " 档 号 ",
        "责任者",
        "文号",
        "题　名",
        "日　期 ",
        "页数",
        "保管期限",
        "条目",
        "材料类型",
    ]
    root = project(tmp_path, {"2025": [header, row(code(1))[:9]]})
    assert load(root).sheets[0].missing == ()
    assert load(root).rows[0].cells["题名"] == f"关于{code(1)}的文件"
    assert findings(root) == []


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize(
    "value", ["20250611", 20250611, dt.datetime(2025, 6, 11), dt.date(2025, 6, 11)]
)
def test_standard_dates(tmp_path, value):
    root = project(tmp_path, {"2025": [HEADER, row(code(1), date=value)]})
    assert findings(root) == []


@pytest.mark.parametrize("value", ["2025-06-11", "2025年6月11日", "2025/6/11", "2025.6.11"])
def test_nonstandard_dates(tmp_path, value):
    root = project(tmp_path, {"2025": [HEADER, row(code(1), date=value)]})
    [f] = findings(root)
    assert (f.rule, f.row, f.column, f.expected) == (
        "ledger.nonstandard-date",
        2,
        "日期",
        "20250611",
    )


@pytest.mark.parametrize("value", ["20250231", "2025.13.1", "下旬"])
def test_bad_dates(tmp_path, value):
    root = project(tmp_path, {"2025": [HEADER, row(code(1), date=value)]})
    [f] = findings(root)
    assert (f.rule, f.row, f.column, f.value) == ("ledger.bad-date", 2, "日期", value)


# ---------------------------------------------------------------- sheets


def test_all_sheets_read(tmp_path):
    root = project(
        tmp_path,
        {
            "2024": [HEADER, row("J012-2024-D30-01-0001", date="20240310")],
            "2025": [HEADER, row(code(1)), row(code(2))],
        },
    )
    ledger = load(root)
    assert [(r.sheet, r.row) for r in ledger.rows] == [("2024", 2), ("2025", 2), ("2025", 3)]
    assert findings(root) == []


def test_ledger_sheets_restricts(tmp_path):
    sheets = {
        "2025": [HEADER, row(code(1))],
        "说明": [["填表说明：日期写成8位数字"], ["页数填实际页数"]],
    }
    root = project(tmp_path, sheets, paths={"ledger_sheets": ["2025"]})
    assert [s.name for s in load(root, ["2025"]).sheets] == ["2025"]
    assert findings(root) == []


def test_blank_extra_sheet_is_ignored(tmp_path):
    root = project(
        tmp_path, {"2025": [HEADER, row(code(1))], "Sheet2": [], "Sheet3": [[None, "  "]]}
    )
    assert [s.name for s in load(root).sheets] == ["2025"]
    assert findings(root) == []


def test_sheet_without_header_is_reported_by_name(tmp_path):
    sheets = {
        "2025": [HEADER, row(code(1))],
        "说明": [["填表说明：日期写成8位数字"], ["页数填实际页数"]],
    }
    root = project(tmp_path, sheets)
    fs = findings(root)
    assert {f.rule for f in fs} == {"ledger.missing-column"}
    assert {f.sheet for f in fs} == {"说明"}
    assert {f.column for f in fs} == set(REQUIRED_COLUMNS)
    assert all("“说明”" in f.message for f in fs)


def test_hidden_sheets_are_read(tmp_path):
    root = project(
        tmp_path,
        {"2025": [HEADER, row(code(1))], "隐藏": [HEADER, row(code(2), date="2025-03-10")]},
    )
    path = root / LEDGER
    wb = openpyxl.load_workbook(path)
    wb["隐藏"].sheet_state = "hidden"
    wb.save(path)
    [f] = findings(root)
    assert (f.rule, f.sheet, f.row) == ("ledger.nonstandard-date", "隐藏", 2)


def test_formula_without_cached_value_is_empty(tmp_path):
    root = project(tmp_path, {"2025": [HEADER, row(code(1), pages="=SUM(1,2)")]})
    [f] = findings(root)
    assert (f.rule, f.row, f.column) == ("ledger.required-empty", 2, "页数")


@pytest.mark.parametrize("spaces", ["   ", "\u3000\u3000", " \u00a0 "])
def test_cells_of_only_spaces_are_empty(tmp_path, spaces):
    root = project(tmp_path, {"2025": [HEADER, row(code(1), who=spaces)]})
    [f] = findings(root)
    assert (f.rule, f.row, f.column) == ("ledger.required-empty", 2, "责任者")


def test_repeated_header_row_is_skipped(tmp_path):
    root = project(tmp_path, {"2025": [HEADER, row(code(1)), HEADER, row(code(2))]})
    assert [r.row for r in load(root).rows] == [2, 4]
    assert findings(root) == []


def test_merged_cells_belong_to_every_row(tmp_path):
    root = project(
        tmp_path,
        {
            "2025": [
                HEADER,
                row(code(1)),
                row(code(2), retention=None, who=None),
                row(code(3), retention=None, who=None),
            ]
        },
    )
    path = root / LEDGER
    wb = openpyxl.load_workbook(path)
    ws = wb["2025"]
    for column in ("保管期限", "责任者"):
        letter = openpyxl.utils.get_column_letter(HEADER.index(column) + 1)
        ws.merge_cells(f"{letter}2:{letter}4")
    wb.save(path)
    assert [r.cells["保管期限"] for r in load(root).rows] == ["定期30年"] * 3
    assert findings(root) == []
