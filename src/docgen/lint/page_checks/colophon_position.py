"""format.colophon-position: the 版记 on the last page, its last rule on the 版心's lower
edge (GB/T 9704 §7.4.1). Without rules, the 印发 line stands for the 版记's end."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ...layout import Layout, Page
from ..base import Doc
from .common import check, colophon_page, finding, is_colophon_line, mm, tolerance


@check("format.colophon-position")
def check_colophon_position(doc: Doc, layout: Layout) -> list[Finding]:
    page = colophon_page(layout)
    if page is None:
        return []
    last = _last_with_text(layout)
    if page.number < last:
        return [finding(doc, "format.colophon-position", "not-last", page.number, pages=last)]
    gap = page.box.bottom - _end(page)
    if abs(gap) <= tolerance():
        return []
    return [finding(doc, "format.colophon-position", "", page.number, value=mm(gap), expected=0)]


def _end(page: Page) -> float:
    """Where the 版记 ends: its last rule, or the bottom of its last line."""
    lines = [ln for ln in page.body_lines if is_colophon_line(ln)]
    after = lines[-1].top
    rules = [r for r in page.rules if r.y >= after and r.width > page.box.width / 2]
    if rules:
        return rules[-1].y
    return lines[-1].bottom + spec.LINE_SPACING_PT - spec.SIZE_4  # a rule a line's gap below


def _last_with_text(layout: Layout) -> int:
    """The last page that holds anything in its 版心 (a trailing blank page not counted)."""
    return max((p.number for p in layout.pages if p.body_lines), default=len(layout.pages))
