"""file.page-mismatch — a PDF or OFD with another number of pages than its row's 页数."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ...parse import parse_page_count
from ..base import at_row, rule
from .common import inspected


@rule("file.page-mismatch")
def page_mismatch(ctx: AuditInput):
    for h in inspected(ctx):
        pages = h.found.pages
        if h.found.detected not in ("pdf", "ofd") or h.found.status != "ok" or pages is None:
            continue
        expected = parse_page_count(h.link.row.cells.get("页数"))
        if expected is None:
            continue
        if pages != expected:
            yield make(
                "file.page-mismatch",
                "ofd" if h.found.detected == "ofd" else "",
                at=at_row(ctx, h.i),
                value=pages,
                expected=expected,
                **{**h.where, "column": "页数"},
            )
