"""The 归档文件目录 rules (DA/T 22-2015)."""

from __future__ import annotations

from ..findings import ERROR, WARNING
from . import Rule

# How a message names a ledger row; `sheet` and `row` are the finding's own keys.
AT = "归档目录工作表“{sheet}”第 {row} 行"
_GAP = "档号组 {group}（{count} 件）的件号不连续："
_GAP_END = "。件号应在同一全宗、年度、保管期限、类目内从 0001 起连续编号，首个问题见" + AT + "。"
_RETENTION = AT + "的保管期限“{value}”不规范，只能是 {expected}。"

# The pieces a ledger.bad-archive-code message joins with "；" (a 档号 can have several).
ARCHIVE_CODE_PROBLEMS = {
    "retention-code": "保管期限代码“{code}”不是 Y、D30、D10 之一",
    "retention-word": "保管期限“{code}”不是 永久、定期30年、定期10年 之一（代码为 Y、D30、D10）",
    "fonds": "全宗号“{code}”与本项目的全宗号“{fonds}”不同",
    "doc-class": "门类代码应为“{doc_class}”，实际为“{code}”",
    "number-zero": "件号 0000 无效，件号从 0001 起编",
    "retention": "保管期限代码“{code}”与本行保管期限“{retention}”（应为 {expected}）不符",
    "section": "类目代码“{code}”与条目 {item} 所属类目“{section}”不符",
    "section-name": "类目“{code}”不是条目 {item} 所属的类目“{section}”",
    "number": "件号列“{number}”与档号末段 {code:04d} 不一致",
}

# One piece of a ledger.shifted-columns message per column (joined with "；").
SHIFT_LOOKS = "“{column}”列的 {total} 个值中有 {count} 个像“{like}”"
SHIFT_LOOKS_SAMPLED = "“{column}”列抽查的 {total} 个值中有 {count} 个像“{like}”"

RULES = [
    Rule(
        "ledger.missing-column",
        ERROR,
        "目录缺少必备列",
        {
            "": "归档目录工作表“{sheet}”第 {row} 行的表头缺少必备列“{column}”。"
            "请在表头中增加“{column}”列并逐行填写。",
            "no-header": "归档目录工作表“{sheet}”的前 5 行中找不到表头（需要 {columns} 等列），"
            "因此缺少“{column}”列，本表内容未能读取。请在表格顶部加上标准表头，或在 docgen.yaml 的 "
            "paths.ledger_sheets 中只列出目录工作表。",
        },
    ),
    Rule(
        "ledger.shifted-columns",
        ERROR,
        "目录的列像是错位了",
        {
            "": "归档目录工作表“{sheet}”的列像是错位了：{looks}。多半是表头与数据错开了"
            "（表头少了或多了一格，或插入、删除了一列而表头没有跟着改）。{columns} 这几列共 "
            "{count} 行的逐行检查（日期、保管期限、页数、文号、条目等）已略过，以免同一处错位"
            "报出成百上千条错误。请对照第 {row} 行的表头把各列对齐（或补上缺少的列），"
            "再重新审核。"
        },
    ),
    Rule(
        "ledger.required-empty",
        ERROR,
        "必填项为空",
        {"": AT + "的“{column}”为空。这是必填项，请补填。"},
    ),
    Rule(
        "ledger.bad-date",
        ERROR,
        "日期不是有效日期",
        {"": AT + "的日期“{value}”不是有效日期。请按成文日期写成 8 位数字，如 20250611。"},
    ),
    Rule(
        "ledger.nonstandard-date",
        WARNING,
        "日期未写成8位数字",
        {"": AT + "的日期“{value}”应按 DA/T 22 写成 8 位数字：{expected}。"},
    ),
    Rule(
        "ledger.year-mismatch",
        WARNING,
        "日期年份与档号年度不一致",
        {
            "": AT + "的日期年份 {value} 与档号年度 {expected} 不同。"
            "跨年文件按内容所属年度归档时可以保留；否则请核对日期或档号。"
        },
    ),
    Rule(
        "ledger.bad-archive-code",
        ERROR,
        "档号不规范或与本行不符",
        {
            "": AT + "的档号“{value}”：{problems}。请核对后改正。",
            "pattern": AT + "的档号“{value}”不符合格式 全宗号-年度-保管期限代码-类目代码-件号"
            "（如 J012-2025-D30-03-0007，或带门类代码 J012-WS·2025-D30-03-0007）。请按规则改正。",
        },
    ),
    Rule(
        "ledger.duplicate-archive-code",
        ERROR,
        "档号重复",
        {
            "": AT + "的档号“{value}”与工作表“{first_sheet}”第 {first_row} 行重复。"
            "每一件的档号必须唯一，请重新编号。"
        },
    ),
    Rule(
        "ledger.item-number-gap",
        ERROR,
        "件号不连续",
        {
            "missing": _GAP + "缺少件号 {missing}" + _GAP_END,
            "repeated": _GAP + "件号 {repeated} 重复" + _GAP_END,
            "both": _GAP + "缺少件号 {missing}；件号 {repeated} 重复" + _GAP_END,
        },
    ),
    Rule(
        "ledger.bad-retention",
        ERROR,
        "保管期限不规范",
        {
            "": _RETENTION + "请改正。",
            "old-period": _RETENTION + "“{value}”是 DA/T 22-2015 以前的期限，"
            "现一般对应“{now}”。请改正。",
        },
    ),
    Rule(
        "ledger.bad-doc-number",
        WARNING,
        "文号不规范",
        {"": AT + "的文号“{value}”：{problems}。"},
    ),
    Rule(
        "ledger.bad-page-count",
        ERROR,
        "页数不是正整数",
        {"": AT + "的页数“{value}”不是不小于 1 的整数。请填写该件的实际页数。"},
    ),
    Rule(
        "ledger.duplicate-entry",
        WARNING,
        "同一文件重复登记",
        {
            "": AT + "与工作表“{first_sheet}”第 {first_row} 行题名、文号、日期都相同，"
            "同一文件登记了两次。请删除重复的一行，或核对是否为不同文件。"
        },
    ),
    Rule(
        "ledger.duplicate-doc-number",
        WARNING,
        "同一文号用于不同题名",
        {
            "": AT + "的文号“{value}”已用于工作表“{first_sheet}”第 {first_row} 行的另一份文件"
            "《{first_title}》。一个文号只能对应一份文件，请核对文号。"
        },
    ),
    Rule(
        "ledger.unknown-item",
        ERROR,
        "条目或材料类型不在指引中",
        {
            "item": AT + "的条目“{value}”不在建档指引 {guide} 中。"
            "请对照指引填写条目代码（如 3.2），可用 docgen guides {guide} 查看条目。",
            "kind": AT + "的材料类型“{value}”不在建档指引 {guide} 的类型中（{expected}）。"
            "请改为其中之一。",
        },
    ),
]
