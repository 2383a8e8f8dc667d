"""ledger.bad-retention, ledger.bad-doc-number, ledger.bad-page-count, ledger.unknown-item"""

from __future__ import annotations

from ...catalogue import make
from ...context import AuditInput
from ...parse import RETENTION_NAMES, doc_number_problems, parse_page_count
from ..base import at_row, rule

_OLD_PERIODS = {"长期": "定期30年", "短期": "定期10年"}


@rule("ledger.bad-retention")
def bad_retention(ctx: AuditInput):
    allowed = "、".join(RETENTION_NAMES)
    for i, r in enumerate(ctx.rows):
        text = r.text("保管期限")
        if not text or text in RETENTION_NAMES:
            continue
        hint = ""
        if text in _OLD_PERIODS:
            hint = f"“{text}”是 DA/T 22-2015 以前的期限，现一般对应“{_OLD_PERIODS[text]}”。"
        yield make(
            "ledger.bad-retention",
            f"{at_row(ctx, i)}的保管期限“{text}”不规范，只能是 {allowed}。{hint}请改正。",
            value=text,
            expected=allowed,
            **ctx.row_where(i, "保管期限"),
        )


@rule("ledger.bad-doc-number")
def bad_doc_number(ctx: AuditInput):
    for i, r in enumerate(ctx.rows):
        value = r.cells.get("文号")
        if value is None:
            continue
        d = ctx.dates[i]
        problems = doc_number_problems(value, d.date.year if d is not None and d.date else None)
        if problems:
            text = r.text("文号")
            yield make(
                "ledger.bad-doc-number",
                f"{at_row(ctx, i)}的文号“{text}”：{'；'.join(problems)}。",
                value=text,
                expected="机关代字〔年份〕序号号",
                **ctx.row_where(i, "文号"),
            )


@rule("ledger.bad-page-count")
def bad_page_count(ctx: AuditInput):
    for i, r in enumerate(ctx.rows):
        value = r.cells.get("页数")
        if value is None or parse_page_count(value) is not None:
            continue
        text = r.text("页数")
        yield make(
            "ledger.bad-page-count",
            f"{at_row(ctx, i)}的页数“{text}”不是不小于 1 的整数。请填写该件的实际页数。",
            value=text,
            expected="≥1 的整数",
            **ctx.row_where(i, "页数"),
        )


@rule("ledger.unknown-item")
def unknown_item(ctx: AuditInput):
    items = ctx.guide.items
    kinds = set(ctx.guide.kinds)
    for i, r in enumerate(ctx.rows):
        item = r.text("条目")
        if item and item not in items:
            yield make(
                "ledger.unknown-item",
                f"{at_row(ctx, i)}的条目“{item}”不在建档指引 {ctx.guide.id} 中。"
                "请对照指引填写条目代码（如 3.2），运行 docgen guides 可查看指引。",
                value=item,
                **ctx.row_where(i, "条目"),
            )
        kind = r.text("材料类型")
        if kind and kind not in kinds:
            yield make(
                "ledger.unknown-item",
                f"{at_row(ctx, i)}的材料类型“{kind}”不在建档指引 {ctx.guide.id} 的类型中"
                f"（{'、'.join(ctx.guide.kinds)}）。请改为其中之一。",
                value=kind,
                expected="、".join(ctx.guide.kinds),
                **{**ctx.row_where(i, "材料类型"), "kind": kind},
            )
