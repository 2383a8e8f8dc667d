"""版记 (GB/T 9704-2012 §7.4): 抄送 and 印发机关/印发日期 between rules, at the foot of
the last page, its last rule on the 版心's lower edge.

The 版记 is a one-column table floating at the bottom of the text area (w:tblpPr,
vertAnchor margin, tblpYSpec bottom), anchored in a 1 pt paragraph after it: however
long the body, the table sits on the last page's foot, and when that page has no room
left it goes to the foot of a page of its own (a 版记页, which the standard allows).
The horizontal anchor is the page: LibreOffice lays out a floating table that is as
wide as the text area inline unless it is positioned relative to the page.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.text import WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, Twips
from docx.table import Table
from docx.text.paragraph import Paragraph

from . import oxml, spec, styles

_TRAILING_PUNCT = "。；;，,、.．：:！!？?"
# w:tblPr children that follow w:tblpPr, in schema order (for insert_element_before)
_TBLPR_AFTER_TBLPPR = (
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
)


def cc_text(cc: list[str]) -> str:
    """抄送：A，B，C。"""
    names = [n.strip().rstrip(_TRAILING_PUNCT) for n in cc if n.strip()]
    return "抄送：" + "，".join(names) + "。"


def add_colophon(
    doc: Document, cc: list[str] | None, issuer: str, date_text: str
) -> list[Paragraph]:
    """版记 at the foot of the last page: thick rule, 抄送 (4号仿宋, 左右空一字, 。 at
    the end), thin rule, 印发机关 (左空一字) and "2026年11月23日印发" (右空一字), thick
    rule. Returns the 版记's paragraphs (the 抄送 line first when there is one)."""
    lines = [cc_text(cc)] if cc else []
    printed = date_text if date_text.endswith("印发") else date_text + "印发"
    lines.append(f"{issuer}\t{printed}")
    table = _floating_table(doc, len(lines))
    paragraphs = [_line(doc, row.cells[0], text) for row, text in zip(table.rows, lines)]
    one = spec.SIZE_4
    if cc:  # wrapped lines start after "抄送："
        paragraphs[0].paragraph_format.left_indent = Pt(one * 4)
        paragraphs[0].paragraph_format.first_line_indent = Pt(-one * 3)
    issued = paragraphs[-1]
    issued.paragraph_format.left_indent = Pt(one)
    oxml.set_tab_stops(
        issued._p.get_or_add_pPr(), [("right", spec.TEXT_WIDTH_TWIPS - spec.pt_to_twips(one))]
    )
    _anchor(doc)
    return paragraphs


def colophon_table(paragraph: Paragraph) -> Table:
    """The 版记 table a paragraph of `add_colophon` sits in."""
    cell = paragraph._parent
    return cell._parent if isinstance(cell._parent, Table) else cell.table


def _floating_table(doc: Document, rows: int) -> Table:
    table = doc.add_table(rows=rows, cols=1)
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    tbl_pr.insert_element_before(_position(), *_TBLPR_AFTER_TBLPPR)
    overlap = _el("w:tblOverlap", val="never")
    tbl_pr.insert_element_before(overlap, *_TBLPR_AFTER_TBLPPR[1:])
    _set(tbl_pr, "w:tblW", _TBLPR_AFTER_TBLPPR[5:], w=spec.TEXT_WIDTH_TWIPS, type="dxa")
    tbl_pr.insert_element_before(_borders(), *_TBLPR_AFTER_TBLPPR[9:])
    tbl_pr.insert_element_before(_no_cell_margins(), *_TBLPR_AFTER_TBLPPR[12:])
    for column in table.columns:
        column.width = Twips(spec.TEXT_WIDTH_TWIPS)
    for row in table.rows:
        row.cells[0].width = Twips(spec.TEXT_WIDTH_TWIPS)
    return table


def _position():
    return _el(
        "w:tblpPr",
        leftFromText=0,
        rightFromText=0,
        topFromText=0,
        bottomFromText=0,
        vertAnchor="margin",
        horzAnchor="page",
        tblpX=spec.mm_to_twips(spec.MARGIN_LEFT_MM),
        tblpYSpec="bottom",
    )


def _borders():
    """Thick first and last rules, thin rules between the lines, no sides."""
    borders = OxmlElement("w:tblBorders")
    thick, thin = spec.rule_eighths(spec.RULE_THICK_MM), spec.rule_eighths(spec.RULE_THIN_MM)
    for side, size in (("top", thick), ("left", None), ("bottom", thick), ("right", None)):
        borders.append(_edge(side, size))
    borders.append(_edge("insideH", thin))
    borders.append(_edge("insideV", None))
    return borders


def _edge(side: str, size: int | None):
    if size is None:
        return _el(f"w:{side}", val="nil")
    return _el(f"w:{side}", val="single", sz=size, space=0, color=spec.BLACK)


def _no_cell_margins():
    """The 左右空一字 are the paragraphs' indents, not the cell's padding."""
    margins = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        margins.append(_el(f"w:{side}", w=0, type="dxa"))
    return margins


def _line(doc: Document, cell, text: str) -> Paragraph:
    paragraph = cell.paragraphs[0]
    paragraph.style = doc.styles[spec.STYLE_COLOPHON]
    styles.mark_font(paragraph, spec.FONT_BODY, spec.SIZE_4)
    paragraph.paragraph_format.right_indent = Pt(spec.SIZE_4)
    if text:
        run = paragraph.add_run(text)
        oxml.set_rpr(run._r.get_or_add_rPr(), spec.FONT_BODY, spec.SIZE_4)
    return paragraph


def _anchor(doc: Document) -> Paragraph:
    """The paragraph the table is anchored in: 1 pt high, so that it never takes a line
    of its own on a full page."""
    paragraph = doc.add_paragraph(style=doc.styles[spec.STYLE_COLOPHON])
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(1)
    styles.mark_font(paragraph, spec.FONT_BODY, 1)
    return paragraph


def _set(parent, tag: str, successors: tuple[str, ...], **attrs) -> None:
    old = parent.find(qn(tag))
    if old is not None:
        parent.remove(old)
    parent.insert_element_before(_el(tag, **attrs), *successors)


def _el(tag: str, **attrs):
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element
