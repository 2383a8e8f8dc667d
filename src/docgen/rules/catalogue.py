"""The rule catalogue: every stable rule id, its severity and a short Chinese title.

Ids and severities are the product contract (DESIGN.md); the titles head the
groups in the table and xlsx reports. A rule module makes its findings through
`make()` so that no rule can invent an id or a severity of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..findings import ERROR, WARNING, Finding


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: str
    title: str


_RULES = [
    RuleInfo("ledger.missing-column", ERROR, "目录缺少必备列"),
    RuleInfo("ledger.required-empty", ERROR, "必填项为空"),
    RuleInfo("ledger.bad-date", ERROR, "日期不是有效日期"),
    RuleInfo("ledger.nonstandard-date", WARNING, "日期未写成8位数字"),
    RuleInfo("ledger.year-mismatch", WARNING, "日期年份与档号年度不一致"),
    RuleInfo("ledger.bad-archive-code", ERROR, "档号不规范或与本行不符"),
    RuleInfo("ledger.duplicate-archive-code", ERROR, "档号重复"),
    RuleInfo("ledger.item-number-gap", ERROR, "件号不连续"),
    RuleInfo("ledger.bad-retention", ERROR, "保管期限不规范"),
    RuleInfo("ledger.bad-doc-number", WARNING, "文号不规范"),
    RuleInfo("ledger.bad-page-count", ERROR, "页数不是正整数"),
    RuleInfo("ledger.duplicate-entry", WARNING, "同一文件重复登记"),
    RuleInfo("ledger.duplicate-doc-number", WARNING, "同一文号用于不同题名"),
    RuleInfo("ledger.unknown-item", ERROR, "条目或材料类型不在指引中"),
    RuleInfo("file.missing", ERROR, "文件缺失"),
    RuleInfo("file.orphan", WARNING, "文件未登记"),
    RuleInfo("file.unreadable", ERROR, "文件损坏或与扩展名不符"),
    RuleInfo("file.encrypted", ERROR, "文件设有密码"),
    RuleInfo("file.empty", ERROR, "文件为空"),
    RuleInfo("file.page-mismatch", ERROR, "页数与文件不符"),
    RuleInfo("file.duplicate-content", WARNING, "同一文件归入两个档号"),
    RuleInfo("file.outside-root", ERROR, "文件路径超出归档文件夹"),
    RuleInfo("completeness.missing", ERROR, "资料不全"),
    RuleInfo("data.below-standard", ERROR, "指标未达标准"),
    RuleInfo("data.out-of-range", ERROR, "数值超出有效范围"),
    RuleInfo("data.mismatch", ERROR, "同一指标数值不一致"),
    RuleInfo("data.logic", ERROR, "指标之间逻辑不符"),
    RuleInfo("data.unit", WARNING, "计量单位不符"),
    RuleInfo("data.missing-indicator", WARNING, "指标缺少数据"),
    RuleInfo("data.unknown-unit", ERROR, "责任单位不在成员单位名单中"),
    RuleInfo("data.overdue", ERROR, "问题逾期未整改"),
    RuleInfo("data.date-order", ERROR, "日期先后顺序不对"),
]

CATALOGUE: dict[str, RuleInfo] = {r.id: r for r in _RULES}


def make(rule_id: str, message: str, **where: Any) -> Finding:
    """A finding of `rule_id` with the catalogue's severity."""
    info = CATALOGUE[rule_id]
    return Finding(rule=info.id, severity=info.severity, message=message, **where)
