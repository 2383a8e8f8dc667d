"""ledger.bad-date: a 日期 that is no date at all."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...model import cell_text
from ..base import rule
from .shift import left_to_shift


@rule("ledger.bad-date")
def bad_date(ctx: AuditInput) -> Iterator[Finding]:
    for i, parsed in ctx.dates.items():
        if parsed is not None and parsed.status == "bad" and not left_to_shift(ctx, i, "日期"):
            yield make(
                "ledger.bad-date",
                value=cell_text(ctx.rows[i].cells.get("日期")),
                expected="YYYYMMDD",
                **ctx.row_where(i, "日期"),
            )
