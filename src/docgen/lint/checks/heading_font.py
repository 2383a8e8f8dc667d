"""format.heading-font: 一级标题 in 黑体, 二级标题 in 楷体, both 3号."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, check, cjk_runs
from .common import font_findings


@check("format.heading-font")
def check_heading_font(doc: Doc) -> list[Finding]:
    out = []
    for level in (1, 2):
        items = [
            (p, list(cjk_runs(p, 0, tx.heading_span(p.text))))
            for p in doc.body
            if tx.heading_level(p.text) == level
        ]
        out += font_findings(
            doc,
            "format.heading-font",
            [i for i in items if i[1]],
            spec.HEADING_ACCEPTED[level],
            spec.HEADING_FONTS[level],
            spec.SIZE_3,
            f"{'一' if level == 1 else '二'}级标题",
        )
    return out
