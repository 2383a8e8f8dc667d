"""data.date-order: a problem-list row's own dates out of order (完成 or 整改时限
before 交办), and a date cell that holds no readable date ("cannot be read": every
comparison it would take part in is skipped). A 完成日期 later than today is not
reported: it would come and go with --today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...catalogue import make
from ...cn.dates import chinese_date
from ...context import AuditInput
from ...findings import Finding
from ...load.problems import DATE_COLUMNS, Problem
from ...model import cell_text
from ..base import rule
from .problem_list import at, where

RULE = "data.date-order"


@rule(RULE)
def date_order(ctx: AuditInput) -> Iterator[Finding]:
    for p in ctx.problem_list:
        dates = p.dates()
        units = p.unit_label()
        for column in DATE_COLUMNS:
            if dates[column].status == "bad":
                yield _unreadable(ctx, p, column, units)
        if p.assigned.status != "ok":
            continue
        for column, variant in (
            ("完成日期", "done-before-given"),
            ("整改时限", "deadline-before-given"),
        ):
            found = dates[column]
            if found.status == "ok" and found.date < p.assigned.date:
                yield _before_given(ctx, p, column, variant, found.date, units)


def _unreadable(ctx: AuditInput, p: Problem, column: str, units: str | None) -> Finding:
    return make(
        RULE,
        "unreadable-deadline" if column == "整改时限" else "unreadable",
        at=at(p),
        value=cell_text(p.row.cells.get(column)),
        expected="YYYYMMDD",
        **where(ctx, p, column, units),
    )


def _before_given(
    ctx: AuditInput,
    p: Problem,
    column: str,
    variant: str,
    found: dt.date,
    units: str | None,
) -> Finding:
    given = p.assigned.date
    return make(
        RULE,
        variant,
        at=at(p),
        found=chinese_date(found),
        given=chinese_date(given),
        value=found.isoformat(),
        expected=f"不早于 {given.isoformat()}",
        **where(ctx, p, column, units),
    )
