"""Measuring completeness against the guide: for each requirement and period, how
many ledger rows evidence it. The rule `completeness.missing` and the report's
summary both read this one measurement."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

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


@dataclass(frozen=True)
class Completeness:
    cells: tuple[Cell, ...]

    @staticmethod
    def _ratio(cells: list[Cell]) -> float:
        return round(sum(c.met for c in cells) / len(cells), 4) if cells else 1.0

    @property
    def overall(self) -> float:
        return self._ratio(list(self.cells))

    def by_section(self) -> dict[str, float]:
        groups: dict[str, list[Cell]] = defaultdict(list)
        for c in self.cells:
            groups[c.section].append(c)
        return {k: self._ratio(v) for k, v in sorted(groups.items())}

    def by_section_year(self) -> dict[str, dict[str, float]]:
        """section → {"2025": ratio, ..., "全期": ratio for `once` requirements}."""
        groups: dict[str, dict[str, list[Cell]]] = defaultdict(lambda: defaultdict(list))
        for c in self.cells:
            groups[c.section][str(c.year) if c.year is not None else "全期"].append(c)
        return {
            s: {y: self._ratio(v) for y, v in sorted(ys.items())}
            for s, ys in sorted(groups.items())
        }


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
    """Measured once per AuditInput: the rule and the report's summary share it."""
    cached = ctx.__dict__.get("_completeness")
    if cached is None:
        cached = ctx.__dict__["_completeness"] = _measure(ctx)
    return cached


def _measure(ctx: AuditInput) -> Completeness:
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
