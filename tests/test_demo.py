"""`docgen init` and `docgen demo`: the empty project and the example project with
its planted defects, checked through the real audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import openpyxl
import pytest
import yaml
from projectkit import run_cli

from docgen.audit import load_input, run_audit
from docgen.demo import MARKER, build_demo, demo_plan, make_demo
from docgen.demo.city import DEMO_TODAY, MISMATCH, SCAN_MISMATCH, figure
from docgen.demo.defects import Planted
from docgen.demo.texts import _figures
from docgen.extract import ocr
from docgen.load.datasheet import (
    INDICATOR_COLUMNS,
    PROBLEM_COLUMNS,
    UNIT_COLUMNS,
    load_problems,
    load_units,
)
from docgen.render import pdf
from docgen.rules import date_order, overdue, unknown_unit
from docgen.scaffold import LEDGER_HEADER


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("demo") / "江临示例"
    proc = run_cli("demo", str(root))
    assert proc.returncode == 0, proc.stderr
    assert "江临市" in proc.stdout
    return root


@pytest.fixture(scope="module")
def result(demo_dir):
    return run_audit(demo_dir, today=DEMO_TODAY)


@pytest.fixture(scope="module")
def planted() -> list[Planted]:
    return demo_plan().planted


def _matches(p: Planted, f) -> bool:
    if p.rule != f.rule:
        return False
    if p.row is not None:
        return (f.sheet, f.row) == (p.sheet, p.row)
    if p.file is not None:
        return f.file == p.file
    return (f.item, f.kind, f.period) == (p.item, p.kind, p.period)


def _missing(planted: list[Planted], findings, prefix: str) -> list[Planted]:
    return [
        p
        for p in planted
        if p.rule.startswith(prefix) and not any(_matches(p, f) for f in findings)
    ]


def test_demo_ledger_has_several_hundred_rows_over_three_year_sheets(result):
    assert 350 <= result.stats["rows"] <= 450
    assert result.stats["sheets"] == 3


def test_demo_header_sits_below_a_merged_title_row(demo_dir):
    wb = openpyxl.load_workbook(demo_dir / "ledger" / "归档文件目录.xlsx")
    assert wb.sheetnames == ["2024", "2025", "2026"]
    for ws in wb.worksheets:
        assert ws["A1"].value == f"江临市创建国家卫生城市归档文件目录（{ws.title}年度）"
        assert any(str(r).startswith("A1:") for r in ws.merged_cells.ranges)
        assert [c.value for c in ws[2]][: len(LEDGER_HEADER)] == list(LEDGER_HEADER)


def test_every_planted_ledger_defect_is_found_at_its_sheet_and_row(result, planted):
    ledger = [p for p in planted if p.rule.startswith("ledger.")]
    assert len({p.rule for p in ledger}) >= 13  # every ledger rule family but missing-column
    assert _missing(planted, result.findings, "ledger.") == []


def test_every_planted_file_defect_is_found(result, planted):
    files = {p.rule for p in planted if p.rule.startswith("file.")}
    assert files == {
        "file.missing",
        "file.orphan",
        "file.unreadable",
        "file.encrypted",
        "file.empty",
        "file.page-mismatch",
        "file.duplicate-content",
        "file.outside-root",
        "file.scan-resolution",
        "file.scan-colour",
    }
    assert _missing(planted, result.findings, "file.") == []


def test_completeness_gaps_are_exactly_the_planted_ones(result, planted):
    gaps = [p for p in planted if p.rule == "completeness.missing"]
    assert {(p.item, p.kind, p.period) for p in gaps} == {
        ("1.3", "总结", "2025"),
        ("7.5", "监测报告", "2025-Q3"),
    }
    found = [f for f in result.findings if f.rule == "completeness.missing"]
    assert sorted((f.item, f.kind, f.period) for f in found) == sorted(
        (p.item, p.kind, p.period) for p in gaps
    )


def test_demo_has_no_ledger_file_or_completeness_finding_beyond_the_planted_ones(result, planted):
    checked = [
        f for f in result.findings if f.rule.split(".")[0] in ("ledger", "file", "completeness")
    ]
    extra = [
        (f.rule, f.sheet, f.row, f.file)
        for f in checked
        if not any(_matches(p, f) for p in planted)
    ]
    assert extra == []


def test_demo_notes_list_every_planted_defect(demo_dir, planted):
    text = (demo_dir / "问题说明.md").read_text(encoding="utf-8")
    for p in planted:
        assert f"`{p.rule}`" in text
        if p.row is not None:
            assert f"工作表“{p.sheet}”第 {p.row} 行" in text


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """The demo built through the Python API (the CLI build is `demo_dir`)."""
    return make_demo(tmp_path_factory.mktemp("made") / "江临示例")


def test_demo_builds_the_same_bytes_every_time(demo_dir, made):
    assert made.planted[: len(demo_plan().planted)] == demo_plan().planted
    assert _digest(made.root) == _digest(demo_dir)


def test_demo_data_sheets_carry_planted_data_defects(made):
    rules = {p.rule for p in made.planted if p.rule.startswith("data.")}
    assert rules == {
        "data.below-standard",
        "data.logic",
        "data.unknown-unit",
        "data.overdue",
        "data.date-order",
        "data.mismatch",
    }
    units = openpyxl.load_workbook(made.root / "data" / "成员单位.xlsx").active
    assert units.max_row - 1 >= 15
    problems = openpyxl.load_workbook(made.root / "data" / "问题清单.xlsx").active
    assert problems.max_row - 1 >= 30


def test_problem_list_findings_are_exactly_the_planted_ones(made):
    planted = sorted((p.rule, p.sheet, p.row) for p in made.planted if p.rule in PROBLEM_RULES)
    assert len(planted) == 3
    for today in (DEMO_TODAY, dt.date(2026, 9, 1), dt.date(2027, 3, 31)):
        ctx = load_input(made.root, inspect=False, today=today)
        ctx.units = load_units(made.root, "data/成员单位.xlsx")
        ctx.problems = load_problems(made.root, "data/问题清单.xlsx")
        found = [f for rule in (unknown_unit, overdue, date_order) for f in rule(ctx)]
        assert sorted((f.rule, f.sheet, f.row) for f in found) == planted, today


PROBLEM_RULES = ("data.unknown-unit", "data.overdue", "data.date-order")


def _pdf_text(path: Path) -> str:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    try:
        return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_filed_reports_state_figures_that_agree_with_the_data_sheet(made):
    rows = {r[0]: r for r in _ledger_rows(made.root)}
    summary = next(r for r in rows.values() if r[9:11] == ("1.3", "总结") and "2024年" in r[4])
    text = _pdf_text(_archive_file(made.root, summary))
    assert f"建成区绿化覆盖率达到{figure('建成区绿化覆盖率', 2024)}%。" in text
    assert f"城市生活污水集中处理率达到{figure('城市生活污水集中处理率', 2024)}%。" in text
    briefing = next(r for r in rows.values() if "2025年第12期" in r[4])
    import docx

    words = "\n".join(p.text for p in docx.Document(_archive_file(made.root, briefing)).paragraphs)
    assert f"满意率达到{figure('群众对卫生状况满意率', 2025)}%。" in words


def test_one_planted_report_disagrees_with_the_data_sheet(made):
    name, year, stated = MISMATCH
    (mismatch,) = [p for p in made.planted if p.rule == "data.mismatch" and name in p.what]
    text = _pdf_text(made.root / mismatch.file)
    assert f"{year}年，全市建成区绿化覆盖率达到{stated}%。" in text
    assert stated != figure(name, year) and figure(name, year) in mismatch.what


def test_every_figure_sentence_fits_on_one_pdf_line():
    lines = [line for doc in demo_plan().docs for line in _figures(doc)]
    assert len(lines) > 30
    assert max(len(line) for line in lines) <= 30


def _ledger_rows(root: Path) -> list[tuple]:
    wb = openpyxl.load_workbook(root / "ledger" / "归档文件目录.xlsx")
    return [r for ws in wb.worksheets for r in ws.iter_rows(min_row=3, values_only=True) if r[0]]


def _archive_file(root: Path, row: tuple) -> Path:
    """The row's file: its 文件路径, or else archive/**/{档号}.*"""
    if row[11]:
        return root / "archive" / row[11]
    return next((root / "archive").rglob(f"{row[0]}.*"))


