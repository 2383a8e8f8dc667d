"""One function per `docgen lint` check id. Each takes a Doc and returns findings.

The checks are conservative on documents units send in: a 简报 has no 发文字号, a
document without 版记 or 附件 is fine, a paragraph the checks cannot place (tables,
attachments after "附件1", centred or right-aligned lines) is left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..findings import ERROR, WARNING, Finding
from ..gbt9704 import spec
from . import text as tx
from .base import Doc, cjk_runs, finding, where, where_many
from .docx_view import ParagraphView, SectionView
from .elements import check_attachment, check_colophon, check_date, check_doc_number

# ------------------------------------------------------------------ page


def _is_a4(width: int, height: int) -> bool:
    tol = spec.mm_to_twips(spec.PAPER_TOLERANCE_MM)
    a4w, a4h = spec.mm_to_twips(spec.PAGE_WIDTH_MM), spec.mm_to_twips(spec.PAGE_HEIGHT_MM)
    return abs(width - a4w) <= tol and abs(height - a4h) <= tol


def _mm(twips: int | None) -> str:
    return "未设置" if twips is None else f"{spec.twips_to_mm(twips):.1f}"


def check_paper(doc: Doc) -> list[Finding]:
    """A4 portrait; a later landscape A4 section (a wide table) is allowed."""
    out = []
    for i, s in enumerate(doc.view.sections, start=1):
        w, h = s.width or 0, s.height or 0
        value = f"{_mm(s.width)}×{_mm(s.height)} mm"
        place = f"第 {i} 节" if len(doc.view.sections) > 1 else "页面设置"
        if not (_is_a4(w, h) or _is_a4(h, w)):
            out.append(
                finding(
                    doc,
                    "format.paper",
                    ERROR,
                    f"{place}的纸张为 {value}，不是 A4。请在“布局—纸张大小”中选 A4（210×297 mm）。",
                    value=value,
                    expected="210×297 mm",
                )
            )
        elif w > h and i == len(doc.view.sections):
            out.append(
                finding(
                    doc,
                    "format.paper",
                    ERROR,
                    f"{place}为横向。公文用 A4 纵向，请在“布局—纸张方向”中选纵向"
                    "（横排的表格可单独分节设为横向）。",
                    value="横向",
                    expected="纵向",
                )
            )
    return out


_MARGINS = (
    ("top", "上", spec.MARGIN_TOP_MM),
    ("bottom", "下", spec.MARGIN_BOTTOM_MM),
    ("left", "左", spec.MARGIN_LEFT_MM),
    ("right", "右", spec.MARGIN_RIGHT_MM),
)


def _margin_value(s: SectionView, key: str) -> int | None:
    value = s.margins.get(key)
    if value is not None and key == "left":
        value += s.margins.get("gutter", 0)  # 装订线 adds to the 订口
    return value


def check_margin(doc: Doc) -> list[Finding]:
    out = []
    tol = spec.MARGIN_TOLERANCE_MM
    for i, s in enumerate(doc.view.sections, start=1):
        if (s.width or 0) > (s.height or 0):
            continue  # a landscape table page
        place = f"第 {i} 节的" if len(doc.view.sections) > 1 else ""
        for key, label, want in _MARGINS:
            got = _margin_value(s, key)
            if got is not None and abs(spec.twips_to_mm(got) - want) <= tol:
                continue
            out.append(
                finding(
                    doc,
                    "format.margin",
                    ERROR,
                    f"{place}{label}页边距为 {_mm(got)} mm，应为 {want} mm（允许误差 ±{tol:g} mm）。"
                    f"请在“布局—页边距—自定义页边距”中设为上 {spec.MARGIN_TOP_MM}、下 "
                    f"{spec.MARGIN_BOTTOM_MM}、左 {spec.MARGIN_LEFT_MM}、右 {spec.MARGIN_RIGHT_MM}"
                    " mm。",
                    value=f"{_mm(got)} mm",
                    expected=f"{want} mm",
                )
            )
    return out


def _main_section(doc: Doc) -> SectionView | None:
    return doc.view.sections[-1] if doc.view.sections else None


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


def check_line_spacing(doc: Doc) -> list[Finding]:
    groups: dict[str, list[ParagraphView]] = defaultdict(list)
    section = _main_section(doc)
    for p in doc.body:
        if not _spacing_ok(p, section):
            groups[_spacing_text(p)].append(p)
    want = f"固定值 {spec.LINE_SPACING_PT:g} 磅"
    return [
        finding(
            doc,
            "format.line-spacing",
            ERROR,
            f"{where_many(ps)}的行距为{value}，正文应为固定值 {spec.LINE_SPACING_MIN_PT:g}–"
            f"{spec.LINE_SPACING_MAX_PT:g} 磅（每页 22 行）。请选中正文，在“段落—行距”中设为"
            f"{want}。",
            ps[0],
            value,
            want,
        )
        for value, ps in sorted(groups.items())
    ]


# ------------------------------------------------------------------ fonts


def _face_ok(face: str | None, accepted: frozenset[str]) -> bool:
    """Latin names compare without case ("Fangsong" = "FangSong")."""
    if face is None:
        return False
    return face.strip().casefold() in {a.casefold() for a in accepted}


def _face_text(face: str | None) -> str:
    return face or "未设置（缺少 w:eastAsia，Word 将用默认字体）"


def check_title_font(doc: Doc) -> list[Finding]:
    out = []
    for p in doc.title:
        bad = [
            r
            for r in cjk_runs(p)
            if not _face_ok(r.east_asia, spec.TITLE_FONTS) or abs(r.size - spec.SIZE_2) > 0.25
        ]
        if not bad:
            continue
        value = f"{_face_text(bad[0].east_asia)} {bad[0].size:g} 磅"
        want = f"{spec.FONT_TITLE} {spec.SIZE_2:g} 磅"
        out.append(
            finding(
                doc,
                "format.title-font",
                ERROR,
                f"{where(p)}是标题，字体为 {value}，应为 2号（22 磅）小标宋"
                f"（{spec.FONT_TITLE}）。请设置中文字体和字号。",
                p,
                value,
                want,
            )
        )
    return out


def _font_findings(
    doc: Doc, rule: str, items, accepted, font: str, size: float, what: str
) -> list[Finding]:
    """items: (paragraph, runs) pairs; one finding per wrong face and per wrong size."""
    faces: dict[str, list[ParagraphView]] = defaultdict(list)
    sizes: dict[float, list[ParagraphView]] = defaultdict(list)
    for p, runs in items:
        face = next((r.east_asia for r in runs if not _face_ok(r.east_asia, accepted)), "")
        if face != "":
            faces[_face_text(face)].append(p)
        wrong = next((r.size for r in runs if abs(r.size - size) > 0.25), None)
        if wrong is not None:
            sizes[wrong].append(p)
    out = [
        finding(
            doc,
            rule,
            ERROR,
            f"{where_many(ps)}{what}的中文字体为 {value}，应为 {font}。"
            "请在字体对话框的“中文字体”中设置（只设“西文字体”不起作用）。",
            ps[0],
            value,
            font,
        )
        for value, ps in sorted(faces.items())
    ]
    out += [
        finding(
            doc,
            rule,
            ERROR,
            f"{where_many(ps)}{what}的字号为 {value:g} 磅，应为 {size:g} 磅（3号）。",
            ps[0],
            f"{value:g} 磅",
            f"{size:g} 磅",
        )
        for value, ps in sorted(sizes.items())
    ]
    return out


def check_body_font(doc: Doc) -> list[Finding]:
    items = []
    for p in doc.body:
        start = tx.heading_span(p.text) if tx.heading_level(p.text) else 0
        runs = list(cjk_runs(p, start))
        if runs:
            items.append((p, runs))
    return _font_findings(
        doc, "format.body-font", items, spec.BODY_FONTS, spec.FONT_BODY, spec.SIZE_3, "正文"
    )


def check_heading_font(doc: Doc) -> list[Finding]:
    out = []
    for level in (1, 2):
        items = [
            (p, list(cjk_runs(p, 0, tx.heading_span(p.text))))
            for p in doc.body
            if tx.heading_level(p.text) == level
        ]
        out += _font_findings(
            doc,
            "format.heading-font",
            [i for i in items if i[1]],
            spec.HEADING_ACCEPTED[level],
            spec.HEADING_FONTS[level],
            spec.SIZE_3,
            f"{'一' if level == 1 else '二'}级标题",
        )
    return out


# ------------------------------------------------------------------ page number


def _page_paragraph(footer: list[ParagraphView]) -> ParagraphView | None:
    return next((p for p in footer if re.search(r"\bPAGE\b", p.instr)), None)


_DASHES = ("—", "―")


def _placement(doc: Doc, p: ParagraphView, side: str, pages: str) -> list[Finding]:
    out = []
    if p.framed in ("textbox", "frame") or "\t" in p.text.split("—")[0]:
        return out  # positioned by a frame or tabs: cannot judge
    good = {"right": ("right", "outside"), "left": ("left", "inside", "outside")}[side]
    if p.framed not in good and p.align not in good:
        label = {"right": "居右", "left": "居左"}[side]
        now = {"center": "居中", "right": "居右", "left": "居左", "both": "两端对齐"}.get(
            p.framed or p.align, p.framed or p.align
        )
        out.append(
            finding(
                doc,
                "format.page-number",
                WARNING,
                f"{pages}页码{now}，应{label}空一字（单页居右、双页居左）。请设置页脚段落的"
                "对齐方式。",
                value=now,
                expected=label,
            )
        )
    shown = p.text.strip(" \t\u3000")
    if not (shown.startswith(_DASHES) and shown.endswith(_DASHES)):
        out.append(
            finding(
                doc,
                "format.page-number",
                WARNING,
                f"{pages}页码为“{shown}”，两侧应各有一条一字线，形如“— 1 —”。",
                value=shown,
                expected="— 1 —",
            )
        )
    return out


def _section_page_number(doc: Doc, s: SectionView) -> list[Finding]:
    odd = _page_paragraph(s.footers.get("default", []))
    even = _page_paragraph(s.footers.get("even", [])) if doc.view.even_and_odd else odd
    if odd is None and even is None:
        typed = " ".join(p.text.strip() for p in s.footers.get("default", []) if p.text.strip())
        why = (
            f"页脚里的“{tx.short(typed)}”是手工输入的文字，不是页码域"
            if typed
            else "页脚中没有页码"
        )
        return [
            finding(
                doc,
                "format.page-number",
                ERROR,
                f"{why}。请用“插入—页码—页面底端”插入页码（PAGE 域），形如“— 1 —”。",
                value=typed or None,
                expected="PAGE 域",
            )
        ]
    if not doc.view.even_and_odd:
        dashes = [f for f in _placement(doc, odd, "right", "") if "一字线" in f.message]
        if odd.framed == "outside":  # a frame set "outside": right on odd, left on even pages
            return dashes
        return [
            finding(
                doc,
                "format.page-number",
                WARNING,
                "未设置“奇偶页不同”，页码无法单页居右、双页居左。请在“页眉和页脚—选项”中"
                "勾选“奇偶页不同”，再分别插入页码。",
                value="奇偶页相同",
                expected="奇偶页不同",
            )
        ] + dashes
    out = []
    for p, side, pages in ((odd, "right", "单页"), (even, "left", "双页")):
        if p is None:
            out.append(
                finding(
                    doc,
                    "format.page-number",
                    ERROR,
                    f"{pages}页脚中没有页码。请在{pages}页脚插入页码（PAGE 域）。",
                    value=None,
                    expected="PAGE 域",
                )
            )
        else:
            out += _placement(doc, p, side, pages)
    return out


def check_page_number(doc: Doc) -> list[Finding]:
    seen: set[tuple] = set()
    out = []
    for s in doc.view.sections:
        for f in _section_page_number(doc, s):
            if (f.message, f.severity) not in seen:
                seen.add((f.message, f.severity))
                out.append(f)
    return out


CHECKS = {
    "format.paper": check_paper,
    "format.margin": check_margin,
    "format.line-spacing": check_line_spacing,
    "format.title-font": check_title_font,
    "format.body-font": check_body_font,
    "format.heading-font": check_heading_font,
    "format.doc-number": check_doc_number,
    "format.date": check_date,
    "format.page-number": check_page_number,
    "format.colophon": check_colophon,
    "format.attachment": check_attachment,
}
