"""data.unknown-unit: a 责任单位 of the problem list that is not on the member-unit
list (matching: problem_list.py). No member-unit list: nothing to compare with."""

from __future__ import annotations

from collections.abc import Iterator

from ...catalogue import make
from ...context import AuditInput
from ...findings import Finding
from ..base import rule
from .problem_list import at, members, problem_rows, squeeze, unit_parts, where

RULE = "data.unknown-unit"


@rule(RULE)
def unknown_unit(ctx: AuditInput) -> Iterator[Finding]:
    known = members(ctx)
    if known is None:
        return
    source = ctx.units.path
    for sheet, r in problem_rows(ctx):
        for raw, full in unit_parts(r.text("责任单位"), known):
            if full is not None:
                continue
            hints = known.suggest(raw)
            yield make(
                RULE,
                "suggest" if hints else "",
                at=at(r),
                source=source,
                hints="或".join(f"“{h}”" for h in hints),
                value=raw,
                expected="或".join(hints) or None,
                **where(sheet, r, "责任单位", squeeze(raw)),
            )
