"""What the page checks share: how a finding names its page, and the lines every check
looks for on a laid-out page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...catalogue import make
from ...findings import Finding
from ...layout import Layout, Line, Page
from ...layout.page import MM
from .. import text as tx
from ..base import Doc

PageCheck = Callable[[Doc, Layout], list[Finding]]
TOLERANCE_MM = 3.0  # "a few mm": LibreOffice, Word and WPS place lines this far apart


def check(rule_id: str) -> Callable[[PageCheck], PageCheck]:
    """Tag a page check with the format id its findings carry."""

    def tag(fn: PageCheck) -> PageCheck:
        fn.rule_id = rule_id  # type: ignore[attr-defined]
        return fn

    return tag


def label(page: int) -> str:
    return f"第 {page} 页"


def finding(doc: Doc, rule_id: str, variant: str, page: int, **fields: Any) -> Finding:
    """A finding of `rule_id` about page `page` of `doc`."""
    return make(rule_id, variant, file=doc.path, item=label(page), **fields)


def mm(points: float) -> float:
    """Points as millimetres, to a tenth (what a message shows)."""
    return round(points / MM, 1)


def tolerance() -> float:
    return TOLERANCE_MM * MM


def is_colophon_line(line: Line) -> bool:
    """A 抄送 line, or a 印发 line with its date, of the 版记."""
    printed = tx.printed_line(line.text)
    return tx.cc_line(line.text) is not None or (printed is not None and bool(printed[1]))


def colophon_lines(page: Page) -> list[Line]:
    """The page's 版记 lines (outside tables: a cell's "…已印发" is none)."""
    return [ln for ln in page.text_lines if is_colophon_line(ln)]


def colophon_page(layout: Layout) -> Page | None:
    """The last page with a 抄送 or 印发 line (None: no 版记)."""
    found = [p for p in layout.pages if colophon_lines(p)]
    return found[-1] if found else None


def is_briefing(doc: Doc, layout: Layout) -> bool:
    """A 简报 (an information sheet, no 公文: GB/T 9704's page numbering is not its
    rule): "简报" in its title or name, or a 期号 line on page 1. (lint/kind.py's kind_of,
    from the document-kind work, can take this over.)"""
    if "简报" in "".join(p.text for p in doc.title):
        return True
    head = layout.pages[0].body_lines[:8] if layout.pages else []
    return any(
        tx.no_spaces(ln.text).endswith("简报") or tx.ISSUE.match(tx.no_spaces(ln.text))
        for ln in head
    )


def shows_number(page: Page) -> bool:
    """A page number (any digit) in the footer below the 版心."""
    return any(any(c.isdigit() for c in ln.text) for ln in page.footer_lines)
