"""ledger.bad-retention: a 保管期限 that is none of DA/T 22's three."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...parse import RETENTION_NAMES
from ..base import rule
from .shift import left_to_shift

_OLD_PERIODS = {"长期": "定期30年", "短期": "定期10年"}  # before DA/T 22-2015


@rule("ledger.bad-retention")
def bad_retention(ctx: AuditInput) -> Iterator[Finding]:
    allowed = "、".join(RETENTION_NAMES)
    for i, r in enumerate(ctx.rows):
        text = r.text("保管期限")
        if not text or text in RETENTION_NAMES or left_to_shift(ctx, i, "保管期限"):
            continue
        yield make(
            "ledger.bad-retention",
            "old-period" if text in _OLD_PERIODS else "",
            now=_OLD_PERIODS.get(text),
            value=text,
            expected=allowed,
            **ctx.row_where(i, "保管期限"),
        )
