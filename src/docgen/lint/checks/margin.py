"""format.margin: 上 37、下 35、左 28、右 26 mm (GB/T 9704-2012 5.2.1), within a tolerance."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ..base import Doc, check, finding
from ..docx_view import SectionView
from .common import mm

_MARGINS = (
    ("top", "上", spec.MARGIN_TOP_MM),
    ("bottom", "下", spec.MARGIN_BOTTOM_MM),
    ("left", "左", spec.MARGIN_LEFT_MM),
    ("right", "右", spec.MARGIN_RIGHT_MM),
)
_ALL = {
    "top": spec.MARGIN_TOP_MM,
    "bottom": spec.MARGIN_BOTTOM_MM,
    "left": spec.MARGIN_LEFT_MM,
    "right": spec.MARGIN_RIGHT_MM,
}


def _margin_value(s: SectionView, key: str) -> int | None:
    value = s.margins.get(key)
    if value is not None and key == "left":
        value += s.margins.get("gutter", 0)  # 装订线 adds to the 订口
    return value


@check("format.margin")
def check_margin(doc: Doc) -> list[Finding]:
    out = []
    tol = spec.MARGIN_TOLERANCE_MM
    for i, s in enumerate(doc.view.sections, start=1):
        if (s.width or 0) > (s.height or 0):
            continue  # a landscape table page
        place = f"第 {i} 节的" if len(doc.view.sections) > 1 else ""
        for key, label, want in _MARGINS:
            got = _margin_value(s, key)
            # to 0.1 mm, as shown (3.8 cm in Word is 2155 twips = 38.01 mm: within 37 ± 1)
            if got is not None and abs(round(spec.twips_to_mm(got), 1) - want) <= tol:
                continue
            out.append(
                finding(
                    doc,
                    "format.margin",
                    place=place,
                    side=label,
                    got=mm(got),
                    want=want,
                    tol=tol,
                    **_ALL,
                    value=f"{mm(got)} mm",
                    expected=f"{want} mm",
                )
            )
    return out
