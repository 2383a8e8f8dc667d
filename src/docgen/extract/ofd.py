"""OFD (GB/T 33190-2016), read natively: a zip whose OFD.xml names, in its DocBody,
the DocRoot (Document.xml); the Document lists its Pages, each a Content.xml whose
TextObjects carry the text in TextCode elements.

`page_count(zf)` is the number of pages the first document lists (None when the
chain OFD.xml → DocRoot → Pages cannot be followed: the inspection then leaves the
page count unknown rather than calling the file damaged). `ofd_text(path)` is the
text, page by page: text objects on one baseline joined by a blank, top to bottom.
Everything may run on a hostile file: XML without entities, parts of bounded size.
"""

from __future__ import annotations

import posixpath
import zipfile

from ..workers.pool import beat

MAX_PART = 20 << 20  # uncompressed bytes of one XML part
MAX_PAGES = 2000


def _parse(zf: zipfile.ZipFile, name: str):
    from lxml import etree

    from ..docx_text import PARSER

    info = zf.NameToInfo.get(name)
    if info is None or info.file_size > MAX_PART:
        return None
    try:
        return etree.fromstring(zf.read(info), PARSER)
    except etree.XMLSyntaxError:
        return None


def _local(tag) -> str:
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _child(node, name: str):
    for c in node:
        if _local(c.tag) == name:
            return c
    return None


def _resolve(base: str, loc: str) -> str:
    """A location in the package: absolute ("/Doc_0/…") or relative to `base`'s folder."""
    loc = loc.strip().replace("\\", "/")
    if loc.startswith("/"):
        return posixpath.normpath(loc.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), loc))


def page_parts(zf: zipfile.ZipFile) -> list[str] | None:
    """The Content.xml part of each page of the first document, in order; None when
    OFD.xml, its DocBody/DocRoot or the Document's Pages cannot be read."""
    root = _parse(zf, "OFD.xml")
    body = _child(root, "DocBody") if root is not None else None
    doc_root = _child(body, "DocRoot") if body is not None else None
    if doc_root is None or not (doc_root.text or "").strip():
        return None
    doc_name = _resolve("OFD.xml", doc_root.text)
    document = _parse(zf, doc_name)
    pages = _child(document, "Pages") if document is not None else None
    if pages is None:
        return None
    return [
        _resolve(doc_name, p.get("BaseLoc", ""))
        for p in pages
        if _local(p.tag) == "Page" and p.get("BaseLoc")
    ][:MAX_PAGES]


def page_count(zf: zipfile.ZipFile) -> int | None:
    parts = page_parts(zf)
    return len(parts) if parts is not None else None


def ofd_pages(path: str) -> list[str]:
    """The text of each page; ValueError when the OFD's pages cannot be found."""
    with zipfile.ZipFile(path) as zf:
        parts = page_parts(zf)
        if parts is None:
            raise ValueError("OFD.xml 中找不到文档（DocBody/DocRoot）或页面列表（Pages）")
        out = []
        for part in parts:
            content = _parse(zf, part)
            out.append(_page_text(content) if content is not None else "")
            beat()
        return out


def ofd_text(path: str) -> str:
    return "\n".join(ofd_pages(path))


def _page_text(content) -> str:
    lines: list[tuple[float, str]] = []
    for obj in content.iter():
        if _local(obj.tag) != "TextObject":
            continue
        text = "".join(c.text or "" for c in obj.iter() if _local(c.tag) == "TextCode").strip()
        if not text:
            continue
        top = _top(obj.get("Boundary", ""))
        if lines and abs(lines[-1][0] - top) < 0.5:
            lines[-1] = (top, f"{lines[-1][1]} {text}")
        else:
            lines.append((top, text))
    return "\n".join(t for _, t in lines)


def _top(boundary: str) -> float:
    parts = boundary.split()
    try:
        return float(parts[1]) if len(parts) >= 2 else 0.0
    except ValueError:
        return 0.0
