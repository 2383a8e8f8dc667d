"""A read-only view of a .docx: body paragraphs, table paragraphs, sections and their
footers, with run and paragraph properties resolved as Word does (see resolve.py).

The caller has already checked the file with docgen.inspect (a real, unencrypted,
sanely sized .docx); XML is parsed without DTDs, entities or network access.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass, field

from lxml import etree

from ..docx_text import PARSER
from .resolve import (
    DEFAULT_SIZE_PT,
    OFFICE_DOC,
    PKG_NS,
    R_NS,
    SCRIPTS,
    RunResolver,
    Styles,
    Theme,
    is_on,
    merge_ppr,
    to_int,
    w,
    wattr,
)


@dataclass
class RunView:
    text: str
    start: int  # offset of the run's text in its paragraph's text
    east_asia: str | None  # resolved face for Chinese characters (None: nothing sets one)
    ascii: str | None
    size: float  # points
    color: str | None


@dataclass
class ParagraphView:
    number: int  # 1-based among the body's paragraphs outside tables (0 in tables/footers)
    text: str
    style: str | None  # style name (or id when unnamed)
    align: str  # left, center, right, both, distribute …
    line: int | None  # w:spacing/@w:line (twips when exact/atLeast, 240ths when auto)
    line_rule: str  # auto, exact, atLeast
    snap_to_grid: bool
    in_table: bool
    framed: str | None  # w:framePr/@w:xAlign, or "frame"/"textbox" when positioned otherwise
    runs: list[RunView] = field(default_factory=list)
    instr: str = ""  # field instructions (w:instrText, w:fldSimple/@w:instr)
    page_break_before: bool = False


@dataclass
class SectionView:
    width: int | None  # twips
    height: int | None
    orient: str | None
    margins: dict[str, int]  # top, bottom, left, right, gutter (twips)
    grid_type: str | None
    line_pitch: int | None
    footers: dict[str, list[ParagraphView]]  # default / even / first → paragraphs
    title_page: bool


# ------------------------------------------------------------------ the package

_TEXT_TAGS = {
    w("t"): None,
    w("tab"): "\t",
    w("br"): "\n",
    w("cr"): "\n",
    w("noBreakHyphen"): "-",
    w("softHyphen"): "",
}
_NESTED = {w("txbxContent"), w("tbl")}


class DocxView:
    """Paragraphs (body and footers) and sections of one .docx, properties resolved."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names = set(zf.namelist())
        main = self._main_part()
        self.main = main
        self.rels = self._rels(main)
        root = self._xml(main)
        if root is None or root.find(w("body")) is None:
            raise ValueError("缺少正文部分 word/document.xml")
        self.styles = Styles(self._related("styles"))
        settings = self._related("settings")
        self.even_and_odd = _flag(settings, "evenAndOddHeaders")
        self.mirror_margins = _flag(settings, "mirrorMargins")
        lang = wattr(None if settings is None else settings.find(w("themeFontLang")), "eastAsia")
        script = SCRIPTS.get(lang or "zh-CN", "Hans")
        self.runs = RunResolver(Theme(self._related("theme")), script)
        self.paragraphs: list[ParagraphView] = []
        self.table_paragraphs: list[ParagraphView] = []
        self._sect_elements: list = []
        self._walk(root.find(w("body")), in_table=False)
        self.sections = self._sections()
        # the text of every paragraph, in text boxes and page headers too (a 版头 is
        # often a text box, sometimes the first page's header)
        parts = [root] + [
            self._xml(t) for kind, t in sorted(self.rels.values()) if kind == "header"
        ]
        self.all_lines = [
            _text_of(p) for part in parts if part is not None for p in part.iter(w("p"))
        ]

    # ---- parts
    def _main_part(self) -> str:
        rels = self._xml("_rels/.rels")
        if rels is not None:
            for rel in rels.findall(f"{{{PKG_NS}}}Relationship"):
                if rel.get("Type") == OFFICE_DOC:
                    return rel.get("Target", "").lstrip("/")
        return "word/document.xml"

    def _xml(self, name: str):
        if name not in self.names:
            return None
        return etree.fromstring(self.zf.read(name), PARSER)

    def _rels(self, part: str) -> dict[str, tuple[str, str]]:
        folder, base = posixpath.split(part)
        root = self._xml(posixpath.join(folder, "_rels", base + ".rels"))
        out: dict[str, tuple[str, str]] = {}
        for rel in [] if root is None else root.findall(f"{{{PKG_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
            out[rel.get("Id")] = (rel.get("Type", "").rsplit("/", 1)[-1], target.lstrip("/"))
        return out

    def _related(self, kind: str):
        for rel_type, target in sorted(self.rels.values()):
            if rel_type == kind:
                return self._xml(target)
        return None

    # ---- body
    def _walk(self, container, in_table: bool) -> None:
        for child in container:
            if child.tag == w("p"):
                self._add_paragraph(child, in_table)
                sect = child.find(f"{w('pPr')}/{w('sectPr')}")
                if sect is not None and not in_table:
                    self._sect_elements.append(sect)
            elif child.tag == w("tbl"):
                for cell in child.iterfind(f"{w('tr')}/{w('tc')}"):
                    self._walk(cell, in_table=True)
            elif child.tag == w("sectPr"):
                self._sect_elements.append(child)
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins")):
                self._walk(child, in_table)

    def _add_paragraph(self, p, in_table: bool) -> None:
        number = 0 if in_table else len(self.paragraphs) + 1
        view = self.paragraph(p, number, in_table)
        (self.table_paragraphs if in_table else self.paragraphs).append(view)

    def paragraph(
        self, p, number: int, in_table: bool = False, textbox: bool = False
    ) -> ParagraphView:
        ppr = p.find(w("pPr"))
        style_id = wattr(None if ppr is None else ppr.find(w("pStyle")), "val")
        style_id = style_id or self.styles.default_paragraph
        chain = self.styles.chain(style_id)
        pprops = merge_ppr([self.styles.doc_ppr] + [s.find(w("pPr")) for s in chain] + [ppr])
        style_rpr = [self.styles.doc_rpr] + [s.find(w("rPr")) for s in chain]
        runs, text, instr = [], "", []
        for r in _own_runs(p):
            piece = _run_text(r)
            instr += [t.text or "" for t in r.findall(w("instrText"))]
            if piece:
                runs.append(self._run(r, piece, len(text), style_rpr))
                text += piece
        instr += [wattr(f, "instr") or "" for f in p.iter(w("fldSimple")) if _owner(f) is p]
        frame = "textbox" if textbox else pprops["frame"]
        return ParagraphView(
            number,
            text,
            self.styles.name(style_id),
            pprops["jc"],
            pprops["line"],
            pprops["lineRule"],
            pprops["snap"],
            in_table,
            frame,
            runs,
            " ".join(instr),
            pprops["pageBreakBefore"],
        )

    def _run(self, r, text: str, start: int, style_rpr: list) -> RunView:
        rpr = r.find(w("rPr"))
        rstyle = wattr(None if rpr is None else rpr.find(w("rStyle")), "val")
        char_chain = self.styles.chain(rstyle)  # Word adds no default character style
        layers = style_rpr + [s.find(w("rPr")) for s in char_chain] + [rpr]
        props = self.runs.resolve(layers)
        size = props["size"] if props["size"] is not None else DEFAULT_SIZE_PT
        return RunView(text, start, props["eastAsia"], props["ascii"], size, props["color"])

    # ---- sections and footers
    def _sections(self) -> list[SectionView]:
        out: list[SectionView] = []
        inherited: dict[str, list[ParagraphView]] = {}
        for sect in self._sect_elements:
            footers = dict(inherited)
            for ref in sect.findall(w("footerReference")):
                kind = wattr(ref, "type") or "default"
                footers[kind] = self._footer(ref.get(f"{{{R_NS}}}id"))
            inherited = footers
            out.append(_section(sect, footers))
        return out

    def _footer(self, rid: str | None) -> list[ParagraphView]:
        rel_type, target = self.rels.get(rid or "", ("", ""))
        root = self._xml(target) if rel_type == "footer" else None
        if root is None:
            return []
        return [self.paragraph(p, 0, textbox=_in_textbox(p)) for p in root.iter(w("p"))]


def _text_of(p) -> str:
    return "".join(t.text or "" for t in p.iter(w("t")))


def _flag(settings, tag: str) -> bool:
    el = None if settings is None else settings.find(w(tag))
    return el is not None and is_on(el)


def _owner(el):
    """The nearest w:p ancestor."""
    parent = el.getparent()
    while parent is not None and parent.tag != w("p"):
        parent = parent.getparent()
    return parent


def _in_textbox(p) -> bool:
    return any(a.tag == w("txbxContent") for a in p.iterancestors())


def _own_runs(p):
    """The paragraph's runs, in hyperlinks, fields and insertions too, not in text boxes."""
    for r in p.iter(w("r")):
        if _owner(r) is p and not any(a.tag in _NESTED for a in _ancestors_to(r, p)):
            yield r


def _ancestors_to(el, stop):
    parent = el.getparent()
    while parent is not None and parent is not stop:
        yield parent
        parent = parent.getparent()


def _run_text(r) -> str:
    parts = []
    for child in r:
        if child.tag in _TEXT_TAGS:
            fixed = _TEXT_TAGS[child.tag]
            parts.append(child.text or "" if fixed is None else fixed)
    return "".join(parts)


def _section(sect, footers: dict[str, list[ParagraphView]]) -> SectionView:
    size = sect.find(w("pgSz"))
    mar = sect.find(w("pgMar"))
    grid = sect.find(w("docGrid"))
    margins = (
        {k: abs(to_int(wattr(mar, k)) or 0) for k in ("top", "bottom", "left", "right", "gutter")}
        if mar is not None
        else {}
    )
    return SectionView(
        to_int(wattr(size, "w")),
        to_int(wattr(size, "h")),
        wattr(size, "orient"),
        margins,
        wattr(grid, "type"),
        to_int(wattr(grid, "linePitch")),
        footers,
        _flag(sect, "titlePg"),
    )


def open_docx(path: str) -> DocxView:
    """Read a .docx already checked by docgen.inspect. Raises ValueError, KeyError,
    zipfile.BadZipFile or etree.XMLSyntaxError on a damaged package."""
    with zipfile.ZipFile(path) as zf:
        return DocxView(zf)
