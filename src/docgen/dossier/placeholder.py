"""A page standing in the bound .docx for a material supplied only as PDF (Word cannot
hold PDF pages; the bound PDF has the real ones)."""

from __future__ import annotations

import io

from .. import gbt9704 as g
from ..zipfix import normalise_zip


def placeholder_docx(title: str, file_name: str, pages: int | None) -> bytes:
    doc = g.new_document()
    g.add_title(doc, title)
    g.blank_line(doc)
    count = f"，共 {pages} 页" if pages else ""
    g.add_body(
        doc,
        f"本材料为 PDF 文件（{file_name}{count}），"
        "全文见申报材料文件夹中的该文件和申报材料汇编.pdf。",
    )
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())
