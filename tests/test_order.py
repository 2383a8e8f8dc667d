"""The reports' order (report.order): what a clerk can fix in the catalogue and the
archive first, then the data errors, the missing documents grouped by section and
year, the warnings folded; and a period that has not ended is a warning."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from projectkit import audit_result, run_cli
from test_completeness import GUIDE as BASE
from test_completeness import Ledger, project

from docgen.findings import ERROR, WARNING
from docgen.report import html_report, table
from docgen.report.order import ARCHIVE, COMPLETENESS, DATA, WARNINGS, in_order, parts

DEMO_DAY = dt.date(2026, 12, 2)

# test_completeness's guide, one item a section: 1.1 a plan a year, 3.1 a record a quarter
GUIDE = {
    **BASE,
    "id": "order-guide",
    "sections": [{**s, "items": s["items"][:1]} for s in BASE["sections"]],
}


@pytest.fixture(scope="module")
def demo_result(demo_root):
    return audit_result(demo_root, today=DEMO_DAY, memo=False)


def test_demo_report_puts_ledger_and_file_errors_before_completeness(demo_result):
    found = parts(demo_result.findings, demo_result.guide)
    assert [p.key for p in found] == [ARCHIVE, DATA, COMPLETENESS, WARNINGS]
    archive = {f.rule.split(".")[0] for g in found[0].groups for f in g.findings}
    assert archive == {"ledger", "file"}
    assert all(f.severity == WARNING for g in found[-1].groups for f in g.findings)
    flat = in_order(demo_result.findings, demo_result.guide)
    assert sorted(map(id, flat)) == sorted(map(id, demo_result.findings))
    first_gap = next(i for i, f in enumerate(flat) if f.rule.startswith("completeness."))
    assert all(f.rule.startswith(("ledger.", "file.", "data.")) for f in flat[:first_gap])

    text = table.render_text(demo_result)
    assert text.index("ledger.bad-date") < text.index("资料完整性（按类目和年度）")
    assert text.index("file.missing") < text.index("data.mismatch")
    assert text.index("data.mismatch") < text.index("资料完整性（按类目和年度）")


def test_demo_completeness_is_one_line_per_section_and_year(demo_result):
    gaps = [f for f in demo_result.findings if f.rule == "completeness.missing"]
    groups = next(p for p in parts(gaps, demo_result.guide) if p.key == COMPLETENESS).groups
    assert [g.title for g in groups] == [
        "01 爱国卫生组织管理 · 2025 年度",
        "07 疾病防控与医疗卫生服务 · 2025 年度",
    ]
    text = table.render_text(demo_result)
    lines = [line.strip() for line in text.splitlines() if "：缺 " in line]
    assert lines == [
        "· 01 爱国卫生组织管理 · 2025 年度：缺 1 项（条目 1.3）",
        "· 07 疾病防控与医疗卫生服务 · 2025 年度：缺 1 项（条目 7.5）",
    ]
    # no message of a missing document is printed one by one
    assert not any(f.message[:30] in text for f in gaps)


def test_demo_warnings_are_one_count_line_in_the_table_and_folded_in_html(demo_result):
    text = table.render_text(demo_result)
    assert f"警告 {demo_result.warnings} 条（" in text
    assert not any(f.message[:30] in text for f in demo_result.findings if f.severity == WARNING)
    page = html_report.render(demo_result, generated=dt.datetime(2026, 12, 2, 9, 0))
    fold = page.index('<details id="warnings-fold"')
    assert f"警告 {demo_result.warnings} 条" in page[fold : fold + 200]
    body = page[page.index('<div id="findings-rows">') :]
    heads = re.findall(r'<h3 class="part">(.+?) <span', body)
    assert heads == [
        "一、目录和归档文件（在归档文件目录和档案中即可改正）",
        "二、数据表（指标数据、成员单位、问题清单）",
        "三、资料完整性（按类目和年度）",
    ]
    # every warning row is inside the fold, every error row before it
    rows = re.findall(r'<tr class="(e|w)">', body)
    inside = re.findall(r'<tr class="(e|w)">', body[body.index("<details") :])
    assert set(inside) == {"w"} and len(inside) == rows.count("w") == demo_result.warnings


def _project(tmp_path: Path) -> Path:
    ledger = Ledger().add("1.1", "计划", "20250301")
    for d in ["20250210", "20250510", "20250810", "20251110", "20260210", "20260810"]:
        ledger.add("3.1", "检查记录", d)
    return project(tmp_path, ledger, [2025, 2026], guide=GUIDE)


def test_a_period_not_ended_is_a_warning_with_its_reason(tmp_path):
    root = _project(tmp_path / "proj")
    proc = run_cli(
        "audit", str(root), "--format", "json", "--rules", "completeness", "--today", "2026-12-02"
    )
    found = json.loads(proc.stdout)["findings"]
    gaps = {(f["rule"], f["severity"], f["item"], f["period"]) for f in found}
    assert gaps == {
        # 2026 has not ended: its plan and its Q4 record may still come
        ("completeness.open-period", WARNING, "1.1", "2026"),
        ("completeness.open-period", WARNING, "3.1", "2026-Q4"),
        # Q2 2026 has ended: an error
        ("completeness.missing", ERROR, "3.1", "2026-Q2"),
    }
    open_ones = [f for f in found if f["rule"] == "completeness.open-period"]
    assert all("该期间尚未结束" in f["message"] for f in open_ones)
    assert all("可用 docgen guides order-guide 查看条目" in f["message"] for f in found)
    assert proc.returncode == 1  # the one ended gap


def test_a_period_once_ended_becomes_an_error(tmp_path):
    root = _project(tmp_path / "proj")
    result = audit_result(root, rules=["completeness"], today=dt.date(2027, 1, 5), memo=False)
    assert {(f.rule, f.period) for f in result.findings} == {
        ("completeness.missing", "2026"),
        ("completeness.missing", "2026-Q2"),
        ("completeness.missing", "2026-Q4"),
    }
    assert result.warnings == 0
