"""Page counts and PDFs through LibreOffice, for the contents' page numbers and the
bound 申报材料汇编.pdf.

Each material is converted on its own; a material's printed page numbers in the
bound PDF continue from the one before (its copy gets `w:pgNumType w:start`), so the
numbers in 00-目录 are the numbers printed at the foot of each page."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import InputError
from ..render import pdf as lo

_SECT = re.compile(rb"<w:sectPr\b[^>]*?(?:/>|>.*?</w:sectPr>)", re.DOTALL)
_PGNUM = re.compile(rb"<w:pgNumType\b[^>]*/>")


def soffice() -> str | None:
    """LibreOffice's program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdfs(docs: dict[str, bytes], starts: dict[str, int] | None = None) -> dict[str, bytes]:
    """Convert .docx bytes (name → bytes) to PDF bytes in one LibreOffice run. With
    `starts`, each document's page numbering starts at starts[name]."""
    program = lo.find_soffice()
    with tempfile.TemporaryDirectory(prefix="docgen-dossier-") as tmp:
        work = Path(tmp)
        (work / "src").mkdir()
        copies = []
        for name, data in docs.items():
            if starts and name in starts:
                data = start_numbering_at(data, starts[name])
            path = work / "src" / f"{name}.docx"
            path.write_bytes(data)
            copies.append(lo._lo_copy(path, work / "in"))
        lo._convert(program, copies, work)
        out = {}
        for name in docs:
            made = work / "out" / f"{name}.pdf"
            if not made.is_file():
                raise InputError(f"LibreOffice 没有把申报材料 {name} 转换为 PDF。请用 Word 或 WPS 打开该材料检查后重试。")
            out[name] = made.read_bytes()
        return out


def start_numbering_at(data: bytes, start: int | None) -> bytes:
    """The .docx with its page numbers starting at `start` in the first section and
    continuing after it (None: continuing from whatever comes before)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            blob = src.read(info.filename)
            if info.filename == "word/document.xml":
                blob = _set_start(blob, start)
            dst.writestr(info, blob)
    return out.getvalue()


def _set_start(xml: bytes, start: int | None) -> bytes:
    first = True

    def one(m: re.Match) -> bytes:
        nonlocal first
        sect = _PGNUM.sub(b"", m.group(0))
        if sect.endswith(b"/>"):
            sect = sect[:-2].rstrip() + b"></w:sectPr>"
        if first and start is not None:
            sect = sect.replace(b"</w:sectPr>", f'<w:pgNumType w:start="{start}"/></w:sectPr>'.encode())
        first = False
        return _order(sect)

    return _SECT.sub(one, xml)


_ORDER = (b"w:footnotePr", b"w:endnotePr", b"w:type", b"w:pgSz", b"w:pgMar", b"w:paperSrc", b"w:pgBorders",
          b"w:lnNumType", b"w:pgNumType")


def _order(sect: bytes) -> bytes:
    """Schema order matters to Word: move pgNumType right after lnNumType/pgBorders/
    pgMar (before cols, docGrid …)."""
    m = re.search(rb"<w:pgNumType\b[^>]*/>", sect)
    if not m:
        return sect
    tag = m.group(0)
    sect = sect.replace(tag, b"", 1)
    anchor = None
    for name in _ORDER[:-1]:
        for found in re.finditer(rb"<" + name + rb"\b[^>]*?(?:/>|>.*?</" + name + rb">)", sect, re.DOTALL):
            anchor = found
    if anchor is None:
        head = re.match(rb"<w:sectPr\b[^>]*>", sect)
        cut = head.end() if head else 0
    else:
        cut = anchor.end()
    return sect[:cut] + tag + sect[cut:]


def page_count(data: bytes, shown: str) -> int:
    """Pages of a PDF; an InputError naming `shown` when it cannot be read."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise InputError(
            f"无法读取 PDF 文件 {shown}（{exc}）：文件可能已损坏或加了密码。请换一份能正常打开、未加密的 PDF。"
        ) from None
    try:
        return len(pdf)
    finally:
        pdf.close()
