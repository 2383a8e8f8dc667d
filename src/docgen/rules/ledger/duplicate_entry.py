"""ledger.duplicate-entry: one file entered twice (same 题名, 文号 and 日期)."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule
from .common import date_key, norm


@rule("ledger.duplicate-entry")
def duplicate_entry(ctx: AuditInput) -> Iterator[Finding]:
    first: dict[tuple, int] = {}
    for i, r in enumerate(ctx.rows):
        title = norm(r.text("题名"))
        if not title:
            continue
        key = (title, norm(r.text("文号")), date_key(ctx, i))
        if key in first:
            f = ctx.rows[first[key]]
            yield make(
                "ledger.duplicate-entry",
                first_sheet=f.sheet,
                first_row=f.row,
                value=r.text("题名"),
                **ctx.row_where(i, "题名"),
            )
        else:
            first[key] = i
