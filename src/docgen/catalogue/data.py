"""The data rules: indicator figures, the problem list and the member units.

Fields the templates share: `at` names where a figure or a problem-list row was read
(rules/data/common.at, rules/data/problem_list.at), `name` is an indicator's
catalogue name, `shown` a value as a message shows it (83.6%, C级).
"""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

_CHECK_DATA = "请核实数据；数据无误的，请列入问题清单限期整改，并在年度总结中说明原因和措施。"
_CHECK_TARGET = "此目标值未经核实，请先对照标准原文确认；确属未达标的，请列入问题清单整改。"
BELOW_STANDARD = {
    "": (
        "{at}：{year} 年“{name}”为 {shown}，{why}，未达到标准要求（{expected}；{basis}）。"
        + _CHECK_DATA
    ),
    "unverified": (
        "{at}：{year} 年“{name}”为 {shown}，{why}，未达到标准要求（{expected}；{basis}）。"
        + _CHECK_TARGET
    ),
}

_OUT_OF_RANGE = (
    "{year} 年“{name}”为 {shown}，超出有效范围（{expected}）。"
    "{hint}，请核对是否录错小数点或单位，改正后重新审核。"
)
OUT_OF_RANGE = {
    "": "{at}：" + _OUT_OF_RANGE,
    "stated": "{at}：写的是“{text}”，" + _OUT_OF_RANGE,  # a figure read from a document
    # the hint that begins the advice
    "hint-negative": "数值不能为负数",
    "hint-below": "数值不能小于 {low}",
    "hint-percent": "百分比不能超过 100%",
    "hint-above": "数值不能大于 {high}",
}

_MISMATCH_HEAD = "{year} 年“{name}”数值不一致："
MISMATCH = {
    "": (
        _MISMATCH_HEAD + "指标数据表（{ref_file} 工作表“{sheet}”第 {row} 行）"
        "为 {ref_shown}，而{place}写的是 {shown}{quote}。"
        "请核实实际统计数，改正有误的一处（数据表或文件），使两处一致；文件已印发的，"
        "应在说明材料中写明以哪一个数为准。"
    ),
    "documents": (
        _MISMATCH_HEAD + "{ref_place}写的是 {ref_shown}，"
        "而{place}写的是 {shown}{quote}。"
        "指标数据表中没有该指标 {year} 年的数值。请核实实际统计数，改正有误的文件，"
        "并在指标数据表中填写 {year} 年的数值。"
    ),
    "quote": "（原文：“{text}”）",  # after a document's figure, its words
}

LOGIC = {
    "part-whole": (
        "{at}：{year} 年“{part}”为 {part_shown}，大于第 {whole_row} 行"
        "“{whole}”{whole_shown}。{note}前者不能大于后者；请核对这两行数据，改正后重新审核。"
    ),
    "rate": (
        "{at}：{year} 年“{rate}”填的是 {rate_shown}，但按第 {numerator_row} 行"
        "“{numerator}”{numerator_shown} ÷ {denominator} 计算应为 {computed}，"
        "两者相差超过 {tolerance}。"
        "请核对比率和分子、分母三项数据，改正后重新审核。"
    ),
    "district-sum": (
        "{at}：{year} 年“{name}”总数为 {shown}，但各区县分项 {listed} "
        "合计 {total}，两者不一致。请核对；如只填了部分区县，请补齐其余区县的分项。"
    ),
}

UNIT = {
    "converted": (
        "{file} 工作表“{sheet}”第 {row} 行：“{name}”的单位写作“{value}”，"
        "与指标目录的单位“{expected}”不同，"
        "已将 {raw_value} {value} 换算为 {shown} 参与检查。"
        "建议统一按“{expected}”填写，以免与文件中的数字对不上。"
    ),
    "bad-unit": (
        "{file} 工作表“{sheet}”第 {row} 行：“{name}”的单位“{value}”"
        "与指标目录的单位“{expected}”不符，无法换算，"
        "本行未参与任何检查。请把单位改为“{expected}”（数值相应换算）后重新审核。"
    ),
}

