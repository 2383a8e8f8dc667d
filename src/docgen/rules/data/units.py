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
from .common import sheet_figures, show

RULE = "data.unit"


@rule(RULE)
def unit_mismatch(ctx: AuditInput) -> Iterator[Finding]:
    figures = sheet_figures(ctx)
    if figures is None:
        return
    cat = ctx.catalogue
    for c in figures.converted:
        fig, ind = c.figure, cat.get(c.figure.indicator)
        place = f"{fig.file} 工作表“{fig.sheet}”第 {fig.row} 行"
        msg = (
            f"{place}：“{ind.name}”的单位写作“{c.raw_unit}”，与指标目录的单位“{ind.unit}”不同，"
            f"已将 {fmt(c.raw_value)} {c.raw_unit} 换算为 {show(fig.value, ind)} 参与检查。"
            f"建议统一按“{ind.unit}”填写，以免与文件中的数字对不上。"
        )
        yield make(
            RULE,
            msg,
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
        place = f"{figures.path} 工作表“{s.row.sheet}”第 {s.row.row} 行"
        msg = (
            f"{place}：“{ind.name}”的单位“{s.text}”与指标目录的单位“{ind.unit}”不符，无法换算，"
            f"本行未参与任何检查。请把单位改为“{ind.unit}”（数值相应换算）后重新审核。"
        )
        yield make(
            RULE,
            msg,
            sheet=s.row.sheet,
            row=s.row.row,
            column="单位",
            file=figures.path,
            indicator=s.indicator,
            year=s.year,
            value=s.text,
            expected=ind.unit,
        )
