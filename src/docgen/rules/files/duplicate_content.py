"""file.duplicate-content — one set of bytes filed under two 档号."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import Hit, inspected, words

EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@rule("file.duplicate-content")
def duplicate_content(ctx: AuditInput):
    first: dict[str, Hit] = {}  # sha256 -> where it was first seen
    for h in inspected(ctx):
        sha = h.found.sha256
        if sha is None or sha == EMPTY_SHA:
            continue  # empty files are reported as file.empty, not as copies of each other
        if sha not in first:
            first[sha] = h
            continue
        e = first[sha]
        code, earlier_code = h.link.row.text("档号"), e.link.row.text("档号")
        if code == earlier_code:
            continue  # one 档号 on two rows is ledger.duplicate-archive-code
        blank = words("file.duplicate-content", "no-code")
        yield make(
            "file.duplicate-content",
            "same-file" if h.rel == e.rel else "",
            at=at_row(ctx, h.i),
            code=code or blank,
            first_at=at_row(ctx, e.i),
            first_code=earlier_code or blank,
            first_file=e.shown,
            value=earlier_code or None,
            **h.where,
        )
