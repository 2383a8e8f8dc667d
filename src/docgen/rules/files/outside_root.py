"""file.outside-root — a row's file, or an archive entry, leaving the archive folder."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import column, links, words


@rule("file.outside-root")
def outside_root(ctx: AuditInput):
    archive = ctx.archive
    if archive is None:
        return
    reported: set[str] = set()
    outside = [rel for rel, e in archive.files.items() if e.link_outside]
    for i, link in links(ctx):
        if link.status != "outside":
            continue
        if link.rel:
            reported.update(o for o in outside if link.rel == o or link.rel.startswith(o + "/"))
        written = link.row.text("文件路径")
        shown = written or archive.display(link.rel or "")
        note = link.note
        why = words(
            "file.outside-root",
            f"why-{note.what if note else ''}",
            names="、".join(note.names) if note else "",
        )
        yield make(
            "file.outside-root",
            "path" if written else "code",
            at=at_row(ctx, i),
            written=written,
            code=link.row.text("档号"),
            why=why,
            folder=archive.display(""),
            file=shown,
            value=written or None,
            **ctx.row_where(i, column(link)),
        )
    for rel in sorted(set(outside) - reported):
        yield make("file.outside-root", "link", file=archive.display(rel))
