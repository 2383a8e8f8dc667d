"""file.missing — a row whose file is not in the archive folder."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import links, root_problem, words


@rule("file.missing")
def file_missing(ctx: AuditInput):
    archive = ctx.archive
    root = root_problem(archive) if archive is not None else None
    for i, link in links(ctx):
        if link.status != "missing":
            continue
        written, code = link.row.text("文件路径"), link.row.text("档号")
        shape = "path" if written else "code" if code else "no-id"
        note = None
        if root:  # the whole archive folder is absent: that is the fix to make first
            shape += "-root"
        elif link.note and (code or written):
            shape += "-note"
            names = "、".join(link.note.names)
            note = words("file.missing", f"note-{link.note.what}", names=names)
        yield make(
            "file.missing",
            shape,
            at=at_row(ctx, i),
            written=written,
            code=code,
            shown=archive.display(link.rel or ""),
            folder=archive.display(""),
            note=note,
            root=root,
            file=archive.display(link.rel) if link.rel else None,
            **ctx.row_where(i, "文件路径" if written else "档号"),
        )
