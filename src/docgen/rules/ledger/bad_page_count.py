"""ledger.bad-page-count: a 页数 that is not a whole number of at least 1."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...parse import parse_page_count
from ..base import rule
from .shift import left_to_shift


@rule("ledger.bad-page-count")
def bad_page_count(ctx: AuditInput) -> Iterator[Finding]:
    for i, r in enumerate(ctx.rows):
        value = r.cells.get("页数")
        if value is None or parse_page_count(value) is not None or left_to_shift(ctx, i, "页数"):
            continue
        yield make(
            "ledger.bad-page-count",
            value=r.text("页数"),
            expected="≥1 的整数",
            **ctx.row_where(i, "页数"),
        )
