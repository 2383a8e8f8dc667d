"""ledger.bad-date, ledger.nonstandard-date, ledger.year-mismatch"""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ...model import cell_text
from ..base import at_row, rule


@rule("ledger.bad-date")
def bad_date(ctx: AuditInput):
    for i, parsed in ctx.dates.items():
        if parsed is not None and parsed.status == "bad":
            value = cell_text(ctx.rows[i].cells.get("日期"))
            yield make(
                "ledger.bad-date",
                f"{at_row(ctx, i)}的日期“{value}”不是有效日期。请按成文日期写成 8 位数字，如 20250611。",
                value=value,
                expected="YYYYMMDD",
                **ctx.row_where(i, "日期"),
            )


@rule("ledger.nonstandard-date")
def nonstandard_date(ctx: AuditInput):
    for i, parsed in ctx.dates.items():
        if parsed is not None and parsed.status == "nonstandard":
            value = cell_text(ctx.rows[i].cells.get("日期"))
            fixed = parsed.date.strftime("%Y%m%d")
            yield make(
                "ledger.nonstandard-date",
                f"{at_row(ctx, i)}的日期“{value}”应按 DA/T 22 写成 8 位数字：{fixed}。",
                value=value,
                expected=fixed,
                **ctx.row_where(i, "日期"),
            )


@rule("ledger.year-mismatch")
def year_mismatch(ctx: AuditInput):
    for i, parsed in ctx.dates.items():
        code = ctx.codes[i]
        if parsed is None or parsed.date is None or code is None:
            continue
        if parsed.date.year != code.year:
            yield make(
                "ledger.year-mismatch",
                f"{at_row(ctx, i)}的日期年份 {parsed.date.year} 与档号年度 {code.year} 不同。"
                "跨年文件按内容所属年度归档时可以保留；否则请核对日期或档号。",
                value=parsed.date.year,
                expected=code.year,
                **ctx.row_where(i, "日期"),
            )
