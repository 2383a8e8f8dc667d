"""format.body-font: 正文 in 3号 仿宋 (a heading's own words are heading-font's)."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, check, cjk_runs
from .common import font_findings


@check("format.body-font")
def check_body_font(doc: Doc) -> list[Finding]:
    items = []
    for p in doc.body:
        start = tx.heading_span(p.text) if tx.heading_level(p.text) else 0
        runs = list(cjk_runs(p, start))
        if runs:
            items.append((p, runs))
    return font_findings(
        doc, "format.body-font", items, spec.BODY_FONTS, spec.FONT_BODY, spec.SIZE_3, "正文"
    )
