"""ledger.unknown-item: a 条目 or 材料类型 the guide does not have."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule
from .shift import left_to_shift


@rule("ledger.unknown-item")
def unknown_item(ctx: AuditInput) -> Iterator[Finding]:
    items = ctx.guide.items
    kinds = set(ctx.guide.kinds)
    for i, r in enumerate(ctx.rows):
        item = r.text("条目")
        if item and item not in items and not left_to_shift(ctx, i, "条目"):
            yield make(
                "ledger.unknown-item",
                "item",
                guide=ctx.guide.id,
                value=item,
                **ctx.row_where(i, "条目"),
            )
        kind = r.text("材料类型")
        if kind and kind not in kinds and not left_to_shift(ctx, i, "材料类型"):
            yield make(
                "ledger.unknown-item",
                "kind",
                guide=ctx.guide.id,
                value=kind,
                expected="、".join(ctx.guide.kinds),
                **{**ctx.row_where(i, "材料类型"), "kind": kind},
            )
