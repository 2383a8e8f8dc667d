"""The verdicts of an audit that documents show besides its findings (docgen.verdicts),
decided once in the check stage and carried on the AuditResult (and its memo): each
indicator's figures of the audit window against its target, the 必备条件 table, and
the problems past their 整改时限 on the day of the check (ctx.today: a document's
`today` is the day its input was loaded for). Views and the dossier read them; they
judge nothing themselves.
"""

from __future__ import annotations

from typing import Any

from ...context import AuditInput
from ...errors import InputError
from ...indicators.catalogue import Indicator, Target
from ...model import Figure
from ...verdicts import IndicatorVerdict, Overdue, Verdicts, YearVerdict
from .common import applicable, show
from .prerequisites import prerequisites
from .targets import judge


def decide(ctx: AuditInput) -> Verdicts:
    """Every verdict of `ctx` (with its statements when the 必备条件 need evidence)."""
    try:
        rows: list[dict[str, Any]] | str = prerequisites(ctx)
    except InputError as exc:
        rows = exc.message
    return Verdicts(
        indicators=tuple(indicator_verdicts(ctx)), prerequisites=rows, overdue=overdue(ctx)
    )


def overdue(ctx: AuditInput) -> tuple[Overdue, ...]:
    """The open problems past their 整改时限 on ctx.today, with the days past it."""
    out = []
    for p in ctx.problem_list:
        days = p.days_overdue(ctx.today)
        if days > 0:
            out.append(Overdue(p.row.sheet, p.row.row, days))
    return tuple(out)


def indicator_verdicts(ctx: AuditInput) -> list[IndicatorVerdict]:
    """Each catalogued indicator with figures in the window, in catalogue order, with
    its target for the project's standard version and level, judged year by year."""
    if ctx.catalogue is None or ctx.figures is None:
        return []
    targets = {ind.code: t for ind, t in applicable(ctx)}
    out = []
    for ind in ctx.catalogue.indicators:
        series = ctx.figures.series(ind.code)
        window = [y for y in ctx.years if y in series]
        if window:
            out.append(_indicator(ind, targets.get(ind.code), series, window))
    return out


def _indicator(
    ind: Indicator, target: Target | None, series: dict[int, Figure], window: list[int]
) -> IndicatorVerdict:
    years = []
    for y in window:
        met = judge(target, ind, series, y, window).ok if target is not None else None
        value = series[y].value
        years.append(YearVerdict(y, value, show(value, ind), met))
    return IndicatorVerdict(
        code=ind.code,
        name=ind.name,
        unit=ind.unit,
        target=target.describe(ind.unit) if target is not None else None,
        verified=bool(target and target.verified),
        years=tuple(years),
    )
