"""Which ledger columns hold another column's values (a header shifted against its data).

Measured once per AuditInput and shared by ledger.shifted-columns, which reports it, and
by the row-by-row rules, which leave the affected columns of that sheet to it: one
shift otherwise gives an error on every row of every column it moved."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from ...cn.doc_number import IN_LEDGER
from ...context import AuditInput
from ...model import cell_text
from ...parse import RETENTION_CODES, RETENTION_WORDS, parse_archive_code, parse_date

# The columns whose values have a shape of their own, which another column's values can
# be told to have. 题名, 责任者 and 页数 are looked at but have no shape told apart.
SHAPED = ("档号", "日期", "保管期限", "文号", "条目", "材料类型")
LOOKED_AT = (
    "档号",
    "件号",
    "责任者",
    "文号",
    "题名",
    "日期",
    "页数",
    "保管期限",
    "条目",
    "材料类型",
)
MIN_VALUES = 3  # a column of fewer values says nothing
SHARE = 0.6  # of a column's values must look like the other column's
SAMPLE = 2000  # rows of a longer sheet looked at, evenly spaced (a shift moves them all)
_RETENTIONS = set(RETENTION_WORDS) | set(RETENTION_CODES) | {"长期", "短期"}


@dataclass(frozen=True)
class Looks:
    column: str  # the column as the header names it
    like: str  # the column its values look like
    count: int  # how many of its values do
    total: int  # of how many
    sampled: bool = False  # the sheet was longer than SAMPLE rows: counts are of the sample


@dataclass(frozen=True)
class SheetShift:
    sheet: str
    looks: tuple[Looks, ...]
    affected: frozenset[str]  # the columns the row-by-row rules leave to the finding
    rows: int  # the sheet's data rows


_memo: list = []  # (ledger, guide, result): the last AuditInput's, shared by its rules


def shifts(ctx: AuditInput) -> dict[str, SheetShift]:
    """The sheets whose columns look shifted, by sheet name."""
    if _memo and _memo[0] is ctx.ledger and _memo[1] is ctx.guide:
        return _memo[2]
    result = _measure(ctx)
    _memo[:] = [ctx.ledger, ctx.guide, result]
    return result


def left_to_shift(ctx: AuditInput, i: int, column: str) -> bool:
    """Whether row i's `column` lies in a shifted part of its sheet (not judged cell by cell)."""
    found = shifts(ctx)
    if not found:
        return False
    shift = found.get(ctx.rows[i].sheet)
    return shift is not None and column in shift.affected


def _measure(ctx: AuditInput) -> dict[str, SheetShift]:
    items, kinds = set(ctx.guide.items), set(ctx.guide.kinds)
    by_sheet: dict[str, list[int]] = {}
    for i, r in enumerate(ctx.rows):
        by_sheet.setdefault(r.sheet, []).append(i)
    out = {}
    for info in ctx.ledger.sheets:
        every = by_sheet.get(info.name, [])
        if len(every) < MIN_VALUES:
            continue
        sampled = len(every) > SAMPLE
        idx = [every[k * len(every) // SAMPLE] for k in range(SAMPLE)] if sampled else every
        looks = []
        for column in LOOKED_AT:
            if column not in info.columns:
                continue
            shapes: Counter = Counter()
            total = 0
            for i in idx:
                value = ctx.rows[i].cells.get(column)
                if value is None:
                    continue
                total += 1
                shape = _shape(value, items, kinds)
                if shape is not None and shape != column:
                    shapes[shape] += 1
            if total < MIN_VALUES or not shapes:
                continue
            like, count = max(shapes.items(), key=lambda kv: (kv[1], -SHAPED.index(kv[0])))
            if count >= MIN_VALUES and count >= SHARE * total:
                looks.append(Looks(column, like, count, total, sampled))
        if looks:
            affected = {x.column for x in looks} | {x.like for x in looks if x.like in info.columns}
            out[info.name] = SheetShift(info.name, tuple(looks), frozenset(affected), len(every))
    return out


def _shape(value, items: set[str], kinds: set[str]) -> str | None:
    """The column a value looks like it belongs to, when its shape tells one."""
    if isinstance(value, (dt.date, dt.datetime)):
        return "日期"
    text = cell_text(value)
    if not text or len(text) > 60:
        return None
    if text in _RETENTIONS:
        return "保管期限"
    if text in items:
        return "条目"
    if text in kinds:
        return "材料类型"
    if isinstance(value, str) and "-" in text and parse_archive_code(text) is not None:
        return "档号"
    if len(text) <= 30 and text.endswith("号") and IN_LEDGER.fullmatch(text):
        return "文号"
    if text[:1].isdigit() and len(text) >= 8 and parse_date(value).status != "bad":
        return "日期"
    return None
