"""Reading the 整改 sheets the units send back and checking each row against the item
it answers (rectify/items.py). What cannot be used is a `Bad` with a Chinese message
naming the file, sheet and row and the fix; nothing here writes anything.

A file is refused whole when it is not an .xlsx (a renamed .csv), is damaged, would
inflate like a zip bomb (load/workbook.py's checks, before anything is unzipped), has
no sheet of ours (the marker of rectify/layout.py), or comes from another project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..history.answers import Answer
from ..load.extent import check_extent
from ..load.workbook import check_container
from ..parse import parse_date
from . import layout
from .items import Rectification

HINT = "交回的整改表"


@dataclass(frozen=True)
class Bad:
    """A row (or a whole file: row None) that was not recorded, and why."""

    file: str
    sheet: str | None
    row: int | None
    message: str

    def text(self) -> str:
        where = f"工作表“{self.sheet}”" if self.sheet else ""
        if self.row is not None:
            where += f"第 {self.row} 行"
        return f"{self.file} {where}：{self.message}" if where else f"{self.file}：{self.message}"


@dataclass
class Returned:
    """What the files gave: the good answers and the bad rows and files."""

    answers: list[Answer] = field(default_factory=list)
    bad: list[Bad] = field(default_factory=list)
    sheets: int = 0  # the unit sheets read


def read_returned(paths: list[Path], state: Rectification, now: str) -> Returned:
    """Every file's unit sheets, each row checked against `state` (recorded at `now`)."""
    out = Returned()
    for path in paths:
        try:
            sheets = _unit_sheets(path, state)
        except InputError as exc:
            out.bad.append(Bad(str(path), None, None, exc.message))
            continue
        for ws, unit in sheets:
            out.sheets += 1
            _read_sheet(ws, unit, f"{path.name}#{ws.title}", str(path), state, now, out)
    return out


def _unit_sheets(path: Path, state: Rectification) -> list[tuple[Any, str]]:
    import openpyxl

    shown = str(path)
    if not path.is_file():
        raise InputError(f"找不到{HINT} {shown}（或它不是文件）。请核对文件名和所在文件夹。")
    check_container(path, shown, HINT)
    check_extent(path, shown, HINT)
    try:
        wb = openpyxl.load_workbook(path, data_only=False)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for damaged files
        raise InputError(
            f"{HINT} {shown} 无法作为 Excel 工作簿打开（{type(exc).__name__}）。"
            "请在 Excel/WPS 中打开并另存为 .xlsx 后重试。"
        ) from None
    found = []
    for ws in wb.worksheets:
        if ws.title == layout.MARKER_SHEET:
            continue
        mark = layout.read_marker(ws.cell(row=layout.HEADER_ROW, column=layout.ID_COLUMN).value)
        if mark is None:
            continue
        project, unit = mark
        if state.project_id and project != state.project_id:
            raise InputError(
                f"{HINT} {shown} 的工作表“{ws.title}”是另一个项目的整改清单（不是{state.city}"
                "本项目导出的），没有记录。请核对文件来源，用本项目 docgen audit --format xlsx "
                "导出的整改清单填写。"
            )
        found.append((ws, unit))
    if not found:
        raise InputError(
            f"{HINT} {shown} 中没有 docgen 导出的单位整改工作表（隐藏的 A 列标记不在），"
            "没有记录。请让责任单位在 docgen audit --format xlsx 导出的整改清单中"
            "本单位的工作表上填写，不要另建表格或删去 A 列。"
        )
    return found


def _read_sheet(
    ws: Any, unit: str, source: str, shown: str, state: Rectification, now: str, out: Returned
) -> None:
    headers = [
        ws.cell(row=layout.HEADER_ROW, column=c).value for c in range(2, len(layout.NAMES) + 1)
    ]
    if headers != layout.NAMES[1:]:
        out.bad.append(
            Bad(
                shown,
                ws.title,
                layout.HEADER_ROW,
                "表头与导出时不同（列被移动、插入或删除），整张表没有记录。"
                "请在导出的整改清单上填写，不要增删列。",
            )
        )
        return
    items = state.by_id()
    for row in range(layout.FIRST_ROW, ws.max_row + 1):
        cells = {name: ws.cell(row=row, column=c) for name, c in layout.FILLED_COLUMNS.items()}
        if all(_empty(c.value) for c in cells.values()):
            continue
        problem = _row_problem(ws, row, unit, cells, items)
        if problem is not None:
            out.bad.append(Bad(shown, ws.title, row, problem))
            continue
        item_id = ws.cell(row=row, column=layout.ID_COLUMN).value
        out.answers.append(
            Answer(
                item=item_id,
                unit=unit,
                measures=_text(cells["整改措施"].value),
                progress=_text(cells["整改情况"].value),
                done=_date(cells["完成日期"].value),
                evidence=_text(cells["佐证材料（档号）"].value),
                source=source,
                recorded=now,
            )
        )


def _row_problem(ws: Any, row: int, unit: str, cells: dict, items: dict) -> str | None:
    """Why the row cannot be recorded (Chinese, with the fix); None when it can."""
    for name, cell in cells.items():
        if cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("=")):
            return (
                f"“{name}”（{cell.coordinate}）是公式 {str(cell.value)[:40]}，docgen 不计算公式。"
                "请改为直接填写文字或日期。"
            )
    item_id = ws.cell(row=row, column=layout.ID_COLUMN).value
    if _empty(item_id):
        return (
            "这一行没有编号（隐藏的 A 列为空：行是新加的或编号被删去）。"
            "请在导出的行上填写，新发现的问题请另行报创卫办。"
        )
    item = items.get(item_id) if isinstance(item_id, str) else None
    if item is None:
        return (
            f"编号 {str(item_id)[:60]} 不是最近一次审核的问题（可能已整改，或表格是旧的）。"
            "请用最新导出的整改清单填写。"
        )
    if unit not in item.units:
        owners = "、".join(u or "（未填）" for u in item.units)
        return (
            f"这一行是{owners}的问题，不是本表单位（{unit or '未填责任单位'}）的。"
            f"请由{owners}在其工作表上填写，或请创卫办核实责任单位。"
        )
    done = cells["完成日期"].value
    if not _empty(done) and _date(done) is None:
        return (
            f"“完成日期”（{cells['完成日期'].coordinate}）“{str(done)[:30]}”不是日期。"
            "请写成 2026-11-30 的形式，或设为日期格式的单元格。"
        )
    return None


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str | None:
    if _empty(value):
        return None
    if isinstance(value, dt.datetime | dt.date):
        return _date(value)
    return str(value).strip()[:2000]


def _date(value: Any) -> str | None:
    """YYYY-MM-DD, or None when the cell is empty or holds no real date."""
    if _empty(value):
        return None
    parsed = parse_date(value)
    return parsed.date.isoformat() if parsed.date is not None else None
