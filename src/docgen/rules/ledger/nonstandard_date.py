"""ledger.nonstandard-date: a real date not written as DA/T 22's 8 digits."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...model import cell_text
from ..base import rule
from .shift import left_to_shift


@rule("ledger.nonstandard-date")
def nonstandard_date(ctx: AuditInput) -> Iterator[Finding]:
    for i, parsed in ctx.dates.items():
        if parsed is None or parsed.status != "nonstandard" or left_to_shift(ctx, i, "日期"):
            continue
        yield make(
            "ledger.nonstandard-date",
            value=cell_text(ctx.rows[i].cells.get("日期")),
            expected=parsed.date.strftime("%Y%m%d"),
            **ctx.row_where(i, "日期"),
        )
