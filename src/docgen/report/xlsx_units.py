"""The 整改清单's sheets for the units: 汇总 (the audit's summary and each unit's
progress) and one sheet per 责任单位 (layout in rectify/layout.py), printable on A4
landscape at 11 pt, with the answers recorded so far carried into the four columns a
unit fills, so that a re-export never loses what a unit wrote."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..rectify import layout
from ..rectify.items import STATE_NAMES
from .xlsx_cells import BODY, GREEN, TOP, WRAP, YELLOW, fit_rows, header_row, print_setup, put

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from ..rectify.items import Item, Rectification

FILL_COLOUR = PatternFill("solid", fgColor="FFF2CC")  # the columns a unit fills
STATE_FILLS = {"answered": PatternFill("solid", fgColor=GREEN)}
PROGRESS_COLUMNS = [("责任单位", 28), ("问题数", 9), ("已答复", 9), ("已核实", 9), ("未整改", 9)]
NOTE = (
    "请在右侧黄色四列填写整改措施、整改情况、完成日期（如 2026-11-30）和佐证材料的档号，"
    "不要改动其他列、隐藏的 A 列和工作表名；填好后将本文件交回创卫办。"
)
RESERVED = ("汇总", "整改清单", "完整性", "说明", "已整改", "_docgen", "History")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\\x00-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def summary_sheet(ws: Worksheet, rows: list[tuple[str, Any]], state: Rectification) -> None:
    """The summary lines, then one row per unit: items, answered, verified, open."""
    ws.title = "汇总"
    put(ws, 1, 1, f"{state.city}创卫问题整改汇总").font = Font(bold=True, size=14)
    for i, (label, value) in enumerate(rows, start=2):
        put(ws, i, 1, label).font = Font(bold=True, size=11)
        cell = put(ws, i, 2, value)
        cell.alignment = Alignment(vertical="top", horizontal="left")
        cell.font = BODY
        if label == "资料完整率":
            cell.number_format = "0.0%"
    start = len(rows) + 3
    header_row(ws, PROGRESS_COLUMNS, row=start)
    for n, p in enumerate(state.progress(), start=start + 1):
        values = [p.unit or "（未填责任单位）", p.items, p.answered, p.verified, p.open]
        for column, value in enumerate(values, start=1):
            put(ws, n, column, value).font = BODY
        if p.open:
            ws.cell(row=n, column=5).fill = PatternFill("solid", fgColor=YELLOW)
    ws.column_dimensions["B"].width = 60
    print_setup(ws, title_rows=f"{start}:{start}", landscape=False)


def unit_sheets(wb: Workbook, state: Rectification) -> dict[str, str]:
    """One sheet per unit; sheet title → unit."""
    titles: dict[str, str] = {}
    for unit in state.units():
        title = sheet_title(unit, titles)
        titles[title] = unit
        unit_sheet(wb.create_sheet(title), unit, state)
    return titles


def sheet_title(unit: str, taken: dict[str, str]) -> str:
    """A valid, unique sheet title for `unit` (Excel: 31 characters, no []:*?/\\)."""
    base = _BAD_TITLE.sub("_", unit or "未填责任单位")[:28].strip("' ") or "单位"
    title, n = base, 1
    while title.casefold() in {t.casefold() for t in (*taken, *RESERVED)}:
        n += 1
        title = f"{base}_{n}"
    return title


def unit_sheet(ws: Worksheet, unit: str, state: Rectification) -> None:
    last = get_column_letter(len(layout.COLUMNS))
    put(ws, layout.TITLE_ROW, 2, f"{state.city}创卫问题整改清单（{unit or '未填责任单位'}）")
    ws.cell(row=layout.TITLE_ROW, column=2).font = Font(bold=True, size=14)
    note = put(ws, layout.NOTE_ROW, 2, NOTE)
    note.font, note.alignment = Font(size=10), WRAP
    ws.merge_cells(f"B{layout.NOTE_ROW}:{last}{layout.NOTE_ROW}")
    ws.row_dimensions[layout.NOTE_ROW].height = 30
    header_row(ws, layout.COLUMNS, row=layout.HEADER_ROW)
    put(ws, layout.HEADER_ROW, layout.ID_COLUMN, layout.marker(state.project_id, unit))
    ws.column_dimensions["A"].hidden = True
    for column in layout.FILLED_COLUMNS.values():
        ws.cell(row=layout.HEADER_ROW, column=column).fill = FILL_COLOUR
    items = state.items_of(unit)
    for n, item in enumerate(items, start=1):
        item_row(ws, layout.FIRST_ROW + n - 1, n, item, state)
    end = layout.FIRST_ROW + max(len(items), 1) - 1
    done = get_column_letter(layout.FILLED_COLUMNS["完成日期"])
    check = DataValidation(
        type="date",
        operator="greaterThan",
        formula1="36526",  # 2000-01-01
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="完成日期",
        error="请填写日期，如 2026-11-30。",
    )
    check.add(f"{done}{layout.FIRST_ROW}:{done}{end + 200}")
    ws.add_data_validation(check)
    fit_rows(ws, layout.FIRST_ROW)
    ws.freeze_panes = f"C{layout.FIRST_ROW}"
    ws.auto_filter.ref = f"B{layout.HEADER_ROW}:{last}{end}"
    print_setup(ws, title_rows=f"{layout.HEADER_ROW}:{layout.HEADER_ROW}")


def item_row(ws: Worksheet, row: int, n: int, item: Item, state: Rectification) -> None:
    answer = state.answers.get(item.id)
    the_state = state.state(item)
    values = [item.id, n, item.source, item.text, item.place, item.deadline]
    values.append(STATE_NAMES[the_state])
    if answer is not None:
        values += [answer.measures, answer.progress, answer.done, answer.evidence]
    for column, value in enumerate(values, start=1):
        cell = put(ws, row, column, value)
        cell.font = BODY
        cell.alignment = WRAP if column != 2 else TOP
    for column in layout.FILLED_COLUMNS.values():
        cell = ws.cell(row=row, column=column)
        cell.fill = FILL_COLOUR
        cell.font = BODY
        cell.alignment = WRAP
    if the_state in STATE_FILLS:
        ws.cell(row=row, column=layout.STATE_COLUMN).fill = STATE_FILLS[the_state]


def marker_sheet(wb: Workbook, state: Rectification, titles: dict[str, str]) -> None:
    """The very hidden, protected sheet naming the project and each unit sheet."""
    ws = wb.create_sheet(layout.MARKER_SHEET)
    put(ws, 1, 1, layout.MARKER)
    put(ws, 1, 2, state.project_id)
    put(ws, 1, 3, state.city)
    for n, (title, unit) in enumerate(titles.items(), start=2):
        put(ws, n, 1, title)
        put(ws, n, 2, layout.marker(state.project_id, unit))
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True
