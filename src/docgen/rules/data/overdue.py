"""data.overdue: today is later than a problem's 整改时限 and its 整改状态 is not
closed (Problem.overdue); the one data rule that depends on the day of the audit."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...cn.dates import chinese_date
from ...context import AuditInput
from ...findings import Finding
from ...parse import parse_date
from ..base import rule
from .common import phrase
from .problem_list import at, where

RULE = "data.overdue"


@rule(RULE)
def overdue(ctx: AuditInput) -> Iterator[Finding]:
    today = ctx.today
    for p in ctx.problem_list:
        days = p.days_overdue(today)
        if not days:
            continue
        status, units = p.status, p.unit_label()
        written = ""
        if parse_date(p.row.cells.get("整改时限")).date is None:  # 2025年12月底, 15个工作日
            written = phrase(RULE, "written", text=p.text("整改时限"))
        yield make(
            RULE,
            "" if status else "no-status",
            at=at(p),
            units=units or phrase(RULE, "no-unit"),
            deadline=chinese_date(p.deadline.date),
            written=written,
            today=chinese_date(today),
            days=days,
            status=status,
            value=p.deadline.date.isoformat(),
            **where(ctx, p, "整改时限", units),
        )
