"""Write a 公文 with python-docx: one function per element of GB/T 9704-2012.

Every function writes its text in ONE run (tabs and line breaks inside it), so that a
jinja tag written through it stays whole for docxtpl; every run carries all four
rFonts attributes, w:eastAsia included.
"""

from __future__ import annotations

import docx
from docx.document import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, Twips
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from ..cn.doc_number import format_doc_number
from . import oxml, spec, styles

_TRAILING_PUNCT = "。；;，,、.．：:！!？?"


def new_document() -> Document:
    """An empty A4 公文: page, grid, styles, page-number footers, fixed metadata."""
    doc = docx.Document()
    styles.setup(doc)
    return doc


# ------------------------------------------------------------------ text helpers


def _number(value: object) -> str:
    """5 for 5 / "05" / "5"; anything else (a jinja tag) unchanged."""
    text = str(value).strip()
    return str(int(text)) if text.isdigit() else text


def doc_number(org_code: str, year: int | str, seq: int | str) -> str:
    """机关代字〔2026〕5号: hexagonal brackets, four-digit year, no 虚位, no 第."""
    return format_doc_number(org_code, _number(year), _number(seq))


def set_run_font(
    run: Run, name: str, size_pt: float, bold: bool = False, color: str = spec.BLACK
) -> None:
    """Face (ascii/hAnsi/eastAsia/cs), size, bold and colour on one run."""
    oxml.set_rpr(run._r.get_or_add_rPr(), name, size_pt, bold, color)


def _paragraph(
    doc: Document,
    text: str,
    style: str,
    font: str,
    size: float,
    bold: bool = False,
    color: str = spec.BLACK,
) -> Paragraph:
    paragraph = doc.add_paragraph(style=doc.styles[style])
    styles.mark_font(paragraph, font, size)
    if text:
        set_run_font(paragraph.add_run(text), font, size, bold, color)
    return paragraph


def _plain(doc: Document, text: str, align=None, indent_pt: float = 0) -> Paragraph:
    """A 3号仿宋 line in the Normal style, no first-line indent unless asked."""
    paragraph = _paragraph(doc, text, spec.STYLE_NORMAL, spec.FONT_BODY, spec.SIZE_3)
    paragraph.paragraph_format.first_line_indent = Pt(indent_pt)
    if align is not None:
        paragraph.alignment = align
    return paragraph


def blank_line(doc: Document) -> Paragraph:
    return _plain(doc, "")


def _text_width_twips(text: str) -> int:
    """Rough printed width: CJK characters one 字, ASCII half of one."""
    half = sum(1 for ch in text if ord(ch) < 0x2E80)
    return round((len(text) - half + half / 2) * spec.CHAR_PT * 20)


# ------------------------------------------------------------------ elements


def add_title(doc: Document, text: str) -> Paragraph:
    """标题: 2号小标宋, centred."""
    return _paragraph(doc, text, spec.STYLE_TITLE, spec.FONT_TITLE, spec.SIZE_2)


def add_doc_number(doc: Document, text: str) -> Paragraph:
    """发文字号 (e.g. 江爱卫办〔2026〕5号): 3号仿宋, centred."""
    return _plain(doc, text, WD_ALIGN_PARAGRAPH.CENTER)


def add_recipient(doc: Document, text: str) -> Paragraph:
    """主送机关: flush left, ending with a full-width colon."""
    text = text.rstrip()
    text = text.removesuffix(":")
    if not text.endswith("："):
        text += "："
    return _plain(doc, text, WD_ALIGN_PARAGRAPH.LEFT)


def add_body(doc: Document, text: str) -> Paragraph:
    """正文 paragraph: 3号仿宋, first line indented two 字, justified."""
    return _paragraph(doc, text, spec.STYLE_NORMAL, spec.FONT_BODY, spec.SIZE_3)


def add_heading(doc: Document, text: str, level: int) -> Paragraph:
    """结构层次 一、 / （一） / 1. / （1）: 黑体 / 楷体 / 仿宋 / 仿宋, 3号."""
    if level not in spec.STYLE_HEADINGS:
        raise ValueError(f"标题层级只能是 1–4，收到 {level}")
    return _paragraph(doc, text, spec.STYLE_HEADINGS[level], spec.HEADING_FONTS[level], spec.SIZE_3)


def _attachment_name(name: str) -> str:
    """A name ends without punctuation (a jinja tag is left as written)."""
    return name.strip().rstrip(_TRAILING_PUNCT)


