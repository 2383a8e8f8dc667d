"""Page counts and PDFs through LibreOffice, for the contents' page numbers and the
bound 申报材料汇编.pdf.

Each material is converted on its own; a material's printed page numbers in the
bound PDF continue from the one before (its copy gets `w:pgNumType w:start`), so the
numbers in 00-目录 are the numbers printed at the foot of each page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2 as pdfium
from docx.oxml.ns import qn
from lxml import etree

from ..docx_text import PARSER
from ..errors import InputError
from ..render import pdf as lo
from ..zipfix import rewrite_zip


def soffice() -> str | None:
    """LibreOffice's program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdfs(
    docs: dict[str, bytes], starts: dict[str, int] | None = None, root: Path | None = None
) -> dict[str, bytes]:
    """Convert .docx bytes (name → bytes) to PDF bytes in one LibreOffice run, working
    under the project's out/.tmp (`root`). With `starts`, each document's page numbering
    starts at starts[name]."""
    starts = starts or {}
    docs = {n: start_numbering_at(d, starts[n]) if n in starts else d for n, d in docs.items()}
    return lo.convert_docx(
        docs,
        root,
        "docgen-dossier-",
        lambda name: (
            f"LibreOffice 没有把申报材料 {name} 转换为 PDF。请用 Word 或 WPS 打开该材料检查后重试。"
        ),
    )


def start_numbering_at(data: bytes, start: int | None) -> bytes:
    """The .docx with its page numbers starting at `start` in the first section and
    continuing after it (None: continuing from whatever comes before)."""
    return rewrite_zip(
        data, lambda name, blob: _set_start(blob, start) if name == "word/document.xml" else blob
    )


def _set_start(xml: bytes, start: int | None) -> bytes:
    root = etree.fromstring(xml, PARSER)
    for n, sect in enumerate(root.iter(qn("w:sectPr"))):
        for old in sect.findall(qn("w:pgNumType")):
            sect.remove(old)
        if n == 0 and start is not None:
            tag = etree.Element(qn("w:pgNumType"))
            tag.set(qn("w:start"), str(start))
            _insert_in_order(sect, tag)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# CT_SectPr's children in schema order up to pgNumType: Word rejects another order
_BEFORE_PGNUM = {
    qn(f"w:{n}")
    for n in (
        "headerReference",
        "footerReference",
        "footnotePr",
        "endnotePr",
        "type",
        "pgSz",
        "pgMar",
        "paperSrc",
        "pgBorders",
        "lnNumType",
    )
}


def _insert_in_order(sect, tag) -> None:
    earlier = [child for child in sect if child.tag in _BEFORE_PGNUM]
    if earlier:
        earlier[-1].addnext(tag)
    else:
        sect.insert(0, tag)


def page_count(data: bytes, shown: str) -> int:
    """Pages of a PDF; an InputError naming `shown` when it cannot be read."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(
            f"无法读取 PDF 文件 {shown}（{exc}）：文件可能已损坏或加了密码。"
            "请换一份能正常打开、未加密的 PDF。"
        ) from None
    try:
        return len(pdf)
    finally:
        pdf.close()
