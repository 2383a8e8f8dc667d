"""ledger.duplicate-entry, ledger.duplicate-doc-number"""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ...parse import NO_NUMBER
from ..base import at_row, rule


def _norm(text: str) -> str:
    return "".join(text.split())


def _date_key(ctx: AuditInput, i: int) -> str:
    """The date as read (so 20250611 and a date cell of that day match), else its text."""
    parsed = ctx.dates[i]
    if parsed is not None and parsed.date is not None:
        return parsed.date.isoformat()
    return ctx.rows[i].text("日期")


@rule("ledger.duplicate-entry")
def duplicate_entry(ctx: AuditInput):
    first: dict[tuple, int] = {}
    for i, r in enumerate(ctx.rows):
        title = _norm(r.text("题名"))
        if not title:
            continue
        key = (title, _norm(r.text("文号")), _date_key(ctx, i))
        if key in first:
            f = ctx.rows[first[key]]
            yield make(
                "ledger.duplicate-entry",
                f"{at_row(ctx, i)}与工作表“{f.sheet}”第 {f.row} 行题名、文号、日期都相同，同一文件登记了两次。"
                "请删除重复的一行，或核对是否为不同文件。",
                value=r.text("题名"),
                **ctx.row_where(i, "题名"),
            )
        else:
            first[key] = i


@rule("ledger.duplicate-doc-number")
def duplicate_doc_number(ctx: AuditInput):
    titles: dict[str, dict[str, int]] = {}
    for i, r in enumerate(ctx.rows):
        number = _norm(r.text("文号"))
        title = _norm(r.text("题名"))
        if not number or number in NO_NUMBER or not title:
            continue
        seen = titles.setdefault(number, {})
        if title in seen:
            continue
        if seen:
            f = ctx.rows[next(iter(seen.values()))]
            yield make(
                "ledger.duplicate-doc-number",
                f"{at_row(ctx, i)}的文号“{r.text('文号')}”已用于工作表“{f.sheet}”第 {f.row} 行的另一份文件"
                f"《{f.text('题名')}》。一个文号只能对应一份文件，请核对文号。",
                value=r.text("文号"),
                **ctx.row_where(i, "文号"),
            )
        seen[title] = i
