"""The layout of a unit's 整改 sheet, shared by the writer (report/xlsx_units.py) and
the reader (rectify/returned.py).

Row TITLE_ROW holds the title, NOTE_ROW what to fill, HEADER_ROW the headers; items
start on FIRST_ROW. Column A (hidden) holds each row's item id; its header cell holds
the sheet's marker `docgen-rectify|{project id}|{unit}`, and the workbook's very hidden,
protected sheet MARKER_SHEET lists the same for every unit sheet, so that a returned
sheet is recognised as ours, for which project and which unit.
"""

from __future__ import annotations

MARKER = "docgen-rectify"
MARKER_SHEET = "_docgen"
TITLE_ROW, NOTE_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 4

# (header, width); column A is the hidden id
COLUMNS = [
    ("编号", 12),
    ("序号", 5),
    ("来源", 8),
    ("问题说明", 36),
    ("位置", 16),
    ("整改时限", 10),
    ("状态", 8),
    ("整改措施", 20),
    ("整改情况", 20),
    ("完成日期", 11),
    ("佐证材料（档号）", 16),
]
FILLED = ("整改措施", "整改情况", "完成日期", "佐证材料（档号）")  # the columns a unit fills
NAMES = [name for name, _ in COLUMNS]
ID_COLUMN = 1
STATE_COLUMN = NAMES.index("状态") + 1
FILLED_COLUMNS = {name: NAMES.index(name) + 1 for name in FILLED}


def marker(project_id: str, unit: str) -> str:
    return f"{MARKER}|{project_id}|{unit}"


def read_marker(text: object) -> tuple[str, str] | None:
    """(project id, unit) of a marker cell; None when it is not one."""
    if not isinstance(text, str) or not text.startswith(MARKER + "|"):
        return None
    parts = text.split("|", 2)
    return (parts[1], parts[2]) if len(parts) == 3 else None
