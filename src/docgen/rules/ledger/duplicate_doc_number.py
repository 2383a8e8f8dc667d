"""ledger.duplicate-doc-number: one 文号 given to two documents of different 题名."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...parse import NO_NUMBER
from ..base import rule
from .common import norm


@rule("ledger.duplicate-doc-number")
def duplicate_doc_number(ctx: AuditInput) -> Iterator[Finding]:
    titles: dict[str, dict[str, int]] = {}
    for i, r in enumerate(ctx.rows):
        number = norm(r.text("文号"))
        title = norm(r.text("题名"))
        if not number or number in NO_NUMBER or not title:
            continue
        seen = titles.setdefault(number, {})
        if title in seen:
            continue
        if seen:
            f = ctx.rows[next(iter(seen.values()))]
            yield make(
                "ledger.duplicate-doc-number",
                first_sheet=f.sheet,
                first_row=f.row,
                first_title=f.text("题名"),
                value=r.text("文号"),
                **ctx.row_where(i, "文号"),
            )
        seen[title] = i
