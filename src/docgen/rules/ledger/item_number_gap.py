"""ledger.item-number-gap: 件号 missing or repeated within a 档号 group."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule


@rule("ledger.item-number-gap")
def item_number_gap(ctx: AuditInput) -> Iterator[Finding]:
    groups: dict[tuple, list[int]] = defaultdict(list)
    for i, code in ctx.codes.items():
        if code is not None:
            groups[code.group].append(i)
    for _group, idx in sorted(groups.items(), key=lambda g: tuple(str(x) for x in g[0])):
        numbers = Counter(ctx.codes[i].number for i in idx)
        missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
        repeated = sorted(n for n, c in numbers.items() if c > 1)
        if not missing and not repeated:
            continue
        at = _first_problem(ctx, idx, missing, repeated)
        yield make(
            "ledger.item-number-gap",
            "both" if missing and repeated else "missing" if missing else "repeated",
            group=ctx.codes[idx[0]].group_label,
            count=len(idx),
            missing=_list(missing),
            repeated=_list(repeated),
            value=_list(missing + repeated),
            **ctx.row_where(at, "档号"),
        )


def _first_problem(ctx: AuditInput, idx: list[int], missing: list[int], repeated: list[int]) -> int:
    """The row just after the first gap, else the second row of the first repeat."""
    by_number = sorted(idx, key=lambda i: (ctx.codes[i].number, i))  # i: workbook order
    if missing:
        return next(i for i in by_number if ctx.codes[i].number > missing[0])
    return [i for i in by_number if ctx.codes[i].number == repeated[0]][1]


def _list(numbers: list[int], limit: int = 10) -> str:
    shown = "、".join(f"{n:04d}" for n in numbers[:limit])
    return shown + (f" 等 {len(numbers)} 个" if len(numbers) > limit else "")
