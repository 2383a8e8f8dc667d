"""ledger.missing-column, ledger.required-empty"""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ...model import REQUIRED_COLUMNS
from ..base import at_row, rule


@rule("ledger.missing-column")
def missing_column(ctx: AuditInput):
    for sheet in ctx.ledger.sheets:
        for col in sheet.missing:
            if sheet.header_row is None:
                msg = (
                    f"归档目录工作表“{sheet.name}”的前 5 行中找不到表头（需要 {'、'.join(REQUIRED_COLUMNS)} 等列），"
                    f"因此缺少“{col}”列，本表内容未能读取。请在表格顶部加上标准表头，或在 docgen.yaml 的 "
                    "paths.ledger_sheets 中只列出目录工作表。"
                )
            else:
                msg = (
                    f"归档目录工作表“{sheet.name}”第 {sheet.header_row} 行的表头缺少必备列“{col}”。"
                    f"请在表头中增加“{col}”列并逐行填写。"
                )
            yield make(
                "ledger.missing-column", msg, sheet=sheet.name, row=sheet.header_row, column=col
            )


@rule("ledger.required-empty")
def required_empty(ctx: AuditInput):
    present = {s.name: set(s.columns) for s in ctx.ledger.sheets}
    for i, r in enumerate(ctx.rows):
        for col in REQUIRED_COLUMNS:
            if col in present[r.sheet] and r.cells.get(col) is None:
                yield make(
                    "ledger.required-empty",
                    f"{at_row(ctx, i)}的“{col}”为空。这是必填项，请补填。",
                    **ctx.row_where(i, col),
                )
