"""A minimal valid OFD (GB/T 33190-2016) with Chinese text: OFD.xml naming
Doc_0/Document.xml, whose Pages list Doc_0/Pages/Page_N/Content.xml, each page a
layer of TextObject/TextCode lines, and Doc_0/PublicRes.xml declaring the one font
they use. Same pages, same bytes: fixed zip timestamps, fixed order, no
creation date other than a fixed one."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..scaffold import write_atomic

NS = "http://www.ofdspec.org/2016"
STAMP = (2025, 1, 1, 0, 0, 0)  # every member's zip timestamp
PAGE_MM = (210, 297)  # A4
FONT_ID = 2  # PublicRes's font; page and object ids follow it
LINE_MM = 8.0  # one line of text every 8 mm
FONT_MM = 5.0


def write_ofd(path: Path, pages: list[list[str]], title: str = "") -> None:
    """Write an OFD of `pages` (each a list of lines) to `path`, atomically."""
    write_atomic(Path(path), ofd_bytes(pages, title))


def ofd_bytes(pages: list[list[str]], title: str = "") -> bytes:
    """The OFD's bytes: same `pages` and `title`, same bytes."""
    contents = []
    next_id = FONT_ID + len(pages) + 1
    for number, lines in enumerate(pages):
        xml, next_id = _content_xml(lines, next_id)
        contents.append((f"Doc_0/Pages/Page_{number}/Content.xml", xml))
    members = [
        ("OFD.xml", _ofd_xml(title)),
        ("Doc_0/Document.xml", _document_xml(len(pages), next_id - 1)),
        ("Doc_0/PublicRes.xml", _public_res()),
        *contents,
    ]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def _head(root: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:{root} xmlns:ofd="{NS}"'


def _ofd_xml(title: str) -> str:
    info = (
        "<ofd:DocInfo><ofd:DocID>0</ofd:DocID>"
        f"<ofd:Title>{escape(title)}</ofd:Title>"
        "<ofd:CreationDate>2025-01-01</ofd:CreationDate></ofd:DocInfo>"
    )
    return (
        _head("OFD") + ' Version="1.0" DocType="OFD">'
        f"<ofd:DocBody>{info}<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody>"
        "</ofd:OFD>"
    )


def _document_xml(count: int, max_id: int) -> str:
    width, height = PAGE_MM
    pages = "".join(
        f'<ofd:Page ID="{FONT_ID + 1 + n}" BaseLoc="Pages/Page_{n}/Content.xml"/>'
        for n in range(count)
    )
    return (
        _head("Document") + ">"
        "<ofd:CommonData>"
        f"<ofd:MaxUnitID>{max_id}</ofd:MaxUnitID>"
        f"<ofd:PageArea><ofd:PhysicalBox>0 0 {width} {height}</ofd:PhysicalBox></ofd:PageArea>"
        "<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>"
        "</ofd:CommonData>"
        f"<ofd:Pages>{pages}</ofd:Pages>"
        "</ofd:Document>"
    )


def _public_res() -> str:
    return (
        _head("Res") + ' BaseLoc="Res">'
        f'<ofd:Fonts><ofd:Font ID="{FONT_ID}" FontName="宋体" FamilyName="宋体"/></ofd:Fonts>'
        "</ofd:Res>"
    )


def _content_xml(lines: list[str], next_id: int) -> tuple[str, int]:
    width, height = PAGE_MM
    objects = []
    for row, line in enumerate(lines):
        top = 25.0 + row * LINE_MM
        objects.append(
            f'<ofd:TextObject ID="{next_id}" Boundary="25 {top:g} {width - 50} {LINE_MM:g}"'
            f' Font="{FONT_ID}" Size="{FONT_MM:g}">'
            f'<ofd:TextCode X="0" Y="{FONT_MM:g}">{escape(line)}</ofd:TextCode>'
            "</ofd:TextObject>"
        )
        next_id += 1
    layer = f'<ofd:Layer ID="{next_id}">{"".join(objects)}</ofd:Layer>'
    xml = (
        _head("Page") + ">"
        f"<ofd:Area><ofd:PhysicalBox>0 0 {width} {height}</ofd:PhysicalBox></ofd:Area>"
        f"<ofd:Content>{layer}</ofd:Content>"
        "</ofd:Page>"
    )
    return xml, next_id + 1
