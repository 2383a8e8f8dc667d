"""交办单 only to member units: a problem whose 责任单位 is not on the member-unit list
gets no document and is listed for the clerk; overdue problems say 已逾期 N 天, N
decided in the check stage (AuditResult.verdicts)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from docx import Document
from projectkit import copy_demo, run_cli

from docgen.audit import run_audit

TODAY = dt.date(2026, 12, 2)
DUE = dt.date(2026, 10, 31)  # the 教育局 problem's 整改时限
OVERDUE_NO, OVERDUE_DUE = "WT-2026-004", dt.date(2026, 8, 31)  # the demo's overdue problem


def _with_education_bureau(root: Path) -> Path:
    """The demo with one open problem for 教育局, taken off the member-unit list."""
    units = root / "data" / "成员单位.xlsx"
    wb = openpyxl.load_workbook(units)
    row = next(r[0].row for r in wb.active.iter_rows(min_row=2) if r[0].value == "江临市教育局")
    wb.active.delete_rows(row)
    wb.save(units)
    path = root / "data" / "问题清单.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.append(
        [
            "WT-2026-099",
            "校园周边流动摊贩占道经营",
            "实验小学门口",
            "暗访",
            "教育局",
            dt.datetime(2026, 10, 10),
            dt.datetime(DUE.year, DUE.month, DUE.day),
            "未整改",
            None,
        ]
    )
    wb.save(path)
    return root


@pytest.fixture(scope="module")
def rendered(demo_root, tmp_path_factory):
    root = _with_education_bureau(copy_demo(demo_root, tmp_path_factory.mktemp("d") / "demo"))
    proc = run_cli("render", "assignment", str(root), "--data", str(_data(root)), "--each", "unit")
    assert proc.returncode == 0, proc.stderr
    return root, proc


def _data(root: Path) -> Path:
    """The demo's --data for the 交办单, dated TODAY."""
    data = root / "render" / "assignment-today.yaml"
    text = (root / "render" / "assignment.yaml").read_text(encoding="utf-8")
    data.write_text(text.replace("today: 2026-11-20", f"today: {TODAY}"), encoding="utf-8")
    return data


def _text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_no_document_for_a_unit_that_is_not_a_member(rendered):
    root, _ = rendered
    folder = root / "out" / "assignment"
    names = sorted(p.stem for p in folder.glob("*.docx"))
    assert names and "教育局" not in names
    members = openpyxl.load_workbook(root / "data" / "成员单位.xlsx").active
    listed = {r[0] for r in members.iter_rows(min_row=2, values_only=True)}
    assert set(names) <= listed
    texts = [_text(p) for p in folder.glob("*.docx")]
    assert not any("WT-2026-099" in t for t in texts)
    assert not any("未登记" in t for t in texts)


def test_the_clerk_is_told_which_units_got_none(rendered):
    _, proc = rendered
    assert "未生成交办单" in proc.stderr
    assert "“教育局”（问题 WT-2026-099）" in proc.stderr
    assert "已生成" not in proc.stderr and "教育局" not in proc.stdout


def test_the_audit_names_the_unit_and_says_it_gets_no_document(rendered):
    root, _ = rendered
    result = run_audit(root, rules=["data.unknown-unit"], today=TODAY, memo=False)
    found = [f for f in result.findings if f.value == "教育局"]
    assert len(found) == 1
    assert "不会给它生成交办单" in found[0].message


def test_an_overdue_problem_says_how_many_days(rendered):
    root, _ = rendered
    text = _text(root / "out" / "assignment" / "江临市城市管理局.docx")
    days = (TODAY - OVERDUE_DUE).days
    assert days == 93
    line = next(line for line in text.splitlines() if "2026年8月31日" in line)
    assert f"已逾期{days}天" in line
    # a problem not yet due says nothing of the kind
    assert not any("已逾期" in x for x in text.splitlines() if "2027年3月31日" in x)


def test_the_days_are_the_check_stage_verdict(rendered):
    root, _ = rendered
    verdicts = run_audit(root, rules=["data.overdue"], today=TODAY, memo=False).verdicts
    ws = openpyxl.load_workbook(root / "data" / "问题清单.xlsx").active
    row_of = {r[0].value: r[0].row for r in ws.iter_rows(min_row=2)}
    days = {row: n for (_, row), n in verdicts.days_overdue().items()}
    assert days[row_of[OVERDUE_NO]] == 93
    assert days[row_of["WT-2026-099"]] == (TODAY - DUE).days == 32


def test_rendered_documents_pass_lint(rendered):
    root, _ = rendered
    proc = run_cli("lint", "--no-layout", str(root / "out" / "assignment"))
    assert proc.returncode == 0, proc.stdout


def test_without_a_member_list_every_unit_gets_one_and_the_clerk_is_told(demo_root, tmp_path):
    root = copy_demo(demo_root, tmp_path / "demo")
    units = root / "data" / "成员单位.xlsx"
    wb = openpyxl.load_workbook(units)
    wb.active.delete_rows(2, wb.active.max_row)
    wb.save(units)
    proc = run_cli("render", "assignment", str(root), "--data", str(_data(root)), "--each", "unit")
    assert proc.returncode == 0, proc.stderr
    assert "成员单位名单（data/成员单位.xlsx）是空的" in proc.stderr
    files = list((root / "out" / "assignment").glob("*.docx"))
    assert files
    assert not any("未登记" in _text(p) or "联系人：，" in _text(p) for p in files)
