"""completeness.missing — a requirement of the filing guide not met in a period that
has ended; completeness.open-period — not (yet) met in the period the day of the audit
falls in (or a later one)."""

from __future__ import annotations

from collections.abc import Iterator

from ..catalogue import CATALOGUE, make
from ..completeness import Completeness, measure
from ..context import AuditInput
from ..findings import Finding
from .base import rule


@rule("completeness.missing")
def missing(ctx: AuditInput) -> Iterator[Finding]:
    return _unmet(ctx, "completeness.missing", ended=True)


@rule("completeness.open-period")
def open_period(ctx: AuditInput) -> Iterator[Finding]:
    return _unmet(ctx, "completeness.open-period", ended=False)


def _unmet(ctx: AuditInput, rule_id: str, ended: bool) -> Iterator[Finding]:
    """The unmet cells of periods that have ended (`ended`) or have not."""
    words = CATALOGUE[rule_id].message
    for c in _measured(ctx).cells:
        if c.met or (c.end < ctx.today) != ended:
            continue
        per = "once" if c.period is None else c.req.per
        when = words(f"when-{per}", first=ctx.years[0], last=ctx.years[-1], period=c.period)
        yield make(
            rule_id,
            name=c.item.name,
            when=when,
            guide=ctx.guide.id,
            carry=words("carry") if c.req.carry_forward else "",
            item=c.item.code,
            kind=c.req.kind,
            year=c.year,
            period=c.period,
            value=c.count,
            expected=c.req.min,
        )


def _measured(ctx: AuditInput) -> Completeness:
    """The measurement the check stage made (audit.judge); measured here only when the
    rule is called on its own."""
    return ctx.completeness if ctx.completeness is not None else measure(ctx)
