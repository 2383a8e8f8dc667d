"""The completeness rules: the filing guide's requirements per period — an error for a
period that has ended, a warning for the one still running (the day of the audit
falls in it: what is missing may still be filed in time).

Variants named "when-…" (the period, by the requirement's `per`) and "carry" are
fragments the messages take as fields."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

# where the clerk finds the guide's item codes and what each requires
GUIDE_HINT = "可用 docgen guides {guide} 查看条目。"

MISSING = {
    "": (
        "条目 {item}“{name}”在 {when}应有“{kind}”至少 {expected} 件{carry}，"
        "目录中只有 {value} 件。请补充归档并登记到归档文件目录。" + GUIDE_HINT
    ),
    "when-once": "{first}–{last} 年审核期内",
    "when-year": "{period} 年度",
    "when-quarter": "{period} 季度",
    "when-month": "{period} 月份",
    "carry": "（本项为长期有效文件，早年归档的也可计入）",
}

# a period that has not ended yet (the one containing the day of the audit): what is
# missing may still be filed in time, so a warning, never an error
OPEN_PERIOD = {
    **MISSING,
    "": (
        "条目 {item}“{name}”在 {when}应有“{kind}”至少 {expected} 件{carry}，"
        "目前目录中有 {value} 件（该期间尚未结束）。请在期末前补充归档并登记到归档文件目录。"
        + GUIDE_HINT
    ),
}

RULES = [
    Rule("completeness.missing", ERROR, "资料不全", MISSING),
    Rule("completeness.open-period", WARNING, "资料不全（该期间尚未结束）", OPEN_PERIOD),
]
