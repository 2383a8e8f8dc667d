"""Hostile bytes for the corpus: truncated and looping PDFs, zip and docx bombs, zip
slips, XXE, an xlsx bomb, a YAML bomb."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

from hostile_xlsx import (
    raw_xlsx,
)

# ---------------------------------------------------------------- hostile bytes


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def pdf_objects(
    objs: list[bytes], trailer_extra: bytes = b"", xref_prev_self: bool = False
) -> bytes:
    """A PDF made of the given object bodies (object i + 1 = objs[i]), with a correct
    cross-reference table, so that what a parser meets is exactly what we wrote."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    prev = b" /Prev %d" % xref if xref_prev_self else b""
    out += b"trailer\n<< /Size %d /Root 1 0 R%s%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1,
        prev,
        trailer_extra,
        xref,
    )
    return bytes(out)


PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"
PDF_PAGES_LOOP = pdf_objects(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 1000000 >>",  # holds its own parent
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 2 >>",
        PAGE,
    ]
)
PDF_XREF_LOOP = pdf_objects(
    [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
    ],
    xref_prev_self=True,
)
PDF_DEEP = pdf_objects(
    [
        b"<< /Type /Catalog /Pages 2 0 R /Deep " + b"[" * 20000 + b"]" * 20000 + b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        PAGE,
    ]
)


def encrypted_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="secret")
    c.drawString(72, 750, "secret")
    c.showPage()
    c.save()


def zip_bytes(members: list[tuple[str, bytes]], level: int = 9) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


DOCX_CT = (
    b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    b'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'
)


def docx_bomb(size: int = 48 << 20) -> bytes:
    """word/document.xml that inflates to `size` bytes of blanks (~50 KB stored)."""
    body = b'<w:document xmlns:w="x"><w:body>' + b" " * size + b"</w:body></w:document>"
    return zip_bytes([("[Content_Types].xml", DOCX_CT), ("word/document.xml", body)])


def lying_zip(size: int = 24 << 20) -> bytes:
    """A docx whose headers claim word/document.xml is 100 bytes; it inflates to `size`."""
    data = bytearray(
        zip_bytes(
            [
                ("[Content_Types].xml", DOCX_CT),
                ("word/document.xml", b"<w:t>x</w:t>" + b" " * size),
            ],
            level=1,
        )
    )
    real = struct.pack("<I", size + 12)
    fake = struct.pack("<I", 100)
    for sig, off in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):  # uncompressed-size fields
        start = 0
        while (i := data.find(sig, start)) >= 0:
            if data[i + off : i + off + 4] == real:
                data[i + off : i + off + 4] = fake
            start = i + 4
    return bytes(data)


def overlap_bomb(members: int = 2000, size: int = 1 << 20) -> bytes:
    """Many central-directory entries sharing one compressed stream (a non-recursive
    zip bomb): 2,000 × 1 MiB claimed from a few KiB."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    stream = comp.compress(b" " * size) + comp.flush()
    crc = zlib.crc32(b" " * size)
    name0 = b"word/document.xml"
    local = (
        struct.pack(
            "<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(stream), size, len(name0), 0
        )
        + name0
        + stream
    )
    central = b""
    for i in range(members):
        name = name0 if i == 0 else b"word/media/p%d.xml" % i
        central += (
            struct.pack(
                "<4sHHHHHHIIIHHHHHII",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(stream),
                size,
                len(name),
                0,
                0,
                0,
                0,
                0,
                0,
            )
            + name
        )
    end = struct.pack(
        "<4sHHHHIIH", b"PK\x05\x06", 0, 0, members, members, len(central), len(local), 0
    )
    return local + central + end


def docx_zip_slip() -> bytes:
    body = (
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>\xe6\x96\x87\xe5\xad\x97</w:t></w:r></w:p></w:body></w:document>"
    )
    return zip_bytes(
        [
            ("[Content_Types].xml", DOCX_CT),
            ("word/document.xml", body),
            ("../../../../tmp/docgen-zip-slip.txt", b"owned"),
            ("/etc/docgen-zip-slip", b"x"),
        ]
    )


def docx_xxe() -> bytes:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">'
        b'<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        b'<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">'
        b'<!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;"><!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;'
        b'">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&x;&h;\xe7\x94\x9f\xe6\xb4\xbb\xe5\x9e\x83\xe5\x9c\xbe</w:t></w:r>"
        b"</w:p></w:body></w:document>"
    )
    return zip_bytes([("[Content_Types].xml", DOCX_CT), ("word/document.xml", body)])


def xlsx_bomb() -> bytes:
    """An archived .xlsx whose one sheet inflates to 48 MiB of blanks."""
    xml = (
        '<?xml version="1.0"?><worksheet xmlns="http:'
        '//schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<sheetData>" + " " * (48 << 20) + "</sheetData></worksheet>"
    )
    return raw_xlsx([("S", xml, False)])


YAML_BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def yaml_bomb_config(where: str) -> str:
    """The billion laughs placed where docgen keeps the value (city.province, a
    city profile field, the years) rather than at the top, where an unknown key would
    stop it before anyone expands it."""
    anchors = [
        '  x0: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "  x1: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "  x2: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "  x3: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "  x4: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "  x5: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "  x6: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "  x7: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "  x8: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]",
    ]
    head = "city:\n  name: 示例市\n  level: city\n  fonds: J012\n"
    if where == "province":
        return (
            head
            + "\n".join(anchors)
            + "\n  province: *i\nguide: national-city-2021\nyears: [2025]\n"
        )
    if where == "years":
        return (
            head
            + "\n".join(anchors).replace("  x", "  y")
            + "\nguide: national-city-2021\nyears: *i\n"
        )
    raise ValueError(where)
