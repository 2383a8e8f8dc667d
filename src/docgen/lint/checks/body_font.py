"""format.body-font: 正文, 署名 and 成文日期 in 3号 仿宋 (a heading's own words are
heading-font's).

黑体 and 楷体 are left alone where 公文 use them for a purpose: a whole short line with no
full stop (an unnumbered heading, 纪要's 出席/请假/列席 labels, the 附件 label of an
attachment page), a paragraph's leading label or 主旨句 ("出席：", "加强组织领导。")
followed by 仿宋, and the ordinals "一是""二是" set off in 黑体. Their size is still 3号.
"""

from __future__ import annotations

import re

from ...findings import Finding
from ...gbt9704 import spec
from .. import text as tx
from ..base import Doc, check, cjk_runs
from ..docx_view import ParagraphView, RunView
from .common import font_findings, is_display

LABEL_MAX = 30  # characters: a line longer than this is text, not a heading or label
_CN = "一二三四五六七八九十"
ORDINAL = re.compile(rf"^(其[{_CN}]|[{_CN}]+是|第[{_CN}]+[，,、]?)$")
LEAD_END = ("。", "：", ":", "；")


@check("format.body-font")
def check_body_font(doc: Doc) -> list[Finding]:
    items = []
    for p in doc.body:
        start = tx.heading_span(p.text) if tx.heading_level(p.text) else 0
        runs = list(cjk_runs(p, start))
        if runs:
            items.append((p, runs, face_checked(p, runs, start)))
    out = font_findings(
        doc, "format.body-font", items, spec.BODY_FONTS, spec.FONT_BODY, spec.SIZE_3, "正文"
    )
    signed = [(p, list(cjk_runs(p))) for p in doc.signature]
    out += font_findings(
        doc,
        "format.body-font",
        [i for i in signed if i[1]],
        spec.BODY_FONTS,
        spec.FONT_BODY,
        spec.SIZE_3,
        "署名和成文日期",
    )
    return out


def face_checked(p: ParagraphView, runs: list[RunView], start: int) -> list[RunView]:
    """The runs whose face must be 仿宋: all but the 黑体/楷体 the standard and common
    practice put in 正文 (see the module's doc)."""
    rest = tx.no_spaces(p.text[start:])
    if all(is_display(r.east_asia) for r in runs):
        return [] if len(rest) <= LABEL_MAX and "。" not in rest else runs
    lead = _lead(runs)
    return [r for r in runs[lead:] if not (is_display(r.east_asia) and _ordinal(r))]


def _ordinal(r: RunView) -> bool:
    return bool(ORDINAL.match(tx.no_spaces(r.text)))


def _lead(runs: list[RunView]) -> int:
    """How many leading 黑体/楷体 runs form a label or 主旨句 (ending in 。or ：)."""
    n = 0
    while n < len(runs) and is_display(runs[n].east_asia):
        n += 1
    if n and tx.no_spaces("".join(r.text for r in runs[:n])).endswith(LEAD_END):
        return n
    return 0
