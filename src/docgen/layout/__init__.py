"""The laid-out document as data: what LibreOffice puts on each page, read back from
its PDF. Shared by `docgen lint`'s page checks and by the tests of the templates.

    lay_out(paths) → {path: Layout | LayoutUnread}   one LibreOffice run for all
    read_pdf(path or bytes) → Layout                  pages → lines, rules
    available() → None, or why LibreOffice cannot lay out here (Chinese)

Positions are in points from the page's top left; `Page.box` is the 版心 where
GB/T 9704 puts it (docgen.gbt9704.spec).
"""

from __future__ import annotations

from .page import MM, Box, Layout, LayoutUnread, Line, Page, Rule
from .pdf import colour, read_pdf
from .run import available, converted, lay_out, read_or_unread

__all__ = [
    "MM",
    "Box",
    "Layout",
    "LayoutUnread",
    "Line",
    "Page",
    "Rule",
    "available",
    "colour",
    "converted",
    "lay_out",
    "read_or_unread",
    "read_pdf",
]
