"""format.page-number: a page number field in the footer (on odd and on even pages when
they differ). How it is placed and drawn is format.page-number-style's."""

from __future__ import annotations

from ...findings import Finding
from .. import text as tx
from ..base import Doc, check, finding
from ..docx_view import SectionView
from .common import first_page_paragraph, once, page_paragraphs


@check("format.page-number")
def check_page_number(doc: Doc) -> list[Finding]:
    return once([f for s in doc.view.sections for f in _section(doc, s)])


def _section(doc: Doc, s: SectionView) -> list[Finding]:
    return _numbers(doc, s) + _first_page(doc, s)


def _first_page(doc: Doc, s: SectionView) -> list[Finding]:
    """A different first page (w:titlePg) whose footer holds no PAGE field: page 1 of
    the section has no number (GB/T 9704: every page but a blank one and the 版记 page)."""
    if not s.title_page or first_page_paragraph(s) is not None:
        return []
    if page_paragraphs(doc, s) == (None, None):
        return []  # no page number anywhere: one finding, _numbers'
    sections = doc.view.sections
    place = f"第 {sections.index(s) + 1} 节的" if len(sections) > 1 else ""
    return [finding(doc, "format.page-number", "first-page", place=place, expected="PAGE 域")]


def _numbers(doc: Doc, s: SectionView) -> list[Finding]:
    odd, even = page_paragraphs(doc, s)
    if odd is None and even is None:
        typed = " ".join(p.text.strip() for p in s.footers.get("default", []) if p.text.strip())
        return [
            finding(
                doc,
                "format.page-number",
                "typed" if typed else "",
                typed=tx.short(typed),
                value=typed or None,
                expected="PAGE 域",
            )
        ]
    if not doc.view.even_and_odd:
        return []
    return [
        finding(doc, "format.page-number", "one-side", pages=pages, value=None, expected="PAGE 域")
        for p, pages in ((odd, "单页"), (even, "双页"))
        if p is None
    ]
