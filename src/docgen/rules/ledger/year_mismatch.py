"""ledger.year-mismatch: the date's year is not the 档号's year."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule
from .shift import left_to_shift


@rule("ledger.year-mismatch")
def year_mismatch(ctx: AuditInput) -> Iterator[Finding]:
    for i, parsed in ctx.dates.items():
        code = ctx.codes[i]
        if parsed is None or parsed.date is None or code is None or left_to_shift(ctx, i, "日期"):
            continue
        if parsed.date.year != code.year:
            yield make(
                "ledger.year-mismatch",
                value=parsed.date.year,
                expected=code.year,
                **ctx.row_where(i, "日期"),
            )
