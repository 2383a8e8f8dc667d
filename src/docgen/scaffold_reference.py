"""The reference sheet `docgen init` puts in the ledger workbook (条目说明): a filled-in
example row, then every item of the project's guide with what it requires. The
catalogue's 条目 drop-down list reads its item codes; the loader never reads the
sheet as part of the catalogue (load.ledger.REFERENCE_SHEET)."""

from __future__ import annotations

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .load.ledger import REFERENCE_SHEET
from .model import Guide, Item
from .textfmt import requirement_text

ITEM_HEADER = ("条目", "条目名称", "类目代码", "类目名称", "应归档的材料")
ITEM_WIDTHS = (24, 56, 30, 20, 56)  # shared with the example row above (LEDGER_COLUMNS)
EXAMPLE_ROW = 4  # the example's header is row 3, the example itself row 4
FIRST_ITEM_ROW = 8  # ITEM_HEADER is row 7
EXAMPLE_FILL = PatternFill("solid", fgColor="FFF2CC")


def example_row(guide: Guide, fonds: str, year: int) -> list[object]:
    """A ledger row filled in as the README asks, for the guide's first item and kind,
    in the order of `header` (scaffold.LEDGER_HEADER)."""
    item = guide.sections[0].items[0]
    kind = item.requires[0].kind if item.requires else guide.kinds[0]
    section = guide.sections[0].code
    return [
        f"{fonds}-{year}-D30-{section}-0001",
        1,
        "示例市爱国卫生运动委员会办公室",
        f"示爱卫办〔{year}〕1号",
        f"关于印发《示例市{year}年爱国卫生工作计划》的通知",
        f"{year}0310",
        4,
        None,
        "定期30年",
        item.code,
        kind,
        f"{year}/{fonds}-{year}-D30-{section}-0001.pdf",
        "示例：本行只作填写参考，不参加审核",
    ]


def reference_sheet(
    ws: Worksheet, guide: Guide, header: tuple[str, ...], example: list[object]
) -> int:
    """Fill `ws` (titled REFERENCE_SHEET); returns the row of the last item."""
    ws.title = REFERENCE_SHEET
    bold = Font(bold=True)
    ws["A1"] = (
        f"本表是建档指引 {guide.id}（{guide.title}）的条目说明和填写示例，"
        "只供查阅和下拉选择，不参加审核；目录请填在“归档文件目录”工作表。"
        f"也可运行 docgen guides {guide.id} 查看。"
    )
    ws["A1"].font = bold
    ws["A2"] = "填写示例（黄色一行，请勿在本表登记）："
    for col, name in enumerate(header, start=1):
        ws.cell(row=EXAMPLE_ROW - 1, column=col, value=name).font = bold
        cell = ws.cell(row=EXAMPLE_ROW, column=col, value=example[col - 1])
        cell.fill = EXAMPLE_FILL
    ws.cell(row=FIRST_ITEM_ROW - 2, column=1, value="条目一览（“条目”列只能填这里的条目代码）：")
    for col, name in enumerate(ITEM_HEADER, start=1):
        ws.cell(row=FIRST_ITEM_ROW - 1, column=col, value=name).font = bold
    row = FIRST_ITEM_ROW - 1
    for section in guide.sections:
        for item in section.items:
            row += 1
            values = (item.code, item.name, section.code, section.name, needs(item))
            for col, value in enumerate(values, start=1):
                ws.cell(row=row, column=col, value=value).alignment = Alignment(wrap_text=True)
    for col, width in enumerate(ITEM_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    return row


def needs(item: Item) -> str:
    """What an item requires, one requirement after the other."""
    return (
        "；".join(requirement_text(r.kind, r.per, r.min, r.carry_forward) for r in item.requires)
        or "（无固定要求）"
    )


def items_range(last_row: int) -> str:
    """The cells holding the item codes, as a data-validation list formula."""
    return f"'{REFERENCE_SHEET}'!$A${FIRST_ITEM_ROW}:$A${last_row}"
