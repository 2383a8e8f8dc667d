"""The 归档文件目录 rules (DA/T 22-2015)."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

RULES = [
    Rule("ledger.missing-column", ERROR, "目录缺少必备列", {}),
    Rule("ledger.required-empty", ERROR, "必填项为空", {}),
    Rule("ledger.bad-date", ERROR, "日期不是有效日期", {}),
    Rule("ledger.nonstandard-date", WARNING, "日期未写成8位数字", {}),
    Rule("ledger.year-mismatch", WARNING, "日期年份与档号年度不一致", {}),
    Rule("ledger.bad-archive-code", ERROR, "档号不规范或与本行不符", {}),
    Rule("ledger.duplicate-archive-code", ERROR, "档号重复", {}),
    Rule("ledger.item-number-gap", ERROR, "件号不连续", {}),
    Rule("ledger.bad-retention", ERROR, "保管期限不规范", {}),
    Rule("ledger.bad-doc-number", WARNING, "文号不规范", {}),
    Rule("ledger.bad-page-count", ERROR, "页数不是正整数", {}),
    Rule("ledger.duplicate-entry", WARNING, "同一文件重复登记", {}),
    Rule("ledger.duplicate-doc-number", WARNING, "同一文号用于不同题名", {}),
    Rule("ledger.unknown-item", ERROR, "条目或材料类型不在指引中", {}),
]
