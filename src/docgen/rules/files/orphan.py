"""file.orphan — a file in the archive folder no row points to."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import rule


@rule("file.orphan")
def orphan(ctx: AuditInput):
    archive = ctx.archive
    if archive is None:
        return
    used = {rel for link in archive.links for rel in link.matched}
    for rel, entry in sorted(archive.files.items()):
        if rel in used or entry.link_outside:
            continue
        # a name not saved as UTF-8 ("gbk", "unknown") is told how to rename first
        yield make("file.orphan", entry.name_encoding or "", file=archive.display(rel))