_ROW = "{file} 工作表“{sheet}”第 {row} 行："
_LEFT_OUT = "，本行未参与检查。"
MISSING_INDICATOR = {
    "": (
        "{file} 中没有 {year} 年“{name}”的数值（{version}版标准要求{expected}）。"
        "请在工作表“{sheet}”中补一行：指标名称“{name}”，年度 {year}，{what}，单位“{measure}”。"
    ),
    "no-sheet": (
        "{file} 中没有 {year} 年“{name}”的数值（{version}版标准要求{expected}）。"
        "请在指标数据表中补一行：指标名称“{name}”，年度 {year}，{what}，单位“{measure}”。"
    ),
    "short-history": (
        _ROW + "{year} 年“{name}”要求不高于近 {n} 年平均水平，"
        "但 {first}–{last} 年只有 {count} 年的数据，无法比较。"
        "请补充这几年的“{name}”（至少 2 年）。"
    ),
    "unknown-indicator": (
        _ROW + "{reason}" + _LEFT_OUT + "{close}请改用指标目录中的名称或代码；"
        "如确是目录外的指标，可在项目的指标目录中补充（extends: builtin）。"
    ),
    "no-name": _ROW + "{reason}" + _LEFT_OUT + "请填写指标名称（或指标代码）。",
    "bad-year": _ROW + "“{name}”的{reason}" + _LEFT_OUT + "请写成四位年份，如 2025。",
    "bad-value": (
        _ROW + "“{name}”的{reason}，本行未参与检查，{year} 年的“{name}”因此缺少数据。"
        "请填写实际统计数值（只填数字，单位写在单位列）。"
    ),
    # the closest catalogue names, before the advice of "unknown-indicator"
    "close": "相近的名称：{names}。",
    # why a row gave no figure (indicators/figures.py Unread; `said`: the cell)
    "why-no-name": "指标名称和指标代码都为空，无法判断是哪个指标",
    "why-unknown-indicator": "“{said}”不在指标目录中",
    "why-empty-year": "年度为空",
    "why-not-year": "年度“{said}”不是四位年份",
    "why-empty-value": "数值为空",
    "why-not-number": "数值“{said}”不是数字",
    "why-not-finite": "数值不是有限的数字",
    "why-target": "数值“{said}”是目标值或约数，不是实际统计数",
    "why-extra-text": "数值“{said}”中有多余的文字“{extra}”",
    "why-not-grade": "数值“{said}”不是等级（应为 A级、B级、C级 或 D级）",
}

_UNKNOWN_UNIT_FIX = (
    "请改为成员单位的全称或名单中的简称；如果它确是责任单位，请先把它补进成员单位名单。"
    "在此之前不会给它生成交办单（docgen render assignment --each unit）。"
)
UNKNOWN_UNIT = {
    "": "{at}的责任单位“{value}”不在成员单位名单（{source}）中。" + _UNKNOWN_UNIT_FIX,
    "suggest": (
        "{at}的责任单位“{value}”不在成员单位名单（{source}）中。是否应为{hints}？"
        + _UNKNOWN_UNIT_FIX
    ),
}

_OVERDUE_FIX = (
    "请督促责任单位限期整改并报送整改材料；已经整改完成的，请把整改状态改为“已整改”"
    "或“已销号”并填写完成日期。"
)
_OVERDUE = "{at}：责任单位 {units}，整改时限 {deadline}{written}，截至 {today} 已逾期 {days} 天，"
OVERDUE = {
    "": _OVERDUE + "整改状态仍为“{status}”。" + _OVERDUE_FIX,
    "no-status": _OVERDUE + "整改状态为空。" + _OVERDUE_FIX,
    # after a deadline the sheet does not write as a date (2025年12月底, 15个工作日)
    "written": "（表中写作“{text}”）",
    "no-unit": "（未填写）",
}

_WRITE_DATES = "请写成 8 位数字（如 20250611），或在 Excel 中设为日期格式。"
_FIX_DATES = "请核对这两个日期，改正填错的一项。"
DATE_ORDER = {
    "unreadable": "{at}的{column}“{value}”不是可识别的日期，无法核对日期先后。" + _WRITE_DATES,
    "unreadable-deadline": (
        "{at}的{column}“{value}”不是可识别的日期，无法核对日期先后和是否逾期。" + _WRITE_DATES
    ),
    "done-before-given": (
        "{at}的{column} {found} 早于交办日期 {given}，问题不会在交办之前就已整改完成。" + _FIX_DATES
    ),
    "deadline-before-given": (
        "{at}的{column} {found} 早于交办日期 {given}，整改时限应在交办日期之后。" + _FIX_DATES
    ),
}

RULES = [
    Rule("data.below-standard", ERROR, "指标未达标准", BELOW_STANDARD),
    Rule("data.out-of-range", ERROR, "数值超出有效范围", OUT_OF_RANGE),
    Rule("data.mismatch", ERROR, "同一指标数值不一致", MISMATCH),
    Rule("data.logic", ERROR, "指标之间逻辑不符", LOGIC),
    Rule("data.unit", WARNING, "计量单位不符", UNIT),
    Rule("data.missing-indicator", WARNING, "指标缺少数据", MISSING_INDICATOR),
    Rule("data.unknown-unit", ERROR, "责任单位不在成员单位名单中", UNKNOWN_UNIT),
    Rule("data.overdue", ERROR, "问题逾期未整改", OVERDUE),
    Rule("data.date-order", ERROR, "日期先后顺序不对", DATE_ORDER),
]
