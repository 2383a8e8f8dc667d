"""The demo's archive files: PDFs with Chinese text (reportlab's built-in
STSong-Light CID font, so nothing is embedded and files stay small), Word files,
Excel 报表 and JPEG photos (scans, a phone photo, an OFD and a .doc come from
formats.py). Every writer gives the same bytes on every build."""

from __future__ import annotations

import datetime as dt
import io
import random
import re
from pathlib import Path

from ..scaffold import write_atomic
from ..zipfix import normalise_zip
from .ledger import RETENTION, Doc
from .texts import body, date_cn, pages_of_lines, report_rows

FONT = "STSong-Light"
PASSWORD = "jl2025"  # the planted password-protected PDF's open password
PAGE_W, PAGE_H = 595.28, 841.89  # A4 in points
LEFT, RIGHT, TOP = 79.0, 74.0, 105.0  # GB/T 9704 margins, roughly (28 mm, 26 mm, 37 mm)


def file_bytes(doc: Doc, cache: dict[int, bytes]) -> bytes:
    """What the document's file holds, planted defects included."""
    if doc.copy_of is not None:
        return file_bytes(doc.copy_of, cache)
    if id(doc) not in cache:
        cache[id(doc)] = _make(doc)
    return cache[id(doc)]


def _make(doc: Doc) -> bytes:
    if doc.content == "empty":
        return b""
    if doc.content == "jpeg":
        return jpeg_bytes(doc)
    if doc.content == "encrypted":
        return pdf_bytes(doc, encrypt=PASSWORD)
    if doc.content in ("scan", "photo", "ofd", "legacy"):
        from .formats import format_bytes  # scans render this module's PDFs

        return format_bytes(doc)
    return {"pdf": pdf_bytes, "docx": docx_bytes, "xlsx": xlsx_bytes, "jpg": jpeg_bytes}[doc.fmt](
        doc
    )


def write_files(archive: Path, docs: list[Doc]) -> int:
    """Write every document's file under `archive`; returns how many."""
    cache: dict[int, bytes] = {}
    count = 0
    for doc in docs:
        if doc.file_rel is None:
            continue
        write_atomic(archive / doc.file_rel, file_bytes(doc, cache))
        count += 1
    return count


