"""file.unread — a filed file whose words were not read (no OCR, no LibreOffice,
unreadable, timed out, too big), or whose scanned pages were not, so the figures
they state were not compared.
Photos filed as photos (not-text) are counted, not reported; files the inspection
found damaged, encrypted or empty are reported by their own rules."""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ..base import at_row, rule
from .common import inspected
from .scan_resolution import page_list


@rule("file.unread")
def unread(ctx: AuditInput):
    seen: set[str] = set()
    for h in inspected(ctx):
        reading = ctx.readings.get(h.rel)
        if reading is None or reading.reason is None or h.rel in seen:
            continue
        if reading.reason == "not-text" or h.found.status != "ok":
            continue
        seen.add(h.rel)
        variant = reading.reason
        if reading.how is not None:  # read in part
            variant = "pages-no-ocr" if reading.reason == "no-ocr" else "pages"
        yield make(
            "file.unread",
            variant,
            at=at_row(ctx, h.i),
            detail=reading.detail or "原因不明",
            pages=page_list(list(reading.unread_pages)),
            **h.where,
        )
