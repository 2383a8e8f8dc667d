"""The text of a filed document, as lines: a line break ends a clause.

- PDF: pypdfium2 (PDFium), page by page. A table row keeps its cells on one line
  ("绿化覆盖率 40.85 %"), so pdfplumber's table finder is not needed. Lines a PDF
  wraps in the middle of a sentence are joined again (a line as wide as the widest
  on its page, with no gaps inside, runs on into the next).
- DOCX: word/document.xml read directly (lxml, entities off): paragraphs, and
  tables row by row with the cells joined by " | ".
- XLSX: python-calamine, each row a line, cells joined by " | ".

In tables, a header row steers the rows below it: a column headed 目标值/标准/要求
is left out (a target is not a result), a column headed 2025年 puts "2025年" before
its figures, a column headed 数值（%） gives bare numbers their unit, and a 年度
column's year leads the row.

Everything here may run on a hostile file; it runs in a worker process under a time
limit (see __init__.py) and reads at most MAX_PAGES pages or MAX_ROWS rows.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from typing import Any

from ..docx_text import PARSER, W, paragraph_text
from ..workers.pool import beat
from .numbers import FOLD

MAX_BYTES = 50 << 20  # bigger files are scans or media, not reports worth reading
MAX_PAGES = 500
MAX_ROWS = 10_000  # per sheet
MAX_SHEETS = 50
MAX_XML = 50 << 20  # uncompressed word/document.xml

GAP = re.compile(r"\S\s+\S")
SENTENCE_END = "。！？；;!?：:"


def document_text(path: str, detected: str) -> str:
    """The document's text; '' for kinds that hold none we read."""
    if detected == "pdf":
        return pdf_text(path)
    if detected == "docx":
        return docx_text(path)
    if detected in ("xlsx", "xls"):  # calamine reads both
        return xlsx_text(path)
    return ""


# ---------------------------------------------------------------- PDF


def pdf_text(path: str) -> str:
    return "\n".join(text for text, _ in pdf_pages(path))


def pdf_pages(
    path: str, on_page: Callable[[int, Any], None] | None = None
) -> list[tuple[str, bool]]:
    """Each page's text, and whether the page is a scan: no text, but an image.
    `on_page(index, page)` looks at each page while it is loaded (one open per file)."""
    import pypdfium2 as pdfium
    from pypdfium2 import raw

    doc = pdfium.PdfDocument(path)
    try:
        pages = []
        for i in range(min(len(doc), MAX_PAGES)):
            page = doc[i]
            try:
                textpage = page.get_textpage()
                try:
                    text = join_wrapped(textpage.get_text_range())
                finally:
                    textpage.close()
                scan = not text.strip() and any(
                    True for _ in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2)
                )
                pages.append((text, scan))
                if on_page is not None:
                    on_page(i, page)
            finally:
                page.close()
            beat()
        return pages
    finally:
        doc.close()


def join_wrapped(page: str) -> str:
    """Rejoin lines a page wrapped mid-sentence; keep table rows and short lines apart."""
    lines = [
        unspace(line.strip()) for line in page.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    widest = max((len(line) for line in lines), default=0)
    out: list[str] = []
    run_on = False
    for line in lines:
        if run_on and out:
            glue = " " if out[-1][-1:].isascii() and line[:1].isascii() else ""
            out[-1] += glue + line
        else:
            out.append(line)
        run_on = (
            bool(line)
            and len(line) >= 0.8 * widest
            and not GAP.search(line)
            and line[-1] not in SENTENCE_END
        )
    return "\n".join(out)


_SPACEABLE = r"[\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e\d.%‰]"
SPACED = re.compile(rf"(?<={_SPACEABLE}) (?={_SPACEABLE})")


def unspace(line: str) -> str:
    """ "建 成 区 绿 化" → "建成区绿化": a justified or letter-spaced line whose CJK
    characters came out one space apart (most of them: a table row's few gaps stay)."""
    gaps = len(SPACED.findall(line))
    if gaps >= 4 and gaps * 2 >= len(line) - gaps:
        return SPACED.sub("", line)
    return line


# ---------------------------------------------------------------- DOCX


def docx_text(path: str) -> str:
    from lxml import etree

    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("word/document.xml")
        if info.file_size > MAX_XML:
            return ""
        data = zf.read(info)
    root = etree.fromstring(data, PARSER)
    body = root.find(f"{W}body")
    return "\n".join(_blocks(body)) if body is not None else ""


def _blocks(parent) -> list[str]:
    out: list[str] = []
    for child in parent:
        if child.tag == f"{W}p":
            out.append(paragraph_text(child, breaks=True))
        elif child.tag == f"{W}tbl":
            out.extend(table_lines([_cells(tr) for tr in child.iter(f"{W}tr")]))
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}customXml"):
            out.extend(_blocks(child))
    return out


