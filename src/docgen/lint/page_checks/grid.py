"""format.grid: 28 characters a line and 22 lines a page (GB/T 9704 §5.2.1), measured on
the laid-out pages: the characters in the lines that run the 版心's whole width, and
the distance between baselines of 3号 lines (landscape pages, tables turned sideways,
left out). LibreOffice lays a correct Word or WPS
grid out at 27 or 28 characters, so 27 passes."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ...layout import Layout
from ...layout.page import mode
from ..base import Doc
from .common import check, finding

CHARS_SLACK = 1  # LibreOffice's rounding of a Word grid costs at most one character


@check("format.grid")
def check_grid(doc: Doc, layout: Layout) -> list[Finding]:
    return _chars(doc, layout) + _lines(doc, layout)


def _chars(doc: Doc, layout: Layout) -> list[Finding]:
    counts = {p.number: p.chars_per_line() for p in layout.pages if p.portrait}
    measured = mode([c for c in counts.values() if c is not None])
    if measured is None or spec.CHARS_PER_LINE - CHARS_SLACK <= measured <= spec.CHARS_PER_LINE:
        return []
    page = min(n for n, c in counts.items() if c == measured)
    return [
        finding(
            doc,
            "format.grid",
            "chars",
            page,
            value=measured,
            expected=spec.CHARS_PER_LINE,
            want=spec.CHARS_PER_LINE,
            lines=spec.LINES_PER_PAGE,
        )
    ]


def _lines(doc: Doc, layout: Layout) -> list[Finding]:
    pitches = {p.number: p.line_pitch() for p in layout.pages if p.portrait}
    pitch = mode([v for v in pitches.values() if v is not None])
    if pitch is None:
        return []
    page = min(n for n, v in pitches.items() if v == pitch)
    lines = layout.pages[page - 1].lines_per_page()
    if lines == spec.LINES_PER_PAGE:
        return []
    return [
        finding(
            doc,
            "format.grid",
            "lines",
            page,
            value=lines,
            expected=spec.LINES_PER_PAGE,
            want=spec.LINES_PER_PAGE,
            pitch=pitch,
            pt=spec.LINE_SPACING_PT,
        )
    ]
