"""format.line-spacing: 正文 at a fixed line spacing giving 22 lines a page."""

from __future__ import annotations

from collections import defaultdict

from ...findings import Finding
from ...gbt9704 import spec
from ..base import Doc, check, finding, where_many
from ..docx_view import ParagraphView, SectionView


def _spacing_text(p: ParagraphView) -> str:
    if p.line_rule in ("exact", "atLeast"):
        kind = "固定值" if p.line_rule == "exact" else "最小值"
        return f"{kind} {(p.line or 0) / 20:g} 磅"
    multiple = (p.line or 240) / 240
    return "单倍行距" if multiple == 1 else f"{multiple:g} 倍行距"


def _spacing_ok(p: ParagraphView, s: SectionView | None) -> bool:
    low, high = spec.LINE_SPACING_MIN_PT * 20, spec.LINE_SPACING_MAX_PT * 20
    if p.line_rule in ("exact", "atLeast"):
        return p.line is not None and low <= p.line <= high
    # single spacing snapped to a 22-line document grid gives the same lines
    on_grid = (
        s is not None
        and s.grid_type in ("lines", "linesAndChars")
        and s.line_pitch is not None
        and low <= s.line_pitch <= high
    )
    return (p.line or 240) == 240 and p.snap_to_grid and on_grid


@check("format.line-spacing")
def check_line_spacing(doc: Doc) -> list[Finding]:
    groups: dict[str, list[ParagraphView]] = defaultdict(list)
    section = doc.view.sections[-1] if doc.view.sections else None  # the main text's
    for p in doc.body:
        if not _spacing_ok(p, section):
            groups[_spacing_text(p)].append(p)
    return [
        finding(
            doc,
            "format.line-spacing",
            "",
            ps[0],
            where=where_many(ps),
            low=spec.LINE_SPACING_MIN_PT,
            high=spec.LINE_SPACING_MAX_PT,
            pt=spec.LINE_SPACING_PT,
            value=value,
            expected=f"固定值 {spec.LINE_SPACING_PT:g} 磅",
        )
        for value, ps in sorted(groups.items())
    ]
