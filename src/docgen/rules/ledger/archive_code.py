"""ledger.bad-archive-code, ledger.duplicate-archive-code, ledger.item-number-gap"""

from __future__ import annotations

from collections import Counter, defaultdict

from ...catalogue import make
from ...context import AuditInput
from ...model import Item, LedgerRow
from ...parse import RETENTION_CODES, RETENTION_NAMES, ArchiveCode
from ..base import at_row, rule

PATTERN_HINT = "全宗号-年度-保管期限代码-类目代码-件号（如 J012-2025-D30-03-0007，或带门类代码 J012-WS·2025-D30-03-0007）"


@rule("ledger.bad-archive-code")
def bad_archive_code(ctx: AuditInput):
    items = ctx.guide.items
    for i, r in enumerate(ctx.rows):
        text = r.text("档号")
        if not text:
            continue
        code = ctx.codes[i]
        if code is None:
            yield make(
                "ledger.bad-archive-code",
                f"{at_row(ctx, i)}的档号“{text}”不符合格式 {PATTERN_HINT}。请按规则改正。",
                value=text,
                **ctx.row_where(i, "档号"),
            )
            continue
        problems = _code_problems(ctx, code) + _row_problems(r, code, items)
        if problems:
            yield make(
                "ledger.bad-archive-code",
                f"{at_row(ctx, i)}的档号“{text}”：{'；'.join(problems)}。请核对后改正。",
                value=text,
                **ctx.row_where(i, "档号"),
            )


def _code_problems(ctx: AuditInput, code: ArchiveCode) -> list[str]:
    """What is wrong with the 档号 itself, against the project."""
    problems = []
    if code.retention not in RETENTION_CODES:
        problems.append(f"保管期限代码“{code.retention}”不是 Y、D30、D10 之一")
    fonds = ctx.project.city.fonds
    if fonds and code.fonds != fonds:
        problems.append(f"全宗号“{code.fonds}”与本项目的全宗号“{fonds}”不同")
    doc_class = ctx.project.doc_class
    if doc_class and code.doc_class != doc_class:
        problems.append(f"门类代码应为“{doc_class}”，实际为“{code.doc_class or '无'}”")
    if code.number == 0:
        problems.append("件号 0000 无效，件号从 0001 起编")
    return problems


def _row_problems(r: LedgerRow, code: ArchiveCode, items: dict[str, Item]) -> list[str]:
    """Where the 档号 disagrees with its own row: 保管期限, 条目's section, 件号."""
    problems = []
    retention = r.text("保管期限")
    expected = RETENTION_NAMES.get(retention)
    if expected and code.retention in RETENTION_CODES and expected != code.retention:
        problems.append(
            f"保管期限代码“{code.retention}”与本行保管期限“{retention}”（应为 {expected}）不符"
        )
    item = items.get(r.text("条目"))
    if item is not None and code.section != item.section:
        problems.append(f"类目代码“{code.section}”与条目 {item.code} 所属类目“{item.section}”不符")
    number = r.text("件号")
    if number and (not number.isdecimal() or int(number) != code.number):
        problems.append(f"件号列“{number}”与档号末段 {code.number:04d} 不一致")
    return problems


@rule("ledger.duplicate-archive-code")
def duplicate_archive_code(ctx: AuditInput):
    first: dict[str, int] = {}
    for i, r in enumerate(ctx.rows):
        text = r.text("档号")
        if not text:
            continue
        if text in first:
            f = ctx.rows[first[text]]
            yield make(
                "ledger.duplicate-archive-code",
                f"{at_row(ctx, i)}的档号“{text}”与工作表“{f.sheet}”第 {f.row} 行重复。"
                "每一件的档号必须唯一，请重新编号。",
                value=text,
                **ctx.row_where(i, "档号"),
            )
        else:
            first[text] = i


@rule("ledger.item-number-gap")
def item_number_gap(ctx: AuditInput):
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, code in ctx.codes.items():
        if code is not None:
            groups[code.group].append(i)
    for group, idx in sorted(groups.items(), key=lambda g: tuple(str(x) for x in g[0])):
        numbers = Counter(ctx.codes[i].number for i in idx)
        missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        repeated = sorted(n for n, c in numbers.items() if c > 1)
        if not missing and not repeated:
            continue
        at = _first_problem(ctx, idx, missing, repeated)
        parts = [f"缺少件号 {_list(missing)}"] if missing else []
        parts += [f"件号 {_list(repeated)} 重复"] if repeated else []
        yield make(
            "ledger.item-number-gap",
            f"档号组 {_group_name(group)}（{len(idx)} 件）的件号不连续：{'；'.join(parts)}。"
            f"件号应在同一全宗、年度、保管期限、类目内从 0001 起连续编号，首个问题见{at_row(ctx, at)}。",
            value=_list(missing + repeated),
            **ctx.row_where(at, "档号"),
        )


def _first_problem(ctx: AuditInput, idx: list[int], missing: list[int], repeated: list[int]) -> int:
    """The row just after the first gap, else the second row of the first repeat."""
    by_number = sorted(idx, key=lambda i: (ctx.codes[i].number, i))  # i: workbook order
    if missing:
        return next(i for i in by_number if ctx.codes[i].number > missing[0])
    return [i for i in by_number if ctx.codes[i].number == repeated[0]][1]


def _group_name(group: tuple) -> str:
    fonds, cls, year, ret, section = group
    return f"{fonds}-{cls + '·' if cls else ''}{year}-{ret}-{section}"


def _list(numbers: list[int], limit: int = 10) -> str:
    shown = "、".join(f"{n:04d}" for n in numbers[:limit])
    return shown + (f" 等 {len(numbers)} 个" if len(numbers) > limit else "")
