"""data.date-order: a problem-list row's own dates out of order (完成 or 整改时限
before 交办), and a date cell that holds no readable date ("cannot be read": every
comparison it would take part in is skipped). A 完成日期 later than today is not
reported: it would come and go with --today."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...model import DataRow, DataSheet, cell_text
from ...parse import format_date_cn
from ..base import rule
from .problem_list import DATE_COLUMNS, at, members, problem_rows, row_dates, unit_label, where

RULE = "data.date-order"


@rule(RULE)
def date_order(ctx: AuditInput) -> Iterator[Finding]:
    known = members(ctx)
    for sheet, r in problem_rows(ctx):
        dates = row_dates(r)
        units = unit_label(r.text("责任单位"), known)
        for column in DATE_COLUMNS:
            if dates[column].status == "bad":
                yield _unreadable(sheet, r, column, units)
        given = dates["交办日期"]
        if given.status != "ok":
            continue
        for column, variant in (
            ("完成日期", "done-before-given"),
            ("整改时限", "deadline-before-given"),
        ):
            found = dates[column]
            if found.status == "ok" and found.date < given.date:
                yield _before_given(sheet, r, column, variant, found.date, given.date, units)


def _unreadable(sheet: DataSheet, r: DataRow, column: str, units: str | None) -> Finding:
    return make(
        RULE,
        "unreadable-deadline" if column == "整改时限" else "unreadable",
        at=at(r),
        value=cell_text(r.cells.get(column)),
        expected="YYYYMMDD",
        **where(sheet, r, column, units),
    )


def _before_given(
    sheet: DataSheet,
    r: DataRow,
    column: str,
    variant: str,
    found: dt.date,
    given: dt.date,
    units: str | None,
) -> Finding:
    return make(
        RULE,
        variant,
        at=at(r),
        found=format_date_cn(found),
        given=format_date_cn(given),
        value=found.isoformat(),
        expected=f"不早于 {given.isoformat()}",
        **where(sheet, r, column, units),
    )
