"""The audit history when its file or folder is odd (damaged, foreign, unwritable, an
out/ link, an archive folder named out) and the `docgen history` command: the audit
still succeeds, nothing is deleted or written through a link, the history reads back."""

from __future__ import annotations

import json
import sqlite3

import pytest
from historykit import audit_and_record, code, history_json, small_project
from projectkit import row, run_cli, write_config

from docgen.audit import run_audit
from docgen.findings import ERROR, Finding
from docgen.history import database_path, load_comparison, record_run

# ---------------------------------------------------------------- damaged history, odd folders


def test_damaged_history_file_is_warned_about_and_left_alone(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231")])
    path = database_path(root)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"this is not a database" * 100)
    done = run_cli("audit", str(root), "--format", "json", "--rules", "ledger")
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["errors"] == 1
    assert "警告" in done.stderr and "audit-history.sqlite" in done.stderr and "改名" in done.stderr
    assert "Traceback" not in done.stderr
    assert path.read_bytes() == b"this is not a database" * 100

    shown = run_cli("history", str(root))
    assert (
        shown.returncode == 2
        and "audit-history.sqlite" in shown.stderr
        and "Traceback" not in shown.stderr
    )


def test_foreign_sqlite_file_is_not_written_to(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    path = database_path(root)
    path.parent.mkdir(parents=True)
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (text TEXT)")
    con.commit()
    con.close()
    before = path.read_bytes()
    done = run_cli("audit", str(root), "--format", "json", "--rules", "ledger")
    assert done.returncode == 0, done.stderr
    assert "不是 docgen 的审核历史" in done.stderr and "改名" in done.stderr
    assert path.read_bytes() == before


def test_history_that_cannot_be_written_warns_and_the_audit_succeeds(tmp_path):
    root = small_project(tmp_path, [row(code(1), date="20250231")])
    (root / "out").mkdir()
    (root / "out" / ".history").write_text(
        "挡住了文件夹", encoding="utf-8"
    )  # a file where the folder goes
    done = run_cli("audit", str(root), "--rules", "ledger")
    assert done.returncode == 1, done.stderr
    assert "无法写入审核历史" in done.stderr and "Traceback" not in done.stderr
    assert "ledger.bad-date" in done.stdout
    result = run_audit(root, memo=False)
    assert record_run(root, result) is None


@pytest.mark.parametrize("target", ["ledger", "../外面"])
def test_nothing_is_written_where_an_out_link_points(tmp_path, target, capsys):
    root = small_project(tmp_path / "项目", [row(code(1))])
    (tmp_path / "外面").mkdir()
    (root / "out").symlink_to(target, target_is_directory=True)
    result = run_audit(root, rules=["ledger"], memo=False)
    assert record_run(root, result) is None
    assert "链接" in capsys.readouterr().err
    assert not (root / "ledger" / ".history").exists() and not any((tmp_path / "外面").iterdir())


def test_an_archive_folder_named_out_is_not_written(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    write_config(root, paths={"archive": "out"})
    (root / "out").mkdir()
    result = run_audit(root, rules=["ledger"], memo=False)
    assert record_run(root, result) is None
    assert list((root / "out").iterdir()) == []


# ---------------------------------------------------------------- docgen history


def test_history_of_a_project_without_runs_says_so(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    done = run_cli("history", str(root))
    assert done.returncode == 0, done.stderr
    assert "还没有审核历史" in done.stdout
    assert not (root / "out").exists()  # reading never creates the history
    assert history_json(root)["runs"] == []


def test_history_of_a_folder_that_is_not_a_project_exits_2(tmp_path):
    done = run_cli("history", str(tmp_path))
    assert done.returncode == 2
    assert "docgen.yaml" in done.stderr and "Traceback" not in done.stderr


def test_history_limit_shows_the_latest_runs(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    for _ in range(3):
        audit_and_record(root)
    h = history_json(root, "--limit", "2")
    assert [r["run_id"] for r in h["runs"]] == [2, 3] and h["total"] == 3
    table = run_cli("history", str(root), "--limit", "2").stdout
    assert "只列出最近 2 次" in table


def test_odd_text_in_findings_round_trips_through_the_history(tmp_path):
    root = small_project(tmp_path, [row(code(1))])
    result = run_audit(root, rules=["ledger"], memo=False)
    odd = ["换行\n单位", "竖线|单位", "孤立代理\ud800", "=cmd|' /C calc'!A0"]
    result.findings = [
        Finding(
            "data.overdue",
            ERROR,
            f"第 {i} 行：{u}",
            sheet="问题清单",
            row=i + 2,
            column="整改时限",
            file="data/问题清单.xlsx",
            unit=u,
            value="2026-08-31",
        )
        for i, u in enumerate(odd)
    ]
    record_run(root, result)
    result.findings = result.findings[1:]
    c = record_run(root, result)
    assert (c.current.new, c.current.fixed, c.current.still_open) == (0, 1, 3)
    assert c.fixed[0]["unit"] == "换行\n单位"
    latest = load_comparison(root)
    assert latest.fixed == c.fixed and set(latest.status.values()) == {"open"}
