"""completeness.missing — a requirement of the filing guide not met in a period."""

from __future__ import annotations

from ..catalogue import CATALOGUE, make
from ..completeness import Completeness, measure
from ..context import AuditInput
from .base import rule


@rule("completeness.missing")
def missing(ctx: AuditInput):
    words = CATALOGUE["completeness.missing"].message
    for c in _measured(ctx).cells:
        if c.met:
            continue
        per = "once" if c.period is None else c.req.per
        when = words(f"when-{per}", first=ctx.years[0], last=ctx.years[-1], period=c.period)
        yield make(
            "completeness.missing",
            name=c.item.name,
            when=when,
            open=words("open") if c.end >= ctx.today else "",
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
