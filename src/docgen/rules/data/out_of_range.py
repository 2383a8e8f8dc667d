"""data.out-of-range: a figure outside its indicator's valid range (a rate above 100,
a negative count, more good-air days than the year has). Checks every row of the
data sheet (district rows included, every year, not only the window) and every
figure read from a filed document."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...indicators.catalogue import Indicator, fmt, unit_suffix
from ...model import Figure
from ..base import rule
from .common import at, phrase, show, where

RULE = "data.out-of-range"


@rule(RULE)
def out_of_range(ctx: AuditInput) -> Iterator[Finding]:
    if ctx.catalogue is None:
        return
    figures = ctx.figures
    found: list[Figure] = []
    if figures is not None:
        found += figures.figures + [d.figure for d in figures.districts]
    found += list(ctx.statements or [])
    for fig in found:
        ind = ctx.catalogue.find(fig.indicator)
        if ind is not None and ind.kind == "number" and not inside(fig.value, ind):
            yield _finding(fig, ind)


def inside(value: float, ind: Indicator) -> bool:
    lo, hi = ind.range
    return (lo is None or value >= lo - 1e-9) and (hi is None or value <= hi + 1e-9)


def describe_range(ind: Indicator) -> str:
    lo, hi = ind.range
    u = unit_suffix(ind.unit)
    if lo is not None and hi is not None:
        return f"{fmt(lo)}–{fmt(hi)}{u}"
    if lo is not None:
        return f"不小于 {fmt(lo)}{u}"
    return f"不大于 {fmt(hi)}{u}"


def _hint(value: float, ind: Indicator) -> str:
    lo, hi = ind.range
    if lo is not None and value < lo:
        return phrase(RULE, "hint-negative") if lo == 0 else phrase(RULE, "hint-below", low=fmt(lo))
    if ind.unit == "%" and hi == 100:
        return phrase(RULE, "hint-percent")
    return phrase(RULE, "hint-above", high=f"{fmt(hi)}{unit_suffix(ind.unit)}")


def _finding(fig: Figure, ind: Indicator) -> Finding:
    stated = fig.source != "data" and fig.text
    return make(
        RULE,
        "stated" if stated else "",
        at=at(fig),
        text=fig.text,
        name=ind.name,
        shown=show(fig.value, ind),
        hint=_hint(fig.value, ind),
        **where(fig, expected=describe_range(ind)),
    )
