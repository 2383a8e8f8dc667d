"""file.scan-colour — a 公文's 红头/印章 pages scanned in grey or black and white.

A 公文 (the row's 材料类型 or 题名 names a 文种, or it has a 文号) carries its 红头 on
the first page and its 印章 on the last: DA/T 31-2017 wants those pages in colour. A
page scanned grey shows no red, so the pages are judged by their colour mode."""

from __future__ import annotations

import re

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import scanned, words
from .scan_resolution import page_list

KINDS = ("通知", "通报", "决定", "意见", "请示", "报告", "批复", "函", "纪要")
_KIND = re.compile("|".join(KINDS))


def _why(ctx: AuditInput, i: int) -> tuple[str, dict] | None:
    """Why row i is a 公文 (the message variant and its field), or None."""
    r = ctx.rows[i]
    for text in (r.text("材料类型"), r.text("题名")):
        m = _KIND.search(text)
        if m:
            return "why-kind", {"kind": m.group(0)}
    number = r.text("文号")
    if number:
        return "why-number", {"number": number}
    return None


@rule("file.scan-colour")
def scan_colour(ctx: AuditInput):
    for h, pages in scanned(ctx):
        why = _why(ctx, h.i)
        if why is None:
            continue
        first, last = min(pages, key=lambda p: p.page), max(pages, key=lambda p: p.page)
        if first.page != 1:
            first = None  # the 红头 page is not a scan (a PDF of text with scans inside)
        grey = [p for p in {first, last} if p is not None and p.mode != "colour"]
        if not grey:
            continue
        grey.sort(key=lambda p: p.page)
        variant, field = why
        yield make(
            "file.scan-colour",
            at=at_row(ctx, h.i),
            why=words("file.scan-colour", variant, **field),
            pages=page_list([p.page for p in grey]),
            mode=words("file.scan-colour", f"mode-{grey[0].mode}"),
            value=grey[0].mode,
            expected="colour",
            **h.where,
        )
