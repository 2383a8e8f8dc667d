"""The slot files as PDF: Word documents through LibreOffice as PDF/A-2b (one run for
all), pictures as one page each, and the parts of a slot joined (pypdf) with a
bookmark per part. A slot made only of LibreOffice's PDF/A parts keeps the first
part's PDF/A catalogue (output intent, XMP) and is listed as PDF/A-2b; a slot with a
filed PDF in it is plain PDF (docgen does not rewrite filed documents)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError

from ...errors import InputError
from ...render import pdf as lo
from ...render.staging import scratch

PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
PICTURES = (".jpg", ".jpeg", ".png", ".tif", ".tiff", ".bmp")


@dataclass
class Piece:
    """One part of a slot: its bookmark title, its PDF and whether LibreOffice made it
    as PDF/A."""

    title: str
    pdf: bytes
    pdfa: bool = False


def to_pdfa(docs: dict[str, bytes], root: Path) -> dict[str, bytes]:
    """.docx bytes by name → PDF/A-2b bytes, in one LibreOffice run."""
    if not docs:
        return {}
    program = lo.find_soffice()
    with scratch(root, "docgen-online-") as work:
        copies = []
        for n, (name, data) in enumerate(sorted(docs.items())):
            path = work / "src" / f"{n:03d}.docx"
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(data)
            copies.append((name, lo._lo_copy(path, work / "in")))
        lo._convert(program, [c for _, c in copies], work, to=PDFA)
        out = {}
        for name, copy in copies:
            made = work / "out" / f"{copy.stem}.pdf"
            if not made.is_file():
                raise InputError(
                    f"LibreOffice 没有把线上评估材料“{name}”转换为 PDF。"
                    "请用 Word 或 WPS 打开该材料检查后重试。"
                )
            out[name] = made.read_bytes()
        return out


def picture_pdf(path: Path, shown: str) -> bytes:
    """A picture as a one-page PDF."""
    try:
        with Image.open(path) as img:
            buf = io.BytesIO()
            img.convert("RGB").save(buf, format="PDF", resolution=150.0)
            return buf.getvalue()
    except (OSError, UnidentifiedImageError, ValueError) as exc:
        raise InputError(
            f"无法把图片 {shown} 转换为 PDF（{exc}）。请换一份能正常打开的 JPG/PNG 图片。"
        ) from None


def join(pieces: list[Piece], title: str) -> tuple[bytes, int, bool]:
    """The slot's PDF, its page count and whether it is PDF/A-2b."""
    pdfa = all(p.pdfa for p in pieces)
    first = PdfReader(io.BytesIO(pieces[0].pdf))
    writer = PdfWriter(clone_from=first) if pdfa else PdfWriter()
    if pdfa:
        _drop_outline(writer)
        writer.add_outline_item(title=pieces[0].title, page_number=0)
        rest = pieces[1:]
    else:
        rest = pieces
    for p in rest:
        try:
            writer.append(PdfReader(io.BytesIO(p.pdf)), outline_item=p.title)
        except (PyPdfError, ValueError, KeyError, TypeError) as exc:
            raise InputError(
                f"合并线上评估栏目“{title}”时无法读取“{p.title}”（{exc}）。"
                "请检查该文件是否能正常打开、未加密。"
            ) from None
    if not pdfa:
        writer.add_metadata({"/Title": title, "/Producer": "docgen", "/Creator": "docgen"})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue(), len(writer.pages), pdfa


def _drop_outline(writer: PdfWriter) -> None:
    """LibreOffice's outline of headings gives way to one bookmark per part."""
    root = writer.root_object
    if "/Outlines" in root:
        del root["/Outlines"]