def _cells(tr) -> list[str]:
    """A row's cells in grid columns: a cell spanning n columns is followed by n - 1
    blanks, so cells stay under their header."""
    out: list[str] = []
    for tc in tr.iterchildren(f"{W}tc", f"{W}sdt"):
        for cell in [tc] if tc.tag == f"{W}tc" else tc.iter(f"{W}tc"):
            texts = (paragraph_text(p, breaks=True).strip() for p in cell.iter(f"{W}p"))
            out.append(" ".join(t for t in texts if t))
            span = cell.find(f"{W}tcPr/{W}gridSpan")
            extra = span.get(f"{W}val") if span is not None else None
            out.extend([""] * (min(int(extra), 64) - 1 if extra and extra.isdigit() else 0))
    return out


# ---------------------------------------------------------------- XLSX


def xlsx_text(path: str) -> str:
    from ..load.workbook import open_calamine

    book = open_calamine(path)
    try:
        lines = []
        for name in book.sheet_names[:MAX_SHEETS]:
            rows = []
            for n, values in enumerate(book.get_sheet_by_name(name).iter_rows()):
                if n >= MAX_ROWS:
                    break
                rows.append([_value(v) for v in values])
            lines.extend(table_lines(rows))
            beat()
        return "\n".join(lines)
    finally:
        book.close()


def _value(v) -> str:
    if v is None or isinstance(v, bool):
        return ""
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v).strip()


# ---------------------------------------------------------------- tables

NUMBER = re.compile(r"[+-]?\d+(?:,\d{3})*(?:\.\d+)?")
TARGET_COLUMN = re.compile(r"目标|标准|要求|计划|任务|上年|去年|同比|增减|变化|排名|备注")
YEAR_COLUMN = re.compile(r"年度|年份|^年$")
HEADER_YEAR = re.compile(r"\s*((?:19|20)\d{2})\s*年?度?")
HEADER_UNIT = re.compile(
    r"[（(]\s*(%|‰|平方米|平方千米|公顷|天|分贝|元|万元|人|个)\s*[）)]|^(%|‰)$"
)


def table_lines(rows: list[list[str]]) -> list[str]:
    """One line per row, cells joined by " | ", shaped by the header above them."""
    lines: list[str] = []
    header: list[str] | None = None
    for cells in rows:
        cells = [c.replace("\n", " ").strip() for c in cells]
        if not any(cells):
            continue
        if _is_header(cells):
            header = cells
            lines.append(" | ".join(c for c in cells if c))
        else:
            lines.append(" | ".join(c for c in _dress(cells, header) if c))
    return lines


def _is_header(cells: list[str]) -> bool:
    filled = [c.translate(FOLD) for c in cells if c]
    return len(filled) >= 2 and not any(NUMBER.fullmatch(c.rstrip("%‰ ")) for c in filled)


def _dress(cells: list[str], header: list[str] | None) -> list[str]:
    if header is None:
        return cells
    lead, out = [], []
    for j, cell in enumerate(cells):
        head = header[j] if j < len(header) else ""
        if j == 0 or not head or not cell:
            out.append(cell)
        elif YEAR_COLUMN.search(head) and HEADER_YEAR.fullmatch(cell):
            lead.append(f"{HEADER_YEAR.fullmatch(cell).group(1)}年")
        elif TARGET_COLUMN.search(head):
            out.append("")
        else:
            out.append(_with_header(cell, head))
    return lead + out


def _with_header(cell: str, head: str) -> str:
    if not NUMBER.fullmatch(cell.translate(FOLD)):
        return cell
    unit = HEADER_UNIT.search(head)
    year = HEADER_YEAR.match(head) if len(head) <= 16 else None
    text = cell + (unit.group(1) or unit.group(2) if unit else "")
    return f"{year.group(1)}年{text}" if year else text
