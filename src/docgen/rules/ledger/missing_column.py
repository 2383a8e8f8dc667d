"""ledger.missing-column: a sheet's header lacks a required column."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...model import REQUIRED_COLUMNS
from ..base import rule


@rule("ledger.missing-column")
def missing_column(ctx: AuditInput) -> Iterator[Finding]:
    for sheet in ctx.ledger.sheets:
        variant = "no-header" if sheet.header_row is None else ""
        for col in sheet.missing:
            yield make(
                "ledger.missing-column",
                variant,
                sheet=sheet.name,
                row=sheet.header_row,
                column=col,
                columns="、".join(REQUIRED_COLUMNS),
            )
