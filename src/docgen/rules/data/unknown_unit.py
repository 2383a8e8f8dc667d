"""data.unknown-unit: a 责任单位 of the problem list that is not on the member-unit
list (matching: load/members.py). No member-unit list: nothing to compare with."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ...load.members import comparable
from ..base import rule
from .problem_list import at, where

RULE = "data.unknown-unit"


@rule(RULE)
def unknown_unit(ctx: AuditInput) -> Iterator[Finding]:
    known = ctx.members
    if not known.names:
        return
    source = ctx.units.path
    for p in ctx.problem_list:
        for raw, full in p.units:
            if full is not None:
                continue
            hints = known.suggest(raw)
            yield make(
                RULE,
                "suggest" if hints else "",
                at=at(p),
                source=source,
                hints="或".join(f"“{h}”" for h in hints),
                value=raw,
                expected="或".join(hints) or None,
                **where(ctx, p, "责任单位", comparable(raw)),
            )
