"""Inspect one file: hash it, tell what it really is, and check it opens.

This runs inside a worker process (docgen.workers): it may be slow or crash on a hostile
file without harming the audit. It never inflates a ZIP member before checking the
central directory says the result is of sane size.
"""

from __future__ import annotations

import hashlib
import os
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import replace
from typing import BinaryIO

from ..errors import read_reason
from ..extract.ofd import page_count
from ..model import Inspection
from ..workers.pool import beat
from ..zipfix import ZIP_ERRORS
from .sniff import CFB_MAGIC, HEAD_SIZE, mismatch, sniff

CHUNK = 1 << 20  # sha256 is streamed in 1 MiB reads
TAIL_SIZE = 64 * 1024  # JPEG/PNG end markers may be followed by a vendor trailer
PDF_EOF_WINDOW = 4096  # %%EOF must be in the last 4 KiB (PDF 32000-1, 7.5.5)
ZIP_MAX_TOTAL = 200 << 20  # uncompressed bytes we are willing to read from an OOXML file
ZIP_MAX_RATIO = 200
ZIP_RATIO_FLOOR = 10 << 20  # small members may compress extremely well; only judge big ones
ZIP_TOTAL_RATIO = 10  # XML compresses ~5-10x; media hardly at all

BOMB = "解压后过大（疑似压缩炸弹），未解压"
DAMAGED = "已损坏，无法打开"
TRUNCATED_PDF = "文件不完整（末尾缺少 %%EOF 结束标记，可能下载或拷贝时中断）"

# content key -> earlier result (same bytes, same extension): lets a changed mtime reuse a parse
Known = Mapping[tuple[str, str], Inspection]


def inspect_file(path: str, ext: str, known: Known | None = None) -> Inspection:
    """Everything we learn from the bytes of one file. Never raises on bad input."""
    try:
        with open(path, "rb") as f:
            sha, head, tail, data = _read(f)
    except OSError as e:
        return Inspection(None, "unknown", "unreadable", f"无法读取文件：{read_reason(e)}")
    if known and (sha, ext) in known:
        return replace(known[(sha, ext)], sha256=sha)
    kind = sniff(head)
    if kind == "empty":
        return Inspection(sha, "empty", "empty", "文件大小为 0 字节")
    if kind == "zip":
        return _zip(path, ext, sha)
    if kind == "cfb":
        kind = cfb_kind(path)
    wrong = mismatch(ext, kind)
    if wrong:
        return Inspection(sha, kind, "unreadable", wrong)
    if kind == "pdf":
        return _pdf(data if data is not None else path, tail, sha)
    if kind == "encrypted-ooxml":
        return Inspection(sha, kind, "encrypted", "Office 文件设有打开密码")
    return _image_end(kind, tail, sha)


def _read(f: BinaryIO) -> tuple[str, bytes, bytes, bytes | None]:
    """(sha256, head, tail, whole content if it fit in one read)."""
    h = hashlib.sha256()
    try:  # ask for no more than the file holds (+1 to see its end): read(1 MiB) allocates 1 MiB
        want = min(CHUNK, os.fstat(f.fileno()).st_size + 1)
    except (OSError, AttributeError, ValueError):
        want = CHUNK
    first = f.read(want)
    if len(first) < want:  # all of it
        h.update(first)
        return h.hexdigest(), first[:HEAD_SIZE], first[-TAIL_SIZE:], first
    if want < CHUNK:  # it grew since: read on as for a large file
        first += f.read(CHUNK - want)
    h.update(first)
    while chunk := f.read(CHUNK):
        h.update(chunk)
        beat()  # a 4 GiB video on a slow disk is slow, not stuck
    size = f.tell()
    f.seek(max(0, size - TAIL_SIZE))
    return h.hexdigest(), first[:HEAD_SIZE], f.read(TAIL_SIZE), None


# ---------------------------------------------------------------- PDF


def _pdf(source: bytes | str, tail: bytes, sha: str) -> Inspection:
    if b"%%EOF" not in tail[-PDF_EOF_WINDOW:]:
        return Inspection(sha, "pdf", "unreadable", TRUNCATED_PDF)
    import pypdfium2 as pdfium  # imported here: only workers need PDFium
    import pypdfium2.raw as pdfium_c

    try:
        doc = pdfium.PdfDocument(source)
    except pdfium.PdfiumError as e:
        if e.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            return Inspection(sha, "pdf", "encrypted", "PDF 设有打开密码")
        return Inspection(sha, "pdf", "unreadable", DAMAGED)
    try:
        pages = len(doc)
    finally:
        doc.close()
    if pages == 0:
        return Inspection(sha, "pdf", "empty", "PDF 没有任何页面", pages=0)
    return Inspection(sha, "pdf", pages=pages)


