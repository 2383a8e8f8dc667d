"""What several ledger rules share: how two rows are compared."""

from __future__ import annotations

from ...context import AuditInput


def norm(text: str) -> str:
    """The text without any whitespace, so that 题名 typed with stray spaces still match."""
    return "".join(text.split())


def date_key(ctx: AuditInput, i: int) -> str:
    """The date as read (so 20250611 and a date cell of that day match), else its text."""
    parsed = ctx.dates[i]
    if parsed is not None and parsed.date is not None:
        return parsed.date.isoformat()
    return ctx.rows[i].text("日期")
