"""The audit history (out/.history/audit-history.sqlite) and `docgen history`: every
audit is recorded and compared with the previous run of the same scope; a fixed
defect is reported fixed and nothing else changes; keys survive inserted rows; a
damaged or foreign history file is warned about, never deleted, and never fails the
audit."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from historykit import audit_and_record, code, history_json, set_cell, small_project
from projectkit import HEADER, row, run_cli, write_ledger

from docgen.audit import AuditResult, run_audit
from docgen.demo.city import DEMO_TODAY
from docgen.findings import ERROR, Finding
from docgen.history import database_path, finding_key, finding_keys, load_comparison, record_run
from docgen.history.store import APPLICATION_ID

TODAY = DEMO_TODAY.isoformat()
LEDGER = "ledger/归档文件目录.xlsx"


@pytest.fixture()
def demo(demo_copy) -> Path:
    """A fresh copy of the demo (no out/) that a test may change."""
    return demo_copy


# ---------------------------------------------------------------- the must-show


def test_fixing_one_planted_defect_is_reported_fixed_and_nothing_else_changes(demo):
    first = run_cli(
        "audit",
        str(demo),
        "--format",
        "json",
        "-o",
        str(demo / "out" / "first.json"),
        "--today",
        TODAY,
    )
    assert first.returncode == 1, first.stderr
    report = json.loads((demo / "out" / "first.json").read_text("utf-8"))
    bad = next(f for f in report["findings"] if f["rule"] == "ledger.bad-date")
    assert set_cell(demo / LEDGER, bad["sheet"], bad["value"], "20250228") == bad["row"]

    second = run_cli("audit", str(demo), "--today", TODAY)
    assert second.returncode == 1, second.stderr
    assert "已整改 1 个" in second.stdout and "新增 0 个" in second.stdout

    h = history_json(demo)
    assert [r["run_id"] for r in h["runs"]] == [1, 2]
    run = h["runs"][1]
    assert (run["compared_to"], run["new"], run["fixed"]) == (1, 0, 1)
    assert run["still_open"] == len(report["findings"]) - 1
    assert h["latest"]["fixed"] == [bad]
    assert h["latest"]["new"] == []

    table = run_cli("history", str(demo))
    assert table.returncode == 0, table.stderr
    assert "新增的问题（0 个）：无" in table.stdout
    assert "已整改的问题（1 个）" in table.stdout
    assert bad["message"][:20] in table.stdout
    assert table.stdout.count("ledger.bad-date") == 1


def test_history_trend_lists_every_run_with_completeness_and_counts(demo):
    for _ in range(2):
        assert run_cli("audit", str(demo), "--format", "json", "--today", TODAY).returncode == 1
    done = run_cli("history", str(demo))
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "江临市 审核历史" in out and "共 2 次审核" in out
    assert "98.7%" in out and "#1" in out and "#2" in out
    assert "范围相同" in out  # says what is compared with what
    assert "新增 0 个，已整改 0 个" in out


# ---------------------------------------------------------------- keys


def test_inserting_a_ledger_row_above_makes_no_finding_new(tmp_path):
    rows = [
        row(code(1), date="20250231"),
        row(code(2), number="示卫办[2025]1号"),
        row(code(3), pages=0),
        row(code(5)),
    ]  # 0004 missing: a gap
    root = small_project(tmp_path, rows)
    before, first = audit_and_record(root)
    assert first is not None and first.previous is None and first.status == {}
    assert len(before.findings) >= 4

    inserted = row(
        code(1, 2024), date="20240105", title="补登的文件"
    )  # a group of its own: no new gap
    write_ledger(root, {"2025": [HEADER, inserted, *rows]})
    after, second = audit_and_record(root)
    assert [f.row for f in after.findings] != [f.row for f in before.findings]  # the rows did move
    assert (second.current.new, second.current.fixed) == (0, 0), second.new_findings
    assert second.current.still_open == len(before.findings) == len(after.findings)
    assert set(second.status.values()) == {"open"}
    assert all(second.status_of(f) == "open" for f in after.findings)


def test_key_ignores_row_and_message_but_not_the_archive_code():
    def bad_date(row_no: int, number: int) -> Finding:
        return Finding(
            "ledger.bad-date",
            ERROR,
            f"第 {row_no} 行……",
            sheet="2025",
            row=row_no,
            column="日期",
            archive_code=code(number),
            year=2025,
            item="1.3",
            value="20250231",
        )

    one, moved, other = bad_date(5, 1), bad_date(6, 1), bad_date(6, 2)
    assert finding_key(one) == finding_key(moved) != finding_key(other)
    assert finding_key(one) == "ledger.bad-date|日期|a|J012-2025-D30-01-0001"  # readable


def test_problem_list_findings_are_known_by_unit_and_value_not_row():
    def overdue(row_no: int, unit: str, deadline: str) -> Finding:
        return Finding(
            "data.overdue",
            ERROR,
            f"第 {row_no} 行……",
            sheet="问题清单",
            row=row_no,
            column="整改时限",
            file="data/问题清单.xlsx",
            unit=unit,
            value=deadline,
        )

    assert finding_key(overdue(5, "城管局", "2026-08-31")) == finding_key(
        overdue(9, "城管局", "2026-08-31")
    )
    assert finding_key(overdue(5, "城管局", "2026-08-31")) != finding_key(
        overdue(5, "城管局", "2026-09-30")
    )
    assert finding_key(overdue(5, "城管局", "2026-08-31")) != finding_key(
        overdue(5, "住建局", "2026-08-31")
    )


def test_a_finding_without_other_identity_falls_back_to_sheet_and_row():
    a = Finding("ledger.required-empty", ERROR, "空", sheet="2025", row=7, column="档号")
    b = Finding("ledger.required-empty", ERROR, "空", sheet="2025", row=8, column="档号")
    assert finding_key(a) != finding_key(b)


def test_findings_sharing_an_identity_are_numbered_in_order():
    same = [
        Finding(
            "ledger.duplicate-archive-code",
            ERROR,
            f"第 {r} 行",
            sheet="2025",
            row=r,
            column="档号",
            archive_code=code(1),
        )
        for r in (3, 4, 5)
    ]
    keys = finding_keys(same)
    assert keys[0] == finding_key(same[0])
    assert keys[1:] == [f"{keys[0]}~2", f"{keys[0]}~3"]


# ---------------------------------------------------------------- scope, recording


def test_runs_compare_only_with_the_same_guide_years_and_rules(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231")])
    _, ledger_only = audit_and_record(root, rules=["ledger"])
    _, everything = audit_and_record(root, rules=None)
    assert everything.previous is None  # another rule selection: not compared
    _, again = audit_and_record(root, rules=["ledger"])
    assert again.previous.run_id == ledger_only.current.run_id
    assert [r.run_id for r in again.trend] == [ledger_only.current.run_id, again.current.run_id]
    _, other_years = audit_and_record(root, rules=["ledger"], years=[2024, 2025])
    assert other_years.previous is None
    h = history_json(root)
    assert [r["compared_to"] for r in h["runs"]] == [None, None, 1, None]
    assert h["runs"][1]["rules"] is None and h["runs"][0]["rules"] == [
        r for r in h["runs"][0]["rules"] if r.startswith("ledger.")
    ]


def test_run_time_is_the_real_clock_not_today(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    before = dt.datetime.now().replace(microsecond=0)
    assert run_cli("audit", str(root), "--format", "json", "--today", "2020-01-01").returncode in (
        0,
        1,
    )
    run = history_json(root)["runs"][0]
    when = dt.datetime.fromisoformat(run["run_time"])
    assert before <= when <= dt.datetime.now()
    assert len(run["run_time"]) == len("2026-11-23T10:15:02")


def test_recording_leaves_the_json_report_byte_identical(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231"), row(code(2))])
    runs = [run_cli("audit", str(root), "--format", "json") for _ in range(3)]
    assert {r.returncode for r in runs} == {1}
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert "history" not in runs[0].stdout and "run_id" not in runs[0].stdout
    assert len(history_json(root)["runs"]) == 3


def test_unchanged_runs_share_their_stored_findings(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231")])
    for _ in range(3):
        audit_and_record(root)
    con = sqlite3.connect(database_path(root))
    try:
        assert con.execute("SELECT count(*) FROM run").fetchone()[0] == 3
        assert con.execute("SELECT count(*) FROM run_data").fetchone()[0] == 1
        assert con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        con.close()
    latest = load_comparison(root)
    assert latest.current.run_id == 3 and latest.previous.run_id == 2
    assert latest.current.still_open == 1 and latest.fixed == [] and latest.new_findings == []


def test_two_audits_at_once_are_both_recorded(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231")])
    args = [
        sys.executable,
        "-m",
        "docgen",
        "audit",
        str(root),
        "--format",
        "json",
        "--rules",
        "ledger",
    ]
    procs = [
        subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(3)
    ]
    for p in procs:
        _, err = p.communicate(timeout=120)
        assert p.returncode == 1 and "警告" not in err, err
    runs = history_json(root)["runs"]
    assert [r["compared_to"] for r in runs] == [None, 1, 2]
    assert all(r["still_open"] == 1 for r in runs[1:])


def test_eighty_thousand_findings_record_quickly(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    result = run_audit(root, rules=["ledger"], memo=False)
    many = [
        Finding(
            "file.missing",
            ERROR,
            f"归档目录工作表“2025”第 {i} 行的文件不存在。请补充。",
            sheet="2025",
            row=i,
            column="文件路径",
            file=f"archive/2025/{code(i % 10000)}.pdf",
            item="1.3",
            year=2025,
            archive_code=f"J012-2025-D30-{i // 10000:02d}-{i % 10000:04d}",
        )
        for i in range(2, 80002)
    ]
    big = AuditResult(
        project=result.project,
        guide=result.guide,
        years=result.years,
        findings=many,
        completeness=result.completeness,
    )
    started = time.perf_counter()
    record_run(root, big)
    first = time.perf_counter() - started
    fixed = many[:-1]
    big.findings = fixed
    started = time.perf_counter()
    c = record_run(root, big)
    second = time.perf_counter() - started
    assert (c.current.fixed, c.current.new, c.current.still_open) == (1, 0, 79999)
    assert c.fixed[0]["row"] == 80001
    assert first < 3 and second < 3, (
        first,
        second,
    )  # measured: about 0.3 s each on the dev machine


def test_a_schema_1_history_gains_the_answer_tables_on_the_next_write(tmp_path):
    from docgen.history.answers import Answer, load_answers, record_answers
    from docgen.history.schema import RUN_SQL
    from docgen.load.project import load_project

    root = small_project(tmp_path, [row(1)])
    path = database_path(root)
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as con:  # what docgen 0.1 (schema 1) wrote
        for statement in RUN_SQL:
            con.execute(statement)
        con.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        con.execute("PRAGMA user_version = 1")
    con.close()
    assert load_answers(root) == ("", {})  # read as it is: no answers yet
    _, comparison = audit_and_record(root)
    assert comparison is not None  # recorded into the old file, brought up to schema 2
    answer = Answer("problem|WT-1", "市城管局", "清理", "已完成", "2026-10-01", None, "a.xlsx", "t")
    record_answers(root, load_project(root), [answer])
    project_id, answers = load_answers(root)
    assert len(project_id) == 16 and answers == {"problem|WT-1": answer}
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 2
    con.close()
