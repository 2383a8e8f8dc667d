"""版头 (GB/T 9704-2012 §7.2): 份号, 密级和保密期限, 紧急程度 top left; the red
发文机关标志 35 mm under the 版心's top; the 发文字号 (with the 签发人 for 上行文); the
red separator line the 版心's width 4 mm under it. Also the 纪要标志 (§10.3).

The 标志 is set in a paragraph off the line grid (its own exact height) so that Word,
WPS and LibreOffice put it at the same place; `scale` is the character width (w:w,
%) — a jinja tag in a template, so that a long 机关名称 still fits the 版心."""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph

from . import oxml, spec
from .build import _paragraph, _plain, set_run_font

MM_PT = 72 / 25.4
MARK_LINE_PT = spec.MARK_SIZE + 8


def add_top_lines(doc: Document, copy_no: str, secrecy: str, urgency: str) -> list[Paragraph]:
    """份号 (3号 Arabic numerals), 密级和保密期限 and 紧急程度 (3号黑体), flush left,
    one line each; a line whose text renders empty stays blank (the 标志 stays put)."""
    lines = [_plain(doc, copy_no, WD_ALIGN_PARAGRAPH.LEFT)]
    for text in (secrecy, urgency):
        p = _paragraph(doc, text, spec.STYLE_NORMAL, spec.FONT_HEI, spec.SIZE_3)
        p.paragraph_format.first_line_indent = Pt(0)
        p.alignment = WD_ALIGN_PARAGRAPH.LEFT
        lines.append(p)
    return lines


def add_mark(doc: Document, text: str, scale: str | int | None = None) -> Paragraph:
    """发文机关标志 or 纪要标志: red 小标宋, centred, its top 35 mm under the 版心's top
    (after the three top lines)."""
    p = _paragraph(doc, text, spec.STYLE_NORMAL, spec.FONT_TITLE, spec.MARK_SIZE, color=spec.RED)
    fmt = p.paragraph_format
    fmt.first_line_indent = Pt(0)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt.line_spacing = Pt(MARK_LINE_PT)
    fmt.space_before = Pt(mark_space_before())
    fmt.keep_with_next = True
    oxml.off_grid(p._p.get_or_add_pPr())
    if scale is not None and p.runs:
        width = OxmlElement("w:w")
        width.set(qn("w:val"), str(scale))
        p.runs[0]._r.get_or_add_rPr().insert_element_before(
            width, "w:kern", "w:position", "w:sz", "w:szCs"
        )
    return p


def mark_space_before() -> float:
    """Space above the 标志 so that its glyphs' top is MARK_TOP_MM under the 版心's top."""
    top_lines = spec.TOP_LINES * spec.LINE_SPACING_PT
    glyph_offset = -1.4  # measured in LibreOffice: the em box starts 1.4 pt above the line
    return round(spec.MARK_TOP_MM * MM_PT - top_lines - glyph_offset, 1)


def add_number_rule(doc: Document, number: str, signer: str | None = None) -> Paragraph:
    """发文字号 over the red separator line. 下行文: centred. 上行文 (`signer` given):
    发文字号 左空一字, "签发人：" (3号仿宋) and the name (3号楷体) 右空一字, on one line."""
    if signer is None:
        p = _plain(doc, number, WD_ALIGN_PARAGRAPH.CENTER)
    else:
        # by tab stops, not indents: the rule under the line keeps the 版心's width
        p = _plain(doc, f"\t{number}\t签发人：", WD_ALIGN_PARAGRAPH.LEFT)
        one = spec.pt_to_twips(spec.CHAR_PT)
        stops = [("left", one), ("right", spec.TEXT_WIDTH_TWIPS - one)]
        oxml.set_tab_stops(p._p.get_or_add_pPr(), stops)
        set_run_font(p.add_run(signer), spec.FONT_KAI, spec.SIZE_3)  # right-aligned by the tab
    p.paragraph_format.keep_with_next = True
    space = round(spec.NUMBER_RULE_MM * MM_PT - _descent_gap())
    oxml.set_borders(
        p._p.get_or_add_pPr(), bottom=spec.rule_eighths(spec.SEPARATOR_MM), color=spec.RED
    )
    p._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).set(qn("w:space"), str(max(space, 0)))
    return p


def _descent_gap() -> float:
    """How far a rule with no w:space lies below the glyphs' foot on a 3号 line
    (measured in LibreOffice)."""
    return 8.1


def add_attendance(doc: Document, label: str, names: str) -> Paragraph:
    """纪要 (§10.3): "出席" / "请假" / "列席" in 3号黑体 左空二字 with a full-width colon,
    the names in 3号仿宋; wrapped lines line up after the colon."""
    char = spec.CHAR_PT
    p = _plain(doc, "", WD_ALIGN_PARAGRAPH.JUSTIFY)
    lead = char * (spec.INDENT_BODY_CHARS + len(label) + 1)
    p.paragraph_format.left_indent = Pt(lead)
    p.paragraph_format.first_line_indent = Pt(char * spec.INDENT_BODY_CHARS - lead)
    set_run_font(p.add_run(f"{label}："), spec.FONT_HEI, spec.SIZE_3)
    set_run_font(p.add_run(names), spec.FONT_BODY, spec.SIZE_3)
    return p
