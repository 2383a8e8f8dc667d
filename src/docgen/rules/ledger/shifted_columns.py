"""ledger.shifted-columns: a sheet's columns hold other columns' values (header shifted)."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...catalogue.ledger import SHIFT_LOOKS, SHIFT_LOOKS_SAMPLED
from ...context import AuditInput
from ...findings import Finding
from ..base import rule
from .shift import shifts


@rule("ledger.shifted-columns")
def shifted_columns(ctx: AuditInput) -> Iterator[Finding]:
    headers = {s.name: s for s in ctx.ledger.sheets}
    for name, shift in shifts(ctx).items():
        info = headers[name]
        order = sorted(shift.affected, key=lambda c: info.columns.get(c, 0))
        yield make(
            "ledger.shifted-columns",
            sheet=name,
            row=info.header_row,
            column=shift.looks[0].column,
            looks="；".join(
                (SHIFT_LOOKS_SAMPLED if x.sampled else SHIFT_LOOKS).format(
                    column=info.labels.get(x.column, x.column),
                    like=x.like,
                    count=x.count,
                    total=x.total,
                )
                for x in shift.looks
            ),
            columns="、".join(f"“{info.labels.get(c, c)}”" for c in order),
            count=shift.rows,
        )
