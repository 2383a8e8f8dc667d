"""The hostile files `docgen lint` is run on (test_hostile_lint.py): docx with external
or hidden DTDs, style loops, deep nesting, parts in odd places, sparse and odd files; the
folder of them, and a listener that catches any fetch."""

from __future__ import annotations

import io
import socket
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
from hostile import (
    DOCX_CT,
    docx_bomb,
    docx_xxe,
    docx_zip_slip,
    link,
    lying_zip,
    mkfifo,
    ole_bytes,
    overlap_bomb,
    raw_name,
    raw_xlsx,
    sheet_xml,
    zip_bytes,
)

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
UNREADABLE = "format.unreadable"


def good_docx(
    text: str = "示例市爱国卫生运动委员会办公室关于开展冬春季爱国卫生运动的通知",
) -> bytes:
    d = docx.Document()
    d.add_paragraph(text)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def with_part(name: str, content: bytes, base: bytes | None = None) -> bytes:
    """A good .docx with one part replaced (or added)."""
    src = zipfile.ZipFile(io.BytesIO(base or good_docx()))
    members = {n: src.read(n) for n in src.namelist()}
    members[name] = content
    return zip_bytes(list(members.items()), level=6)


def body(inner: str, prolog: str = "") -> bytes:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f"<w:document {W}><w:body>{inner}<w:sectPr/></w:body></w:document>"
    ).encode()


def paragraphs(n: int) -> bytes:
    return with_part(
        "word/document.xml",
        body(
            "".join(
                f"<w:p><w:r><w:t>第{i}段：示例市爱国卫生工作{i * 7919 % 100003}</w:t></w:r></w:p>"
                for i in range(n)
            )
        ),
    )


def _external_dtd(port: int) -> bytes:
    prolog = (
        f'<!DOCTYPE w:document SYSTEM "http://127.0.0.1:{port}/x.dtd" '
        f'[<!ENTITY e SYSTEM "http://127.0.0.1:{port}/e.txt">]>'
    )
    return with_part("word/document.xml", body("<w:p><w:r><w:t>&e;正文</w:t></w:r></w:p>", prolog))


def _hidden_dtd() -> bytes:
    """The DOCTYPE after 70 KiB of comments: no 4 KiB sniff sees it."""
    prolog = "<!--" + " " * 70_000 + '--><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">]>'
    return with_part("word/document.xml", body("<w:p><w:r><w:t>&a;</w:t></w:r></w:p>", prolog))


def _styles_loop() -> bytes:
    styles = (
        f'<w:styles {W}><w:style w:type="paragraph" w:styleId="A" w:default="1">'
        '<w:basedOn w:val="B"/>'
        '</w:style><w:style w:type="paragraph" w:styleId="B"><w:basedOn w:val="A"/>'
        '<w:rPr><w:sz w:val="²"/></w:rPr></w:style></w:styles>'
    ).encode()
    return with_part("word/styles.xml", styles)


def _odd_values() -> bytes:
    return with_part(
        "word/document.xml",
        body(
            '<w:p><w:pPr><w:spacing w:line="1e400" w:lineRule="exact"/>'
            '<w:jc w:val="&#x202e;"/></w:pPr>'
            '<w:r><w:rPr><w:sz w:val="'
            + "9" * 5000
            + '"/><w:rFonts w:eastAsia="'
            + "宋" * 10_000
            + '"/></w:rPr>'
            "<w:t>标题</w:t></w:r></w:p>",
        ).replace(
            b"<w:sectPr/>",
            b'<w:sectPr><w:pgSz w:w="NaN" w:h="-1e400"/><w:pgMar w:top="inf" w:bottom="'
            + b"9" * 400
            + b'"/><w:footerReference w:type="default" r:id="rId999" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></w:sectPr>',
        ),
    )


def _deep_nesting(levels: int) -> bytes:
    open_, close = "<w:sdt><w:sdtContent>" * levels, "</w:sdtContent></w:sdt>" * levels
    return with_part(
        "word/document.xml", body(open_ + "<w:p><w:r><w:t>深</w:t></w:r></w:p>" + close)
    )


def _main_part_elsewhere() -> bytes:
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/officeDocument" Target="../../../../etc/passwd"/></Relationships>'
    )
    return with_part("_rels/.rels", rels)


def _footer_is_the_body() -> bytes:
    base = good_docx()
    src = zipfile.ZipFile(io.BytesIO(base))
    rels = src.read("word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/footer" Target="document.xml"/></Relationships>',
    )
    doc = src.read("word/document.xml").replace(
        b"<w:sectPr",
        b'<w:sectPr><w:footerReference w:type="default" r:id="rId99"/></w:sectPr><w:sectPr',
        1,
    )
    return with_part(
        "word/document.xml", doc, with_part("word/_rels/document.xml.rels", rels, base)
    )


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


