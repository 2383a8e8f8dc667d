"""证明材料索引.xlsx: where the evidence is. One sheet per prerequisite (必备条件 →
年度 → figure → 档号 → 题名 → file) and one per guide item (条目 → 材料类型 → 年度 →
档号 → 题名 → file), so an expert can go from any claim to the filed document."""

from __future__ import annotations

from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from .. import __version__
from ..context import AuditInput
from ..gbt9704.spec import FIXED_TIME
from ..report.xlsx_cells import BODY, cell_value, fit_rows, print_setup, save
from ..zipfix import normalise_zip

HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
FAIL_FILL = PatternFill("solid", fgColor="F8CBAD")

# widths add up to what an A4 landscape page holds at 100 % (report/xlsx_cells.py)
PREREQ_COLUMNS = [
    ("序号", 5),
    ("必备条件", 20),
    ("标准要求", 20),
    ("年度", 6),
    ("数值", 9),
    ("是否达标", 7),
    ("档号", 23),
    ("题名", 28),
    ("文件", 22),
]
ITEM_COLUMNS = [
    ("类目", 5),
    ("条目", 5),
    ("条目名称", 26),
    ("材料类型", 8),
    ("年度", 6),
    ("档号", 23),
    ("题名", 30),
    ("日期", 9),
    ("文件", 24),
]


def evidence_xlsx(ctx: AuditInput, prerequisites: list[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "必备条件"
    index = _row_index(ctx)
    _prerequisite_sheet(ws, prerequisites, index)
    _item_sheet(wb.create_sheet("建档条目"), ctx, index)
    for sheet in wb.worksheets:
        fit_rows(sheet)
    props = wb.properties
    props.creator = f"docgen {__version__}"
    props.title = cell_value(f"{ctx.project.city.name} 证明材料索引")
    props.created = props.modified = FIXED_TIME.replace(tzinfo=None)
    props.lastModifiedBy = None
    return normalise_zip(save(wb))  # openpyxl writes some parts with the clock's time


def _row_index(ctx: AuditInput) -> dict[str, tuple[str, str, str]]:
    """档号 → (题名, 日期, file path relative to the project)."""
    files = _files(ctx)
    out = {}
    for i, r in enumerate(ctx.rows):
        code = r.text("档号")
        if code and code not in out:
            out[code] = (r.text("题名"), r.text("日期"), files.get(i, ""))
    return out


def _files(ctx: AuditInput) -> dict[int, str]:
    if ctx.archive is None:
        return {}
    by_row = {id(link.row): link for link in ctx.archive.links}
    out = {}
    for i, r in enumerate(ctx.rows):
        link = by_row.get(id(r))
        if link is not None and link.status == "found" and link.matched:
            out[i] = ctx.archive.display(link.matched[0])
    return out


def _header(ws, columns: list[tuple[str, int]]) -> None:
    for c, (name, width) in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=c, value=name)
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
    print_setup(ws)  # A4 landscape, one page wide, header on every page


def _put(ws, row: int, values: list[Any], fill: PatternFill | None = None) -> None:
    for c, value in enumerate(values, start=1):
        cell = ws.cell(row=row, column=c, value=cell_value(value))
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        cell.font = BODY
        if fill is not None:
            cell.fill = fill


def _prerequisite_sheet(ws, prerequisites: list[dict[str, Any]], index: dict) -> None:
    """A row per piece of evidence (its own year and figure); a 必备条件 without any
    gets a row per year with the 档号 empty, so the gap shows."""
    _header(ws, PREREQ_COLUMNS)
    row = 2
    for p in prerequisites:
        fill = FAIL_FILL if p.get("met") is False else None
        years = p.get("years") or {}
        sources = sorted(
            p.get("sources") or [], key=lambda s: (s.get("year") or 0, s.get("archive_code") or "")
        )
        lines = (
            [(s.get("year"), s.get("archive_code") or "", s.get("file")) for s in sources]
            or [(year, "", None) for year in sorted(years)]
            or [(None, "", None)]
        )
        for year, code, file in lines:
            title, _, path = index.get(code, ("", "", ""))
            _put(
                ws,
                row,
                [
                    p.get("no"),
                    p.get("name"),
                    p.get("requirement"),
                    year,
                    years.get(year),
                    p.get("verdict"),
                    code,
                    title,
                    file or path,
                ],
                fill,
            )
            row += 1
    ws.auto_filter.ref = f"A1:I{max(row - 1, 1)}"


def _item_sheet(ws, ctx: AuditInput, index: dict) -> None:
    _header(ws, ITEM_COLUMNS)
    items = ctx.guide.items
    rows = []
    for i, r in enumerate(ctx.rows):
        item = items.get(r.text("条目"))
        code = r.text("档号")
        if item is None or not code:
            continue
        _, date, path = index.get(code, ("", "", ""))
        rows.append(
            (
                item.section,
                _item_key(item.code),
                item.code,
                item.name,
                r.text("材料类型"),
                ctx.row_year(i),
                code,
                r.text("题名"),
                date,
                path,
            )
        )
    rows.sort(key=lambda t: (t[0], t[1], t[5] or 0, t[6]))
    for n, t in enumerate(rows, start=2):
        _put(ws, n, [t[0], t[2], t[3], t[4], t[5], t[6], t[7], t[8], t[9]])
    ws.auto_filter.ref = f"A1:I{max(len(rows) + 1, 1)}"


def _item_key(code: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))
