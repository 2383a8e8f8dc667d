"""format.title-font: the 标题 in 2号 小标宋."""

from __future__ import annotations

from ...findings import Finding
from ...gbt9704 import spec
from ..base import Doc, check, cjk_runs, finding, where
from .common import face_ok, face_text


@check("format.title-font")
def check_title_font(doc: Doc) -> list[Finding]:
    out = []
    for p in doc.title:
        bad = [
            r
            for r in cjk_runs(p)
            if not face_ok(r.east_asia, spec.TITLE_FONTS) or abs(r.size - spec.SIZE_2) > 0.25
        ]
        if not bad:
            continue
        out.append(
            finding(
                doc,
                "format.title-font",
                "",
                p,
                where=where(p),
                font=spec.FONT_TITLE,
                value=f"{face_text(bad[0].east_asia)} {bad[0].size:g} 磅",
                expected=f"{spec.FONT_TITLE} {spec.SIZE_2:g} 磅",
            )
        )
    return out
