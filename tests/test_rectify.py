"""The 整改 loop on the demo: audit → one sheet per 责任单位 → two units fill their rows
(one with a bad date, one answering another unit's row) → `docgen rectify` names the
bad rows and records the good ones → a re-audit without --force keeps the previous
report and carries the answers into the new sheets, and history shows them."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import openpyxl
import pytest
from hostile_bytes import xlsx_bomb
from projectkit import copy_demo, run_cli

from docgen.rectify import layout

TODAY = "2026-11-01"


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def unit_rows(ws) -> list[int]:
    return [r for r in range(layout.FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value]


def fill(ws, row: int, measures: str, progress: str, done, evidence: str = "") -> None:
    c = layout.FILLED_COLUMNS
    ws.cell(row, c["整改措施"]).value = measures
    ws.cell(row, c["整改情况"]).value = progress
    ws.cell(row, c["完成日期"]).value = done
    ws.cell(row, c["佐证材料（档号）"]).value = evidence or None


@pytest.fixture(scope="module")
def loop(demo_root, tmp_path_factory):
    root = copy_demo(demo_root, tmp_path_factory.mktemp("rectify") / "demo")
    done = run_cli("audit", str(root), "--format", "xlsx", "--today", TODAY)
    assert done.returncode == 1, done.stderr
    report = root / "out" / "整改清单.xlsx"
    wb = openpyxl.load_workbook(report)
    sheets = [
        n for n in wb.sheetnames if n not in ("汇总", "整改清单", "完整性", "说明", "_docgen")
    ]
    assert sheets[0] == "创卫办"  # the office's own findings
    a, b = [n for n in sheets[1:] if len(unit_rows(wb[n])) >= 3][:2]  # two member units
    wa, wb_ = wb[a], wb[b]
    ra, rb = unit_rows(wa), unit_rows(wb_)
    fill(wa, ra[0], "已清理卫生死角", "已完成整改", "2026-10-20", "J012-2026-D10-01-0001")
    fill(wa, ra[1], "安排专人巡查", "整改中", "下周")  # not a date
    fill(wb_, rb[0], "建立长效机制", "已完成", "2026-10-25")
    wb_.cell(rb[1], 1).value = wa.cell(ra[-1], 1).value  # b answers a's row
    fill(wb_, rb[1], "代为整改", "已完成", "2026-10-26")
    fill(wb_, rb[2], "巡查", '=A1&"已完成"', "2026-10-27")  # a formula
    returned = root.parent / "交回.xlsx"
    wb.save(returned)
    before, data = sha(returned), sha(root / "data" / "问题清单.xlsx")
    done = run_cli("rectify", str(root), str(returned))
    assert sha(returned) == before  # the returned file is only read
    assert sha(root / "data" / "问题清单.xlsx") == data  # docgen never writes into data/
    return {"root": root, "done": done, "units": (a, b), "rows": (ra, rb), "returned": returned}


def test_rectify_names_the_bad_rows_and_records_the_good_ones(loop):
    done, (a, b), (ra, rb) = loop["done"], loop["units"], loop["rows"]
    assert done.returncode == 1, done.stderr  # some rows not recorded
    assert f"工作表“{a}”第 {ra[1]} 行" in done.stderr and "“下周”不是日期" in done.stderr
    assert f"工作表“{b}”第 {rb[1]} 行" in done.stderr and f"是{a}的问题" in done.stderr
    assert f"工作表“{b}”第 {rb[2]} 行" in done.stderr and "是公式" in done.stderr
    assert "已记录 2 行答复" in done.stdout


def test_rectify_writes_a_copy_of_the_problem_list_with_the_answers(loop):
    copy = loop["root"] / "out" / "问题清单（整改答复）.xlsx"
    assert str(copy) in loop["done"].stdout
    ws = openpyxl.load_workbook(copy).worksheets[0]
    values = [c.value for line in ws.iter_rows() for c in line]
    assert "单位整改情况" in values and "已完成整改" in values


def test_reaudit_without_force_keeps_the_previous_report_and_carries_the_answers(loop):
    root, (a, _), (ra, _) = loop["root"], loop["units"], loop["rows"]
    report = root / "out" / "整改清单.xlsx"
    done = run_cli("audit", str(root), "--format", "xlsx,html,json", "--today", TODAY)
    assert done.returncode == 1, done.stderr
    assert list((root / "out" / "previous").glob("整改清单.*.xlsx"))
    wb = openpyxl.load_workbook(report)
    c = layout.FILLED_COLUMNS
    assert wb[a].cell(ra[0], c["整改情况"]).value == "已完成整改"
    assert wb[a].cell(ra[0], c["完成日期"]).value == "2026-10-20"
    assert wb[a].cell(ra[0], layout.STATE_COLUMN).value == "已答复"
    assert wb[a].cell(ra[1], c["整改情况"]).value is None  # the bad row was not recorded
    summary = [[c.value for c in line] for line in wb["汇总"].iter_rows()]
    row_a = next(line for line in summary if line[0] == a)
    assert row_a[2] == 1  # 已答复
    history = run_cli("history", str(root))
    assert history.returncode == 0, history.stderr
    assert f"{a}：" in history.stdout and "整改进度" in history.stdout
    as_json = run_cli("history", str(root), "--format", "json")
    assert '"answered": 1' in as_json.stdout
    json_text = (root / "out" / "审核结果.json").read_text(encoding="utf-8")
    assert '"rectification"' in json_text and '"answered": 1' in json_text


def test_one_history_entry_per_multi_format_run(demo_copy):
    done = run_cli("audit", str(demo_copy), "--format", "xlsx,html,docx", "--today", TODAY)
    assert done.returncode == 1, done.stderr
    for name in ("整改清单.xlsx", "审核报告.html", "督查通报.docx"):
        assert (demo_copy / "out" / name).is_file()
    history = run_cli("history", str(demo_copy), "--format", "json")
    assert '"total": 1,' in history.stdout


def _refused(root: Path, path: Path, text: str) -> None:
    before = sha(path)
    history = root / "out" / ".history" / "audit-history.sqlite"
    stored = sha(history)
    done = run_cli("rectify", str(root), str(path))
    assert done.returncode == 2, done.stdout + done.stderr
    assert text in done.stderr and "Traceback" not in done.stderr
    assert sha(path) == before and sha(history) == stored  # nothing recorded


def test_a_renamed_csv_is_refused(loop, tmp_path):
    path = tmp_path / "交回.xlsx"
    path.write_text("编号,整改情况\nproblem|1,已完成\n", encoding="utf-8")
    _refused(loop["root"], path, "不是 Excel 工作簿")


def test_a_zip_bomb_is_refused(loop, tmp_path):
    path = tmp_path / "交回.xlsx"
    path.write_bytes(xlsx_bomb())
    _refused(loop["root"], path, "压缩炸弹")


def test_a_workbook_that_is_not_ours_is_refused(loop, tmp_path):
    path = tmp_path / "交回.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["整改措施", "整改情况", "完成日期"])
    wb.active.append(["清理", "已完成", "2026-10-01"])
    wb.save(path)
    _refused(loop["root"], path, "没有 docgen 导出的单位整改工作表")


def test_a_sheet_of_another_project_is_refused(loop, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(loop["root"], other, ignore=shutil.ignore_patterns("out"))
    done = run_cli("audit", str(other), "--format", "xlsx", "--today", TODAY)
    assert done.returncode == 1, done.stderr
    wb = openpyxl.load_workbook(other / "out" / "整改清单.xlsx")
    ws = wb[loop["units"][0]]
    fill(ws, unit_rows(ws)[0], "清理", "已完成", "2026-10-01")
    path = tmp_path / "别的项目.xlsx"
    wb.save(path)
    _refused(loop["root"], path, "另一个项目的整改清单")


def test_a_missing_file_is_named(loop, tmp_path):
    done = run_cli("rectify", str(loop["root"]), str(tmp_path / "没有.xlsx"))
    assert done.returncode == 2 and "找不到交回的整改表" in done.stderr
    assert "Traceback" not in done.stderr
