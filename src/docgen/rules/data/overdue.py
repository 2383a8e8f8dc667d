"""data.overdue: today is later than a problem's 整改时限 and its 整改状态 is not
closed (problem_list.closed); the one data rule that depends on the day of the audit."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...parse import format_date_cn, parse_date
from ..base import rule
from .common import phrase
from .problem_list import at, closed, members, problem_rows, row_dates, unit_label, where

RULE = "data.overdue"


@rule(RULE)
def overdue(ctx: AuditInput) -> Iterator[Finding]:
    known = members(ctx)
    today = ctx.today
    for sheet, r in problem_rows(ctx):
        status = r.text("整改状态")
        due = row_dates(r)["整改时限"]
        if closed(status) or due.status != "ok" or not today > due.date:
            continue
        units = unit_label(r.text("责任单位"), known)
        written = ""
        if parse_date(r.cells.get("整改时限")).date is None:  # 2025年12月底, 15个工作日, ...
            written = phrase(RULE, "written", text=r.text("整改时限"))
        yield make(
            RULE,
            "" if status else "no-status",
            at=at(r),
            units=units or phrase(RULE, "no-unit"),
            deadline=format_date_cn(due.date),
            written=written,
            today=format_date_cn(today),
            days=(today - due.date).days,
            status=status,
            value=due.date.isoformat(),
            **where(sheet, r, "整改时限", units),
        )
