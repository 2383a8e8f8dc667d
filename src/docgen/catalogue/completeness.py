"""The completeness rule: the filing guide's requirements per period.

Variants named "when-…" (the period, by the requirement's `per`), "open" and
"carry" are fragments the message takes as fields."""

from __future__ import annotations

from ..findings import ERROR
from . import Rule

MISSING = {
    "": (
        "条目 {item}“{name}”在 {when}{open}应有“{kind}”至少 {expected} 件{carry}，"
        "目录中只有 {value} 件。请补充归档并登记到归档文件目录。"
    ),
    "when-once": "{first}–{last} 年审核期内",
    "when-year": "{period} 年度",
    "when-quarter": "{period} 季度",
    "when-month": "{period} 月份",
    "open": "（该期间尚未结束）",
    "carry": "（本项为长期有效文件，早年归档的也可计入）",
}

RULES = [
    Rule("completeness.missing", ERROR, "资料不全", MISSING),
]
