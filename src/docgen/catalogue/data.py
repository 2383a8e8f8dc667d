"""The data rules: indicator figures, the problem list and the member units."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

RULES = [
    Rule("data.below-standard", ERROR, "指标未达标准", {}),
    Rule("data.out-of-range", ERROR, "数值超出有效范围", {}),
    Rule("data.mismatch", ERROR, "同一指标数值不一致", {}),
    Rule("data.logic", ERROR, "指标之间逻辑不符", {}),
    Rule("data.unit", WARNING, "计量单位不符", {}),
    Rule("data.missing-indicator", WARNING, "指标缺少数据", {}),
    Rule("data.unknown-unit", ERROR, "责任单位不在成员单位名单中", {}),
    Rule("data.overdue", ERROR, "问题逾期未整改", {}),
    Rule("data.date-order", ERROR, "日期先后顺序不对", {}),
]
