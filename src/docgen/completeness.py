"""Measuring completeness against the guide: for each requirement and period, how
many ledger rows evidence it, and the summaries the reports show (by section, by
year, period by period). The rule `completeness.missing` and every report read this
one measurement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from .context import AuditInput
from .model import Item, Requirement


@dataclass(frozen=True)
class Cell:
    """One requirement in one period."""

    section: str
    item: Item
    req: Requirement
    period: str | None  # "2025", "2025-Q2", "2025-03"; None for `once`
    year: int | None
    start: dt.date
    end: dt.date
    count: int

    @property
    def met(self) -> bool:
        return self.count >= self.req.min


WHOLE_WINDOW = "全期"  # the label of `once` requirements, measured over the whole window
DETAIL_PERS = ("quarter", "month")  # requirements shown period by period


# a summary worked out from the cells: not an argument, nor compared
_DERIVED = {"init": False, "compare": False, "repr": False}


@dataclass(frozen=True)
class PeriodRow:
    """One requirement filed per quarter or month: its cell in each period."""

    section: str
    code: str
    name: str
    kind: str
    least: int
    cells: dict[str, Cell]  # period label → cell


@dataclass(frozen=True)
class PeriodTable:
    """The requirements of one `per` ("quarter" or "month"), period by period."""

    per: str
    labels: tuple[str, ...]  # every period label of these rows, sorted
    rows: tuple[PeriodRow, ...]


@dataclass(frozen=True)
class Completeness:
    """Every cell, and every summary the reports show of them, worked out once when
    the result is made (and so stored with it in the audit memo)."""

    cells: tuple[Cell, ...]
    overall: float = field(**_DERIVED)
    sections: dict[str, float] = field(**_DERIVED)  # section → ratio
    section_years: dict[str, dict[str, float]] = field(**_DERIVED)
    years: dict[str, float] = field(**_DERIVED)  # "2025" (or 全期) → ratio, all sections
    periods: tuple[PeriodTable, ...] = field(**_DERIVED)

    def __post_init__(self) -> None:
        cells = list(self.cells)
        put = partial(object.__setattr__, self)  # frozen: set once, here
        put("overall", _ratio(cells))
        put("sections", {k: _ratio(v) for k, v in sorted(_group(cells, _section).items())})
        put("section_years", _section_years(cells))
        put("years", {k: _ratio(v) for k, v in _group(cells, _year_label).items()})
        put("periods", tuple(t for per in DETAIL_PERS if (t := _period_table(cells, per))))

    def by_section(self) -> dict[str, float]:
        return self.sections

    def by_section_year(self) -> dict[str, dict[str, float]]:
        """section → {"2025": ratio, ..., "全期": ratio for `once` requirements}."""
        return self.section_years

    @property
    def has_window(self) -> bool:
        """Some requirement is measured once over the whole window (a 全期 column)."""
        return WHOLE_WINDOW in self.years


def _ratio(cells: list[Cell]) -> float:
    return round(sum(c.met for c in cells) / len(cells), 4) if cells else 1.0


def _section(c: Cell) -> str:
    return c.section


def _year_label(c: Cell) -> str:
    return str(c.year) if c.year is not None else WHOLE_WINDOW


def _group(cells: list[Cell], key: Callable[[Cell], str]) -> dict[str, list[Cell]]:
    groups: dict[str, list[Cell]] = defaultdict(list)
    for c in cells:
        groups[key(c)].append(c)
    return groups


def _section_years(cells: list[Cell]) -> dict[str, dict[str, float]]:
    return {
        s: {y: _ratio(v) for y, v in sorted(_group(group, _year_label).items())}
        for s, group in sorted(_group(cells, _section).items())
    }


def _period_table(cells: list[Cell], per: str) -> PeriodTable | None:
    """The requirements filed per `per`, in the guide's order; None when there are none."""
    rows: dict[tuple, dict[str, Cell]] = {}
    for c in cells:
        if c.req.per == per:
            key = (c.section, c.item.code, c.item.name, c.req.kind, c.req.min)
            rows.setdefault(key, {})[c.period] = c
    if not rows:
        return None
    labels = tuple(sorted({p for by_period in rows.values() for p in by_period}))
    return PeriodTable(per, labels, tuple(PeriodRow(*k, v) for k, v in rows.items()))


def periods(per: str, years: list[int]) -> list[tuple[str | None, int | None, dt.date, dt.date]]:
    """(label, year, first day, last day) of each period of the window."""
    out = []
    if per == "once":
        return [(None, None, dt.date(min(years), 1, 1), dt.date(max(years), 12, 31))]
    for y in years:
        if per == "year":
            out.append((str(y), y, dt.date(y, 1, 1), dt.date(y, 12, 31)))
        elif per == "quarter":
            for q in range(4):
                end = (
                    dt.date(y, 3 * q + 4, 1) - dt.timedelta(days=1) if q < 3 else dt.date(y, 12, 31)
                )
                out.append((f"{y}-Q{q + 1}", y, dt.date(y, 3 * q + 1, 1), end))
        else:
            for m in range(1, 13):
                end = dt.date(y, m + 1, 1) - dt.timedelta(days=1) if m < 12 else dt.date(y, 12, 31)
                out.append((f"{y}-{m:02d}", y, dt.date(y, m, 1), end))
    return out


@dataclass
class Evidence:
    """The rows filed under one (item, kind): their dates, and the 档号 years of rows
    whose 日期 is empty or no real date."""

    dates: list[dt.date] = field(default_factory=list)
    undated: list[int] = field(default_factory=list)

    def count(self, req: Requirement, start: dt.date, end: dt.date) -> int:
        if req.carry_forward:
            n = sum(1 for d in self.dates if d <= end)
        else:
            n = sum(1 for d in self.dates if start <= d <= end)
        return n + sum(1 for y in self.undated if _undated_counts(y, req, start, end))


def _undated_counts(year: int, req: Requirement, start: dt.date, end: dt.date) -> bool:
    """A row known only by its year evidences a whole year (or the window), never a
    quarter or month; with carry_forward, also any period of a later year."""
    if req.carry_forward and year < start.year:
        return True
    return req.per in ("year", "once") and start.year <= year <= end.year


def evidence(ctx: AuditInput) -> dict[tuple[str, str], Evidence]:
    """(条目, 材料类型) → the rows evidencing it."""
    found: dict[tuple[str, str], Evidence] = defaultdict(Evidence)
    for i, r in enumerate(ctx.rows):
        ev = found[(r.text("条目"), r.text("材料类型"))]
        d = ctx.dates[i]
        if d is not None and d.date is not None:
            ev.dates.append(d.date)
        elif ctx.codes[i] is not None:
            ev.undated.append(ctx.codes[i].year)
    return found


def measure(ctx: AuditInput) -> Completeness:
    """Every requirement in every period of the window, counted; the check stage
    measures once (audit.judge) and the rule and the reports read that."""
    found = evidence(ctx)
    none = Evidence()
    cells = []
    for section in ctx.guide.sections:
        for item in section.items:
            for req in item.requires:
                ev = found.get((item.code, req.kind), none)
                for label, year, start, end in periods(req.per, ctx.years):
                    cells.append(
                        Cell(
                            section.code,
                            item,
                            req,
                            label,
                            year,
                            start,
                            end,
                            ev.count(req, start, end),
                        )
                    )
    return Completeness(tuple(cells))
