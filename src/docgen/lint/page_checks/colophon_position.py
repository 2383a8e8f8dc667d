"""format.colophon-position: the 版记 on the last page (附件 go before it, §8), its last
rule on the 版心's lower edge (§7.4.1). Without a rule under it, its last line must be
within a line of that edge. Pages after the 版记 that begin with a title are another
document (a 汇编 of several), not a misplaced 附件."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ...layout import Layout, Page
from ..base import Doc
from .common import check, colophon_lines, colophon_page, finding, mm, tolerance

PITCH = spec.LINE_SPACING_PT


@check("format.colophon-position")
def check_colophon_position(doc: Doc, layout: Layout) -> list[Finding]:
    page = colophon_page(layout)
    if page is None:
        return []
    last = _last_with_text(layout)
    if page.number < last and not _next_document(layout, page):
        return [finding(doc, "format.colophon-position", "not-last", page.number, pages=last)]
    rule = _last_rule(page)
    if rule is not None:
        gap, variant, slack = page.box.bottom - rule, "", 0.0
    else:  # no rule under the 版记: its last line, within a line of the edge
        gap, variant, slack = page.box.bottom - page.body_lines[-1].bottom, "no-rule", PITCH
    if abs(gap) <= tolerance() + slack:
        return []
    return [
        finding(doc, "format.colophon-position", variant, page.number, value=mm(gap), expected=0)
    ]


def _last_rule(page: Page) -> float | None:
    """Where the 版记's last rule is: a rule under its last 抄送 or 印发 line."""
    after = colophon_lines(page)[-1].top
    rules = [r.y for r in page.rules if r.y >= after and r.width > page.box.width / 2]
    return rules[-1] if rules else None


def _next_document(layout: Layout, page: Page) -> bool:
    """The page after the 版记's begins with a title: another document bound in (a 汇编),
    not an 附件 put after the 版记."""
    following = layout.pages[page.number].body_lines if page.number < len(layout.pages) else []
    return bool(following) and following[0].size >= spec.SIZE_2 - 0.5


def _last_with_text(layout: Layout) -> int:
    """The last page that holds anything in its 版心 (a trailing blank page not counted)."""
    return max((p.number for p in layout.pages if p.body_lines), default=len(layout.pages))
