"""Helpers of the report tests (test_reports_xlsx.py, test_reports_table.py): a real
ledger-only project audited, hand-made results and findings, the 整改清单 read back."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
from projectkit import project, row

from docgen.audit import AuditResult, run_audit
from docgen.completeness import Cell, Completeness
from docgen.findings import ERROR, Finding, sort_findings
from docgen.load.guide import load_guide
from docgen.model import City, Project
from docgen.report import xlsx_report

ODD_TITLE = "[bold]x[/bold]<script>alert(1)</script>[/][red"
XLSX_HEADER = [
    "序号",
    "严重程度",
    "规则",
    "问题类别",
    "问题说明",
    "工作表",
    "行号",
    "列",
    "文件",
    "条目",
    "材料类型",
    "年度",
    "期间",
    "档号",
    "责任单位",
    "指标",
    "数值",
    "应为",
]  # 整改措施, 整改情况, 完成日期 and 佐证材料 are on the units' sheets


def hand_result(
    findings: list[Finding],
    city: str = "示例市",
    root: Path = Path("."),
    stats: dict | None = None,
) -> AuditResult:
    """An AuditResult built by hand: the 2021 guide, a window of 2025–2026, one item
    5 of 5 in 2025 and 0 in 2026."""
    guide = load_guide("national-city-2021")
    project = Project(
        root=root,
        city=City(city, "city", "示例省", "J012"),
        guide=guide.id,
        years=[2025, 2026],
        paths={},
    )
    section = guide.sections[0]
    item = section.items[0]
    req = item.requires[0]
    cells = (
        Cell(section.code, item, req, "2025", 2025, dt.date(2025, 1, 1), dt.date(2025, 12, 31), 5),
        Cell(section.code, item, req, "2026", 2026, dt.date(2026, 1, 1), dt.date(2026, 12, 31), 0),
    )
    return AuditResult(
        project=project,
        guide=guide,
        years=[2025, 2026],
        findings=sort_findings(findings),
        completeness=Completeness(cells),
        stats=stats if stats is not None else {"sheets": 1, "rows": 7, "files": 3, "inspected": 0},
    )


def finding(
    rule: str = "ledger.bad-date", message: str = "日期不对。", severity: str = ERROR, **where
) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, **where)


def workbook(result: AuditResult) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_report.render(result)))


def real_audit(root: Path) -> AuditResult:
    """A real ledger-only project at `root` with a bad date, a shared 文号 and an odd
    题名, audited (ledger and completeness rules)."""
    rows = [
        row(
            "J012-2025-D30-01-0001",
            item="1.3",
            kind="计划",
            number="示卫办〔2025〕1号",
            title=ODD_TITLE,
        ),
        row("J012-2025-D30-01-0002", item="1.3", kind="总结", date="20250231"),
        row("J012-2025-D30-01-0003", item="1.3", kind="会议纪要", number="示卫办〔2025〕1号"),
    ]
    project(root, rows, archive=False, years=[2024, 2025])
    return run_audit(root, rules=["ledger", "completeness"])