# ---------------------------------------------------------------- images


def _image_end(kind: str, tail: bytes, sha: str) -> Inspection:
    if kind == "jpeg" and b"\xff\xd9" not in tail:
        return Inspection(
            sha, kind, "unreadable", "图片不完整（缺少 JPEG 结束标记，可能拷贝时中断）"
        )
    if kind == "png" and b"IEND" not in tail:
        return Inspection(sha, kind, "unreadable", "图片不完整（缺少 PNG 结束块，可能拷贝时中断）")
    return Inspection(sha, kind)


# ---------------------------------------------------------------- ZIP / OOXML / OFD

_MAIN_PARTS = {
    "docx": "word/document.xml",
    "xlsx": "xl/workbook.xml",
    "pptx": "ppt/presentation.xml",
}
# a run of text that is not only blanks, or a picture / embedded object
_DOCX_CONTENT = re.compile(
    rb"<w:t(?:\s[^>]*)?>\s*[^<\s]|<(?:w:drawing|w:pict|v:imagedata|w:object)\b"
)


def _zip(path: str, ext: str, sha: str) -> Inspection:
    try:
        with zipfile.ZipFile(path) as zf:  # reads only the central directory
            infos = zf.infolist()
            kind = zip_kind({i.filename for i in infos})
            wrong = mismatch(ext, kind)
            if wrong:
                return Inspection(sha, kind, "unreadable", wrong)
            if kind in _MAIN_PARTS and too_big(infos):
                return Inspection(sha, kind, "unreadable", BOMB)
            if any(i.flag_bits & 0x1 for i in infos):
                return Inspection(sha, kind, "encrypted", "压缩包内的文件设有密码")
            return _ooxml(zf, kind, sha)
    except (*ZIP_ERRORS, zlib.error):
        return Inspection(sha, "zip", "unreadable", DAMAGED)
    except OSError as e:
        return Inspection(sha, "zip", "unreadable", f"无法读取文件：{read_reason(e)}")


def zip_kind(names: set[str]) -> str:
    if "OFD.xml" in names:
        return "ofd"
    for kind, prefix in (("docx", "word/"), ("xlsx", "xl/"), ("pptx", "ppt/")):
        if _MAIN_PARTS[kind] in names or any(n.startswith(prefix) for n in names):
            return kind
    return "zip"


def too_big(infos: list[zipfile.ZipInfo]) -> bool:
    """A bomb by its central directory alone. A large total only counts when it is also
    far larger than the stored bytes, so a big PPTX full of (incompressible) video passes."""
    total = sum(i.file_size for i in infos)
    stored = sum(i.compress_size for i in infos)
    if total > ZIP_MAX_TOTAL and total > ZIP_TOTAL_RATIO * max(stored, 1):
        return True
    return any(
        i.file_size > ZIP_RATIO_FLOOR and i.file_size > ZIP_MAX_RATIO * max(i.compress_size, 1)
        for i in infos
    )


_DTD = re.compile(rb"<!DOCTYPE|<!ENTITY")
_START_TAG = re.compile(rb"<[A-Za-z_]")
PROLOG_WINDOW = 64 * 1024
DTD = "含有 DTD 声明（<!DOCTYPE>/<!ENTITY>），Office 不会写出这样的文件，可能是特意构造的"


def xml_with_dtd(zf: zipfile.ZipFile) -> str | None:
    """The first part that is XML and declares a DTD or entities before its root
    element (OPC forbids them: a billion laughs or an external entity is an attack),
    or None. Reads at most 64 KiB of each part; the caller has checked the central
    directory first. A prolog longer than that counts as one: Office writes none."""
    for info in zf.infolist():
        with zf.open(info) as part:
            head = part.read(PROLOG_WINDOW)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            head = head.decode("utf-16", "ignore").encode("utf-8", "ignore")
        if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
            continue  # a picture, a font: not XML
        start = _START_TAG.search(head)
        if start is None and len(head) >= PROLOG_WINDOW:
            return info.filename
        if _DTD.search(head if start is None else head[: start.start()]):
            return info.filename
    return None


