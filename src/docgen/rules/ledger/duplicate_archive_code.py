"""ledger.duplicate-archive-code: two rows with one 档号."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule


@rule("ledger.duplicate-archive-code")
def duplicate_archive_code(ctx: AuditInput) -> Iterator[Finding]:
    first: dict[str, int] = {}
    for i, r in enumerate(ctx.rows):
        text = r.text("档号")
        if not text:
            continue
        if text in first:
            f = ctx.rows[first[text]]
            yield make(
                "ledger.duplicate-archive-code",
                first_sheet=f.sheet,
                first_row=f.row,
                value=text,
                **ctx.row_where(i, "档号"),
            )
        else:
            first[text] = i
