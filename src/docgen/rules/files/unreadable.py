"""file.unreadable — a filed document that cannot be opened, or a part of the archive
folder the scan could not read."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import inspected


@rule("file.unreadable")
def unreadable(ctx: AuditInput):
    for h in inspected(ctx):
        if h.found.status == "unreadable":
            yield make(
                "file.unreadable",
                at=at_row(ctx, h.i),
                reason=h.found.reason,
                value=h.found.detected,
                **h.where,
            )
    archive = ctx.archive
    for p in archive.problems if archive is not None else []:
        if p.rel:  # the archive folder itself missing is told through file.missing
            yield make("file.unreadable", p.what, reason=p.reason, file=archive.display(p.rel))
