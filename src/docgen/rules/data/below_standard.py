"""data.below-standard: an indicator misses its target (targets.judge) for the project's
standard version and level, in a year of the audit window. An unverified threshold (a
2014 stand-in, a disputed value, a county default) gives a warning that names the
version.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...indicators.catalogue import Indicator, Target
from ...model import Figure
from ..base import rule
from .common import applicable, as_warning, at, show, version, where
from .targets import Verdict, basis, judge

RULE = "data.below-standard"


@rule(RULE)
def below_standard(ctx: AuditInput) -> Iterator[Finding]:
    figures = ctx.figures
    if figures is None:
        return
    v = version(ctx)
    for ind, target in applicable(ctx):
        series = figures.series(ind.code)
        window = [y for y in ctx.years if y in series]
        for year in window:
            verdict = judge(target, ind, series, year, window)
            if verdict.ok is False:
                yield _finding(ind, target, series[year], verdict, v)


def _finding(ind: Indicator, t: Target, fig: Figure, verdict: Verdict, v: str) -> Finding:
    target = t.describe(ind.unit)
    shown = {"value": show(fig.value, ind)} if ind.kind == "grade" else {}
    finding = make(
        RULE,
        "" if t.verified else "unverified",
        at=at(fig),
        name=ind.name,
        shown=show(fig.value, ind),
        why=verdict.why,
        basis=basis(t, v, ind),
        **where(fig, expected=target, **shown),
    )
    return finding if t.verified else as_warning(finding)