# ---------------------------------------------------------------- PDF


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` characters, never breaking inside a figure such as
    95.8% (a check that reads figures out of the text must see them whole)."""
    lines = []
    while len(text) > width:
        cut = width
        while cut > 1 and _in_figure(text[cut - 1]) and _in_figure(text[cut]):
            cut -= 1
        if cut == 1:
            cut = width
        lines.append(text[:cut])
        text = text[cut:]
    return lines + [text] if text or not lines else lines


def _in_figure(ch: str) -> bool:
    return ch.isdigit() or ch in ".%‰"


def pdf_bytes(doc: Doc, encrypt: str | None = None, stamp: bool = True) -> bytes:
    """An A4 PDF: 归档章 and title on page 1, body lines, '— n —' page numbers.
    `invariant=1` fixes the creation date and document id, so builds repeat."""
    from reportlab.pdfgen import canvas

    _font()
    buf = io.BytesIO()
    c = canvas.Canvas(
        buf, pagesize=(PAGE_W, PAGE_H), invariant=1, encrypt=encrypt, pageCompression=1
    )
    c.setTitle(doc.title)
    c.setAuthor(doc.unit)
    pages = doc.file_pages or doc.pages
    for number, lines in enumerate(pages_of_lines(body(doc), pages), start=1):
        y = PAGE_H - TOP
        if number == 1:
            if stamp:
                _stamp(c, doc)
            y = _heading(c, doc, y)
        c.setFont(FONT, 14)
        for line in lines:
            for part in wrap(line, 30):
                c.drawString(LEFT, y, part)
                y -= 24
        c.setFont(FONT, 12)
        c.drawCentredString(PAGE_W / 2, 50, f"— {number} —")
        c.showPage()
    c.save()
    return buf.getvalue()


def _stamp(c, doc: Doc) -> None:
    """The 归档章 (DA/T 22): 全宗号, 年度, 保管期限, 件号 in a small box, top right."""
    cells = [doc.code.split("-")[0], str(doc.year), RETENTION[doc.retention], f"{doc.number:04d}"]
    w, h = 36.0, 16.0
    x0, y0 = PAGE_W - RIGHT - 4 * w, PAGE_H - 50
    c.setLineWidth(0.6)
    c.setFont(FONT, 8)
    for i, text in enumerate(cells):
        c.rect(x0 + i * w, y0, w, h)
        c.drawCentredString(x0 + i * w + w / 2, y0 + 5, text)


def _heading(c, doc: Doc, y: float) -> float:
    c.setFont(FONT, 20)
    for part in wrap(doc.title, 22):
        c.drawCentredString(PAGE_W / 2, y, part)
        y -= 30
    c.setFont(FONT, 14)
    if doc.doc_number:
        c.drawCentredString(PAGE_W / 2, y, doc.doc_number)
        y -= 24
    c.drawCentredString(PAGE_W / 2, y, f"{doc.unit}　{date_cn(doc)}")
    return y - 36


# ---------------------------------------------------------------- Word


def docx_bytes(doc: Doc) -> bytes:
    """A Word file with one page per 页数 (explicit page breaks) and fixed core properties."""
    import docx
    from docx.enum.text import WD_BREAK

    d = docx.Document()
    d.add_heading(doc.title, level=1)
    for number, lines in enumerate(pages_of_lines(body(doc), doc.pages), start=1):
        if number > 1:
            d.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)
        for line in lines:
            d.add_paragraph(line)
    d.add_paragraph(f"{doc.unit}　{date_cn(doc)}")
    when = stamp_time(doc)
    props = d.core_properties
    props.title, props.author, props.last_modified_by = doc.title, doc.unit, doc.unit
    props.created = props.modified = when
    props.revision = 1
    buf = io.BytesIO()
    d.save(buf)
    return stable_zip(buf.getvalue(), when)


# ---------------------------------------------------------------- Excel


def xlsx_bytes(doc: Doc) -> bytes:
    """A one-sheet 报表 with a title, a small table and who filled it in."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = "报表"
    ws.append([doc.title])
    ws.merge_cells("A1:D1")
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["项目", "数值", "单位", "备注"])
    for name, value, unit in report_rows(doc):
        ws.append([name, value, unit, None])
    ws.append([])
    ws.append([f"填报单位：{doc.unit}", None, f"填报日期：{date_cn(doc)}"])
    ws.column_dimensions["A"].width = 36
    when = stamp_time(doc)
    wb.properties.creator = doc.unit
    wb.properties.created = wb.properties.modified = when
    buf = io.BytesIO()
    wb.save(buf)
    return stable_zip(buf.getvalue(), when)


def stable_zip(data: bytes, when: dt.datetime) -> bytes:
    """Rewrite an OOXML package with fixed entry times and a fixed 'modified' date:
    openpyxl and python-docx stamp both with the clock, which changes the bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()

    def fix_core(name: str, blob: bytes) -> bytes:
        if name != "docProps/core.xml":
            return blob
        return re.sub(
            rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)",
            lambda m: m.group(1) + stamp + m.group(2),
            blob,
        )

    return normalise_zip(data, when.timetuple()[:6], edit=fix_core)


def stamp_time(doc: Doc) -> dt.datetime:
    return dt.datetime(doc.date.year, doc.date.month, doc.date.day, 9, 30)


# ---------------------------------------------------------------- photos


def jpeg_bytes(doc: Doc) -> bytes:
    """A simple drawn street scene (sky, buildings, trees), different for each 档号,
    with the date in its EXIF data as a camera would write it."""
    from PIL import Image, ImageDraw

    rng = random.Random(f"photo-{doc.code}-{doc.content}")
    img = Image.new("RGB", (480, 360), (135 + rng.randint(0, 60), 190 + rng.randint(0, 40), 235))
    draw = ImageDraw.Draw(img)
    draw.rectangle((0, 250, 480, 360), fill=(110 + rng.randint(0, 40), 110, 105))
    x = 10
    while x < 470:
        w, h = rng.randint(40, 90), rng.randint(80, 200)
        shade = rng.randint(150, 230)
        draw.rectangle(
            (x, 250 - h, x + w, 250), fill=(shade, shade - 20, shade - 40), outline=(60, 60, 60)
        )
        for wy in range(250 - h + 10, 240, 22):
            draw.rectangle((x + 8, wy, x + 18, wy + 10), fill=(80, 110, 150))
        x += w + rng.randint(5, 20)
    for _ in range(rng.randint(3, 6)):
        tx = rng.randint(20, 460)
        draw.rectangle((tx - 3, 255, tx + 3, 290), fill=(90, 60, 30))
        draw.ellipse((tx - 18, 220, tx + 18, 262), fill=(40, 120 + rng.randint(0, 60), 50))
    draw.text((10, 335), f"{doc.code}  {doc.date.isoformat()}", fill=(255, 255, 255))
    exif = Image.Exif()
    exif[0x0132] = stamp_time(doc).strftime("%Y:%m:%d %H:%M:%S")  # DateTime
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=70, exif=exif)
    return buf.getvalue()