def _digest(root: Path) -> dict[str, str]:
    """Every file the build wrote; out/ is left out, the audit keeps its cache there."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.relative_to(root).parts[0] != "out"
    }


def test_demo_force_rebuilds_a_previous_demo(tmp_path):
    root = tmp_path / "demo"
    assert "江临市" in build_demo(root)
    before = _digest(root)
    victim = next(iter(sorted((root / "archive").rglob("*.pdf"))))
    victim.unlink()
    (root / "archive" / "多余文件.txt").write_text("x", encoding="utf-8")
    proc = run_cli("demo", str(root), "--force")
    assert proc.returncode == 0, proc.stderr
    assert _digest(root) == before


def test_demo_refuses_a_non_empty_folder_without_force(tmp_path):
    root = tmp_path / "busy"
    root.mkdir()
    (root / "台账.xlsx").write_bytes(b"keep")
    proc = run_cli("demo", str(root))
    assert proc.returncode == 2
    assert "不是空的" in proc.stderr and "Traceback" not in proc.stderr


def test_demo_force_refuses_a_folder_that_is_not_a_demo(tmp_path):
    root = tmp_path / "real"
    root.mkdir()
    (root / "台账.xlsx").write_bytes(b"keep")
    proc = run_cli("demo", str(root), "--force")
    assert proc.returncode == 2
    assert MARKER in proc.stderr and "Traceback" not in proc.stderr
    assert (root / "台账.xlsx").read_bytes() == b"keep"
    assert sorted(p.name for p in root.iterdir()) == ["台账.xlsx"]


# ---------------------------------------------------------------- docgen init


def test_init_makes_an_empty_project(tmp_path):
    root = tmp_path / "p"
    proc = run_cli("init", str(root))
    assert proc.returncode == 0, proc.stderr
    for folder in ("ledger", "archive", "data", "templates", "out"):
        assert (root / folder).is_dir()
    assert list((root / "archive").iterdir()) == []
    cfg = yaml.safe_load((root / "docgen.yaml").read_text(encoding="utf-8"))
    this = dt.date.today().year
    assert cfg["city"]["name"] == "示例市" and cfg["city"]["level"] == "city"
    assert cfg["guide"] == "national-city-2021"
    assert cfg["years"] == [this - 2, this - 1, this]


def test_init_ledger_has_a_bold_frozen_header_with_drop_down_lists(tmp_path):
    root = tmp_path / "p"
    assert run_cli("init", str(root)).returncode == 0
    ws = openpyxl.load_workbook(root / "ledger" / "归档文件目录.xlsx").active
    assert [c.value for c in ws[1]] == list(LEDGER_HEADER)
    assert all(c.font.bold for c in ws[1])
    assert ws.freeze_panes == "A2"
    date_col = LEDGER_HEADER.index("日期") + 1
    assert ws.cell(row=2, column=date_col).number_format == "@"
    lists = " ".join(dv.formula1 for dv in ws.data_validations.dataValidation)
    assert "定期30年" in lists and "监测报告" in lists


def test_init_data_sheets_have_their_headers(tmp_path):
    root = tmp_path / "p"
    assert run_cli("init", str(root)).returncode == 0
    expected = {  # the first name of each column the loader reads
        "指标数据.xlsx": list(INDICATOR_COLUMNS),
        "成员单位.xlsx": list(UNIT_COLUMNS),
        "问题清单.xlsx": list(PROBLEM_COLUMNS),
    }
    for name, header in expected.items():
        ws = openpyxl.load_workbook(root / "data" / name).active
        assert [c.value for c in ws[1]] == header


def test_audit_of_a_fresh_project_reports_missing_evidence_without_a_traceback(tmp_path):
    root = tmp_path / "p"
    assert run_cli("init", str(root)).returncode == 0
    proc = run_cli("audit", str(root), "--format", "json")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert '"completeness.missing"' in proc.stdout


def test_init_refuses_a_non_empty_folder_without_force(tmp_path):
    root = tmp_path / "busy"
    root.mkdir()
    (root / "旧文件.txt").write_text("x", encoding="utf-8")
    proc = run_cli("init", str(root))
    assert proc.returncode == 2
    assert "不是空的" in proc.stderr and "--force" in proc.stderr and "Traceback" not in proc.stderr
    assert sorted(p.name for p in root.iterdir()) == ["旧文件.txt"]


def test_init_force_adds_what_is_missing_and_overwrites_nothing(tmp_path):
    root = tmp_path / "p"
    root.mkdir()
    (root / "docgen.yaml").write_text("# 我的设置\n", encoding="utf-8")
    proc = run_cli("init", str(root), "--force")
    assert proc.returncode == 0, proc.stderr
    assert (root / "docgen.yaml").read_text(encoding="utf-8") == "# 我的设置\n"
    assert (root / "ledger" / "归档文件目录.xlsx").is_file()


def test_init_refuses_a_path_that_is_a_file(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("x", encoding="utf-8")
    proc = run_cli("init", str(target), "--force")
    assert proc.returncode == 2
    assert "文件" in proc.stderr and "Traceback" not in proc.stderr


def test_full_audit_finds_every_planted_data_defect_and_no_other(made):
    """Through run_audit, as `docgen audit` runs it: data sheets, problem list and
    the figures filed documents state."""
    result = run_audit(made.root, today=DEMO_TODAY)
    planted = made.planted
    assert len([p for p in planted if p.rule.startswith("data.")]) == 8  # one read by OCR
    assert _missing(planted, result.findings, "data.") == []
    data = [f for f in result.findings if f.rule.startswith("data.")]
    unplanted = [f for f in data if not any(_matches(p, f) for p in planted)]
    assert unplanted == []


# ---------------------------------------------------------------- files read by OCR, LibreOffice


def test_demo_says_how_every_filed_file_was_read(result):
    """Scans and the phone photo by OCR, the .doc through LibreOffice, the OFD natively;
    photos filed as 照片 counted as not text; the damaged, encrypted and empty files unread."""
    docs = demo_plan().docs
    ocr_files = [d for d in docs if d.content in ("scan", "photo")]
    photos = [d for d in docs if d.fmt == "jpg" and d.content == "normal" and d.file_rel]
    ocr_on, lo_on = ocr.available() is None, pdf.soffice_path() is not None
    reading = result.stats["reading"]
    assert reading["ocr"] == (len(ocr_files) if ocr_on else 0) == (6 if ocr_on else 0)
    assert reading["libreoffice"] == int(lo_on) and reading["ofd"] == 1
    assert reading["unread_reasons"]["not-text"] == len(photos) == 30
    assert reading["unread_reasons"]["unreadable"] == 3  # file.unreadable, .encrypted, .empty
    assert reading["unread_reasons"]["no-ocr"] == (0 if ocr_on else len(ocr_files))
    assert reading["text"] == 348
    unread = [f for f in result.findings if f.rule == "file.unread"]
    assert len(unread) == (0 if ocr_on else len(ocr_files)) + (0 if lo_on else 1)


@pytest.mark.skipif(ocr.available() is not None, reason="OCR not installed")
def test_the_figure_only_a_scan_states_is_found_and_said_to_be_read_from_a_scan(result):
    name, year = SCAN_MISMATCH
    (planted,) = [p for p in demo_plan().planted if p.rule == "data.mismatch" and name in p.what]
    (found,) = [f for f in result.findings if f.rule == "data.mismatch" and f.file == planted.file]
    assert "扫描件" in found.message
    assert f"{name}达到98.6%" in found.message and figure(name, year) == "100"
