"""ledger.bad-doc-number: a 文号 not written as 机关代字〔年份〕序号号."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...parse import doc_number_problems
from ..base import rule
from .shift import left_to_shift


@rule("ledger.bad-doc-number")
def bad_doc_number(ctx: AuditInput) -> Iterator[Finding]:
    for i, r in enumerate(ctx.rows):
        value = r.cells.get("文号")
        if value is None or left_to_shift(ctx, i, "文号"):
            continue
        d = ctx.dates[i]
        problems = doc_number_problems(value, d.date.year if d is not None and d.date else None)
        if problems:
            yield make(
                "ledger.bad-doc-number",
                problems="；".join(problems),
                value=r.text("文号"),
                expected="机关代字〔年份〕序号号",
                **ctx.row_where(i, "文号"),
            )
