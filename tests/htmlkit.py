"""Helpers of the HTML report tests (test_html_report.py, test_html_browser.py): the
page read back, the demo project with hostile rows, hand-made results."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import reportkit
from projectkit import copy_demo

from docgen.audit import AuditResult, run_audit
from docgen.findings import ERROR, WARNING, Finding
from docgen.history.model import Comparison, RunSummary, finding_keys
from docgen.report.html_report import render

WHEN = dt.datetime(2026, 11, 23, 10, 15, 2)
TODAY = dt.date(2026, 11, 1)
SCRIPT_TITLE = "<script>alert(1)</script>关于测试的通知"
FORMULA_TITLE = '=HYPERLINK("x","点我")'
BAD_UNIT = "<iframe>江临市测试局"  # the problem list drops spaces and splits at "/"
REPORT_NAME = "审核报告.html"


# ---------------------------------------------------------------- reading the page


class Page(HTMLParser):
    """What the tests look at: elements by tag, the findings rows and the heat map."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.rows: list[dict] = []  # findings rows: attrs, cell texts (header rows not included)
        self.scripts: list[tuple[dict, str]] = []
        self.chunks: list[dict[str, str | None]] = []  # the row tables' wrappers
        self._zone = False  # inside the findings table
        self._in_body = False
        self._row: dict | None = None
        self._cell: list[str] | None = None
        self._script: tuple[dict, list[str]] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and a.get("id") == "findings-rows":
            self._zone = True
        elif tag == "p" and a.get("id") == "f-empty":
            self._zone = False
        elif tag == "div" and self._zone and "chunk" in (a.get("class") or ""):
            self.chunks.append(a)
        elif tag == "tbody" and self._zone:
            self._in_body = True
        elif tag == "tr" and self._in_body:
            self._row = {"attrs": a, "cells": []}
        elif tag == "td" and self._row is not None:
            self._cell = []
        elif tag == "script":
            self._script = (a, [])

    def handle_endtag(self, tag):
        if tag == "td" and self._cell is not None and self._row is not None:
            self._row["cells"].append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.rows.append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in_body = False
        elif tag == "script" and self._script is not None:
            self.scripts.append((self._script[0], "".join(self._script[1])))
            self._script = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._script is not None:
            self._script[1].append(data)

    def heat_cells(self) -> list[tuple[str, str]]:
        return [
            (a["data-section"], a["data-year"])
            for _, a in self.tags
            if "data-section" in a and "data-year" in a
        ]

    def visible(self) -> list[dict]:
        return [r for r in self.rows if "hidden" not in r["attrs"]]


def element_text(text: str, element_id: str) -> str:
    m = re.search(rf'id="{element_id}"[^>]*>([^<]*)<', text)
    return htmllib.unescape(m.group(1)) if m else ""


def links(text: str) -> list[str]:
    return [
        v
        for _, a in Page(text).tags
        for k, v in a.items()
        if k in ("href", "src") and v is not None
    ]


# ---------------------------------------------------------------- projects


def plant_hostile(root: Path) -> None:
    """Rows a careless report would run as markup or a formula (written as text cells)."""
    path = root / "ledger" / "归档文件目录.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["2025"]
    who, number = "江临市爱国卫生运动委员会办公室", "江卫办〔2025〕901号"
    for n, title in ((901, SCRIPT_TITLE), (902, FORMULA_TITLE), (903, FORMULA_TITLE)):
        ws.append(
            [
                f"J012-2025-D30-01-0{n}",
                n,
                who,
                number,
                title,
                "20250601",
                1,
                None,
                "定期30年",
                "1.3",
                "文件",
                None,
                None,
            ]
        )
        ws.cell(row=ws.max_row, column=5).data_type = "s"  # text, not a formula
    wb.save(path)
    path = root / "data" / "问题清单.xlsx"
    wb = openpyxl.load_workbook(path)
    wb.active.append(
        [
            "WT-2026-901",
            "测试问题",
            "某处",
            "自查",
            BAD_UNIT,
            dt.datetime(2026, 1, 5),
            dt.datetime(2026, 2, 5),
            "整改中",
            None,
        ]
    )
    wb.save(path)


def hand_result(findings: list[Finding], root: Path = Path("proj")) -> AuditResult:
    return reportkit.hand_result(findings, root=root, stats={"sheets": 1, "rows": 3, "files": 2})


def finding(
    rule: str = "ledger.bad-date", message: str = "日期不对。", severity: str = ERROR, **where
) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, **where)


def many(errors: int, warnings: int) -> AuditResult:
    return hand_result(
        [finding(row=n + 2, sheet="2025") for n in range(errors)]
        + [
            finding("ledger.nonstandard-date", "写法。", WARNING, row=n + 2, sheet="2025")
            for n in range(warnings)
        ]
    )


def comparison(result: AuditResult) -> Comparison:
    """Two recorded runs: the previous one had one finding that is gone and lacked the
    first current finding."""
    keys = finding_keys(result.findings)
    status = {k: "new" if i == 0 else "open" for i, k in enumerate(keys)}
    gone = finding(
        "ledger.bad-retention",
        "保管期限“长久”不规范。",
        sheet="2024",
        row=9,
        archive_code="J012-2024-D30-01-0003",
    ).to_dict()

    def run(n: int, errors: int, ratio: float, new: int, fixed: int) -> RunSummary:
        return RunSummary(
            run_id=n,
            run_time=f"2026-11-2{n}T10:00:00",
            version="0.1.0",
            guide="national-city-2021",
            years=(2025, 2026),
            errors=errors,
            warnings=1,
            completeness=ratio,
            by_section={"01": ratio},
            new=new,
            fixed=fixed,
            still_open=len(keys) - new,
        )

    first, second = run(1, 4, 0.5, 0, 0), run(2, result.errors, 0.75, 1, 1)
    return Comparison(
        current=second, previous=first, status=status, fixed=[gone], trend=[first, second]
    )


def audited_demo(demo_root: Path, root: Path) -> tuple[AuditResult, Path, str]:
    """A copy of the demo project at `root` with hostile rows, audited; its report
    written to out/."""
    copy_demo(demo_root, root)
    plant_hostile(root)
    result = run_audit(root, today=TODAY, memo=False)
    out = root / "out"
    out.mkdir(exist_ok=True)
    text = render(result, generated=WHEN, base=out)
    (out / REPORT_NAME).write_text(text, encoding="utf-8")
    return result, out / REPORT_NAME, text
