"""data.logic: relations between indicators in the data sheet are broken.

- parts ≤ whole (`le` relations): 建成区绿地率 ≤ 建成区绿化覆盖率, 规范管理患者数 ≤ 在册患者数 …
- a rate equals its own numerator ÷ denominator (`rate` relations) when all three
  are in the data, within half the rate's last stated digit (or the relation's
  tolerance);
- district figures of an `additive` indicator add up to the city's figure, within
  the rounding of the figures.

Every year in the sheet is checked, not only the audit window: a wrong number is
wrong whatever its year. The finding sits on the row that states the checked
figure (the part, the rate, the city total) and names the other rows.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...indicators import units
from ...indicators.catalogue import DAYS_IN_YEAR, Catalogue, Relation, fmt
from ...indicators.figures import SheetFigures
from ...model import Figure
from ..base import rule
from .common import at, show, where

RULE = "data.logic"


@rule(RULE)
def logic(ctx: AuditInput) -> Iterator[Finding]:
    figures = ctx.figures
    if figures is None:
        return
    cat: Catalogue = ctx.catalogue
    for rel in cat.relations:
        if rel.kind == "le":
            yield from _part_whole(rel, cat, figures)
        elif rel.kind == "rate":
            yield from _rate(rel, cat, figures)
    yield from _district_sums(cat, figures)


def _base(fig: Figure) -> float | None:
    return units.to_base(fig.value, fig.unit or "")


def _same_years(figures: SheetFigures, a: str, b: str) -> Iterator[tuple[int, Figure, Figure]]:
    """(year, a's figure, b's figure) for each year both indicators have, in order."""
    xs, ys = figures.series(a), figures.series(b)
    for year in sorted(xs.keys() & ys.keys()):
        yield year, xs[year], ys[year]


def _part_whole(rel: Relation, cat: Catalogue, figures: SheetFigures) -> Iterator[Finding]:
    part, whole = cat.get(rel.part), cat.get(rel.whole)
    for _, p, w in _same_years(figures, part.code, whole.code):
        pb, wb = _base(p), _base(w)
        if pb is None or wb is None or pb <= wb + 1e-9 * max(1.0, abs(wb)):
            continue
        yield make(
            RULE,
            "part-whole",
            at=at(p),
            part=part.name,
            part_shown=show(p.value, part),
            whole_row=w.row,
            whole=whole.name,
            whole_shown=show(w.value, whole),
            note=f"{rel.note}，" if rel.note else "",
            **where(p, expected=f"≤ {show(w.value, whole)}（第 {w.row} 行）"),
        )


def _denominator(
    rel: Relation, cat: Catalogue, figures: SheetFigures, year: int
) -> tuple[float, str] | None:
    """(denominator in base units, how a message names it) for `year`."""
    if rel.denominator == DAYS_IN_YEAR:
        days = 366 if calendar.isleap(year) else 365
        return float(days), f"全年 {days} 天"
    den = cat.get(rel.denominator)
    fig = figures.series(den.code).get(year)
    if fig is None:
        return None
    base = _base(fig)
    return None if base is None else (base, f"第 {fig.row} 行“{den.name}”{show(fig.value, den)}")


def _rate(rel: Relation, cat: Catalogue, figures: SheetFigures) -> Iterator[Finding]:
    rate, num = cat.get(rel.rate), cat.get(rel.numerator)
    for year, r, n in _same_years(figures, rate.code, num.code):
        den = _denominator(rel, cat, figures, year)
        nb = _base(n)
        if den is None or nb is None or den[0] == 0:
            continue
        computed = nb / den[0] * units.ratio_scale(rate.unit)
        tolerance = rel.tolerance if rel.tolerance is not None else 0.5 * 10**-r.decimals
        if abs(computed - r.value) <= tolerance + 1e-9:
            continue
        yield make(
            RULE,
            "rate",
            at=at(r),
            rate=rate.name,
            rate_shown=show(r.value, rate),
            numerator_row=n.row,
            numerator=num.name,
            numerator_shown=show(n.value, num),
            denominator=den[1],
            computed=show(round(computed, max(r.decimals, 2)), rate),
            tolerance=fmt(tolerance),
            **where(r, expected=round(computed, max(r.decimals, 2))),
        )


def _district_sums(cat: Catalogue, figures: SheetFigures) -> Iterator[Finding]:
    groups: dict[tuple[str, int], dict[str, Figure]] = {}
    for d in figures.districts:
        groups.setdefault((d.figure.indicator, d.figure.year), {}).setdefault(d.district, d.figure)
    for (code, year), parts in sorted(groups.items()):
        ind = cat.get(code)
        city = figures.series(code).get(year)
        if not ind.additive or city is None:
            continue
        total = sum(f.value for f in parts.values())
        slack = 0.5 * 10**-city.decimals + sum(0.5 * 10**-f.decimals for f in parts.values())
        if abs(total - city.value) <= slack + 1e-9:
            continue
        listed = "、".join(
            f"{name} {show(f.value, ind)}（第 {f.row} 行）" for name, f in parts.items()
        )
        yield make(
            RULE,
            "district-sum",
            at=at(city),
            name=ind.name,
            shown=show(city.value, ind),
            listed=listed,
            total=show(round(total, 6), ind),
            **where(city, expected=round(total, 6)),
        )
