"""The audit memo (out/.cache/audit-memo.pickle): a re-audit of an unchanged project
reuses the previous result; any change to its inputs audits afresh."""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import time
from pathlib import Path

import openpyxl
import pytest
from projectkit import (
    HEADER,
    audit_result,
    code,
    make_pdf,
    row,
    run_cli,
    write_config,
    write_ledger,
)

from docgen import audit as audit_module
from docgen import memo
from docgen.report.json_report import render

TODAY = dt.date(2026, 1, 15)
PAST = time.time_ns() - 86_400 * 10**9  # archive files older than a day: safe to memoise


def settle(root: Path, ns: int = PAST) -> None:
    """Date every archive file back, as files filed some time before the audit are."""
    for p in (root / "archive").rglob("*"):
        os.utime(p, ns=(ns, ns), follow_symlinks=False)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Rows with a file, without one, with a page count the PDF contradicts; an orphan."""
    write_config(tmp_path)
    write_ledger(
        tmp_path,
        {
            "2025": [
                HEADER,
                row(code(1), pages=2),
                row(code(2)),
                row(code(3), pages=1),
                row(code(4), date="20250231"),
            ]
        },
    )
    make_pdf(tmp_path / "archive" / f"{code(1)}.pdf", pages=2)
    make_pdf(tmp_path / "archive" / f"{code(3)}.pdf", pages=3)
    make_pdf(tmp_path / "archive" / "未登记.pdf")
    settle(tmp_path)
    return tmp_path


def audit(root: Path, **options):
    return audit_result(root, today=options.pop("today", TODAY), **options)


def rules_of(result) -> list[tuple]:
    return sorted((f.rule, f.row, f.file) for f in result.findings)


def memo_file(root: Path) -> Path:
    return root / "out" / ".cache" / memo.MEMO_NAME


def test_second_run_reuses_the_result(root, monkeypatch):
    first = audit(root)
    assert first.stats["memo"] == "miss" and memo_file(root).is_file()
    assert ("file.missing", 3, None) in rules_of(first)
    assert ("file.page-mismatch", 4, "archive/" + f"{code(3)}.pdf") in rules_of(first)

    def no_reading(*_):
        raise AssertionError("the ledger was read although nothing changed")

    monkeypatch.setattr(audit_module, "_read_tables", no_reading)
    monkeypatch.setattr(audit_module, "inspect_files", no_reading)
    second = audit(root)
    assert second.stats["memo"] == "hit"
    assert render(second) == render(first)
    assert second.findings == first.findings and second.completeness == first.completeness
    assert {k: v for k, v in second.stats.items() if k != "memo"} == {
        k: v for k, v in first.stats.items() if k != "memo"
    }
    assert second.project == first.project and second.guide == first.guide


def test_the_json_report_is_byte_identical_and_has_no_stats(root):
    runs = [
        run_cli("audit", str(root), "--format", "json", "--today", "2026-01-15") for _ in range(2)
    ]
    assert runs[0].returncode == runs[1].returncode == 1, runs[0].stderr
    assert runs[0].stdout == runs[1].stdout
    assert "memo" not in runs[0].stdout and "stats" not in json.loads(runs[0].stdout)
    assert memo_file(root).is_file()


def test_a_touched_archive_file_audits_afresh(root):
    audit(root)
    pdf = root / "archive" / f"{code(3)}.pdf"
    make_pdf(pdf, pages=1)  # now as many pages as the ledger says
    settle(root, PAST + 10**9)
    again = audit(root)
    assert again.stats["memo"] == "miss"
    assert not [f for f in again.findings if f.rule == "file.page-mismatch"]
    assert rules_of(again) == rules_of(audit(root, memo=False))
    assert audit(root).stats["memo"] == "hit"


def test_a_new_mtime_alone_audits_afresh(root):
    audit(root)
    os.utime(root / "archive" / "未登记.pdf", ns=(PAST + 5, PAST + 5))
    assert audit(root).stats["memo"] == "miss"


def test_a_changed_ledger_cell_audits_afresh(root):
    first = audit(root)
    write_ledger(
        root,
        {
            "2025": [
                HEADER,
                row(code(1), pages=2),
                row(code(2)),
                row(code(3), pages=3),
                row(code(4), date="20250228"),
            ]
        },
    )
    again = audit(root)
    assert again.stats["memo"] == "miss"
    assert len(again.findings) < len(first.findings)
    assert not [f for f in again.findings if f.rule in ("file.page-mismatch", "ledger.bad-date")]
    assert render(again) == render(audit(root, memo=False))


def test_a_changed_member_unit_list_audits_afresh(root):
    units = root / "data" / "成员单位.xlsx"
    units.parent.mkdir()
    for name in ("示例市城市管理局", "示例市卫生健康委员会"):
        wb = openpyxl.Workbook()
        wb.active.append(["单位名称", "简称", "联系人", "电话"])
        wb.active.append([name, None, None, None])
        wb.save(units)
        assert audit(root).stats["memo"] == "miss"
    assert audit(root).stats["memo"] == "hit"


def test_a_changed_config_audits_afresh(root):
    audit(root)
    write_config(root, years=[2024, 2025])
    assert audit(root).stats["memo"] == "miss"


@pytest.mark.parametrize(
    "options",
    [
        {"today": dt.date(2026, 1, 16)},
        {"years": [2024, 2025]},
        {"rules": ["file."]},
        {"guide": "national-city-2014"},
    ],
)
def test_other_options_audit_afresh(root, options):
    audit(root)
    assert audit(root).stats["memo"] == "hit"
    other = audit(root, **options)
    assert other.stats["memo"] == "miss"
    assert render(other) == render(audit(root, memo=False, **options))


def test_a_changed_docgen_audits_afresh(root, monkeypatch):
    audit(root)
    monkeypatch.setattr(memo, "_source", "another docgen")
    assert audit(root).stats["memo"] == "miss"


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"garbage",
        None,  # the right header and key, then a truncated pickle
    ],
)
def test_a_damaged_memo_is_ignored_and_replaced(root, damage):
    first = audit(root)
    path = memo_file(root)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2] if damage is None else damage)
    again = audit(root)
    assert again.stats["memo"] == "miss" and render(again) == render(first)
    assert audit(root).stats["memo"] == "hit"


class _Planted:
    def __init__(self, target: Path) -> None:
        self.target = target

    def __reduce__(self):
        return (Path.touch, (self.target,))


def test_a_planted_memo_cannot_run_code(root, tmp_path_factory):
    first = audit(root)
    path = memo_file(root)
    with path.open("rb") as f:
        header = f.readline() + f.readline()  # the right format line and key
    marker = tmp_path_factory.mktemp("planted") / "ran"
    path.write_bytes(
        header + pickle.dumps({"findings": [], "completeness": _Planted(marker), "stats": {}})
    )
    again = audit(root)
    assert not marker.exists()
    assert again.stats["memo"] == "miss" and render(again) == render(first)


def test_files_changed_just_before_the_scan_are_not_memoised(root):
    settle(root, time.time_ns())  # as if written a moment ago, perhaps again after the scan
    assert audit(root).stats["memo"] == "miss"
    assert not memo_file(root).exists()
    assert audit(root).stats["memo"] == "miss"


def test_memo_off(root):
    result = audit(root, memo=False)
    assert result.stats["memo"] == "off" and not memo_file(root).exists()


def test_one_memo_is_kept(root):
    audit(root)
    audit(root, today=dt.date(2026, 2, 1))
    memos = [p.name for p in memo_file(root).parent.iterdir() if "memo" in p.name]
    assert memos == ["audit-memo.pickle"]


def test_unwritable_memo_is_not_an_error(root):
    (root / "out").write_text("a file where the out folder should be")
    assert audit(root).stats["memo"] == "miss"
    assert audit(root).stats["memo"] == "miss"


def test_a_failed_audit_leaves_no_memo(root):
    (root / "ledger" / "归档文件目录.xlsx").write_bytes(b"not a workbook")
    with pytest.raises(Exception, match="归档文件目录"):
        audit(root)
    assert not (root / "out").exists()


def test_temp_files_of_a_killed_run_are_swept(root):
    folder = memo_file(root).parent
    folder.mkdir(parents=True)
    old, fresh = folder / f"{memo.MEMO_NAME}.dead.tmp", folder / f"{memo.MEMO_NAME}.busy.tmp"
    for p in (old, fresh):
        p.write_bytes(b"half a memo")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    audit(root)
    assert not old.exists() and fresh.exists() and memo_file(root).is_file()


def test_the_demo_project_is_memoised(demo_copy):
    """Every kind of finding the demo plants survives the memo (its values included:
    the memo only unpickles classes it knows)."""
    root = demo_copy
    settle(root)
    first = audit(root)
    second = audit(root)
    assert (first.stats["memo"], second.stats["memo"]) == ("miss", "hit")
    assert len({f.rule.split(".")[0] for f in first.findings}) >= 3
    assert render(second) == render(first)
