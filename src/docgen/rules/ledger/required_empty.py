"""ledger.required-empty: a required cell is empty (in a sheet that has the column)."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...model import REQUIRED_COLUMNS
from ..base import rule


@rule("ledger.required-empty")
def required_empty(ctx: AuditInput) -> Iterator[Finding]:
    present = {s.name: set(s.columns) for s in ctx.ledger.sheets}
    for i, r in enumerate(ctx.rows):
        for col in REQUIRED_COLUMNS:
            if col in present[r.sheet] and r.cells.get(col) is None:
                yield make("ledger.required-empty", **ctx.row_where(i, col))
