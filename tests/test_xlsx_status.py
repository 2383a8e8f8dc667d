"""The 整改清单 with the audit history: a 状态 column (新增 / 未整改) and an 已整改 sheet
when there is a previous run; neither for the first run. Text that looks like a
formula stays text in the new column and sheet too."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from projectkit import HEADER, code, row, run_cli, write_config, write_ledger
from reportkit import XLSX_HEADER

from docgen.audit import run_audit
from docgen.history import record_run
from docgen.report import xlsx_report

FORMULA = '=HYPERLINK("http://example.com","点我")'
BASE_HEADER = XLSX_HEADER


def ledger(root: Path, *, fixed: bool) -> None:
    """Row 1 has a 文号 that looks like a formula (fixed in the second version), row 2
    a bad date (kept), and the second version adds a row with 0 pages (new)."""
    rows = [
        HEADER,
        row(code(1), number="示卫办〔2025〕1号" if fixed else FORMULA),
        row(code(2), date="20250231"),
    ]
    if fixed:
        rows.append(row(code(3), pages=0))
    path = write_ledger(root, {"2025": rows})
    wb = openpyxl.load_workbook(path)
    for line in wb.active.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # "=…" is text in the ledger, not a formula
    wb.save(path)


def audit(root: Path):
    result = run_audit(root, rules=["ledger"], memo=False)
    return result, record_run(root, result, rules=["ledger"])


def sheet_rows(data: bytes, name: str) -> list[dict]:
    ws = openpyxl.load_workbook(io.BytesIO(data))[name]
    head = [c.value for c in ws[1]]
    return [
        dict(zip(head, (c.value for c in line), strict=True)) for line in ws.iter_rows(min_row=2)
    ]


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    write_config(tmp_path)
    ledger(tmp_path, fixed=False)
    return tmp_path


def test_first_run_has_no_status_column_and_no_fixed_sheet(project):
    result, comparison = audit(project)
    assert comparison is not None and comparison.previous is None
    data = xlsx_report.render(result, comparison)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[-4:] == ["整改清单", "完整性", "说明", "_docgen"]
    assert [c.value for c in wb["整改清单"][1]] == BASE_HEADER
    assert data == xlsx_report.render(result)  # as without any history


def test_second_run_marks_new_and_open_and_lists_the_fixed(project):
    audit(project)
    ledger(project, fixed=True)
    result, comparison = audit(project)
    data = xlsx_report.render(result, comparison)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames[-5:] == ["整改清单", "完整性", "说明", "已整改", "_docgen"]
    ws = wb["整改清单"]
    assert [c.value for c in ws[1]] == BASE_HEADER[:2] + ["状态"] + BASE_HEADER[2:]
    assert ws.auto_filter.ref == f"A1:S{len(result.findings) + 1}"
    status = {(r["规则"], r["档号"]): r["状态"] for r in sheet_rows(data, "整改清单")}
    assert status == {
        ("ledger.bad-date", code(2)): "未整改",
        ("ledger.bad-page-count", code(3)): "新增",
    }
    new_row = next(
        n for n, r in enumerate(sheet_rows(data, "整改清单"), start=2) if r["状态"] == "新增"
    )
    assert ws.cell(row=new_row, column=3).fill.fgColor.rgb.endswith(xlsx_report.ORANGE)

    fixed = sheet_rows(data, "已整改")
    assert [(r["规则"], r["档号"], r["行号"]) for r in fixed] == [
        ("ledger.bad-doc-number", code(1), 2)
    ]
    assert fixed[0]["问题说明"] == comparison.fixed[0]["message"]

    about = {r[0].value: r[1].value for r in wb["说明"].iter_rows() if r[0].value}
    assert (about["新增"], about["未整改"], about["已整改"]) == (1, 1, 1)
    assert about["对比的上次审核"].startswith(f"#{comparison.previous.run_id}（")


def test_formula_like_text_stays_text_in_the_status_column_and_fixed_sheet(project):
    audit(project)
    ledger(project, fixed=True)
    result, comparison = audit(project)
    data = xlsx_report.render(result, comparison)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    cells = [c for line in wb["已整改"].iter_rows(min_row=2) for c in line if c.value == FORMULA]
    assert cells, "the fixed 文号 finding carries the formula-like value"
    assert all(c.data_type == "s" for c in cells)
    assert all(
        c.data_type == "s"
        for line in wb["整改清单"].iter_rows(min_row=2, min_col=3, max_col=3)
        for c in line
    )
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_cli_xlsx_has_the_status_column_from_the_second_audit_on(project):
    first = run_cli("audit", str(project), "--format", "xlsx", "--rules", "ledger")
    assert first.returncode == 1, first.stderr
    out = project / "out" / "整改清单.xlsx"
    assert "状态" not in [c.value for c in openpyxl.load_workbook(out)["整改清单"][1]]
    second = run_cli("audit", str(project), "--format", "xlsx", "--rules", "ledger", "--force")
    assert second.returncode == 1, second.stderr
    wb = openpyxl.load_workbook(out)
    assert [c.value for c in wb["整改清单"][1]][2] == "状态"
    assert {r["状态"] for r in sheet_rows(out.read_bytes(), "整改清单")} == {"未整改"}
    assert sheet_rows(out.read_bytes(), "已整改") == []
