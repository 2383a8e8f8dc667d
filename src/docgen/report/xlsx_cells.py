"""The cells, print settings and bytes shared by docgen's workbooks (the 整改清单 and
the dossier's 证明材料索引): text never becomes a formula, pages print on A4 at a
readable size, and equal content gives equal bytes (fixed zip entry times)."""

from __future__ import annotations

import datetime as dt
import math
import re
from io import BytesIO
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

FIXED_TIME = dt.datetime(2000, 1, 1)
MAX_CELL = 32767  # Excel's limit on the characters of one cell
A4_LONG, A4_SHORT = 11.69, 8.27  # inches
MARGIN = 0.4  # inches, left and right
RED, YELLOW, GREEN, ORANGE = "FFC7CE", "FFEB9C", "C6EFCE", "F8CBAD"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
TOP = Alignment(vertical="top")
WRAP = Alignment(vertical="top", wrap_text=True)
BODY = Font(size=11)

# characters an xlsx file cannot hold (XML 1.0): shown escaped instead
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_RISKY_START = ("=", "+", "-", "@", "\t", "\r")


def put(ws: Worksheet, row: int, column: int, value: Any):
    """Write one value; strings always as text, never as a formula or error code."""
    cell = ws.cell(row=row, column=column)
    value = cell_value(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(_RISKY_START):
            cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


def cell_value(value: Any) -> Any:
    """A value a cell can hold: numbers stay numbers, everything else becomes text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set | frozenset):
        text = "、".join(str(v) for v in value)
    else:
        text = str(value)
    text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text[:MAX_CELL]


def header_row(ws: Worksheet, columns: list[tuple[str, int]], row: int = 1) -> None:
    for i, (name, width) in enumerate(columns, start=1):
        cell = put(ws, row, i, name)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", horizontal="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(i)].width = width


def ratio_fill(ratio: float) -> PatternFill:
    colour = GREEN if ratio >= 1 else YELLOW if ratio >= 0.8 else RED
    return PatternFill("solid", fgColor=colour)


def print_setup(ws: Worksheet, title_rows: str = "1:1", landscape: bool = True) -> None:
    """A4 (landscape by default), all columns on one page width, `title_rows`
    repeated on every page, narrow margins: columns whose widths add up to at most
    A4_WIDTH print at 100 % (11 pt stays 11 pt)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = title_rows
    ws.page_margins.left = ws.page_margins.right = MARGIN
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True


def printed_scale(widths: list[float], landscape: bool = True) -> float:
    """The scale fit-to-width prints columns of `widths` (Excel character units) at."""
    page = (A4_LONG if landscape else A4_SHORT) - 2 * MARGIN  # inches
    points = sum(0.75 * (7 * w + 5) for w in widths)  # 7 px a character, 96 px an inch
    return min(1.0, page * 72 / points)


class _FixedTimeZip(ZipFile):
    """A zip whose entries all carry FIXED_TIME, so equal content gives equal bytes."""

    def writestr(self, zinfo_or_arcname, data, *args, **kwargs):
        if isinstance(zinfo_or_arcname, str):
            info = ZipInfo(zinfo_or_arcname, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zinfo_or_arcname = info
        return super().writestr(zinfo_or_arcname, data, *args, **kwargs)

    def write(self, filename, arcname=None, *args, **kwargs):
        # openpyxl writes each worksheet from a temporary file, stamped with the clock
        with open(filename, "rb") as fh:
            return self.writestr(str(arcname or filename), fh.read())


def save(wb: Workbook) -> bytes:
    # ExcelWriter directly: openpyxl's save_workbook would stamp the current time
    buffer = BytesIO()
    ExcelWriter(wb, _FixedTimeZip(buffer, "w", ZIP_DEFLATED, allowZip64=True)).save()
    return buffer.getvalue()


def fit_rows(ws: Worksheet, first: int = 2) -> None:
    """Row heights for wrapped text (LibreOffice and WPS do not grow a row whose
    height the file leaves unset): the tallest cell's lines, CJK characters counted
    as two of a column's width units."""
    widths = {k: d.width or 8.43 for k, d in ws.column_dimensions.items()}
    for row in ws.iter_rows(min_row=first):
        lines = 1
        for cell in row:
            if not isinstance(cell.value, str) or cell.coordinate in ws.merged_cells:
                continue
            width = max((widths.get(cell.column_letter, 8.43) - 1) * 0.92, 2)
            count = sum(
                max(1, math.ceil(sum(2 if ord(ch) > 0x2E7F else 1.1 for ch in part) / width))
                for part in cell.value.split("\n")
            )
            lines = max(lines, count)
        ws.row_dimensions[row[0].row].height = min(409, 15 * lines)
