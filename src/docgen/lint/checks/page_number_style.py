"""format.page-number-style: the page number 单页居右、双页居左 with a 一字线 on each side,
“— 1 —”. A number positioned by a frame, a text box or tabs: its side cannot be judged
from the footer and is left alone, its dashes are checked."""

from __future__ import annotations

from ...findings import Finding
from ..base import Doc, check, finding
from ..docx_view import ParagraphView, SectionView
from .common import once, page_paragraphs

_DASHES = ("—", "―")
_GOOD = {"right": ("right", "outside"), "left": ("left", "inside", "outside")}
_LABELS = {"right": "居右", "left": "居左"}
_NOW = {"center": "居中", "right": "居右", "left": "居左", "both": "两端对齐"}


@check("format.page-number-style")
def check_page_number_style(doc: Doc) -> list[Finding]:
    return once([f for s in doc.view.sections for f in _section(doc, s)])


def _section(doc: Doc, s: SectionView) -> list[Finding]:
    odd, even = page_paragraphs(doc, s)
    if odd is None and even is None:
        return []  # no page number at all: format.page-number's
    if not doc.view.even_and_odd:
        dashes = _placement(doc, odd, "right", "", align=False)
        if odd.framed is not None:
            # a frame set "outside" is right on odd, left on even pages; any other frame
            # or text box (LibreOffice turns a .doc's "outside" frame into one) cannot be
            # judged from the footer
            return dashes
        odd_even = finding(
            doc,
            "format.page-number-style",
            "odd-even",
            value="奇偶页相同",
            expected="奇偶页不同",
        )
        return [odd_even] + dashes
    out = []
    for p, side, pages in ((odd, "right", "单页"), (even, "left", "双页")):
        if p is not None:
            out += _placement(doc, p, side, pages)
    return out


def _placement(
    doc: Doc, p: ParagraphView, side: str, pages: str, align: bool = True
) -> list[Finding]:
    """The alignment (when `align`) and the dashes of the page number paragraph `p`."""
    out = []
    placed = p.framed in ("textbox", "frame") or "\t" in p.text.split("—")[0]
    if align and not placed and p.framed not in _GOOD[side] and p.align not in _GOOD[side]:
        now = _NOW.get(p.framed or p.align, p.framed or p.align)
        out.append(
            finding(
                doc,
                "format.page-number-style",
                "align",
                pages=pages,
                value=now,
                expected=_LABELS[side],
            )
        )
    shown = p.text.strip(" \t\u3000")
    if not (shown.startswith(_DASHES) and shown.endswith(_DASHES)):
        out.append(
            finding(
                doc,
                "format.page-number-style",
                "dashes",
                pages=pages,
                value=shown,
                expected="— 1 —",
            )
        )
    return out
