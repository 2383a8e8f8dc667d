"""The slot files as PDF: Word documents through LibreOffice as PDF/A-2b (one run for
all), pictures as one page each, and the parts of a slot joined (pypdf) with a
bookmark per part. A slot made only of LibreOffice's PDF/A parts keeps the first
part's PDF/A catalogue (output intent, XMP) and is listed as PDF/A-2b; a slot with a
filed PDF in it is plain PDF (docgen does not rewrite filed documents)."""

from __future__ import annotations

import hashlib
import io
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, ByteStringObject

from ...errors import InputError
from ...gbt9704.spec import FIXED_TIME
from ...render import pdf as lo

PDFA = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
_XMP_DATE = re.compile(rb"(<xmp:(?:CreateDate|ModifyDate|MetadataDate)>)[^<]*(</xmp:)")
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
    names = {f"{n:03d}": name for n, name in enumerate(sorted(docs))}  # any name, a safe stem
    made = lo.convert_docx(
        {stem: docs[name] for stem, name in names.items()},
        root,
        "docgen-online-",
        lambda stem: (
            f"LibreOffice 没有把线上评估材料“{names[stem]}”转换为 PDF。"
            "请用 Word 或 WPS 打开该材料检查后重试。"
        ),
        to=PDFA,
    )
    return {names[stem]: pdf for stem, pdf in made.items()}


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
        return _written(writer), len(writer.pages), pdfa
    return _fixed_pdfa(writer), len(writer.pages), pdfa


def _written(writer: PdfWriter) -> bytes:
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _fixed_pdfa(writer: PdfWriter) -> bytes:
    """LibreOffice stamps the clock into the PDF/A (Info, XMP) and a random file
    identifier: both fixed, so that the same slot gives the same bytes. The dates
    stay equal in Info and XMP, as PDF/A requires; the identifier is the file's hash."""
    writer.add_metadata({"/CreationDate": FIXED_TIME.strftime("D:%Y%m%d%H%M%SZ")})
    xmp = writer.root_object.get("/Metadata")
    if xmp is not None:
        stream = xmp.get_object()
        stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
        stream.set_data(_XMP_DATE.sub(rb"\g<1>" + stamp + rb"\g<2>", stream.get_data()))
    for intent in writer.root_object.get("/OutputIntents") or []:
        profile = intent.get_object().get("/DestOutputProfile")
        if profile is not None:
            stream = profile.get_object()
            stream.set_data(_fixed_icc(stream.get_data()))
    writer._ID = ArrayObject([ByteStringObject(b"\0" * 16)] * 2)
    digest = hashlib.md5(_written(writer), usedforsecurity=False).digest()
    writer._ID = ArrayObject([ByteStringObject(digest)] * 2)
    return _written(writer)


def _fixed_icc(data: bytes) -> bytes:
    """The ICC profile with its header's creation time (bytes 24–35) fixed and its
    profile ID (84–99) zeroed (“not computed”, allowed by ICC.1)."""
    if len(data) < 128:
        return data
    when = FIXED_TIME
    stamp = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, 0)
    return data[:24] + stamp + data[36:84] + b"\0" * 16 + data[100:]


def _drop_outline(writer: PdfWriter) -> None:
    """LibreOffice's outline of headings gives way to one bookmark per part."""
    root = writer.root_object
    if "/Outlines" in root:
        del root["/Outlines"]
