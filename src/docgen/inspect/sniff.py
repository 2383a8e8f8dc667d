"""What a file is, judged by its first bytes (never by its name).

`sniff(head)` gives a coarse kind; ZIP and OLE containers are told apart later by
their contents (formats.py). `EXPECTED` maps an extension to the kinds it may hold,
so that a .pdf holding a JPEG can be called out.
"""

from __future__ import annotations

HEAD_SIZE = 1024  # %PDF- may sit anywhere in the first KiB (some scanners prepend junk)

CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

# kind -> how a clerk would call it, used in reasons ("文件实际是 JPEG 图片")
NAMES = {
    "pdf": "PDF 文件",
    "docx": "Word .docx 文件",
    "xlsx": "Excel .xlsx 文件",
    "pptx": "PowerPoint .pptx 文件",
    "ofd": "OFD 版式文件",
    "zip": "ZIP 压缩包",
    "doc": "旧版 Word .doc 文件",
    "xls": "旧版 Excel .xls 文件",
    "ppt": "旧版 PowerPoint .ppt 文件",
    "cfb": "旧版 Office 复合文档（.doc/.xls 一类）",
    "encrypted-ooxml": "设有密码的 Office 文件",
    "jpeg": "JPEG 图片",
    "png": "PNG 图片",
    "gif": "GIF 图片",
    "tiff": "TIFF 图片",
    "bmp": "BMP 图片",
    "rtf": "RTF 文档",
    "mp4": "MP4 视频",
    "mov": "QuickTime 视频",
    "avi": "AVI 视频",
    "mp3": "MP3 音频",
    "wav": "WAV 音频",
    "empty": "空文件",
    "unknown": "无法识别格式的文件",
}

_OOXML = ("docx", "xlsx", "pptx")
_WPS = ("doc", "xls", "ppt", "cfb", "docx", "xlsx", "pptx", "zip")  # WPS writes both OLE and OOXML
# extension -> the kinds a file with that extension may really be
EXPECTED: dict[str, tuple[str, ...]] = {
    "pdf": ("pdf",),
    "docx": ("docx", "encrypted-ooxml"),
    "docm": ("docx", "encrypted-ooxml"),
    "dotx": ("docx", "encrypted-ooxml"),
    "xlsx": ("xlsx", "encrypted-ooxml"),
    "xlsm": ("xlsx", "encrypted-ooxml"),
    "pptx": ("pptx", "encrypted-ooxml"),
    "ofd": ("ofd",),
    "zip": ("zip", "ofd") + _OOXML,
    "doc": ("doc", "cfb"),
    "dot": ("doc", "cfb"),
    "xls": ("xls", "cfb"),
    "ppt": ("ppt", "cfb"),
    "wps": _WPS,
    "et": _WPS,
    "dps": _WPS,
    "jpg": ("jpeg",),
    "jpeg": ("jpeg",),
    "jpe": ("jpeg",),
    "png": ("png",),
    "gif": ("gif",),
    "tif": ("tiff",),
    "tiff": ("tiff",),
    "bmp": ("bmp",),
    "rtf": ("rtf",),
    "mp4": ("mp4", "mov"),
    "m4v": ("mp4", "mov"),
    "m4a": ("mp4",),
    "mov": ("mov", "mp4"),
    "avi": ("avi",),
    "mp3": ("mp3",),
    "wav": ("wav",),
}


def sniff(head: bytes) -> str:
    """The coarse kind of a file from its first bytes: pdf, zip, cfb, jpeg, ... or unknown.
    ZIP-based and OLE-based formats come back as "zip" / "cfb" (refined by formats.py)."""
    if not head:
        return "empty"
    # a zip first: a zip storing a PDF uncompressed has %PDF- in its first KiB, and a
    # PDF with junk before %PDF- never starts with a zip's signature
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return "zip"
    if b"%PDF-" in head[:HEAD_SIZE]:
        return "pdf"
    if head.startswith(CFB_MAGIC):
        return "cfb"
    return _image(head) or _media(head) or ("rtf" if head.startswith(b"{\\rtf") else "unknown")


def _image(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith(b"BM") and len(head) >= 14:
        return "bmp"
    return None


def _media(head: bytes) -> str | None:
    if head[4:8] == b"ftyp":
        return "mov" if head[8:12] == b"qt  " else "mp4"
    if head.startswith(b"RIFF") and head[8:12] == b"AVI ":
        return "avi"
    if head.startswith(b"RIFF") and head[8:12] == b"WAVE":
        return "wav"
    if head.startswith(b"ID3"):
        return "mp3"
    if len(head) > 1 and head[0] == 0xFF and (head[1] & 0xE6) in (0xE2, 0xE4, 0xE6):
        return "mp3"  # an MPEG audio frame sync with a valid layer
    return None


def mismatch(ext: str, kind: str) -> str | None:
    """The reason to give when a file's bytes are not what its extension says; None
    when they agree or the extension is one we do not judge."""
    allowed = EXPECTED.get(ext.lower())
    if allowed is None or kind in allowed or kind == "empty":
        return None
    if kind == "unknown":
        return (
            f"扩展名为 .{ext}，但文件内容不是{_spaced(NAMES[allowed[0]])}，"
            "无法识别其格式（可能已损坏）"
        )
    return f"扩展名为 .{ext}，但文件实际是{_spaced(NAMES[kind])}"


def _spaced(name: str) -> str:
    """A space between Chinese and a Latin word: “实际是 JPEG 图片”."""
    return f" {name}" if name[0].isascii() else name
