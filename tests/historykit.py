"""Helpers of the history tests (test_history.py, test_history_files.py): a small
project, an audit recorded in its history, a cell changed, `docgen history` as JSON."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from projectkit import code, project, run_cli

from docgen.audit import run_audit
from docgen.history import record_run

__all__ = ["audit_and_record", "code", "history_json", "set_cell", "small_project"]


def small_project(root: Path, rows: list[list]) -> Path:
    return project(root, rows, archive=False)


def audit_and_record(root: Path, rules: list[str] | None = ("ledger",), **options):
    rules = list(rules) if rules is not None else None
    result = run_audit(root, rules=rules, memo=False, **options)
    return result, record_run(root, result, rules=rules)


def set_cell(path: Path, sheet: str, old: object, new: object) -> int:
    """Replace the one cell of `sheet` holding `old`; returns its row."""
    wb = openpyxl.load_workbook(path)
    hits = [c for line in wb[sheet].iter_rows() for c in line if c.value == old]
    assert len(hits) == 1, hits
    hits[0].value = new
    wb.save(path)
    return hits[0].row


def history_json(root: Path, *options: str) -> dict:
    done = run_cli("history", str(root), "--format", "json", *options)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)
