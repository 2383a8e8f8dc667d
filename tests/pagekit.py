"""Real .docx files for the page checks, built with python-docx and a little raw XML,
each with one layout defect the checks must find once LibreOffice has laid it out
(tests/test_lint_page.py). Sizes come from docgen.gbt9704.spec."""

from __future__ import annotations

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from docgen.gbt9704 import oxml
from docgen.gbt9704 import spec as s

MARK = "示例市爱卫会文件"
ORG = "示例市爱国卫生运动委员会办公室"
DATE = "2026年11月23日"
# 27 字 of running text (one line without a grid: 16 pt characters in a 156 mm 版心)
SENTENCE = "为巩固国家卫生城市创建成果改善城乡环境卫生面貌经研究决定开展"
TITLE_BREAKS = ("关于做好2026年度档案归档工", "作的通知")  # broken inside 工作


def new(grid: str | None = "lines", footer: bool = True, first_page: bool = False):
    """A4, the standard's margins, a 3号仿宋 Normal style; `grid` "lines" (natural width:
    27 字 a line), "chars" (the 28-字 grid LibreOffice lays out at 14) or None."""
    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Mm(s.PAGE_WIDTH_MM), Mm(s.PAGE_HEIGHT_MM)
    sec.top_margin, sec.bottom_margin = Mm(s.MARGIN_TOP_MM), Mm(s.MARGIN_BOTTOM_MM)
    sec.left_margin, sec.right_margin = Mm(s.MARGIN_LEFT_MM), Mm(s.MARGIN_RIGHT_MM)
    sec.footer_distance = Mm(s.FOOTER_DISTANCE_MM)
    normal = doc.styles["Normal"]
    oxml.set_rpr(normal.element.get_or_add_rPr(), s.FONT_BODY, s.SIZE_3)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = Pt(s.LINE_SPACING_PT)
    normal.paragraph_format.space_after = Pt(0)
    if grid:
        _grid(sec._sectPr, grid)
    if footer:
        oxml.page_field_runs(sec.footer.paragraphs[0], s.FONT_SONG, s.SIZE_4)
        sec.footer.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if first_page:
        sec.different_first_page_header_footer = True
    return doc


# docgen's grid before issue 12: 28 characters in Word's arithmetic, 14 a line in
# LibreOffice (each 16 pt character takes two 15.8 pt cells)
OLD_CHAR_SPACE = -842


def _grid(sect_pr, kind: str) -> None:
    grid = OxmlElement("w:docGrid")
    grid.set(qn("w:linePitch"), str(s.LINE_PITCH_TWIPS))
    if kind == "chars":
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:charSpace"), str(OLD_CHAR_SPACE))
    else:
        grid.set(qn("w:type"), "lines")
    old = sect_pr.find(qn("w:docGrid"))
    if old is not None:
        sect_pr.remove(old)
    sect_pr.append(grid)


def text(doc, words: str, size=s.SIZE_3, align=None, colour=s.BLACK, font=s.FONT_BODY):
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    parts = words.split("\n")
    for i, part in enumerate(parts):
        run = p.add_run(part)
        oxml.set_rpr(run._r.get_or_add_rPr(), font, size, color=colour)
        if i < len(parts) - 1:
            run.add_break(WD_BREAK.LINE)
    return p


def title(doc, lines: tuple[str, ...] = ("关于开展爱国卫生月活动的通知",)):
    p = text(doc, "\n".join(lines), s.SIZE_2, WD_ALIGN_PARAGRAPH.CENTER, font=s.FONT_TITLE)
    p.paragraph_format.line_spacing = Pt(s.LINE_SPACING_PT * 1.2)
    return p


def body(doc, lines: int) -> None:
    """`lines` full lines of 正文: one paragraph of that many lines, no indent."""
    text(doc, SENTENCE * lines, align=WD_ALIGN_PARAGRAPH.JUSTIFY)


def one_liners(doc, count: int) -> None:
    for i in range(count):
        text(doc, f"第{i + 1}项工作按时完成。")


def signature(doc) -> None:
    text(doc, ORG, align=WD_ALIGN_PARAGRAPH.RIGHT)
    text(doc, DATE, align=WD_ALIGN_PARAGRAPH.RIGHT)


def colophon(doc, before_pt: float = 0) -> None:
    """抄送 and 印发 lines between thick rules, 4号, `before_pt` below what precedes."""
    cc = text(doc, "抄送：示例市人民政府办公室。", s.SIZE_4)
    cc.paragraph_format.space_before = Pt(before_pt)
    oxml.set_borders(cc._p.get_or_add_pPr(), top=s.rule_eighths(s.RULE_THICK_MM))
    printed = text(doc, f"{ORG}　　{DATE}印发", s.SIZE_4)
    oxml.set_borders(
        printed._p.get_or_add_pPr(),
        top=s.rule_eighths(s.RULE_THIN_MM),
        bottom=s.rule_eighths(s.RULE_THICK_MM),
    )


def masthead(doc, colour=s.RED, indent_mm: float = 0) -> None:
    """发文机关标志 (large, centred, `colour`), the 发文字号 with a red rule under it
    (`indent_mm` shorter than the 版心 on each side)."""
    text(doc, MARK, 36, WD_ALIGN_PARAGRAPH.CENTER, colour, s.FONT_TITLE)
    text(doc, "")
    number = text(doc, "示爱卫〔2026〕5号", align=WD_ALIGN_PARAGRAPH.CENTER)
    oxml.set_borders(number._p.get_or_add_pPr(), bottom=12, color=s.RED)
    if indent_mm:
        number.paragraph_format.left_indent = Mm(indent_mm)
        number.paragraph_format.right_indent = Mm(indent_mm)
    text(doc, "")