def add_attachment_note(doc: Document, names: list[str]) -> list[Paragraph]:
    """附件说明: a blank line, then "附件：1. 名称" 左空二字; further names line up under
    the first number and wrapped lines under the first character of the name."""
    blank_line(doc)
    char = spec.CHAR_PT
    indent, label = char * spec.INDENT_BODY_CHARS, char * 3  # 左空二字, "附件："
    numbered = len(names) > 1
    name_left = indent + label + (char if numbered else 0)  # "1." is one 字 wide
    paragraphs = []
    for i, name in enumerate(names, start=1):
        prefix = f"{i}." if numbered else ""
        text = ("附件：" if i == 1 else "") + prefix + _attachment_name(name)
        start = indent if i == 1 else indent + label
        paragraph = _plain(doc, text, WD_ALIGN_PARAGRAPH.LEFT)
        paragraph.paragraph_format.left_indent = Pt(name_left)
        paragraph.paragraph_format.first_line_indent = Pt(start - name_left)
        paragraphs.append(paragraph)
    return paragraphs


def add_signature(doc: Document, org: str, date_text: str) -> list[Paragraph]:
    """发文机关署名 and 成文日期: the date 右空四字, the name centred over the date
    (a centre tab at the middle of the date), with a line left free for the seal."""
    blank_line(doc)
    right = spec.CHAR_PT * spec.SIGNATURE_RIGHT_CHARS * 20
    sample = date_text if "{" not in date_text else "2026年11月23日"
    centre = spec.TEXT_WIDTH_TWIPS - right - _text_width_twips(sample) // 2
    if "{" not in org:  # a name too long to centre there ends 右空二字 instead
        two_chars = spec.CHAR_PT * 2 * 20
        centre = min(centre, spec.TEXT_WIDTH_TWIPS - two_chars - _text_width_twips(org) // 2)
    name = _plain(doc, "\t" + org, WD_ALIGN_PARAGRAPH.LEFT)
    oxml.set_tab_stops(name._p.get_or_add_pPr(), [("center", centre)])
    name.paragraph_format.keep_with_next = True  # never the 署名 on one page, its date on the next
    when = _plain(doc, date_text, WD_ALIGN_PARAGRAPH.RIGHT)
    when.paragraph_format.right_indent = Twips(right)
    return [name, when]


def _issue_text(issue: object) -> str:
    text = _number(issue)
    return text if text.startswith("第") or "{" in text else f"第{text}期"


def add_masthead(
    doc: Document, title: str, issue: object, editor: str, date_text: str
) -> list[Paragraph]:
    """简报 masthead (no 发文字号): red name, 期号, then 编印单位 left and date right
    over a red rule."""
    name = _paragraph(
        doc, title, spec.STYLE_TITLE, spec.FONT_TITLE, spec.SIZE_MASTHEAD, color=spec.RED
    )
    # 期号 centred by a centre tab, not by alignment: the title stays the only centred
    # paragraph at the top for a checker that takes "the first centred paragraphs"
    number = _plain(doc, "\t" + _issue_text(issue), WD_ALIGN_PARAGRAPH.LEFT)
    oxml.set_tab_stops(number._p.get_or_add_pPr(), [("center", spec.TEXT_WIDTH_TWIPS // 2)])
    byline = _plain(doc, f"{editor}\t{date_text}", WD_ALIGN_PARAGRAPH.LEFT)
    ppr = byline._p.get_or_add_pPr()
    oxml.set_tab_stops(ppr, [("right", spec.TEXT_WIDTH_TWIPS)])
    oxml.set_borders(ppr, bottom=spec.rule_eighths(spec.MASTHEAD_RULE_MM), color=spec.RED)
    return [name, number, byline]


def add_table(doc: Document, header: list[str], rows: list[list[str]]):
    """A plain ruled table in 3号仿宋 (the head bold), centred on the page."""
    columns = max([len(header)] + [len(r) for r in rows])
    table = doc.add_table(rows=1 + len(rows), cols=columns)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, values in enumerate([header] + rows):
        is_head = r == 0
        for c in range(columns):
            text = values[c] if c < len(values) else ""
            _cell(doc, table.cell(r, c), text, is_head)
    return table


def _cell(doc: Document, cell, text: str, is_head: bool) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.style = doc.styles[spec.STYLE_TABLE_TEXT]
    if is_head:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    styles.mark_font(paragraph, spec.FONT_BODY, spec.SIZE_3)
    if text:
        set_run_font(paragraph.add_run(text), spec.FONT_BODY, spec.SIZE_3, bold=is_head)


def page_break(doc: Document) -> Paragraph:
    """An empty paragraph that starts a new page (e.g. before an 附件)."""
    paragraph = blank_line(doc)
    paragraph.paragraph_format.page_break_before = True
    return paragraph