def _ooxml(zf: zipfile.ZipFile, kind: str, sha: str) -> Inspection:
    if kind == "ofd":
        return _ofd(zf, sha)
    main = _MAIN_PARTS.get(kind)
    if main is None:
        return Inspection(sha, kind)
    if main not in zf.NameToInfo:
        return Inspection(sha, kind, "unreadable", f"缺少主体部分 {main}，文件已损坏")
    if kind == "docx" and zf.getinfo(main).file_size > ZIP_MAX_TOTAL:
        return Inspection(sha, kind, "unreadable", BOMB)
    if xml_with_dtd(zf):
        return Inspection(sha, kind, "unreadable", DTD)
    if kind == "docx" and not _has_content(zf, main):
        return Inspection(sha, kind, "empty", "Word 文件中没有任何文字或图片")
    return Inspection(sha, kind)


def _ofd(zf: zipfile.ZipFile, sha: str) -> Inspection:
    """An OFD with its page count when OFD.xml → DocRoot → Pages can be followed (else
    no count: a reader that cannot follow it is judged when the file is read)."""
    if too_big(zf.infolist()):
        return Inspection(sha, "ofd", "unreadable", BOMB)
    if xml_with_dtd(zf):
        return Inspection(sha, "ofd", "unreadable", DTD)
    return Inspection(sha, "ofd", pages=page_count(zf))


def _has_content(zf: zipfile.ZipFile, name: str) -> bool:
    """Stream the part (size already bounded) and stop at the first text or picture."""
    carry = b""
    with zf.open(name) as part:
        while chunk := part.read(CHUNK):
            if _DOCX_CONTENT.search(carry + chunk):
                return True
            beat()
            carry = chunk[-512:]  # a tag split across two reads
    return False


# ---------------------------------------------------------------- OLE compound files

_FREE = {0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFC}  # free, end of chain, FAT, DIFAT


def cfb_kind(path: str) -> str:
    """doc, xls, ppt, encrypted-ooxml, or cfb when the directory cannot be read."""
    try:
        with open(path, "rb") as f:
            names = cfb_streams(f)
    except (OSError, ValueError, struct.error):
        return "cfb"
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        return "encrypted-ooxml"
    if "WordDocument" in names:
        return "doc"
    if "Workbook" in names or "Book" in names:
        return "xls"
    if "PowerPoint Document" in names:
        return "ppt"
    return "cfb"


def cfb_streams(f: BinaryIO) -> set[str]:
    """The names in an OLE compound file's directory (MS-CFB), read with bounds checks
    so that a malformed file raises ValueError instead of looping."""
    header = f.read(512)
    if len(header) < 512 or not header.startswith(CFB_MAGIC):
        raise ValueError("not a compound file")
    shift = struct.unpack_from("<H", header, 0x1E)[0]
    if shift not in (9, 12):
        raise ValueError("bad sector size")
    size = 1 << shift
    fat = _read_fat(f, header, size)
    names: set[str] = set()
    sector = struct.unpack_from("<I", header, 0x30)[0]
    seen: set[int] = set()
    while sector not in _FREE:
        if sector in seen or sector >= len(fat) or len(seen) > 100_000:
            raise ValueError("bad directory chain")
        seen.add(sector)
        names.update(_dir_names(_sector(f, sector, size)))
        sector = fat[sector]
    return names


def _read_fat(f: BinaryIO, header: bytes, size: int) -> list[int]:
    fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s not in _FREE]
    next_difat = struct.unpack_from("<I", header, 0x44)[0]
    per = size // 4
    seen: set[int] = set()
    while next_difat not in _FREE:
        if next_difat in seen or len(seen) > 10_000:
            raise ValueError("bad DIFAT chain")
        seen.add(next_difat)
        entries = struct.unpack(f"<{per}I", _sector(f, next_difat, size))
        fat_sectors += [s for s in entries[:-1] if s not in _FREE]
        next_difat = entries[-1]
    fat: list[int] = []
    for s in fat_sectors[:50_000]:
        fat.extend(struct.unpack(f"<{per}I", _sector(f, s, size)))
    return fat


def _sector(f: BinaryIO, n: int, size: int) -> bytes:
    f.seek((n + 1) * size)
    data = f.read(size)
    if len(data) < size:
        raise ValueError("sector past the end of the file")
    return data


def _dir_names(sector: bytes) -> list[str]:
    out = []
    for off in range(0, len(sector), 128):
        entry = sector[off : off + 128]
        length = struct.unpack_from("<H", entry, 0x40)[0]
        if entry[0x42] in (1, 2, 5) and 2 <= length <= 64:
            out.append(entry[: length - 2].decode("utf-16-le", errors="replace"))
    return out
