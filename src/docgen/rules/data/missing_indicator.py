"""data.missing-indicator: an indicator the project's standard sets a target for has
no usable value for a year of the audit window.

Only indicators with a checkable threshold for the project's standard version and
level are expected (a 符合区域卫生规划 target is not checkable; an indicator with no
target is optional). One finding per indicator and year, with `year` set. For a
“不高于近N年平均水平” target, a window year whose N earlier years hold fewer than two
figures is reported too: the comparison needs them.

The same rule (as a warning) reports data-sheet rows that gave no figure, because
the indicator then lacks that value: a name or code not in the catalogue (with the
closest catalogue names, by difflib), an empty name, a 年度 that is no year, a 数值
that is no number. Neither data.unit nor data.out-of-range fits those rows, and the
clerk's fix is the same as for a missing value: make the row say which indicator,
which year, what number. A row with a bad 数值 stands for its indicator-year: that
year is then not reported a second time.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...indicators.catalogue import Indicator, Target
from ...indicators.figures import SheetFigures, Skipped
from ..base import rule
from .common import applicable, phrase, version

RULE = "data.missing-indicator"
ROW_KINDS = ("no-name", "unknown-indicator", "bad-year", "bad-value")


@rule(RULE)
def missing_indicator(ctx: AuditInput) -> Iterator[Finding]:
    figures = ctx.figures
    if figures is None:
        return
    yield from _unusable_rows(ctx, figures)
    bad_values = {(s.indicator, s.year) for s in figures.skipped if s.kind == "bad-value"}
    v = version(ctx)
    for ind, target in applicable(ctx):
        series = figures.series(ind.code)
        sheet = _sheet_for(figures, ind.code)
        for year in ctx.years:
            if year not in series and (ind.code, year) not in bad_values:
                yield _missing_year(figures.path, sheet, ind, target, year, v)
        yield from _short_history(figures.path, ind, target, series, ctx.years)


def _sheet_for(figures: SheetFigures, code: str) -> str | None:
    for f in figures.figures:
        if f.indicator == code:
            return f.sheet
    names = figures.sheet_names()
    return names[0] if names else None


def _missing_year(
    path: str, sheet: str | None, ind: Indicator, t: Target, year: int, v: str
) -> Finding:
    return make(
        RULE,
        "" if sheet else "no-sheet",
        name=ind.name,
        version=v,
        what="数值（A级、B级、C级或D级）" if ind.kind == "grade" else "数值",
        measure=ind.unit,
        sheet=sheet,
        file=path,
        column="指标名称",
        indicator=ind.code,
        year=year,
        expected=t.describe(ind.unit),
    )


def _recent_mean(t: Target) -> int | None:
    if t.recent_mean:
        return t.recent_mean
    return next((b.recent_mean for b in t.any_of if b.recent_mean), None)


def _short_history(
    path: str, ind: Indicator, t: Target, series: dict, years: list[int]
) -> Iterator[Finding]:
    n = _recent_mean(t)
    if not n:
        return
    for year in years:
        if year not in series:
            continue
        earlier = [y for y in range(year - n, year) if y in series]
        if len(earlier) >= 2:
            continue
        fig = series[year]
        yield make(
            RULE,
            "short-history",
            name=ind.name,
            n=n,
            first=year - n,
            last=year - 1,
            count=len(earlier),
            sheet=fig.sheet,
            row=fig.row,
            column="年度",
            file=path,
            indicator=ind.code,
            year=year,
            value=fig.value,
            expected=f"{year - n}–{year - 1} 年中至少 2 年的数据",
        )


def _unusable_rows(ctx: AuditInput, figures: SheetFigures) -> Iterator[Finding]:
    for s in figures.skipped:
        if s.kind in ROW_KINDS:
            yield _row_finding(ctx, figures.path, s)


def _row_finding(ctx: AuditInput, path: str, s: Skipped) -> Finding:
    ind = ctx.catalogue.get(s.indicator) if s.indicator else None
    close = phrase(RULE, "close", names="、".join(s.suggestions)) if s.suggestions else ""
    return make(
        RULE,
        s.kind,
        reason=phrase(RULE, f"why-{s.reason.why}", said=s.reason.said, extra=s.reason.extra),
        close=close,
        name=ind.name if ind is not None else "",
        sheet=s.row.sheet,
        row=s.row.row,
        column=s.column,
        file=path,
        indicator=s.indicator,
        year=s.year,
        value=s.text,
        expected=s.suggestions[0] if s.suggestions else None,
    )
