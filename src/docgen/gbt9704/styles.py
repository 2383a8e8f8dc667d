"""The document's styles, defaults, page setup, footers and core properties."""

from __future__ import annotations

from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import oxml, spec

_STYLED_TYPES = (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE)
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def setup(doc: Document) -> None:
    """Everything `new_document()` does besides creating the Document."""
    _drop_styles_with_effects(doc)
    _defaults(doc)
    _theme_language(doc)
    _builtin_fonts(doc)
    _normal(doc)
    _custom_styles(doc)
    _page(doc)
    _footers(doc)
    _core_properties(doc)


def _drop_styles_with_effects(doc: Document) -> None:
    """python-docx's template carries Word 2010's stylesWithEffects.xml, a second copy of
    the styles that a reader could take instead of ours: remove it."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            doc.part.drop_rel(rid)


def _defaults(doc: Document) -> None:
    """w:docDefaults: 仿宋 3号 condensed to 28 a line, eastAsia set, Chinese language,
    no paragraph spacing."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    oxml.set_rfonts(rpr, spec.FONT_BODY)
    oxml.set_char_spacing(rpr, spec.CHAR_SPACING_TWIPS)
    oxml.set_size(rpr, spec.SIZE_3)
    oxml.set_lang(rpr)
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.attrib.clear()
    spacing.set(qn("w:after"), "0")
    spacing.set(qn("w:line"), str(spec.LINE_PITCH_TWIPS))
    spacing.set(qn("w:lineRule"), "exact")


def _theme_language(doc: Document) -> None:
    """python-docx's settings say themeFontLang eastAsia="ja-JP", which sends any theme
    font lookup to the Japanese face: make it Chinese."""
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _builtin_font(name: str) -> str:
    if name.startswith("Heading"):
        return spec.FONT_HEI
    if name.startswith("Title"):
        return spec.FONT_TITLE
    return spec.FONT_BODY


def _builtin_fonts(doc: Document) -> None:
    """The template's own styles (Heading 1, List Bullet, Table Grid …) name theme fonts;
    give each explicit faces so nothing resolves to the theme's 宋体/等线."""
    for style in doc.styles:
        if style.type in _STYLED_TYPES and not _is_default_character(style):
            oxml.set_rfonts(style.element.get_or_add_rPr(), _builtin_font(style.name))


def _is_default_character(style) -> bool:
    """ "Default Paragraph Font" stays empty, as Word keeps it: a reader that layered it
    over the paragraph style would otherwise turn every heading into 仿宋."""
    return style.type == WD_STYLE_TYPE.CHARACTER and style.element.default


def _normal(doc: Document) -> None:
    style = doc.styles[spec.STYLE_NORMAL]
    oxml.set_rpr(style.element.get_or_add_rPr(), spec.FONT_BODY, spec.SIZE_3)
    fmt = style.paragraph_format
    _exact(fmt, spec.LINE_SPACING_PT)
    fmt.first_line_indent = Pt(spec.CHAR_PT * spec.INDENT_BODY_CHARS)
    fmt.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY


def _exact(fmt, line_pt: float) -> None:
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _add_style(doc: Document, name: str, font: str, size: float, bold: bool = False):
    style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.style_id = spec.STYLE_IDS[name]
    style.base_style = doc.styles[spec.STYLE_NORMAL]
    style.next_paragraph_style = doc.styles[spec.STYLE_NORMAL]
    style.quick_style = True
    oxml.set_rpr(style.element.get_or_add_rPr(), font, size, bold)
    return style


def _custom_styles(doc: Document) -> None:
    # the title keeps the body's 28.95 pt: each of its lines takes one line of the 22-line grid
    title = _add_style(doc, spec.STYLE_TITLE, spec.FONT_TITLE, spec.SIZE_2)
    title.paragraph_format.first_line_indent = Pt(0)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    oxml.off_grid(title.element.get_or_add_pPr())
    for level, name in spec.STYLE_HEADINGS.items():
        style = _add_style(doc, name, spec.HEADING_FONTS[level], spec.SIZE_3)
        style.paragraph_format.keep_with_next = True
        oxml.set_outline_level(style.element.get_or_add_pPr(), level - 1)
    colophon = _add_style(doc, spec.STYLE_COLOPHON, spec.FONT_BODY, spec.SIZE_4)
    colophon.paragraph_format.first_line_indent = Pt(0)
    colophon.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    # tables keep 3号 and the body's line spacing: GB/T 9704 sets no smaller size for them
    table = _add_style(doc, spec.STYLE_TABLE_TEXT, spec.FONT_BODY, spec.SIZE_3)
    table.paragraph_format.first_line_indent = Pt(0)
    table.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    footer = _add_style(doc, spec.STYLE_FOOTER, spec.FONT_SONG, spec.SIZE_4)
    footer.paragraph_format.first_line_indent = Pt(0)
    footer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _page(doc: Document) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(spec.PAGE_WIDTH_MM)
    section.page_height = Mm(spec.PAGE_HEIGHT_MM)
    section.top_margin = Mm(spec.MARGIN_TOP_MM)
    section.bottom_margin = Mm(spec.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(spec.MARGIN_LEFT_MM)
    section.right_margin = Mm(spec.MARGIN_RIGHT_MM)
    section.header_distance = Mm(spec.HEADER_DISTANCE_MM)
    section.footer_distance = Mm(spec.FOOTER_DISTANCE_MM)
    section.gutter = Mm(0)
    oxml.set_doc_grid(section._sectPr)


def _footers(doc: Document) -> None:
    """Odd pages: "— 1 —" right, one 字 from the edge; even pages: left, one 字 in."""
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    one_char = Pt(spec.SIZE_4)
    for footer, align in (
        (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
        (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
    ):
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = doc.styles[spec.STYLE_FOOTER]
        paragraph.alignment = align
        if align == WD_ALIGN_PARAGRAPH.RIGHT:
            paragraph.paragraph_format.right_indent = one_char
        else:
            paragraph.paragraph_format.left_indent = one_char
        mark_font(paragraph, spec.FONT_SONG, spec.SIZE_4)
        oxml.page_field_runs(paragraph, spec.FONT_SONG, spec.SIZE_4)


def mark_font(paragraph, font: str, size_pt: float) -> None:
    """The paragraph mark's own rPr (w:pPr/w:rPr) gets the faces too."""
    ppr = paragraph._p.get_or_add_pPr()
    rpr = ppr.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        ppr.insert_element_before(rpr, "w:sectPr", "w:pPrChange")
    oxml.set_rfonts(rpr, font)
    oxml.set_size(rpr, size_pt)


def _core_properties(doc: Document) -> None:
    """Fixed metadata: two builds of the same content give the same bytes."""
    props = doc.core_properties
    props.author = spec.AUTHOR
    props.last_modified_by = spec.AUTHOR
    props.revision = 1
    props.created = spec.FIXED_TIME
    props.modified = spec.FIXED_TIME
    props.last_printed = spec.FIXED_TIME
    props.title = ""
    props.subject = ""
    props.keywords = ""
    props.comments = ""
    props.category = ""