class At:
    """A file made in place rather than from bytes: a pipe, a link, a sparse file."""

    def __init__(self, make: Callable[[Path], None]) -> None:
        self.make = make


# name: (the file's bytes, or a builder of the path; the reason a format.unreadable finding
# gives — or one of several — or None: the format checks run and no format.unreadable finding)
FILES: dict[str, tuple[bytes | Callable[[], bytes] | At, str | tuple[str, ...] | None]] = {
    "炸弹.docx": (docx_bomb, "压缩炸弹"),
    "重叠炸弹.docx": (overlap_bomb, "压缩炸弹"),
    "谎报大小.docx": (lying_zip, "损坏"),
    "旧版.docx": (ole_bytes("WordDocument", "1Table"), ".doc"),
    "循环目录.docx": (ole_bytes("WordDocument", loop=True), "复合文档"),
    "加密.docx": (ole_bytes("EncryptionInfo", "EncryptedPackage"), "密码"),
    "截断.docx": (lambda: _half(good_docx("截断" * 2000)), "损坏"),
    "空.docx": (b"", "0 字节"),
    "乱码.docx": (b"PK\x03\x04" + bytes(range(256)) * 8, "损坏"),
    "表格.docx": (lambda: raw_xlsx([("S", sheet_xml([(1, ["x"])]), False)]), "xlsx"),
    "外部实体.docx": (docx_xxe, "DTD"),
    "藏起来的实体.docx": (_hidden_dtd, "DTD"),
    "十二万段.docx": (lambda: paragraphs(120_000), "8 MB"),
    "一万段.docx": (lambda: paragraphs(10_000), None),
    "深嵌套.docx": (lambda: _deep_nesting(100), None),
    "超深嵌套.docx": (lambda: _deep_nesting(5_000), "损坏"),
    "样式循环.docx": (_styles_loop, None),
    "奇怪的数值.docx": (_odd_values, None),
    "正文在别处.docx": (_main_part_elsewhere, "损坏"),
    "页脚是正文.docx": (_footer_is_the_body, None),
    "路径穿越.docx": (docx_zip_slip, None),
    "没有内容.docx": (
        lambda: zip_bytes([("[Content_Types].xml", DOCX_CT), ("word/document.xml", body(""))]),
        "没有任何文字",
    ),
    "管道.docx": (At(mkfifo), "不是普通文件"),
    "设备.docx": (
        At(lambda p: link("/dev/zero", p)),
        ("不是普通文件", "以外"),
    ),  # alone / in its folder
    "链接循环.docx": (At(lambda p: link(p.name, p)), "循环"),
    "失效链接.docx": (At(lambda p: link("没有这个文件.docx", p)), "失效"),
    "链到外面.docx": (At(lambda p: link(p.parent.parent / "外面" / "公文.docx", p)), "以外"),
    "文件夹.docx": (At(lambda p: p.mkdir()), None),
    "~$锁文件.docx": (b"\x00" * 162, None),
    "巨大.docx": (At(lambda p: _sparse(p, 1 << 30)), "256 MB"),
}


def says(message: str, reason: str | tuple[str, ...]) -> bool:
    return any(r in message for r in ((reason,) if isinstance(reason, str) else reason))


NOT_LISTED = (
    "文件夹.docx",
    "~$锁文件.docx",
)  # a folder and Word's lock file are no documents to check


def _sparse(path: Path, size: int) -> None:
    with open(path, "wb") as f:
        f.truncate(size)


def build_folder(folder: Path) -> Path:
    """Every hostile file in `folder` (and a good one, one in GBK, links and loops
    in sub-folders); the link target outside lies in folder/../外面."""
    folder.mkdir(parents=True)
    outside = folder.parent / "外面"
    outside.mkdir()
    (outside / "公文.docx").write_bytes(good_docx())
    for name, (content, _) in FILES.items():
        path = folder / name
        if isinstance(content, At):
            content.make(path)
        else:
            path.write_bytes(content() if callable(content) else content)
    (folder / "正常.docx").write_bytes(good_docx())
    raw_name(folder, "通知".encode("gbk") + b".docx", good_docx())
    raw_name(folder, b"\xff\xfe\xfd.docx", good_docx())
    deep = folder
    for _ in range(60):
        deep = deep / ("层" * 20)
    deep.mkdir(parents=True)
    (deep / "深处.docx").write_bytes(good_docx())
    link("..", folder / "子" / "上一级")
    link(".", folder / "子" / "这里")
    link(outside, folder / "子" / "外面的文件夹")
    return folder


class Listener:
    """A TCP port nobody should connect to (the external DTD and entity point at it)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]

    def asked(self) -> bool:
        try:
            conn, _ = self.sock.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True
