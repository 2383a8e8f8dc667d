"""00-目录.docx: the dossier's contents page, laid out with the GB/T 9704 module.

Page numbers are where each material starts in 申报材料汇编 (the 目录 itself is page
1); they are printed only when LibreOffice counted them, never guessed."""

from __future__ import annotations

import io
from dataclasses import dataclass

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from .. import gbt9704 as g
from ..zipfix import normalise_zip

LEVEL_TITLES = {"city": "国家卫生城市", "county": "国家卫生县城"}
WIDTHS_MM = (16, 68, 28, 16, 28)  # 156 mm, the 版心 width
CENTRED = (0, 2, 3)  # 序号, 提供单位, 页码


@dataclass
class Entry:
    """One line of the contents: a material and where it starts (None: not counted)."""

    number: int
    title: str
    author: str
    page: int | None
    note: str


def contents_title(city: str, level: str) -> str:
    return f"{city}申报{LEVEL_TITLES.get(level, '国家卫生城市')}材料目录"


def contents_docx(
    title: str,
    entries: list[Entry],
    *,
    pages_counted: bool,
    draft: str | None,
    pages_note: str | None = None,
) -> bytes:
    """The 目录 as .docx bytes (fixed metadata and zip times: same input, same bytes)."""
    doc = g.new_document()
    g.add_title(doc, title)
    if draft:
        g.add_body(doc, f"【草稿】{draft}")
    g.blank_line(doc)
    rows = [
        [_cn_number(e.number), e.title, e.author, _page(e, pages_counted), e.note] for e in entries
    ]
    table = g.add_table(doc, ["序号", "材料名称", "提供单位", "页码", "备注"], rows)
    table.autofit = False
    for n, (column, width) in enumerate(zip(table.columns, WIDTHS_MM, strict=True)):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
            if n in CENTRED:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not pages_counted and pages_note:
        g.add_body(doc, pages_note)
    buf = io.BytesIO()
    doc.save(buf)
    return normalise_zip(buf.getvalue())


def _page(e: Entry, counted: bool) -> str:
    if e.page is None:
        return "—" if counted or e.note else "未计算"
    return str(e.page)


_DIGITS = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 21 → 二十一 (up to 99)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return f"{_DIGITS[tens] if tens > 1 else ''}十{_DIGITS[ones] if ones else ''}"
