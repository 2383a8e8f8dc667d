"""format.paper: A4 portrait; a later landscape A4 section (a wide table) is allowed."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ..base import Doc, check, finding
from .common import mm


def _is_a4(width: int, height: int) -> bool:
    tol = spec.mm_to_twips(spec.PAPER_TOLERANCE_MM)
    a4w, a4h = spec.mm_to_twips(spec.PAGE_WIDTH_MM), spec.mm_to_twips(spec.PAGE_HEIGHT_MM)
    return abs(width - a4w) <= tol and abs(height - a4h) <= tol


@check("format.paper")
def check_paper(doc: Doc) -> list[Finding]:
    out = []
    for i, s in enumerate(doc.view.sections, start=1):
        w, h = s.width or 0, s.height or 0
        place = f"第 {i} 节" if len(doc.view.sections) > 1 else "页面设置"
        if not (_is_a4(w, h) or _is_a4(h, w)):
            value = f"{mm(s.width)}×{mm(s.height)} mm"
            out.append(
                finding(doc, "format.paper", place=place, value=value, expected="210×297 mm")
            )
        elif w > h and i == len(doc.view.sections):
            out.append(
                finding(
                    doc, "format.paper", "landscape", place=place, value="横向", expected="纵向"
                )
            )
    return out
