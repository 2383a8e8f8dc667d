"""Binding: one 申报材料汇编.docx (docxcompose) in which every material keeps its own
section — page size, margins, headers and footers — and one 申报材料汇编.pdf (pypdf)
with a bookmark per material.

docxcompose copies content, styles, numbering and images, but drops an appended
document's section properties and header/footer references (it keeps the first
document's). So before each append the current last section is closed in the body
(its sectPr moved into the last paragraph) and after it the body's sectPr becomes a
copy of the appended document's, its header and footer parts carried over."""

from __future__ import annotations

import io
from copy import deepcopy

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml.ns import qn
from docxcompose.composer import Composer
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from ..gbt9704.spec import FIXED_TIME
from ..templating import analysis  # noqa: F401 — binds python-docx's "cp" prefix back after docxcompose
from ..zipfix import normalise_zip

R_ID = qn("r:id")
_REFS = {
    qn("w:headerReference"): (RT.HEADER, "header"),
    qn("w:footerReference"): (RT.FOOTER, "footer"),
}


def bind_docx(documents: list[bytes]) -> bytes:
    """The documents, in order, as one .docx."""
    composed = docx.Document(io.BytesIO(documents[0]))
    composer = Composer(composed)
    for data in documents[1:]:
        doc = docx.Document(io.BytesIO(data))
        _close_last_section(composed)
        composer.append(doc)
        _take_section(composed, doc)
    props = composed.core_properties
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    props.last_modified_by = "docgen"
    buf = io.BytesIO()
    composed.save(buf)
    return normalise_zip(buf.getvalue())


def _close_last_section(composed) -> None:
    """Move the body's sectPr into the last paragraph: the section ends there."""
    body = composed.element.body
    sect = body.sectPr
    if sect is None:
        return
    blocks = [el for el in body if el.tag in (qn("w:p"), qn("w:tbl"))]
    last = blocks[-1] if blocks else None
    if (
        last is None
        or last.tag != qn("w:p")
        or last.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
        or _anchors_floating_table(last)
    ):
        last = _one_point_paragraph(body)
        sect.addprevious(last)
    ppr = last.get_or_add_pPr()
    change = ppr.find(qn("w:pPrChange"))
    closing = deepcopy(sect)
    if change is not None:
        change.addprevious(closing)
    else:
        ppr.append(closing)


def _anchors_floating_table(p) -> bool:
    """`p` follows a floating table (a 版记 at the foot of the page): LibreOffice lays
    such a table out inline when its anchor paragraph ends a section."""
    before = p.getprevious()
    return (
        before is not None
        and before.tag == qn("w:tbl")
        and before.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}") is not None
    )


def _one_point_paragraph(body):
    """An empty paragraph 1 pt high, to carry a section break without taking a line."""
    p = body.add_p()
    ppr = p.get_or_add_pPr()
    spacing = ppr.makeelement(qn("w:spacing"), {qn("w:line"): "20", qn("w:lineRule"): "exact"})
    ppr.append(spacing)
    return p


def _take_section(composed, doc) -> None:
    """The body's sectPr := a copy of `doc`'s, its headers and footers carried over."""
    source = doc.element.body.sectPr
    body = composed.element.body
    if source is None:
        return
    new = deepcopy(source)
    taken = _part_names(composed)
    for ref in new:
        if ref.tag not in _REFS:
            continue
        reltype, stem = _REFS[ref.tag]
        part = doc.part.related_parts.get(ref.get(R_ID))
        if part is None:
            new.remove(ref)
            continue
        part.partname = _free_name(taken, stem)
        _rename_related(part, taken)
        ref.set(R_ID, composed.part.relate_to(part, reltype))
    old = body.sectPr
    if old is not None:
        body.remove(old)
    body.append(new)


def _rename_related(part, taken: set[str]) -> None:
    """Give the parts a header or footer refers to (a logo) names unused in the
    bound document, so that two materials' image1.png do not collide."""
    for rel in part.rels.values():
        if rel.is_external:
            continue
        target = rel.target_part
        name = str(target.partname)
        if name in taken:
            folder, _, base = name.rpartition("/")
            stem, dot, ext = base.partition(".")
            n = 1
            while f"{folder}/{stem}-{n}{dot}{ext}" in taken:
                n += 1
            name = f"{folder}/{stem}-{n}{dot}{ext}"
            target.partname = PackURI(name)
        taken.add(name)


def _part_names(composed) -> set[str]:
    return {str(p.partname) for p in composed.part.package.iter_parts()}


def _free_name(taken: set[str], stem: str) -> PackURI:
    n = 1
    while f"/word/{stem}{n}.xml" in taken:
        n += 1
    name = f"/word/{stem}{n}.xml"
    taken.add(name)
    return PackURI(name)


def bind_pdf(parts: list[tuple[str, bytes]], title: str) -> bytes:
    """The PDFs (bookmark title, bytes) in order as one PDF, a bookmark at the first
    page of each. No date and no file identifier: same parts, same bytes."""
    writer = PdfWriter()
    for name, data in parts:
        try:
            writer.append(PdfReader(io.BytesIO(data)), outline_item=name)
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise PdfBindError(name, str(exc)) from None
    writer.add_metadata({"/Title": title, "/Producer": "docgen", "/Creator": "docgen"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


class PdfBindError(Exception):
    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
