"""format.grid: 28 characters a line and 22 lines a page (GB/T 9704 §5.2.1), measured on
the laid-out pages: the characters in the lines that run the 版心's whole width, and
the distance between baselines of 3号 lines (landscape pages, tables turned sideways,
left out). LibreOffice lays a correct Word or WPS grid out at 27 or 28 characters, so
27 passes."""

from __future__ import annotations

from collections.abc import Callable

from ...findings import Finding
from ...gbt9704 import spec
from ...layout import Layout, Page
from ..base import Doc
from .common import check, finding

CHARS_SLACK = 1  # LibreOffice's rounding of a Word grid costs at most one character


@check("format.grid")
def check_grid(doc: Doc, layout: Layout) -> list[Finding]:
    out = []
    chars = layout.chars_per_line()
    if chars is not None and not spec.CHARS_PER_LINE - CHARS_SLACK <= chars <= spec.CHARS_PER_LINE:
        page = _first(layout, lambda p: p.chars_per_line() == chars)
        out.append(finding(doc, "format.grid", "chars", page, value=chars, **_WANT_CHARS))
    lines = layout.lines_per_page()
    if lines is not None and lines != spec.LINES_PER_PAGE:
        page = _first(layout, lambda p: p.lines_per_page() == lines)
        pitch = layout.pages[page - 1].line_pitch()
        out.append(
            finding(doc, "format.grid", "lines", page, value=lines, pitch=pitch, **_WANT_LINES)
        )
    return out


_WANT_CHARS = {
    "expected": spec.CHARS_PER_LINE,
    "want": spec.CHARS_PER_LINE,
    "lines": spec.LINES_PER_PAGE,
}
_WANT_LINES = {
    "expected": spec.LINES_PER_PAGE,
    "want": spec.LINES_PER_PAGE,
    "pt": spec.LINE_SPACING_PT,
}


def _first(layout: Layout, measured: Callable[[Page], bool]) -> int:
    """The first portrait page that shows what was measured."""
    return next(p.number for p in layout.pages if p.portrait and measured(p))
