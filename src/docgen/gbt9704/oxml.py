"""Raw WordprocessingML helpers for what python-docx's proxies do not reach.

python-docx's `font.name` writes w:ascii and w:hAnsi only; Word then takes Chinese text
from w:eastAsia, which it resolves through the style chain to the theme (宋体 or 等线).
Everything here writes all four rFonts attributes and drops the theme ones, which
would otherwise win over the explicit names.
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from . import spec

FONT_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")
THEME_SLOTS = ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme")

_RPR_AFTER_SZ = (
    "w:szCs",
    "w:highlight",
    "w:u",
    "w:effect",
    "w:bdr",
    "w:shd",
    "w:fitText",
    "w:vertAlign",
    "w:rtl",
    "w:cs",
    "w:em",
    "w:lang",
    "w:eastAsianLayout",
    "w:specVanish",
    "w:oMath",
)
_RPR_AFTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", *_RPR_AFTER_SZ)
_PPR_AFTER_PBDR = (
    "w:shd",
    "w:tabs",
    "w:suppressAutoHyphens",
    "w:kinsoku",
    "w:wordWrap",
    "w:overflowPunct",
    "w:topLinePunct",
    "w:autoSpaceDE",
    "w:autoSpaceDN",
    "w:bidi",
    "w:adjustRightInd",
    "w:snapToGrid",
    "w:spacing",
    "w:ind",
    "w:contextualSpacing",
    "w:mirrorIndents",
    "w:suppressOverlap",
    "w:jc",
    "w:textDirection",
    "w:textAlignment",
    "w:textboxTightWrap",
    "w:outlineLvl",
    "w:divId",
    "w:cnfStyle",
    "w:rPr",
    "w:sectPr",
    "w:pPrChange",
)
_PPR_AFTER_OUTLINE = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def ppr_after(tag: str) -> tuple[str, ...]:
    """The w:pPr children that follow `tag` in schema order (for insert_element_before)."""
    return _PPR_AFTER_PBDR[_PPR_AFTER_PBDR.index(tag) + 1 :]


def set_rfonts(rpr, name: str) -> None:
    """`<w:rFonts>` with ascii/hAnsi/eastAsia/cs all `name`, theme attributes removed."""
    rfonts = rpr.get_or_add_rFonts()
    for attr in THEME_SLOTS:
        rfonts.attrib.pop(qn(attr), None)
    for attr in FONT_SLOTS:
        rfonts.set(qn(attr), name)
    rfonts.set(qn("w:hint"), "eastAsia")


def set_size(rpr, size_pt: float) -> None:
    """w:sz and w:szCs in half-points."""
    half = str(round(size_pt * 2))
    rpr.get_or_add_sz().set(qn("w:val"), half)
    szcs = rpr.find(qn("w:szCs"))
    if szcs is None:
        szcs = OxmlElement("w:szCs")
        rpr.insert_element_before(szcs, *_RPR_AFTER_SZ[1:])
    szcs.set(qn("w:val"), half)


def set_bold(rpr, bold: bool) -> None:
    """w:b and w:bCs, always written (so that a bold style cannot leak in)."""
    value = "1" if bold else "0"
    rpr.get_or_add_b().set(qn("w:val"), value)
    rpr.get_or_add_bCs().set(qn("w:val"), value)


def set_color(rpr, rgb: str) -> None:
    color = rpr.get_or_add_color()
    color.attrib.clear()
    color.set(qn("w:val"), rgb)


def set_lang(rpr) -> None:
    """w:lang eastAsia="zh-CN": line breaking and punctuation by Chinese rules."""
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.insert_element_before(lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


def set_rpr(rpr, name: str, size_pt: float, bold: bool = False, color: str = spec.BLACK) -> None:
    set_rfonts(rpr, name)
    set_bold(rpr, bold)
    set_color(rpr, color)
    set_size(rpr, size_pt)


def set_borders(
    ppr, top: int | None = None, bottom: int | None = None, color: str = spec.BLACK
) -> None:
    """Paragraph rules: `top` / `bottom` are widths in eighths of a point (w:sz)."""
    old = ppr.find(qn("w:pBdr"))
    if old is not None:
        ppr.remove(old)
    pbdr = OxmlElement("w:pBdr")
    for side, size in (("w:top", top), ("w:bottom", bottom)):
        if size is None:
            continue
        edge = OxmlElement(side)
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), color)
        pbdr.append(edge)
    ppr.insert_element_before(pbdr, *_PPR_AFTER_PBDR)


def off_grid(ppr) -> None:
    """w:snapToGrid off: the paragraph keeps its own exact line height (LibreOffice would
    give a 22 pt title line two grid lines)."""
    snap = OxmlElement("w:snapToGrid")
    snap.set(qn("w:val"), "0")
    ppr.insert_element_before(snap, *ppr_after("w:snapToGrid"))


def set_outline_level(ppr, level: int) -> None:
    """w:outlineLvl (0-based): the navigation pane shows the heading."""
    old = ppr.find(qn("w:outlineLvl"))
    if old is not None:
        ppr.remove(old)
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.insert_element_before(el, *_PPR_AFTER_OUTLINE)


def set_doc_grid(sect_pr) -> None:
    """22 lines: w:docGrid type lines (28 characters come from CHAR_SPACING_TWIPS)."""
    grid = sect_pr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect_pr.append(grid)
    grid.attrib.clear()
    grid.set(qn("w:type"), spec.GRID_TYPE)
    grid.set(qn("w:linePitch"), str(spec.LINE_PITCH_TWIPS))


def set_char_spacing(rpr, twips: int) -> None:
    """w:spacing (condensed or expanded by `twips` twentieths of a point)."""
    spacing = rpr.find(qn("w:spacing"))
    if spacing is None:
        spacing = OxmlElement("w:spacing")
        rpr.insert_element_before(spacing, *_RPR_AFTER_SPACING)
    spacing.set(qn("w:val"), str(twips))


def page_field_runs(paragraph, font: str, size_pt: float) -> None:
    """Append "— PAGE —": the number is a complex field (fldChar begin / instrText /
    separate / cached "1" / end), so every reader that evaluates fields shows the page."""
    dash = spec.PAGE_DASH
    parts: list[tuple[str, str | None]] = [
        ("text", f"{dash} "),
        ("begin", None),
        ("instr", " PAGE "),
        ("separate", None),
        ("text", "1"),
        ("end", None),
        ("text", f" {dash}"),
    ]
    for kind, value in parts:
        run = paragraph.add_run()
        set_rpr(run._r.get_or_add_rPr(), font, size_pt)
        if kind == "text":
            run.text = value
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._r.append(instr)
        else:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)


def set_tab_stops(ppr, stops: list[tuple[str, int]]) -> None:
    """Replace the tab stops: (alignment "left"/"center"/"right", position in twips)."""
    old = ppr.find(qn("w:tabs"))
    if old is not None:
        ppr.remove(old)
    tabs = OxmlElement("w:tabs")
    for align, pos in stops:
        tab = OxmlElement("w:tab")
        tab.set(qn("w:val"), align)
        tab.set(qn("w:pos"), str(pos))
        tabs.append(tab)
    ppr.insert_element_before(tabs, *_PPR_AFTER_PBDR[2:])
