"""What data.unknown-unit, data.overdue and data.date-order share: how a message names
a problem-list row and the location keys of a finding about it. The rows come read
(load/problems.py: dates, units, closed or not; load/members.py: the matching).

* No member-unit list (data/成员单位.xlsx absent, or without a usable sheet):
  data.unknown-unit says nothing — there is nothing to compare with.
* A date cell that holds no readable date is reported once under data.date-order
  ("cannot be read"), and every comparison it would take part in is skipped;
  data.overdue skips the row. No new rule id is needed and the clerk sees the cell.
* data.date-order compares a row's own dates only (完成 before 交办, 时限 before
  交办). A 完成日期 later than today is not reported: it would come and go with
  --today, and data.overdue is the one rule that depends on the day of the audit.
  A closed problem without 完成日期 is not in the catalogue and is not reported.
"""

from __future__ import annotations

from typing import Any

from ...context import AuditInput
from ...load.problems import Problem


def at(p: Problem) -> str:
    """How a message names a problem-list row, with the problem's 编号 and words."""
    what = p.text("问题描述")
    if len(what) > 30:
        what = what[:29] + "…"
    code = p.text("编号")
    label = f"{code}“{what}”" if what else code
    return f"问题清单工作表“{p.row.sheet}”第 {p.row.row} 行" + (f"（{label}）" if label else "")


def where(ctx: AuditInput, p: Problem, column: str, unit: str | None, **extra: Any) -> dict:
    """The location keys of a finding about problem `p`."""
    return {
        "sheet": p.row.sheet,
        "row": p.row.row,
        "column": column,
        "file": ctx.problems.path,
        "unit": unit,
        **extra,
    }
