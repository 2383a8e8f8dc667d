"""file.encrypted — a filed document protected by a password."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import inspected


@rule("file.encrypted")
def encrypted(ctx: AuditInput):
    for h in inspected(ctx):
        if h.found.status == "encrypted":
            yield make("file.encrypted", at=at_row(ctx, h.i), reason=h.found.reason, **h.where)
