"""data.unit: the 单位 cell of a data-sheet row differs from the catalogue's unit.

- a different unit of the same kind (万元 for 元, 平方千米 for 平方米, ‰ for %): the
  figure is converted and checked; the warning says what it was converted to;
- a unit that cannot be converted (公斤 for %): the row is left out of every check;
  the warning says so and names the unit to write.

An empty 单位 cell is taken to be the catalogue's unit and is not reported.
"""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...indicators.catalogue import fmt
from ..base import rule
from .common import show

RULE = "data.unit"


@rule(RULE)
def unit_mismatch(ctx: AuditInput) -> Iterator[Finding]:
    figures = ctx.figures
    if figures is None:
        return
    cat = ctx.catalogue
    for c in figures.converted:
        fig, ind = c.figure, cat.get(c.figure.indicator)
        yield make(
            RULE,
            "converted",
            name=ind.name,
            raw_value=fmt(c.raw_value),
            shown=show(fig.value, ind),
            sheet=fig.sheet,
            row=fig.row,
            column="单位",
            file=fig.file,
            indicator=fig.indicator,
            year=fig.year,
            value=c.raw_unit,
            expected=ind.unit,
        )
    for s in figures.skipped:
        if s.kind != "bad-unit":
            continue
        ind = cat.get(s.indicator)
        yield make(
            RULE,
            "bad-unit",
            name=ind.name,
            sheet=s.row.sheet,
            row=s.row.row,
            column="单位",
            file=figures.path,
            indicator=s.indicator,
            year=s.year,
            value=s.text,
            expected=ind.unit,
        )
