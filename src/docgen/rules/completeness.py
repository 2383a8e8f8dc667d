"""completeness.missing"""

from __future__ import annotations

from ..catalogue import make
from ..completeness import measure
from ..context import AuditInput
from .base import rule

_PER = {"once": "审核期内", "year": "年度", "quarter": "季度", "month": "月份"}


@rule("completeness.missing")
def missing(ctx: AuditInput):
    for c in measure(ctx).cells:
        if c.met:
            continue
        when = (
            f"{ctx.years[0]}–{ctx.years[-1]} 年审核期内"
            if c.period is None
            else f"{c.period} {_PER[c.req.per]}"
        )
        note = "（该期间尚未结束）" if c.end >= ctx.today else ""
        carry = "（本项为长期有效文件，早年归档的也可计入）" if c.req.carry_forward else ""
        yield make(
            "completeness.missing",
            f"条目 {c.item.code}“{c.item.name}”在 {when}{note}应有“{c.req.kind}”至少 {c.req.min} 件{carry}，"
            f"目录中只有 {c.count} 件。请补充归档并登记到归档文件目录。",
            item=c.item.code,
            kind=c.req.kind,
            year=c.year,
            period=c.period,
            value=c.count,
            expected=c.req.min,
        )
