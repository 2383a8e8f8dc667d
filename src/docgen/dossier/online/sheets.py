"""The online package's workbooks: 评估填报表.xlsx (the form, field by field),
法规文件信息.xlsx (the 法规/规范性文件 attachments' metadata) and 上传清单.xlsx (what
goes in each slot). Gaps are filled yellow; the same input gives the same bytes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from ... import __version__
from ...gbt9704.spec import FIXED_TIME
from ...report.xlsx_report import cell_value, save
from ...zipfix import normalise_zip
from .form import Filled

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
GAP_FILL = PatternFill("solid", fgColor="FFF2CC")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
LEVEL_NAMES = {"city": "国家卫生城市", "county": "国家卫生县"}

FORM_COLUMNS = [
    ("序号", 6),
    ("填报项", 34),
    ("单位", 10),
    ("年度", 10),
    ("填报值", 12),
    ("数据来源（工作表!行）", 20),
    ("提供单位", 26),
    ("说明", 46),
]
REGULATION_COLUMNS = [
    ("序号", 6),
    ("文件类型代码", 12),
    ("文件类型", 14),
    ("文件名称", 48),
    ("文号", 22),
    ("发文部门", 28),
    ("发文日期", 12),
    ("生效日期", 12),
    ("档号", 26),
    ("说明", 48),
]
UPLOAD_COLUMNS = [
    ("序号", 6),
    ("栏目", 30),
    ("文件", 38),
    ("页数", 8),
    ("状态", 10),
    ("格式", 10),
    ("内容", 60),
    ("说明", 50),
]


@dataclass(frozen=True)
class Regulation:
    code: str | None  # 01–04, None when the ledger does not say
    type_name: str | None
    type_note: str  # how the type was found
    title: str
    number: str
    department: str
    issued: str
    effective: str | None
    archive_code: str


@dataclass(frozen=True)
class Upload:
    no: int
    title: str
    file: str
    pages: int | None
    status: str  # 已生成 / 缺失 / 省级提供
    form: str  # PDF/A-2b / PDF / ""
    contents: str
    note: str


def form_xlsx(filled: list[Filled], title: str, subtitle: str) -> bytes:
    wb, ws = _book("评估填报", title, subtitle, FORM_COLUMNS)
    row = 4
    for n, f in enumerate(filled, start=1):
        first = row
        for v in f.values:
            label = f.field.label
            if f.field.mean and v.year is None:
                label = f"{label}（近{f.field.years}年平均）"
            year = v.year if v.year is not None else ""
            _put(
                ws,
                row,
                [n, label, f.field.unit, year, v.value, v.source, v.unit_source, v.note],
                gap=v.value is None,
            )
            row += 1
        if row - first > 1:  # a series: the field's number once, over its years
            ws.merge_cells(start_row=first, start_column=1, end_row=row - 1, end_column=1)
    ws.auto_filter.ref = f"A3:H{row - 1}"
    return _save(wb, title)


def regulations_xlsx(rows: list[Regulation], title: str, subtitle: str) -> bytes:
    wb, ws = _book("法规文件信息", title, subtitle, REGULATION_COLUMNS)
    for n, r in enumerate(rows, start=1):
        values = [
            n,
            r.code,
            r.type_name,
            r.title,
            r.number,
            r.department,
            r.issued,
            r.effective,
            r.archive_code,
            r.type_note,
        ]
        _put(ws, 3 + n, values)
        for c, value in enumerate(values, start=1):
            if c in (2, 3, 6, 7, 8) and not value:
                ws.cell(row=3 + n, column=c).fill = GAP_FILL
    return _save(wb, title)


def uploads_xlsx(rows: list[Upload], title: str, subtitle: str) -> bytes:
    wb, ws = _book("上传清单", title, subtitle, UPLOAD_COLUMNS)
    for n, u in enumerate(rows, start=4):
        values = [u.no, u.title, u.file, u.pages, u.status, u.form, u.contents, u.note]
        _put(ws, n, values, gap=u.status == "缺失")
    return _save(wb, title)


def _book(sheet: str, title: str, subtitle: str, columns: list[tuple[str, int]]):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.cell(row=1, column=1, value=cell_value(title)).font = Font(bold=True, size=14)
    ws.cell(row=2, column=1, value=cell_value(subtitle)).font = Font(size=10, color="555555")
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=len(columns))
    for c, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=3, column=c, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A4"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "3:3"
    return wb, ws


def _put(ws, row: int, values: list[Any], gap: bool = False) -> None:
    lines = 1
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c, value=cell_value(value))
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        cell.border = BOX
        lines = max(lines, _lines(cell.value, ws.column_dimensions[cell.column_letter].width))
    if lines > 1:  # LibreOffice and WPS do not grow a row for wrapped text on their own
        ws.row_dimensions[row].height = 15 * lines
    if gap:
        for c in (5, 8) if ws.title == "评估填报" else range(1, len(values) + 1):
            ws.cell(row=row, column=c).fill = GAP_FILL


def _lines(value: Any, width: float | None) -> int:
    """Lines a cell's text takes at this column width (a Chinese character ~1.6 units)."""
    if not isinstance(value, str) or not width:
        return 1
    per_line = max(int(width) - 1, 1)
    return sum(
        max(1, math.ceil(sum(1.6 if ord(ch) > 0x2E7F else 1 for ch in part) / per_line))
        for part in value.split("\n")
    )


def _save(wb: Workbook, title: str) -> bytes:
    props = wb.properties
    props.creator = f"docgen {__version__}"
    props.title = cell_value(title)
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.lastModifiedBy = None
    return normalise_zip(save(wb))
