"""format.first-page-number: page 1 shows a page number like every other page
(GB/T 9704 §7.5). A different first page without a footer of its own hides it; a
document with no page number field at all is format.page-number's. Not checked: a
letter in 信函格式 (§10.1: 首页不显示页码, recognised by its red double line) and a 简报."""

from __future__ import annotations

from ...findings import Finding
from ...layout import Layout, Page
from .. import text as tx
from ..base import Doc
from .common import check, finding, is_briefing, shows_number


@check("format.first-page-number")
def check_first_page_number(doc: Doc, layout: Layout) -> list[Finding]:
    if not layout.pages or shows_number(layout.pages[0]):
        return []
    if _letter_format(layout.pages[0]) or is_briefing(doc, layout):
        return []
    numbered = any(shows_number(p) for p in layout.pages[1:]) or _has_page_field(doc)
    return [finding(doc, "format.first-page-number", "", 1)] if numbered else []


def _letter_format(page: Page) -> bool:
    """信函格式: a red double line (two red rules) on the first page."""
    return sum(tx.is_red(r.colour) for r in page.rules) >= 2


def _has_page_field(doc: Doc) -> bool:
    return any(
        "PAGE" in p.instr.upper()
        for s in doc.view.sections
        for paragraphs in s.footers.values()
        for p in paragraphs
    )
