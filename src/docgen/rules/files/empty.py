"""file.empty — a filed document with nothing in it."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import inspected


@rule("file.empty")
def empty(ctx: AuditInput):
    for h in inspected(ctx):
        if h.found.status == "empty":
            yield make("file.empty", at=at_row(ctx, h.i), reason=h.found.reason, **h.where)
